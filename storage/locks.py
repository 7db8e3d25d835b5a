"""Locks that say which process does a job only one may do at a time.

PostgreSQL: a session advisory lock held on a connection of its own. The server frees it when
that connection ends, so a process that dies (even ``kill -9``) hands the job on at once.
SQLite: one process only; :func:`lock_sqlite_file` keeps a second ``quorum run`` from starting.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.errors import QuorumError
from storage.engine import Database

log = logging.getLogger(__name__)


class AlreadyRunning(QuorumError):
    """Another process runs Quorum on this SQLite database."""


class AdvisoryLock:
    """A PostgreSQL session advisory lock: ``try_acquire`` without waiting, ``held`` to check
    that the connection holding it is still alive, ``release``."""

    def __init__(self, db: Database, key: int) -> None:
        if db.is_sqlite:
            raise ValueError("advisory locks are PostgreSQL's")
        self._db = db
        self._key = key
        self._connection: AsyncConnection | None = None

    @property
    def acquired(self) -> bool:
        return self._connection is not None

    async def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False if another session does (or the database
        cannot be reached)."""
        if self._connection is not None:
            return True
        connection: AsyncConnection | None = None
        try:
            connection = await self._db.engine.connect()
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            got: bool = (
                await connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
                )
            ).scalar_one()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("lock %x: database not reachable (%s)", self._key, exc)
            if connection is not None:
                await _close_quietly(connection)
            return False
        if not got:
            await _close_quietly(connection)
            return False
        self._connection = connection
        return True

    async def held(self) -> bool:
        """Whether the lock is still ours: the connection holding it answers."""
        if self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError) as exc:
            log.warning("lock %x: lost with its connection (%s)", self._key, exc)
            connection, self._connection = self._connection, None
            await _close_quietly(connection, invalidate=True)
            return False
        return True

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        # Closing the session frees it anyway.
        with contextlib.suppress(SQLAlchemyError, OSError):
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        await _close_quietly(connection)


async def _close_quietly(connection: AsyncConnection, *, invalidate: bool = False) -> None:
    with contextlib.suppress(SQLAlchemyError, OSError):
        if invalidate:
            await connection.invalidate()
        await connection.close()


class SqliteFileLock:
    """An exclusive ``flock`` on ``<database>.lock`` for as long as the process runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"another quorum run (pid {other}) is using this database; SQLite serves one "
                "process only. Stop that one first, or move to PostgreSQL to run several."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def sqlite_lock_for(db: Database) -> SqliteFileLock | None:
    """The lock file beside a SQLite database file (None for an in-memory one)."""
    if not db.is_sqlite:
        return None
    database = make_url(db.url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return SqliteFileLock(Path(database).with_name(Path(database).name + ".lock"))
