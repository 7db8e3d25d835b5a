"""A backlog of due rows goes most urgent first; quiet wake-ups write nothing; outcomes are
recorded in batches by the same rules as one by one."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import FixedClock, OffsetClock
from notify.dispatcher import Dispatcher
from notify.effects import record_many
from notify.outbox import NewNotification, claim, enqueue, expire_overdue
from notify.outcomes import Claimed, Delivered, Outcome, RetryLater, Unreachable
from storage.engine import Database
from storage.models import Board, Broadcast, Membership, Notification, Person

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
REMINDER = "meeting-reminder"


def due(
    key: str,
    *,
    kind: str = REMINDER,
    expires: timedelta | None = None,
    lead: str | None = None,
    late: timedelta = timedelta(0),
) -> NewNotification:
    """A row due at NOW (or ``late`` before), expiring ``expires`` after NOW."""
    return NewNotification(
        kind=kind,
        dedupe_key=key,
        due_at_utc=NOW - late,
        expires_at_utc=None if expires is None else NOW + expires,
        lead=lead,
    )


async def queue(database: Database, rows: list[NewNotification]) -> None:
    async with database.write() as session:
        await enqueue(session, rows, now=NOW - timedelta(hours=12))


async def claimed_keys(database: Database, limit: int) -> list[str]:
    return [item.dedupe_key for item in await claim(database, now=NOW, owner="me", limit=limit)]


async def test_a_backlog_is_claimed_most_urgent_first_and_expired_rows_never(
    database: Database,
) -> None:
    rows = [
        due("seven-days", expires=timedelta(days=6), lead="7d", late=timedelta(hours=10)),
        due("publication", kind="publication", late=timedelta(hours=9)),
        due("one-day", expires=timedelta(hours=30), lead="1d", late=timedelta(hours=8)),
        due("two-hours", expires=timedelta(hours=2), lead="2h"),
        due("moved", kind="meeting-change"),
        due("report", kind="broadcast-report"),
        due("too-late", expires=timedelta(minutes=-1), lead="2h", late=timedelta(hours=11)),
    ]
    random.Random(3).shuffle(rows)
    await queue(database, rows)
    order = [key for _ in range(7) for key in await claimed_keys(database, 1)]
    # Notices of something happening now (oldest due first), then the nearest expiry, then
    # what never expires, then the rest; the expired row is left for expire_overdue.
    assert set(order[:2]) == {"moved", "report"}
    assert order[2:] == ["two-hours", "one-day", "publication", "seven-days"]
    assert await expire_overdue(database, now=NOW) == 1


async def test_a_two_hours_reminder_never_waits_behind_seven_days_reminders(
    database: Database,
) -> None:
    """Queued earlier and due earlier, the "7 days before" reminders still go after every
    "2 hours before" of the same claim and of the next."""
    await queue(
        database,
        [
            due(f"7d:{n}", expires=timedelta(days=6, minutes=n), lead="7d", late=timedelta(hours=9))
            for n in range(40)
        ],
    )
    await queue(
        database, [due(f"2h:{n}", expires=timedelta(hours=2), lead="2h") for n in range(15)]
    )
    first = await claimed_keys(database, 10)
    second = await claimed_keys(database, 10)
    assert all(key.startswith("2h:") for key in first)
    assert second[:5] == [f"2h:{n}" for n in range(10, 15)]
    assert second[5:] == [f"7d:{n}" for n in range(5)]


async def test_the_sender_gets_one_claim_most_urgent_first(database: Database) -> None:
    await queue(
        database,
        [
            due("later", expires=timedelta(hours=20)),
            due("sooner", expires=timedelta(hours=3)),
            due("whenever", expires=timedelta(days=5)),
            due("soonest", expires=timedelta(hours=1)),
        ],
    )
    assert await claimed_keys(database, 10) == ["soonest", "sooner", "later", "whenever"]


class CountingWrites:
    """Counts the write transactions a Database opens."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        self._write = database.write

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[AsyncSession]:
        self.count += 1
        async with self._write() as session:
            yield session


