"""Moving, re-placing and cancelling a meeting, and telling every member exactly what changed.

Whatever changes a meeting (a clerk's command, the CLI, a re-imported pack) ends in
:func:`record_change`, in the same transaction as the change itself: the meeting's SEQUENCE goes
up (calendar clients take an update only with a higher one), a :class:`MeetingChange` keeps the
before and after, reminders are re-planned, and one notice per member (and linked group) is
queued in the outbox as a broadcast of kind ``change``, so the clerk who made it gets the
delivery report. Notices not yet attempted are merged into a later change rather than sent
twice: a member hears "moved from the first time to the last", not two messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import to_local
from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from notify.broadcasts import queue_broadcast
from notify.outbox import PENDING, cancel
from notify.planning import plan_meeting
from services import messages
from services.access import require_clerk
from services.boards import get_board
from services.meetings import meeting_view, meeting_views, meetings_with_boards
from services.views import ChangeSet, MeetingView, Viewer
from storage.engine import Database
from storage.models import (
    Board,
    Broadcast,
    BroadcastKind,
    Meeting,
    MeetingChange,
    MeetingStatus,
    Membership,
    Notification,
)

SCHEDULED = MeetingStatus.SCHEDULED.value
CANCELLED = MeetingStatus.CANCELLED.value
SUPERSEDED = "superseded by a later change"
MAX_PLACE_LENGTH = 500
# Meetings listed by /meeting with no arguments.
CHANGEABLE_LISTED = 10

# Lines of MeetingChange.agenda: "added|7|Title", "removed|5|Title", "retitled|3|Old|New".
ADDED, REMOVED, RETITLED = "added", "removed", "retitled"


class ChangeRefused(QuorumError):
    """The change cannot be made (meeting past, cancelled, already so). Safe to show."""


@dataclass(frozen=True, slots=True)
class AgendaChange:
    kind: str  # added / removed / retitled
    number: str
    title: str
    previous_title: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One recorded change, as its notice describes it."""

    change_id: int
    meeting_id: int
    board_id: int
    board_name: str
    sequence: int
    old_starts_at_utc: datetime | None
    new_starts_at_utc: datetime | None
    old_location: str | None
    new_location: str | None
    link_changed: bool
    cancelled: bool
    reinstated: bool
    agenda: tuple[AgendaChange, ...] = field(default=())
    broadcast_id: int | None = None
    # Members and groups told (0 when nobody needed telling, e.g. a meeting already past).
    members: int = 0
    groups: int = 0

    @property
    def moved(self) -> bool:
        return self.new_starts_at_utc is not None

    @property
    def re_placed(self) -> bool:
        return self.new_location is not None


def encode_agenda(changes: Sequence[AgendaChange]) -> str | None:
    def clean(text: str) -> str:
        return " ".join(text.replace("|", "/").split())

    lines = []
    for change in changes:
        parts = [change.kind, clean(change.number), clean(change.title)]
        if change.previous_title is not None:
            parts.append(clean(change.previous_title))
        lines.append("|".join(parts))
    return "\n".join(lines) or None


def decode_agenda(text: str | None) -> tuple[AgendaChange, ...]:
    changes = []
    for line in (text or "").splitlines():
        kind, number, title, *rest = [*line.split("|"), "", ""][:4]
        if kind == RETITLED:
            # Stored as retitled|number|new|old.
            changes.append(AgendaChange(kind, number, title, rest[0] or None))
        elif kind in (ADDED, REMOVED):
            changes.append(AgendaChange(kind, number, title))
    return tuple(changes)


def agenda_changes(changes: ChangeSet) -> list[AgendaChange]:
    """The agenda part of a re-import's :class:`ChangeSet`. Detail-only updates are left out
    (page numbers and timings are not worth a message to every member), and so is anything
    about an exempt item: notices go to groups too."""
    found = [
        AgendaChange(ADDED, item.number, item.title)
        for item in changes.items_added
        if not item.exempt
    ]
    found += [
        AgendaChange(REMOVED, item.number, item.title)
        for item in changes.items_removed
        if not item.exempt
    ]
    found += [
        AgendaChange(RETITLED, item.number, item.title, item.previous_title)
        for item in changes.items_retitled
        if not item.exempt
    ]
    return found


