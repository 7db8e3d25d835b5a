"""What a sync source says, as plain values. Text is already unescaped and plain; dates and
times are the council's local ones (the board's zone makes them instants)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True, slots=True)
class Cached:
    """The last answer to ``url`` and its validators: the next request is conditional
    (If-None-Match / If-Modified-Since), and a 304 reuses ``body``."""

    url: str
    etag: str | None
    last_modified: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class RemoteCommittee:
    id: str
    title: str
    category: str | None = None
    # False for a deleted or expired committee (not offered when choosing).
    current: bool = True


@dataclass(frozen=True, slots=True)
class RemoteDocument:
    """A paper: a report, an appendix, the minutes. ``item_id``: the :class:`RemoteItem` it
    belongs to (None: the meeting as a whole)."""

    id: str
    title: str
    url: str
    published_on: date | None = None
    restricted: bool = False
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """An agenda item. ``number``: the printed number ("1", "4a"), never the service's internal
    sequence; "" when the item is printed without one. ``minute``: the plain text of its minute,
    only once published (the item says so, or, when it says nothing, the meeting's minutes or
    decisions are published); None before: draft minutes are never passed on."""

    id: str
    number: str
    title: str
    presenter: str | None = None
    restricted: bool = False
    is_decision: bool = False
    minute: str | None = None


@dataclass(frozen=True, slots=True)
class RemoteAttendee:
    """A member listed for a meeting. ``name`` as given ("Councillor Jane Smith"); ``role`` the
    role description ("Chair", "Vice-Chair", "Committee Member", "Substitute"...)."""

    id: str
    name: str
    role: str | None = None
    attendance: str | None = None


@dataclass(frozen=True, slots=True)
class RemoteMeeting:
    """One meeting. ``start`` None: the time is not given. ``status`` as given ("Confirmed",
    "Cancelled"...); ``cancelled`` reads it."""

    id: str
    day: date
    start: time | None
    finish: time | None = None
    location: str | None = None
    status: str | None = None
    cancelled: bool = False
    agenda_published: bool = False
    minutes_published: bool = False
    decisions_published: bool = False
    items: tuple[RemoteItem, ...] = ()
    documents: tuple[RemoteDocument, ...] = ()
    attendees: tuple[RemoteAttendee, ...] = ()
    # The meeting's page on the council's site, when the source knows it.
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One committee's meetings from ``first_day`` to ``last_day`` (inclusive), filtered on our
    side whatever the server did with the dates. ``responses``: the answers worth keeping for
    conditional requests next time (validators and bodies)."""

    committee_id: str
    committee_title: str | None
    first_day: date
    last_day: date
    meetings: tuple[RemoteMeeting, ...]
    responses: tuple[Cached, ...] = field(default=())
