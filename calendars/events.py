"""What a calendar file is made from: plain values, no database and no Telegram.

Services build these from stored meetings and actions; :mod:`calendars.ics` turns them into
iCalendar bytes (single invitations and subscription feeds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One public agenda item as the event's DESCRIPTION lists it (never an exempt one)."""

    number: str
    title: str
    presenter: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """An ORGANIZER or ATTENDEE of an e-mailed invitation."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class MeetingEvent:
    """One meeting (public information only)."""

    meeting_id: int
    # The board's name: "Rutland Health and Wellbeing Board".
    summary: str
    starts_at_utc: datetime
    ends_at_utc: datetime | None = None
    location: str | None = None
    url: str | None = None
    agenda: tuple[AgendaLine, ...] = field(default=())
    sequence: int = 0
    cancelled: bool = False
    categories: tuple[str, ...] = ("Board meeting",)
    # When the stored meeting last changed: LAST-MODIFIED, and DTSTAMP in feeds.
    last_modified_utc: datetime | None = None
    # The board's zone name, for the human-readable local time in DESCRIPTION.
    zone: str = "Europe/London"
    # When the meeting was first stored: CREATED (optional).
    created_utc: datetime | None = None
    # False when no time was ever given (minutes alone): an all-day event on the local date.
    time_stated: bool = True


@dataclass(frozen=True, slots=True)
class ActionDue:
    """An action's due date, an all-day event in its owner's personal feed."""

    action_id: int
    description: str
    due_on: date
    board_name: str
    # How members name the action everywhere else ("#12 [5]": its handle, then the pack's own
    # ref), made by services so that a feed and a chat spell it the same way.
    label: str
    last_modified_utc: datetime | None = None
