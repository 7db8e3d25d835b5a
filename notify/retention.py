"""How long the outbox keeps finished rows: sent, failed and dead ones go after
``QUORUM_OUTBOX_RETENTION_DAYS`` (400 by default; 0 keeps them for ever).

A row is old when its finishing moment is before the horizon (``now - keep_days``): for a
sent row its ``sent_at_utc`` (found by a seek on ``ix_notification_sent_at``), for a failed or
dead one its last scheduled attempt ``next_attempt_at_utc`` (a seek on
``ix_notification_state_next``: a row killed before it was due waits until its due time is
old too). Its ``due_at_utc`` must be old as well, so a removed row can never come back: the
planner queues (and revives) only rows due from now on, and nothing else queues a row due a
year ago under a key that was used before.

Rows of a broadcast whose report has not been made yet (``Broadcast.finished_at_utc`` unset)
are kept whatever their age: the report and the clerk's progress message count them. A
finished broadcast's report was sent long ago; its rows go like any others (the broadcast
itself stays).

Rows go in small batches, each one DELETE whose ids come from the seek, in its own short write
transaction (on SQLite the write lock is held a few milliseconds, then a pause lets claims and
sends go first), and one run stops after a time budget; the next run carries on. On PostgreSQL
each batch first takes a transaction-level advisory lock without waiting: another instance
pruning at that moment makes this one stop, and the candidate rows are locked ``FOR UPDATE SKIP
LOCKED``, so two pruners never wait on each other or on a sender.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Exists, exists, func, not_, or_
from sqlmodel import col, delete, select
from sqlmodel.sql.expression import SelectOfScalar

from core.clock import ensure_utc
from notify.outbox import DEAD, FAILED
from storage.engine import Database
from storage.models import Broadcast, Notification

log = logging.getLogger(__name__)

DEFAULT_KEEP_DAYS = 400
# Rows removed in one transaction: a batch holds the write lock (SQLite) a few milliseconds.
BATCH = 200
# A pause between batches, so that claims and sends waiting for the lock go first: the pruner
# holds the lock a few percent of the time (some 3,000 rows a second at most).
PAUSE_SECONDS = 0.05
# One run removes what it can in this long (up to some 200,000 rows: a busy bot's first year's
# backlog goes in a few hours, and then a few thousand rows an hour fall due); the next run,
# an hour later, goes on.
BUDGET_SECONDS = 60.0
# How often ``quorum run`` prunes.
EVERY_SECONDS = 3600.0
# PostgreSQL: one instance prunes at a time ("QUORUM" 3; storage.engine holds 1 and 2).
RETENTION_LOCK = 0x51554F52554D0003


@dataclass(frozen=True, slots=True)
class PruneReport:
    """What one run removed. ``complete``: nothing older than ``horizon`` is left to remove
    (False: the time budget ran out, or another instance was pruning)."""

    removed: int
    batches: int
    horizon: datetime | None
    complete: bool


def horizon_of(now: datetime, keep_days: int) -> datetime | None:
    """Rows finished before this moment go; None: ``keep_days`` 0 keeps every row."""
    if keep_days < 0:
        raise ValueError("keep_days is 0 (keep for ever) or more")
    return None if keep_days == 0 else ensure_utc(now) - timedelta(days=keep_days)


def _unreported_broadcast() -> Exists:
    """The row belongs to a broadcast whose report is still to come."""
    return exists().where(
        col(Broadcast.id) == col(Notification.broadcast_id),
        col(Broadcast.finished_at_utc).is_(None),
    )


def _seeks(horizon: datetime) -> list[SelectOfScalar[Any]]:
    """The old finished rows' ids, oldest first, each an index seek: sent rows by
    ``sent_at_utc``, then failed and dead ones by ``(state, next_attempt_at_utc)``."""
    keep = or_(col(Notification.broadcast_id).is_(None), not_(_unreported_broadcast()))
    return [
        select(Notification.id)
        .where(
            # Only sent rows have a sent_at_utc: no state filter, which would lead SQLite to
            # a state index and every sent row.
            col(Notification.sent_at_utc) < horizon,
            col(Notification.due_at_utc) < horizon,
            keep,
        )
        .order_by(col(Notification.sent_at_utc)),
        *(
            select(Notification.id)
            .where(
                col(Notification.state) == state,
                col(Notification.next_attempt_at_utc) < horizon,
                col(Notification.due_at_utc) < horizon,
                keep,
            )
            .order_by(col(Notification.next_attempt_at_utc))
            for state in (FAILED, DEAD)
        ),
    ]


async def _prune_batch(db: Database, horizon: datetime, batch: int) -> int | None:
    """One transaction: remove up to ``batch`` old rows; None if another instance prunes."""
    async with db.write() as session:
        if not db.is_sqlite:
            mine = (
                await session.exec(select(func.pg_try_advisory_xact_lock(RETENTION_LOCK)))
            ).one()
            if not mine:
                return None
        removed = 0
        for seek in _seeks(horizon):
            # One statement each: the seek's ids (PostgreSQL: locked, skipping rows a sender
            # holds) go by primary key. No state filter on the DELETE itself: it would lead
            # SQLite to a state index, through every sent row.
            chosen = seek.limit(batch - removed).with_for_update(skip_locked=True)
            result = await session.exec(
                delete(Notification)
                .where(col(Notification.id).in_(chosen.scalar_subquery()))
                .execution_options(synchronize_session=False)
            )
            removed += int(result.rowcount or 0)
            if removed >= batch:
                break
        return removed


async def prune_outbox(
    db: Database,
    *,
    now: datetime,
    keep_days: int,
    batch: int = BATCH,
    budget_seconds: float | None = BUDGET_SECONDS,
    pause_seconds: float = PAUSE_SECONDS,
) -> PruneReport:
    """Remove rows that finished more than ``keep_days`` before ``now``, ``batch`` rows per
    transaction, for at most ``budget_seconds`` (None: until none is left)."""
    if batch < 1:
        raise ValueError("batch is 1 or more")
    horizon = horizon_of(now, keep_days)
    if horizon is None:
        return PruneReport(removed=0, batches=0, horizon=None, complete=True)
    loop = asyncio.get_running_loop()
    deadline = None if budget_seconds is None else loop.time() + budget_seconds
    removed = batches = 0
    while True:
        gone = await _prune_batch(db, horizon, batch)
        if gone is None:
            log.info("outbox retention: another instance is pruning; leaving it to it")
            return PruneReport(removed, batches, horizon, complete=False)
        if gone == 0:
            break
        removed += gone
        batches += 1
        if deadline is not None and loop.time() >= deadline:
            log.info(
                "outbox retention: removed %d rows sent or ended before %s; more next time",
                removed,
                horizon.isoformat(),
            )
            return PruneReport(removed, batches, horizon, complete=False)
        await asyncio.sleep(pause_seconds)
    if removed:
        log.info(
            "outbox retention: removed %d rows sent or ended before %s",
            removed,
            horizon.isoformat(),
        )
    return PruneReport(removed, batches, horizon, complete=True)
