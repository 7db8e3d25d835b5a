"""The outbox table's operations: queue, claim with a lease, record outcomes, operate.

Claims are safe with several dispatchers: a claim is one UPDATE of the rows its subquery
chooses; on PostgreSQL that subquery locks them with ``FOR UPDATE SKIP LOCKED``; on SQLite the
write transaction is ``BEGIN IMMEDIATE``, so choosing and leasing happen under the database lock.
When more rows are due than a claim takes, the most urgent go first (:func:`urgency`).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from notify.outcomes import Claimed
from notify.wakeups import announce
from storage.engine import Database
from storage.models import Notification, NotificationKind, NotificationState

log = logging.getLogger(__name__)

PENDING = NotificationState.PENDING.value
SENDING = NotificationState.SENDING.value
SENT = NotificationState.SENT.value
FAILED = NotificationState.FAILED.value
DEAD = NotificationState.DEAD.value
OPEN_STATES = (PENDING, SENDING)
# last_error of a failed row whose recipient cannot be messaged (blocked, not on Telegram).
UNREACHABLE = "unreachable: "

# A claim hands the sender these columns of each row (the fields of ``Claimed``).
CLAIMED_COLUMNS = tuple(field.name for field in fields(Claimed))
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
BACKOFF_FIRST = 5.0
BACKOFF_CAP = 15 * 60.0
# Claim order (see :func:`urgency`): rows expiring within this horizon count as urgent, and
# so do these kinds, which tell of something happening now.
URGENT_HORIZON = timedelta(hours=36)
URGENT_KINDS = (
    NotificationKind.MEETING_CHANGE.value,
    NotificationKind.BROADCAST_REPORT.value,
    NotificationKind.UNREACHABLE_NOTICE.value,
    NotificationKind.LATE_APOLOGY.value,
    NotificationKind.ACTION_CANT_DO.value,
)


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
    """Pending rows past their expiry die with a log line instead of being sent late.

    Every dispatcher pass calls this, so it looks first with a read (an index seek on
    ``(state, expires_at_utc)``, however many rows are pending) and opens a write transaction
    only when something has expired."""
    now = ensure_utc(now)
    expired = (
        Notification.state == PENDING,
        col(Notification.expires_at_utc) <= now,
    )
    async with db.read() as session:
        found = (await session.exec(select(Notification.id).where(*expired).limit(1))).first()
    if found is None:
        return 0
    async with db.write() as session:
        rows = (
            await session.exec(
                select(Notification).where(*expired).limit(limit).with_for_update(skip_locked=True)
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


def urgency(now: datetime) -> tuple[ColumnElement[int], ColumnElement[datetime]]:
    """The order in which due rows are sent when more are due than one claim takes (the
    morning release): most urgent first.

    1. Notices about something happening now (a meeting moved or cancelled, a broadcast's
       report, clerks' notices of a member's act), then rows whose expiry is within
       ``URGENT_HORIZON``, nearest expiry first. A meeting reminder expires when the next,
       shorter one takes over or the meeting starts, so "2 hours before" goes before "1 day
       before", which goes before "7 days before".
    2. Rows that never expire (announcements, published agendas), oldest first.
    3. The rest, nearest expiry first.

    Computed over the due rows only: the WHERE stays a range on ``(state,
    next_attempt_at_utc)``, so the cost follows the due backlog, not the pending count.
    Returns (rank, moment): sort by them, then by id.
    """
    expires = col(Notification.expires_at_utc)
    rank = case(
        (col(Notification.kind).in_(URGENT_KINDS), 0),
        (expires <= now + URGENT_HORIZON, 0),
        (expires.is_(None), 1),
        else_=2,
    )
    return rank, func.coalesce(expires, col(Notification.next_attempt_at_utc))


async def claim(
    db: Database,
    *,
    now: datetime,
    owner: str,
    limit: int,
    lease: timedelta = LEASE,
    ahead: timedelta = timedelta(0),
    busy: Collection[int] = (),
) -> list[Claimed]:
    """Take up to ``limit`` due rows for sending: pending ones whose time has come (and that
    have not expired), and rows whose sender's lease ran out (it crashed mid-send). Each claim
    counts as an attempt.

    ``ahead``: take rows due up to that long after ``now`` too (and none that expires by then);
    the caller hands each over no sooner than its ``next_attempt_at_utc``.

    ``busy``: rows the caller is sending at this moment. Their lease may have run out (a slow
    send, or a test's clock moved on) but they are not a dead sender's: taking them again would
    send them twice from one process."""
    now = ensure_utc(now)
    until = now + ahead
    rank, moment = urgency(now)
    # One index range for each half of the OR (SQLite: "MULTI-INDEX OR"; PostgreSQL: a
    # BitmapOr), then the due rows are sorted: the cost follows the due backlog.
    chosen = (
        select(Notification.id)
        .where(
            or_(
                and_(
                    col(Notification.state) == PENDING,
                    col(Notification.next_attempt_at_utc) <= until,
                    # Expired rows are expire_overdue's, even when time moved on since it last
                    # ran: a reminder is never sent late (nor taken early to be sent late).
                    or_(
                        col(Notification.expires_at_utc).is_(None),
                        and_(
                            col(Notification.expires_at_utc) > now,
                            col(Notification.expires_at_utc)
                            > col(Notification.next_attempt_at_utc),
                        ),
                    ),
                ),
                # Rows whose sender's lease ran out (it crashed mid-send).
                and_(
                    col(Notification.state) == SENDING,
                    col(Notification.lease_until_utc) < now,
                    col(Notification.id).not_in(busy) if busy else true(),
                ),
            )
        )
        .order_by(rank, moment, col(Notification.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
        .correlate(None)
    )
    async with db.write() as session:
        # Chosen, leased and read back in one statement.
        rows = (
            await session.exec(
                update(Notification)
                .where(col(Notification.id).in_(chosen.scalar_subquery()))
                .values(
                    state=SENDING,
                    lease_until_utc=now + lease,
                    lease_owner=owner,
                    attempts=col(Notification.attempts) + 1,
                )
                .returning(
                    rank.label("rank"),
                    moment.label("moment"),
                    *(col(getattr(Notification, name)) for name in CLAIMED_COLUMNS),
                )
                .execution_options(synchronize_session=False)
            )
        ).all()
    # Handed to the sender in the order chosen: the most urgent first.
    ordered = sorted(rows, key=lambda row: (row.rank, row.moment, row.id))
    return [Claimed(**{name: row._mapping[name] for name in CLAIMED_COLUMNS}) for row in ordered]


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
