"""People asked about by name or by role, end to end: /who and plain questions, the real PTB
Application long-polling the HTTP Bot API fake, a real SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import texts
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from language.intents import Intent
from packs import read_file
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.buttons import forge, press
from tests.auxil.questions import MatcherSpy
from tests.auxil.world import NOW, World

SAMPLE = Path(__file__).parents[1] / "fixtures" / "seeds" / "rutland-hwb-2023-10-10.txt"
RUTLAND = "Rutland Health and Wellbeing Board"
TESTSHIRE = "Testshire Health and Wellbeing Board"
NORTHSHIRE = "Northshire Health and Wellbeing Board"
# The world's linked accounts (tests/auxil/world.py).
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")  # chair of Testshire
MIKE = FakeUser(id=102, first_name="Mike", last_name="Sandys")  # on both boards
NORA = FakeUser(id=103, first_name="Nora", last_name="Batty")  # Northshire only
CLERK = FakeUser(id=104, first_name="Carol", last_name="Clerk")  # Testshire's clerk
STRANGER = FakeUser(id=999, first_name="Sam", last_name="Stranger")
GROUP = FakeChat.group(-100777, "Testshire members")


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


def _labels(message: SentMessage) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def test_who_chair_is_the_chair_of_the_members_board_with_her_own_actions(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    answer = await _say(fake_api, DIANE, "/who chair")
    assert answer.plain_text.splitlines() == [
        "Diane Ellison",
        f"Chair of {TESTSHIRE} — Portfolio Holder",
        "Open actions:",
        "• #1 [1] Circulate the falls data, due Saturday 30 September 2023, ⚠️ overdue",
        "• #5 [5] Book the community hall, due Friday 20 October 2023",
        "• #2 [2] Write to the ICB about dentistry",
    ]


async def test_who_chair_for_a_member_of_two_boards_lists_both_chairs(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    answer = await _say(fake_api, MIKE, "/who chair")
    assert answer.plain_text.splitlines() == [
        "The chairs of your boards",
        f"• Nora Batty: Chair of {NORTHSHIRE}",
        f"• Diane Ellison: Chair of {TESTSHIRE} — Portfolio Holder",
    ]


async def test_another_members_actions_are_not_shown_but_the_clerk_sees_them(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    to_mike = await _say(fake_api, MIKE, "/who diane ellison")
    assert "Open actions" not in to_mike.plain_text
    assert "falls data" not in to_mike.plain_text
    to_clerk = await _say(fake_api, CLERK, "/who diane ellison")
    assert "• #1 [1] Circulate the falls data" in to_clerk.plain_text


async def test_who_names_a_presenter_who_is_not_a_member(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    answer = await _say(fake_api, DIANE, "/who dawn godfrey")
    assert answer.plain_text.splitlines() == [
        "Dawn Godfrey",
        "Presenting to your board (not a member)",
        "Presents at Tuesday 10 October 2023: 4. Joint Strategic Needs Assessment",
    ]
    # Nora is not on Testshire: its presenter is nobody she can ask about.
    hidden = await _say(fake_api, NORA, "/who dawn godfrey")
    assert hidden.plain_text == texts.PERSON_NOT_FOUND.format(name="dawn godfrey")
    assert hidden.buttons == []


async def test_a_typo_in_a_name_still_finds_the_person(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    answer = await _say(fake_api, DIANE, "/who katherine wilison")
    assert answer.plain_text.splitlines() == [
        "Katherine Willison",
        f"Officer of {TESTSHIRE} — Health and Integration Lead",
        "Presents at Tuesday 10 October 2023: 2. Better Care Fund",
    ]


async def test_nobody_found_offers_the_close_names_and_a_press_shows_one(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    nobody = await _say(fake_api, DIANE, "/who Bartholomew Quince")
    assert nobody.plain_text == (
        "I couldn't find anyone called “Bartholomew Quince” on your boards. Try /members."
    )
    assert nobody.buttons == []
    close = await _say(fake_api, DIANE, "/who Diana Elliot")
    assert close.plain_text.startswith("I couldn't find anyone called “Diana Elliot”")
    assert _labels(close) == ["Diane Ellison"]
    before = len(fake_api.messages_to(DIANE.id))
    await press(fake_api, DIANE, close, "Diane Ellison")
    [profile] = (await fake_api.wait_for_messages(DIANE.id, before + 1))[before:]
    assert profile.plain_text.startswith(f"Diane Ellison\nChair of {TESTSHIRE}")


async def test_several_close_names_are_asked_about_and_a_press_answers_the_question(
    running_bot: Any, fake_api: FakeBotApi, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = MatcherSpy(monkeypatch)
    which = await _say(fake_api, DIANE, "what is willison or sandys presenting")
    assert spy.read["what is willison or sandys presenting"] == Intent(
        "person", args="", detail="items", choices=("Katherine Willison", "Mike Sandys")
    )
    assert which.plain_text == texts.PERSON_WHICH
    assert _labels(which) == ["Katherine Willison", "Mike Sandys"]
    assert all(len(data.encode()) <= 64 for data in which.callback_data)
    before = len(fake_api.messages_to(DIANE.id))
    await press(fake_api, DIANE, which, "Mike Sandys")
    [profile] = (await fake_api.wait_for_messages(DIANE.id, before + 1))[before:]
    # "What is ... presenting?": the items first, and none said plainly.
    assert profile.plain_text.splitlines()[:3] == [
        "Mike Sandys",
        "Mike Sandys presents no items at the coming meetings.",
        f"Vice-chair of {TESTSHIRE} — Director of Public Health",
    ]
    # Nora shares no board with Katherine: the same button, pressed by her, is refused.
    refused = await forge(fake_api, NORA, which, which.button_data("Katherine Willison"))
    assert refused.show_alert and refused.text == texts.PERSON_GONE


async def test_a_stranger_and_a_group_get_no_profile(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    stranger = await _say(fake_api, STRANGER, "/who chair")
    assert stranger.plain_text.startswith("Hello! I'm Quorum")
    assert "Diane" not in stranger.plain_text
    before = len(fake_api.messages_to(GROUP.id))
    await fake_api.user_sends(DIANE, "/who chair", chat=GROUP)
    [pointed] = (await fake_api.wait_for_messages(GROUP.id, before + 1))[before:]
    assert pointed.plain_text == texts.GROUP_PRIVATE_ONLY
    assert "Diane Ellison" not in pointed.plain_text


async def test_who_is_the_chair_in_plain_words(
    running_bot: Any, fake_api: FakeBotApi, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = MatcherSpy(monkeypatch)
    answer = await _say(fake_api, NORA, "who is the chair?")
    assert spy.read["who is the chair?"] == Intent("person", args="chair")
    assert answer.plain_text.splitlines()[:2] == ["Nora Batty", f"Chair of {NORTHSHIRE}"]


async def test_what_is_a_member_presenting_in_plain_words(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample pack: Dawn Godfrey sits on the board and presents the SEND report."""
    summary = await import_pack(
        database, pack=read_file(SAMPLE), board_name=None, timezone="Europe/London", now=NOW
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
    )
    spy = MatcherSpy(monkeypatch)
    answer = await _say(fake_api, DIANE, "what is Dawn Godfrey presenting?")
    assert spy.read["what is Dawn Godfrey presenting?"] == Intent(
        "person", args="Dawn Godfrey", detail="items"
    )
    assert answer.plain_text.splitlines() == [
        "Dawn Godfrey",
        "Presents at Tuesday 10 October 2023: 10B. AREA SEND INSPECTION REPORT",
        f"Member of {RUTLAND} — Strategic Director of Children and Families (DCS), RCC",
    ]
    actions = await _say(fake_api, DIANE, "what are katherine willison's actions?")
    assert spy.read["what are katherine willison's actions?"] == Intent(
        "person", args="Katherine Willison", detail="actions"
    )
    assert actions.plain_text.splitlines()[:2] == [
        "Katherine Willison",
        "Katherine Willison's actions are shown only to them and to the board's clerk.",
    ]
