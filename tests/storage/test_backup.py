"""``quorum backup FILE``: an online SQLite copy that the bot and ``quorum db upgrade`` open."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, finish, prepare, sends_queued
from core.clock import FixedClock
from core.settings import load_settings
from fakegram import FakeBotApi
from packs import read_file_async, sample_path
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Membership, Person, PersonAlias
from tests.auxil.packs import LONDON
from tests.auxil.people import MEMBER, TEST_TOKEN
from tests.auxil.processes import quorum, quorum_env, spawn_quorum

# Backups copy SQLite files; PostgreSQL has pg_dump (refused below without a database).
pytestmark = pytest.mark.sqlite_only


def _table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
    connection.close()
    return counts


def _journal_mode(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        connection.close()


async def _board_with_a_member(database: Database, clock: FixedClock) -> None:
    """The Rutland sample pack, with its chair Diane Ellison linked to Telegram."""
    rutland = await read_file_async(sample_path(), zone=LONDON)
    summary = await import_pack(
        database, pack=rutland, board_name=None, timezone="Europe/London", now=clock.now()
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=MEMBER.id,
        role=None,
    )


async def _keep_writing(
    database: Database, path: Path, stop: asyncio.Event, snapshots: list[dict[str, int]]
) -> None:
    """Commit a person, an alias and a membership together, again and again, holding each
    write transaction open a while; after each commit, record every table's row count."""
    number = 0
    while not stop.is_set():
        number += 1
        async with database.write() as session:
            person = Person(full_name=f"Written During Backup {number}")
            session.add(person)
            await session.flush()
            assert person.id is not None
            session.add(
                PersonAlias(person_id=person.id, alias=f"W{number}", alias_key=f"w{number}")
            )
            session.add(Membership(board_id=1, person_id=person.id, role="member"))
            await session.flush()
            await asyncio.sleep(0.05)  # the backup reads while this transaction is open
        snapshots.append(await asyncio.to_thread(_table_counts, path))


