"""/agenda WORDS and /next WORDS name a meeting by time: a date without a year is its next
occurrence, a weekday the next such day with a meeting, a month its meeting, "previous" the
latest held. End to end, as in the demo: the real Rutland pack, the clock on Tuesday 3 October
2023 at 2pm; the board met on 27 June and meets on 10 October and 16 January 2024."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from language.intents import Intent
from packs import read_file
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON
from tests.auxil.questions import MatcherSpy
from tests.auxil.world import World

SAMPLE = Path(__file__).parents[1] / "fixtures" / "seeds" / "rutland-hwb-2023-10-10.txt"
RUTLAND = "Rutland Health and Wellbeing Board"
DEMO_NOW = datetime(2023, 10, 3, 14, 0, tzinfo=LONDON)  # a Tuesday, as in the demo
DIANE = FakeUser(id=7202, first_name="Diane", last_name="Ellison")
# The world's Testshire clerk (tests/auxil/world.py) and a group linked to Testshire.
CAROL = FakeUser(id=104, first_name="Carol", last_name="Clerk")
GROUP = FakeChat.group(-100717, "Testshire HWB members")

OCTOBER = "Tuesday 10 October 2023, 2:00pm"
JANUARY = "Tuesday 16 January 2024, 2:00pm"
JUNE = "Tuesday 27 June 2023"
JUNE_MEETING = f"the meeting of {RUTLAND} on {JUNE}"


@pytest.fixture
async def rutland(database: Database, clock: FixedClock) -> str:
    clock.set(DEMO_NOW)
    summary = await import_pack(
        database,
        pack=read_file(SAMPLE),
        board_name=None,
        timezone="Europe/London",
        now=datetime(2023, 10, 1, tzinfo=UTC),
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
    )
    return summary.board_name


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def _group_say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(GROUP.id))
    await fake.user_sends(user, text, chat=GROUP)
    await fake.wait_for_messages(GROUP.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(GROUP.id)[before]


def _agenda_of(message: SentMessage) -> str:
    """The date line of an agenda: "Tuesday 16 January 2024, 2:00pm"."""
    lines = message.plain_text.splitlines()
    assert lines[0] == f"Agenda: {RUTLAND}", message.plain_text
    return lines[1].split(" · ")[0]


def _card_of(message: SentMessage) -> str:
    """The date line of a meeting card, without how far away it is."""
    lines = message.plain_text.splitlines()
    assert lines[0] == RUTLAND, message.plain_text
    return lines[1].removeprefix("🗓 ").rsplit(" (", 1)[0]


async def test_agenda_16_january_is_the_meeting_of_16_january_2024(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    answer = await _say(fake_api, DIANE, "/agenda 16 January")
    assert _agenda_of(answer) == JANUARY
    assert "2023" not in answer.plain_text.splitlines()[1]


async def test_agenda_tuesday_sent_on_a_tuesday_is_the_meeting_on_the_10th(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    answer = await _say(fake_api, DIANE, "/agenda Tuesday")
    assert _agenda_of(answer) == OCTOBER
    assert "1. WELCOME AND APOLOGIES RECEIVED" in answer.plain_text


@pytest.mark.parametrize(
    ("command", "when"),
    [
        ("/agenda January", JANUARY),
        ("/agenda jan 2024", JANUARY),
        ("/agenda 2024-01", JANUARY),
        ("/agenda previous", JUNE),
        ("/agenda last meeting", JUNE),
        ("/agenda 2023-06", JUNE),  # a past-tense question: the matcher writes the year
        ("/agenda 10/10", OCTOBER),
        ("/agenda tue", OCTOBER),
        ("/agenda next tuesday", OCTOBER),
        ("/agenda the one after next", JANUARY),
        ("/agenda rutland", OCTOBER),
        ("/agenda Rutland January", JANUARY),
        ("/agenda 16/1 rutland hwb", JANUARY),
        ("/agenda", OCTOBER),
    ],
)
async def test_agenda_names_its_meeting_by_month_date_weekday_order_or_board(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, command: str, when: str
) -> None:
    assert _agenda_of(await _say(fake_api, DIANE, command)) == when


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("/agenda june", "I couldn't find a meeting in June 2024 on your boards. Try /meetings."),
        (
            "/agenda 17 January",
            "I couldn't find a meeting on Wednesday 17 January 2024 on your boards. Try /meetings.",
        ),
        (
            "/agenda Monday",
            "I couldn't find a meeting on a Monday in the next year on your boards. Try /meetings.",
        ),
        (
            "/next rutland june",
            "I couldn't find a meeting in June 2024 for “rutland” on your boards. Try /meetings.",
        ),
        (
            "/agenda Oakland",
            "I couldn't find a meeting for “Oakland” on your boards. Try /meetings.",
        ),
    ],
)
async def test_a_time_without_a_meeting_is_named_in_the_answer(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, command: str, said: str
) -> None:
    assert (await _say(fake_api, DIANE, command)).plain_text == said


async def test_no_earlier_meeting_and_none_after_next_are_said_plainly(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, clock: FixedClock
) -> None:
    clock.set(datetime(2023, 5, 1, tzinfo=UTC))  # before any meeting on record
    answer = await _say(fake_api, DIANE, "/agenda previous")
    assert answer.plain_text == "There is no earlier meeting on your boards yet."
    clock.set(datetime(2023, 11, 1, tzinfo=UTC))  # only January is left
    answer = await _say(fake_api, DIANE, "/next after next")
    assert answer.plain_text == "There is no meeting after the next one on your boards yet."


async def test_next_with_words_shows_the_card_of_the_meeting_they_name(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    card = await _say(fake_api, DIANE, "/next after next")
    assert _card_of(card) == JANUARY
    assert "in 105 days" in card.plain_text
    assert [label for row in card.buttons for label, _ in row][:4] == [
        "Agenda",
        "Add to calendar",
        "Attending",
        "Send apologies",
    ]
    assert _card_of(await _say(fake_api, DIANE, "/next tuesday")) == OCTOBER
    assert _card_of(await _say(fake_api, DIANE, "/next")) == OCTOBER


async def test_the_card_of_a_meeting_held_says_no_agenda_is_on_record_and_offers_its_decisions(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    card = await _say(fake_api, DIANE, "/next previous")
    lines = card.plain_text.splitlines()
    assert lines[1] == f"🗓 {JUNE} (98 days ago)"
    # Known from the October pack's minutes only: no agenda will come now.
    assert lines[-1] == "📋 No agenda is on record for this meeting."
    assert "not been published" not in card.plain_text
    assert [label for row in card.buttons for label, _ in row] == ["Agenda", "Decisions (9)"]
    before = len(fake_api.messages_to(DIANE.id))
    await fake_api.user_presses(DIANE, card, card.button_data("Agenda"))
    [agenda] = (await fake_api.wait_for_messages(DIANE.id, before + 1))[before:]
    assert _agenda_of(agenda) == JUNE
    assert "No agenda is on record for this meeting." in agenda.plain_text
    await fake_api.user_presses(DIANE, card, card.button_data("Decisions (9)"))
    [decided] = (await fake_api.wait_for_messages(DIANE.id, before + 2))[before + 1 :]
    assert decided.plain_text.splitlines()[0] == f"Decisions of {JUNE_MEETING}"
    assert decided.plain_text.count("of the meeting on Tuesday 27 June 2023") == 8  # a page


async def test_the_card_of_a_meeting_to_come_without_items_is_still_to_be_published(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    card = await _say(fake_api, DIANE, "/next after next")
    assert card.plain_text.splitlines()[-1] == (
        "📋 The agenda for this meeting has not been published yet."
    )


# -- the decisions of a meeting named by time ------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "/decisions june",
        "/decisions June 2023",
        "/decisions 27 June",
        "/decisions 27/6",
        "/decisions previous",
        "/decisions last meeting",
        "/decisions 2023-06",  # as the matcher writes a month in the past tense
        "/decisions rutland june",
    ],
)
async def test_decisions_of_a_meeting_named_by_time_are_that_meetings(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, command: str
) -> None:
    answer = await _say(fake_api, DIANE, command)
    lines = answer.plain_text.splitlines()
    assert lines[0] == f"Decisions of {JUNE_MEETING}", command
    assert "2023-06" not in answer.plain_text and "No decisions found" not in answer.plain_text


async def test_decisions_of_words_that_are_no_time_are_searched_as_before(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    answer = await _say(fake_api, DIANE, "/decisions better care fund")
    assert answer.plain_text.splitlines()[0] == "Decisions about “better care fund”"
    latest = await _say(fake_api, DIANE, "/decisions")
    assert latest.plain_text.splitlines()[0] == "Recent decisions"


async def test_decisions_of_a_meeting_not_held_or_not_on_record_are_said_plainly(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    upcoming = await _say(fake_api, DIANE, "/decisions next")
    assert upcoming.plain_text.splitlines()[-1] == (
        f"No decisions yet: the meeting of {RUTLAND} on Tuesday 10 October 2023 has not been held."
    )
    # In the past tense "16 January" is 16 January 2023: no meeting then.
    missing = await _say(fake_api, DIANE, "/decisions 16 January")
    assert missing.plain_text == (
        "I couldn't find a meeting on Monday 16 January 2023 on your boards. Try /meetings."
    )


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("what did we decide in june", Intent("decisions", "", when="2023-06")),
        ("what was decided on 27 june", Intent("decisions", "", when="2023-06-27")),
        ("decisions last time", Intent("decisions", "", when="previous")),
    ],
)
async def test_what_did_we_decide_in_june_lists_junes_decisions(
    running_bot: Any,
    fake_api: FakeBotApi,
    rutland: str,
    monkeypatch: pytest.MonkeyPatch,
    question: str,
    intent: Intent,
) -> None:
    spy = MatcherSpy(monkeypatch)
    answer = await _say(fake_api, DIANE, question)
    assert spy.read[question] == intent
    assert answer.plain_text.splitlines()[0] == f"Decisions of {JUNE_MEETING}"
    assert "No decisions found" not in answer.plain_text


async def test_what_did_we_decide_about_a_topic_in_june_keeps_only_those(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = await _say(fake_api, DIANE, "/decisions june")
    question = "what did we decide about the better care fund in june"
    spy = MatcherSpy(monkeypatch)
    answer = await _say(fake_api, DIANE, question)
    assert spy.read[question] == Intent("decisions", "better care fund", when="2023-06")
    lines = answer.plain_text.splitlines()
    assert lines[0] == f"Decisions about “better care fund” of {JUNE_MEETING}"
    assert lines[2].startswith("NOTED: That the Board: a) NOTED the Rutland 2022-23 Better Care")
    assert lines[3].strip() == f"{RUTLAND}, item 12 of the meeting on {JUNE}"
    assert len(lines) == 4 and len(every.plain_text.splitlines()) > 4
    nothing = "what did we decide about the swimming pool in june"
    none = await _say(fake_api, DIANE, nothing)
    assert spy.read[nothing] == Intent("decisions", "swimming pool", when="2023-06")
    assert none.plain_text.splitlines()[-1] == (
        f"No decisions are recorded for {JUNE_MEETING} about “swimming pool”."
    )


# -- a board's group: the same words, public items only -------------------------------------------


async def test_a_group_names_its_meetings_by_time_and_never_sees_an_exempt_item(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    await _group_say(fake_api, CAROL, "/link")
    june = await _group_say(fake_api, CAROL, "/agenda previous")
    assert "Tuesday 27 June 2023" in june.plain_text
    assert "Better Care Fund quarterly return" in june.plain_text
    assert "Oakham depot" not in june.plain_text and "9." not in june.plain_text
    october = await _group_say(fake_api, CAROL, "/agenda 10/10")
    assert "Tuesday 10 October 2023" in october.plain_text
    assert "Contract award" not in october.plain_text
    tuesday = await _group_say(fake_api, CAROL, "/agenda tuesday")
    assert "Tuesday 10 October 2023" in tuesday.plain_text
    card = await _group_say(fake_api, CAROL, "/next after next")
    assert "Tuesday 16 January 2024" in card.plain_text
    labels = [label for row in card.buttons for label, _ in row]
    assert "Send apologies" not in labels and "Agenda" in labels
    missing = await _group_say(fake_api, CAROL, "/agenda june")
    assert missing.plain_text == "I couldn't find a meeting in June 2024 of this board."
    # Another board's name is not answered from this group.
    other = await _group_say(fake_api, CAROL, "/agenda northshire")
    assert other.plain_text == "I couldn't find a meeting for “northshire” of this board."


async def test_a_groups_card_of_another_meeting_than_the_next_never_opens_the_next_one(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    await _group_say(fake_api, CAROL, "/link")
    upcoming = await _group_say(fake_api, CAROL, "/next")
    assert [label for row in upcoming.buttons for label, _ in row][:2] == [
        "Agenda",
        "Open in private chat",
    ]
    held = await _group_say(fake_api, CAROL, "/next previous")
    assert "Tuesday 27 June 2023" in held.plain_text
    assert [label for row in held.buttons for label, _ in row] == ["Agenda"]
    later = await _group_say(fake_api, CAROL, "/next after next")
    assert "Tuesday 16 January 2024" in later.plain_text
    labels = [label for row in later.buttons for label, _ in row]
    assert "Agenda" in labels and "Open in private chat" not in labels
