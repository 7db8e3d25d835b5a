"""Dates typed by people ("10 October", "10/10/2023", "tuesday"), UK day-first."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil import parser

_MAX_LENGTH = 40
_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
)


def parse_day(text: str, *, today: date) -> date | None:
    """The date ``text`` names (a bare weekday: the next one on or after ``today``), or None.

    Only text that looks like a date is tried, so a board's name is never read as one.
    """
    lowered = text.strip().lower()
    if lowered == "today":
        return today
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    looks_like_a_date = any(ch.isdigit() for ch in lowered) or lowered in _WEEKDAYS
    if not looks_like_a_date or len(lowered) > _MAX_LENGTH:
        return None
    try:
        parsed = parser.parse(
            lowered, dayfirst=True, default=datetime(today.year, today.month, today.day)
        )
    except (ValueError, OverflowError):
        return None
    return parsed.date()