@asynccontextmanager
async def _bot_on(
    database: Database, db_url: str, clock: FixedClock, fake_api: FakeBotApi
) -> AsyncIterator[Any]:
    """The real Application on ``database``, long-polling the fake (as ``running_bot``)."""
    settings = load_settings(
        telegram_token=TEST_TOKEN,
        telegram_api_url=fake_api.base_url,
        telegram_file_url=fake_api.base_file_url,
        database_url=db_url,
    )
    application = build_application(settings=settings, db=database, clock=clock, token=TEST_TOKEN)
    fake_api.bot_busy = sends_queued(application)
    async with application:
        await prepare(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await finish(application)
            await application.stop()


async def test_backup_taken_while_writing_opens_in_db_upgrade_and_the_bot_with_data_intact(
    database: Database, db_url: str, clock: FixedClock, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    await _board_with_a_member(database, clock)
    source = tmp_path / "quorum.db"
    target = tmp_path / "backups" / "quorum-backup.db"
    target.parent.mkdir()
    snapshots = [await asyncio.to_thread(_table_counts, source)]
    stop = asyncio.Event()
    writer = asyncio.create_task(_keep_writing(database, source, stop, snapshots))
    try:
        process = await spawn_quorum(
            "backup",
            str(target),
            env=quorum_env(QUORUM_DATABASE_URL=db_url),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    finally:
        stop.set()
        await writer
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr

    # One committed state of the live database, whole: no half of a transaction, no -wal.
    backed_up = _table_counts(target)
    assert backed_up in snapshots
    assert backed_up["person_alias"] - snapshots[0]["person_alias"] == (
        backed_up["person"] - snapshots[0]["person"]
    )
    assert not await asyncio.to_thread(Path(f"{target}-wal").exists)
    assert _journal_mode(target) == "delete"
    with sqlite3.connect(target) as check:
        [(schema,)] = check.execute("SELECT version_num FROM alembic_version").fetchall()
    check.close()
    report = stdout.decode().strip()
    assert report.startswith(f"Backed up quorum.db to {target} (")
    assert f"schema {schema}" in report
    assert f"1 board, {backed_up['meeting']} meetings, {backed_up['person']} people)" in report

    # The backup is a database in its own right: the CLI upgrades it, the bot answers from it.
    backup_url = f"sqlite+aiosqlite:///{target}"
    upgraded = await asyncio.to_thread(
        quorum, "db", "upgrade", env=quorum_env(QUORUM_DATABASE_URL=backup_url), cwd=tmp_path
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == "Database is up to date."
    assert _table_counts(target) == backed_up

    restored = Database(backup_url)
    try:
        async with _bot_on(restored, backup_url, clock, fake_api):
            await fake_api.user_sends(MEMBER, "/next")
            [card] = await fake_api.wait_for_messages(MEMBER.id, 1)
            assert card.plain_text.splitlines()[:3] == [
                "Rutland Health and Wellbeing Board",
                "🗓 Tuesday 10 October 2023, 2:00pm (in 7 days)",
                "📍 Council Chamber, Catmose, Oakham, Rutland LE15 6HP",
            ]
            await fake_api.user_sends(MEMBER, "/agenda")
            [_, agenda] = await fake_api.wait_for_messages(MEMBER.id, 2)
            assert agenda.plain_text.startswith("Agenda: Rutland Health and Wellbeing Board\n")
            assert "8A. RUTLAND HEALTH PLAN: UPDATE" in agenda.plain_text
    finally:
        await restored.dispose()


def test_backup_of_postgresql_names_pg_dump(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://quorum:s3cret@db.internal:5432/quorum"
    result = quorum(
        "backup",
        str(tmp_path / "quorum.dump"),
        env=quorum_env(QUORUM_DATABASE_URL=url),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("quorum: quorum backup copies SQLite databases;")
    assert (
        f"pg_dump --format=custom --file={tmp_path / 'quorum.dump'} --host=db.internal"
        " --port=5432 --username=quorum quorum"
    ) in result.stderr
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "quorum.dump").exists()


async def test_backup_does_not_replace_a_file_without_force(
    database: Database, db_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    await _board_with_a_member(database, clock)
    target = tmp_path / "existing.db"
    target.write_bytes(b"an older backup")
    env = quorum_env(QUORUM_DATABASE_URL=db_url)
    refused = await asyncio.to_thread(quorum, "backup", str(target), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"quorum: {target} already exists: choose another name, or pass --force to replace it."
    )
    assert target.read_bytes() == b"an older backup"

    forced = await asyncio.to_thread(
        quorum, "backup", str(target), "--force", env=env, cwd=tmp_path
    )
    assert forced.returncode == 0, forced.stderr
    assert _table_counts(target) == _table_counts(tmp_path / "quorum.db")
    itself = await asyncio.to_thread(
        quorum, "backup", str(tmp_path / "quorum.db"), "--force", env=env, cwd=tmp_path
    )
    assert itself.returncode == 1
    assert "is the database itself: choose another file." in itself.stderr
    # Written beside the target and renamed: no temporary file is left behind.
    leftovers = await asyncio.to_thread(lambda: [p.name for p in tmp_path.glob(".*")])
    assert leftovers == []


async def test_backup_into_a_missing_directory_is_refused(
    database: Database, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-dir" / "quorum.db"
    result = await asyncio.to_thread(
        quorum, "backup", str(target), env=quorum_env(QUORUM_DATABASE_URL=db_url), cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"quorum: There is no directory {target.parent}: create it first, or choose another place."
    )
    assert not target.parent.exists()


def test_backup_of_a_database_that_is_not_there_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    result = quorum("backup", str(tmp_path / "copy.db"), env=quorum_env(QUORUM_DATABASE_URL=url))
    assert result.returncode == 1
    assert f"There is no database at {tmp_path / 'missing.db'}" in result.stderr
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "copy.db").exists()
