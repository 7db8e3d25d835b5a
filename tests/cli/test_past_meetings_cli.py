"""quorum meeting list --past, and quorum attendance export of a past meeting (by --meeting or
--date); an unknown meeting is said to be unknown. A real SQLite file, the real Typer app."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app as cli_app
from packs.model import Member
from services.attendance import set_attendance
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack

BOARD = "Testshire Health and Wellbeing Board"
# Two meetings long held, one far ahead whatever the date the tests run.
HELD = [datetime(2023, 3, 14, 14, tzinfo=LONDON), datetime(2023, 6, 14, 10, tzinfo=LONDON)]
AHEAD = datetime(2040, 1, 14, 14, tzinfo=LONDON)
JANUARY = datetime(2023, 1, 1, tzinfo=LONDON)


@pytest.fixture
def meeting_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("QUORUM_DATABASE_URL", url)
    database = Database(url)

    async def setup() -> list[int]:
        await database.upgrade()
        ids = []
        for start in [*HELD, AHEAD]:
            pack = make_pack(
                body=BOARD, start=start, members=[Member(name="Amy Archer"), Member("Ben Bishop")]
            )
            pack.source = f"pack-{start:%Y-%m-%d}.txt"
            summary = await import_pack(
                database,
                pack=pack,
                board_name=None,
                timezone="Europe/London",
                now=JANUARY,
            )
            ids.append(summary.meeting_id)
        # Amy sent apologies for June's meeting only.
        amy = await link_telegram(
            database, board_name=BOARD, person_name="Amy Archer", telegram_user_id=7101, role=None
        )
        await set_attendance(
            database, viewer=amy, meeting_id=ids[1], status="apologies", now=JANUARY
        )
        await database.dispose()
        return ids

    return asyncio.run(setup())


def test_meeting_list_past_shows_the_meetings_held_newest_first(meeting_ids: list[int]) -> None:
    march, june, ahead = meeting_ids
    runner = CliRunner()
    past = runner.invoke(cli_app, ["meeting", "list", "--past", "--board", BOARD])
    assert past.exit_code == 0, past.output
    lines = past.output.splitlines()
    assert lines == [
        f"{june:>6}  Wednesday 14 June 2023, 10:00am  {BOARD}, Council Chamber, County Hall",
        f"{march:>6}  Tuesday 14 March 2023, 2:00pm  {BOARD}, Council Chamber, County Hall",
    ]
    coming = runner.invoke(cli_app, ["meeting", "list"])
    assert coming.exit_code == 0 and coming.output.startswith(f"{ahead:>6}  Saturday 14 January")
    assert "2023" not in coming.output


def test_attendance_export_finds_a_past_meeting_by_id_or_date(meeting_ids: list[int]) -> None:
    march, _, _ = meeting_ids
    runner = CliRunner()
    by_date = runner.invoke(cli_app, ["attendance", "export", "--date", "2023-06-14"])
    assert by_date.exit_code == 0, by_date.output
    assert by_date.output.splitlines()[1:] == ["Apologies: Amy Archer", "No reply: Ben Bishop"]
    by_id = runner.invoke(
        cli_app, ["attendance", "export", "--meeting", str(march), "--format", "csv"]
    )
    assert by_id.exit_code == 0, by_id.output
    assert by_id.output.splitlines()[0] == "name,role,status,reason,substitute"
    by_board = runner.invoke(
        cli_app, ["attendance", "export", "--date", "2023-03-14", "--board", BOARD]
    )
    assert by_board.exit_code == 0, by_board.output
    assert by_board.output.splitlines()[1:] == [
        "Apologies: none",
        "No reply: Amy Archer, Ben Bishop",
    ]


def test_attendance_export_of_an_unknown_meeting_says_so(meeting_ids: list[int]) -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli_app, ["attendance", "export", "--meeting", "999"])
    assert unknown.exit_code == 1
    assert unknown.output.startswith("quorum: there is no meeting 999.")
    no_day = runner.invoke(cli_app, ["attendance", "export", "--date", "2023-06-15"])
    assert no_day.exit_code == 1
    assert "there is no meeting on Thursday 15 June 2023" in no_day.output
    neither = runner.invoke(cli_app, ["attendance", "export"])
    assert neither.exit_code == 2 and "--meeting ID, or --date" in neither.output
    bad_day = runner.invoke(cli_app, ["attendance", "export", "--date", "June"])
    assert bad_day.exit_code == 2 and "is not a date" in bad_day.output
