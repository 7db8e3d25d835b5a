"""Waking every instance's dispatcher when rows are queued anywhere (PostgreSQL).

:func:`announce` runs in the transaction that queues rows: ``NOTIFY`` is delivered when that
transaction commits, and not at all if it rolls back. :class:`OutboxListener` keeps one
connection of its own that ``LISTEN``s and pokes the dispatcher. So a change made by the CLI,
or a handler on another instance, is sent within moments instead of at the next sweep. On
SQLite there is one process, and its handlers poke the dispatcher directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.engine import Database

log = logging.getLogger(__name__)

CHANNEL = "quorum_outbox"
RECONNECT_SECONDS = 5.0
_NOTIFY = text(f"SELECT pg_notify('{CHANNEL}', '')")


async def announce(session: AsyncSession) -> None:
    """Tell every listening instance, when this transaction commits, that rows were queued."""
    connection = await session.connection()
    await connection.execute(_NOTIFY)


class OutboxListener:
    """``LISTEN quorum_outbox`` on a connection of its own; ``wake`` on every notification.

    If the connection drops, it reconnects every few seconds (the dispatcher's sweep covers
    the gap)."""

    def __init__(self, db: Database, wake: Callable[[], None]) -> None:
        self._db = db
        self._wake = wake
        self._connection: AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()

    async def start(self) -> None:
        if self._db.is_sqlite:
            return
        await self._connect()
        self._task = asyncio.create_task(self._keep_connected(), name="outbox-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close()

    @property
    def listening(self) -> bool:
        return self._connection is not None

    def _notified(self, *_: Any) -> None:
        self._wake()

    def _terminated(self, *_: Any) -> None:
        self._lost.set()

    async def _connect(self) -> bool:
        try:
            connection = await self._db.engine.connect()
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            raw: Any = (await connection.get_raw_connection()).driver_connection
            await raw.add_listener(CHANNEL, self._notified)
            raw.add_termination_listener(self._terminated)
        except (SQLAlchemyError, OSError) as exc:
            log.warning("outbox: cannot listen for new rows (%s); the sweep covers it", exc)
            return False
        self._connection = connection
        self._lost.clear()
        # Rows queued while nobody listened are found by this pass.
        self._wake()
        return True

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(SQLAlchemyError, OSError):
                await connection.invalidate()
                await connection.close()

    async def _keep_connected(self) -> None:
        while True:
            if self._connection is not None:
                await self._lost.wait()
                log.warning("outbox: listening connection lost; reconnecting")
                await self._close()
            await asyncio.sleep(RECONNECT_SECONDS)
            await self._connect()
