"""Finding the dates and clock times that packs print ("Tuesday, 10th October, 2023 at 2pm")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from language.dates import MONTHS, WEEKDAYS

__all__ = [
    "MONTH_WORD",
    "WEEKDAY_WORD",
    "FoundDate",
    "FoundTime",
    "at",
    "find_dates",
    "find_time",
    "find_yearless_dates",
    "find_yearless_dates_before",
]

# Any month name or abbreviation, longest first so "Sept" is read whole (matched ignoring case).
MONTH_WORD = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
# Any weekday written out in full ("Tuesday"), as packs print them (matched ignoring case).
WEEKDAY_WORD = "(?:" + "|".join(WEEKDAYS) + ")"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:[ ,]+of)?[ ,]+(?P<m>{MONTH_WORD})\.?,?[ ]+"
    rf"(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<m>{MONTH_WORD})\.?[ ]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[ ]+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_WEEKDAY = rf"(?:(?P<wd>{WEEKDAY_WORD}),?[ ]+)?"
_YEARLESS = re.compile(
    rf"\b{_WEEKDAY}(?:the[ ]+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:[ ]+of)?[ ]+(?P<m>{MONTH_WORD})\b"
    rf"(?![.,]?[ ]*\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b")

_MERIDIEM = r"(?P<ap>[ap])\.?[ ]?m\b\.?"
_CLOCK = re.compile(rf"\b(?P<h>\d{{1,2}})(?:[.:](?P<m>[0-5]\d))?[ ]?{_MERIDIEM}", re.IGNORECASE)
_RANGE = re.compile(
    rf"\b(?P<h>\d{{1,2}})(?:[.:](?P<m>[0-5]\d))?[ ]?(?:-|–|—|to)[ ]?\d{{1,2}}(?:[.:][0-5]\d)?[ ]?"
    rf"{_MERIDIEM}",
    re.IGNORECASE,
)
_TWENTY_FOUR = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\b(?![.:]?\d)")
_NOON = re.compile(r"\b(?:12[ ]?)?(?:noon|midday)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A calendar date and where it was printed in the searched text."""

    value: date
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FoundTime:
    """A clock time; ``guessed`` when no am/pm was printed and the afternoon was assumed."""

    value: time
    start: int
    end: int
    guessed: bool = False


def find_dates(text: str) -> list[FoundDate]:
    """Every valid date printed in ``text``, in reading order."""
    found: list[FoundDate] = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        for match in pattern.finditer(text):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
            try:
                value = date(int(match.group("y")), month, int(match.group("d")))
            except ValueError:
                continue
            if 1900 <= value.year <= 2200:
                found.append(FoundDate(value, match.start(), match.end()))
    found.sort(key=lambda item: item.start)
    # "10 October 2023" must not also count as "October 2023" or similar overlaps.
    result: list[FoundDate] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return result


def find_yearless_dates(text: str, after: date) -> list[FoundDate]:
    """Dates printed without a year ("Tuesday 16 January"), placed after ``after``.

    The year is the first one (of ``after``'s and the next) that puts the date after
    ``after`` and, when a weekday is printed, on that weekday.
    """
    found: list[FoundDate] = []
    for match in _YEARLESS.finditer(text):
        month = MONTHS[match.group("m").lower()]
        weekday = match.group("wd")
        for year in (after.year, after.year + 1):
            try:
                value = date(year, month, int(match.group("d")))
            except ValueError:
                continue
            if value <= after:
                continue
            if weekday and value.weekday() != WEEKDAYS[weekday.lower()]:
                continue
            found.append(FoundDate(value, match.start(), match.end()))
            break
    return found


def find_time(text: str) -> FoundTime | None:
    """The first clock time in ``text``: "2.00 pm", "2pm", "2.00 p.m.", "14:00", "noon".

    A range such as "2.00 - 4.00 p.m." gives its start, taking the printed am/pm. A bare
    "2.00" with no am/pm is read as the afternoon for hours 1-7 and marked ``guessed``.
    """
    candidates: list[FoundTime] = []
    ranged = _RANGE.search(text)
    if ranged:
        value = _clock(ranged.group("h"), ranged.group("m"), ranged.group("ap"))
        if value is not None:
            candidates.append(FoundTime(value, ranged.start(), ranged.end()))
    clock = _CLOCK.search(text)
    if clock:
        value = _clock(clock.group("h"), clock.group("m"), clock.group("ap"))
        if value is not None:
            candidates.append(FoundTime(value, clock.start(), clock.end()))
    noon = _NOON.search(text)
    if noon:
        candidates.append(FoundTime(time(12, 0), noon.start(), noon.end()))
    plain = _TWENTY_FOUR.search(text)
    if plain:
        hour, minute = int(plain.group("h")), int(plain.group("m"))
        guessed = 1 <= hour <= 7
        if guessed:
            hour += 12
        candidates.append(FoundTime(time(hour, minute), plain.start(), plain.end(), guessed))
    if not candidates:
        return None
    return min(candidates, key=lambda item: (item.start, item.guessed))


def at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """``day`` at ``clock`` as an aware datetime in ``zone``."""
    return datetime.combine(day, clock, tzinfo=zone)


def _clock(hour_text: str, minute_text: str | None, meridiem: str) -> time | None:
    hour = int(hour_text)
    minute = int(minute_text) if minute_text else 0
    if not 1 <= hour <= 12:
        return None
    if meridiem.lower() == "p" and hour != 12:
        hour += 12
    elif meridiem.lower() == "a" and hour == 12:
        hour = 0
    return time(hour, minute)


def find_yearless_dates_before(text: str, before: date) -> list[FoundDate]:
    """Dates printed without a year, placed before ``before`` ("held on 14 January").

    The year is the latest one (``before``'s or the one before) that puts the date before
    ``before`` and, when a weekday is printed, on that weekday.
    """
    found: list[FoundDate] = []
    for match in _YEARLESS.finditer(text):
        month = MONTHS[match.group("m").lower()]
        weekday = match.group("wd")
        for year in (before.year, before.year - 1):
            try:
                value = date(year, month, int(match.group("d")))
            except ValueError:
                continue
            if value >= before:
                continue
            if weekday and value.weekday() != WEEKDAYS[weekday.lower()]:
                continue
            found.append(FoundDate(value, match.start(), match.end()))
            break
    return found
