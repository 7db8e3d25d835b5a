"""Persistence: SQLModel tables, the engine and sessions, Alembic migrations."""

from storage.engine import Database

__all__ = ["Database"]
