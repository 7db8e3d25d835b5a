"""Notices that a meeting will not go ahead as called: adjourned, cancelled, moved.

Bodies publish these in place of an agenda (US commissions adjourning for lack of a quorum,
UK parish clerks cancelling a meeting, boards moving a meeting to another date or place).
:func:`read_notice` recognises one from its title or its opening sentences and reads the
meeting it is about and, when one is named, the date the meeting now takes place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from .dates import FoundDate, at, find_dates, find_time
from .model import MeetingInfo, NextMeeting, NoticeStatus
from .text import collapse_spaces

__all__ = ["Notice", "read_notice"]

# US and UK notice titles: "NOTICE OF ADJOURNMENT OF REGULAR MEETING", "Notice of
# Cancellation", "MEETING CANCELLED", "Postponement of meeting".
_TITLE = re.compile(
    r"^(?:(?:public\s+)?notice\s+of\s+(?:the\s+)?(?P<noun>adjournment|cancell?ation|"
    r"postponement|change\s+of\s+(?:date|venue|location|time)|rescheduled|relocation)\b|"
    r"(?:[\w'-]+\s+){0,6}meeting\s+(?P<adj>cancell?ed|postponed|adjourned|rescheduled|"
    r"moved|relocated)\b)",
    re.IGNORECASE,
)
# The notice sentence: "the Regular Meeting to be held on ... has been adjourned to ...",
# "the meeting will not take place", "... is cancelled", "has been moved to".
_SENTENCE = re.compile(
    r"\bmeeting\b[^.]{0,240}?(?:"
    r"\b(?:has|have)\s+been\s+(?P<done>cancell?ed|postponed|adjourned|rescheduled|moved|"
    r"relocated)\b|"
    r"\b(?:is|was|will\s+be)\s+(?P<passive>cancell?ed|postponed|adjourned\s+to|rescheduled|"
    r"moved\s+to)\b|"
    r"\bwill\s+not\s+(?P<not>take\s+place|be\s+held|go\s+ahead|convene|meet)\b)",
    re.IGNORECASE,
)
# Where the new date follows: "adjourned to", "rescheduled for", "moved to", "now be held on".
_NEW_DATE = re.compile(
    r"\b(?:adjourned|postponed|rescheduled|moved|relocated|deferred)\s+(?:to|until|for|on)\b|"
    r"\b(?:will\s+)?now\s+(?:be\s+held|take\s+place|meet)\b|\bnew\s+date\b",
    re.IGNORECASE,
)
_VENUE = re.compile(
    r"\b(?:will\s+be|is\s+to\s+be|shall\s+be)\s+held\s+(?:at|in)\s+(?:the\s+)?(?P<place>[^.;\n]{3,200})",
    re.IGNORECASE,
)
_OPENING_LINES = 25
_OPENING_CHARS = 3000
_MAX_ITEMS = 1


@dataclass(slots=True)
class Notice:
    """What the notice says: the meeting as called, what happened to it, the new meeting."""

    status: NoticeStatus
    meeting: MeetingInfo
    day: date | None
    next_meeting: NextMeeting | None
    warnings: list[str]


def read_notice(lines: list[str], zone: ZoneInfo, agenda_items: int) -> Notice | None:
    """The notice ``lines`` carry, or None when they are not a notice about a meeting.

    Only the opening of the document counts, and only when it carries no agenda to speak of
    (``agenda_items`` read from it): an agenda that mentions a cancelled item is an agenda.
    """
    if agenda_items > _MAX_ITEMS:
        return None
    opening: list[str] = []
    for line in lines:
        if len(opening) >= _OPENING_LINES:
            break
        if line.strip():
            opening.append(collapse_spaces(line[:_OPENING_CHARS]))
    text = " ".join(opening)[:_OPENING_CHARS]
    status: NoticeStatus | None = None
    for line in opening[:6]:
        title = _TITLE.match(line)
        if title:
            status = _status(title.group("noun") or title.group("adj") or "")
            break
    sentence = _SENTENCE.search(text)
    if sentence is not None:
        word = sentence.group("done") or sentence.group("passive") or ""
        worded = _status(word) if word else "cancelled"
        if status is None or (status == "cancelled" and worded != "cancelled"):
            status = worded
    if status is None:
        return None
    return _read(text, sentence.start() if sentence else 0, status, zone)


def _status(word: str) -> NoticeStatus:
    word = word.lower()
    if word.startswith(("adjourn", "postpone")):
        return "adjourned"
    if word.startswith("cancel") or not word:
        return "cancelled"
    return "moved"  # rescheduled, moved, relocated, a change of date or venue


def _read(text: str, begin: int, status: NoticeStatus, zone: ZoneInfo) -> Notice:
    warnings: list[str] = []
    dates = find_dates(text)
    called: FoundDate | None = None
    new: FoundDate | None = None
    pivot = _NEW_DATE.search(text, begin)
    for found in dates:
        if pivot is not None and found.start >= pivot.end():
            if new is None and (called is None or found.value >= called.value):
                new = found
        elif found.start >= begin or called is None:
            called = found
    if called is None and dates:
        called = dates[0]
    meeting = MeetingInfo(start=None)
    day = called.value if called else None
    if called is not None:
        clock = _clock_after(text, called)
        if clock is not None:
            meeting.start = at(called.value, clock, zone)
    else:
        warnings.append("the notice names no meeting date")
    next_meeting: NextMeeting | None = None
    if new is not None and new.value != day:
        clock = _clock_after(text, new)
        venue = _VENUE.search(text, new.end)
        next_meeting = NextMeeting(
            start=at(new.value, clock, zone) if clock else None,
            location=collapse_spaces(venue.group("place")).strip(" ,") if venue else None,
        )
        if clock is None:
            warnings.append(f"the new meeting date {new.value.isoformat()} has no time printed")
    elif status != "cancelled":
        warnings.append("no new date for the meeting was found in the notice")
    return Notice(status, meeting, day, next_meeting, warnings)


def _clock_after(text: str, found: FoundDate) -> time | None:
    window = text[found.end : found.end + 40]
    clock = find_time(window)
    if clock is None or clock.start > 15:
        return None
    return clock.value