def change_view(
    change: MeetingChange, board_name: str, *, members: int = 0, groups: int = 0
) -> ChangeView:
    assert change.id is not None
    return ChangeView(
        change_id=change.id,
        meeting_id=change.meeting_id,
        board_id=change.board_id,
        board_name=board_name,
        sequence=change.sequence,
        old_starts_at_utc=change.old_starts_at_utc,
        new_starts_at_utc=change.new_starts_at_utc,
        old_location=change.old_location,
        new_location=change.new_location,
        link_changed=change.link_changed,
        cancelled=change.new_status == CANCELLED,
        reinstated=change.new_status == SCHEDULED and change.old_status == CANCELLED,
        agenda=decode_agenda(change.agenda),
        broadcast_id=change.broadcast_id,
        members=members,
        groups=groups,
    )


async def _unsent_changes(session: AsyncSession, meeting_id: int) -> list[MeetingChange]:
    """Earlier changes of the meeting none of whose notices has been tried yet, oldest first."""
    changes = (
        await session.exec(
            select(MeetingChange)
            .where(
                MeetingChange.meeting_id == meeting_id, col(MeetingChange.broadcast_id).is_not(None)
            )
            .order_by(col(MeetingChange.id))
        )
    ).all()
    unsent = []
    for change in changes:
        broadcast = await session.get(Broadcast, change.broadcast_id)
        if broadcast is None or broadcast.finished_at_utc is not None:
            continue
        # A dispatcher may be claiming these rows at this moment (PostgreSQL: in a transaction
        # of its own). Lock the pending ones first: a claim under way is waited for, then
        # counted below; a later claim skips the locked rows, which the caller supersedes.
        # Without the lock a notice could go out and be folded into the next one as well.
        # (SQLite's writers take turns anyway.)
        await session.exec(
            select(Notification.id)
            .where(
                Notification.broadcast_id == change.broadcast_id,
                Notification.state == PENDING,
            )
            .with_for_update()
        )
        tried = (
            await session.exec(
                select(func.count())
                .select_from(Notification)
                .where(
                    Notification.broadcast_id == change.broadcast_id,
                    or_(col(Notification.state) != PENDING, col(Notification.attempts) > 0),
                )
            )
        ).one()
        if not tried:
            unsent.append(change)
    return unsent


async def _was_published(session: AsyncSession, meeting_id: int) -> bool:
    found = (
        await session.exec(
            select(Broadcast.id).where(
                Broadcast.meeting_id == meeting_id,
                Broadcast.kind == BroadcastKind.PUBLICATION.value,
            )
        )
    ).first()
    return found is not None


async def record_change(
    session: AsyncSession,
    meeting: Meeting,
    *,
    old_starts_at_utc: datetime | None = None,
    old_location: str | None = None,
    location_changed: bool = False,
    link_changed: bool = False,
    old_status: str | None = None,
    agenda: Sequence[AgendaChange] = (),
    by_person_id: int | None = None,
    now: datetime,
) -> ChangeView | None:
    """Record what was just done to ``meeting`` (already updated in this session) and queue its
    notices. Returns None when nothing a member would notice changed."""
    now = ensure_utc(now)
    assert meeting.id is not None
    change = _new_change(
        meeting,
        old_starts_at_utc=old_starts_at_utc,
        old_location=old_location,
        location_changed=location_changed,
        link_changed=link_changed,
        old_status=old_status,
        by_person_id=by_person_id,
        now=now,
    )
    if _says_nothing(change) and not agenda:
        return None
    board = await session.get(Board, meeting.board_id)
    assert board is not None
    _bump_sequence(session, meeting, now=now)
    change.sequence = meeting.ics_sequence

    earlier = await _unsent_changes(session, meeting.id)
    merged_agenda = _fold_in(change, earlier, meeting=meeting, agenda=agenda)
    await _supersede(session, earlier, now=now)
    _forget_undone(change, meeting)
    change.agenda = encode_agenda(merged_agenda)
    session.add(change)
    await session.flush()

    # Reminders follow the new time (or die with the cancellation) in this transaction.
    await plan_meeting(session, meeting.id, now=now)

    members = groups = 0
    if await _worth_telling(session, change, meeting, now=now):
        members, groups = await _queue_notices(session, change, meeting, now=now)
    await session.flush()
    return change_view(change, board.name, members=members, groups=groups)


