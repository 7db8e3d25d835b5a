"""Members saying whether they will attend a meeting, or sending apologies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from sqlmodel import select

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from notify.planning import plan_meeting
from services.access import AccessDenied, require_board
from services.views import Viewer
from storage.engine import Database
from storage.models import Attendance, Meeting, MeetingStatus, Person

AttendanceStatusName = Literal["attending", "apologies"]
REASON_LIMIT = 500
SUBSTITUTE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class AttendanceView:
    meeting_id: int
    person_name: str
    status: str
    reason: str | None
    substitute: str | None


def _clean(text: str | None, *, limit: int, what: str) -> str | None:
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    if len(text) > limit:
        raise QuorumError(f"Please keep the {what} under {limit} characters.")
    return text


async def set_attendance(
    db: Database,
    *,
    viewer: Viewer,
    meeting_id: int,
    status: AttendanceStatusName,
    now: datetime,
    reason: str | None = None,
    substitute: str | None = None,
) -> AttendanceView:
    """Record (or change) the viewer's answer for a meeting of one of their boards.

    A second answer replaces the first, reason and substitute included. A substitute goes
    with apologies only. Raises AccessDenied for another board's meeting, NotFoundError for
    no such meeting, QuorumError for a cancelled meeting or one that has already started.
    """
    if status not in get_args(AttendanceStatusName):
        raise QuorumError(f"Unknown attendance {status!r}: use attending or apologies.")
    reason = _clean(reason, limit=REASON_LIMIT, what="reason")
    substitute = _clean(substitute, limit=SUBSTITUTE_LIMIT, what="substitute's name")
    if status == "attending" and substitute is not None:
        raise QuorumError("A substitute is only named when sending apologies.")
    now = ensure_utc(now)
    async with db.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError("That meeting is no longer in the calendar.")
        require_board(viewer, meeting.board_id)
        person = await session.get(Person, viewer.person_id)
        if person is None:
            # A group's public audience is not a person: only members answer for themselves.
            raise AccessDenied("Only a linked member can answer for a meeting.")
        if meeting.status == MeetingStatus.CANCELLED.value:
            raise QuorumError("That meeting has been cancelled.")
        if meeting.starts_at_utc <= now:
            raise QuorumError("That meeting has already started; attendance is closed.")
        row = (
            await session.exec(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.person_id == viewer.person_id
                )
            )
        ).first()
        if row is None:
            row = Attendance(meeting_id=meeting_id, person_id=viewer.person_id, status=status)
        row.status = status
        row.reason = reason
        row.substitute = substitute
        row.updated_at_utc = now
        session.add(row)
        # Apologies stop this member's reminders for the meeting; attending brings them back.
        await session.flush()
        await plan_meeting(session, meeting_id, now=now, person_ids=[viewer.person_id])
        return AttendanceView(
            meeting_id=meeting_id,
            person_name=person.full_name,
            status=status,
            reason=reason,
            substitute=substitute,
        )


async def my_attendance(db: Database, *, viewer: Viewer, meeting_id: int) -> str | None:
    """The viewer's answer for a meeting ("attending" or "apologies"); None if not given."""
    async with db.read() as session:
        return (
            await session.exec(
                select(Attendance.status).where(
                    Attendance.meeting_id == meeting_id, Attendance.person_id == viewer.person_id
                )
            )
        ).first()
