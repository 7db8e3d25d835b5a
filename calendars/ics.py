"""One meeting as an iCalendar file (RFC 5545) for "Add to calendar". No Telegram here.

Times are written in UTC (``...Z``): every client converts them to the reader's zone, and no
VTIMEZONE is needed (Outlook mishandles the RDATE-list form). The UID is derived from the
meeting's id, so a later file with a higher SEQUENCE updates the same calendar entry.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

from calendars.events import MeetingEvent
from core.clock import ensure_utc

PRODID = "-//Quorum//Governance board assistant//EN"
DEFAULT_DURATION = timedelta(hours=2)
REMINDER_BEFORE = timedelta(hours=1)


def meeting_uid(meeting_id: int, domain: str) -> str:
    return f"meeting-{meeting_id}@{domain}"


def meeting_ics(event: MeetingEvent, *, domain: str, now: datetime) -> bytes:
    """METHOD:PUBLISH (the file is imported, not answered): one VEVENT, one VALARM."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.cancelled else "PUBLISH")

    vevent = Event()
    vevent.add("uid", meeting_uid(event.meeting_id, domain))
    vevent.add("dtstamp", ensure_utc(now))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.summary)
    starts = ensure_utc(event.starts_at_utc)
    vevent.add("dtstart", starts)
    vevent.add(
        "dtend", ensure_utc(event.ends_at_utc) if event.ends_at_utc else starts + DEFAULT_DURATION
    )
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    description = "\n".join(
        f"{line.number}. {line.title}" + (f" ({line.presenter})" if line.presenter else "")
        for line in event.agenda
    )
    if event.url:
        description = f"Join online: {event.url}\n\n{description}".strip()
    if description:
        vevent.add("description", description)
    vevent.add("categories", list(event.categories))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if not event.cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", -REMINDER_BEFORE)
        vevent.add_component(alarm)
    calendar.add_component(vevent)
    return bytes(calendar.to_ical())
