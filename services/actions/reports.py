"""A clerk's view of a board's actions: the register by owner, the "actions arising" summary for
the next meeting, and the CSV the minutes secretary keeps.

The register is for clerks (it shows owners' updates, which may be frank); the arising summary
holds public information only, so a clerk may post it to the board's group.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import false, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import local_to_utc, to_local
from core.clock import ensure_utc
from core.errors import QuorumError
from services import messages
from services.access import require_clerk
from services.actions.records import (
    EVENT_CANT_DO,
    EVENT_CLOSED_BY_MINUTES,
    EVENT_DONE,
    EVENT_UPDATE,
    OPEN_STATES,
    action_handle,
    is_overdue,
)
from services.boards import clerk_board, get_board
from services.meetings import meeting_view, meetings_with_boards
from services.views import MeetingView, Viewer
from storage.engine import Database
from storage.models import (
    Action,
    ActionEvent,
    ActionStatus,
    Board,
    BoardChat,
    Meeting,
    MeetingStatus,
    Person,
)

# What the register shows as an action's latest update (an owner's "can't do" carries their
# reason), and the events that close an action.
UPDATE_KINDS = (EVENT_UPDATE, EVENT_CANT_DO)
DONE_KINDS = (EVENT_DONE, EVENT_CLOSED_BY_MINUTES)

# The register also shows actions finished this many days ago or less, marked done.
RECENT_DONE_DAYS = 14
# The latest update is clipped to this many characters in the register (the CSV has it whole).
UPDATE_SHOWN = 200

CSV_HEADER = (
    "id",
    "ref",
    "description",
    "owner",
    "due",
    "status",
    "raised_at_meeting",
    "last_update",
    "last_update_at",
)


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One action in the clerk's register."""

    id: int
    board_name: str
    ref: str | None
    description: str
    owner_name: str | None
    due_on: date | None
    status: str
    overdue: bool
    latest_update: str | None  # the owner's latest update or "can't do" reason, clipped
    latest_update_on: date | None  # its day, in the board's zone

    @property
    def handle(self) -> str:
        """How a clerk names the action in commands: ``#42``."""
        return action_handle(self.id)

    @property
    def done(self) -> bool:
        return self.status == ActionStatus.DONE.value


@dataclass(frozen=True, slots=True)
class OwnerGroup:
    """One owner's actions; ``owner_name`` None for actions nobody owns yet."""

    owner_name: str | None
    entries: tuple[RegisterEntry, ...]

    @property
    def overdue(self) -> int:
        return sum(entry.overdue for entry in self.entries)


@dataclass(frozen=True, slots=True)
class ArisingEntry:
    id: int
    ref: str | None
    description: str
    owner_name: str | None
    due_on: date | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class ArisingSummary:
    """Actions arising for a board's next meeting: done since the previous one, and still open.

    Public information only (no updates, no reasons): fit for the board's group.
    """

    board_id: int
    board_name: str
    zone: ZoneInfo
    meeting: MeetingView | None  # the next meeting; None when none is scheduled
    since_utc: datetime | None  # the previous meeting's start; None for a board's first
    done: tuple[ArisingEntry, ...]
    open: tuple[ArisingEntry, ...]


@dataclass(frozen=True, slots=True)
class LinkedGroup:
    chat_id: int
    title: str | None


