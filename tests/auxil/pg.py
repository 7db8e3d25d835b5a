"""Scratch PostgreSQL databases for the test suite's second pass.

With ``QUORUM_TEST_POSTGRES_URL`` set (``.ci/run`` sets it), every test that asks for a
database gets a fresh one on that server: a copy of a template migrated once per run, dropped
after the test. The URL names a database to connect to for creating and dropping them.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import URL, make_url

from storage.engine import Database

ENV = "QUORUM_TEST_POSTGRES_URL"
T = TypeVar("T")


def configured_url() -> str | None:
    value = os.environ.get(ENV, "").strip()
    return value or None


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run in a thread of its own: fixtures may be set up while a loop runs."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


class ScratchDatabases:
    """A migrated template, and numbered copies of it."""

    def __init__(self, admin_url: str) -> None:
        url = make_url(admin_url)
        if url.get_backend_name() != "postgresql":
            raise ValueError(f"{ENV} must be a postgresql URL, not {admin_url!r}")
        self._admin = url
        self._prefix = f"quorum_t{os.getpid()}"
        self.template = f"{self._prefix}_template"
        self._numbers = itertools.count(1)

    def url_of(self, name: str) -> str:
        url: URL = self._admin.set(drivername="postgresql+asyncpg", database=name)
        return url.render_as_string(hide_password=False)

    async def _execute(self, *statements: str) -> None:
        url = self._admin
        connection = await asyncpg.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password,
            database=url.database or "postgres",
        )
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    def create_template(self) -> None:
        async def work() -> None:
            await self._execute(
                f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
                f'CREATE DATABASE "{self.template}"',
            )
            db = Database(self.url_of(self.template))
            try:
                await db.upgrade()
            finally:
                await db.dispose()

        _run(work())

    def create(self) -> str:
        name = f"{self._prefix}_{next(self._numbers)}"
        _run(
            self._execute(
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"',
            )
        )
        return name

    def drop(self, name: str) -> None:
        _run(self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_template(self) -> None:
        self.drop(self.template)
