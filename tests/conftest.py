"""Shared fixtures: a real SQLite file, the local Bot API fake, the real PTB Application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, finish, prepare, sends_queued
from bot.deps import deps_of_application
from core.clock import FixedClock
from core.settings import Settings, load_settings
from fakegram import FakeBotApi
from notify.dispatcher import Dispatcher
from storage.engine import Database
from tests.auxil import pg
from tests.auxil.packs import LONDON
from tests.auxil.people import TEST_TOKEN
from tests.auxil.world import World, build_world


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer's QUORUM_* variables or .env leak into a test."""
    import os

    for name in list(os.environ):
        if name.startswith("QUORUM_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


POSTGRES_URL = pg.configured_url()

# The autouse fixture that ends, after each test, the ``quorum`` processes it started.
pytest_plugins = [
    "tests.auxil.processes",
    "tests.auxil.feeds",
    "tests.auxil.action_register",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about SQLite itself (files, pragmas); not run on PostgreSQL"
    )
    config.addinivalue_line(
        "markers",
        "postgres_only: several processes on one database; run on the PostgreSQL pass only",
    )
    config.addinivalue_line(
        "markers",
        "wallclock: starts processes that read the real clock, or is about quiet hours and"
        " reminder timing; .ci/run also runs these under faketime (night, clock change)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_URL is None:
        return f"database: SQLite files (set {pg.ENV} for the PostgreSQL pass)"
    return f"database: PostgreSQL ({pg.ENV}); only tests that use a database run"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass, run the tests that use the database, except SQLite's own; on
    the SQLite pass, all but those that need PostgreSQL (several processes on one database)."""
    selected: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        if POSTGRES_URL is None:
            wanted = item.get_closest_marker("postgres_only") is None
        else:
            uses_db = "db_url" in getattr(item, "fixturenames", ())
            wanted = uses_db and item.get_closest_marker("sqlite_only") is None
        (selected if wanted else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def scratch_databases() -> Iterator[pg.ScratchDatabases | None]:
    if POSTGRES_URL is None:
        yield None
        return
    scratch = pg.ScratchDatabases(POSTGRES_URL)
    scratch.create_template()
    yield scratch
    scratch.drop_template()


@pytest.fixture
def db_url(tmp_path: Path, scratch_databases: pg.ScratchDatabases | None) -> Iterator[str]:
    """A database of the test's own: a SQLite file, or a fresh PostgreSQL database."""
    if scratch_databases is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'quorum.db'}"
        return
    name = scratch_databases.create()
    yield scratch_databases.url_of(name)
    scratch_databases.drop(name)


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[Database]:
    db = Database(db_url)
    await db.upgrade()
    yield db
    await db.dispose()


@pytest.fixture
async def world(database: Database) -> World:
    """Testshire and Northshire, their meetings, actions and people (tests/auxil/world.py)."""
    return await build_world(database)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2023, 10, 3, 9, 0, tzinfo=LONDON))


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def settings(fake_api: FakeBotApi, db_url: str) -> Settings:
    return load_settings(
        telegram_token=TEST_TOKEN,
        telegram_api_url=fake_api.base_url,
        telegram_file_url=fake_api.base_file_url,
        database_url=db_url,
    )


@pytest.fixture
async def running_bot(
    settings: Settings, database: Database, clock: FixedClock, fake_api: FakeBotApi
) -> AsyncIterator[Any]:
    """The real Application, long-polling the fake over HTTP."""
    application = build_application(settings=settings, db=database, clock=clock, token=TEST_TOKEN)
    fake_api.bot_busy = sends_queued(application)
    async with application:
        await prepare(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield application
        await application.updater.stop()
        await finish(application)
        await application.stop()


@pytest.fixture
def dispatcher(running_bot: Any) -> Dispatcher:
    """The outbox dispatcher the running bot started, woken by the handlers' outbox bell."""
    started = deps_of_application(running_bot).outbox.dispatcher
    assert started is not None
    return started
