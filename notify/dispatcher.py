"""The dispatcher: claims due outbox rows, sends them, records the outcome.

APScheduler (``AsyncIOScheduler``) is only its alarm clock: one date job for the next due row
and one interval job as a safety sweep, however many rows are pending. The rows are the truth:
a job lost by a crash costs nothing, because the next start (or sweep) finds the rows again.

On time: the date job fires ``LOOKAHEAD`` before the next row is due; the claim (a write
transaction) takes rows due by then and each is handed to the sender at its due instant, not
before. A wake-up with nothing expired writes nothing but the claim, and finished sends are
recorded a batch per transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.clock import Clock
from notify.effects import record, record_many
from notify.outbox import LEASE, MAX_ATTEMPTS, claim, expire_overdue, next_wake, release
from notify.outcomes import Claimed, Deliver, Delivered, Outcome, RetryLater
from notify.wakeups import OutboxListener
from storage.engine import Database

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60.0
# The dispatcher wakes this long before the next row is due and claims it then, so that the
# claim's write transaction is done by the due instant, when the row is handed over.
LOOKAHEAD = timedelta(milliseconds=50)
NEXT_JOB = "outbox-next"
SWEEP_JOB = "outbox-sweep"
ProgressHook = Callable[[set[int]], Awaitable[None]]
# Told every recorded outcome (metrics); must be quick and must not raise.
OutcomeHook = Callable[[Claimed, Outcome], None]


def instance_name() -> str:
    """Who holds a lease: host, process and a random suffix (unique per start)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Dispatcher:
    """Drains the outbox through ``deliver`` whenever rows fall due.

    ``concurrency`` sends may be in flight at once (the pacer spaces them); claimed rows are
    leased for ``lease`` so that a crashed process's rows are taken over. With
    ``single_process`` (SQLite), every lease found at start belongs to a dead process and is
    released at once.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        deliver: Deliver,
        *,
        concurrency: int = 30,
        lease: timedelta = LEASE,
        sweep_seconds: float = SWEEP_SECONDS,
        max_attempts: int = MAX_ATTEMPTS,
        single_process: bool | None = None,
        on_progress: ProgressHook | None = None,
        owner: str | None = None,
        on_outcome: OutcomeHook | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.deliver = deliver
        self.concurrency = concurrency
        self.lease = lease
        self.sweep_seconds = sweep_seconds
        self.max_attempts = max_attempts
        self.single_process = db.is_sqlite if single_process is None else single_process
        self.on_progress = on_progress
        self.on_outcome = on_outcome
        self.owner = owner or instance_name()
        # Rows taken per claim; None: twice ``concurrency``. Several instances sharing the
        # bot's rate set it to about a second of their share, so none sits on rows the others
        # could send while it waits for its own slots.
        self.claim_batch: int | None = None
        self.lookahead = LOOKAHEAD
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        # Figures for health checks and benchmarks.
        self.wakeups = 0
        self.processed = 0
        self.last_delivery: datetime | None = None
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._stopping = False
        self._runner: asyncio.Task[None] | None = None
        # PostgreSQL: rows queued by other processes (the CLI, other instances) wake us too.
        self._listener = OutboxListener(db, self.poke)

    # -- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self.single_process:
            released = await release(self.db, owner=None, now=self.clock.now())
            if released:
                log.info(
                    "outbox: %d send(s) interrupted by the last stop will be retried", released
                )
        self.scheduler.add_job(
            self._alarm,
            IntervalTrigger(seconds=self.sweep_seconds),
            id=SWEEP_JOB,
            replace_existing=True,
        )
        self.scheduler.start()
        self._runner = asyncio.create_task(self._run(), name="outbox-dispatcher")
        await self._listener.start()
        self.poke()

    async def stop(self, grace: float = 30.0) -> None:
        """Stop claiming, let in-flight sends finish, give unsent claims back."""
        self._stopping = True
        await self._listener.stop()
        self._wake.set()
        if self._runner is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._runner), grace)
            except TimeoutError:
                log.warning("outbox: sends still in flight after %.0f s; stopping anyway", grace)
                self._runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._runner
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await release(self.db, owner=self.owner, now=self.clock.now())

    @property
    def running(self) -> bool:
        return self._runner is not None and not self._runner.done()

    def poke(self) -> None:
        """Look at the outbox now (new rows were queued, or the clock moved in a test)."""
        self._idle.clear()
        self._wake.set()

    async def settled(self, within: float = 30.0) -> None:
        """Wait until nothing in the outbox is due at the clock's time and no pass is running
        (tests, the demo). Rows queued without a poke are found too."""
        async with asyncio.timeout(within):
            while True:
                await self._idle.wait()
                moment = await next_wake(self.db)
                if moment is None or moment > self.clock.now():
                    if self._idle.is_set():
                        return
                else:
                    self.poke()

    async def _alarm(self) -> None:
        self.poke()

    # -- the loop --------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                break
            self.wakeups += 1
            try:
                await self.drain()
                await self._set_alarm()
            except Exception:
                log.exception("outbox: dispatcher pass failed; the sweep will try again")
            if not self._wake.is_set():
                self._idle.set()

    async def drain(self) -> int:
        """Send everything due now; returns how many rows were handled.

        Finished sends are recorded together: every send that ended while the last record was
        written goes into the next transaction (one per send when they end one by one, a
        handful when many end at once)."""
        handled = 0
        in_flight: set[asyncio.Task[tuple[Claimed, Outcome]]] = set()
        # Ids of the rows in flight: never claimed again by this dispatcher while it sends them.
        sending: set[int] = set()
        touched: set[int] = set()
        last_progress = time.monotonic()
        reporting: asyncio.Task[None] | None = None

        def progress_done() -> bool:
            return reporting is None or reporting.done()

        exhausted = False
        while True:
            if not exhausted and not self._stopping and len(in_flight) <= self.concurrency:
                batch = await claim(
                    self.db,
                    now=self.clock.now(),
                    owner=self.owner,
                    limit=self._claim_limit(len(in_flight)),
                    lease=self.lease,
                    ahead=self.lookahead,
                    busy=sending,
                )
                exhausted = not batch
                for item in batch:
                    sending.add(item.id)
                    if item.broadcast_id is not None:
                        touched.add(item.broadcast_id)
                    in_flight.add(asyncio.create_task(self._send(item)))
            if not in_flight:
                break
            done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            results = [task.result() for task in done]
            await self._record(results)
            sending.difference_update(item.id for item, _ in results)
            handled += len(done)
            if exhausted and not in_flight:
                # Deliveries may have queued follow-ups (reports, next week's reminder).
                exhausted = False
            if touched and time.monotonic() - last_progress >= 1.0 and progress_done():
                # In the background: a progress message waits for the clerk's chat like any
                # message, and claiming and recording must not wait with it.
                reporting = asyncio.create_task(self._progress(set(touched)))
                last_progress = time.monotonic()
        if reporting is not None:
            await reporting
        if touched:
            await self._progress(touched)
        # Expired rows are never claimed; killing them (with a log line) waits until the due
        # ones are handed over. Usually nothing has expired, and this is one index seek.
        await expire_overdue(self.db, now=self.clock.now())
        return handled

    def _claim_limit(self, in_flight: int) -> int:
        """How many rows to claim now, with ``in_flight`` sends still running."""
        if self.claim_batch is None:
            return 2 * self.concurrency - in_flight
        return max(1, min(self.claim_batch, 2 * self.concurrency - in_flight))

    async def _send(self, item: Claimed) -> tuple[Claimed, Outcome]:
        await self._until_due(item)
        try:
            return item, await self.deliver(item)
        except Exception as exc:
            log.exception("outbox: sending %s raised", item.dedupe_key)
            return item, RetryLater(f"internal error: {type(exc).__name__}: {exc}")

    async def _until_due(self, item: Claimed) -> None:
        """A row claimed ahead of its time waits for it here: never handed over early. (The
        wait is real time, at most ``lookahead`` each look: a test's fixed clock that never
        reaches the moment costs two looks.)"""
        if item.next_attempt_at_utc is None:
            return
        for _ in range(2):
            early = (item.next_attempt_at_utc - self.clock.now()).total_seconds()
            if early <= 0:
                return
            await asyncio.sleep(min(early, self.lookahead.total_seconds()))

    async def _record(self, results: list[tuple[Claimed, Outcome]]) -> None:
        """Record finished sends in one transaction; should that fail, each alone (one bad row
        must not lose the others' outcomes: an unrecorded row would be sent again when its
        lease runs out)."""
        now = self.clock.now()
        try:
            await record_many(
                self.db, results, now=now, owner=self.owner, max_attempts=self.max_attempts
            )
            recorded = results
        except Exception:
            if len(results) == 1:
                log.exception("outbox: recording %s failed", results[0][0].dedupe_key)
                return
            log.exception("outbox: recording %d outcomes failed; one by one", len(results))
            recorded = []
            for item, outcome in results:
                try:
                    await record(
                        self.db,
                        item,
                        outcome,
                        now=self.clock.now(),
                        owner=self.owner,
                        max_attempts=self.max_attempts,
                    )
                except Exception:
                    log.exception("outbox: recording %s failed", item.dedupe_key)
                    continue
                recorded.append((item, outcome))
        for item, outcome in recorded:
            if self.on_outcome is not None:
                self.on_outcome(item, outcome)
            self.processed += 1
            if isinstance(outcome, Delivered):
                self.last_delivery = now

    async def _progress(self, broadcast_ids: set[int]) -> None:
        if self.on_progress is None:
            return
        try:
            await self.on_progress(set(broadcast_ids))
        except Exception:
            log.exception("outbox: progress report failed")

    async def _set_alarm(self) -> None:
        """One date job at the next due moment (the sweep covers anything further off)."""
        moment = await next_wake(self.db)
        if moment is None:
            self._cancel_alarm()
            return
        delay = (moment - self.clock.now() - self.lookahead).total_seconds()
        if delay <= 0:
            self._wake.set()
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

    def job_count(self) -> int:
        return len(self.scheduler.get_jobs())
