"""quorum meeting new and quorum item add|edit|move|drop: a parish council's meeting and agenda
made from the shell, read back from the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from cli.app import app as cli_app
from storage.engine import Database
from storage.models import AgendaItem, Meeting
from tests.services.test_agenda_edit import PARISH, build_parish


def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    url = f"sqlite+aiosqlite:///{tmp_path / 'items.db'}"
    monkeypatch.setenv("QUORUM_DATABASE_URL", url)
    database = Database(url)

    async def setup() -> None:
        await database.upgrade()
        await build_parish(database)
        await database.dispose()

    asyncio.run(setup())
    return database


def _stored(database: Database) -> tuple[list[Meeting], list[tuple[int, str, str, bool]]]:
    async def read() -> tuple[list[Meeting], list[tuple[int, str, str, bool]]]:
        async with database.read() as session:
            meetings = (await session.exec(select(Meeting))).all()
            rows = (
                await session.exec(
                    select(
                        AgendaItem.position, AgendaItem.number, AgendaItem.title, AgendaItem.exempt
                    ).order_by(col(AgendaItem.position))
                )
            ).all()
        await database.dispose()
        return list(meetings), [(at, number, title, exempt) for at, number, title, exempt in rows]

    return asyncio.run(read())


def test_the_cli_makes_a_meeting_and_builds_its_agenda(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _database(tmp_path, monkeypatch)
    runner = CliRunner()
    made = runner.invoke(
        cli_app,
        [
            "meeting",
            "new",
            "--board",
            "little snoring parish council",
            "--date",
            "2040-07-02",
            "--time",
            "7pm",
            "--place",
            "Village Hall",
            "--link",
            "https://meet.example/x",
        ],
    )
    assert made.exit_code == 0, made.output
    assert f"({PARISH}): Monday 2 July 2040, 7:00pm, Village Hall" in made.output
    again = runner.invoke(
        cli_app,
        ["meeting", "new", "--board", PARISH, "--date", "2040-07-02", "--time", "10:00"],
    )
    assert again.exit_code == 1 and "already has a meeting on Monday 2 July 2040" in again.output

    for title in ("Apologies", "Finance", "Planning"):
        added = runner.invoke(cli_app, ["item", "add", title, "--board", PARISH])
        assert added.exit_code == 0, added.output
    inserted = runner.invoke(
        cli_app,
        ["item", "add", "Staff matters", "--board", PARISH, "--after", "1", "--exempt"],
    )
    assert inserted.exit_code == 0, inserted.output
    assert "Added item 1A." in inserted.output and "1A. Staff matters [exempt]" in inserted.output
    edited = runner.invoke(
        cli_app,
        [
            "item",
            "edit",
            "2",
            "--board",
            PARISH,
            "--meeting",
            "2040-07-02",
            "--title",
            "Finance and precept",
            "--pages",
            "3-9",
        ],
    )
    assert edited.exit_code == 0 and "2. Finance and precept" in edited.output
    moved = runner.invoke(cli_app, ["item", "move", "3", "--board", PARISH, "--to", "1"])
    assert moved.exit_code == 0, moved.output
    dropped = runner.invoke(cli_app, ["item", "drop", "1", "--board", PARISH])
    assert dropped.exit_code == 0 and "Dropped item 1." in dropped.output
    missing = runner.invoke(cli_app, ["item", "drop", "7", "--board", PARISH])
    assert missing.exit_code == 1 and "no item 7 on the agenda of Monday 2 July 2040" in (
        missing.output
    )
    no_board = runner.invoke(cli_app, ["item", "add", "X", "--board", "Great Snoring"])
    assert no_board.exit_code == 1 and "no board called 'Great Snoring'" in no_board.output
    bad_day = runner.invoke(cli_app, ["item", "add", "X", "--board", PARISH, "--meeting", "July"])
    assert bad_day.exit_code == 2 and "2027-01-14" in bad_day.output

    meetings, rows = _stored(database)
    [meeting] = meetings
    assert meeting.starts_at_utc == datetime(2040, 7, 2, 18, 0, tzinfo=UTC)
    assert (meeting.location, meeting.remote_link) == ("Village Hall", "https://meet.example/x")
    assert rows == [
        (1, "3", "Planning", False),
        (2, "1A", "Staff matters", True),
        (3, "2", "Finance and precept", False),
    ]
