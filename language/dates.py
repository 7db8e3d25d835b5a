"""Dates typed by people ("10 October", "10/10/2023", "tuesday"), UK day-first, and the one
table of month and weekday names (packs read printed dates with it too).

The one reader of people's dates: a whole answer (:func:`parse_day`, :func:`parse_when`,
:func:`resolve_date`), the date inside a question's words (:func:`find_date`), or which meeting
the words after /agenda or /next name (:func:`read_meeting_words`). A date without a year is
its next occurrence, today included, or in the past tense its last one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

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
# Two leap years: a date read with each as the default year shows whether a year was typed.
_PROBE_YEARS = (2000, 2004)
# 29 February comes round again within 8 years (1896, then 1904).
_LEAP_GAP = 8


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _occurrence(month: int, day: int, today: date, *, past: bool = False) -> date | None:
    """The next date with this day and month, today included (with ``past``: the last one).

    Only at the ends of the calendar, where there is none that way, the other way's; None for
    a day no month has ("30 February").
    """
    ahead = -1 if past else 1
    for direction in (ahead, -ahead):
        for years in range(_LEAP_GAP + 1):
            found = _make_date(today.year + direction * years, month, day)
            if found is not None and (found - today).days * direction >= 0:
                return found
    return None


def _read_day(text: str, today: date) -> tuple[int | None, int, int] | None:
    """(year, month, day) of the date ``text`` names, the year None when none was typed; or None.

    A bare weekday is the next one on or after ``today``. Only text that looks like a date is
    tried, so a board's name is never read as one.
    """
    lowered = text.strip().lower()
    if lowered in ("today", "tomorrow"):
        day = today + timedelta(days=lowered == "tomorrow")
        return day.year, day.month, day.day
    first, _, rest = lowered.partition(" ")
    if first in ("next", "this") and rest in _WEEKDAY_WORDS:
        # "next": the first such day after today; "this": today counts.
        later = today + timedelta(days=1 if first == "next" else 0)
        day = later + timedelta(days=(_WEEKDAY_WORDS[rest] - later.weekday()) % 7)
        return day.year, day.month, day.day
    if lowered in _WEEKDAY_WORDS:
        day = today + timedelta(days=(_WEEKDAY_WORDS[lowered] - today.weekday()) % 7)
        return day.year, day.month, day.day
    if not any(ch.isdigit() for ch in lowered) or len(lowered) > _MAX_LENGTH:
        return None
    try:
        # Read with two default years: the year was typed if both readings have it. Both are
        # leap years, so "29 February" reads whatever this year is.
        first_reading, second_reading = (
            parser.parse(lowered, dayfirst=True, default=datetime(year, today.month, today.day))
            for year in _PROBE_YEARS
        )
    except (ValueError, OverflowError):
        return None
    typed = first_reading.year == second_reading.year
    return (first_reading.year if typed else None), first_reading.month, first_reading.day


def parse_day(text: str, *, today: date, past: bool = False) -> date | None:
    """The date ``text`` names, or None.

    A date without a year is its next occurrence, today included ("16 January" in October:
    next January's), or with ``past`` its last one; a bare weekday is the next such day on or
    after ``today`` (with ``past``: on or before). Only text that looks like a date is tried,
    so a board's name is never read as one.
    """
    lowered = text.strip().lower()
    if past and lowered in _WEEKDAY_WORDS:
        return today - timedelta(days=(today.weekday() - _WEEKDAY_WORDS[lowered]) % 7)
    read = _read_day(lowered, today)
    if read is None:
        return None
    year, month, day = read
    if year is None:
        return _occurrence(month, day, today, past=past)
    return _make_date(year, month, day)


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

    UK day-first. A date without a year is its next occurrence (see :func:`parse_day`). None
    when the day cannot be read.
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
    on. Everything else resolves like :func:`parse_day`, except that a day without a year is
    this year's.
    """
    lowered = " ".join(text.strip().lower().replace(",", " ").split())
    # As typed (this year's when no year is given), so that a day already gone is asked about.
    read = _read_day(lowered, today)
    day = _make_date(read[0] or today.year, read[1], read[2]) if read is not None else None
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


def _with_year(month: int, day: int, year: str | None, today: date, past: bool) -> date | None:
    if year is None:
        return _occurrence(month, day, today, past=past)
    number = int(year)
    return _make_date(number + 2000 if number < 100 else number, month, day)


@dataclass(frozen=True, slots=True)
class _Dated:
    day: date
    start: int  # the words that say it: words[start:end]
    end: int
    exact: bool  # a calendar date, not "tuesday" or "tomorrow"


def _weekday(words: Sequence[str], i: int, weekday: int, today: date, past: bool) -> _Dated:
    """The date a weekday name at ``words[i]`` means ("next tuesday": not today; a bare
    "tuesday": the next one, today included, or with ``past`` the last one)."""
    start = i
    prefix = ""
    while start > 0 and words[start - 1] in _WEEKDAY_PREFIXES:
        start -= 1
        prefix = words[start]
    ahead = (weekday - today.weekday()) % 7
    if prefix == "last":
        return _Dated(today - timedelta(days=(7 - ahead) if ahead else 7), start, i + 1, False)
    if past and not prefix:
        return _Dated(today - timedelta(days=(7 - ahead) % 7), start, i + 1, False)
    if prefix == "next" and ahead == 0:
        ahead = 7
    return _Dated(today + timedelta(days=ahead), start, i + 1, False)


def _day_month(
    words: Sequence[str], day: str, month: str, i: int, end: int, today: date, past: bool
) -> _Dated | None:
    """``day`` of ``month`` in words[i:end], with the year that may follow."""
    year = words[end] if end < len(words) and _YEAR_WORD.fullmatch(words[end]) else None
    found = _with_year(MONTHS[month], int(day), year, today, past)
    return _Dated(found, i, end + 1 if year else end, True) if found else None


def _date_at(words: Sequence[str], i: int, today: date, past: bool) -> _Dated | None:
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
        found = _with_year(int(numeric[3]), int(numeric[1]), numeric[4], today, past)
        return _Dated(found, i, i + 1, True) if found else None
    if (day := _DAY_OF_MONTH.fullmatch(word)) is not None:
        j = i + 2 if following == "of" else i + 1
        if j < len(words) and words[j] in MONTHS:
            return _day_month(words, day[1], words[j], i, j + 1, today, past)
        return None
    if word in MONTHS:
        j = i + 2 if following == "the" else i + 1
        if j < len(words) and (day := _DAY_OF_MONTH.fullmatch(words[j])) is not None:
            return _day_month(words, day[1], word, i, j + 1, today, past)
        return None
    weekday = WEEKDAYS.get(word)
    if weekday is None and word in WEEKDAY_ABBREVIATIONS:
        # "sat", "sun", "wed" are words too: only "on wed", "this fri" or a last word count.
        cued = i > 0 and words[i - 1] in _ABBREVIATION_CUES
        if cued or i == len(words) - 1:
            weekday = WEEKDAY_ABBREVIATIONS[word]
    return _weekday(words, i, weekday, today, past) if weekday is not None else None


def find_date(
    words: Sequence[str], today: date, *, past: bool = False
) -> tuple[date, set[int]] | None:
    """The date the message names and every word naming a date.

    A date without a year is its next occurrence, today included, and a bare weekday the next
    such day, today included; with ``past`` (a question in the past tense) their last ones.
    "next tuesday" is never today, "last tuesday" never today either.

    A calendar date beats a weekday: "Tuesday 10 October" is 10 October whatever today is.
    """
    found: list[_Dated] = []
    i = 0
    while i < len(words):
        try:
            dated = _date_at(words, i, today, past)
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


# -- the meeting a member's words name ("/agenda 16 January", "/next after next") --------------

MeetingWordsKind = Literal["day", "month", "weekday", "previous", "next", "after next"]
_MONTH_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_MONTH_NUMERIC = re.compile(r"([0-9]{1,2})/([0-9]{4})")
_MONTH_RELATIVE = {"this": 0, "next": 1, "last": -1, "previous": -1}
# Words around a meeting's time that say nothing of which one it is ("the meeting on Tuesday").
_MEETING_FILLER = frozenset(
    {"the", "a", "an", "on", "for", "in", "at", "of", "one", "meeting", "meetings", "please"}
)
_PREVIOUS_WORDS = frozenset(
    {"previous", "prev", "last", "latest", "recent", "most recent", "last held", "held"}
)
_NEXT_WORDS = frozenset({"next", "upcoming", "coming", "coming up", "soonest", "next up"})
_AFTER_NEXT_WORDS = frozenset({"after next", "next but", "next after next"})
# Punctuation, a possessive ("Tuesday's meeting") and a full stop ("16 Jan.").
_PUNCTUATION = re.compile(r"['\u2019]s\b|[,;:!?()\"\u201c\u201d\u2018\u2019]|\.(?=\s|$)")


@dataclass(frozen=True, slots=True)
class MeetingWords:
    """Which meeting words after /agenda or /next name, by time.

    ``kind`` "day": the meeting on ``day``; "month": the one in ``month`` of ``year``;
    "weekday": the next day of ``weekday`` (Monday 0) with a meeting on it; "previous": the
    latest meeting held; "next": the next meeting; "after next": the one after it.
    """

    kind: MeetingWordsKind
    day: date | None = None
    year: int | None = None
    month: int | None = None
    weekday: int | None = None

    @property
    def canonical(self) -> str:
        """The words that read back as this (what the question matcher writes):
        "2024-01-16", "2024-01", "tuesday", "previous", "next", "after next"."""
        if self.kind == "day" and self.day is not None:
            return self.day.isoformat()
        if self.kind == "month" and self.year is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        if self.kind == "weekday" and self.weekday is not None:
            return next(name for name, number in WEEKDAYS.items() if number == self.weekday)
        return self.kind


def _month(year: int, month: int) -> MeetingWords | None:
    # A month has an end within the calendar (the day after 31 December 9999 has none).
    if not 1 <= month <= 12 or not 1 <= year < date.max.year:
        return None
    return MeetingWords(kind="month", year=year, month=month)


def _shifted_month(today: date, months: int) -> MeetingWords | None:
    index = today.year * 12 + today.month - 1 + months
    return _month(index // 12, index % 12 + 1)


def _month_in(words: Sequence[str], today: date, past: bool) -> MeetingWords | None:
    """A month named alone: "january" (its next occurrence, this month included, or with
    ``past`` its last), "jan 2024", "2024-01", "1/2024", "next month"."""
    if len(words) == 1:
        word = words[0]
        if (iso := _MONTH_ISO.fullmatch(word)) is not None:
            return _month(int(iso[1]), int(iso[2]))
        if (numeric := _MONTH_NUMERIC.fullmatch(word)) is not None:
            return _month(int(numeric[2]), int(numeric[1]))
        if word in MONTHS:
            month = MONTHS[word]
            if past:
                return _month(today.year - (month > today.month), month)
            return _month(today.year + (month < today.month), month)
        return None
    if len(words) == 2:
        first, second = words
        if first in MONTHS and _YEAR_WORD.fullmatch(second):
            return _month(int(second), MONTHS[first])
        if second == "month" and first in _MONTH_RELATIVE:
            return _shifted_month(today, _MONTH_RELATIVE[first])
    return None


def _day_of_month(word: str, today: date, past: bool) -> date | None:
    """ "16th", "the 16th", "16": that day of this month if still to come (``past``: if gone),
    else of the next (``past``: the previous) month that has it."""
    match = _DAY_OF_MONTH.fullmatch(word)
    if match is None:
        return None
    number = int(match[1])
    step = -1 if past else 1
    index = today.year * 12 + today.month - 1
    for months in range(13):
        shifted = index + step * months
        found = _make_date(shifted // 12, shifted % 12 + 1, number)
        if found is not None and (found - today).days * step >= 0:
            return found
    return None


def read_meeting_words(text: str, *, today: date, past: bool = False) -> MeetingWords | None:
    """Which meeting ``text`` names by time, or None when it is not a time (a board's name).

    Reads the canonical forms :attr:`MeetingWords.canonical` writes and what people type:
    "16 January", "16/1", "Tuesday 16 January 2024", "January", "jan 2024", "Tuesday", "tue",
    "next tuesday" (a day: "this", "next" and "last" make a weekday one date), "last meeting",
    "previous", "the one after next", "next". A date without a year is its next occurrence
    (with ``past``, a question in the past tense: its last one), as in :func:`find_date`; a
    bare weekday is a "weekday", except with ``past`` (the last such day).
    """
    cleaned = _PUNCTUATION.sub(" ", text.casefold())
    words = [word for word in cleaned.split() if word not in _MEETING_FILLER]
    if not words or len(words) > 6:
        return None
    joined = " ".join(words)
    if joined in _PREVIOUS_WORDS:
        return MeetingWords(kind="previous")
    if joined in _AFTER_NEXT_WORDS:
        return MeetingWords(kind="after next")
    if joined in _NEXT_WORDS:
        return MeetingWords(kind="next")
    if (month := _month_in(words, today, past)) is not None:
        return month
    if len(words) == 1 and words[0] in _WEEKDAY_WORDS and not past:
        return MeetingWords(kind="weekday", weekday=_WEEKDAY_WORDS[words[0]])
    if len(words) == 1 and _DAY_OF_MONTH.fullmatch(words[0]):
        day = _day_of_month(words[0], today, past)
        return MeetingWords(kind="day", day=day) if day is not None else None
    try:
        found = find_date(words, today, past=past)
    except OverflowError:
        found = None
    if found is not None and found[1] == set(range(len(words))):
        return MeetingWords(kind="day", day=found[0])
    if len(words) == 1 and _YEAR_WORD.fullmatch(words[0]):
        return None  # a year alone is not a day
    try:
        day = parse_day(joined, today=today, past=past)
    except OverflowError:
        return None
    return MeetingWords(kind="day", day=day) if day is not None else None
