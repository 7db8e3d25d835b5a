"""Persistence: SQLModel tables, the engine and sessions, Alembic migrations, the locks that keep
one poller and one process per SQLite file (:mod:`storage.locks`) and online SQLite backups
(:mod:`storage.backup`)."""

from storage.engine import Database

__all__ = ["Database"]
