"""Due dates typed by people: UK day-first; ambiguous or past dates ask instead of guessing."""

from __future__ import annotations

from datetime import date

import pytest

from language.dates import (
    AMBIGUOUS_WEEKDAY,
    PAST,
    DateAnswer,
    MeetingWords,
    find_date,
    parse_day,
    parse_when,
    read_meeting_words,
    resolve_date,
)

MONDAY = date(2025, 11, 3)  # Monday 3 November 2025
FRIDAY = date(2025, 11, 7)
SUNDAY = date(2025, 11, 9)
YEAR_END = date(2024, 12, 30)  # a Monday whose ISO week ends in 2025
NEW_YEAR = date(2025, 1, 2)  # a Thursday


@pytest.mark.parametrize(
    ("today", "typed", "day"),
    [
        (MONDAY, "tomorrow", date(2025, 11, 4)),
        (MONDAY, "today", MONDAY),
        (MONDAY, "Friday", date(2025, 11, 7)),
        (MONDAY, "fri", date(2025, 11, 7)),
        (MONDAY, "31 Dec", date(2025, 12, 31)),
        (MONDAY, "15/11", date(2025, 11, 15)),
        (MONDAY, "2026-01-31", date(2026, 1, 31)),
        (MONDAY, "31 January 2026", date(2026, 1, 31)),
        (MONDAY, "31/1/2026", date(2026, 1, 31)),
        (FRIDAY, "next Tue", date(2025, 11, 11)),  # next week's: this week's has gone
        (FRIDAY, "next Friday", date(2025, 11, 14)),
        (SUNDAY, "next Mon", date(2025, 11, 10)),  # tomorrow starts the next week
        (YEAR_END, "31/12", date(2024, 12, 31)),
        (NEW_YEAR, "next Monday", date(2025, 1, 6)),
        (NEW_YEAR, "31 Jan", date(2025, 1, 31)),
        (NEW_YEAR, "31/12", date(2025, 12, 31)),
    ],
)
def test_clear_dates_resolve_without_a_question(today: date, typed: str, day: date) -> None:
    answer = resolve_date(typed, today=today)
    assert (answer.day, answer.needs_confirmation, answer.candidates) == (day, False, ())


@pytest.mark.parametrize(
    ("today", "typed", "reason", "candidates"),
    [
        # On a Monday, "next Tue" is tomorrow or a week later.
        (MONDAY, "next Tue", AMBIGUOUS_WEEKDAY, (date(2025, 11, 4), date(2025, 11, 11))),
        (MONDAY, "next Friday", AMBIGUOUS_WEEKDAY, (date(2025, 11, 7), date(2025, 11, 14))),
        # A bare weekday that is today: today, or a week away?
        (MONDAY, "Monday", AMBIGUOUS_WEEKDAY, (MONDAY, date(2025, 11, 10))),
        # Gone this year: that day (past) or next year's.
        (MONDAY, "31 Jan", PAST, (date(2025, 1, 31), date(2026, 1, 31))),
        (MONDAY, "31/1", PAST, (date(2025, 1, 31), date(2026, 1, 31))),
        # A past day with its year: only that day, to confirm.
        (MONDAY, "31 January 2024", PAST, (date(2024, 1, 31),)),
        (MONDAY, "2024-01-31", PAST, (date(2024, 1, 31),)),
        # Across a year end.
        (YEAR_END, "next Fri", AMBIGUOUS_WEEKDAY, (date(2025, 1, 3), date(2025, 1, 10))),
        (YEAR_END, "next Tue", AMBIGUOUS_WEEKDAY, (date(2024, 12, 31), date(2025, 1, 7))),
        (YEAR_END, "2 Jan", PAST, (date(2024, 1, 2), date(2025, 1, 2))),
    ],
)
def test_ambiguous_and_past_dates_ask(
    today: date, typed: str, reason: str, candidates: tuple[date, ...]
) -> None:
    answer = resolve_date(typed, today=today)
    assert answer.needs_confirmation
    assert (answer.reason, answer.candidates) == (reason, candidates)
    assert answer.day == candidates[0]


def test_numeric_dates_are_day_first_and_say_the_other_reading() -> None:
    answer = resolve_date("3/12", today=MONDAY)
    assert answer == DateAnswer(day=date(2025, 12, 3), month_first=date(2025, 3, 12))
    assert resolve_date("12/12", today=MONDAY).month_first is None
    assert resolve_date("13/12", today=MONDAY).month_first is None
    assert resolve_date("3 Dec", today=MONDAY).month_first is None


@pytest.mark.parametrize("typed", ["", "soon", "30 Feb", "Diane Ellison", "next week"])
def test_text_that_is_not_a_date_is_not_read_as_one(typed: str) -> None:
    answer = resolve_date(typed, today=MONDAY)
    assert answer.day is None and not answer.needs_confirmation


# -- a date without a year: its next occurrence, or in the past tense its last ------------------

DEMO_DAY = date(2023, 10, 3)  # Tuesday 3 October 2023
DECEMBER = date(2023, 12, 20)
JANUARY = date(2024, 1, 5)


