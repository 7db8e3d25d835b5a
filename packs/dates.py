"""Finding the dates and clock times that packs print ("Tuesday, 10th October, 2023 at 2pm").

Bodies print dates day-first ("Monday 4th March 2024", UK and Ireland) and month-first
("Monday, March 4, 2024", the Americas); numeric dates follow the body's convention
(``day_first``); content systems write ISO dates and timestamps ("2019-03-28T14:00:00Z").
Text from PDFs and OCR is tolerated: an ordinal split from its number by a line break
("29\\nth October") and OCR's letters for digits in ordinals and years ("3Oth", "lst", "2O19").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from language.dates import MONTHS, WEEKDAYS, WELSH_MONTHS, WELSH_WEEKDAYS

__all__ = [
    "MONTH_WORD",
    "WEEKDAY_WORD",
    "FoundDate",
    "FoundTime",
    "at",
    "date_in_name",
    "day_first_for",
    "find_dates",
    "find_time",
    "find_time_range",
    "find_yearless_dates",
    "find_yearless_dates_before",
    "has_yearless_date",
    "minutes_between",
    "parse_timestamp",
]

# Any month name or abbreviation, longest first so "Sept" is read whole (matched ignoring case).
MONTH_WORD = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
# Any weekday written out in full ("Tuesday"), as packs print them (matched ignoring case).
WEEKDAY_WORD = "(?:" + "|".join(WEEKDAYS) + ")"
# An ordinal suffix, which PDF extraction may put on the next line ("29\nth October").
_SUFFIX = r"(?:\s?(?:st|nd|rd|th)\b)?"
# Between the parts of a written date: spaces, a comma, at most one line break.
_GAP = r"[ \t,]{0,4}\n?[ \t,]{0,4}"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_SUFFIX}(?:[ ]+day)?(?:[ ,]+of)?{_GAP}(?P<m>{MONTH_WORD})\b\.?"
    rf"{_GAP}(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<m>{MONTH_WORD})\b\.?{_GAP}(?P<d>\d{{1,2}}){_SUFFIX}\b{_GAP}(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
_WEEKDAY = rf"(?:(?P<wd>{WEEKDAY_WORD}),?[ ]+)?"
_YEARLESS = re.compile(
    rf"\b{_WEEKDAY}(?:the[ ]+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:[ ]+of)?[ ]+(?P<m>{MONTH_WORD})\b"
    rf"(?![.,]?[ ]*\d)",
    re.IGNORECASE,
)
# Welsh councils' papers: "Dydd Llun, 4 Mawrth 2024", "ddydd Mercher 3ydd o Orffennaf 2024".
_WELSH_MONTH = "(?:" + "|".join(sorted(WELSH_MONTHS, key=len, reverse=True)) + ")"
_WELSH_DATE = re.compile(
    rf"\b(?:d?dydd[ ]+(?:{'|'.join(WELSH_WEEKDAYS)}),?[ ]+)?(?P<d>\d{{1,2}})"
    rf"(?:af|il|ydd|ed|fed|eg)?(?:[ ]+o)?{_GAP}(?P<m>{_WELSH_MONTH})\b{_GAP}(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)
# Month-first without a year ("Tuesday, November 29", "December 13 and ..."): US agendas.
# The month must be capitalised ("May", "MAY"), so the verb "may" is never read as a month.
_CAPITAL_MONTH = (
    "(?:"
    + "|".join(
        spelling
        for name in sorted(MONTHS, key=len, reverse=True)
        for spelling in (name.capitalize(), name.upper())
    )
    + ")"
)
_YEARLESS_MONTH_FIRST = re.compile(
    rf"\b(?i:{_WEEKDAY})(?P<m>{_CAPITAL_MONTH})\b\.?[ ]+(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?\b"
    rf"(?![.,]?[ ]*\d)(?![:.]\d)"
)
# 28/03/2019, 03/28/2019, 28.03.2019, 28-03-2019; two-digit years only with slashes.
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<y>\d{4}|(?<=/)\d{2})(?![\d/]|[.-]\d)"
)
# ISO 8601 dates as content systems write them, alone or in a timestamp (2019-03-28T14:00Z).
_ISO = re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])")
# A file name's extension, and the separators of its words and date parts ("30.09.24",
# "30-09-2024", "30_September_2024"): clerks' own names for minutes and agendas.
_NAME_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_NAME_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[-_.](?=\d)")
_NAME_SEPARATOR = re.compile(r"[-_.]+")
_MAX_NAME = 300
_NAME_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")
_TIMESTAMP = re.compile(
    r"^\s*['\"]?(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\.\d+)?[ ]?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?['\"]?\s*$",
    re.IGNORECASE,
)
# OCR reads digits as letters in ordinals ("3Oth", "l0th", "lst") and years ("2O19").
_OCR_ORDINAL = re.compile(r"\b(?=[\dOolI]{0,1}\d|[lI]st)[\dOolI]{1,2}(?=(?:st|nd|rd|th)\b)")
_OCR_YEAR = re.compile(r"\b(?=[\dOolI]{0,3}\d[\dOolI]{0,3}\d)[12lI][\dOolI]{3}\b(?<![\d]{4})")
_OCR_HINT = re.compile(r"\d[OolI]|[OolI]\d|\b[lI]st\b")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})

_MERIDIEM = r"(?P<ap>[ap])\.?[ ]?m\b\.?"
_CLOCK = re.compile(rf"\b(?P<h>\d{{1,2}})(?:[.:](?P<m>[0-5]\d))?[ ]?{_MERIDIEM}", re.IGNORECASE)
_RANGE = re.compile(
    rf"\b(?P<h>\d{{1,2}})(?:[.:](?P<m>[0-5]\d))?[ ]?(?:-|–|—|to)[ ]?\d{{1,2}}(?:[.:][0-5]\d)?[ ]?"
    rf"{_MERIDIEM}",
    re.IGNORECASE,
)
# A duration between two clock times: "10:10-10:25", "14:00 – 17:00", "6.30pm to 8pm".
_SPAN = re.compile(
    r"\b(?P<h1>\d{1,2})(?:[.:](?P<m1>[0-5]\d))?[ ]?(?:(?P<ap1>[ap])\.?[ ]?m\b\.?)?[ ]?"
    r"(?:-|–|—|to|until|till)[ ]?"
    r"(?P<h2>\d{1,2})(?:[.:](?P<m2>[0-5]\d))?[ ]?(?:(?P<ap2>[ap])\.?[ ]?m\b\.?)?",
    re.IGNORECASE,
)
# Welsh "7.00 yh" (yr hwyr, p.m.) and "10.30 yb" (y bore, a.m.): Welsh councils' summonses.
_WELSH_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[.:](?P<m>[0-5]\d))?[ ]?y\.?(?P<ap>[hb])\b\.?", re.IGNORECASE
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


def day_first_for(zone: ZoneInfo, day_first: bool | None = None) -> bool:
    """Whether numeric dates are day-first: as given, else by the zone's custom.

    Month-first in the Americas (a zone in ``America/``), day-first elsewhere.
    """
    if day_first is not None:
        return day_first
    return not str(zone.key).startswith("America/")


def _deocr(text: str) -> str:
    """``text`` with OCR's letters for digits in ordinals and years put right (same length)."""
    if not _OCR_HINT.search(text):
        return text
    fixed = _OCR_ORDINAL.sub(lambda match: match.group(0).translate(_OCR_DIGITS), text)
    return _OCR_YEAR.sub(lambda match: match.group(0).translate(_OCR_DIGITS), fixed)


