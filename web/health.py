"""What ``/healthz`` and ``/metrics`` report: the database's answer to a trivial query, the
outbox's last send, the dispatcher's state, the runner's role, the live instances, as JSON.

The reads themselves are services (:mod:`services.health`, :mod:`services.outbox_admin`,
:mod:`notify.instances`); each runs here under a short deadline: a health check that hangs on
an unreachable database tells an orchestrator nothing, and it must answer "unhealthy" instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

from bot.deps import deps_of_application
from core.clock import Clock, SystemClock, ensure_utc
from notify.instances import InstanceInfo, live_instances
from services.health import DatabaseProbe, probe_database
from services.outbox_admin import latest_send
from storage.engine import Database

if TYPE_CHECKING:
    from bot.app import QuorumApplication

log = logging.getLogger(__name__)

# An unreachable database must not hold the check longer than this (seconds).
DB_TIMEOUT_SECONDS = 2.0
# bot_data key under which the runner keeps its role ({"mode": "polling", "polling": "leader"}).
ROLE_KEY = "quorum.role"


def _version() -> str:
    try:
        return metadata.version("quorum-bot")
    except metadata.PackageNotFoundError:
        return "unknown"


VERSION = _version()


def _probe_json(probe: DatabaseProbe) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": probe.ok, "latency_ms": round(probe.latency_ms, 3)}
    if probe.error is not None:
        body["error"] = probe.error
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
            "database": _probe_json(self.database),
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
