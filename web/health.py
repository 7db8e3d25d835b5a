"""What ``/healthz`` and ``/metrics`` read at request time: the database's answer to a trivial
query, the outbox's depth and lateness, the dispatcher's state, and the runner's role.

Every database read here runs under a short deadline: a health check that hangs on an
unreachable database tells an orchestrator nothing, and it must answer "unhealthy" instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select

from bot.deps import deps_of_application
from core.clock import Clock, SystemClock, ensure_utc
from notify.instances import InstanceInfo, live_instances
from storage.engine import Database
from storage.models import Notification, NotificationState

if TYPE_CHECKING:
    from bot.app import QuorumApplication

log = logging.getLogger(__name__)

# An unreachable database must not hold the check longer than this (seconds).
DB_TIMEOUT_SECONDS = 2.0
# bot_data key under which the runner keeps its role ({"mode": "polling", "polling": "leader"}).
ROLE_KEY = "quorum.role"
# Outbox states counted by /metrics; sent rows are the bulk of the table and are not counted.
COUNTED_STATES = (
    NotificationState.PENDING.value,
    NotificationState.SENDING.value,
    NotificationState.FAILED.value,
    NotificationState.DEAD.value,
)
_ERROR_CHARS = 200


def _version() -> str:
    try:
        return metadata.version("quorum-bot")
    except metadata.PackageNotFoundError:
        return "unknown"


VERSION = _version()


@dataclass(frozen=True, slots=True)
class DatabaseProbe:
    """The answer to ``SELECT 1``: whether it came in time, how long it took, and if not, why."""

    ok: bool
    latency_ms: float
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": self.ok, "latency_ms": round(self.latency_ms, 3)}
        if self.error is not None:
            body["error"] = self.error
        return body


@dataclass(frozen=True, slots=True)
class DispatcherStatus:
    alive: bool
    processed: int
    last_delivery: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "alive": self.alive,
            "processed": self.processed,
            "last_delivery": _iso(self.last_delivery),
        }


@dataclass(frozen=True, slots=True)
class OutboxFigures:
    """The outbox at one moment: rows per open or failed state, rows due, the oldest due."""

    rows_by_state: Mapping[str, int]
    due: int
    oldest_due_utc: datetime | None
    now: datetime

    @property
    def lateness_seconds(self) -> float:
        """How long the oldest due pending row has waited past its time (0: none waits)."""
        if self.oldest_due_utc is None or self.oldest_due_utc > self.now:
            return 0.0
        return (self.now - self.oldest_due_utc).total_seconds()


@dataclass(frozen=True, slots=True)
class HealthReport:
    database: DatabaseProbe
    dispatcher: DispatcherStatus | None
    last_successful_send: datetime | None
    role: Mapping[str, Any] | None
    # The live ``quorum run`` processes sharing the database (notify.instances).
    instances: list[InstanceInfo] | None = None

    @property
    def healthy(self) -> bool:
        """The database answers, and the dispatcher runs (when there is an application)."""
        return self.database.ok and (self.dispatcher is None or self.dispatcher.alive)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.healthy else "unhealthy",
            "database": self.database.as_json(),
            "dispatcher": None if self.dispatcher is None else self.dispatcher.as_json(),
            "last_successful_send": _iso(self.last_successful_send),
            "updates": None if self.role is None else _jsonable(self.role),
            "instances": None
            if self.instances is None
            else [
                {
                    "name": one.name,
                    "host": one.host,
                    "mode": one.mode,
                    "role": one.role,
                    "started_at": _iso(one.started_at_utc),
                    "seen_at": _iso(one.seen_at_utc),
                }
                for one in self.instances
            ],
            "version": VERSION,
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else ensure_utc(moment).isoformat()


def _jsonable(value: Any) -> Any:
    """The runner's role as JSON: mappings and sequences kept, times as ISO text, the rest
    as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return _iso(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)


def describe_error(db: Database, error: BaseException) -> str:
    """A short, secret-free account of a database failure (the driver's own error, its
    message cut short, the URL's password never repeated)."""
    if isinstance(error, TimeoutError):
        return "no answer in time"
    cause: BaseException = error
    if isinstance(error, DBAPIError) and isinstance(error.orig, BaseException):
        cause = error.orig
    message = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    password = make_url(db.url).password
    if password:
        message = message.replace(str(password), "***")
    summary = f"{type(cause).__name__}: {message}" if message else type(cause).__name__
    return summary[:_ERROR_CHARS]


