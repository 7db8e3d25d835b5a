"""The source syncer in the running bot: it syncs a source when it falls due (against the local
Modern.Gov fake), wakes the dispatcher after a sync that queued something, and keeps going
after a failing sync."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from core.clock import FixedClock
from core.settings import Settings
from runner.process import QuorumProcess
from runner.syncing import SourceSyncer
from services.boards import create_board
from services.sources import add_source
from services.sync import next_sync_at, sync_due
from sources.registry import MODERNGOV, SourceOptions, opener
from storage.engine import Database
from storage.models import Meeting, SyncSource
from tests.auxil.moderngov import SAMPLE, Failure, FakeModernGov, sample_site
from tests.auxil.people import TEST_TOKEN

TODAY = date(2023, 10, 3)
NOW = datetime(2023, 10, 3, 9, 0, tzinfo=UTC)
BOARD = "Eastshire Health and Wellbeing Board"
QUICK = opener(SourceOptions(timeout=10.0, attempts=1, backoff=0.01, allow_private=True))


async def _synced_meetings(db: Database) -> int:
    async with db.read() as session:
        rows = await session.exec(select(Meeting).where(col(Meeting.source_id).is_not(None)))
        return len(rows.all())


async def _add_source(db: Database, site: FakeModernGov, clock: FixedClock) -> int:
    await create_board(db, name=BOARD, timezone="Europe/London")
    source = await add_source(
        db,
        board_name=BOARD,
        kind=MODERNGOV,
        base_url=site.base_url,
        committee_id=SAMPLE.committee,
        viewer=None,
        now=clock.now(),
    )
    return source.id


async def test_with_no_sources_a_wake_asks_nobody(database: Database) -> None:
    clock = FixedClock(NOW)
    async with FakeModernGov(sample_site(TODAY)) as site:
        syncer = SourceSyncer(database, clock, owner="test-instance", opener=QUICK)
        await syncer.start()
        try:
            await syncer.settled()
            assert syncer.passes >= 1 and syncer.running
            assert syncer.last_reports == [] and site.requests == []
        finally:
            await syncer.stop()
        assert not syncer.running


async def test_a_due_source_is_synced_and_the_dispatcher_poked(database: Database) -> None:
    clock = FixedClock(NOW)
    pokes: list[datetime] = []
    async with FakeModernGov(sample_site(TODAY)) as site:
        source_id = await _add_source(database, site, clock)
        syncer = SourceSyncer(
            database,
            clock,
            owner="test-instance",
            opener=QUICK,
            on_synced=lambda: pokes.append(clock.now()),
        )
        await syncer.start()
        try:
            await syncer.settled()
            assert [(r.source_id, r.ok) for r in syncer.last_reports] == [(source_id, True)]
            assert syncer.synced == 1 and pokes == [NOW]
            assert await _synced_meetings(database) == 6

            # Not due again before its interval: a wake asks the site nothing.
            asked = len(site.requests)
            syncer.poke()
            await syncer.settled()
            assert len(site.requests) == asked and syncer.synced == 1

            # Due again: synced again, and with nothing changed nobody is woken.
            due = await next_sync_at(database)
            assert due is not None and NOW < due <= NOW + timedelta(minutes=30)
            clock.set(due)
            syncer.poke()
            await syncer.settled()
            assert syncer.synced == 2 and len(site.requests) > asked
            assert pokes == [NOW]
            assert await _synced_meetings(database) == 6
        finally:
            await syncer.stop()


async def test_a_failing_sync_does_not_stop_the_syncer(database: Database) -> None:
    clock = FixedClock(NOW)
    async with FakeModernGov(sample_site(TODAY)) as site:
        source_id = await _add_source(database, site, clock)
        site.fail(Failure.FORBIDDEN)
        syncer = SourceSyncer(database, clock, owner="test-instance", opener=QUICK)
        await syncer.start()
        try:
            await syncer.settled()
            assert [(r.source_id, r.ok) for r in syncer.last_reports] == [(source_id, False)]
            assert syncer.failed == 1 and syncer.running
            assert await _synced_meetings(database) == 0

            site.heal()
            due = await next_sync_at(database)
            assert due is not None and due > NOW  # retried later, not at once
            clock.set(due)
            syncer.poke()
            await syncer.settled()
            assert syncer.running and syncer.synced == 1
            assert [(r.source_id, r.ok) for r in syncer.last_reports] == [(source_id, True)]
            assert await _synced_meetings(database) == 6
        finally:
            await syncer.stop()


async def test_quorum_run_syncs_sources_beside_the_dispatcher(
    database: Database, settings: Settings
) -> None:
    clock = FixedClock(NOW)
    async with FakeModernGov(sample_site(TODAY)) as site:
        source_id = await _add_source(database, site, clock)
        quick = settings.model_copy(
            update={"http_port": 0, "source_attempts": 1, "source_allow_private": True}
        )
        process = QuorumProcess(quick, clock=clock, token=TEST_TOKEN, db=database)
        stop = asyncio.Event()
        running = asyncio.create_task(process.run(stop))
        try:
            async with asyncio.timeout(30):
                while process.syncer is None or not process.syncer.synced:
                    assert not running.done(), running.exception()
                    await asyncio.sleep(0.05)
            syncer = process.syncer
            assert [(r.source_id, r.ok) for r in syncer.last_reports] == [(source_id, True)]
            assert await _synced_meetings(database) == 6
        finally:
            stop.set()
            await running
        # Stopped before the dispatcher.
        assert process.syncer is None and not syncer.running


async def test_a_sync_cancelled_at_shutdown_lets_go_of_its_lease(database: Database) -> None:
    clock = FixedClock(NOW)
    async with FakeModernGov(sample_site(TODAY), hang_seconds=30.0) as site:
        source_id = await _add_source(database, site, clock)
        site.fail(Failure.HANG)
        syncer = SourceSyncer(database, clock, owner="stopping-instance", opener=QUICK)
        await syncer.start()
        try:
            for _ in range(1000):  # until the sync is waiting on the site
                if site.in_flight:
                    break
                await asyncio.sleep(0.01)
            assert site.in_flight
            async with database.read() as session:
                held = await session.get(SyncSource, source_id)
            assert held is not None and held.lease_owner == "stopping-instance"
        finally:
            await syncer.stop(grace=0.05)
        assert not syncer.running
        async with database.read() as session:
            source = await session.get(SyncSource, source_id)
        assert source is not None
        # Let go at once: another instance may take it now, not an hour later.
        assert (source.lease_owner, source.lease_until_utc) == (None, None)
        assert source.failures == 0 and source.last_success_at_utc is None
        assert await sync_due(database, now=NOW, owner="another", opener=QUICK) != []
