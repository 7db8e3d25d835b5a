"""Whether the database answers: ``SELECT 1`` under a deadline, and a secret-free account of
why not. For ``/healthz`` and ``/metrics``; the outbox's own figures are in
:mod:`services.outbox_admin`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from storage.engine import Database

_ERROR_CHARS = 200


@dataclass(frozen=True, slots=True)
class DatabaseProbe:
    """The answer to ``SELECT 1``: whether it came in time, how long it took, and if not, why."""

    ok: bool
    latency_ms: float
    error: str | None = None


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


async def probe_database(db: Database, *, within: float) -> DatabaseProbe:
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
