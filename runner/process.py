"""``quorum run``: one process of Quorum, in polling or webhook mode, until SIGTERM.

Each process serves HTTP (calendar feeds, /healthz, /metrics and, in webhook mode, the
Telegram webhook), runs an outbox dispatcher and a source syncer (:mod:`runner.syncing`),
removes old finished outbox rows hourly (:mod:`notify.retention`), and beats in the
``instance`` table. On PostgreSQL any number of them share one database (each
source is leased to one of them while it syncs):

- the outbox is claimed row by row (``FOR UPDATE SKIP LOCKED``, leases), so each message goes
  out once whichever process sends it, and a dead process's claims pass to the others once
  their lease runs out;
- in polling mode exactly one process takes Telegram's updates: the holder of an advisory
  lock. The others stand by and try for it every few seconds; the server frees it the moment
  its holder's connection ends, so a dead leader is replaced within seconds;
- in webhook mode Telegram's POSTs may reach any of them;
- they share the bot's sending rate: each takes ``QUORUM_SEND_RATE // live instances``, the
  first started one more until the shares add up to the rate, and claims about a second of it
  at a time.

SQLite serves one process: a lock file beside the database keeps a second one from starting.

Shutdown (SIGTERM, SIGINT): stop taking updates (polling stops; the webhook answers 503 so
Telegram retries elsewhere or later), finish the updates already taken, let sends in flight
finish and give unsent claims back to the outbox, then close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import TelegramError

from bot.app import QuorumApplication, build_application, finish, prepare
from bot.deps import deps_of_application
from bot.pacing import TelegramRateLimiter
from core.clock import Clock
from core.errors import QuorumError
from core.settings import Settings
from notify.dispatcher import instance_name
from notify.instances import BEAT_SECONDS, Presence, beat, forget, share_of
from notify.retention import EVERY_SECONDS, prune_outbox
from runner.syncing import SourceSyncer, source_opener
from storage.engine import POLLING_LOCK, Database
from storage.locks import AdvisoryLock, sqlite_lock_for
from storage.search_index import merge_search_indexes
from web.app import create_web_app, webhook_path
from web.health import ROLE_KEY
from web.server import WebServer

log = logging.getLogger(__name__)

# A standby tries for the polling lock this often; the leader checks it still holds it.
LEADER_RETRY_SECONDS = 5.0
LEADER_CHECK_SECONDS = 5.0
EARLY_BEAT_SECONDS = 1.0
EARLY_BEATS_FOR = 30.0
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)
# The first outbox pruning waits this long after start (then hourly).
PRUNE_FIRST_SECONDS = 60.0


class WebhookError(QuorumError):
    """The webhook URL is unusable or Telegram refused it."""


def webhook_endpoint(base_url: str, settings: Settings) -> str:
    """Where Telegram should POST: ``base_url`` (the public https address of this server,
    as a reverse proxy exposes it) followed by ``/telegram/<QUORUM_WEBHOOK_PATH>``."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(
            f"--webhook {base_url!r} is not a URL; give the public https address, "
            "e.g. --webhook https://quorum.example.org"
        )
    if parts.query or parts.fragment:
        raise WebhookError(f"--webhook {base_url!r}: the address takes no query or fragment")
    base = base_url.strip().rstrip("/")
    route = webhook_path(settings)
    return base if base.endswith(route) else base + route


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Wait ``seconds``; True if ``stop`` was set meanwhile."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
    return stop.is_set()


