"""Plain-language questions to commands: the phrasings Quorum must understand, and not."""

from __future__ import annotations

import ast
import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from language.intents import Command, Intent, understand

TUESDAY = date(2023, 10, 3)  # a Tuesday
ITEMS = (
    "1", "2", "3", "4", "5", "6", "7", "8", "8A", "9",
    "10", "10A", "10B", "10C", "11", "12", "13", "14", "15",
)  # fmt: skip
BOARDS = ("Rutland Health and Wellbeing Board", "Audit and Risk Committee")


def ask(
    text: str,
    *,
    today: date = TUESDAY,
    items: tuple[str, ...] = ITEMS,
    boards: tuple[str, ...] = (),
) -> Intent | None:
    return understand(text, today=today, item_numbers=items, board_names=boards)


# (what a member types, the command, its args[, its detail]), today a Tuesday, 3 October 2023.
Expected = tuple[str, Command, str] | tuple[str, Command, str, str]


def with_detail(table: list[Expected]) -> list[tuple[str, Command, str, str]]:
    """``table``'s rows, each with its detail ("" when the row gives none)."""
    return [(row[0], row[1], row[2], row[3] if len(row) == 4 else "") for row in table]


PHRASINGS: list[Expected] = [
    # next
    ("when is the next meeting?", "next", ""),
    ("next meeting", "next", ""),
    ("when do we meet", "next", ""),
    ("where is the meeting", "next", ""),
    ("When's the next board meeting?", "next", ""),
    ("WHEN IS THE NEXT MEETING!!!", "next", ""),
    ("whens the nxt meeting", "next", ""),
    ("what time is the meeting", "next", ""),
    ("where do we meet?", "next", ""),
    ("is the meeting still on?", "next", ""),
    ("how do I join the meeting online", "next", ""),
    ("zoom link?", "next", ""),
    ("meeting details", "next", ""),
    ("meeting tomorrow?", "next", "2023-10-04"),
    ("hey quorum 👋 can you tell me when the next meeting is please 🙏", "next", ""),
    # agenda
    ("what's on the agenda?", "agenda", ""),
    ("agenda please", "agenda", ""),
    ("whats on the agenda", "agenda", ""),
    ("Can you tell me what\u2019s on the agenda please?", "agenda", ""),  # curly apostrophe
    ("what's on the agenda on Tuesday?", "agenda", "tuesday"),
    ("what are we discussing on Friday?", "agenda", "friday"),
    ("what's on tomorrow", "agenda", "2023-10-04"),
    ("send me the papers", "agenda", ""),
    ("papers?", "agenda", ""),
    ("who will present the better care fund", "search", "better care fund"),  # no agenda
    ("who is presenting at the next meeting", "agenda", ""),
    ("what's on the agenda at the next meeting", "agenda", ""),
    # meetings
    ("what meetings are coming up", "meetings", ""),
    ("list meetings", "meetings", ""),
    ("past meetings", "meetings", "past"),
    ("upcoming meetings", "meetings", ""),
    ("what's coming up?", "meetings", ""),
    ("show me all meetings", "meetings", ""),
    ("when was the last meeting", "meetings", "past"),
    ("previous meetings please", "meetings", "past"),
    ("meeting schedule", "meetings", ""),
    # item
    ("who is presenting 10B?", "item", "10B", "presenter"),
    ("who presents item 10b", "item", "10B", "presenter"),
    ("what is item 8A", "item", "8A"),
    ("tell me about 6", "item", "6"),
    ("papers for item 6", "item", "6", "papers"),
    ("who's presenting 10b", "item", "10B", "presenter"),
    ("who is presenting item 10 B", "item", "10B", "presenter"),
    ("what is 8a", "item", "8A"),
    ("what's item 10c about?", "item", "10C"),
    ("tell me about item six", "item", "6"),
    ("show me item 4", "item", "4"),
    ("details of 10a", "item", "10A"),
    ("papers for number 6", "item", "6", "papers"),
    ("item 8 a", "item", "8A"),
    ("number 6", "item", "6"),
    ("10b", "item", "10B"),
    ("6", "item", "6"),
    # actions
    ("what are my actions", "actions", ""),
    ("what do I owe", "actions", ""),
    ("my tasks", "actions", ""),
    ("what's outstanding for me", "actions", ""),
    ("what are my action points?", "actions", ""),
    ("any actions for me?", "actions", ""),
    ("what have I got to do", "actions", ""),
    ("what's overdue", "actions", ""),
    ("my to-do list", "actions", ""),
    # decisions
    ("what did we decide about the better care fund", "decisions", "better care fund"),
    ("decisions on the budget", "decisions", "budget"),
    (
        "what was agreed about the pharmacy needs assessment",
        "decisions",
        "pharmacy needs assessment",
    ),
    ("was the better care fund approved?", "decisions", "better care fund"),
    ("what decisions were made about the Better Care Fund", "decisions", "Better Care Fund"),
    ("did we approve the budget?", "decisions", "budget"),
    ("has the budget passed", "decisions", "budget"),
    ("do you know if the budget was approved", "decisions", "budget"),
    ("I was wondering what was agreed about housing", "decisions", "housing"),
    ("has the health plan been endorsed?", "decisions", "health plan"),
    ("what was the outcome on the terms of reference?", "decisions", "terms of reference"),
    ("what did we decide about the agenda", "decisions", "agenda"),
    ("recent decisions", "decisions", ""),
    ("decisions", "decisions", ""),
    ("what decisions did we make about Children's Services?", "decisions", "Children's Services"),
    # search
    ("find better care fund", "search", "better care fund"),
    ("search for mental health", "search", "mental health"),
    ("anything about housing", "search", "housing"),
    ("search minutes", "search", "minutes"),
    ("look up the terms of reference", "search", "terms of reference"),
    ("find papers on housing", "search", "housing"),
    ("is there anything on mental health?", "search", "mental health"),
    ("any papers about the pharmacy needs assessment?", "search", "pharmacy needs assessment"),
    ("can you help me find the report on social care", "search", "report on social care"),
    ("tell me about the better care fund", "search", "better care fund"),
    ("what's the latest on the Children's Services budget", "search", "Children's Services budget"),
    # members
    ("who is on the board", "members", ""),
    ("members", "members", ""),
    ("who's the chair", "person", "chair"),
    ("who\u2019s on the board?", "members", ""),
    ("who is the vice chair", "person", "vice-chair"),
    ("who chairs the board", "person", "chair"),
    ("board members", "members", ""),
    ("membership", "members", ""),
    ("who is the clerk", "person", "clerk"),
    # calendar
    ("add to my calendar", "calendar", ""),
    ("calendar link", "calendar", ""),
    ("add the next meeting to my diary", "calendar", ""),
    ("send me a calendar invite", "calendar", ""),
    ("calendar pls", "calendar", ""),
    # apologies
    ("send my apologies", "apologies", ""),
    ("I can't make it", "apologies", ""),
    ("I can't attend", "apologies", ""),
    ("I cannot attend", "apologies", ""),
    ("sorry cant make it", "apologies", ""),
    ("I won't be able to attend", "apologies", ""),
    ("I'll miss the meeting", "apologies", ""),
    ("I'm away next week", "apologies", ""),
    ("apologies", "apologies", ""),
    ("my apologies", "apologies", ""),
    ("please send apologies for the next meeting", "apologies", ""),
    ("apologies for tuesday", "apologies", "tuesday"),
    ("sorry I won't be there on Friday", "apologies", "friday"),
    ("unable to attend on 10 October", "apologies", "2023-10-10"),
    # help
    ("help", "help", ""),
    ("what can you do", "help", ""),
    ("help!", "help", ""),
    ("what can I ask you?", "help", ""),
    ("how does this work", "help", ""),
    ("commands", "help", ""),
]

