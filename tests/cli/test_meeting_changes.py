"""quorum meeting list, move and cancel: times read and shown in the board's time zone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app as cli_app
from services.imports import import_pack
from storage.engine import Database
from storage.models import Meeting, MeetingChange
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.southshire import BOARD


def test_the_cli_moves_and_cancels_a_meeting_in_the_boards_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("QUORUM_DATABASE_URL", url)
    far = datetime(2040, 1, 14, 14, 0, tzinfo=LONDON)
    database = Database(url)

    async def setup() -> int:
        await database.upgrade()
        summary = await import_pack(
            database,
            pack=make_pack(body=BOARD, start=far),
            board_name=None,
            timezone="Europe/London",
            now=datetime.now(UTC),
        )
        await database.dispose()
        return summary.meeting_id

    meeting_id = asyncio.run(setup())
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["meeting", "list", "--board", BOARD])
    assert listed.exit_code == 0 and f"{meeting_id}  Saturday 14 January 2040, 2:00pm" in (
        listed.output
    )
    # Summer time: 10:00 in London is 09:00 UTC.
    moved = runner.invoke(cli_app, ["meeting", "move", str(meeting_id), "2040-07-02 10:00"])
    assert moved.exit_code == 0, moved.output
    assert "moved from Sat 14 Jan 2:00pm to Mon 2 Jul 10:00am" in moved.output
    bad = runner.invoke(cli_app, ["meeting", "move", str(meeting_id), "2 July 10am"])
    assert bad.exit_code == 2 and "2026-11-14 14:30" in bad.output
    cancelled = runner.invoke(cli_app, ["meeting", "cancel", str(meeting_id)])
    assert cancelled.exit_code == 0 and "cancelled" in cancelled.output
    again = runner.invoke(cli_app, ["meeting", "cancel", str(meeting_id)])
    assert again.exit_code == 1 and "has been cancelled" in again.output

    async def check() -> tuple[Meeting, list[MeetingChange]]:
        async with database.read() as session:
            meeting = await session.get(Meeting, meeting_id)
            changes = (await session.exec(select(MeetingChange))).all()
        await database.dispose()
        assert meeting is not None
        return meeting, list(changes)

    meeting, changes = asyncio.run(check())
    assert meeting.starts_at_utc == datetime(2040, 7, 2, 9, 0, tzinfo=UTC)
    assert meeting.status == "cancelled" and meeting.ics_sequence == 2
    assert [change.sequence for change in changes] == [1, 2]
