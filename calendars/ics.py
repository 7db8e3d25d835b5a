"""Meetings and actions as iCalendar (RFC 5545 / 5546 / 7986) bytes. No Telegram, no database.

Three shapes:

* :func:`meeting_ics` - one meeting for "Add to calendar" through Telegram: the member's client
  *imports* the file, so ``METHOD:PUBLISH`` and no ORGANIZER/ATTENDEE (``METHOD:CANCEL`` once
  the meeting is cancelled).
* :func:`meeting_invite` - one meeting for e-mail: ``METHOD:REQUEST`` (or ``CANCEL``) with an
  ORGANIZER and one ATTENDEE per person, so the reader's client offers Accept/Decline.
* :func:`feed_ics` - a subscription feed (many VEVENTs, ``METHOD:PUBLISH``), rendered
  deterministically so the HTTP layer can derive ETags from the bytes.

Times are written in UTC (``...Z``): every client converts them to the reader's zone, and no
VTIMEZONE is needed (Outlook mishandles the RDATE-list form that ``add_missing_timezones()``
emits). The human-readable local time goes in DESCRIPTION. The UID is derived from the id, so a
later file with a higher SEQUENCE updates the same calendar entry.

Feeds can hold a thousand meetings; building that many VEVENTs with icalendar's object model
takes far longer than an HTTP response should, so a feed's VEVENTs are written directly as
content lines (:func:`_fast_meeting_block`, :func:`_fast_action_block`): the same properties in
the same order, TEXT escaped as icalendar escapes it, and folded by :func:`fold`, which slices
where icalendar walks character by character. The icalendar-built VEVENTs stay as the reference
(:func:`_reference_meeting_block`, :func:`_reference_action_block`, and every single-meeting
file): tests check, on arbitrary events, that the fast blocks are those bytes exactly. Each block
is also kept in a bounded LRU keyed by the (frozen, hashable) event value and domain. A changed
meeting is a different key, so it is rendered afresh; unchanged ones are reused byte for byte.
A caller that keeps blocks itself, under keys cheaper than the event (the stored meeting's
columns: :mod:`services.calendar_feeds`), writes them with :func:`feed_meeting_block` and
assembles the feed with :func:`feed_from_blocks`, the same bytes as :func:`feed_ics`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    vCalAddress,
    vDDDTypes,
    vDuration,
    vInt,
)

from calendars.events import ActionDue, AgendaLine, MeetingEvent, Person
from calendars.zones import format_date, format_when, to_local
from core.clock import ensure_utc

PRODID = "-//Quorum//Governance board assistant//EN"
DEFAULT_DURATION = timedelta(hours=2)
REMINDER_BEFORE = timedelta(hours=1)
# How often a subscribed client should poll a feed (RFC 7986 REFRESH-INTERVAL, and the older
# X-PUBLISHED-TTL that Outlook reads).
FEED_REFRESH = timedelta(hours=1)
# An action's SUMMARY carries at most this many characters of its description (the full text is
# in DESCRIPTION); calendar grids show little more than this anyway.
ACTION_SUMMARY_CHARS = 60
# Serialized VEVENTs kept for feeds (a block is ~1-2 KB; a large board's feed is ~1,000).
FEED_CACHE_SIZE = 4096

_END_CALENDAR = b"END:VCALENDAR\r\n"
_FOLD_AT = 75
_ESCAPE_STARTS = b"\\^"
_SPACES = re.compile(r"\s+")
# The VALARM's TRIGGER value: -REMINDER_BEFORE as icalendar writes the DURATION (the tests
# compare the fast blocks with icalendar's, so a change to one without the other fails them).
_TRIGGER = "-PT1H"


def meeting_uid(meeting_id: int, domain: str) -> str:
    """``meeting-42@quorum.example``: the same in every file that describes the meeting."""
    return f"meeting-{meeting_id}@{domain}"


def action_uid(action_id: int, domain: str) -> str:
    """``action-7@quorum.example``."""
    return f"action-{action_id}@{domain}"


def meeting_ics(event: MeetingEvent, *, domain: str, now: datetime) -> bytes:
    """One meeting to import (Telegram): ``METHOD:PUBLISH``, or ``METHOD:CANCEL`` when cancelled.

    DTSTAMP is ``now``, when the file was produced.
    """
    calendar = _calendar("CANCEL" if event.cancelled else "PUBLISH")
    calendar.add_component(_meeting_vevent(event, domain=domain, dtstamp=now))
    return bytes(calendar.to_ical())


def meeting_invite(
    event: MeetingEvent,
    *,
    domain: str,
    now: datetime,
    organizer: Person,
    attendees: Sequence[Person],
) -> bytes:
    """One meeting to e-mail: ``METHOD:REQUEST`` (``CANCEL`` when cancelled) with ORGANIZER and
    one ATTENDEE per person (the same person twice, by e-mail address, is listed once)."""
    calendar = _calendar("CANCEL" if event.cancelled else "REQUEST")
    vevent = _meeting_vevent(event, domain=domain, dtstamp=now)
    vevent.add("organizer", _address(organizer))
    seen: set[str] = set()
    for person in attendees:
        key = person.email.strip().casefold()
        if key in seen:
            continue
        seen.add(key)
        address = _address(person)
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
        address.params["CUTYPE"] = "INDIVIDUAL"
        vevent.add("attendee", address)
    calendar.add_component(vevent)
    return bytes(calendar.to_ical())


def feed_ics(
    *,
    name: str,
    events: Sequence[MeetingEvent],
    actions: Sequence[ActionDue] = (),
    domain: str,
    description: str | None = None,
) -> bytes:
    """A subscription feed: every meeting (cancelled ones stay, ``STATUS:CANCELLED``) and every
    action's due date as an all-day event.

    There is no ``now``: DTSTAMP is each item's last change, so the same inputs give the same
    bytes. Meetings are written in start order and actions in due order (ties by id), so the
    order the caller passes them in does not matter either. The same value passed twice is
    written once; two different values with one id are a caller's bug (:class:`ValueError`).
    """
    return feed_from_blocks(
        name=name,
        meeting_blocks=[_meeting_block(event, domain) for event in _by_start(events)],
        actions=actions,
        domain=domain,
        description=description,
    )


def feed_from_blocks(
    *,
    name: str,
    meeting_blocks: Iterable[bytes],
    actions: Sequence[ActionDue] = (),
    domain: str,
    description: str | None = None,
) -> bytes:
    """:func:`feed_ics` with the meetings' VEVENTs already written by :func:`feed_meeting_block`
    (a caller that keeps them per meeting renders only the meetings that changed). The blocks
    must come in :func:`feed_ics`'s order: by start, then by meeting id."""
    calendar = _calendar("PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    blocks = list(meeting_blocks)
    blocks.extend(_action_block(action, domain) for action in _by_due(actions))
    return _wrap(calendar, blocks)


def feed_meeting_block(event: MeetingEvent, domain: str) -> bytes:
    """One meeting's VEVENT exactly as :func:`feed_ics` writes it (not cached here: the caller
    keeps it)."""
    return _fast_meeting_block(event, domain)


def feed_order(event: MeetingEvent) -> tuple[datetime, int]:
    """Where a meeting goes in a feed: by start, then by id."""
    return ensure_utc(event.starts_at_utc), event.meeting_id


def clear_feed_cache() -> None:
    """Forget every cached VEVENT (tests and benchmarks measure cold rendering with this)."""
    _feed_meeting_block.cache_clear()
    _feed_action_block.cache_clear()


# --- building blocks ------------------------------------------------------------------------


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _wrap(calendar: Calendar, blocks: Iterable[bytes]) -> bytes:
    """The calendar's own lines, then the serialized components, then END:VCALENDAR."""
    shell = bytes(calendar.to_ical())
    if not shell.endswith(_END_CALENDAR):  # pragma: no cover - icalendar always ends so
        raise AssertionError("unexpected VCALENDAR serialization")
    return b"".join((shell[: -len(_END_CALENDAR)], *blocks, _END_CALENDAR))


def _meeting_vevent(event: MeetingEvent, *, domain: str, dtstamp: datetime) -> Event:
    """The VEVENT every export of a meeting shares; only DTSTAMP differs between them."""
    starts, ends = _meeting_span(event)
    vevent = Event()
    vevent.add("uid", meeting_uid(event.meeting_id, domain))
    vevent.add("dtstamp", ensure_utc(dtstamp))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.summary)
    vevent.add("dtstart", starts)
    vevent.add("dtend", ends)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("description", meeting_description(event))
    if event.categories:
        vevent.add("categories", list(event.categories))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    if event.created_utc is not None:
        vevent.add("created", ensure_utc(event.created_utc))
    if event.last_modified_utc is not None:
        vevent.add("last-modified", ensure_utc(event.last_modified_utc))
    if _alarmed(event):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{event.summary} starts soon")
        alarm.add("trigger", -REMINDER_BEFORE)
        vevent.add_component(alarm)
    return vevent


