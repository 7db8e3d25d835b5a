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


# -- due dates typed by people: resolved, or a question ------------------------------------------

# Why a typed date needs the person's confirmation before it is used.
AMBIGUOUS_WEEKDAY = "ambiguous-weekday"  # "next Tue" on a Monday: tomorrow, or a week later?
PAST = "past"  # the day has gone (this year's "31 Jan" in November)
_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\s*$")
_WEEKDAY_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}


@dataclass(frozen=True, slots=True)
class DateAnswer:
    """What a typed date means: one day, or days to offer the person (never a guess).

    ``day`` is None when the text is not a date. With ``reason`` set (:data:`AMBIGUOUS_WEEKDAY`,
    :data:`PAST`) the person must pick one of ``candidates`` first. ``month_first`` is the other
    reading of a numeric date ("3/4": 3 April day-first, 4 March month-first) when both exist:
    day-first is the rule, the confirmation may say so.
    """

    day: date | None
    candidates: tuple[date, ...] = ()
    reason: str | None = None
    month_first: date | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.reason is not None


def _month_first(text: str, day: date) -> date | None:
    match = _NUMERIC.match(text)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first == second or first > 12 or second > 12:
        return None
    try:
        return day.replace(month=first, day=second)
    except ValueError:
        return None


def resolve_date(text: str, *, today: date) -> DateAnswer:
    """The day ``text`` names, UK day-first, or the days to ask about.

    "next Tue" when that weekday is still to come this week could be this week's or next
    week's; a bare weekday that is today could be today or a week away; a day already gone
    ("31 Jan" in November, "2024-01-31" later) is offered as typed and, without a year, a year
    on. Everything else resolves like :func:`parse_day`.
    """
    lowered = " ".join(text.strip().lower().replace(",", " ").split())
    day = parse_day(lowered, today=today)
    if day is None:
        return DateAnswer(day=None)
    first, _, rest = lowered.partition(" ")
    if first == "next" and rest in _WEEKDAY_NUMBERS:
        # ISO weeks run Monday to Sunday: a day still in this week may mean the next week's.
        if day.isocalendar()[:2] == today.isocalendar()[:2]:
            later = day + timedelta(days=7)
            return DateAnswer(day=day, candidates=(day, later), reason=AMBIGUOUS_WEEKDAY)
        return DateAnswer(day=day)
    if lowered in _WEEKDAY_NUMBERS and day == today:
        later = day + timedelta(days=7)
        return DateAnswer(day=day, candidates=(day, later), reason=AMBIGUOUS_WEEKDAY)
    month_first = _month_first(lowered, day)
    if day < today:
        if _YEAR.search(lowered):
            return DateAnswer(day=day, candidates=(day,), reason=PAST, month_first=month_first)
        try:
            next_year = day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return DateAnswer(day=day, candidates=(day,), reason=PAST)
        return DateAnswer(
            day=day,
            candidates=(day, next_year),
            reason=PAST,
            month_first=month_first and month_first.replace(year=next_year.year),
        )
    return DateAnswer(day=day, month_first=month_first)