async def probe_database(db: Database, *, within: float = DB_TIMEOUT_SECONDS) -> DatabaseProbe:
    """``SELECT 1`` within ``within`` seconds; never raises for the database's failures."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(within):
            async with db.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as error:  # whatever the driver raises, the answer is "not reachable"
        elapsed = (time.perf_counter() - started) * 1000
        return DatabaseProbe(ok=False, latency_ms=elapsed, error=describe_error(db, error))
    return DatabaseProbe(ok=True, latency_ms=(time.perf_counter() - started) * 1000)


async def latest_send(db: Database) -> datetime | None:
    """When the outbox last delivered anything, by any instance.

    Only sent rows have a sent_at_utc, so no state filter: with an index on the column this is
    one index probe; without one a table scan (about 180 ms per million rows on SQLite).
    """
    async with db.read() as session:
        moment = (await session.exec(select(func.max(Notification.sent_at_utc)))).one()
    return None if moment is None else ensure_utc(moment)


async def outbox_figures(db: Database, *, now: datetime) -> OutboxFigures:
    """Rows per counted state, pending rows due at ``now`` and the oldest of them: index
    searches on (state, next_attempt_at_utc), never a scan of the sent rows."""
    now = ensure_utc(now)
    pending = NotificationState.PENDING.value
    async with db.read() as session:
        counted = (
            await session.exec(
                select(Notification.state, func.count())
                .where(col(Notification.state).in_(COUNTED_STATES))
                .group_by(col(Notification.state))
            )
        ).all()
        due = (
            await session.exec(
                select(func.count())
                .select_from(Notification)
                .where(
                    Notification.state == pending,
                    col(Notification.next_attempt_at_utc) <= now,
                )
            )
        ).one()
        oldest = (
            await session.exec(
                select(func.min(Notification.next_attempt_at_utc)).where(
                    Notification.state == pending
                )
            )
        ).one()
    rows = dict.fromkeys(COUNTED_STATES, 0)
    rows.update({state: int(count) for state, count in counted})
    return OutboxFigures(
        rows_by_state=rows,
        due=int(due),
        oldest_due_utc=None if oldest is None else ensure_utc(oldest),
        now=now,
    )


def dispatcher_status(application: QuorumApplication) -> DispatcherStatus:
    """The outbox dispatcher ``prepare`` started: gone or finished means not alive."""
    dispatcher = deps_of_application(application).outbox.dispatcher
    if dispatcher is None:
        return DispatcherStatus(alive=False, processed=0, last_delivery=None)
    return DispatcherStatus(
        alive=dispatcher.running,
        processed=dispatcher.processed,
        last_delivery=dispatcher.last_delivery,
    )


def role_of(application: QuorumApplication) -> Mapping[str, Any] | None:
    """What the runner says this process does with updates (polling leader, standby, webhook)."""
    role = application.bot_data.get(ROLE_KEY)
    return role if isinstance(role, Mapping) else None


def clock_of(application: QuorumApplication | None) -> Clock:
    return SystemClock() if application is None else deps_of_application(application).clock


async def latest_of(
    db: Database, own: datetime | None, *, within: float = DB_TIMEOUT_SECONDS
) -> datetime | None:
    """The latest send in the whole outbox, else (database too slow or gone) this process's."""
    try:
        async with asyncio.timeout(within):
            recorded = await latest_send(db)
    except Exception:
        log.warning("health: the latest send could not be read", exc_info=True)
        recorded = None
    moments = [ensure_utc(moment) for moment in (recorded, own) if moment is not None]
    return max(moments) if moments else None


async def check_health(
    *,
    db: Database,
    application: QuorumApplication | None = None,
    within: float = DB_TIMEOUT_SECONDS,
) -> HealthReport:
    """The database (and, with an application, its dispatcher and role), each within
    ``within`` seconds."""
    probe = await probe_database(db, within=within)
    dispatcher = None if application is None else dispatcher_status(application)
    own = None if dispatcher is None else dispatcher.last_delivery
    last_send = await latest_of(db, own, within=within) if probe.ok else own
    return HealthReport(
        database=probe,
        dispatcher=dispatcher,
        last_successful_send=last_send,
        role=None if application is None else role_of(application),
        instances=await live_of(db, now=clock_of(application).now(), within=within)
        if probe.ok
        else None,
    )


async def live_of(
    db: Database, *, now: datetime, within: float = DB_TIMEOUT_SECONDS
) -> list[InstanceInfo] | None:
    """The live instances, or None if the database does not say in time."""
    try:
        async with asyncio.timeout(within):
            return await live_instances(db, now=now)
    except Exception:
        log.warning("health: the live instances could not be read", exc_info=True)
        return None