def _new_change(
    meeting: Meeting,
    *,
    old_starts_at_utc: datetime | None,
    old_location: str | None,
    location_changed: bool,
    link_changed: bool,
    old_status: str | None,
    by_person_id: int | None,
    now: datetime,
) -> MeetingChange:
    """The before and after of what the caller changed; a part that is the same on both sides
    is left out (None)."""
    assert meeting.id is not None
    moved = old_starts_at_utc is not None and old_starts_at_utc != meeting.starts_at_utc
    status_changed = old_status is not None and old_status != meeting.status
    location_changed = location_changed and old_location != meeting.location
    return MeetingChange(
        meeting_id=meeting.id,
        board_id=meeting.board_id,
        sequence=meeting.ics_sequence,
        created_at_utc=now,
        created_by_person_id=by_person_id,
        old_starts_at_utc=old_starts_at_utc if moved else None,
        new_starts_at_utc=meeting.starts_at_utc if moved else None,
        old_location=old_location if location_changed else None,
        new_location=(meeting.location or "") if location_changed else None,
        link_changed=link_changed,
        old_status=old_status if status_changed else None,
        new_status=meeting.status if status_changed else None,
    )


def _says_nothing(change: MeetingChange) -> bool:
    """Whether ``change`` leaves the time, place, link and status as they were."""
    return (
        change.new_starts_at_utc is None
        and change.new_location is None
        and not change.link_changed
        and change.new_status is None
    )


def _bump_sequence(session: AsyncSession, meeting: Meeting, *, now: datetime) -> None:
    """Calendar clients take an update of the meeting only with a higher SEQUENCE."""
    meeting.ics_sequence += 1
    meeting.updated_at_utc = now
    session.add(meeting)


def _fold_in(
    change: MeetingChange,
    earlier: Sequence[MeetingChange],
    *,
    meeting: Meeting,
    agenda: Sequence[AgendaChange],
) -> list[AgendaChange]:
    """Widen ``change`` to cover the ``earlier`` changes nobody has been told of yet (their
    "before", this one's "after"); returns the agenda changes of them all, oldest first."""
    merged_agenda = list(agenda)
    for old in reversed(earlier):
        if old.new_starts_at_utc is not None:
            change.old_starts_at_utc = old.old_starts_at_utc
            change.new_starts_at_utc = meeting.starts_at_utc
        if old.new_location is not None:
            change.old_location = old.old_location
            change.new_location = meeting.location or ""
        change.link_changed = change.link_changed or old.link_changed
        if old.new_status is not None:
            change.old_status = old.old_status
            change.new_status = meeting.status
        merged_agenda = [*decode_agenda(old.agenda), *merged_agenda]
    return merged_agenda


async def _supersede(
    session: AsyncSession, earlier: Sequence[MeetingChange], *, now: datetime
) -> None:
    """The notices of changes folded into a later one are never sent; their broadcasts end."""
    broadcast_ids = [old.broadcast_id for old in earlier if old.broadcast_id is not None]
    await cancel(session, broadcast_ids=broadcast_ids, reason=SUPERSEDED)
    for broadcast_id in broadcast_ids:
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is not None:
            broadcast.finished_at_utc = now
            session.add(broadcast)


def _forget_undone(change: MeetingChange, meeting: Meeting) -> None:
    """Moved back where it was, or cancelled and reinstated: no difference left to tell."""
    if change.old_starts_at_utc == change.new_starts_at_utc:
        change.old_starts_at_utc = change.new_starts_at_utc = None
    if change.new_location is not None and change.old_location == meeting.location:
        change.old_location = change.new_location = None
    if change.old_status == change.new_status:
        change.old_status = change.new_status = None


async def _worth_telling(
    session: AsyncSession, change: MeetingChange, meeting: Meeting, *, now: datetime
) -> bool:
    """Whether members hear of ``change``: something they would notice, about a meeting still
    to come (by its old time or its new)."""
    assert meeting.id is not None
    still_ahead = max(meeting.starts_at_utc, change.old_starts_at_utc or meeting.starts_at_utc)
    if still_ahead <= now:
        return False
    return (
        change.new_starts_at_utc is not None
        or change.new_location is not None
        or change.link_changed
        or change.new_status is not None
        # A changed agenda matters once members have been sent the agenda.
        or (change.agenda is not None and await _was_published(session, meeting.id))
    )


