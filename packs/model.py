"""Plain dataclasses for what an agenda pack says. No database, no Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from core.roles import Role

ActionStatus = Literal["open", "completed", "carried-forward"]
DocumentKind = Literal["agenda", "pack", "minutes", "notice"]
"""What a document is: an agenda or summons with no reports, a full pack (agenda with
reports or minutes), minutes alone, or a notice about a meeting (adjourned, cancelled...)."""
NoticeStatus = Literal["adjourned", "cancelled", "moved"]


@dataclass(slots=True)
class MeetingInfo:
    """The meeting a pack summons. ``start`` is aware, in the board's zone."""

    start: datetime | None
    location: str | None = None
    remote_link: str | None = None
    day: date | None = None
    """The date when it is printed without a time (``start`` then None): JSON prints the date."""


@dataclass(slots=True)
class NextMeeting:
    start: datetime | None
    location: str | None = None
    day: date | None = None
    """The date when it is printed without a time (``start`` then None): JSON prints the date."""


@dataclass(slots=True)
class AgendaItem:
    number: str | None
    """As printed ("10", "10A", "II.B.3"); None for an unnumbered (bulleted) item."""
    title: str
    presenter: str | None = None
    presenter_role: str | None = None
    report_number: str | None = None
    pages: tuple[int, int] | None = None
    duration_minutes: int | None = None
    purpose: str | None = None
    exempt: bool = False


@dataclass(slots=True)
class Member:
    name: str
    role: Role = Role.MEMBER
    title: str | None = None


@dataclass(slots=True)
class PreviousMeeting:
    date: date | None
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ActionRecord:
    ref: str | None
    description: str
    owner: str | None = None
    due: date | None = None
    status: ActionStatus = "open"


@dataclass(slots=True)
class Resolution:
    item: str | None
    outcomes: list[str] = field(default_factory=list)
    text: str = ""


@dataclass(slots=True)
class Pack:
    """Everything read from one agenda pack (see shared SCHEMA.md)."""

    source: str
    body: str | None
    organisation: str | None
    meeting: MeetingInfo
    agenda: list[AgendaItem] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    members: list[Member] = field(default_factory=list)
    previous_meeting: PreviousMeeting | None = None
    actions: list[ActionRecord] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: DocumentKind = "agenda"
    status: NoticeStatus | None = None
    """For a notice: what happened to the meeting it names (``meeting``); the new date, if
    any, is ``next_meeting``."""

    def to_json(self) -> dict[str, Any]:
        """The SCHEMA.md object: keys always present, unknown values null."""

        def when(value: datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "source": self.source,
            "body": self.body,
            "organisation": self.organisation,
            "meeting": {
                "start": when(self.meeting.start)
                or (self.meeting.day.isoformat() if self.meeting.day else None),
                "location": self.meeting.location,
                "remote_link": self.meeting.remote_link,
            },
            "agenda": [
                {
                    "number": item.number,
                    "title": item.title,
                    "presenter": item.presenter,
                    "presenter_role": item.presenter_role,
                    "report_number": item.report_number,
                    "pages": list(item.pages) if item.pages else None,
                    "duration_minutes": item.duration_minutes,
                    "purpose": item.purpose,
                    "exempt": item.exempt,
                }
                for item in self.agenda
            ],
            "next_meeting": (
                {
                    "start": when(self.next_meeting.start)
                    or (self.next_meeting.day.isoformat() if self.next_meeting.day else None),
                    "location": self.next_meeting.location,
                }
                if self.next_meeting
                else None
            ),
            "members": [
                {"name": m.name, "role": m.role.value, "title": m.title} for m in self.members
            ],
            "previous_meeting": (
                {
                    "date": (
                        self.previous_meeting.date.isoformat()
                        if self.previous_meeting.date
                        else None
                    ),
                    "present": list(self.previous_meeting.present),
                    "apologies": list(self.previous_meeting.apologies),
                }
                if self.previous_meeting
                else None
            ),
            "actions": [
                {
                    "ref": a.ref,
                    "description": a.description,
                    "owner": a.owner,
                    "due": a.due.isoformat() if a.due else None,
                    "status": a.status,
                }
                for a in self.actions
            ],
            "resolutions": [
                {"item": r.item, "outcomes": list(r.outcomes), "text": r.text}
                for r in self.resolutions
            ],
            "kind": self.kind,
            "status": self.status,
            "warnings": list(self.warnings),
        }