def _clip(text: str, limit: int = UPDATE_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def _latest_updates(
    session: AsyncSession, action_ids: Collection[int]
) -> dict[int, ActionEvent]:
    """Each action's latest update or "can't do", by action id."""
    if not action_ids:
        return {}
    events = (
        await session.exec(
            select(ActionEvent)
            .where(
                col(ActionEvent.action_id).in_(action_ids),
                col(ActionEvent.kind).in_(UPDATE_KINDS),
            )
            .order_by(col(ActionEvent.at_utc), col(ActionEvent.id))
        )
    ).all()
    return {event.action_id: event for event in events}


def _owner(action: Action, names: dict[int, str]) -> str | None:
    """The owner's name as the board knows them: their person record, else the minuted name."""
    if action.owner_id is not None and action.owner_id in names:
        return names[action.owner_id]
    return action.owner_name


async def _person_names(session: AsyncSession, actions: Iterable[Action]) -> dict[int, str]:
    ids = {action.owner_id for action in actions if action.owner_id is not None}
    if not ids:
        return {}
    rows = await session.exec(select(Person.id, Person.full_name).where(col(Person.id).in_(ids)))
    return {person_id: name for person_id, name in rows.all() if person_id is not None}


async def board_register(
    db: Database, *, viewer: Viewer, board_id: int | None, today: date
) -> list[OwnerGroup]:
    """Open and carried-forward actions of the clerk's boards (or of ``board_id``), with those
    finished in the last :data:`RECENT_DONE_DAYS` days, grouped by owner.

    Owners are in name order, unassigned actions last. In a group: overdue first, then by due
    date (undated last), then the finished ones, latest first. Raises
    :class:`~services.access.AccessDenied` unless the viewer clerks the board(s).
    """
    require_clerk(viewer, board_id)
    board_ids = viewer.clerk_board_ids if board_id is None else frozenset({board_id})
    async with db.read() as session:
        boards = {
            board.id: board
            for board in (await session.exec(select(Board).where(col(Board.id).in_(board_ids))))
        }
        recent = [
            (col(Action.board_id) == board.id)
            & (
                col(Action.updated_at_utc)
                >= local_to_utc(
                    today - timedelta(days=RECENT_DONE_DAYS), time(), ZoneInfo(board.timezone)
                )
            )
            for board in boards.values()
        ]
        actions = (
            await session.exec(
                select(Action).where(
                    col(Action.board_id).in_(board_ids),
                    or_(
                        col(Action.status).in_(OPEN_STATES),
                        (col(Action.status) == ActionStatus.DONE.value) & or_(false(), *recent),
                    ),
                )
            )
        ).all()
        names = await _person_names(session, actions)
        updates = await _latest_updates(session, [a.id for a in actions if a.id is not None])
    grouped: dict[str | None, list[tuple[Action, RegisterEntry]]] = {}
    for action in actions:
        assert action.id is not None
        board = boards[action.board_id]
        owner = _owner(action, names)
        update = updates.get(action.id)
        entry = RegisterEntry(
            id=action.id,
            board_name=board.name,
            ref=action.ref,
            description=action.description,
            owner_name=owner,
            due_on=action.due_on,
            status=action.status,
            overdue=is_overdue(action.status, action.due_on, today),
            latest_update=_clip(update.detail) if update and update.detail else None,
            latest_update_on=(
                to_local(update.at_utc, ZoneInfo(board.timezone)).date() if update else None
            ),
        )
        # The same person under one heading, whether linked or only named in the minutes.
        key = owner.casefold() if owner else None
        grouped.setdefault(key, []).append((action, entry))

    def order(pair: tuple[Action, RegisterEntry]) -> tuple[object, ...]:
        action, entry = pair
        if entry.done:
            return (2, -ensure_utc(action.updated_at_utc).timestamp(), entry.id)
        return (
            0 if entry.overdue else 1,
            entry.due_on is None,
            entry.due_on or today,
            entry.board_name,
            entry.id,
        )

    keys = sorted(grouped, key=lambda key: (key is None, key or ""))
    groups = []
    for key in keys:
        entries = tuple(entry for _, entry in sorted(grouped[key], key=order))
        groups.append(
            OwnerGroup(owner_name=entries[0].owner_name if key else None, entries=entries)
        )
    return groups


async def _meeting_around(
    session: AsyncSession, board_id: int, now: datetime
) -> tuple[MeetingView | None, datetime | None]:
    """The board's next scheduled meeting, and the start of the one before it."""
    scheduled = (
        col(Meeting.board_id) == board_id,
        col(Meeting.status) == MeetingStatus.SCHEDULED.value,
    )
    row = (
        await session.exec(
            meetings_with_boards()
            .where(*scheduled, col(Meeting.starts_at_utc) > now)
            .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
            .limit(1)
        )
    ).first()
    following = meeting_view(row) if row is not None else None
    previous = (
        await session.exec(
            select(Meeting.starts_at_utc)
            .where(*scheduled, col(Meeting.starts_at_utc) <= now)
            .order_by(col(Meeting.starts_at_utc).desc())
            .limit(1)
        )
    ).first()
    return following, previous


async def actions_arising(
    db: Database, *, viewer: Viewer, board_id: int | None, now: datetime
) -> ArisingSummary:
    """What was done since the board's previous meeting and what is still open, for the next.

    "Done since": an action now done whose status changed, or that was marked done (by its
    owner, a clerk or the minutes), after the previous meeting began. Still open: open and
    carried-forward actions, overdue first, then by due date (undated last). ``board_id`` may
    be None when the viewer clerks one board. Raises AccessDenied for anyone but its clerk,
    QuorumError when the board is ambiguous.
    """
    now = ensure_utc(now)
    board_id = clerk_board(viewer, board_id, command="arising")
    async with db.read() as session:
        board = await session.get(Board, board_id)
        if board is None:
            raise QuorumError(messages.BOARD_GONE)
        zone = ZoneInfo(board.timezone)
        meeting, since = await _meeting_around(session, board_id, now)
        done_query = select(Action).where(
            col(Action.board_id) == board_id, col(Action.status) == ActionStatus.DONE.value
        )
        if since is not None:
            marked_done = select(ActionEvent.action_id).where(
                col(ActionEvent.kind).in_(DONE_KINDS), col(ActionEvent.at_utc) > since
            )
            done_query = done_query.where(
                or_(col(Action.updated_at_utc) > since, col(Action.id).in_(marked_done))
            )
        done = (await session.exec(done_query)).all()
        still_open = (
            await session.exec(
                select(Action).where(
                    col(Action.board_id) == board_id, col(Action.status).in_(OPEN_STATES)
                )
            )
        ).all()
        names = await _person_names(session, [*done, *still_open])
    today = to_local(now, zone).date()

    def entry(action: Action) -> ArisingEntry:
        assert action.id is not None
        return ArisingEntry(
            id=action.id,
            ref=action.ref,
            description=action.description,
            owner_name=_owner(action, names),
            due_on=action.due_on,
            overdue=is_overdue(action.status, action.due_on, today),
        )

    open_entries = sorted(
        map(entry, still_open),
        key=lambda e: (not e.overdue, e.due_on is None, e.due_on or today, e.id),
    )
    return ArisingSummary(
        board_id=board_id,
        board_name=board.name,
        zone=zone,
        meeting=meeting,
        since_utc=since,
        done=tuple(sorted(map(entry, done), key=lambda e: e.id)),
        open=tuple(open_entries),
    )


async def linked_groups(db: Database, *, viewer: Viewer, board_id: int) -> list[LinkedGroup]:
    """The Telegram groups linked to a board (its clerks only), in the order they were linked."""
    require_clerk(viewer, board_id)
    async with db.read() as session:
        rows = await session.exec(
            select(BoardChat.chat_id, BoardChat.title)
            .where(BoardChat.board_id == board_id)
            .order_by(col(BoardChat.id))
        )
        return [LinkedGroup(chat_id=chat_id, title=title) for chat_id, title in rows.all()]


def _iso_day(moment: datetime | None, zone: ZoneInfo) -> str:
    return to_local(moment, zone).date().isoformat() if moment is not None else ""


async def actions_csv(db: Database, *, board_name: str) -> str:
    """Every action of the board (all statuses) as CSV, one row each, in id order.

    Columns: :data:`CSV_HEADER`. Dates are ISO (``2023-10-03``) and ``last_update_at`` an ISO
    local time with its offset, all in the board's zone. Raises NotFoundError for an unknown
    board.
    """
    async with db.read() as session:
        board = await get_board(session, name=board_name)
        zone = ZoneInfo(board.timezone)
        actions = (
            await session.exec(
                select(Action).where(Action.board_id == board.id).order_by(col(Action.id))
            )
        ).all()
        names = await _person_names(session, actions)
        updates = await _latest_updates(session, [a.id for a in actions if a.id is not None])
        meeting_ids = {a.meeting_id for a in actions if a.meeting_id is not None}
        starts = dict(
            (
                await session.exec(
                    select(Meeting.id, Meeting.starts_at_utc).where(
                        col(Meeting.id).in_(meeting_ids)
                    )
                )
            ).all()
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for action in actions:
        assert action.id is not None
        update = updates.get(action.id)
        writer.writerow(
            (
                action.id,
                action.ref or "",
                action.description,
                _owner(action, names) or "",
                action.due_on.isoformat() if action.due_on else "",
                action.status,
                _iso_day(starts.get(action.meeting_id) if action.meeting_id else None, zone),
                (update.detail or "") if update else "",
                to_local(update.at_utc, zone).isoformat(timespec="minutes") if update else "",
            )
        )
    return buffer.getvalue()