TYPOS: list[Expected] = [
    ("agnda", "agenda", ""),
    ("whats on the agneda", "agenda", ""),
    ("when is the next meating", "next", ""),
    ("when is the nxt metting", "next", ""),
    ("descisions about the budget", "decisions", "budget"),
    ("what was desided about housing", "decisions", "housing"),
    ("what are my acitons", "actions", ""),
    ("my tsks", "actions", ""),
    ("who are the memebrs", "members", ""),
    ("add to my calender", "calendar", ""),
    ("send my apologys", "apologies", ""),
    ("serach for housing", "search", "housing"),
    ("hlep", "help", ""),
    ("who is presentng 10B", "item", "10B", "presenter"),
    ("agenda on tusday", "agenda", "tuesday"),
    ("agenda for wendesday", "agenda", "wednesday"),
]

# Decisions of a meeting named by time and no topic: that meeting's decisions (``when``).
DECISIONS_OF_A_MEETING = [
    ("what was agreed at the last meeting", "previous"),
    ("what did the board decide on Tuesday", "2023-10-03"),
    ("what did we decide in june", "2023-06"),
    ("what was agreed on 27 june", "2023-06-27"),
    ("decisions from the previous meeting", "previous"),
    ("what was resolved last month?", "2023-09"),
]


@pytest.mark.parametrize(("text", "when"), DECISIONS_OF_A_MEETING)
def test_decisions_of_a_meeting_named_by_time(text: str, when: str) -> None:
    assert ask(text) == Intent("decisions", when=when)


