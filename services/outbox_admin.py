"""Operating the outbox: what is queued, what failed, and sending failed rows again.

For the ``quorum outbox`` command, and for ``/healthz`` and ``/metrics`` (:func:`outbox_figures`,
:func:`latest_send`). A retried row is simply pending again: a running dispatcher finds it on
its next sweep, no restart needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select

from core.clock import ensure_utc
from notify.outbox import FAILED, PENDING
from storage.engine import Database
from storage.models import Board, BoardChat, Notification, NotificationState, Person

STATES = tuple(state.value for state in NotificationState)
# Outbox states counted by /metrics; sent rows are the bulk of the table and are not counted.
COUNTED_STATES = (
    NotificationState.PENDING.value,
    NotificationState.SENDING.value,
    NotificationState.FAILED.value,
    NotificationState.DEAD.value,
)


@dataclass(frozen=True, slots=True)
class OutboxCount:
    state: str
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    kind: str
    state: str
    recipient: str  # the person's name, or the group chat's title
    due_at_utc: datetime
    zone: ZoneInfo | None  # the board's time zone, for display; None when there is no board
    attempts: int
    last_error: str | None


@dataclass(slots=True)
class RetryResult:
    retried: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    not_failed: dict[int, str] = field(default_factory=dict)  # id -> its state
    expired: list[int] = field(default_factory=list)  # failed, but no longer worth sending


async def outbox_counts(db: Database) -> list[OutboxCount]:
    """How many rows there are of each kind in each state."""
    async with db.read() as session:
        rows = await session.exec(
            select(Notification.state, Notification.kind, func.count())
            .group_by(col(Notification.state), col(Notification.kind))
            .order_by(col(Notification.kind), col(Notification.state))
        )
        return [OutboxCount(state=state, kind=kind, count=count) for state, kind, count in rows]


async def outbox_rows(db: Database, *, state: str, limit: int) -> list[OutboxRow]:
    """Rows in one state: pending ones soonest first, the others latest first."""
    if state not in STATES:
        raise ValueError(f"unknown outbox state {state!r}")
    order = (
        (col(Notification.next_attempt_at_utc), col(Notification.id))
        if state == PENDING
        else (col(Notification.id).desc(),)
    )
    async with db.read() as session:
        rows = await session.exec(
            select(Notification, Person.full_name, BoardChat.title, Board.timezone)
            .join(Person, col(Person.id) == col(Notification.person_id), isouter=True)
            .join(BoardChat, col(BoardChat.chat_id) == col(Notification.chat_id), isouter=True)
            .join(Board, col(Board.id) == col(Notification.board_id), isouter=True)
            .where(Notification.state == state)
            .order_by(*order)
            .limit(limit)
        )
        return [
            OutboxRow(
                id=row.id or 0,
                kind=row.kind,
                state=row.state,
                recipient=_recipient(row, person_name, chat_title),
                due_at_utc=row.due_at_utc,
                zone=ZoneInfo(timezone) if timezone else None,
                attempts=row.attempts,
                last_error=row.last_error,
            )
            for row, person_name, chat_title, timezone in rows.all()
        ]


def _recipient(row: Notification, person_name: str | None, chat_title: str | None) -> str:
    if person_name is not None:
        return person_name
    if row.chat_id is not None:
        return f"group {chat_title or row.chat_id}"
    return "nobody"


async def retry(db: Database, *, ids: Sequence[int] | None, now: datetime) -> RetryResult:
    """Make failed rows pending again, due now, with their attempts and error cleared.

    ``ids``: those rows (unknown ids and rows not failed are reported, not touched); None: every
    failed row. Failed rows past their expiry stay failed: a reminder after its moment is no use.
    """
    now = ensure_utc(now)
    result = RetryResult()
    async with db.write() as session:
        query = select(Notification)
        if ids is None:
            query = query.where(Notification.state == FAILED)
        else:
            query = query.where(col(Notification.id).in_(list(ids)))
        found = {row.id: row for row in (await session.exec(query.order_by(col(Notification.id))))}
        if ids is not None:
            result.unknown = sorted({row_id for row_id in ids if row_id not in found})
        for row_id, row in found.items():
            assert row_id is not None
            if row.state != FAILED:
                result.not_failed[row_id] = row.state
            elif row.expires_at_utc is not None and row.expires_at_utc <= now:
                result.expired.append(row_id)
            else:
                row.state = PENDING
                row.attempts = 0
                row.next_attempt_at_utc = now
                row.last_error = None
                row.lease_until_utc = None
                row.lease_owner = None
                session.add(row)
                result.retried.append(row_id)
    return result


# -- figures for /healthz and /metrics ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxFigures:
    """The outbox at one moment: rows per open or failed state, rows due, the oldest due."""

    rows_by_state: Mapping[str, int]
    due: int
    oldest_due_utc: datetime | None
    now: datetime

    @property
    def lateness_seconds(self) -> float:
        """How long the oldest due pending row has waited past its time (0: none waits)."""
        if self.oldest_due_utc is None or self.oldest_due_utc > self.now:
            return 0.0
        return (self.now - self.oldest_due_utc).total_seconds()


async def latest_send(db: Database) -> datetime | None:
    """When the outbox last delivered anything, by any instance.

    Only sent rows have a sent_at_utc, so no state filter: with an index on the column this is
    one index probe; without one a table scan (about 180 ms per million rows on SQLite).
    """
    async with db.read() as session:
        moment = (await session.exec(select(func.max(Notification.sent_at_utc)))).one()
    return None if moment is None else ensure_utc(moment)


async def outbox_figures(db: Database, *, now: datetime) -> OutboxFigures:
    """Rows per counted state, pending rows due at ``now`` and the oldest of them: index
    searches on (state, next_attempt_at_utc), never a scan of the sent rows (unlike
    :func:`outbox_counts`, which the CLI can afford)."""
    now = ensure_utc(now)
    async with db.read() as session:
        counted = (
            await session.exec(
                select(Notification.state, func.count())
                .where(col(Notification.state).in_(COUNTED_STATES))
                .group_by(col(Notification.state))
            )
        ).all()
        due = (
            await session.exec(
                select(func.count())
                .select_from(Notification)
                .where(
                    Notification.state == PENDING,
                    col(Notification.next_attempt_at_utc) <= now,
                )
            )
        ).one()
        oldest = (
            await session.exec(
                select(func.min(Notification.next_attempt_at_utc)).where(
                    Notification.state == PENDING
                )
            )
        ).one()
    rows = dict.fromkeys(COUNTED_STATES, 0)
    rows.update({state: int(count) for state, count in counted})
    return OutboxFigures(
        rows_by_state=rows,
        due=int(due),
        oldest_due_utc=None if oldest is None else ensure_utc(oldest),
        now=now,
    )
