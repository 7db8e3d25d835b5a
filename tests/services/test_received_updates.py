"""The webhook's record of update ids taken: each id once, old ids dropped, not on every update."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from services.received_updates import KEPT_FOR, PRUNE_EVERY, first_receipt
from storage.engine import Database
from storage.models import ReceivedUpdate

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


async def kept_ids(db: Database) -> list[int]:
    async with db.read() as session:
        rows = await session.exec(
            select(ReceivedUpdate.update_id).order_by(col(ReceivedUpdate.update_id))
        )
        return list(rows.all())


async def test_an_update_id_is_taken_once(database: Database) -> None:
    assert await first_receipt(database, update_id=1, now=START)
    assert not await first_receipt(database, update_id=1, now=START + timedelta(seconds=5))
    assert await first_receipt(database, update_id=2, now=START + timedelta(seconds=5))
    assert await kept_ids(database) == [1, 2]


async def test_old_ids_are_dropped_every_so_often_not_with_every_update(
    database: Database,
) -> None:
    assert await first_receipt(database, update_id=1, now=START)
    assert await first_receipt(database, update_id=2, now=START + PRUNE_EVERY / 2)
    # The first update more than PRUNE_EVERY after the last prune drops the ids older than
    # KEPT_FOR: 1, not 2.
    later = START + KEPT_FOR + PRUNE_EVERY / 4
    assert await first_receipt(database, update_id=3, now=later)
    assert await kept_ids(database) == [2, 3]
    # 2 is now older than KEPT_FOR too, but the last prune was less than PRUNE_EVERY ago.
    assert await first_receipt(database, update_id=4, now=later + PRUNE_EVERY / 2)
    assert await kept_ids(database) == [2, 3, 4]
    # The next update after PRUNE_EVERY drops it, and only it.
    assert await first_receipt(database, update_id=5, now=later + PRUNE_EVERY)
    assert await kept_ids(database) == [3, 4, 5]
    # A kept id is still refused; a dropped one is older than Telegram keeps an update (it cannot
    # come again), and were it to, it would be taken as new.
    assert not await first_receipt(database, update_id=3, now=later + PRUNE_EVERY)
    assert await first_receipt(database, update_id=2, now=later + PRUNE_EVERY)