def test_decisions_about_a_topic_at_a_meeting_named_by_time() -> None:
    assert ask("what did we decide about the budget in june") == Intent(
        "decisions", "budget", when="2023-06"
    )
    assert ask("what did we decide about the budget") == Intent("decisions", "budget")


# Chatter and questions Quorum does not answer: the bot then suggests what it can answer.
# (Greetings, thanks and goodbyes are small talk: tests/language/test_questions.py.)
NOT_UNDERSTOOD = [
    "",
    "   ",
    "lol",
    "lol 😂",
    "👍",
    "haha",
    "ok",
    "yes",
    "no",
    "what's the weather like",
    "is it sunny",
    "I agree",
    "agreed",
    "approved",
    "who sent apologies",
    # Statements that share a question's words.
    "the meeting was great",
    "I might be late to the meeting",
    "lets meet for coffee",
    "I agree with the chair",
    "I know we agreed",
    "I've read the papers",
    "I can make it after all",
    "I can attend",
    "cancel my apologies",
    "what's on page 12",
    # Statements: a subject said, a date named without asking, thanks for something.
    "great meeting today",
    "good meeting yesterday",
    "meeting on tuesday",
    "I spoke to Dawn",
    "I emailed the chair",
    "we met on tuesday",
    "tell Dawn I am late",
    "tell the chair I will be late",
    "the chair will present",
    "the clerk will send the papers",
    "7",  # a bare number is an item only if the agenda has it (see ITEMS_ELSEWHERE)
    "?!",
]


@pytest.mark.parametrize(("text", "command", "args", "detail"), with_detail(PHRASINGS))
def test_phrasings(text: str, command: Command, args: str, detail: str) -> None:
    assert ask(text) == Intent(command, args, detail)


@pytest.mark.parametrize(("text", "command", "args", "detail"), with_detail(TYPOS))
def test_typos(text: str, command: Command, args: str, detail: str) -> None:
    assert ask(text) == Intent(command, args, detail)


@pytest.mark.parametrize("text", NOT_UNDERSTOOD)
def test_not_understood(text: str) -> None:
    assert ask(text, items=("1", "2", "3")) is None


def test_enough_phrasings() -> None:
    assert len(PHRASINGS) + len(TYPOS) >= 60
    commands = {row[1] for row in PHRASINGS}
    assert commands == {
        "next", "agenda", "meetings", "item", "actions", "decisions",
        "search", "members", "help", "calendar", "apologies", "person",
    }  # fmt: skip


# Where two rules share words, the more specific question wins.
PRECEDENCE: list[Expected] = [
    ("who is presenting 10B", "item", "10B", "presenter"),  # not members
    ("what did we decide about the agenda", "decisions", "agenda"),  # not agenda
    ("find the agenda from the last meeting", "search", "agenda"),  # not agenda
    ("my action items from the meeting", "actions", ""),  # not item or next
    ("add the next meeting to my calendar", "calendar", ""),  # not next
    ("I can't make the next meeting", "apologies", ""),  # not next
    ("who is on the agenda", "agenda", ""),  # not members
    ("tell me about my actions", "actions", ""),  # not search
    ("tell me about the next meeting", "next", ""),  # not search
    ("can you help me find the budget", "search", "budget"),  # not help
    ("apologies for the delay, where is the agenda?", "agenda", ""),  # not apologies
    ("I can't make sense of the agenda", "agenda", ""),  # not apologies
    ("what is on at 10", "agenda", ""),  # a time, not item 10
    ("what did we decide about item 8", "item", "8", "decisions"),  # not decisions
]