class QuorumProcess:
    """One ``quorum run``: build, serve until ``stop`` is set, shut down gracefully."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock,
        token: str,
        webhook_url: str | None = None,
        db: Database | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.webhook = None if webhook_url is None else webhook_endpoint(webhook_url, settings)
        self.db = db or Database(settings.database_url)
        self._owns_db = db is None
        self.application: QuorumApplication = build_application(
            settings=settings, db=self.db, clock=clock, token=token
        )
        self.presence = Presence(
            name=instance_name(),
            host=socket.gethostname(),
            pid=os.getpid(),
            mode="polling" if self.webhook is None else "webhook",
            role="starting",
            started_at_utc=clock.now(),
        )
        self.web: WebServer | None = None
        self._lock: AdvisoryLock | None = None
        self._beating: asyncio.Task[None] | None = None
        self._pruning: asyncio.Task[None] | None = None
        self.syncer: SourceSyncer | None = None
        # Rows the dispatcher claims at a time: about a second of this instance's share.
        self._claim_batch: int | None = None

    # -- the whole life --------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        file_lock = sqlite_lock_for(self.db)
        if file_lock is not None:
            file_lock.acquire()
        try:
            await self.db.upgrade()
            await self._beat()
            async with self.application:
                await prepare(
                    self.application, owner=self.presence.name, claim_batch=self._claim_batch
                )
                try:
                    await self.application.start()
                    await self._start_syncer()
                    await self._serve_http()
                    self._beating = asyncio.create_task(self._beat_forever(), name="presence")
                    self._pruning = asyncio.create_task(self._prune_forever(), name="retention")
                    if self.webhook is not None:
                        await self._take_webhook_updates(stop)
                    else:
                        await self._poll_while_leader(stop)
                finally:
                    await self._shut_down()
        finally:
            if self._owns_db:
                await self.db.dispose()
            if file_lock is not None:
                file_lock.release()

    async def _shut_down(self) -> None:
        """Stop taking updates, finish the ones taken, finish sends, give claims back."""
        application = self.application
        log.info("stopping: no more updates; finishing work in hand")
        updater = application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self._lock is not None:
            await self._lock.release()
            self._lock = None
        if application.running:
            await application.stop()  # handlers of updates already taken run to the end
        if self.syncer is not None:
            await self.syncer.stop()  # a sync in flight finishes (briefly) before the sends
            self.syncer = None
        await finish(application)  # sends in flight finish; unsent claims go back
        if self.web is not None:
            await self.web.stop()
        for task in (self._beating, self._pruning):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        with contextlib.suppress(Exception):
            await forget(self.db, self.presence.name)
        log.info("stopped")

    # -- sources ---------------------------------------------------------------------------

    async def _start_syncer(self) -> None:
        """Sync sources as they fall due (after the dispatcher, which it wakes)."""
        self.syncer = SourceSyncer(
            self.db,
            self.clock,
            owner=self.presence.name,
            opener=source_opener(self.settings),
            on_synced=deps_of_application(self.application).outbox.poke,
        )
        await self.syncer.start()

    # -- HTTP ------------------------------------------------------------------------------

    async def _serve_http(self) -> None:
        settings = self.settings
        app = create_web_app(
            db=self.db,
            settings=settings,
            application=self.application,
            webhook=self.webhook is not None,
        )
        self.web = WebServer(app, host=settings.http_host, port=settings.http_port)
        await self.web.start()
        log.info("Calendar links start with %s", settings.public_url or self.web.base_url)

    # -- updates ---------------------------------------------------------------------------

    def _set_role(self, role: str) -> None:
        if role != self.presence.role:
            log.info("updates: %s (%s)", role, self.presence.mode)
        self.presence.role = role
        info: dict[str, Any] = {"mode": self.presence.mode, "instance": self.presence.name}
        if self.presence.mode == "polling":
            info["polling"] = role
        self.application.bot_data[ROLE_KEY] = info

    async def _take_webhook_updates(self, stop: asyncio.Event) -> None:
        assert self.webhook is not None
        parts = urlsplit(self.webhook)
        if parts.scheme != "https" or (parts.port or 443) not in TELEGRAM_WEBHOOK_PORTS:
            log.warning(
                "Telegram's own Bot API posts only to https on ports 443, 80, 88 or 8443; "
                "%s is fine only with a local Bot API server",
                self.webhook,
            )
        try:
            await self.application.bot.set_webhook(
                url=self.webhook,
                secret_token=self.settings.webhook_secret_value,
                allowed_updates=Update.ALL_TYPES,
            )
        except TelegramError as exc:
            raise WebhookError(f"Telegram refused the webhook {self.webhook}: {exc}") from None
        self._set_role("webhook")
        log.info("updates: Telegram posts them to %s", self.webhook)
        await stop.wait()

    async def _poll_while_leader(self, stop: asyncio.Event) -> None:
        """Poll while holding the polling lock; stand by while another process holds it."""
        updater = self.application.updater
        assert updater is not None
        if not self.db.is_sqlite:
            self._lock = AdvisoryLock(self.db, POLLING_LOCK)
        while not stop.is_set():
            if self._lock is not None and not await self._lock.try_acquire():
                self._set_role("standby")
                await self._beat_quietly()
                await _sleep_or_stop(stop, LEADER_RETRY_SECONDS)
                continue
            self._set_role("leader")
            await self._beat_quietly()
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)
            while not await _sleep_or_stop(stop, LEADER_CHECK_SECONDS):
                if self._lock is not None and not await self._lock.held():
                    log.warning("updates: lost the polling lock; stopping polling")
                    break
            await updater.stop()
            if self._lock is not None:
                await self._lock.release()

    # -- presence --------------------------------------------------------------------------

    async def _beat(self) -> None:
        standing = await beat(self.db, self.presence, now=self.clock.now())
        limiter = self.application.bot.rate_limiter
        if not isinstance(limiter, TelegramRateLimiter):
            return
        share = share_of(self.settings.send_rate, standing.live, standing.rank)
        if share != limiter.pacer.overall_limit:
            log.info("sending: %d instance(s) live; this one sends %d/s", standing.live, share)
            limiter.pacer.set_overall_limit(share)
        # Claim about a second of this share at a time: when the outbox runs dry, no instance
        # sits on rows the others, idle by then, could have sent.
        self._claim_batch = share
        dispatcher = deps_of_application(self.application).outbox.dispatcher
        if dispatcher is not None:
            dispatcher.claim_batch = share

    async def _beat_quietly(self) -> None:
        try:
            await self._beat()
        except Exception as exc:
            log.warning("presence: could not beat (%s)", exc)

    async def _beat_forever(self) -> None:
        # Instances usually start together: beat often at first, so that each soon knows how
        # many share the rate; then every BEAT_SECONDS.
        started = asyncio.get_running_loop().time()
        while True:
            young = asyncio.get_running_loop().time() - started < EARLY_BEATS_FOR
            await asyncio.sleep(EARLY_BEAT_SECONDS if young else BEAT_SECONDS)
            await self._beat_quietly()

    # -- retention -------------------------------------------------------------------------

    async def _prune_forever(self) -> None:
        """Hourly (the first a minute after start): old finished outbox rows go, a small batch
        at a time (:mod:`notify.retention`); QUORUM_OUTBOX_RETENTION_DAYS=0 keeps them all.
        Then the search indexes' segments are merged (:mod:`storage.search_index`)."""
        keep_days = self.settings.outbox_retention_days
        delay = PRUNE_FIRST_SECONDS
        while True:
            await asyncio.sleep(delay)
            delay = EVERY_SECONDS
            try:
                if keep_days:
                    await prune_outbox(self.db, now=self.clock.now(), keep_days=keep_days)
            except Exception as exc:
                log.warning("outbox retention: could not prune (%s)", exc)
            try:
                await merge_search_indexes(self.db)
            except Exception as exc:
                log.warning("search indexes: could not merge (%s)", exc)


def install_stop_signals(stop: asyncio.Event) -> list[signal.Signals]:
    """SIGTERM and SIGINT set ``stop`` (the graceful path) instead of killing the process."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    return installed


async def run_process(
    settings: Settings, *, clock: Clock, token: str, webhook_url: str | None
) -> None:
    """``quorum run``'s body: one :class:`QuorumProcess` until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    process = QuorumProcess(settings, clock=clock, token=token, webhook_url=webhook_url)
    installed = install_stop_signals(stop)
    try:
        await process.run(stop)
    finally:
        loop = asyncio.get_running_loop()
        for sig in installed:
            loop.remove_signal_handler(sig)
