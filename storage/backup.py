"""Online backups of a SQLite database: one consistent, self-contained file.

SQLite's backup API copies the database as one read transaction sees it, so the bot may keep
writing meanwhile (in WAL mode readers and the writer do not block each other). The copy is
switched out of WAL mode, so it is a single file with no ``-wal`` beside it, checked with
``PRAGMA integrity_check``, and only then renamed over the target: a failed backup leaves
nothing half-written behind. PostgreSQL is refused with the ``pg_dump`` command to use instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from core.errors import QuorumError
from storage.engine import SQLITE_BUSY_TIMEOUT_MS


class BackupError(QuorumError):
    """A backup refused or failed; the message says what to do instead. Nothing is written."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    """What a backup wrote: where, how big, at which schema revision, and how many rows."""

    source: Path
    target: Path
    size_bytes: int
    schema_version: str | None  # Alembic's revision, e.g. "0005"; None: never upgraded
    row_counts: dict[str, int]  # every table of the copy, by name


async def backup_sqlite(db_url: str, target: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the SQLite database at ``db_url`` to ``target`` while it may be in use.

    Raises :class:`BackupError`, writing nothing, for a PostgreSQL URL (with the ``pg_dump``
    command to use instead), a target that exists (unless ``overwrite``), a target directory
    that does not exist, a database file that is not there, or a copy that fails its check.
    """
    return await asyncio.to_thread(_backup, db_url, Path(target), overwrite)


def _backup(db_url: str, target: Path, overwrite: bool) -> BackupResult:
    """All of it, file checks included, in a worker thread: nothing blocks the event loop."""
    source = _sqlite_path(db_url, target)
    if target.is_dir():
        raise BackupError(
            f"{target} is a directory: give the backup's file name, e.g. {target}/quorum-backup.db"
        )
    if not target.parent.is_dir():
        raise BackupError(
            f"There is no directory {target.parent}: create it first, or choose another place."
        )
    if target.exists() and not overwrite:
        raise BackupError(
            f"{target} already exists: choose another name, or pass --force to replace it."
        )
    if target.exists() and os.path.samefile(target, source):
        raise BackupError(f"{target} is the database itself: choose another file.")
    return _copy(source, target, overwrite)


def _sqlite_path(db_url: str, target: Path) -> Path:
    try:
        url = make_url(db_url)
    except ArgumentError:
        raise BackupError(f"{db_url!r} is not a database URL.") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise BackupError(
            "quorum backup copies SQLite databases; for PostgreSQL use pg_dump, e.g.\n"
            f"  {pg_dump_command(url, str(target))}\n"
            "and restore with pg_restore (see deploy/README.md)."
        )
    if backend != "sqlite":
        raise BackupError(f"quorum backup copies SQLite databases, not {backend}.")
    if url.database in (None, "", ":memory:") or str(url.database).startswith("file::memory:"):
        raise BackupError("An in-memory database has nothing on disk to back up.")
    source = Path(str(url.database))
    if not source.is_file():
        raise BackupError(
            f"There is no database at {source}: check QUORUM_DATABASE_URL "
            "(a relative path is taken from the current directory)."
        )
    return source


def pg_dump_command(url: URL, target: str = "quorum.dump") -> str:
    """The ``pg_dump`` line for a PostgreSQL URL, without its password (pg_dump asks for it,
    or reads PGPASSWORD / ~/.pgpass)."""
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(url.database or "quorum")
    return shlex.join(parts)


def _copy(source: Path, target: Path, overwrite: bool) -> BackupResult:
    """Copy into a temporary file beside the target, make it self-contained, check it, and
    rename it into place."""
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise BackupError(f"Cannot write in {target.parent}: {exc.strerror}.") from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        schema_version, row_counts = _snapshot(source, temp)
        _fsync(temp)
        if not overwrite and target.exists():
            raise BackupError(f"{target} appeared while the backup was made; it was left alone.")
        os.replace(temp, target)
        _fsync(target.parent)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Could not back up {source}: {exc}. Nothing was written; try again."
        ) from exc
    except OSError as exc:
        raise BackupError(f"Could not write {target}: {exc.strerror}.") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return BackupResult(
        source=source,
        target=target,
        size_bytes=target.stat().st_size,
        schema_version=schema_version,
        row_counts=row_counts,
    )


def _snapshot(source: Path, temp: Path) -> tuple[str | None, dict[str, int]]:
    """Copy ``source`` into the empty file ``temp`` from one read snapshot, as one file."""
    # mode=rw: never create an empty database where the real one was expected.
    reader = sqlite3.connect(
        f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000
    )
    try:
        copy = sqlite3.connect(temp)
        try:
            # pages=-1 (the default): the whole database in one step, from one read snapshot.
            reader.backup(copy)
            # The copied header says WAL; a rollback journal makes the file stand alone.
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = [str(row[0]) for row in copy.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(
                    "The copy failed its integrity check and was not kept: "
                    + "; ".join(problems[:5])
                )
            return _contents(copy)
        finally:
            copy.close()
    finally:
        reader.close()


def _contents(connection: sqlite3.Connection) -> tuple[str | None, dict[str, int]]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = {
        table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for table in tables
    }
    version = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        version = None if row is None else str(row[0])
    return version, counts


def _fsync(path: Path) -> None:
    """Make a file's (or a directory's entries') contents durable before relying on them."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return  # some systems cannot open directories; the rename is still atomic
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