def find_dates(text: str, day_first: bool = True) -> list[FoundDate]:
    """Every valid date printed in ``text``, in reading order.

    Written dates in either order, numeric dates (``day_first`` says which number is the
    day; a date valid only the other way round is read that way) and ISO dates.
    """
    text = _deocr(text)
    found: list[FoundDate] = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO):
        for match in pattern.finditer(text):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
            value = _make(int(match.group("y")), month, int(match.group("d")))
            if value is not None:
                found.append(FoundDate(value, match.start(), match.end()))
    for match in _WELSH_DATE.finditer(text):
        value = _make(
            int(match.group("y")), WELSH_MONTHS[match.group("m").lower()], int(match.group("d"))
        )
        if value is not None:
            found.append(FoundDate(value, match.start(), match.end()))
    for match in _NUMERIC.finditer(text):
        year = int(match.group("y"))
        year += 2000 if year < 100 else 0
        first, second = int(match.group("a")), int(match.group("b"))
        # (month, day): the convention's reading first, the other only if it alone is valid.
        orders = (
            ((second, first), (first, second)) if day_first else ((first, second), (second, first))
        )
        for month, day in orders:
            value = _make(year, month, day)
            if value is not None:
                found.append(FoundDate(value, match.start(), match.end()))
                break
    found.sort(key=lambda item: (item.start, -item.end))
    # "10 October 2023" must not also count as "October 2023" or similar overlaps.
    result: list[FoundDate] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return result


