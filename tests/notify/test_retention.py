"""Outbox retention: finished rows older than the horizon go, in small batches; open rows, newer
rows and the rows of a broadcast still to be reported stay."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import col, select, update
from typer.testing import CliRunner, Result

from cli.app import app
from core.clock import FixedClock
from core.errors import SettingsError
from core.settings import Settings, load_settings
from notify.outbox import NewNotification, enqueue
from notify.retention import DEFAULT_KEEP_DAYS, RETENTION_LOCK, horizon_of, prune_outbox
from runner import process as runner_process
from storage.engine import Database
from storage.models import Board, Broadcast, Notification
from tests.auxil.people import TEST_TOKEN

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
KEEP = 400
OLD = NOW - timedelta(days=KEEP + 5)
RECENT = NOW - timedelta(days=KEEP - 5)


async def put(
    database: Database,
    key: str,
    *,
    state: str,
    due: datetime,
    sent: datetime | None = None,
    next_attempt: datetime | None = None,
    broadcast_id: int | None = None,
) -> None:
    """A row as the dispatcher would have left it."""
    async with database.write() as session:
        await enqueue(
            session,
            [
                NewNotification(
                    kind="broadcast", dedupe_key=key, due_at_utc=due, broadcast_id=broadcast_id
                )
            ],
            now=due,
        )
        values: dict[str, Any] = {
            "state": state,
            "sent_at_utc": sent,
            "next_attempt_at_utc": next_attempt or due,
        }
        if state == "sending":
            values |= {"lease_until_utc": due + timedelta(minutes=2), "lease_owner": "gone"}
        await session.exec(
            update(Notification).where(col(Notification.dedupe_key) == key).values(**values)
        )


async def keys(database: Database) -> set[str]:
    async with database.read() as session:
        return set((await session.exec(select(Notification.dedupe_key))).all())


async def test_finished_rows_past_the_horizon_go_and_the_rest_stay(database: Database) -> None:
    await put(database, "sent-old", state="sent", due=OLD, sent=OLD + timedelta(minutes=1))
    await put(database, "failed-old", state="failed", due=OLD)
    await put(database, "dead-old", state="dead", due=OLD)
    await put(database, "sent-recent", state="sent", due=RECENT, sent=RECENT)
    await put(database, "failed-recent", state="failed", due=OLD, next_attempt=RECENT)
    # Due a year ago but only sent recently (the bot was down): finished recently, kept.
    await put(database, "sent-late", state="sent", due=OLD, sent=RECENT)
    # Killed long ago before its time, due in the future: it could still be wanted again.
    await put(database, "dead-ahead", state="dead", due=NOW + timedelta(days=30))
    await put(database, "pending-old", state="pending", due=OLD)
    await put(database, "sending-old", state="sending", due=OLD)

    report = await prune_outbox(database, now=NOW, keep_days=KEEP)

    assert report.removed == 3
    assert report.complete
    assert report.horizon == NOW - timedelta(days=KEEP)
    assert await keys(database) == {
        "sent-recent",
        "failed-recent",
        "sent-late",
        "dead-ahead",
        "pending-old",
        "sending-old",
    }
    again = await prune_outbox(database, now=NOW, keep_days=KEEP)
    assert (again.removed, again.batches, again.complete) == (0, 0, True)


async def test_batches_are_bounded(database: Database) -> None:
    for n in range(5):
        await put(database, f"sent-{n}", state="sent", due=OLD, sent=OLD + timedelta(minutes=n))
    await put(database, "dead", state="dead", due=OLD)
    await put(database, "kept", state="sent", due=RECENT, sent=RECENT)
    writes = 0
    real_write = database.write

    def counting_write() -> Any:
        nonlocal writes
        writes += 1
        return real_write()

    database.write = counting_write  # type: ignore[method-assign]
    try:
        report = await prune_outbox(database, now=NOW, keep_days=KEEP, batch=2)
    finally:
        database.write = real_write  # type: ignore[method-assign]

    assert (report.removed, report.batches) == (6, 3)
    # Three transactions of two rows, and one that finds nothing left.
    assert writes == 4
    assert await keys(database) == {"kept"}


async def test_a_time_budget_stops_a_run_and_the_next_goes_on(database: Database) -> None:
    for n in range(4):
        await put(database, f"sent-{n}", state="sent", due=OLD, sent=OLD + timedelta(minutes=n))

    first = await prune_outbox(database, now=NOW, keep_days=KEEP, batch=1, budget_seconds=0)
    assert (first.removed, first.batches, first.complete) == (1, 1, False)
    rest = await prune_outbox(database, now=NOW, keep_days=KEEP, batch=1)
    assert (rest.removed, rest.complete) == (3, True)
    assert await keys(database) == set()


async def test_an_unreported_broadcast_keeps_its_rows(database: Database) -> None:
    async with database.write() as session:
        board = Board(name="Testshire", slug="testshire")
        session.add(board)
        await session.flush()
        assert board.id is not None
        open_one = Broadcast(board_id=board.id, kind="text", created_at_utc=OLD)
        done = Broadcast(board_id=board.id, kind="text", created_at_utc=OLD, finished_at_utc=OLD)
        session.add_all([open_one, done])
        await session.flush()
        open_id, done_id = open_one.id, done.id
    await put(database, "open-sent", state="sent", due=OLD, sent=OLD, broadcast_id=open_id)
    await put(database, "open-failed", state="failed", due=OLD, broadcast_id=open_id)
    await put(database, "done-sent", state="sent", due=OLD, sent=OLD, broadcast_id=done_id)
    await put(database, "done-dead", state="dead", due=OLD, broadcast_id=done_id)

    report = await prune_outbox(database, now=NOW, keep_days=KEEP)

    assert report.removed == 2
    assert await keys(database) == {"open-sent", "open-failed"}
    async with database.read() as session:
        assert len((await session.exec(select(Broadcast))).all()) == 2


async def test_zero_days_keeps_every_row(database: Database) -> None:
    await put(database, "sent-ancient", state="sent", due=OLD, sent=OLD)
    report = await prune_outbox(database, now=NOW, keep_days=0)
    assert (report.removed, report.horizon, report.complete) == (0, None, True)
    assert await keys(database) == {"sent-ancient"}
    with pytest.raises(ValueError):
        horizon_of(NOW, -1)


async def test_concurrent_pruners_remove_each_row_once(database: Database) -> None:
    for n in range(30):
        await put(database, f"sent-{n}", state="sent", due=OLD, sent=OLD + timedelta(seconds=n))

    reports = await asyncio.gather(
        *(prune_outbox(database, now=NOW, keep_days=KEEP, batch=4) for _ in range(3))
    )

    assert sum(report.removed for report in reports) == 30
    assert await keys(database) == set()


@pytest.mark.postgres_only
async def test_one_instance_prunes_at_a_time(database: Database) -> None:
    await put(database, "sent-old", state="sent", due=OLD, sent=OLD)
    async with database.engine.connect() as other:
        await other.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RETENTION_LOCK})
        busy = await prune_outbox(database, now=NOW, keep_days=KEEP)
        assert (busy.removed, busy.complete) == (0, False)
        await other.rollback()
    free = await prune_outbox(database, now=NOW, keep_days=KEEP)
    assert (free.removed, free.complete) == (1, True)
    assert await keys(database) == set()


async def test_quorum_run_prunes_the_outbox(
    database: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_process, "PRUNE_FIRST_SECONDS", 0.0)
    await put(database, "sent-old", state="sent", due=OLD, sent=OLD)
    await put(database, "sent-recent", state="sent", due=RECENT, sent=RECENT)
    await put(database, "pending-old", state="pending", due=OLD, next_attempt=NOW + timedelta(1))
    quick = settings.model_copy(update={"http_port": 0, "outbox_retention_days": KEEP})
    process = runner_process.QuorumProcess(
        quick, clock=FixedClock(NOW), token=TEST_TOKEN, db=database
    )
    stop = asyncio.Event()
    running = asyncio.create_task(process.run(stop))
    try:
        async with asyncio.timeout(30):
            while "sent-old" in await keys(database):
                assert not running.done(), running.exception()
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await running
    assert await keys(database) == {"sent-recent", "pending-old"}


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().outbox_retention_days == DEFAULT_KEEP_DAYS == 400
    monkeypatch.setenv("QUORUM_OUTBOX_RETENTION_DAYS", "30")
    assert load_settings().outbox_retention_days == 30
    monkeypatch.setenv("QUORUM_OUTBOX_RETENTION_DAYS", "0")
    assert load_settings().outbox_retention_days == 0
    monkeypatch.setenv("QUORUM_OUTBOX_RETENTION_DAYS", "-1")
    with pytest.raises(SettingsError, match="QUORUM_OUTBOX_RETENTION_DAYS"):
        load_settings()


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


@pytest.mark.wallclock
async def test_quorum_outbox_prune(
    database: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command uses the system clock: one row sent in 2000, one due and sent in 2099.
    ancient = datetime(2000, 1, 1, tzinfo=UTC)
    future = datetime(2099, 1, 1, tzinfo=UTC)
    await put(database, "ancient", state="sent", due=ancient, sent=ancient)
    await put(database, "future", state="sent", due=future, sent=future)
    await put(database, "waiting", state="pending", due=ancient)
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)
    monkeypatch.setenv("QUORUM_OUTBOX_RETENTION_DAYS", "0")

    kept = await cli("outbox", "prune")
    assert kept.exit_code == 0, kept.output
    assert "keeps every row" in kept.output
    assert await keys(database) == {"ancient", "future", "waiting"}

    result = await cli("outbox", "prune", "--days", "30")
    assert result.exit_code == 0, result.output
    assert "Removed 1 row sent or ended more than 30 days ago." in result.output
    assert await keys(database) == {"future", "waiting"}
