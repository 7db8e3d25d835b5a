"""Dates typed by people ("10 October", "10/10/2023", "tuesday"), UK day-first, and the one
table of month and weekday names (packs read printed dates with it too).

The one reader of people's dates: a whole answer (:func:`parse_day`, :func:`parse_when`,
:func:`resolve_date`) or the date inside a question's words (:func:`find_date`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import parser

# -- the calendar's words ------------------------------------------------------------------------

MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# Month names and their usual abbreviations (lower case) -> 1..12.
MONTHS: dict[str, int] = {name: number for number, name in enumerate(MONTH_NAMES, start=1)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Weekday names (lower case) -> Monday 0 .. Sunday 6.
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_WEEKDAY_WORDS = WEEKDAYS | WEEKDAY_ABBREVIATIONS
# Welsh month names (lower case) -> 1..12, with the soft-mutated forms printed after "o" ("o
# Fawrth", "o Orffennaf"): Welsh councils' bilingual and Welsh-only papers. Kept apart from
# MONTHS: "mai", "medi" and "mawrth" (also Tuesday) must not become English month words.
WELSH_MONTHS: dict[str, int] = {
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "fawrth": 3, "ebrill": 4, "mai": 5, "fai": 5,
    "mehefin": 6, "fehefin": 6, "gorffennaf": 7, "orffennaf": 7, "awst": 8, "medi": 9,
    "fedi": 9, "hydref": 10, "tachwedd": 11, "dachwedd": 11, "rhagfyr": 12, "ragfyr": 12,
}  # fmt: skip
# Welsh weekday names after "dydd" ("Dydd Llun", mutated "ddydd Llun") -> Monday 0 .. Sunday 6.
WELSH_WEEKDAYS: dict[str, int] = {
    "llun": 0, "mawrth": 1, "mercher": 2, "iau": 3, "gwener": 4, "sadwrn": 5, "sul": 6,
}  # fmt: skip

# -- a whole answer ------------------------------------------------------------------------------

_MAX_LENGTH = 40


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
    if first in ("next", "this") and rest in _WEEKDAY_WORDS:
        # "next": the first such day after today; "this": today counts.
        return parse_day(rest, today=today + timedelta(days=1 if first == "next" else 0))
    looks_like_a_date = any(ch.isdigit() for ch in lowered) or lowered in _WEEKDAY_WORDS
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
    if first == "next" and rest in _WEEKDAY_WORDS:
        # ISO weeks run Monday to Sunday: a day still in this week may mean the next week's.
        if day.isocalendar()[:2] == today.isocalendar()[:2]:
            later = day + timedelta(days=7)
            return DateAnswer(day=day, candidates=(day, later), reason=AMBIGUOUS_WEEKDAY)
        return DateAnswer(day=day)
    if lowered in _WEEKDAY_WORDS and day == today:
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


# -- the date inside a question's words ("what's on next tuesday") ----------------------------

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NUMERIC_DATE = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})(?:\2([0-9]{4}|[0-9]{2}))?")
_DAY_OF_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?")
_YEAR_WORD = re.compile(r"[0-9]{4}")
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
_WEEKDAY_PREFIXES = frozenset({"this", "next", "last", "coming"})
_ABBREVIATION_CUES = frozenset({"on", "for", "by", "until", "this", "next", "last", "coming"})


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest(month: int, day: int, today: date) -> date | None:
    """The date with this day and month closest to ``today`` (a future one on a tie)."""
    candidates = [
        found
        for year in (today.year - 1, today.year, today.year + 1)
        if (found := _make_date(year, month, day)) is not None
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda found: (abs((found - today).days), found < today))


def _with_year(month: int, day: int, year: str | None, today: date) -> date | None:
    if year is None:
        return _nearest(month, day, today)
    number = int(year)
    return _make_date(number + 2000 if number < 100 else number, month, day)


@dataclass(frozen=True, slots=True)
class _Dated:
    day: date
    start: int  # the words that say it: words[start:end]
    end: int
    exact: bool  # a calendar date, not "tuesday" or "tomorrow"


def _weekday(words: Sequence[str], i: int, weekday: int, today: date) -> _Dated:
    """The date a weekday name at ``words[i]`` means ("next tuesday": not today)."""
    start = i
    prefix = ""
    while start > 0 and words[start - 1] in _WEEKDAY_PREFIXES:
        start -= 1
        prefix = words[start]
    ahead = (weekday - today.weekday()) % 7
    if prefix == "last":
        return _Dated(today - timedelta(days=(7 - ahead) if ahead else 7), start, i + 1, False)
    if prefix == "next" and ahead == 0:
        ahead = 7
    return _Dated(today + timedelta(days=ahead), start, i + 1, False)


def _day_month(
    words: Sequence[str], day: str, month: str, i: int, end: int, today: date
) -> _Dated | None:
    """``day`` of ``month`` in words[i:end], with the year that may follow."""
    year = words[end] if end < len(words) and _YEAR_WORD.fullmatch(words[end]) else None
    found = _with_year(MONTHS[month], int(day), year, today)
    return _Dated(found, i, end + 1 if year else end, True) if found else None


def _date_at(words: Sequence[str], i: int, today: date) -> _Dated | None:
    """A date said by words starting (or, for a weekday, ending) at ``words[i]``."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    if word in _RELATIVE_DAYS:
        return _Dated(today + timedelta(days=_RELATIVE_DAYS[word]), i, i + 1, False)
    if (iso := _ISO_DATE.fullmatch(word)) is not None:
        found = _make_date(int(iso[1]), int(iso[2]), int(iso[3]))
        return _Dated(found, i, i + 1, True) if found else None
    if (numeric := _NUMERIC_DATE.fullmatch(word)) is not None:
        # "4.1" is an item number; a dotted date needs its year.
        if numeric[2] == "." and numeric[4] is None:
            return None
        found = _with_year(int(numeric[3]), int(numeric[1]), numeric[4], today)
        return _Dated(found, i, i + 1, True) if found else None
    if (day := _DAY_OF_MONTH.fullmatch(word)) is not None:
        j = i + 2 if following == "of" else i + 1
        if j < len(words) and words[j] in MONTHS:
            return _day_month(words, day[1], words[j], i, j + 1, today)
        return None
    if word in MONTHS:
        j = i + 2 if following == "the" else i + 1
        if j < len(words) and (day := _DAY_OF_MONTH.fullmatch(words[j])) is not None:
            return _day_month(words, day[1], word, i, j + 1, today)
        return None
    weekday = WEEKDAYS.get(word)
    if weekday is None and word in WEEKDAY_ABBREVIATIONS:
        # "sat", "sun", "wed" are words too: only "on wed", "this fri" or a last word count.
        cued = i > 0 and words[i - 1] in _ABBREVIATION_CUES
        if cued or i == len(words) - 1:
            weekday = WEEKDAY_ABBREVIATIONS[word]
    return _weekday(words, i, weekday, today) if weekday is not None else None


def find_date(
    words: Sequence[str], today: date, *, past: bool = False
) -> tuple[date, set[int]] | None:
    """The date the message names and every word naming a date.

    ``past``: the question is in the past tense, so a date without a year is its last
    occurrence (else its next one).

    A calendar date beats a weekday: "Tuesday 10 October" is 10 October whatever today is.
    """
    found: list[_Dated] = []
    i = 0
    while i < len(words):
        try:
            dated = _date_at(words, i, today)
        except OverflowError:  # a ``today`` at the very end of the calendar
            return None
        if dated is None:
            i += 1
            continue
        found.append(dated)
        i = dated.end
    if not found:
        return None
    best = next((dated for dated in found if dated.exact), found[0])
    return best.day, {i for dated in found for i in range(dated.start, dated.end)}
