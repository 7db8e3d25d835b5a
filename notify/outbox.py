"""The outbox table's operations: queue, claim with a lease, record outcomes, operate.

Claims are safe with several dispatchers: on PostgreSQL the candidate rows are locked with
``FOR UPDATE SKIP LOCKED``; on SQLite the write transaction is ``BEGIN IMMEDIATE``, so the
select-then-update is a compare-and-set under the database lock.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from notify.outcomes import Claimed
from notify.wakeups import announce
from storage.engine import Database
from storage.models import Notification, NotificationState

log = logging.getLogger(__name__)

PENDING = NotificationState.PENDING.value
SENDING = NotificationState.SENDING.value
SENT = NotificationState.SENT.value
FAILED = NotificationState.FAILED.value
DEAD = NotificationState.DEAD.value
OPEN_STATES = (PENDING, SENDING)
# last_error of a failed row whose recipient cannot be messaged (blocked, not on Telegram).
UNREACHABLE = "unreachable: "

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
BACKOFF_FIRST = 5.0
BACKOFF_CAP = 15 * 60.0


@dataclass(frozen=True, slots=True)
class NewNotification:
    """A row to queue. ``dedupe_key`` is unique: queueing it again does nothing."""

    kind: str
    dedupe_key: str
    due_at_utc: datetime
    expires_at_utc: datetime | None = None
    board_id: int | None = None
    person_id: int | None = None
    chat_id: int | None = None
    meeting_id: int | None = None
    action_id: int | None = None
    broadcast_id: int | None = None
    about_person_id: int | None = None
    lead: str | None = None


def backoff(attempts: int) -> float:
    """Seconds before retry number ``attempts`` (5 s, 10 s, 20 s ... 15 min), with jitter."""
    base = min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** max(0, attempts - 1))
    return float(base * random.uniform(0.8, 1.2))


def _dialect(session: AsyncSession) -> str:
    return session.sync_session.get_bind().dialect.name


async def enqueue(
    session: AsyncSession, items: Sequence[NewNotification], *, now: datetime
) -> None:
    """Queue rows in the caller's transaction; rows whose key exists already are left alone."""
    if not items:
        return
    now = ensure_utc(now)
    values: list[dict[str, Any]] = [
        {
            **asdict(item),
            "state": PENDING,
            "attempts": 0,
            "next_attempt_at_utc": item.due_at_utc,
            "created_at_utc": now,
        }
        for item in items
    ]
    postgresql = _dialect(session) == "postgresql"
    insert = pg_insert if postgresql else sqlite_insert
    statement = insert(Notification).on_conflict_do_nothing(index_elements=["dedupe_key"])
    await session.exec(statement, params=values)
    if postgresql:
        await announce(session)


async def cancel(
    session: AsyncSession,
    ids: Sequence[int] = (),
    *,
    reason: str,
    include_sending: bool = False,
    broadcast_ids: Sequence[int] = (),
) -> int:
    """Kill pending rows (in the caller's transaction): the rows ``ids`` and every row of the
    broadcasts ``broadcast_ids``. Returns how many."""
    chosen: list[ColumnElement[bool]] = []
    if ids:
        chosen.append(col(Notification.id).in_(ids))
    if broadcast_ids:
        chosen.append(col(Notification.broadcast_id).in_(broadcast_ids))
    if not chosen:
        return 0
    states = OPEN_STATES if include_sending else (PENDING,)
    result = await session.exec(
        update(Notification)
        .where(or_(*chosen), col(Notification.state).in_(states))
        .values(state=DEAD, last_error=reason[:500], lease_until_utc=None, lease_owner=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


async def expire_overdue(db: Database, *, now: datetime, limit: int = 500) -> int:
    """Pending rows past their expiry die with a log line instead of being sent late."""
    async with db.write() as session:
        rows = (
            await session.exec(
                select(Notification)
                .where(
                    Notification.state == PENDING,
                    col(Notification.expires_at_utc).is_not(None),
                    col(Notification.expires_at_utc) <= now,
                )
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for row in rows:
            log.info(
                "outbox: %s expired at %s, not sent (due %s)",
                row.dedupe_key,
                row.expires_at_utc,
                row.due_at_utc,
            )
        await cancel(session, [row.id for row in rows if row.id is not None], reason="expired")
        return len(rows)


async def claim(
    db: Database, *, now: datetime, owner: str, limit: int, lease: timedelta = LEASE
) -> list[Claimed]:
    """Take up to ``limit`` due rows for sending: pending ones whose time has come (and that
    have not expired), and rows whose sender's lease ran out (it crashed mid-send). Each claim
    counts as an attempt."""
    now = ensure_utc(now)
    async with db.write() as session:
        ids = list(
            (
                await session.exec(
                    select(Notification.id)
                    .where(
                        Notification.state == PENDING,
                        col(Notification.next_attempt_at_utc) <= now,
                        # Expired rows are expire_overdue's, even when time moved on since it
                        # last ran: a reminder is never sent late.
                        or_(
                            col(Notification.expires_at_utc).is_(None),
                            col(Notification.expires_at_utc) > now,
                        ),
                    )
                    .order_by(col(Notification.next_attempt_at_utc))
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            ).all()
        )
        if len(ids) < limit:
            ids += (
                await session.exec(
                    select(Notification.id)
                    .where(
                        Notification.state == SENDING,
                        col(Notification.lease_until_utc) < now,
                    )
                    .order_by(col(Notification.lease_until_utc))
                    .limit(limit - len(ids))
                    .with_for_update(skip_locked=True)
                )
            ).all()
        claimed = [row_id for row_id in ids if row_id is not None]
        if not claimed:
            return []
        await session.exec(
            update(Notification)
            .where(col(Notification.id).in_(claimed))
            .values(
                state=SENDING,
                lease_until_utc=now + lease,
                lease_owner=owner,
                attempts=col(Notification.attempts) + 1,
            )
            .execution_options(synchronize_session=False)
        )
        rows = (
            await session.exec(
                select(Notification)
                .where(col(Notification.id).in_(claimed))
                .order_by(col(Notification.next_attempt_at_utc), col(Notification.id))
            )
        ).all()
        return [Claimed.of(row) for row in rows]


async def release(db: Database, *, owner: str | None, now: datetime) -> int:
    """Give leased rows back as pending: ``owner``'s (graceful shutdown), or every lease
    (``owner=None``: a single-process SQLite start, where any lease is a dead process's).

    The attempt the lease counted is given back too."""
    async with db.write() as session:
        statement = update(Notification).where(col(Notification.state) == SENDING)
        if owner is not None:
            statement = statement.where(col(Notification.lease_owner) == owner)
        result = await session.exec(
            statement.values(
                state=PENDING,
                lease_until_utc=None,
                lease_owner=None,
                next_attempt_at_utc=ensure_utc(now),
                attempts=func.max(col(Notification.attempts) - 1, 0)
                if db.is_sqlite
                else func.greatest(col(Notification.attempts) - 1, 0),
            ).execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)


async def next_wake(db: Database) -> datetime | None:
    """The earliest moment a row becomes claimable: a pending row's next attempt or a lease's
    end. Both are index seeks."""
    async with db.read() as session:
        pending = (
            await session.exec(
                select(func.min(Notification.next_attempt_at_utc)).where(
                    Notification.state == PENDING
                )
            )
        ).one()
        leased = (
            await session.exec(
                select(func.min(Notification.lease_until_utc)).where(Notification.state == SENDING)
            )
        ).one()
    moments = [ensure_utc(moment) for moment in (pending, leased) if moment is not None]
    return min(moments) if moments else None