@pytest.mark.parametrize(
    ("today", "words", "past", "day"),
    [
        (DEMO_DAY, "16 january", False, date(2024, 1, 16)),
        (DEMO_DAY, "16 january", True, date(2023, 1, 16)),
        (DEMO_DAY, "27 june", False, date(2024, 6, 27)),
        (DEMO_DAY, "27th of june", True, date(2023, 6, 27)),
        (DEMO_DAY, "3 october", False, DEMO_DAY),  # today counts both ways
        (DEMO_DAY, "3/10", True, DEMO_DAY),
        (DEMO_DAY, "10/10", False, date(2023, 10, 10)),
        (DEMO_DAY, "10/10", True, date(2022, 10, 10)),
        (DEMO_DAY, "16 january 2023", False, date(2023, 1, 16)),  # a year is kept
        (DECEMBER, "5 january", False, date(2024, 1, 5)),
        (JANUARY, "20 december", False, date(2024, 12, 20)),  # not the nearest any more
        (JANUARY, "20 december", True, date(2023, 12, 20)),
        (DEMO_DAY, "29 february", False, date(2024, 2, 29)),
        (date(2024, 3, 1), "29 february", False, date(2028, 2, 29)),
        (date(2024, 3, 1), "29/2", True, date(2024, 2, 29)),
        # A bare weekday: the next such day, today included; in the past tense the last one.
        (DEMO_DAY, "tuesday", False, DEMO_DAY),
        (DEMO_DAY, "tuesday", True, DEMO_DAY),
        (DEMO_DAY, "friday", False, date(2023, 10, 6)),
        (DEMO_DAY, "friday", True, date(2023, 9, 29)),
        # "next", "this" and "last" say which one, whatever the tense.
        (DEMO_DAY, "next tuesday", True, date(2023, 10, 10)),
        (DEMO_DAY, "last tuesday", False, date(2023, 9, 26)),
        (DEMO_DAY, "this friday", True, date(2023, 10, 6)),
    ],
)
def test_find_date_reads_a_date_without_a_year_as_its_next_or_last_occurrence(
    today: date, words: str, past: bool, day: date
) -> None:
    found = find_date(words.split(), today, past=past)
    assert found is not None and found[0] == day


def test_find_date_at_the_ends_of_the_calendar_takes_the_only_occurrence_there_is() -> None:
    assert find_date(["1", "january"], date.max) == (date(9999, 1, 1), {0, 1})
    assert find_date(["31", "december"], date.min, past=True) == (date(1, 12, 31), {0, 1})
    assert find_date(["30", "february"], DEMO_DAY) is None


@pytest.mark.parametrize(
    ("typed", "past", "day"),
    [
        ("16 January", False, date(2024, 1, 16)),
        ("16/1", False, date(2024, 1, 16)),
        ("27 June", True, date(2023, 6, 27)),
        ("27 June", False, date(2024, 6, 27)),
        ("29 Feb", False, date(2024, 2, 29)),
        ("Tuesday", False, DEMO_DAY),
        ("Friday", True, date(2023, 9, 29)),
        ("tues", False, DEMO_DAY),
        ("next tue", False, date(2023, 10, 10)),
        ("16/1/2023", False, date(2023, 1, 16)),
        ("16 jan 23", False, date(2023, 1, 16)),  # a two-digit year is a year
        ("2024/01/16", False, date(2024, 1, 16)),
    ],
)
def test_parse_day_follows_the_same_rule(typed: str, past: bool, day: date) -> None:
    assert parse_day(typed, today=DEMO_DAY, past=past) == day


def test_parse_when_keeps_a_two_digit_year_and_moves_a_yearless_day_gone_to_next_year() -> None:
    when = parse_when("14/11/22 2pm", today=DEMO_DAY)
    assert when is not None and when.day == date(2022, 11, 14)
    when = parse_when("1 Oct 2pm", today=DEMO_DAY)
    assert when is not None and when.day == date(2024, 10, 1)


def test_resolve_date_still_offers_a_day_gone_this_year_rather_than_moving_it() -> None:
    answer = resolve_date("27 June", today=DEMO_DAY)
    assert answer.reason == PAST
    assert answer.candidates == (date(2023, 6, 27), date(2024, 6, 27))


# -- the meeting the words after /agenda or /next name -------------------------------------------


def _day(year: int, month: int, day: int) -> MeetingWords:
    return MeetingWords(kind="day", day=date(year, month, day))


def _month(year: int, month: int) -> MeetingWords:
    return MeetingWords(kind="month", year=year, month=month)


