"""What every ``quorum`` command shares: loading settings, running a coroutine with domain
errors turned into one polite line and an exit code, the upgraded database, and logging.

Each command group (one module per group in this package) imports these; :mod:`cli.app`
registers the groups, so nothing here imports a group.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, NoReturn, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from core.errors import QuorumError, SettingsError
from core.logs import configure_logging
from core.settings import Settings, load_settings
from packs.errors import PackError
from storage.engine import Database

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr, prefixed as every command's errors are, and the exit code."""
    typer.echo(f"quorum: {message}", err=True)
    raise typer.Exit(code)


def check_zone(name: str, option: str = "--timezone") -> str:
    """A time zone given on the command line, checked: a bad one is a usage error (exit 2)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"{option}: {name!r} is not a known time zone (e.g. Europe/London).", 2)
    return name


def load() -> Settings:
    """The settings, or a one-line error naming the bad variable."""
    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc), 2)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine, turning domain errors into one polite line and a non-zero exit."""
    try:
        return asyncio.run(coroutine)
    except (QuorumError, PackError) as exc:
        fail(str(exc))


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[Database]:
    """The configured database, upgraded to the current schema, closed afterwards."""
    db = Database(settings.database_url)
    try:
        await db.upgrade()
        yield db
    finally:
        await db.dispose()


def configure_logs(level: int | None = None, settings: Settings | None = None) -> None:
    """Logs on stderr in QUORUM_LOG_FORMAT (text or json), at ``level`` or QUORUM_LOG_LEVEL."""
    configure_logging(settings if settings is not None else load(), level)
