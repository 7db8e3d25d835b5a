"""Answers about one agenda item (who presents it, its pages, time, purpose, report, decisions;
which of several items) and about a whole agenda (its size, order, items by purpose, papers to
read), as a member sees them. The real PTB Application over the Bot API fake, a real SQLite
file, the Rutland pack of 10 October 2023 (plus one exempt item) and its June meeting.

The matcher (``language.intents``) is tested on its own phrasings: here each question is
understood as the intent under test (``bot.handlers.fallback.understand`` answers it), so
these tests check the answer a member sees for each intent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.handlers import fallback
from bot.handlers.item_answers import item_button, parse_item_button
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from language.intents import Intent
from packs.model import AgendaItem, Member
from packs.reader import read_file
from services.agenda_edit import drop_item
from services.agenda_views import purpose_matches, purpose_named
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.people import MEMBER, STRANGER

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
NOW = datetime(2023, 10, 1, 9, 0, tzinfo=LONDON)
JUNE = datetime(2023, 6, 27, 14, 0, tzinfo=LONDON)
# Confidential: never named in a group or to anyone but the board's members.
SECRET = "BETTER CARE FUND: CONTRACT AWARD"
OUTSIDER = FakeUser(id=7301, first_name="Olive", last_name="Outsider")
GROUP = FakeChat.group(-100777, "Rutland HWB")


@dataclass(frozen=True, slots=True)
class Rutland:
    board: str
    october: int  # the meeting id of 10 October 2023
    june: int  # the meeting id of 27 June 2023


async def _rutland(database: Database, fake: FakeBotApi) -> Rutland:
    """The Rutland pack with an exempt item 16, after a June meeting whose item 11B the pack's
    minutes decided; Diane Ellison (the chair) is the member asking."""
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    assert pack.body is not None
    pack.agenda.append(
        AgendaItem(
            number="16",
            title=SECRET,
            pages=(181, 190),
            duration_minutes=15,
            purpose="decision",
            exempt=True,
        )
    )
    june_items = [
        AgendaItem(
            number="11B",
            title="COMMUNICATION AND ENGAGEMENT PLAN: FIRST DRAFT",
            presenter="Katherine Willison",
            presenter_role="Health and Integration Lead",
        ),
        # Numbered as October's item 11 is, and numbers a button cannot carry as typed.
        AgendaItem(
            number="11",
            title="BETTER CARE FUND: QUARTER 4 RETURN",
            presenter="Sandra Taylor",
            presenter_role="Finance Lead",
        ),
        AgendaItem(number="4 (a)", title="BETTER CARE FUND: PLAN SIGN-OFF"),
        AgendaItem(number="§ 5", title="BETTER CARE FUND: AUDIT", presenter="Ann Auditor"),
    ]
    june = await import_pack(
        database,
        pack=make_pack(body=pack.body, start=JUNE, items=june_items),
        board_name=None,
        timezone="Europe/London",
        now=datetime(2023, 6, 1, 9, tzinfo=LONDON),
    )
    october = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    await link_telegram(
        database,
        board_name=october.board_name,
        person_name="Diane Ellison",
        telegram_user_id=MEMBER.id,
        role=None,
    )
    fake.add_chat(FakeChat.private(MEMBER))
    return Rutland(board=october.board_name, october=october.meeting_id, june=june.meeting_id)


async def _outsider(database: Database, fake: FakeBotApi) -> None:
    """A member of another board only (Testshire, items 1-3, its item 3 exempt)."""
    summary = await import_pack(
        database,
        pack=make_pack(members=[Member(name="Olive Outsider")]),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Olive Outsider",
        telegram_user_id=OUTSIDER.id,
        role=None,
    )
    fake.add_chat(FakeChat.private(OUTSIDER))


def _understood(monkeypatch: pytest.MonkeyPatch, text: str, intent: Intent) -> None:
    """``text`` is understood as ``intent``; anything else as the matcher reads it."""
    matcher = vars(fallback)["understand"]  # the matcher the bot uses, for other words

    def understand(words: str, **reading: Any) -> Intent | None:
        return intent if words == text else matcher(words, **reading)

    monkeypatch.setattr(fallback, "understand", understand)


async def _ask(
    fake: FakeBotApi,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    intent: Intent,
    user: FakeUser = MEMBER,
) -> SentMessage:
    _understood(monkeypatch, text, intent)
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    return (await fake.wait_for_messages(user.id, before + 1))[before]


async def _press(fake: FakeBotApi, user: FakeUser, message: SentMessage, data: str) -> None:
    await fake.user_presses(user, message, data)
    await fake.wait_until_quiet()


def _press_in(fake: FakeBotApi, user: FakeUser, chat: FakeChat, data: str) -> None:
    """A press on a message in ``chat`` (an old list forwarded, or forged data)."""
    fake.add_update(
        {
            "callback_query": {
                "id": f"press-{user.id}-{data}",
                "from": {"id": user.id, "is_bot": False, "first_name": user.first_name},
                "chat_instance": "1",
                "data": data,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": chat.to_api(),
                    "text": "Which item do you mean?",
                },
            }
        }
    )


def _lines(message: SentMessage) -> list[str]:
    return message.plain_text.splitlines()


# -- one item: the aspect asked, then the card -----------------------------------------------


async def test_who_is_presenting_the_better_care_fund_item_names_the_presenter_of_item_11(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        "who is presenting the better care fund item?",
        Intent("item", "11", "presenter"),
    )
    assert _lines(answer)[:4] == [
        "Katherine Willison (Health and Integration Lead, Rutland County Council) presents "
        "item 11.",
        "",
        "Item 11. BETTER CARE FUND: 2023-2025",
        "Rutland Health and Wellbeing Board, Tuesday 10 October 2023, 2:00pm",
    ]
    assert "<b>Katherine Willison</b>" in answer.text
    # The item, not the agenda.
    assert "BETTER CARE FUND: 2023-2025" in answer.plain_text
    assert "AREA SEND INSPECTION REPORT" not in answer.plain_text
    assert len(fake_api.messages_to(MEMBER.id)) == 1


@pytest.mark.parametrize(
    ("question", "intent", "first_line"),
    [
        (
            "what page is the better care fund report on?",
            Intent("item", "11", "pages"),
            "Item 11 (report 146/2023) is on pages 137–170 of the pack.",
        ),
        (
            "where are the papers for the terms of reference",
            Intent("item", "12", "papers"),
            "Item 12 is on pages 171–176 of the pack.",
        ),
        (
            "how long is the rutland health plan item",
            Intent("item", "8A", "duration"),
            "30 minutes are allowed for item 8A.",
        ),
        (
            "how much time for the jsna",
            Intent("item", "9", "duration"),
            "15 minutes are allowed for item 9.",
        ),
        (
            "is the mental health strategy for approval?",
            Intent("item", "10C", "purpose"),
            "Item 10C is for approval.",
        ),
        (
            "what is the send inspection for",
            Intent("item", "10B", "purpose"),
            "Item 10B is for information.",
        ),
        (
            "which report is the communication plan",
            Intent("item", "10A", "report"),
            "Item 10A is report 150/2023.",
        ),
        (
            "what did we decide on the better care fund",
            Intent("item", "11", "decisions"),
            "No decision is recorded on item 11 yet.",
        ),
    ],
)
async def test_each_aspect_of_an_item_is_answered_first_then_its_card(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    question: str,
    intent: Intent,
    first_line: str,
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(fake_api, monkeypatch, question, intent)
    lines = _lines(answer)
    assert lines[0] == first_line
    assert lines[1] == ""
    assert lines[2].startswith(f"Item {intent.args}. ")


@pytest.mark.parametrize(
    ("question", "intent", "first_line"),
    [
        (
            "who presents the terms of reference",
            Intent("item", "12", "presenter"),
            "The agenda does not name a presenter for item 12.",
        ),
        (
            "pages for actions arising",
            Intent("item", "3", "pages"),
            "The agenda gives no pages or report for item 3.",
        ),
        (
            "how long for the welcome",
            Intent("item", "1", "duration"),
            "The agenda does not give a time for item 1.",
        ),
        (
            "what is the forward plan for",
            Intent("item", "13", "purpose"),
            "The agenda does not say what item 13 is for.",
        ),
        (
            "report number of the record of meeting",
            Intent("item", "2", "report"),
            "The agenda gives no report number for item 2.",
        ),
    ],
)
async def test_an_aspect_the_agenda_does_not_give_is_said_politely_and_the_card_still_shown(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    question: str,
    intent: Intent,
    first_line: str,
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(fake_api, monkeypatch, question, intent)
    lines = _lines(answer)
    assert lines[0] == first_line
    assert lines[2].startswith(f"Item {intent.args}. ")
    assert lines[3] == "Rutland Health and Wellbeing Board, Tuesday 10 October 2023, 2:00pm"


async def test_decisions_on_an_item_of_a_meeting_held_lead_its_card_once(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        "what was decided about the communication plan in june",
        Intent("item", "11B", "decisions"),
    )
    lines = _lines(answer)
    assert lines[0] == "Decided on item 11B:"
    assert lines[1].startswith("• NOTED, AGREED: That the Board: a) NOTED the content")
    assert "Item 11B. COMMUNICATION AND ENGAGEMENT PLAN: FIRST DRAFT" in lines
    assert "Rutland Health and Wellbeing Board, Tuesday 27 June 2023, 2:00pm" in lines
    # The decision is said once, not again in the card under it.
    assert answer.plain_text.count("NOTED the content") == 1


async def test_the_presenter_of_an_item_held_is_said_in_the_past(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api, monkeypatch, "who presented 11b", Intent("item", "11B", "presenter")
    )
    assert _lines(answer)[0] == (
        "Katherine Willison (Health and Integration Lead) presented item 11B."
    )


async def test_no_aspect_is_the_card_alone_and_an_unknown_number_is_no_item(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    card = await _ask(fake_api, monkeypatch, "tell me about 10b", Intent("item", "10B"))
    assert _lines(card)[0] == "Item 10B. AREA SEND INSPECTION REPORT"
    missing = await _ask(
        fake_api, monkeypatch, "who presents item 42", Intent("item", "42", "presenter")
    )
    assert missing.plain_text == (
        "There is no item 42 on the agenda of your next meeting. Try /agenda."
    )


# -- several close candidates: which one? ----------------------------------------------------


async def test_words_fitting_several_items_get_a_short_list_with_a_button_each(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rutland = await _rutland(database, fake_api)
    # Best first, as the matcher ranks them; the list is in agenda order.
    question = await _ask(
        fake_api,
        monkeypatch,
        "who is presenting the health update?",
        Intent("item", "", "presenter", choices=("10", "8A", "12")),
    )
    assert _lines(question) == [
        "Which item do you mean?",
        "",
        "8A. RUTLAND HEALTH PLAN: UPDATE",
        "10. JOINT HEALTH AND WELLBEING STRATEGY: UPDATE",
        "12. RUTLAND HEALTH AND WELLBEING BOARD: TERMS OF REFERENCE ANNUAL UPDATE",
    ]
    labels = [label for row in question.buttons for label, _ in row]
    assert labels == [
        "8A. RUTLAND HEALTH PLAN: UPDATE",
        "10. JOINT HEALTH AND WELLBEING STRATEGY: UPDATE",
        "12. RUTLAND HEALTH AND WELLBEING BOARD: TERMS O…",
    ]
    assert question.callback_data[0] == f"it:{rutland.october}:8A:p"

    await _press(fake_api, MEMBER, question, question.callback_data[0])
    card = fake_api.messages_to(MEMBER.id)[-1]
    assert _lines(card)[0] == (
        "Debra Mitchell (Deputy Chief Operating Officer, Leicester, Leicestershire and Rutland "
        "Integrated Care Board) presents item 8A."
    )
    assert _lines(card)[2] == "Item 8A. RUTLAND HEALTH PLAN: UPDATE"
    assert fake_api.callback_answers[-1].show_alert is False

    # Pressed again: the same card again, nothing else.
    await _press(fake_api, MEMBER, question, question.callback_data[0])
    messages = fake_api.messages_to(MEMBER.id)
    assert len(messages) == 3
    assert messages[-1].plain_text == card.plain_text


async def test_at_most_five_candidates_are_offered_never_the_whole_agenda(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    question = await _ask(
        fake_api,
        monkeypatch,
        "report",
        Intent("item", "", "report", choices=("11", "10", "10A", "10B", "10C", "12", "13")),
    )
    assert [line.split(".")[0] for line in _lines(question)[2:]] == [
        "10",
        "10A",
        "10B",
        "10C",
        "11",
    ]
    assert len(question.callback_data) == 5
    assert "WELCOME AND APOLOGIES" not in question.plain_text


async def test_a_single_candidate_left_is_answered_at_once(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        "how long is the send report",
        Intent("item", "", "duration", choices=("10B", "99")),
    )
    assert _lines(answer)[0] == "10 minutes are allowed for item 10B."
    assert answer.callback_data == []


async def test_a_pressed_item_dropped_since_is_said_to_be_gone(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rutland = await _rutland(database, fake_api)
    question = await _ask(
        fake_api,
        monkeypatch,
        "who presents the communication plan",
        Intent("item", "", "presenter", choices=("10A", "10")),
    )
    await drop_item(database, viewer=None, meeting_id=rutland.october, number="10A", now=NOW)
    await _press(
        fake_api, MEMBER, question, question.button_data("10A. COMMUNICATION AND ENGAGEMENT PLAN")
    )
    answer = fake_api.callback_answers[-1]
    assert (answer.text, answer.show_alert) == ("That item is no longer on the agenda.", True)
    assert len(fake_api.messages_to(MEMBER.id)) == 1


async def test_a_stranger_or_a_member_of_another_board_pressing_an_item_sees_nothing(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    rutland = await _rutland(database, fake_api)
    await _outsider(database, fake_api)
    fake_api.add_chat(FakeChat.private(STRANGER))
    for user in (STRANGER, OUTSIDER):
        for number in ("11", "16"):
            _press_in(fake_api, user, FakeChat.private(user), item_button(rutland.october, number))
    await fake_api.wait_until_quiet()
    answers = [(a.text, a.show_alert) for a in fake_api.callback_answers]
    assert answers == [
        ("I don't know you yet. Please ask your clerk for an invite link.", True),
        ("I don't know you yet. Please ask your clerk for an invite link.", True),
        ("That belongs to a board you are not a member of.", True),
        ("That belongs to a board you are not a member of.", True),
    ]
    assert fake_api.messages_to(STRANGER.id) == []
    assert fake_api.messages_to(OUTSIDER.id) == []


async def test_an_exempt_item_pressed_in_a_group_is_not_shown_but_a_public_one_is(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    rutland = await _rutland(database, fake_api)
    fake_api.add_chat(GROUP)
    _press_in(fake_api, MEMBER, GROUP, item_button(rutland.october, "16", "pages"))
    await fake_api.wait_until_quiet()
    answer = fake_api.callback_answers[-1]
    assert (answer.text, answer.show_alert) == ("That item is no longer on the agenda.", True)
    assert fake_api.messages_to(GROUP.id) == []

    _press_in(fake_api, MEMBER, GROUP, item_button(rutland.october, "11", "pages"))
    [card] = await fake_api.wait_for_messages(GROUP.id, 1)
    assert _lines(card)[0] == "Item 11 (report 146/2023) is on pages 137–170 of the pack."
    assert SECRET not in card.plain_text


async def test_an_exempt_item_is_offered_to_a_member_in_private_and_never_across_boards(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    await _outsider(database, fake_api)
    mine = await _ask(
        fake_api,
        monkeypatch,
        "better care fund",
        Intent("item", "", "", choices=("11", "16")),
    )
    assert f"16. {SECRET} 🔒 exempt" in _lines(mine)
    # Rutland's numbers asked of a member of Testshire only: their own next meeting has none
    # of them, and nothing of Rutland's is named.
    theirs = await _ask(
        fake_api,
        monkeypatch,
        "better care fund",
        Intent("item", "", "", choices=("11", "16")),
        user=OUTSIDER,
    )
    assert theirs.plain_text == (
        "I couldn't find that item on the agenda of your next meeting. Try /agenda."
    )
    assert theirs.callback_data == []
    outsider_card = await _ask(
        fake_api,
        monkeypatch,
        "who presents the contract award",
        Intent("item", "16", "presenter"),
        user=OUTSIDER,
    )
    assert SECRET not in outsider_card.plain_text
    assert outsider_card.plain_text.startswith("There is no item 16")


def test_item_buttons_carry_meeting_number_and_aspect_and_refuse_anything_else() -> None:
    data = item_button(2**63 - 1, "10A", "papers")
    assert len(data.encode()) <= 64
    parsed = parse_item_button(data)
    assert parsed is not None and (parsed.meeting_id, parsed.number, parsed.detail) == (
        2**63 - 1,
        "10A",
        "pages",
    )
    assert parse_item_button(item_button(5, "11")) == parse_item_button("it:5:11:-")
    forged_data = ("it:5:11", "it:x:11:p", "it:5:11:zz", "it:5::p", "ag:5:11:p", "it:5:1:1:p")
    for forged in (*forged_data, "it:5:~zz:p", "it:5:~0123456789:p", "it:5:4 (A):p"):
        assert parse_item_button(forged) is None, forged


def test_every_item_number_gets_a_button_within_64_bytes() -> None:
    assert item_button(5, "4 (a)", "presenter") == "it:5:4(A):p"
    assert item_button(5, "Part II 3") == "it:5:PARTII3:-"
    for number in ("§ 5", "4–a", "Item 12: BCF", "X" * 17):
        data = item_button(2**63 - 1, number, "decisions")
        assert len(data.encode()) <= 64
        parsed = parse_item_button(data)
        assert parsed is not None and parsed.number.startswith("~"), number
    assert item_button(5, "§ 5") != item_button(5, "§ 6")


# -- the agenda as a whole ---------------------------------------------------------------------


async def test_how_big_is_the_agenda_counts_the_items_and_the_time_allowed(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api, monkeypatch, "how long is the agenda?", Intent("agenda", "", "size")
    )
    assert answer.plain_text == (
        "The agenda for Rutland Health and Wellbeing Board on Tuesday 10 October 2023 has 20 "
        "items; 2 hours 10 minutes are allowed in all (for the 11 items that give a time)."
    )
    assert [label for row in answer.buttons for label, _ in row] == ["Agenda"]
    await _press(fake_api, MEMBER, answer, answer.button_data("Agenda"))
    agenda = fake_api.messages_to(MEMBER.id)[-1]
    assert agenda.plain_text.startswith("Agenda: Rutland Health and Wellbeing Board")


async def test_the_running_order_is_one_line_per_item_without_details(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api, monkeypatch, "what is the running order", Intent("agenda", "", "order")
    )
    lines = _lines(answer)
    assert (
        lines[0] == "Running order: Rutland Health and Wellbeing Board on Tuesday 10 October 2023"
    )
    assert lines[2] == "1. WELCOME AND APOLOGIES RECEIVED"
    assert "8A. RUTLAND HEALTH PLAN: UPDATE" in lines
    assert lines[-1] == f"16. {SECRET} 🔒 exempt"
    assert len(lines) == 2 + 20
    assert "Katherine Willison" not in answer.plain_text
    assert "pages" not in answer.plain_text


async def test_the_running_order_of_a_meeting_named_by_its_date(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        "running order on 27 june 2023",
        Intent("agenda", "27 June 2023", "order"),
    )
    assert _lines(answer) == [
        "Running order: Rutland Health and Wellbeing Board on Tuesday 27 June 2023",
        "",
        "11B. COMMUNICATION AND ENGAGEMENT PLAN: FIRST DRAFT",
        "11. BETTER CARE FUND: QUARTER 4 RETURN",
        "4 (a). BETTER CARE FUND: PLAN SIGN-OFF",
        "§ 5. BETTER CARE FUND: AUDIT",
    ]


@pytest.mark.parametrize(
    ("purpose", "title", "numbers"),
    [
        ("approval", "For approval at", ["10C"]),
        ("approve", "For approval at", ["10C"]),
        ("decide", "For decision at", ["16"]),
        ("decision", "For decision at", ["16"]),
        ("discussion", "For discussion at", ["8A", "9"]),
        ("information", "For information at", ["10", "10A", "10B", "11"]),
        ("review", "For review at", ["12"]),
    ],
)
async def test_items_for_a_purpose_are_listed(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    purpose: str,
    title: str,
    numbers: list[str],
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        f"what is for {purpose}",
        Intent("agenda", "", f"purpose:{purpose}"),
    )
    lines = _lines(answer)
    assert lines[0] == f"{title} Rutland Health and Wellbeing Board on Tuesday 10 October 2023:"
    assert [line.split(".")[0] for line in lines[2:]] == numbers


async def test_a_purpose_no_item_has_is_said_with_the_purposes_there_are(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        "anything for assurance?",
        Intent("agenda", "", "purpose:assurance"),
    )
    assert _lines(answer) == [
        "No item on the agenda for Rutland Health and Wellbeing Board on Tuesday 10 October "
        "2023 is marked for assurance.",
        "The agenda marks items for: discussion, information, approval, review, decision.",
    ]


async def test_what_to_prepare_lists_the_items_with_papers_and_the_pages_in_all(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api, monkeypatch, "what do i need to read", Intent("agenda", "", "prepare")
    )
    lines = _lines(answer)
    assert lines[0] == "To read before Tuesday 10 October: 9 items, 184 pages"
    assert lines[2] == "2. RECORD OF MEETING — pages 7–18 (12 pages)"
    assert lines[3] == (
        "10. JOINT HEALTH AND WELLBEING STRATEGY: UPDATE — pages 19–82 (64 pages), report 148/2023"
    )
    assert lines[-1] == f"16. {SECRET} 🔒 exempt — pages 181–190 (10 pages)"
    assert len(lines) == 2 + 9
    assert "WELCOME AND APOLOGIES" not in answer.plain_text


async def test_what_to_prepare_without_page_numbers_says_so_and_offers_the_agenda(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = await import_pack(
        database,
        pack=make_pack(
            items=[AgendaItem(number="1", title="Welcome"), AgendaItem(number="2", title="AOB")]
        ),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=MEMBER.id,
        role=None,
    )
    answer = await _ask(
        fake_api, monkeypatch, "what should i read first", Intent("agenda", "", "prepare")
    )
    assert answer.plain_text == (
        "The pack gives no page numbers or reports for the agenda of Testshire Health and "
        "Wellbeing Board on Tuesday 10 October 2023. The agenda itself is a button away."
    )
    assert answer.buttons[0][0][0] == "Agenda"


async def test_an_agenda_question_without_a_view_is_the_whole_agenda(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(fake_api, monkeypatch, "whats on the agenda", Intent("agenda"))
    assert _lines(answer)[0] == "Agenda: Rutland Health and Wellbeing Board"


def test_a_purpose_matches_its_loose_forms_and_nothing_else() -> None:
    assert purpose_matches("for approval", "approval")
    assert purpose_matches("to approve", "approval")
    assert purpose_matches("For Decision", "decision")
    assert purpose_matches("to decide", "decision")
    assert purpose_matches("to note", "noting")
    assert purpose_matches("information and discussion", "discussion")
    assert purpose_matches("for info", "information")
    assert purpose_matches("assurance", "assurance")
    assert not purpose_matches("for consultation", "consideration")
    assert not purpose_matches("for information", "decision")
    assert not purpose_matches("discharge", "discussion")
    assert not purpose_matches(None, "approval")


def test_a_purpose_asked_by_any_form_is_named_by_its_noun() -> None:
    assert [purpose_named(word) for word in ("approve", "decide", "info", "noted", "review")] == [
        "approval",
        "decision",
        "information",
        "noting",
        "review",
    ]
    assert purpose_named("for sign-off") == "sign-off"


# -- an item of a meeting named by time ----------------------------------------------------------


async def test_who_presented_the_better_care_fund_in_june_answers_for_junes_item(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    answer = await _ask(
        fake_api,
        monkeypatch,
        "who presented the better care fund in june",
        Intent("item", "11", "presenter", when="2023-06"),
    )
    lines = _lines(answer)
    assert lines[0] == "Sandra Taylor (Finance Lead) presented item 11."
    assert lines[2:4] == [
        "Item 11. BETTER CARE FUND: QUARTER 4 RETURN",
        "Rutland Health and Wellbeing Board, Tuesday 27 June 2023, 2:00pm",
    ]
    # No aspect: June's card all the same, not October's item 11.
    card = await _ask(
        fake_api, monkeypatch, "the bcf item last time", Intent("item", "11", when="previous")
    )
    assert _lines(card)[0] == "Item 11. BETTER CARE FUND: QUARTER 4 RETURN"


async def test_an_item_not_on_the_named_meetings_agenda_names_that_meeting(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _rutland(database, fake_api)
    missing = await _ask(
        fake_api,
        monkeypatch,
        "who presented the send inspection in june",
        Intent("item", "10B", "presenter", when="2023-06-27"),
    )
    assert missing.plain_text == (
        "There is no item 10B on the agenda of the meeting of Rutland Health and Wellbeing "
        "Board on Tuesday 27 June 2023. Try /agenda."
    )
    no_meeting = await _ask(
        fake_api,
        monkeypatch,
        "who presented the send inspection in march",
        Intent("item", "10B", "presenter", when="2023-03"),
    )
    assert no_meeting.plain_text == (
        "I couldn't find a meeting in March 2023 on your boards. Try /meetings."
    )


async def test_choices_in_june_are_junes_items_each_with_a_button_whatever_its_number(
    running_bot: Any, fake_api: FakeBotApi, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rutland = await _rutland(database, fake_api)
    question = await _ask(
        fake_api,
        monkeypatch,
        "who presented the better care fund in june",
        Intent("item", "", "presenter", choices=("11", "4 (a)", "§ 5"), when="2023-06"),
    )
    assert _lines(question) == [
        "Which item do you mean?",
        "",
        "11. BETTER CARE FUND: QUARTER 4 RETURN",
        "4 (a). BETTER CARE FUND: PLAN SIGN-OFF",
        "§ 5. BETTER CARE FUND: AUDIT",
    ]
    data = question.callback_data
    assert data[:2] == [f"it:{rutland.june}:11:p", f"it:{rutland.june}:4(A):p"]
    assert data[2].startswith(f"it:{rutland.june}:~")
    await _press(fake_api, MEMBER, question, data[2])
    audit = fake_api.messages_to(MEMBER.id)[-1]
    assert _lines(audit)[0] == "Ann Auditor presented item § 5."
    await _press(fake_api, MEMBER, question, data[1])
    plan = fake_api.messages_to(MEMBER.id)[-1]
    assert _lines(plan)[0] == "The agenda does not name a presenter for item 4 (a)."
    # The same words without a time: the next meeting's items (October has none of these).
    october = await _ask(
        fake_api,
        monkeypatch,
        "who presents the better care fund",
        Intent("item", "", "presenter", choices=("4 (a)", "§ 5")),
    )
    assert october.plain_text == (
        "I couldn't find that item on the agenda of your next meeting. Try /agenda."
    )