TUESDAYS = MeetingWords(kind="weekday", weekday=1)
PREVIOUS = MeetingWords(kind="previous")
AFTER_NEXT = MeetingWords(kind="after next")


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        # The canonical forms the question matcher writes.
        ("2024-01-16", _day(2024, 1, 16)),
        ("2024-01", _month(2024, 1)),
        ("tuesday", TUESDAYS),
        ("previous", PREVIOUS),
        ("after next", AFTER_NEXT),
        ("next", MeetingWords(kind="next")),
        # What people type.
        ("16 January", _day(2024, 1, 16)),
        ("16/1", _day(2024, 1, 16)),
        ("10/10", _day(2023, 10, 10)),
        ("the 16th of January", _day(2024, 1, 16)),
        ("January 16th, 2024", _day(2024, 1, 16)),
        ("Tuesday 16 January 2024", _day(2024, 1, 16)),
        ("16 Jan.", _day(2024, 1, 16)),
        ("the 16th", _day(2023, 10, 16)),
        ("the 2nd", _day(2023, 11, 2)),  # gone this month: next month's
        ("16", _day(2023, 10, 16)),
        ("31", _day(2023, 10, 31)),
        ("today", _day(2023, 10, 3)),
        ("tomorrow", _day(2023, 10, 4)),
        ("January", _month(2024, 1)),
        ("june", _month(2024, 6)),
        ("October", _month(2023, 10)),  # this month
        ("jan 2024", _month(2024, 1)),
        ("January 2023", _month(2023, 1)),
        ("1/2024", _month(2024, 1)),
        ("next month", _month(2023, 11)),
        ("last month", _month(2023, 9)),
        ("Tuesday", TUESDAYS),
        ("tue", TUESDAYS),
        ("TUES", TUESDAYS),
        ("on Tuesday", TUESDAYS),
        ("Tuesday's meeting", TUESDAYS),
        ("the meeting on a Tuesday", TUESDAYS),
        # A weekday with this, next or last is one day, as today.
        ("next tuesday", _day(2023, 10, 10)),
        ("this tuesday", _day(2023, 10, 3)),
        ("last tuesday", _day(2023, 9, 26)),
        ("last meeting", PREVIOUS),
        ("the previous meeting", PREVIOUS),
        ("Previous", PREVIOUS),
        ("latest", PREVIOUS),
        ("the most recent one", PREVIOUS),
        ("the one after next", AFTER_NEXT),
        ("meeting after next", AFTER_NEXT),
        ("next but one", AFTER_NEXT),
        ("the next meeting", MeetingWords(kind="next")),
    ],
)
def test_meeting_words_read_canonical_and_typed_forms(typed: str, asked: MeetingWords) -> None:
    assert read_meeting_words(typed, today=DEMO_DAY) == asked


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("june", _month(2023, 6)),
        ("October", _month(2023, 10)),
        ("november", _month(2022, 11)),
        ("16 January", _day(2023, 1, 16)),
        ("tuesday", _day(2023, 10, 3)),  # in the past tense, a day: the last such
        ("friday", _day(2023, 9, 29)),
        ("the 16th", _day(2023, 9, 16)),
        ("2023-06", _month(2023, 6)),  # canonical forms mean the same in any tense
    ],
)
def test_meeting_words_in_the_past_tense_mean_the_last_occurrence(
    typed: str, asked: MeetingWords
) -> None:
    assert read_meeting_words(typed, today=DEMO_DAY, past=True) == asked


def test_meeting_words_across_a_year_end() -> None:
    assert read_meeting_words("January", today=DECEMBER) == _month(2024, 1)
    assert read_meeting_words("5 Jan", today=DECEMBER) == _day(2024, 1, 5)
    assert read_meeting_words("December", today=JANUARY) == _month(2024, 12)
    assert read_meeting_words("December", today=JANUARY, past=True) == _month(2023, 12)
    assert read_meeting_words("next month", today=DECEMBER) == _month(2024, 1)
    assert read_meeting_words("last month", today=JANUARY) == _month(2023, 12)


@pytest.mark.parametrize(
    "typed",
    [
        "Rutland",
        "rutland hwb",
        "Health and Wellbeing Board",
        "",
        "   ",
        "2024",  # a year alone is not a day
        "45",  # nor a number no month has as a day
        "13/2024",
        "2024-13",
        "30 February",
        "rutland 10/10",  # a board and a date: the handler splits them
        "next week",
    ],
)
def test_words_that_are_not_a_time_are_none(typed: str) -> None:
    assert read_meeting_words(typed, today=DEMO_DAY) is None


@pytest.mark.parametrize(
    "asked",
    [
        _day(2024, 1, 16),
        _day(2023, 10, 3),
        _month(2024, 1),
        _month(2023, 6),
        *(MeetingWords(kind="weekday", weekday=weekday) for weekday in range(7)),
        PREVIOUS,
        AFTER_NEXT,
        MeetingWords(kind="next"),
    ],
)
@pytest.mark.parametrize("today", [DEMO_DAY, DECEMBER, JANUARY])
def test_the_canonical_form_reads_back_as_the_same_meeting_words(
    asked: MeetingWords, today: date
) -> None:
    assert asked.canonical in {
        "2024-01-16", "2023-10-03", "2024-01", "2023-06", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "previous", "after next", "next",
    }  # fmt: skip
    assert read_meeting_words(asked.canonical, today=today) == asked
