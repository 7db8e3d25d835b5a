"""Conversation state shared by every instance: the ``conversation_state`` rows, one per user
or chat scope (``u<user id>``, ``c<chat id>``), each holding sealed bytes the bot alone can open.

What goes in the bytes, and when to load and save them, is the bot's business
(:mod:`bot.conversations`); this module only reads and writes the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, delete, select

from storage.engine import Database
from storage.models import ConversationState


class StateUnavailable(Exception):
    """The rows could not be read or written (the database is down or refused): the caller
    keeps its own copy."""


async def load_states(db: Database, scopes: Iterable[str]) -> dict[str, bytes]:
    """The stored bytes of each of ``scopes`` that has a row."""
    try:
        async with db.read() as session:
            rows = (
                await session.exec(
                    select(ConversationState).where(col(ConversationState.scope).in_(list(scopes)))
                )
            ).all()
    except (SQLAlchemyError, OSError) as exc:
        raise StateUnavailable(str(exc)) from exc
    return {row.scope: row.data for row in rows}


async def save_states(
    db: Database,
    changed: Mapping[str, bytes | None],
    *,
    now: datetime,
    prune_before: datetime | None = None,
) -> None:
    """Store each scope's new bytes (None: delete its row), stamped ``now``; with
    ``prune_before``, also drop every row untouched since then. One transaction."""
    try:
        async with db.write() as session:
            for scope, sealed in changed.items():
                if sealed is None:  # emptied
                    await session.exec(
                        delete(ConversationState).where(col(ConversationState.scope) == scope)
                    )
                    continue
                insert = sqlite_insert if db.is_sqlite else pg_insert
                await session.exec(
                    insert(ConversationState)
                    .values(scope=scope, data=sealed, updated_at_utc=now)
                    .on_conflict_do_update(
                        index_elements=["scope"],
                        set_={"data": sealed, "updated_at_utc": now},
                    )
                )
            if prune_before is not None:
                await session.exec(
                    delete(ConversationState).where(
                        col(ConversationState.updated_at_utc) < prune_before
                    )
                )
    except (SQLAlchemyError, OSError) as exc:
        raise StateUnavailable(str(exc)) from exc