async def _queue_notices(
    session: AsyncSession, change: MeetingChange, meeting: Meeting, *, now: datetime
) -> tuple[int, int]:
    """Queue one notice per member and linked group as a broadcast of kind ``change``, so its
    author gets the delivery report. Returns how many members and groups it reaches."""
    broadcast = Broadcast(
        board_id=meeting.board_id,
        meeting_id=meeting.id,
        kind=BroadcastKind.CHANGE.value,
        meeting_sequence=meeting.ics_sequence,
        created_by_person_id=change.created_by_person_id,
        created_at_utc=now,
    )
    session.add(broadcast)
    await session.flush()
    assert broadcast.id is not None
    change.broadcast_id = broadcast.id
    session.add(change)
    audience = await queue_broadcast(session, broadcast, now=now)
    return audience.members, audience.groups


# -- clerk commands ---------------------------------------------------------------------------


async def _meeting_for_change(
    session: AsyncSession, *, meeting_id: int, viewer: Viewer | None, now: datetime
) -> Meeting:
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(messages.NO_MEETING_NUMBER.format(meeting_id=meeting_id))
    if viewer is not None:
        require_clerk(viewer, meeting.board_id)
    if meeting.source_id is not None:
        # The council's site owns it: the next sync would undo the change, told twice.
        raise ChangeRefused(messages.MEETING_IS_SYNCED)
    if meeting.status == CANCELLED:
        raise ChangeRefused(messages.MEETING_CANCELLED)
    if meeting.starts_at_utc <= now:
        raise ChangeRefused(messages.STARTED_CANNOT_CHANGE)
    return meeting


async def move_meeting(
    db: Database,
    *,
    meeting_id: int,
    starts_at_utc: datetime,
    viewer: Viewer | None,
    now: datetime,
) -> ChangeView:
    """Move the meeting to ``starts_at_utc`` (its length kept). ``viewer`` None: the operator."""
    now = ensure_utc(now)
    starts_at_utc = ensure_utc(starts_at_utc)
    if starts_at_utc <= now:
        raise ChangeRefused(messages.NEW_TIME_PAST)
    async with db.write() as session:
        meeting = await _meeting_for_change(session, meeting_id=meeting_id, viewer=viewer, now=now)
        if meeting.starts_at_utc == starts_at_utc:
            raise ChangeRefused(messages.ALREADY_AT_THAT_TIME)
        old = meeting.starts_at_utc
        if meeting.ends_at_utc is not None:
            meeting.ends_at_utc = starts_at_utc + (meeting.ends_at_utc - old)
        meeting.starts_at_utc = starts_at_utc
        view = await record_change(
            session,
            meeting,
            old_starts_at_utc=old,
            by_person_id=viewer.person_id if viewer is not None else None,
            now=now,
        )
        assert view is not None
        return view


async def place_meeting(
    db: Database, *, meeting_id: int, location: str, viewer: Viewer | None, now: datetime
) -> ChangeView:
    """Give the meeting a new place."""
    now = ensure_utc(now)
    location = " ".join(location.split())
    if not location:
        raise ChangeRefused(messages.SAY_WHERE)
    if len(location) > MAX_PLACE_LENGTH:
        raise ChangeRefused(messages.PLACE_TOO_LONG.format(limit=MAX_PLACE_LENGTH))
    async with db.write() as session:
        meeting = await _meeting_for_change(session, meeting_id=meeting_id, viewer=viewer, now=now)
        if meeting.location == location:
            raise ChangeRefused(messages.ALREADY_THERE)
        old = meeting.location
        meeting.location = location
        view = await record_change(
            session,
            meeting,
            old_location=old,
            location_changed=True,
            by_person_id=viewer.person_id if viewer is not None else None,
            now=now,
        )
        assert view is not None
        return view


async def cancel_meeting(
    db: Database, *, meeting_id: int, viewer: Viewer | None, now: datetime
) -> ChangeView:
    """Cancel the meeting: it stays in calendars as CANCELLED, its reminders die."""
    now = ensure_utc(now)
    async with db.write() as session:
        meeting = await _meeting_for_change(session, meeting_id=meeting_id, viewer=viewer, now=now)
        meeting.status = CANCELLED
        view = await record_change(
            session,
            meeting,
            old_status=SCHEDULED,
            by_person_id=viewer.person_id if viewer is not None else None,
            now=now,
        )
        assert view is not None
        return view