def _meeting_span(event: MeetingEvent) -> tuple[datetime, datetime] | tuple[date, date]:
    """DTSTART and DTEND: UTC times (two hours when no end is known), or, for a meeting whose
    time was never stated, its local date and the next (an all-day event)."""
    starts = ensure_utc(event.starts_at_utc)
    if not event.time_stated:
        day = to_local(starts, ZoneInfo(event.zone)).date()
        return day, day + timedelta(days=1)
    ends = ensure_utc(event.ends_at_utc) if event.ends_at_utc is not None else None
    if ends is None or ends <= starts:
        ends = starts + DEFAULT_DURATION
    return starts, ends


def _alarmed(event: MeetingEvent) -> bool:
    """An alarm before the start: not for a cancelled meeting, nor one with no stated time."""
    return not event.cancelled and event.time_stated


def _when_line(name: str, value: datetime | date) -> str:
    """``DTSTART:20260115T100000Z``, or ``DTSTART;VALUE=DATE:20260115`` for a date."""
    if isinstance(value, datetime):
        return f"{name}:{_utc(value)}"
    return f"{name};VALUE=DATE:{_date(value)}"


def meeting_description(event: MeetingEvent) -> str:
    """DESCRIPTION: the local date and time, the join link, then the public agenda.

    The zone's abbreviation follows the time, so the repeated autumn hour is unambiguous
    ("Sunday 25 October 2026, 1:30am (GMT)").
    """
    zone = ZoneInfo(event.zone)
    starts = ensure_utc(event.starts_at_utc)
    local = to_local(starts, zone)
    lines: list[str] = []
    if event.cancelled:
        lines.append("This meeting has been cancelled.")
    if event.time_stated:
        lines.append(f"{format_when(starts, zone)} ({local.tzname()})")
    else:
        lines.append(format_date(local.date()))
    if event.url:
        lines.append(f"Join online: {event.url}")
    if event.agenda:
        lines.extend(("", "Agenda:"))
        lines.extend(agenda_line(line) for line in event.agenda)
    return "\n".join(lines)