def _make(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _yearless(text: str) -> Iterator[tuple[re.Match[str], int, int, str | None]]:
    """Day, month and weekday of each date printed without a year, in reading order."""
    text = _deocr(text)
    matches = [*_YEARLESS.finditer(text), *_YEARLESS_MONTH_FIRST.finditer(text)]
    matches.sort(key=lambda match: match.start())
    end = -1
    for match in matches:
        if match.start() < end:
            continue
        end = match.end()
        yield match, MONTHS[match.group("m").lower()], int(match.group("d")), match.group("wd")


def has_yearless_date(text: str) -> bool:
    """Whether ``text`` prints a date without a year ("28th October", "November 29")."""
    return next(_yearless(text), None) is not None


def find_yearless_dates(text: str, after: date) -> list[FoundDate]:
    """Dates printed without a year ("Tuesday 16 January", "November 29"), placed after ``after``.

    The year is the first one (of ``after``'s and the next) that puts the date after
    ``after`` and, when a weekday is printed, on that weekday.
    """
    found: list[FoundDate] = []
    for match, month, day, weekday in _yearless(text):
        for year in (after.year, after.year + 1):
            value = _make(year, month, day)
            if value is None or value <= after:
                continue
            if weekday and value.weekday() != WEEKDAYS[weekday.lower()]:
                continue
            found.append(FoundDate(value, match.start(), match.end()))
            break
    return found


def find_yearless_dates_before(text: str, before: date) -> list[FoundDate]:
    """Dates printed without a year, placed before ``before`` ("held on 14 January").

    The year is the latest one (``before``'s or the one before) that puts the date before
    ``before`` and, when a weekday is printed, on that weekday.
    """
    found: list[FoundDate] = []
    for match, month, day, weekday in _yearless(text):
        for year in (before.year, before.year - 1):
            value = _make(year, month, day)
            if value is None or value >= before:
                continue
            if weekday and value.weekday() != WEEKDAYS[weekday.lower()]:
                continue
            found.append(FoundDate(value, match.start(), match.end()))
            break
    return found


def find_time(text: str) -> FoundTime | None:
    """The first clock time in ``text``: "2.00 pm", "2pm", "2.00 p.m.", "14:00", "noon",
    Welsh "7.00 yh" (p.m.) and "10 yb" (a.m.).

    A range such as "2.00 - 4.00 p.m." gives its start, taking the printed am/pm. A bare
    "2.00" with no am/pm is read as the afternoon for hours 1-7 and marked ``guessed``.
    """
    candidates: list[FoundTime] = []
    ranged = _RANGE.search(text)
    if ranged:
        span = find_time_range(ranged.group(0))
        value = span[0].value if span else None
        if value is not None:
            candidates.append(FoundTime(value, ranged.start(), ranged.end()))
    clock = _CLOCK.search(text)
    if clock:
        value = _clock(clock.group("h"), clock.group("m"), clock.group("ap"))
        if value is not None:
            candidates.append(FoundTime(value, clock.start(), clock.end()))
    welsh = _WELSH_CLOCK.search(text)
    if welsh:
        meridiem = "p" if welsh.group("ap").lower() == "h" else "a"
        value = _clock(welsh.group("h"), welsh.group("m"), meridiem)
        if value is not None:
            candidates.append(FoundTime(value, welsh.start(), welsh.end()))
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


def find_time_range(text: str) -> tuple[FoundTime, FoundTime] | None:
    """The first span of two clock times in ``text`` ("10:10-10:25", "6.30 to 8pm").

    A side without am/pm takes the other side's; with none printed the times are read as
    24-hour clock times. None when there is no span or its end is not after its start.
    """
    for match in _SPAN.finditer(text):
        bare_start = match.group("m1") is None and match.group("ap1") is None
        if bare_start and match.group("ap2") is None:
            continue  # "3-4" is a list of numbers, not a span
        if match.group("m2") is None and match.group("ap2") is None:
            continue
        ap1 = match.group("ap1") or match.group("ap2")
        ap2 = match.group("ap2") or match.group("ap1")
        start = _clock_or_24(match.group("h1"), match.group("m1"), ap1)
        end = _clock_or_24(match.group("h2"), match.group("m2"), ap2)
        if start is None or end is None:
            continue
        if ap1 and not match.group("ap1") and start > end:
            # "11.30 - 1pm": the start is in the morning.
            start = _clock_or_24(match.group("h1"), match.group("m1"), "a")
        if start is None or end <= start:
            continue
        first_end = max(match.end(name) for name in ("h1", "m1", "ap1") if match.group(name))
        return (
            FoundTime(start, match.start(), first_end),
            FoundTime(end, match.start("h2"), match.end()),
        )
    return None


def minutes_between(start: time, end: time) -> int:
    """Whole minutes from ``start`` to ``end`` on the same day ("10:10-10:25" -> 15)."""
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def date_in_name(name: str, day_first: bool = True) -> date | None:
    """The date in a file name as archives and clerks name them ("minutes-2024-09-30.txt",
    "20181029.pdf", "Minutes 30.09.24.docx", "minutes_30-09-2024", "30 September 2024.pdf");
    ``day_first`` reads numeric dates as :func:`find_dates` does.

    Context only (the year of a date printed without one), never the meeting's own date.
    """
    match = _NAME_DATE.search(name)
    if match is not None:
        found = _make(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if found is not None:
            return found
    stem = _NAME_EXTENSION.sub("", name[:_MAX_NAME])
    text = _NAME_SEPARATOR.sub(" ", _NAME_DIGIT_SEPARATOR.sub("/", stem))
    dates = find_dates(text, day_first)
    return dates[0].value if dates else None


def parse_timestamp(value: str, zone: ZoneInfo) -> tuple[date, datetime | None] | None:
    """An ISO date or timestamp as front matter writes it ("2019-03-28T14:00:00Z").

    Returns the local date and, when a time is written, the instant in ``zone`` (a UTC "Z"
    or an offset is converted to ``zone``; a time with neither is local). None when
    ``value`` is not one.
    """
    match = _TIMESTAMP.match(value)
    if not match:
        return None
    try:
        day = date.fromisoformat(match.group("date"))
    except ValueError:
        return None
    if match.group("h") is None:
        return day, None
    hour, minute = int(match.group("h")), int(match.group("mi"))
    if hour > 23 or minute > 59:
        return None
    naive = datetime.combine(day, time(hour, minute, int(match.group("s") or 0) % 60))
    offset = match.group("tz")
    if not offset:
        local = naive.replace(tzinfo=zone)
    else:
        if offset.upper() == "Z":
            tz = UTC
        else:
            digits = offset.replace(":", "")
            sign = -1 if digits[0] == "-" else 1
            minutes = int(digits[1:3]) * 60 + int(digits[3:5])
            if minutes > 18 * 60:
                return None
            tz = timezone(sign * timedelta(minutes=minutes))
        local = naive.replace(tzinfo=tz).astimezone(zone)
    return local.date(), local


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


def _clock_or_24(hour_text: str, minute_text: str | None, meridiem: str | None) -> time | None:
    if meridiem:
        return _clock(hour_text, minute_text, meridiem)
    hour, minute = int(hour_text), int(minute_text or 0)
    return time(hour, minute) if hour <= 23 else None
