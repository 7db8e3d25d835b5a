"""Members saying whether they will attend a meeting, or sending apologies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import to_local
from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from core.roles import Role
from notify.outbox import NewNotification, enqueue
from notify.planning import CHASE_LEAD, meeting_reminder_key, plan_meeting
from services import messages
from services.access import AccessDenied, require_board, require_clerk
from services.meetings import meeting_views
from services.quorum import QuorumRule, board_rule, is_voting
from services.views import MeetingView, Viewer
from storage.engine import Database
from storage.models import (
    Attendance,
    AttendanceStatus,
    Board,
    Broadcast,
    BroadcastKind,
    Meeting,
    MeetingStatus,
    Membership,
    Notification,
    NotificationKind,
    Person,
)

AttendanceStatusName = Literal["attending", "apologies"]
REASON_LIMIT = 500
SUBSTITUTE_LIMIT = 200
ATTENDING = AttendanceStatus.ATTENDING.value
APOLOGIES = AttendanceStatus.APOLOGIES.value
LATE_APOLOGY = NotificationKind.LATE_APOLOGY.value
# How a person's roles on a board are shown, most significant first.
_ROLE_ORDER = (
    Role.CHAIR.value,
    Role.VICE_CHAIR.value,
    Role.MEMBER.value,
    Role.OFFICER.value,
    Role.FOR_INFORMATION.value,
    Role.CLERK.value,
)


@dataclass(frozen=True, slots=True)
class AttendanceView:
    meeting_id: int
    person_name: str
    status: str
    reason: str | None
    substitute: str | None
    clerks_told: int = 0  # late apologies: how many of the board's clerks will be told


class AttendanceDetailsError(QuorumError):
    """A reason or substitute that cannot be kept as given (too long)."""


def _clean(text: str | None, *, limit: int, too_long: str) -> str | None:
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    if len(text) > limit:
        raise AttendanceDetailsError(too_long.format(limit=limit))
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
    keep_details: bool = False,
) -> AttendanceView:
    """Record (or change) the viewer's answer for a meeting of one of their boards.

    A second answer replaces the first, reason and substitute included; with
    ``keep_details``, apologies given again keep a recorded reason or substitute that this call
    does not give. A substitute goes with apologies only. Apologies recorded (or changed) after
    the meeting's agenda was published queue a notice to each of the board's clerks in the
    same transaction. Raises AccessDenied for another board's meeting, NotFoundError for no
    such meeting, QuorumError for a cancelled meeting or one that has already started.
    """
    if status not in get_args(AttendanceStatusName):
        raise QuorumError(messages.UNKNOWN_ATTENDANCE.format(status=status))
    reason = _clean(reason, limit=REASON_LIMIT, too_long=messages.ATTENDANCE_REASON_TOO_LONG)
    substitute = _clean(substitute, limit=SUBSTITUTE_LIMIT, too_long=messages.SUBSTITUTE_TOO_LONG)
    if status == "attending" and substitute is not None:
        raise QuorumError(messages.SUBSTITUTE_ONLY_WITH_APOLOGIES)
    now = ensure_utc(now)
    async with db.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(messages.MEETING_NOT_IN_CALENDAR)
        require_board(viewer, meeting.board_id)
        person = await session.get(Person, viewer.person_id)
        if person is None:
            # A group's public audience is not a person: only members answer for themselves.
            raise AccessDenied(messages.MEMBER_ONLY)
        if meeting.status == MeetingStatus.CANCELLED.value:
            raise QuorumError(messages.MEETING_CANCELLED)
        if meeting.starts_at_utc <= now:
            raise QuorumError(messages.ATTENDANCE_CLOSED)
        row = (
            await session.exec(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.person_id == viewer.person_id
                )
            )
        ).first()
        before = (None, None, None) if row is None else (row.status, row.reason, row.substitute)
        if row is None:
            row = Attendance(meeting_id=meeting_id, person_id=viewer.person_id, status=status)
        elif keep_details and status == APOLOGIES and row.status == APOLOGIES:
            reason = reason if reason is not None else row.reason
            substitute = substitute if substitute is not None else row.substitute
        row.status = status
        row.reason = reason
        row.substitute = substitute
        row.updated_at_utc = now
        session.add(row)
        # Apologies stop this member's reminders for the meeting; attending brings them back.
        await session.flush()
        await plan_meeting(session, meeting_id, now=now, person_ids=[viewer.person_id])
        told = 0
        if status == APOLOGIES and before != (status, reason, substitute):
            told = await _tell_clerks_if_late(session, meeting, viewer.person_id, now=now)
        return AttendanceView(
            meeting_id=meeting_id,
            person_name=person.full_name,
            status=status,
            reason=reason,
            substitute=substitute,
            clerks_told=told,
        )


def late_apology_key(meeting_id: int, person_id: int, clerk_id: int, number: int) -> str:
    return f"late-apology:meeting:{meeting_id}:person:{person_id}:clerk:{clerk_id}:{number}"


async def _tell_clerks_if_late(
    session: AsyncSession, meeting: Meeting, person_id: int, *, now: datetime
) -> int:
    """After the agenda was published, the board's clerks hear of new or changed apologies
    (one outbox row each; the notice says what is recorded when it is sent)."""
    assert meeting.id is not None
    published = (
        await session.exec(
            select(Broadcast.id).where(
                Broadcast.meeting_id == meeting.id,
                Broadcast.kind == BroadcastKind.PUBLICATION.value,
            )
        )
    ).first()
    if published is None:
        return 0
    clerks = set(
        (
            await session.exec(
                select(Membership.person_id).where(
                    Membership.board_id == meeting.board_id, Membership.role == Role.CLERK.value
                )
            )
        ).all()
    )
    clerks.discard(person_id)
    rows: list[NewNotification] = []
    for clerk_id in sorted(clerks):
        # Each change is a new notice: count the ones already queued for this pair.
        earlier = (
            await session.exec(
                select(func.count())
                .select_from(Notification)
                .where(
                    Notification.kind == LATE_APOLOGY,
                    Notification.meeting_id == meeting.id,
                    Notification.person_id == clerk_id,
                    Notification.about_person_id == person_id,
                )
            )
        ).one()
        rows.append(
            NewNotification(
                kind=LATE_APOLOGY,
                dedupe_key=late_apology_key(meeting.id, person_id, clerk_id, int(earlier) + 1),
                due_at_utc=now,
                expires_at_utc=meeting.starts_at_utc,
                board_id=meeting.board_id,
                person_id=clerk_id,
                meeting_id=meeting.id,
                about_person_id=person_id,
            )
        )
    await enqueue(session, rows, now=now)
    return len(rows)


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


# -- the clerk's picture of a meeting ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendeeView:
    """One person on the board, or who answered for the meeting."""

    person_id: int
    name: str
    role: str  # the most significant of their roles on the board
    voting: bool
    linked: bool  # has Telegram, so can be reminded
    status: str | None  # "attending", "apologies", or None (no reply)
    reason: str | None = None
    substitute: str | None = None


@dataclass(frozen=True, slots=True)
class AttendancePicture:
    """Who is expected at a meeting, who answered what, and whether it will be quorate."""

    meeting: MeetingView
    rule: QuorumRule
    people: tuple[AttendeeView, ...]  # voting members first, then by name

    @property
    def expected(self) -> list[AttendeeView]:
        return [person for person in self.people if person.voting]

    @property
    def attending(self) -> list[AttendeeView]:
        return [person for person in self.people if person.status == ATTENDING]

    @property
    def apologies(self) -> list[AttendeeView]:
        return [person for person in self.people if person.status == APOLOGIES]

    @property
    def no_reply(self) -> list[AttendeeView]:
        """Voting members who have not answered: the ones to chase."""
        return [person for person in self.expected if person.status is None]

    @property
    def voting_attending(self) -> int:
        return sum(1 for person in self.expected if person.status == ATTENDING)

    @property
    def required(self) -> int:
        return self.rule.required(len(self.expected))

    @property
    def quorate(self) -> bool:
        """Forecast quorate: enough voting members have said they are coming."""
        return self.voting_attending >= self.required

    @property
    def can_be_quorate(self) -> bool:
        """Quorate if everyone who has not replied comes."""
        return self.voting_attending + len(self.no_reply) >= self.required


def _main_role(roles: set[str]) -> str:
    return next((role for role in _ROLE_ORDER if role in roles), sorted(roles)[0])


async def _picture(session: AsyncSession, meeting_id: int) -> AttendancePicture:
    meeting = (await meeting_views(session, [meeting_id])).get(meeting_id)
    if meeting is None:
        raise NotFoundError(messages.MEETING_NOT_IN_CALENDAR)
    board = await session.get(Board, meeting.board_id)
    assert board is not None
    roles: dict[int, set[str]] = {}
    for person_id, role in (
        await session.exec(
            select(Membership.person_id, Membership.role).where(
                Membership.board_id == meeting.board_id
            )
        )
    ).all():
        roles.setdefault(person_id, set()).add(role)
    answers = {
        row.person_id: row
        for row in (
            await session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id))
        ).all()
    }
    ids = set(roles) | set(answers)
    persons = (await session.exec(select(Person).where(col(Person.id).in_(ids)))).all()
    people: list[AttendeeView] = []
    for person in persons:
        assert person.id is not None
        held = roles.get(person.id, set())
        answer = answers.get(person.id)
        voting = is_voting(held)
        if answer is None and not voting:
            continue  # officers and clerks are not expected; listed when they answer
        people.append(
            AttendeeView(
                person_id=person.id,
                name=person.full_name,
                role=_main_role(held) if held else "former member",
                voting=voting,
                linked=person.telegram_user_id is not None,
                status=answer.status if answer is not None else None,
                reason=answer.reason if answer is not None else None,
                substitute=answer.substitute if answer is not None else None,
            )
        )
    people.sort(key=lambda person: (not person.voting, person.name.lower(), person.person_id))
    return AttendancePicture(meeting=meeting, rule=board_rule(board), people=tuple(people))


async def attendance_picture(db: Database, *, viewer: Viewer, meeting_id: int) -> AttendancePicture:
    """The attendance picture of a meeting, reasons included: for the board's clerks only."""
    async with db.read() as session:
        board_id = (
            await session.exec(select(Meeting.board_id).where(Meeting.id == meeting_id))
        ).first()
        if board_id is None:
            raise NotFoundError(messages.MEETING_NOT_IN_CALENDAR)
        require_clerk(viewer, board_id)
        return await _picture(session, meeting_id)