def agenda_line(line: AgendaLine) -> str:
    """``8A. Rutland Health Plan: update — Debra Mitchell``."""
    text = f"{line.number}. {line.title}" if line.number else line.title
    return f"{text} — {line.presenter}" if line.presenter else text


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email.strip()}")
    if person.name.strip():
        # icalendar quotes a name with , ; : and writes a double quote as ^' (RFC 6868).
        address.params["CN"] = _one_line(person.name)
    return address


def _meeting_block(event: MeetingEvent, domain: str) -> bytes:
    try:
        hash(event)
    except TypeError:  # a list where a tuple belongs: still correct, just not cached
        return _fast_meeting_block(event, domain)
    return _feed_meeting_block(event, domain)


def _action_block(action: ActionDue, domain: str) -> bytes:
    try:
        hash(action)
    except TypeError:
        return _fast_action_block(action, domain)
    return _feed_action_block(action, domain)


def _reference_meeting_block(event: MeetingEvent, domain: str) -> bytes:
    """A feed's VEVENT as icalendar writes it: DTSTAMP is the last change (or the start), never
    the wall clock. The fast block must be exactly these bytes."""
    dtstamp = event.last_modified_utc or event.starts_at_utc
    return bytes(_meeting_vevent(event, domain=domain, dtstamp=dtstamp).to_ical())


def _reference_action_block(action: ActionDue, domain: str) -> bytes:
    """An action's VEVENT as icalendar writes it."""
    return bytes(_action_vevent(action, domain=domain).to_ical())