async def latest_change(session: AsyncSession, broadcast_id: int) -> ChangeView | None:
    """The change a notice (a row of broadcast ``broadcast_id``) is about."""
    row = (
        await session.exec(
            select(MeetingChange, Board.name)
            .join(Board, col(Board.id) == col(MeetingChange.board_id))
            .where(MeetingChange.broadcast_id == broadcast_id)
        )
    ).first()
    if row is None:
        return None
    change, board_name = row
    return change_view(change, board_name)


@dataclass(frozen=True, slots=True)
class ChangePreview:
    """A meeting a clerk is about to change, and how many members would be told."""

    meeting: MeetingView
    members: int


async def preview_change(
    db: Database, *, meeting_id: int, viewer: Viewer, now: datetime
) -> ChangePreview:
    """Check the viewer may change the meeting now (clerk, still to come, not cancelled)."""
    now = ensure_utc(now)
    async with db.read() as session:
        meeting = await _meeting_for_change(session, meeting_id=meeting_id, viewer=viewer, now=now)
        view = (await meeting_views(session, [meeting_id]))[meeting_id]
        members = (
            await session.exec(
                select(func.count(func.distinct(Membership.person_id))).where(
                    Membership.board_id == meeting.board_id
                )
            )
        ).one()
    return ChangePreview(meeting=view, members=int(members))


async def changeable_meetings(db: Database, *, viewer: Viewer, now: datetime) -> list[MeetingView]:
    """Upcoming, not cancelled meetings of the boards the viewer clerks, soonest first."""
    boards = viewer.clerk_board_ids
    if not boards:
        return []
    async with db.read() as session:
        rows = (
            await session.exec(
                meetings_with_boards()
                .where(
                    col(Meeting.board_id).in_(boards),
                    Meeting.status == SCHEDULED,
                    col(Meeting.starts_at_utc) > ensure_utc(now),
                )
                .order_by(col(Meeting.starts_at_utc))
                .limit(CHANGEABLE_LISTED)
            )
        ).all()
    return [meeting_view(row) for row in rows]


async def upcoming_meetings(
    db: Database, *, board_name: str | None, now: datetime, limit: int = 50
) -> list[MeetingView]:
    """For the operator: meetings still to come (cancelled ones too), of one board or all."""
    async with db.read() as session:
        query = meetings_with_boards().where(col(Meeting.starts_at_utc) > ensure_utc(now))
        if board_name is not None:
            board = await get_board(session, name=board_name)
            query = query.where(Meeting.board_id == board.id)
        rows = (await session.exec(query.order_by(col(Meeting.starts_at_utc)).limit(limit))).all()
    return [meeting_view(row) for row in rows]


async def past_meetings(
    db: Database, *, board_name: str | None, now: datetime, limit: int = 50
) -> list[MeetingView]:
    """For the operator: meetings already started, newest first, of one board or all."""
    async with db.read() as session:
        query = meetings_with_boards().where(col(Meeting.starts_at_utc) <= ensure_utc(now))
        if board_name is not None:
            board = await get_board(session, name=board_name)
            query = query.where(Meeting.board_id == board.id)
        newest = (col(Meeting.starts_at_utc).desc(), col(Meeting.id).desc())
        rows = (await session.exec(query.order_by(*newest).limit(limit))).all()
    return [meeting_view(row) for row in rows]


async def meetings_on(db: Database, *, board_name: str | None, day: date) -> list[MeetingView]:
    """For the operator: the meetings held (or to be held) on ``day``, a local date in each
    board's zone, of one board or all; soonest first."""
    # A local day lies within a day either side of the same UTC day, whatever the zone.
    start = datetime.combine(day - timedelta(days=1), time(0), tzinfo=UTC)
    async with db.read() as session:
        query = meetings_with_boards().where(
            col(Meeting.starts_at_utc) >= start,
            col(Meeting.starts_at_utc) < start + timedelta(days=3),
        )
        if board_name is not None:
            board = await get_board(session, name=board_name)
            query = query.where(Meeting.board_id == board.id)
        rows = (await session.exec(query.order_by(col(Meeting.starts_at_utc)))).all()
    views = [meeting_view(row) for row in rows]
    return [view for view in views if to_local(view.starts_at_utc, view.zone).date() == day]


async def meeting_views_by_id(db: Database, ids: Sequence[int]) -> dict[int, MeetingView]:
    async with db.read() as session:
        return await meeting_views(session, ids)
