"""Which ``quorum run`` processes are alive: each beats in the ``instance`` table.

The live instances share the bot's sending rate (Telegram counts ~30 messages a second per
bot, however many processes send them), and /healthz lists them. A process that dies stops
beating; after :data:`LIVE_WITHIN` it no longer counts, and its row is pruned a day later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, delete, select

from core.clock import ensure_utc
from storage.engine import Database
from storage.models import Instance

log = logging.getLogger(__name__)

BEAT_SECONDS = 10.0
LIVE_WITHIN = timedelta(seconds=35)
PRUNE_AFTER = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class InstanceInfo:
    name: str
    host: str
    pid: int
    mode: str
    role: str
    started_at_utc: datetime
    seen_at_utc: datetime


@dataclass(slots=True)
class Presence:
    """This process's row."""

    name: str
    host: str
    pid: int
    mode: str
    role: str
    started_at_utc: datetime


@dataclass(frozen=True, slots=True)
class Standing:
    """How many instances are live, and this one's place among them (0 = started first)."""

    live: int
    rank: int


async def beat(db: Database, me: Presence, *, now: datetime) -> Standing:
    """Say this process is alive (and in which role); returns how many instances are live and
    where this one stands among them (by start, then name: the same order for all of them)."""
    now = ensure_utc(now)
    values = {
        "name": me.name,
        "host": me.host[:100],
        "pid": me.pid,
        "mode": me.mode,
        "role": me.role,
        "started_at_utc": ensure_utc(me.started_at_utc),
        "seen_at_utc": now,
    }
    async with db.write() as session:
        insert = sqlite_insert if db.is_sqlite else pg_insert
        statement = insert(Instance).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["name"],
            set_={"role": me.role, "mode": me.mode, "seen_at_utc": now},
        )
        await session.exec(statement)
        await session.exec(delete(Instance).where(col(Instance.seen_at_utc) < now - PRUNE_AFTER))
        live = list(
            (
                await session.exec(
                    select(Instance.name)
                    .where(col(Instance.seen_at_utc) >= now - LIVE_WITHIN)
                    .order_by(col(Instance.started_at_utc), col(Instance.name))
                )
            ).all()
        )
    # This row was written just above with ``now``, so it is among the live ones.
    rank = live.index(me.name) if me.name in live else len(live)
    return Standing(live=max(1, len(live)), rank=rank)


async def forget(db: Database, name: str) -> None:
    """A clean stop: the row goes at once, so the others take up its share of the rate."""
    async with db.write() as session:
        await session.exec(delete(Instance).where(col(Instance.name) == name))


async def live_instances(db: Database, *, now: datetime) -> list[InstanceInfo]:
    async with db.read() as session:
        rows = (
            await session.exec(
                select(Instance)
                .where(col(Instance.seen_at_utc) >= ensure_utc(now) - LIVE_WITHIN)
                .order_by(col(Instance.started_at_utc), col(Instance.name))
            )
        ).all()
    return [
        InstanceInfo(
            name=row.name,
            host=row.host,
            pid=row.pid,
            mode=row.mode,
            role=row.role,
            started_at_utc=ensure_utc(row.started_at_utc),
            seen_at_utc=ensure_utc(row.seen_at_utc),
        )
        for row in rows
    ]


def share_of(rate: int, live: int, rank: int = 0) -> int:
    """The messages a second of the instance at ``rank`` (0-based) when ``live`` share ``rate``.

    Each takes ``rate // live`` and the first ``rate % live`` by rank one more, so the shares
    add up to ``rate`` exactly and none of it is left idle (30 among 4: 8, 8, 7, 7). Every
    instance sends at least one a second, so more instances than ``rate`` go over it.
    """
    live = max(1, live)
    whole, rest = divmod(rate, live)
    return max(1, whole + (1 if rank < rest else 0))