async def test_expire_overdue_opens_no_write_transaction_when_nothing_expired(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await queue(
        database,
        [
            due("fresh", expires=timedelta(hours=2)),
            due("no-expiry", kind="publication"),
            due("soon", expires=timedelta(minutes=1)),
        ],
    )
    writes = CountingWrites(database)
    monkeypatch.setattr(database, "write", writes)
    assert await expire_overdue(database, now=NOW) == 0
    assert writes.count == 0
    assert await expire_overdue(database, now=NOW + timedelta(minutes=1)) == 1
    assert writes.count == 1
    async with database.read() as session:
        stored = (
            await session.exec(select(Notification).where(Notification.dedupe_key == "soon"))
        ).one()
    assert (stored.state, stored.last_error) == ("dead", "expired")


class Nothing:
    async def __call__(self, item: Claimed) -> Outcome:
        return Delivered(None)


async def test_a_dispatcher_records_many_finished_sends_in_few_transactions(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await queue(database, [due(f"row:{n}", kind="publication") for n in range(120)])
    writes = CountingWrites(database)
    monkeypatch.setattr(database, "write", writes)
    dispatcher = Dispatcher(database, FixedClock(NOW), Nothing())
    assert await dispatcher.drain() == 120
    async with database.read() as session:
        states = (await session.exec(select(Notification.state))).all()
    assert states == ["sent"] * 120
    assert dispatcher.processed == 120
    # Claims of 60 and one transaction per batch of finished sends, not one per row.
    assert writes.count < 120 // 10


async def test_a_batch_keeps_every_rule_of_recording_one_by_one(database: Database) -> None:
    """One transaction: the broadcast's report is queued once, when its last row settles; a
    member refusing two messages marks them unreachable and tells the clerk once; a row whose
    lease another sender took over keeps their record."""
    async with database.write() as session:
        board = Board(name="Testshire HWB", slug="testshire-hwb")
        clerk = Person(full_name="Carol Clerk", telegram_user_id=9001)
        member = Person(full_name="Mo Member", telegram_user_id=8001)
        session.add_all([board, clerk, member])
        await session.flush()
        assert board.id is not None and clerk.id is not None and member.id is not None
        session.add_all(
            [
                Membership(board_id=board.id, person_id=clerk.id, role="clerk"),
                Membership(board_id=board.id, person_id=member.id),
            ]
        )
        broadcast = Broadcast(
            board_id=board.id, kind="text", text="Papers", created_by_person_id=clerk.id
        )
        session.add(broadcast)
        await session.flush()
        assert broadcast.id is not None
        rows = [
            NewNotification(
                kind="broadcast",
                dedupe_key=f"broadcast:{broadcast.id}:person:{n}",
                due_at_utc=NOW,
                board_id=board.id,
                broadcast_id=broadcast.id,
            )
            for n in range(4)
        ]
        rows += [
            NewNotification(
                kind="publication",
                dedupe_key=f"refused:{n}",
                due_at_utc=NOW,
                board_id=board.id,
                person_id=member.id,
            )
            for n in range(2)
        ]
        rows.append(NewNotification(kind="publication", dedupe_key="taken", due_at_utc=NOW))
        await enqueue(session, rows, now=NOW)
    items = {item.dedupe_key: item for item in await claim(database, now=NOW, owner="me", limit=10)}
    assert len(items) == 7
    # Our lease on "taken" ran out meanwhile; another sender has it now.
    async with database.write() as session:
        await session.exec(
            update(Notification)
            .where(col(Notification.dedupe_key) == "taken")
            .values(lease_owner="other")
        )
    results: list[tuple[Claimed, Outcome]] = [
        (items[f"broadcast:{broadcast.id}:person:{n}"], Delivered(n)) for n in range(4)
    ]
    results += [
        (items[f"refused:{n}"], Unreachable("Forbidden: bot was blocked")) for n in range(2)
    ]
    results.append((items["taken"], RetryLater("timeout")))
    await record_many(database, results, now=NOW, owner="me")
    async with database.read() as session:
        stored = {
            row.dedupe_key: row
            for row in (await session.exec(select(Notification).order_by(col(Notification.id))))
        }
        finished = await session.get(Broadcast, broadcast.id)
        marked = await session.get(Person, member.id)
    assert [stored[f"broadcast:{broadcast.id}:person:{n}"].state for n in range(4)] == ["sent"] * 4
    assert [stored[f"refused:{n}"].state for n in range(2)] == ["failed"] * 2
    assert (stored["taken"].state, stored["taken"].lease_owner) == ("sending", "other")
    reports = [row for row in stored.values() if row.kind == "broadcast-report"]
    notices = [row for row in stored.values() if row.kind == "unreachable-notice"]
    assert [row.dedupe_key for row in reports] == [f"broadcast:{broadcast.id}:report"]
    assert [(row.person_id, row.about_person_id) for row in notices] == [(clerk.id, member.id)]
    assert finished is not None and finished.finished_at_utc == NOW
    assert marked is not None and marked.unreachable_since_utc == NOW


class Stamps:
    """A sender noting the clock's time at each hand-over."""

    def __init__(self, clock: OffsetClock) -> None:
        self.clock = clock
        self.handed: dict[str, datetime] = {}

    async def __call__(self, item: Claimed) -> Outcome:
        self.handed[item.dedupe_key] = self.clock.now()
        return Delivered(None)


async def test_a_row_claimed_ahead_of_its_time_is_never_handed_over_early(
    database: Database,
) -> None:
    """The dispatcher claims a moment early (so the claim is done by the due instant) and
    then waits: the sender never sees a row before its time, and rows further off stay."""
    clock = OffsetClock(NOW)
    soon = [
        NewNotification(kind="publication", dedupe_key=f"soon:{n}", due_at_utc=NOW + gap)
        for n, gap in enumerate(timedelta(milliseconds=ms) for ms in (0, 15, 30, 45))
    ]
    later = NewNotification(kind="publication", dedupe_key="later", due_at_utc=NOW + timedelta(1))
    await queue(database, [*soon, later])
    sender = Stamps(clock)
    dispatcher = Dispatcher(database, clock, sender)
    await dispatcher.drain()
    assert "soon:0" in sender.handed
    assert set(sender.handed) <= {row.dedupe_key for row in soon}
    for row in soon:
        if row.dedupe_key in sender.handed:
            assert sender.handed[row.dedupe_key] >= row.due_at_utc
    async with database.read() as session:
        stored = (
            await session.exec(select(Notification).where(Notification.dedupe_key == "later"))
        ).one()
    assert stored.state == "pending"
