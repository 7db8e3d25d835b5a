"""The syncer: syncs every source whose time has come (:func:`services.sync.sync_due`).

APScheduler (``AsyncIOScheduler``) is only its alarm clock, as for the outbox dispatcher: an
interval job every minute, and a date job at the next source's due moment when that is sooner.
The sources' rows are the truth (when each is due, who holds it): a lost job costs nothing.
With no sources at all a wake costs one small query. A sync that queued notices pokes the
dispatcher (``on_synced``) so they go out at once; an error is logged and never stops the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.clock import Clock
from core.settings import Settings
from services.sync import SyncReport, next_sync_at, release_lease, sync_due
from sources.registry import SourceOpener, SourceOptions, opener
from storage.engine import Database

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60.0
NEXT_JOB = "sources-next"
SWEEP_JOB = "sources-sweep"


def source_opener(settings: Settings) -> SourceOpener:
    """How the CLI and the running bot open sources: QUORUM_SOURCE_TIMEOUT seconds per
    request, QUORUM_SOURCE_ATTEMPTS tries, private addresses only with
    QUORUM_SOURCE_ALLOW_PRIVATE."""
    return opener(
        SourceOptions(
            timeout=settings.source_timeout,
            attempts=settings.source_attempts,
            allow_private=settings.source_allow_private,
        )
    )


def queued_anything(report: SyncReport) -> bool:
    """Whether a sync left notices in the outbox (changes, prompts, supplements, a failure told)."""
    return bool(
        report.change_notices
        or report.publication_prompts
        or report.autopublished
        or report.supplements
        or report.clerks_told
        or report.meetings_added
        or report.meetings_changed
        or report.documents_added
    )


class SourceSyncer:
    """Syncs due sources whenever one falls due, leasing each to ``owner`` while it syncs."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        owner: str,
        opener: SourceOpener,
        on_synced: Callable[[], None] | None = None,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self.db = db
        self.clock = clock
        self.owner = owner
        self.opener = opener
        self.on_synced = on_synced
        self.sweep_seconds = sweep_seconds
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        # Figures for tests and health checks.
        self.passes = 0
        self.synced = 0
        self.failed = 0
        self.errors = 0
        self.last_reports: list[SyncReport] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._stopping = False
        self._runner: asyncio.Task[None] | None = None

    # -- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        self.scheduler.add_job(
            self._alarm,
            IntervalTrigger(seconds=self.sweep_seconds),
            id=SWEEP_JOB,
            replace_existing=True,
        )
        self.scheduler.start()
        self._runner = asyncio.create_task(self._run(), name="source-syncer")
        self.poke()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop waking; give a sync in flight ``grace`` seconds to finish, then cancel it (its
        transaction is rolled back and its lease let go, so that another instance can take the
        source at once)."""
        self._stopping = True
        self._wake.set()
        if self._runner is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._runner), grace)
            except TimeoutError:
                log.warning("sources: a sync still running after %.0f s; stopping anyway", grace)
                self._runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._runner
                await self._release()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def _release(self) -> None:
        """Let go of any source this instance still holds (a sync cancelled mid-way)."""
        try:
            released = await release_lease(self.db, owner=self.owner)
        except Exception:
            log.exception("sources: could not let go of this instance's leases")
            return
        if released:
            log.info("sources: let go of %d source(s) on stopping", released)

    @property
    def running(self) -> bool:
        return self._runner is not None and not self._runner.done()

    def poke(self) -> None:
        """Look for due sources now (one was added, or the clock moved in a test)."""
        self._idle.clear()
        self._wake.set()

    async def settled(self, within: float = 30.0) -> None:
        """Wait until no pass is running and none is asked for (tests)."""
        async with asyncio.timeout(within):
            await self._idle.wait()

    async def _alarm(self) -> None:
        self.poke()

    # -- the loop --------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                break
            try:
                await self.sync_pass()
            except Exception:
                self.errors += 1
                log.exception("sources: sync pass failed; the next wake will try again")
            try:
                await self._set_alarm()
            except Exception:
                log.exception("sources: could not read when the next source is due")
            if not self._wake.is_set():
                self._idle.set()

    async def sync_pass(self) -> list[SyncReport]:
        """Sync every source due now; returns their reports ([] when none is due)."""
        self.passes += 1
        due = await next_sync_at(self.db)
        if due is None or due > self.clock.now():
            return []
        reports = await sync_due(
            self.db,
            now=self.clock.now(),
            owner=self.owner,
            opener=self.opener,
            clock=self.clock.now,
        )
        self.last_reports = reports
        for report in reports:
            if report.superseded:
                log.info("sources: source %d: another instance took it over", report.source_id)
            elif report.ok:
                self.synced += 1
                log.info(
                    "sources: %s (source %d): %s",
                    report.board_name,
                    report.source_id,
                    report.summary,
                )
            else:
                self.failed += 1
                log.warning(
                    "sources: %s (source %d): %s",
                    report.board_name,
                    report.source_id,
                    report.summary,
                )
        if self.on_synced is not None and any(queued_anything(r) for r in reports):
            try:
                self.on_synced()
            except Exception:
                log.exception("sources: waking the dispatcher failed")
        return reports

    async def _set_alarm(self) -> None:
        """One date job at the next due moment when it comes before the next sweep."""
        moment = await next_sync_at(self.db)
        if moment is None:
            self._cancel_alarm()
            return
        delay = (moment - self.clock.now()).total_seconds()
        if delay <= 0:
            # Still due (leased by another instance, or due again at once): the sweep retries.
            self._cancel_alarm()
            return
        if delay >= self.sweep_seconds:
            self._cancel_alarm()
            return
        self.scheduler.add_job(
            self._alarm,
            DateTrigger(run_date=datetime.now(UTC) + timedelta(seconds=delay)),
            id=NEXT_JOB,
            replace_existing=True,
        )

    def _cancel_alarm(self) -> None:
        if self.scheduler.get_job(NEXT_JOB) is not None:
            self.scheduler.remove_job(NEXT_JOB)
