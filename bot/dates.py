"""Dates typed by people ("10 October", "10/10/2023", "tuesday"), UK day-first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
    first, _, rest = lowered.partition(" ")
    if first in ("next", "this") and rest in _WEEKDAYS:
        # "next": the first such day after today; "this": today counts.
        return parse_day(rest, today=today + timedelta(days=1 if first == "next" else 0))
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


# "2pm", "2:30 pm", "10.15am"; "14:30"; "noon". Dotted 24-hour times ("14.30") only where they
# cannot be part of a dotted date ("14.11.2026").
_TIME_12H = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?(?=\W|$)", re.IGNORECASE)
_TIME_24H = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_TIME_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")
_NOON = re.compile(r"\b(?:noon|midday)\b", re.IGNORECASE)
_AT = re.compile(r"\s+at\s*$|^\s*at\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class When:
    """A day and a time of day as typed; ``has_time`` False when only the day was given."""

    day: date
    at: time | None

    @property
    def has_time(self) -> bool:
        return self.at is not None


def _time_in(text: str) -> tuple[time | None, str]:
    """The time of day in ``text`` and the text without it."""
    match = _TIME_12H.search(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ValueError("not a time")
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
        return time(hour, minute), text[: match.start()] + " " + text[match.end() :]
    match = _NOON.search(text)
    if match:
        return time(12, 0), text[: match.start()] + " " + text[match.end() :]
    for pattern in (_TIME_24H, _TIME_DOTTED):
        match = pattern.search(text)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour > 23 or minute > 59:
                raise ValueError("not a time")
            return time(hour, minute), text[: match.start()] + " " + text[match.end() :]
    return None, text


def parse_when(text: str, *, today: date) -> When | None:
    """A day and time typed by a person ("14 Nov 2:30pm", "2026-11-14 14:30", "tomorrow 10am").

    UK day-first. A date without a year that has passed this year means next year's. None when
    the day cannot be read.
    """
    try:
        at, rest = _time_in(text.strip())
    except ValueError:
        return None
    rest = _AT.sub("", " ".join(rest.replace(",", " ").split())).strip()
    if not rest:
        return None
    day = parse_day(rest, today=today)
    if day is None:
        return None
    if day < today and not re.search(r"\b\d{4}\b", rest):
        try:
            day = day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return None
    return When(day=day, at=at)
