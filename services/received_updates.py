"""The update ids the webhook has taken, shared by every instance: Telegram sends an update again
when it thinks its delivery failed (a timeout, a restart), perhaps to another instance behind the
same URL, and each update must be processed once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, delete

from core.clock import ensure_utc
from storage.engine import Database
from storage.models import ReceivedUpdate

# Telegram keeps an undelivered update for 24 hours; an id older than that never comes again.
KEPT_FOR = timedelta(hours=25)
# Old ids are dropped this often (per process and database), not with every update: the insert
# alone is what an update must wait for.
PRUNE_EVERY = timedelta(minutes=10)

# When this process last dropped old ids, per database URL.
_last_prune: dict[str, datetime] = {}


async def first_receipt(db: Database, *, update_id: int, now: datetime) -> bool:
    """Record ``update_id`` as taken; False if it was taken already (a re-sent update). Every
    :data:`PRUNE_EVERY`, rows older than :data:`KEPT_FOR` go in the same transaction."""
    now = ensure_utc(now)
    insert = sqlite_insert if db.is_sqlite else pg_insert
    last = _last_prune.get(db.url)
    prune = last is None or not last <= now < last + PRUNE_EVERY
    async with db.write() as session:
        result = await session.exec(
            insert(ReceivedUpdate)
            .values(update_id=update_id, received_at_utc=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
        )
        first = result.rowcount == 1
        if prune:
            await session.exec(
                delete(ReceivedUpdate).where(col(ReceivedUpdate.received_at_utc) < now - KEPT_FOR)
            )
    if prune:
        _last_prune[db.url] = now
    return first