async def meeting_register(db: Database, *, meeting_id: int) -> AttendancePicture:
    """The same picture for the minutes secretary at the shell (no viewer: operator access)."""
    async with db.read() as session:
        return await _picture(session, meeting_id)


@dataclass(frozen=True, slots=True)
class ChaseResult:
    queued: int  # reminders queued now
    already: int  # members already chased today
    not_on_telegram: tuple[str, ...]  # names of those who cannot be reminded


async def chase_no_replies(
    db: Database, *, viewer: Viewer, meeting_id: int, now: datetime
) -> ChaseResult:
    """Queue one reminder to each voting member who has not answered (once a day per member).

    The rows are meeting reminders with lead :data:`CHASE_LEAD`; the reminder is skipped at
    send time if the member has answered by then. Clerks of the meeting's board only.
    """
    now = ensure_utc(now)
    async with db.write() as session:
        picture = await _picture(session, meeting_id)
        meeting = picture.meeting
        require_clerk(viewer, meeting.board_id)
        if meeting.status == MeetingStatus.CANCELLED.value:
            raise QuorumError(messages.MEETING_CANCELLED)
        if meeting.starts_at_utc <= now:
            raise QuorumError(messages.ATTENDANCE_CLOSED)
        day = to_local(now, meeting.zone).date().isoformat()
        wanted = {
            meeting_reminder_key(meeting.id, person.person_id, f"{CHASE_LEAD}:{day}"): person
            for person in picture.no_reply
            if person.linked
        }
        existing = set(
            (
                await session.exec(
                    select(Notification.dedupe_key).where(
                        col(Notification.dedupe_key).in_(list(wanted))
                    )
                )
            ).all()
        )
        rows = [
            NewNotification(
                kind=NotificationKind.MEETING_REMINDER.value,
                dedupe_key=key,
                due_at_utc=now,
                expires_at_utc=meeting.starts_at_utc,
                board_id=meeting.board_id,
                person_id=person.person_id,
                meeting_id=meeting.id,
                lead=CHASE_LEAD,
            )
            for key, person in wanted.items()
            if key not in existing
        ]
        await enqueue(session, rows, now=now)
        return ChaseResult(
            queued=len(rows),
            already=len(existing),
            not_on_telegram=tuple(person.name for person in picture.no_reply if not person.linked),
        )