@pytest.mark.parametrize(("text", "command", "args", "detail"), with_detail(PRECEDENCE))
def test_precedence(text: str, command: Command, args: str, detail: str) -> None:
    assert ask(text) == Intent(command, args, detail)


# Relative dates become ISO dates from the ``today`` given.
DATES = [
    # A bare weekday: the next such day with a meeting, today included (the bot finds it).
    ("agenda on Tuesday", TUESDAY, "tuesday"),  # today is a Tuesday
    ("agenda on Friday", TUESDAY, "friday"),
    ("agenda on Monday", TUESDAY, "monday"),
    ("agenda on tues", TUESDAY, "tuesday"),
    ("agenda for fri", TUESDAY, "friday"),
    ("agenda next tuesday", TUESDAY, "2023-10-10"),
    ("agenda for this Thursday", TUESDAY, "2023-10-05"),
    ("agenda last Tuesday", TUESDAY, "2023-09-26"),
    ("agenda last Monday", TUESDAY, "2023-10-02"),
    ("agenda today", TUESDAY, "2023-10-03"),
    ("agenda tomorrow", TUESDAY, "2023-10-04"),
    ("agenda tmrw", TUESDAY, "2023-10-04"),
    ("agenda yesterday", TUESDAY, "2023-10-02"),
    ("agenda for 10 October", TUESDAY, "2023-10-10"),
    ("agenda for the 10th of October", TUESDAY, "2023-10-10"),
    ("agenda for 10th Oct", TUESDAY, "2023-10-10"),
    ("agenda for October 10th", TUESDAY, "2023-10-10"),
    ("agenda for October 10 2023", TUESDAY, "2023-10-10"),
    ("agenda for 10 October 2024", TUESDAY, "2024-10-10"),
    ("agenda 10/10/2023", TUESDAY, "2023-10-10"),
    ("agenda 10/10/23", TUESDAY, "2023-10-10"),
    ("agenda 1/2/2024", TUESDAY, "2024-02-01"),  # UK: day first
    ("agenda 10/10", TUESDAY, "2023-10-10"),
    ("agenda 10.10.2023", TUESDAY, "2023-10-10"),
    ("agenda 2023-10-10", TUESDAY, "2023-10-10"),
    # No year: the next such day, today included.
    ("agenda 5 January", date(2023, 12, 20), "2024-01-05"),
    ("agenda 20 December", date(2024, 1, 5), "2024-12-20"),
    ("agenda 16 January", TUESDAY, "2024-01-16"),
    ("agenda 3 October", TUESDAY, "2023-10-03"),
    # A calendar date beats the weekday said with it.
    ("what's on the agenda on Tuesday 10 October?", TUESDAY, "2023-10-10"),
    ("agenda Friday 10/10/2023", TUESDAY, "2023-10-10"),
    ("agenda for Tuesday the 10th of October", date(2023, 9, 1), "2023-10-10"),
    # Saturday: the next Tuesday is three days ahead; "tomorrow" crosses the month.
    ("agenda on Tuesday", date(2023, 9, 30), "tuesday"),
    ("agenda tomorrow", date(2023, 9, 30), "2023-10-01"),
    ("agenda tomorrow", date(2023, 12, 31), "2024-01-01"),
]


@pytest.mark.parametrize(("text", "today", "iso"), DATES)
def test_relative_dates(text: str, today: date, iso: str) -> None:
    assert ask(text, today=today) == Intent("agenda", iso)


@pytest.mark.parametrize(
    "text",
    ["agenda 31/02/2024", "agenda 30 February", "agenda for 45 October", "agenda 45"],
)
def test_impossible_or_partial_dates_are_ignored(text: str) -> None:
    assert ask(text) == Intent("agenda", "")


