from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel, select

from storage.engine import MIGRATIONS_DIR, Database
from storage.models import Board, Meeting
from storage.search_index import include_name


async def test_migrations_create_exactly_the_models(database: Database) -> None:
    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(
            connection,  # type: ignore[arg-type]
            opts={"include_name": include_name},
        )
        return list(compare_metadata(context, SQLModel.metadata))

    async with database.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


def head_revision() -> str:
    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    assert len(heads) == 1, f"the migrations must have one head, not {heads}"
    return heads[0]


async def test_upgrade_twice_is_harmless(database: Database) -> None:
    await database.upgrade()
    async with database.engine.connect() as connection:
        version = (await connection.execute(text("select version_num from alembic_version"))).one()
    assert version[0] == head_revision()


@pytest.mark.sqlite_only
async def test_sqlite_pragmas_are_set_per_connection(database: Database) -> None:
    async with database.engine.connect() as connection:
        journal = (await connection.execute(text("PRAGMA journal_mode"))).one()[0]
        foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).one()[0]
    assert journal == "wal"
    assert foreign_keys == 1


async def _add_meeting_at_two_pm_plus_one(database: Database) -> None:
    plus_one = timezone(timedelta(hours=1))
    async with database.write() as session:
        board = Board(name="Board", slug="board")
        session.add(board)
        await session.flush()
        assert board.id is not None
        session.add(
            Meeting(board_id=board.id, starts_at_utc=datetime(2023, 10, 10, 14, tzinfo=plus_one))
        )


async def _raw_start(database: Database) -> object:
    """The stored start of the only meeting, as the driver hands it over (no column type)."""
    async with database.engine.connect() as connection:
        return (await connection.execute(text("select starts_at_utc from meeting"))).one()[0]


async def test_datetimes_come_back_as_the_same_utc_instant(database: Database) -> None:
    await _add_meeting_at_two_pm_plus_one(database)
    async with database.read() as session:
        meeting = (await session.exec(select(Meeting))).one()
    assert meeting.starts_at_utc == datetime(2023, 10, 10, 13, tzinfo=UTC)
    assert meeting.starts_at_utc.tzinfo is UTC


@pytest.mark.sqlite_only
async def test_sqlite_keeps_the_utc_wall_time_as_text(database: Database) -> None:
    await _add_meeting_at_two_pm_plus_one(database)
    raw = await _raw_start(database)
    assert isinstance(raw, str)
    assert raw.startswith("2023-10-10 13:00:00")


@pytest.mark.postgres_only
async def test_postgres_keeps_the_instant_in_timestamptz_columns(database: Database) -> None:
    await _add_meeting_at_two_pm_plus_one(database)
    raw = await _raw_start(database)
    assert raw == datetime(2023, 10, 10, 13, tzinfo=UTC)
    async with database.engine.connect() as connection:
        # Whatever the session's zone, a timestamptz column holds the instant itself.
        await connection.execute(text("set time zone 'America/New_York'"))
        shown = (await connection.execute(text("select starts_at_utc::text from meeting"))).one()[0]
        types = (
            await connection.execute(
                text(
                    "select distinct data_type from information_schema.columns "
                    "where table_schema = current_schema() and column_name like '%\\_utc'"
                )
            )
        ).all()
    assert shown == "2023-10-10 09:00:00-04"
    assert types == [("timestamp with time zone",)]


async def test_naive_datetimes_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with database.write() as session:
            board = Board(name="Board", slug="board")
            session.add(board)
            await session.flush()
            assert board.id is not None
            session.add(Meeting(board_id=board.id, starts_at_utc=datetime(2023, 10, 10, 14)))


async def test_failed_unit_of_work_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.write() as session:
            session.add(Board(name="Half", slug="half"))
            await session.flush()
            raise RuntimeError("boom")
    async with database.read() as session:
        assert (await session.exec(select(Board))).all() == []


async def test_concurrent_writers_do_not_hit_database_locked(database: Database) -> None:
    async def writer(n: int) -> None:
        for i in range(20):
            async with database.write() as session:
                session.add(Board(name=f"B{n}-{i}", slug=f"b{n}-{i}"))

    await asyncio.gather(*(writer(n) for n in range(8)))
    async with database.read() as session:
        assert len((await session.exec(select(Board))).all()) == 160