def _fast_meeting_block(event: MeetingEvent, domain: str) -> bytes:
    """:func:`_reference_meeting_block`'s bytes, written directly.

    Properties follow icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID and SEQUENCE
    (its canonical order for VEVENT), then the rest alphabetically; a VALARM's alphabetically.
    """
    starts, ends = _meeting_span(event)
    sequence = int(event.sequence)
    if not vInt.min <= sequence <= vInt.max:  # as icalendar's INTEGER refuses it
        raise ValueError(f"SEQUENCE {sequence} is outside the RFC 5545 range")
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _text(event.summary),
        _when_line("DTSTART", starts),
        _when_line("DTEND", ends),
        "DTSTAMP:" + _utc(ensure_utc(event.last_modified_utc or event.starts_at_utc)),
        "UID:" + _text(meeting_uid(event.meeting_id, domain)),
        "SEQUENCE:" + str(sequence),
    ]
    if event.categories:
        lines.append("CATEGORIES:" + ",".join([_text(name) for name in event.categories]))
    if event.created_utc is not None:
        lines.append("CREATED:" + _utc(ensure_utc(event.created_utc)))
    lines.append("DESCRIPTION:" + _text(meeting_description(event)))
    if event.last_modified_utc is not None:
        lines.append("LAST-MODIFIED:" + _utc(ensure_utc(event.last_modified_utc)))
    if event.location:
        lines.append("LOCATION:" + _text(event.location))
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines.append("TRANSP:OPAQUE")
    if event.url:
        # A URI is written as given (icalendar escapes nothing in it), and, as icalendar's URI
        # refuses it, a CR or LF in one is an error rather than a broken content line.
        if "\r" in event.url or "\n" in event.url:
            raise ValueError(f"A URI value may not contain CR or LF characters: {event.url!r}")
        lines.append("URL:" + event.url)
    if _alarmed(event):
        lines.extend(
            (
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + _text(f"{event.summary} starts soon"),
                "TRIGGER:" + _TRIGGER,
                "END:VALARM",
            )
        )
    lines.append("END:VEVENT")
    return _lines(lines)


def _fast_action_block(action: ActionDue, domain: str) -> bytes:
    """:func:`_reference_action_block`'s bytes, written directly."""
    stamp = action.last_modified_utc
    dtstamp = ensure_utc(stamp) if stamp else datetime.combine(action.due_on, time(), UTC)
    summary = action_summary(action)
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _text(summary),
        "DTSTART;VALUE=DATE:" + _date(action.due_on),
        "DTEND;VALUE=DATE:" + _date(action.due_on + timedelta(days=1)),
        "DTSTAMP:" + _utc(dtstamp),
        "UID:" + _text(action_uid(action.action_id, domain)),
        "CATEGORIES:Action",
        "DESCRIPTION:" + _text(action_description(action)),
    ]
    if stamp is not None:
        lines.append("LAST-MODIFIED:" + _utc(ensure_utc(stamp)))
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return _lines(lines)


_feed_meeting_block = lru_cache(maxsize=FEED_CACHE_SIZE)(_fast_meeting_block)
_feed_action_block = lru_cache(maxsize=FEED_CACHE_SIZE)(_fast_action_block)


def _lines(lines: Iterable[str]) -> bytes:
    """Content lines as UTF-8, each folded and CRLF-terminated (most need no folding)."""
    encoded = []
    for line in lines:
        data = line.encode("utf-8")
        encoded.append(data if len(data) < _FOLD_AT else _fold(data))
    encoded.append(b"")
    return b"\r\n".join(encoded)


