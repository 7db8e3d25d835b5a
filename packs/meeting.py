"""The meeting a pack summons, and the next meeting it announces."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .dates import (
    WEEKDAY_WORD,
    FoundDate,
    FoundTime,
    at,
    find_dates,
    find_time,
    find_yearless_dates,
)
from .model import MeetingInfo, NextMeeting
from .text import collapse_spaces, split_cells

__all__ = ["Summons", "read_next_meeting", "read_summons"]

_HELD = re.compile(
    r"\bmeeting\s+of\s+(?:the\s+)?(?P<body>[^\n]{3,160}?)\s*,?\s+"
    r"(?:(?:which\s+)?(?:will|is\s+to|shall)\s+(?:be\s+held|take\s+place|meet)|to\s+be\s+held)\b",
    re.IGNORECASE,
)
_BEFORE_DATE = re.compile(
    rf"[\s,]+on\s+(?:{WEEKDAY_WORD},?\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_IN_OR_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?=[A-Z])")
_PLACE_AFTER = re.compile(r"^[\s,]*(?:in|at)\s+(?:the\s+)?(?P<place>[A-Z][^;\n]*)")
_PLACE_END = re.compile(
    r"(?:\.\s|\.$|\s+when\b|\s+to\s+(?:consider|transact|discuss)\b|\s+commencing\b|"
    r"\s+starting\b|\s+on\s+the\s+following\b)",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^(?P<key>date\s*(?:/|and|&)\s*time|date|time|venue|location|place|meeting|committee|"
    r"board|meeting\s+of)\s*[:\t]\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_BODY_LINE = re.compile(
    r"^(?:the\s+)?(?:[A-Za-z][A-Za-z&',()/ -]{0,80}\s)?(?:board|committee|sub-committee|"
    r"cabinet|panel|forum|partnership|commission|assembly|executive|council|authority|group)$",
    re.IGNORECASE,
)
_NOT_BODY = re.compile(
    r"^(?:.*\b(?:county|city|borough|district|town|parish)\s+council$|(?:the\s+)?council$|"
    r"(?:notice|minutes|report|agenda|meeting|members|membership|dear|to)\b)",
    re.IGNORECASE,
)
_COUNCIL_NAME = re.compile(r"^(?:the\s+)?(?:[A-Z][\w'-]*\s+){1,4}council$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>()\"'\]\[]+", re.IGNORECASE)
_CONFERENCE_HOSTS = (
    "zoom.us", "teams.microsoft.com", "teams.live.com", "webex.com", "meet.google.com",
    "gotomeeting.com", "gotomeet.me", "whereby.com", "meet.jit.si", "bluejeans.com",
)  # fmt: skip
_STREAM_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "public-i.tv", "civico.net")
_TBC = re.compile(
    r"\b(?:to\s+be\s+(?:confirmed|arranged|agreed|determined|announced|set)|tbc|tba)\b",
    re.IGNORECASE,
)
_SAME_TIME = re.compile(
    r"\b(?:same|usual)\s+time\b|\bat\s+the\s+time\s+of\s+this\s+meeting\b", re.IGNORECASE
)
_MAX_GUESSES = 40
_NEXT_MEETING_PHRASE = re.compile(r"\bnext\s+meeting\b", re.IGNORECASE)


@dataclass(slots=True)
class Summons:
    """What the front of a pack says about the meeting it calls."""

    meeting: MeetingInfo
    day: date | None
    body: str | None
    explicit: bool
    """True when the date came from a summons sentence or a "Date:" field, not a guess."""
    warnings: list[str] = field(default_factory=list)


def read_summons(head: str, zone: ZoneInfo) -> Summons:
    """Read the summoned meeting from the pack's front matter (text before the agenda).

    Understands "A meeting of the X will be held in PLACE on DATE commencing at TIME" and
    "Date/Time:", "Date:", "Time:", "Venue:"/"Location:" fields; failing both, the first
    date in the front matter with a time printed just after it.
    """
    warnings: list[str] = []
    body: str | None = None
    day: date | None = None
    clock: FoundTime | None = None
    location: str | None = None
    explicit = False

    held = _HELD.search(head)
    if held:
        body = collapse_spaces(held.group("body"))
        window = _paragraph(head, held.end())
        dates = find_dates(window)
        if dates:
            day, explicit = dates[0].value, True
            clock = _time_near(window, dates[0])
            before = _place_before(window[: dates[0].start])
            if before:
                location = _tidy_place(before)
            else:
                after = window[clock.end if clock else dates[0].end :]
                place = _PLACE_AFTER.match(after)
                if place:
                    location = _tidy_place(place.group("place"))

    fields = _fields(head)
    if day is None:
        for key in ("date/time", "date"):
            if key in fields:
                dates = find_dates(fields[key])
                if dates:
                    day, explicit = dates[0].value, True
                    clock = _time_near(fields[key], dates[0])
                    break
    if day is not None and clock is None and "time" in fields:
        clock = find_time(fields["time"])
    if location is None:
        for key in ("location", "venue", "place"):
            if key in fields:
                location = _tidy_place(fields[key])
                break
    if body is None:
        for key in ("meeting", "committee", "board", "meeting of"):
            if key in fields and not find_dates(fields[key]):
                body = fields[key]
                break
    if body is None:
        body = _body_line(head)

    if day is None:
        for found in find_dates(head)[:_MAX_GUESSES]:
            guess = _time_near(head, found)
            if guess is not None:
                day, clock = found.value, guess
                warnings.append(
                    f"meeting date {day.isoformat()} taken from the first dated line of the "
                    "front page; no summons sentence or Date: field was found"
                )
                break

    start: datetime | None = None
    if day is not None:
        if clock is None:
            warnings.append(
                f"meeting on {day.isoformat()} has no start time printed; start left unknown"
            )
        else:
            start = at(day, clock.value, zone)
            if clock.guessed:
                warnings.append(f"meeting time printed without am/pm; read as {clock.value:%H:%M}")
    if location is None and day is not None:
        warnings.append("meeting location not found")
    meeting = MeetingInfo(start=start, location=location, remote_link=_remote_link(head))
    return Summons(meeting=meeting, day=day, body=body, explicit=explicit, warnings=warnings)


def read_next_meeting(
    texts: list[str], this_day: date | None, this_start: datetime | None, zone: ZoneInfo
) -> tuple[NextMeeting, list[str]]:
    """Read the next meeting from a "DATE OF NEXT MEETING" item's text (first in ``texts``).

    Takes the first date after this meeting's date. With a date but no time printed, the
    start time of this meeting is assumed and a warning says so, unless the text itself says
    "at the same time". Text saying "to be confirmed", or no date at all, gives a null start.
    """
    for text in texts:
        flat = collapse_spaces(text.replace("\n", " "))
        for found in find_dates(flat):
            if this_day is not None and found.value <= this_day:
                continue
            return _next_from(flat, found, this_start, zone)
        if this_day is not None:
            for found in find_yearless_dates(flat, this_day):
                next_meeting, warnings = _next_from(flat, found, this_start, zone)
                note = f"next meeting date printed without a year; read as {found.value}"
                return next_meeting, [note, *warnings]
        if _TBC.search(flat):
            return NextMeeting(start=None), ["next meeting date is to be confirmed"]
    return NextMeeting(start=None), ["no next meeting date found"]


def next_meeting_sentences(text: str) -> list[str]:
    """Paragraphs of ``text`` that talk about "the next meeting" (a fallback source)."""
    return [
        paragraph
        for paragraph in re.split(r"\n\s*\n", text)
        if _NEXT_MEETING_PHRASE.search(paragraph)
    ]


def _next_from(
    flat: str, found: FoundDate, this_start: datetime | None, zone: ZoneInfo
) -> tuple[NextMeeting, list[str]]:
    warnings: list[str] = []
    clock = _time_near(flat, found)
    rest = flat[clock.end if clock else found.end :]
    place = _PLACE_AFTER.match(rest)
    location = _tidy_place(place.group("place")) if place else None
    if clock is not None:
        start: datetime | None = at(found.value, clock.value, zone)
        if clock.guessed:
            warnings.append(f"next meeting time printed without am/pm; read as {clock.value:%H:%M}")
    elif this_start is not None:
        start = at(found.value, this_start.timetz().replace(tzinfo=None), zone)
        if not _SAME_TIME.search(flat):
            warnings.append(
                f"next meeting on {found.value.isoformat()} has no time printed; assumed "
                f"{this_start:%H:%M}, the start time of this meeting"
            )
    else:
        start = None
        warnings.append(
            f"next meeting on {found.value.isoformat()} has no time printed; start left unknown"
        )
    return NextMeeting(start=start, location=location), warnings


def _paragraph(text: str, start: int) -> str:
    end = text.find("\n\n", start)
    chunk = text[start : end if end != -1 else start + 600][:600]
    return collapse_spaces(chunk.replace("\n", " "))


def _time_near(text: str, found: FoundDate) -> FoundTime | None:
    window = text[found.end : found.end + 60]
    clock = find_time(window)
    if clock is None:
        return None
    # Only a time printed right after the date belongs to it ("... 2023 at 2.00 pm").
    gap = window[: clock.start]
    if len(gap) > 30 or "." in gap.replace("p.m", "").replace("a.m", ""):
        return None
    return FoundTime(
        clock.value, found.end + clock.start, found.end + clock.end, guessed=clock.guessed
    )


def _fields(head: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for raw in head.split("\n"):
        line = raw.strip()
        if "\t" in line:
            cells = [cell for cell in split_cells(line) if cell]
            if len(cells) >= 2 and not cells[0].endswith(":"):
                line = f"{cells[0]}: {' '.join(cells[1:])}"
        match = _FIELD.match(collapse_spaces(line))
        if not match:
            continue
        key = re.sub(r"\s*(?:/|and|&)\s*", "/", match.group("key").lower())
        key = collapse_spaces(key)
        fields.setdefault(key, collapse_spaces(match.group("value")))
    return fields


def _place_before(text: str) -> str | None:
    """The place in "held [as a hybrid meeting] in PLACE on [Tuesday,]" (text before a date)."""
    ending = _BEFORE_DATE.search(text)
    if not ending:
        return None
    text = text[: ending.start()]
    for match in _IN_OR_AT.finditer(text):
        place = text[match.end() :]
        if place and not place[0].isdigit():
            return place
    return None


def _body_line(head: str) -> str | None:
    """A title line such as "CABINET" or "Health and Wellbeing Board" on the front page.

    A council's own name ("Westshire Council") is its letterhead, so it is the body only
    when no other one is named.
    """
    letterhead: str | None = None
    for raw in head.split("\n")[:80]:
        line = collapse_spaces(raw)
        if len(line) > 90 or any(c.isdigit() for c in line) or ":" in line:
            continue
        if _BODY_LINE.match(line) and not _NOT_BODY.match(line):
            if not _COUNCIL_NAME.match(line):
                return line
            letterhead = letterhead or line
    return letterhead


def _tidy_place(place: str) -> str | None:
    place = collapse_spaces(place)
    end = _PLACE_END.search(place)
    if end:
        place = place[: end.start()]
    place = place.strip(" ,;:.")
    if place.lower().startswith("the "):
        place = place[4:]
    return place or None


def _remote_link(head: str) -> str | None:
    urls = [match.group(0).rstrip(".,;:") for match in _URL.finditer(head)]
    for hosts in (_CONFERENCE_HOSTS, _STREAM_HOSTS):
        for url in urls:
            host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
            if any(host == h or host.endswith("." + h) for h in hosts):
                return url
    return None