def test_unsupported_relative_dates_leave_no_date() -> None:
    assert ask("what's on the agenda next week") == Intent("agenda", "")


def test_words_that_look_like_days_are_not_dates() -> None:
    assert ask("I sat on the board last year, what did we decide about housing") == Intent(
        "decisions", "housing"
    )
    assert ask("may I see the agenda") == Intent("agenda", "")


def test_today_at_the_end_of_the_calendar() -> None:
    assert ask("agenda tomorrow", today=date.max) == Intent("agenda", "")
    assert ask("agenda 1 January", today=date(9999, 12, 31)) == Intent("agenda", "9999-01-01")


# Item numbers are upper-case, without spaces, spelled as the agenda lists them.
ITEM_NUMBERS = [
    ("item 10b", ITEMS, "10B"),
    ("item 10 b", ITEMS, "10B"),
    ("item 10B.", ITEMS, "10B"),
    ("ITEM 8A?", ITEMS, "8A"),
    ("item 8 a please", ITEMS, "8A"),
    ("item #6", ITEMS, "6"),
    ("number 6", ITEMS, "6"),
    ("no. 6", ITEMS, "6"),
    ("item twelve", ITEMS, "12"),
    ("item 4.1", ("4", "4.1", "4.2"), "4.1"),
    ("who presents 4.2", ("4", "4.1", "4.2"), "4.2"),
    ("10 b", ITEMS, "10B"),
    ("8 a", ITEMS, "8A"),
    # Spelled as listed, whatever the case typed.
    ("item 10B", ("10b",), "10b"),
    # No agenda known: still an item, in the usual spelling.
    ("who is presenting 10b", (), "10B"),
    ("item 8 a", (), "8A"),
    ("tell me about 6", (), "6"),
    ("item 99", ITEMS, "99"),  # not on the agenda, but asked for by number
    ("who presents 16B", ITEMS, "16B"),
]


@pytest.mark.parametrize(("text", "items", "number"), ITEM_NUMBERS)
def test_item_numbers(text: str, items: tuple[str, ...], number: str) -> None:
    intent = ask(text, items=items)
    assert intent is not None
    assert (intent.command, intent.args) == ("item", number)


def test_a_letter_after_a_number_is_part_of_it_only_if_it_can_be() -> None:
    # The agenda has no 8B, so "8 b" is item 8.
    assert ask("item 8 b", items=ITEMS) == Intent("item", "8")
    # Unknown agenda: "a" here is an article.
    assert ask("item 8 a paper about housing", items=()) == Intent("item", "8", "papers")


ITEMS_ELSEWHERE = [
    ("7", ("1", "2"), None),  # not on this agenda: a number, not a question
    ("7", ("6", "7"), Intent("item", "7")),
    ("tell me about 7", ("1", "2"), Intent("search", "7")),
    ("papers for 6 people?", ITEMS, Intent("agenda", "")),
    ("what's on at 6 pm", ITEMS, Intent("agenda", "")),
]


@pytest.mark.parametrize(("text", "items", "expected"), ITEMS_ELSEWHERE)
def test_bare_numbers_need_the_agenda(
    text: str, items: tuple[str, ...], expected: Intent | None
) -> None:
    assert ask(text, items=items) == expected


# Board names, matched fuzzily, given back as listed.
BOARD_QUESTIONS: list[tuple[str, Command, str]] = [
    ("agenda for the Health and Wellbeing Board", "agenda", BOARDS[0]),
    ("agenda for the health & wellbeing board", "agenda", BOARDS[0]),
    ("agenda for rutland health and wellbeing board", "agenda", BOARDS[0]),
    ("agenda for helth and welbeing", "agenda", BOARDS[0]),
    ("agenda for the well-being board", "agenda", BOARDS[0]),
    ("agenda for the well being board", "agenda", BOARDS[0]),
    ("HWB agenda", "agenda", BOARDS[0]),
    ("when is the next HWB meeting?", "next", BOARDS[0]),
    ("agenda for audit", "agenda", BOARDS[1]),
    ("when does the audit and risk committee meet", "next", BOARDS[1]),
    ("who is on the audit committee", "members", BOARDS[1]),
    ("add the audit and risk committee to my calendar", "calendar", BOARDS[1]),
    ("apologies for the audit and risk committee", "apologies", BOARDS[1]),
    # Neither board named, or too vaguely to choose.
    ("agenda for the board", "agenda", ""),
    ("agenda please", "agenda", ""),
    # A date is more precise than a board.
    ("agenda for the Health and Wellbeing Board on Friday", "agenda", "friday"),
]


