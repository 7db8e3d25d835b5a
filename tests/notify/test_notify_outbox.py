"""The outbox's own mechanics: unique keys, claims with leases, expiry, outcomes, the alarm."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select, update

from bot.deps import deps_of_application
from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat
from notify.dispatcher import NEXT_JOB, SWEEP_JOB
from notify.effects import record
from notify.outbox import NewNotification, claim, enqueue, expire_overdue, next_wake, release
from notify.outcomes import Claimed, Deferred, Delivered, RetryLater, Skipped, Unreachable
from storage.engine import Database
from storage.models import Board, Broadcast, Membership, Notification, Person

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)


def row(key: str, due: datetime, expires: datetime | None = None) -> NewNotification:
    return NewNotification(kind="broadcast", dedupe_key=key, due_at_utc=due, expires_at_utc=expires)


async def queue(database: Database, *rows: NewNotification) -> None:
    async with database.write() as session:
        await enqueue(session, rows, now=NOW)


async def states(database: Database) -> dict[str, tuple[str, int]]:
    async with database.read() as session:
        rows = (await session.exec(select(Notification).order_by(col(Notification.id)))).all()
    return {r.dedupe_key: (r.state, r.attempts) for r in rows}


async def test_a_key_is_queued_once(database: Database) -> None:
    await queue(database, row("a", NOW), row("b", NOW))
    await queue(database, row("a", NOW + timedelta(days=1)), row("c", NOW))
    assert await states(database) == {
        "a": ("pending", 0),
        "b": ("pending", 0),
        "c": ("pending", 0),
    }


async def test_claims_take_due_rows_in_order_and_leases_keep_others_off(
    database: Database,
) -> None:
    await queue(
        database,
        row("later", NOW + timedelta(hours=1)),
        row("second", NOW - timedelta(minutes=1)),
        row("first", NOW - timedelta(minutes=5)),
    )
    mine = await claim(database, now=NOW, owner="a", limit=10, lease=timedelta(minutes=2))
    assert [item.dedupe_key for item in mine] == ["first", "second"]
    assert all(item.attempts == 1 for item in mine)
    assert await claim(database, now=NOW, owner="b", limit=10) == []
    # The holder died: after the lease, another dispatcher takes the rows over.
    theirs = await claim(database, now=NOW + timedelta(minutes=3), owner="b", limit=10)
    assert [item.dedupe_key for item in theirs] == ["first", "second"]
    assert all(item.attempts == 2 for item in theirs)


async def test_release_gives_claims_back_without_counting_an_attempt(
    database: Database,
) -> None:
    await queue(database, row("a", NOW), row("b", NOW))
    await claim(database, now=NOW, owner="me", limit=1)
    await claim(database, now=NOW, owner="other", limit=1)
    assert await release(database, owner="me", now=NOW) == 1
    assert await states(database) == {"a": ("pending", 0), "b": ("sending", 1)}
    # A single-process start frees every lease: they all belonged to a dead process.
    assert await release(database, owner=None, now=NOW) == 1
    assert await states(database) == {"a": ("pending", 0), "b": ("pending", 0)}


async def test_expired_rows_die_with_a_log_line_instead_of_going_out_late(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await queue(
        database,
        row("stale", NOW - timedelta(hours=3), expires=NOW - timedelta(hours=1)),
        row("fresh", NOW - timedelta(hours=3), expires=NOW + timedelta(hours=1)),
    )
    with caplog.at_level(logging.INFO, logger="notify.outbox"):
        assert await expire_overdue(database, now=NOW) == 1
    assert "stale expired" in caplog.text
    assert await states(database) == {"stale": ("dead", 0), "fresh": ("pending", 0)}
    assert [item.dedupe_key for item in await claim(database, now=NOW, owner="a", limit=5)] == [
        "fresh"
    ]


async def _claim_one(database: Database, owner: str = "me") -> Claimed:
    [item] = await claim(database, now=NOW, owner=owner, limit=1)
    return item


async def _stored(database: Database, key: str) -> Notification:
    async with database.read() as session:
        return (
            await session.exec(select(Notification).where(Notification.dedupe_key == key))
        ).one()


async def test_a_row_past_its_expiry_is_never_claimed_even_before_it_is_marked_dead(
    database: Database,
) -> None:
    """The clock may move on between a pass's expire_overdue and its claim (on PostgreSQL a
    pass can be under way, woken by another transaction, when a long wait ends)."""
    await queue(database, row("2h", NOW, expires=NOW + timedelta(hours=2)), row("later", NOW))
    after_expiry = NOW + timedelta(hours=3)
    claimed = await claim(database, now=after_expiry, owner="me", limit=10)
    assert [item.dedupe_key for item in claimed] == ["later"]
    assert await expire_overdue(database, now=after_expiry) == 1
    assert (await states(database))["2h"] == ("dead", 0)


async def test_outcomes_move_rows_through_their_states(database: Database) -> None:
    await queue(database, row("retry", NOW))
    item = await _claim_one(database)
    await record(database, item, RetryLater("429", after_seconds=7), now=NOW, owner="me")
    stored = await _stored(database, "retry")
    assert (stored.state, stored.next_attempt_at_utc, stored.last_error) == (
        "pending",
        NOW + timedelta(seconds=7),
        "429",
    )
    assert stored.lease_owner is None

    await queue(database, row("quiet", NOW))
    item = await _claim_one(database)
    await record(database, item, Deferred(NOW + timedelta(hours=9), "quiet"), now=NOW, owner="me")
    stored = await _stored(database, "quiet")
    assert (stored.state, stored.attempts) == ("pending", 0)

    await queue(database, row("gone", NOW))
    item = await _claim_one(database)
    await record(database, item, Skipped("meeting cancelled"), now=NOW, owner="me")
    assert (await _stored(database, "gone")).state == "dead"


async def test_retries_stop_after_the_last_attempt(database: Database) -> None:
    await queue(database, row("flaky", NOW))
    for attempt in range(1, 4):
        [item] = await claim(database, now=NOW + timedelta(hours=attempt), owner="me", limit=1)
        assert item.attempts == attempt
        await record(
            database, item, RetryLater("502 Bad Gateway"), now=NOW, owner="me", max_attempts=3
        )
    stored = await _stored(database, "flaky")
    assert stored.state == "failed"
    assert stored.last_error == "gave up after 3 attempts: 502 Bad Gateway"


async def test_a_late_result_from_a_lost_lease_does_not_overwrite_the_new_holder(
    database: Database,
) -> None:
    await queue(database, row("slow", NOW))
    first = await _claim_one(database, owner="slow-one")
    [second] = await claim(database, now=NOW + timedelta(minutes=5), owner="fast-one", limit=1)
    await record(database, first, RetryLater("timeout"), now=NOW, owner="slow-one")
    assert (await _stored(database, "slow")).lease_owner == "fast-one"
    await record(database, second, Delivered(42), now=NOW, owner="fast-one")
    stored = await _stored(database, "slow")
    assert (stored.state, stored.telegram_message_id) == ("sent", 42)


async def _broadcast_to_twenty(database: Database, clerk_id: int | None) -> int:
    async with database.write() as session:
        board = (await session.exec(select(Board))).first()
        if board is None:
            board = Board(name="Testshire HWB", slug="testshire-hwb")
            session.add(board)
            await session.flush()
        broadcast = Broadcast(
            board_id=board.id or 0, kind="text", text="Papers", created_by_person_id=clerk_id
        )
        session.add(broadcast)
        await session.flush()
        await enqueue(
            session,
            [
                NewNotification(
                    kind="broadcast",
                    dedupe_key=f"broadcast:{broadcast.id}:person:{n}",
                    due_at_utc=NOW,
                    board_id=board.id,
                    broadcast_id=broadcast.id,
                )
                for n in range(20)
            ],
            now=NOW,
        )
        assert broadcast.id is not None
        return broadcast.id


async def test_the_last_sends_recorded_at_once_queue_the_clerks_report_once(
    database: Database,
) -> None:
    """Many senders finish together (on PostgreSQL each records in a transaction of its own,
    side by side): exactly one of them sees the broadcast finished and queues the report."""
    async with database.write() as session:
        clerk = Person(full_name="Carol Clerk")
        session.add(clerk)
    for _ in range(5):  # the race is a matter of luck: give it several chances
        broadcast_id = await _broadcast_to_twenty(database, clerk.id)
        items = await claim(database, now=NOW, owner="me", limit=100)
        assert len(items) == 20
        await asyncio.gather(
            *(
                record(database, item, Delivered(n), now=NOW, owner="me")
                for n, item in enumerate(items)
            )
        )
        async with database.read() as session:
            reports = (
                await session.exec(
                    select(Notification.dedupe_key).where(
                        Notification.kind == "broadcast-report",
                        Notification.broadcast_id == broadcast_id,
                    )
                )
            ).all()
            finished = await session.get(Broadcast, broadcast_id)
        assert reports == [f"broadcast:{broadcast_id}:report"]
        assert finished is not None and finished.finished_at_utc == NOW
        # The reports are claimed by the next round's claim otherwise.
        async with database.write() as session:
            await session.exec(
                update(Notification)
                .where(col(Notification.kind) == "broadcast-report")
                .values(state="sent")
            )


async def test_sends_refused_at_once_tell_the_clerk_once_that_the_member_blocked_us(
    database: Database,
) -> None:
    """Several sends to one member come back 403 together (recorded side by side on
    PostgreSQL): the clerk is told once."""
    async with database.write() as session:
        board = Board(name="Testshire HWB", slug="testshire-hwb")
        clerk = Person(full_name="Carol Clerk", telegram_user_id=9001)
        session.add_all([board, clerk])
        await session.flush()
        session.add(Membership(board_id=board.id or 0, person_id=clerk.id or 0, role="clerk"))
    for round_ in range(5):  # the race is a matter of luck: give it several chances
        async with database.write() as session:
            member = Person(full_name=f"Member {round_}", telegram_user_id=8000 + round_)
            session.add(member)
            await session.flush()
            session.add(Membership(board_id=board.id or 0, person_id=member.id or 0))
            await enqueue(
                session,
                [
                    NewNotification(
                        kind="broadcast",
                        dedupe_key=f"member:{member.id}:{n}",
                        due_at_utc=NOW,
                        board_id=board.id,
                        person_id=member.id,
                    )
                    for n in range(10)
                ],
                now=NOW,
            )
        items = await claim(database, now=NOW, owner="me", limit=100)
        assert len(items) == 10
        # Each outcome is recorded a second after the last: no two would share a notice's key.
        await asyncio.gather(
            *(
                record(
                    database,
                    item,
                    Unreachable("Forbidden: bot was blocked by the user"),
                    now=NOW + timedelta(seconds=n),
                    owner="me",
                )
                for n, item in enumerate(items)
            )
        )
        async with database.write() as session:
            notices = (
                await session.exec(
                    select(Notification.person_id).where(
                        Notification.kind == "unreachable-notice",
                        Notification.about_person_id == member.id,
                    )
                )
            ).all()
            # Out of the next round's claim.
            await session.exec(
                update(Notification)
                .where(col(Notification.kind) == "unreachable-notice")
                .values(state="sent")
            )
        assert notices == [clerk.id]


GROUP = -500100


async def test_the_scheduler_holds_two_jobs_however_many_rows_are_pending(
    running_bot: Any, database: Database, fake_api: FakeBotApi, clock: FixedClock
) -> None:
    """2,000 posts to a group fall due one a second from 30 s ahead; the bot's own dispatcher
    keeps one timer for the next and the sweep, and sends exactly those that are due."""
    assert clock.now() == NOW
    fake_api.add_chat(FakeChat.group(GROUP, "Testshire HWB"))
    async with database.write() as session:
        board = Board(name="Testshire HWB", slug="testshire-hwb")
        session.add(board)
        await session.flush()
        broadcast = Broadcast(board_id=board.id or 0, kind="text", text="The papers are out.")
        session.add(broadcast)
        await session.flush()
        await enqueue(
            session,
            [
                NewNotification(
                    kind="broadcast",
                    dedupe_key=f"post:{n}",
                    due_at_utc=NOW + timedelta(seconds=30 + n),
                    board_id=board.id,
                    chat_id=GROUP,
                    broadcast_id=broadcast.id,
                )
                for n in range(2000)
            ],
            now=NOW,
        )
    dispatcher = deps_of_application(running_bot).outbox.dispatcher
    assert dispatcher is not None
    dispatcher.poke()
    await dispatcher.settled()
    assert fake_api.messages_to(GROUP) == []
    assert {job.id for job in dispatcher.scheduler.get_jobs()} == {SWEEP_JOB, NEXT_JOB}
    assert await next_wake(database) == NOW + timedelta(seconds=30)
    # Time passes: the first eleven are due.
    clock.advance(timedelta(seconds=40))
    dispatcher.poke()
    await dispatcher.settled()
    await fake_api.wait_until_quiet(quiet=0.1)
    assert len(fake_api.messages_to(GROUP)) == 11
    assert dispatcher.job_count() == 2
    assert await next_wake(database) == NOW + timedelta(seconds=41)