def _text(value: str) -> str:
    """A TEXT value escaped as icalendar's ``vText`` escapes it (RFC 5545 §3.3.11), in the same
    order: ``\\N`` is first read as a line break, and CRLF, LF and a lone CR each become ``\\n``.
    (Chained ``str.replace`` is several times faster here than ``str.translate``.)"""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _utc(moment: datetime) -> str:
    """A UTC DATE-TIME as icalendar writes one: ``20260115T100000Z`` (seconds, no fraction)."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"
    )


def _date(day: date) -> str:
    """A DATE as icalendar writes one: ``20260115``."""
    return f"{day.year:04}{day.month:02}{day.day:02}"


def serialize(component: Component) -> bytes:
    """``component.to_ical()``, byte for byte, with a faster line folder.

    icalendar folds a content line one character at a time, which is half the cost of a cold
    feed; :func:`fold` slices instead. Tests compare the two on awkward input.
    """
    lines: Iterable[str] = component.content_lines()
    return b"".join(fold(line) + b"\r\n" for line in lines if line)


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded as icalendar folds it (RFC 5545 §3.1).

    Every physical line is at most 75 octets: the first carries up to 74, a continuation a space
    and up to 74. A cut never splits a UTF-8 sequence, and never leaves a backslash or caret (the
    start of an escape) at the end of a line: it moves to the next one, as icalendar does.
    """
    data = line.encode("utf-8")
    return data if len(data) < _FOLD_AT else _fold(data)


def _fold(data: bytes) -> bytes:
    """:func:`fold` of a line already encoded, and at least 75 octets long."""
    pieces: list[bytes] = []
    start, end = 0, len(data)
    while end - start >= _FOLD_AT:
        cut = start + _FOLD_AT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a multi-octet character: back off
            cut -= 1
        if cut - start > 1 and data[cut - 1] in _ESCAPE_STARTS:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _action_vevent(action: ActionDue, *, domain: str) -> Event:
    vevent = Event()
    vevent.add("uid", action_uid(action.action_id, domain))
    stamp = action.last_modified_utc
    dtstamp = ensure_utc(stamp) if stamp else datetime.combine(action.due_on, time(), UTC)
    vevent.add("dtstamp", dtstamp)
    vevent.add("summary", action_summary(action))
    # vDDDTypes of a date writes DTSTART;VALUE=DATE:20231010.
    vevent.add("dtstart", vDDDTypes(action.due_on))
    vevent.add("dtend", vDDDTypes(action.due_on + timedelta(days=1)))
    vevent.add("description", action_description(action))
    vevent.add("categories", ["Action"])
    vevent.add("transp", "TRANSPARENT")
    if stamp is not None:
        vevent.add("last-modified", ensure_utc(stamp))
    return vevent


def action_summary(action: ActionDue) -> str:
    """SUMMARY: ``Action due: #12 [5] Circulate the falls data`` (the description shortened)."""
    return f"Action due: {action.label} {_shorten(action.description, ACTION_SUMMARY_CHARS)}"


def action_description(action: ActionDue) -> str:
    """DESCRIPTION: the whole description, then the board, the action's label and the due date."""
    lines = (
        action.description.strip(),
        "",
        f"Board: {action.board_name}",
        f"Action: {action.label}",
        f"Due: {format_date(action.due_on)}",
    )
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    flat = _one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _by_start(events: Sequence[MeetingEvent]) -> list[MeetingEvent]:
    unique: dict[int, MeetingEvent] = {}
    for event in events:
        if unique.setdefault(event.meeting_id, event) != event:
            raise ValueError(f"meeting {event.meeting_id} is in the feed twice, differently")
    return sorted(unique.values(), key=feed_order)


def _by_due(actions: Sequence[ActionDue]) -> list[ActionDue]:
    unique: dict[int, ActionDue] = {}
    for action in actions:
        if unique.setdefault(action.action_id, action) != action:
            raise ValueError(f"action {action.action_id} is in the feed twice, differently")
    return sorted(unique.values(), key=lambda action: (action.due_on, action.action_id))


__all__ = [
    "ACTION_SUMMARY_CHARS",
    "DEFAULT_DURATION",
    "FEED_CACHE_SIZE",
    "FEED_REFRESH",
    "PRODID",
    "REMINDER_BEFORE",
    "ActionDue",
    "AgendaLine",
    "MeetingEvent",
    "Person",
    "action_description",
    "action_summary",
    "action_uid",
    "agenda_line",
    "clear_feed_cache",
    "feed_from_blocks",
    "feed_ics",
    "feed_meeting_block",
    "feed_order",
    "fold",
    "meeting_description",
    "meeting_ics",
    "meeting_invite",
    "meeting_uid",
    "serialize",
]
