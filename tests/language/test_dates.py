"""Due dates typed by people: UK day-first; ambiguous or past dates ask instead of guessing."""

from __future__ import annotations

from datetime import date

import pytest

from language.dates import AMBIGUOUS_WEEKDAY, PAST, DateAnswer, resolve_date

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
