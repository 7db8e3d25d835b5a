"""A dispatcher never takes back a row it is sending itself, even when the row's lease has run
out meanwhile (a slow send, or a test's clock moved on): one process sends a row once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from core.clock import FixedClock
from notify.dispatcher import Dispatcher
from notify.outbox import LEASE, NewNotification, claim, enqueue
from notify.outcomes import Claimed, Delivered, Outcome
from storage.engine import Database
from storage.models import Notification

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)


class SlowAndQuick:
    """Holds "slow" until released; "quick" moves the clock past every lease and returns."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.calls: Counter[str] = Counter()
        self.release = asyncio.Event()

    async def __call__(self, item: Claimed) -> Outcome:
        self.calls[item.dedupe_key] += 1
        if item.dedupe_key == "slow":
            await self.release.wait()
        else:
            self.clock.set(NOW + LEASE * 10)
            asyncio.get_running_loop().call_later(0.3, self.release.set)
        return Delivered(None)


async def test_a_row_in_flight_is_not_claimed_again_when_its_lease_runs_out(
    database: Database,
) -> None:
    async with database.write() as session:
        await enqueue(
            session,
            [
                NewNotification(kind="publication", dedupe_key=key, due_at_utc=NOW)
                for key in ("slow", "quick")
            ],
            now=NOW,
        )
    clock = FixedClock(NOW)
    sender = SlowAndQuick(clock)
    dispatcher = Dispatcher(database, clock, sender)
    handled = await dispatcher.drain()
    assert sender.calls == Counter({"slow": 1, "quick": 1})
    assert handled == 2
    async with database.read() as session:
        states = {
            row.dedupe_key: row.state for row in (await session.exec(select(Notification))).all()
        }
    assert states == {"slow": "sent", "quick": "sent"}


async def test_another_sender_does_take_over_a_row_whose_lease_ran_out(database: Database) -> None:
    """The rule above is only for the sender's own rows in flight: a dead sender's row is
    taken over when its lease ends."""
    async with database.write() as session:
        await enqueue(
            session, [NewNotification(kind="publication", dedupe_key="k", due_at_utc=NOW)], now=NOW
        )
    first = await claim(database, now=NOW, owner="dead", limit=5)
    assert [item.dedupe_key for item in first] == ["k"]
    later = NOW + LEASE + timedelta(seconds=1)
    assert await claim(database, now=later, owner="alive", limit=5, busy={first[0].id + 1}) != []