@pytest.mark.parametrize(("text", "command", "args"), BOARD_QUESTIONS)
def test_board_names(text: str, command: Command, args: str) -> None:
    assert ask(text, boards=BOARDS) == Intent(command, args)


def test_a_word_two_boards_share_picks_neither() -> None:
    boards = ("Health Scrutiny Committee", "Health and Wellbeing Board")
    assert ask("agenda for health", boards=boards) == Intent("agenda", "")
    assert ask("agenda for health scrutiny", boards=boards) == Intent("agenda", boards[0])


def test_a_name_typed_in_full_beats_a_shorter_one_inside_it() -> None:
    boards = ("Audit Committee", "Audit and Risk Committee")
    assert ask("agenda for audit committee", boards=boards) == Intent("agenda", boards[0])
    assert ask("agenda for audit and risk", boards=boards) == Intent("agenda", boards[1])


def test_a_board_name_with_a_rule_word_in_it_is_still_a_board() -> None:
    boards = ("Members' Allowances Panel",)
    assert ask("when is the next members allowances panel", boards=boards) == Intent(
        "next", boards[0]
    )


def test_intent_is_a_frozen_value() -> None:
    intent = Intent("item", "10B")
    assert intent == Intent(command="item", args="10B")
    assert Intent("help").args == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        intent.args = "6"  # type: ignore[misc]


def test_no_telegram_or_database_imports() -> None:
    imported: set[str] = set()
    for name in ("intents.py", "dates.py", "questions.py"):
        source = Path(__file__).parents[2] / "language" / name
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")[0]
                imported.add(node.module if top == "language" else top)
    # Intents read dates with language.dates (the package's one date reader) and the
    # questions they answer from language.questions (the table).
    assert imported <= {
        "__future__", "itertools", "re", "unicodedata", "bisect", "collections", "dataclasses",
        "datetime", "functools", "typing", "rapidfuzz", "dateutil",
        "language.dates", "language.questions",
    }  # fmt: skip


# Never raises, whatever is typed; long input is handled without backtracking blow-ups.
WORDS = [
    "what", "is", "on", "the", "agenda", "item", "10", "b", "8", "a", "who", "presenting",
    "tuesday", "next", "last", "10/10", "2023-10-10", "31/02/2024", "of", "october", "decide",
    "about", "find", "can't", "apologies", "make", "it", "help", "thanks", "for", "your",
    "health", "wellbeing", "board", "meetings", "?", "🙏", "number", "six", "at", "6", "pm",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=700))
def test_any_text_never_raises(text: str) -> None:
    result = understand(text, today=TUESDAY, item_numbers=ITEMS, board_names=BOARDS)
    assert result is None or isinstance(result, Intent)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=120), today=st.dates())
def test_any_words_never_raise(words: list[str], today: date) -> None:
    result = understand(" ".join(words), today=today, item_numbers=ITEMS, board_names=BOARDS)
    assert result is None or isinstance(result, Intent)


@settings(max_examples=20, deadline=None)
@given(chunk=st.text(min_size=1, max_size=40))
def test_100_kb_input_completes(chunk: str) -> None:
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    assert understand(text, today=TUESDAY, item_numbers=ITEMS, board_names=BOARDS) is None


@pytest.mark.parametrize(
    "text",
    [
        "when is the next meeting " * 4000,
        "a" * 100_000,
        "10" * 50_000,
        "item " * 20_000,
        "-" * 100_000,
        "1." * 50_000,
    ],
)
def test_100_kb_pasted_text_is_not_a_question(text: str) -> None:
    assert understand(text, today=TUESDAY, item_numbers=ITEMS, board_names=BOARDS) is None


def test_a_long_question_near_the_limit_is_still_read() -> None:
    padding = "please " * 80
    assert ask(padding + "when is the next meeting") == Intent("next", "")
