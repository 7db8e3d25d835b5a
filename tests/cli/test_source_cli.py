"""quorum source (committees, add, sync, list, sync-interval, remove) and quorum board
autopublish, run in-process against the local Modern.Gov fake: what a sync stores is what
``quorum calendar export`` then shows, at the right instants in GMT and in BST."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Event
from sqlmodel import col, select
from typer.testing import CliRunner, Result

from cli import sources as cli_sources
from cli.app import app
from core.clock import FixedClock
from storage.engine import Database
from storage.models import Board, Meeting, SyncSource
from tests.auxil.feeds import DOMAIN, events_by_uid, uid
from tests.auxil.moderngov import SAMPLE, Failure, FakeModernGov, sample_site

# The sample site around 3 October 2023: its meetings fall on both sides of the clock changes.
TODAY = date(2023, 10, 3)
NOW = datetime(2023, 10, 3, 9, 0, tzinfo=UTC)
BOARD = "Eastshire Health and Wellbeing Board"


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)
    monkeypatch.setenv("QUORUM_CALENDAR_DOMAIN", DOMAIN)
    monkeypatch.setenv("QUORUM_SOURCE_TIMEOUT", "10")
    monkeypatch.setenv("QUORUM_SOURCE_ATTEMPTS", "1")
    monkeypatch.setenv("QUORUM_SOURCE_ALLOW_PRIVATE", "1")
    monkeypatch.setattr(cli_sources, "clock", FixedClock(NOW))


@pytest.fixture
async def site() -> AsyncIterator[FakeModernGov]:
    async with FakeModernGov(sample_site(TODAY)) as server:
        yield server


async def _board_with_source(site: FakeModernGov) -> int:
    added = await cli("board", "add", BOARD, "--timezone", "Europe/London")
    assert added.exit_code == 0, added.output
    source = await cli(
        "source", "add", "--board", BOARD, "--modgov", site.base_url, "--committee", "123"
    )
    assert source.exit_code == 0, source.output
    assert f"to {BOARD}" in source.stdout
    assert f'quorum source sync --board "{BOARD}"' in source.stdout
    async with _db() as db, db.read() as session:
        row = (await session.exec(select(SyncSource))).one()
    assert row.id is not None and row.committee_id == SAMPLE.committee
    assert f"Added source {row.id} " in source.stdout
    return row.id


@asynccontextmanager
async def _db() -> AsyncIterator[Database]:
    """The test's database (the CLI's own URL), disposed afterwards."""
    db = Database(os.environ["QUORUM_DATABASE_URL"])
    try:
        yield db
    finally:
        await db.dispose()


async def _meetings() -> dict[str, Meeting]:
    async with _db() as db, db.read() as session:
        rows = await session.exec(select(Meeting).where(col(Meeting.external_id).is_not(None)))
        return {row.external_id: row for row in rows.all() if row.external_id is not None}


def _description(event: Event) -> str:
    return str(event.get("DESCRIPTION"))


async def test_committees_lists_the_current_ones_by_id_and_title(
    cli_env: None, site: FakeModernGov
) -> None:
    listed = await cli("source", "committees", site.base_url)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert "123  Health and Wellbeing Board" in lines
    assert "124  Cabinet" in lines
    assert "Old Scrutiny Panel" not in listed.stdout
    assert "Shadow Health Board" not in listed.stdout
    every = await cli("source", "committees", site.base_url, "--all")
    assert every.exit_code == 0, every.output
    assert "125  Old Scrutiny Panel  (deleted or expired)" in every.stdout.splitlines()
    assert "126  Shadow Health Board  (deleted or expired)" in every.stdout.splitlines()
    assert "123  Health and Wellbeing Board" in every.stdout.splitlines()
    # Words filter the titles (any case); none matching says so.
    health = await cli("source", "committees", site.base_url, "HEALTH", "wellbeing")
    assert health.stdout.splitlines() == ["123  Health and Wellbeing Board"]
    none = await cli("source", "committees", site.base_url, "planning")
    assert none.exit_code == 0 and "no current committees with 'planning'" in none.stdout


async def test_add_and_sync_store_the_meetings_the_feed_then_shows(
    cli_env: None, site: FakeModernGov
) -> None:
    source_id = await _board_with_source(site)
    synced = await cli("source", "sync", "--board", BOARD)
    assert synced.exit_code == 0, synced.output
    assert synced.stdout.startswith(
        f"Source {source_id} ({BOARD}): 6 meetings added, 0 changed, 0 unchanged"
    )

    meetings = await _meetings()
    assert set(meetings) == {
        SAMPLE.oldest,
        SAMPLE.minuted,
        SAMPLE.agenda,
        SAMPLE.cancelled,
        SAMPLE.planned,
        SAMPLE.last,
    }
    assert all(meeting.source_id == source_id for meeting in meetings.values())

    exported = await cli("calendar", "export", "--board", BOARD)
    assert exported.exit_code == 0, exported.output
    events = events_by_uid(exported.stdout_bytes)

    def event_of(external_id: str) -> Event:
        meeting_id = meetings[external_id].id
        assert meeting_id is not None
        return events[uid("meeting", meeting_id)]

    # "10.00 am" on 15 October 2023 is summer time (BST): 09:00 UTC.
    agenda = event_of(SAMPLE.agenda)
    assert agenda.decoded("DTSTART") == datetime(2023, 10, 15, 9, 0, tzinfo=UTC)
    # "2.00 pm" on 11 March 2024 is winter time (GMT): 14:00 UTC.
    planned = event_of(SAMPLE.planned)
    assert planned.decoded("DTSTART") == datetime(2024, 3, 11, 14, 0, tzinfo=UTC)
    # 9 May 2023, "2.00 pm" (BST) to "4.00 pm".
    minuted = event_of(SAMPLE.minuted)
    assert minuted.decoded("DTSTART") == datetime(2023, 5, 9, 13, 0, tzinfo=UTC)
    assert minuted.decoded("DTEND") == datetime(2023, 5, 9, 15, 0, tzinfo=UTC)

    cancelled = event_of(SAMPLE.cancelled)
    assert str(cancelled.get("STATUS")) == "CANCELLED"
    assert cancelled.decoded("DTSTART") == datetime(2023, 12, 20, 14, 0, tzinfo=UTC)
    assert str(agenda.get("STATUS")) != "CANCELLED"

    # The items are in the description, the twice-escaped title read back; the exempt item
    # never reaches the public feed.
    text = _description(agenda)
    assert "1. Apologies for absence" in text
    assert "2. Minutes of the previous meeting" in text
    assert "Children's Services Update" in text
    assert "&#39;" not in text and "&amp;" not in text
    assert "Better Care Fund" not in exported.stdout

    # A meeting the site gives no time for is listed by its date alone, never at midnight.
    # (In one of the two lists, whatever the day the test runs.)
    coming = await cli("meeting", "list", "--board", BOARD)
    held = await cli("meeting", "list", "--past", "--board", BOARD)
    last_day = meetings[SAMPLE.last].starts_at_utc.astimezone(ZoneInfo("Europe/London")).date()
    [row] = [
        line
        for line in (coming.stdout + held.stdout).splitlines()
        if f"{last_day.day} " in line and last_day.strftime("%B %Y") in line
    ]
    assert "time not set" in row and "12:00am" not in row

    again = await cli("source", "sync", "--source", str(source_id))
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"Source {source_id} ({BOARD}): 0 meetings added, 0 changed, 6 unchanged\n"
    )
    after = await _meetings()
    assert {key: (m.updated_at_utc, m.ics_sequence) for key, m in after.items()} == {
        key: (m.updated_at_utc, m.ics_sequence) for key, m in meetings.items()
    }
    unchanged = await cli("calendar", "export", "--board", BOARD)
    assert unchanged.stdout_bytes == exported.stdout_bytes


async def test_list_interval_and_remove(cli_env: None, site: FakeModernGov) -> None:
    empty = await cli("source", "list")
    assert empty.exit_code == 0 and "no sources" in empty.stdout
    source_id = await _board_with_source(site)
    listed = await cli("source", "list", "--board", BOARD)
    assert listed.exit_code == 0, listed.output
    header, row = listed.stdout.splitlines()
    assert header.split()[:4] == ["ID", "BOARD", "KIND", "SITE"]
    assert re.split(r"\s{2,}", row) == [
        str(source_id),
        BOARD,
        "Modern.Gov",
        site.base_url,
        "123",
        "30 minutes",
        "never",
        "not synced yet",
    ]

    synced = await cli("source", "sync")
    assert synced.exit_code == 0, synced.output
    listed = await cli("source", "list")
    row = listed.stdout.splitlines()[1]
    # Synced at 09:00 UTC on 3 October 2023: 10:00 in London (BST).
    assert "2023-10-03 10:00" in row and "ok, 6 meetings" in row

    too_often = await cli("source", "sync-interval", "2", "--board", BOARD)
    assert too_often.exit_code == 2
    interval = await cli("source", "sync-interval", "45", "--board", BOARD)
    assert interval.exit_code == 0, interval.output
    assert f"Source {source_id} ({BOARD}): synced every 45 minutes" in interval.stdout
    hourly = await cli("source", "sync-interval", "120", "--source", str(source_id))
    assert "synced every 2 hours" in hourly.stdout
    assert "2 hours" in (await cli("source", "list")).stdout

    removed = await cli("source", "remove", str(source_id))
    assert removed.exit_code == 0, removed.output
    assert f"Removed source {source_id} from {BOARD}" in removed.stdout
    assert "6 meetings stay" in removed.stdout
    assert "no sources" in (await cli("source", "list", "--board", BOARD)).stdout
    kept = await _meetings()
    assert len(kept) == 6 and all(m.source_id is None for m in kept.values())
    gone = await cli("source", "remove", str(source_id))
    assert gone.exit_code == 1 and "Traceback" not in gone.output
    nothing = await cli("source", "sync", "--board", BOARD)
    assert nothing.exit_code == 0 and "no sources to sync" in nothing.stdout


async def test_autopublish_on_and_off(cli_env: None) -> None:
    added = await cli("board", "add", BOARD, "--timezone", "Europe/London")
    assert added.exit_code == 0, added.output

    async def setting() -> bool:
        async with _db() as db, db.read() as session:
            return (await session.exec(select(Board))).one().autopublish

    on = await cli("board", "autopublish", BOARD, "on")
    assert on.exit_code == 0, on.output
    assert "announced to members at once" in on.stdout
    assert await setting() is True
    off = await cli("board", "autopublish", BOARD, "off")
    assert off.exit_code == 0, off.output
    assert "the clerks are asked" in off.stdout
    assert await setting() is False
    bad = await cli("board", "autopublish", BOARD, "maybe")
    assert bad.exit_code == 2
    assert await setting() is False
    unknown = await cli("board", "autopublish", "Nowhere", "on")
    assert unknown.exit_code == 1 and "Nowhere" in unknown.stderr


async def test_a_site_behind_a_firewall_fails_with_the_reason(
    cli_env: None, site: FakeModernGov
) -> None:
    site.fail(Failure.FORBIDDEN)
    committees = await cli("source", "committees", site.base_url)
    assert committees.exit_code == 1
    assert committees.stderr.startswith(f"quorum: cannot read {site.base_url}: ")
    assert len(committees.stderr.strip().splitlines()) == 2  # the reason, then the advice
    assert "Traceback" not in committees.output

    source_id = await _board_with_source(site)
    synced = await cli("source", "sync", "--board", BOARD)
    assert synced.exit_code == 1
    assert synced.stderr.startswith(f"quorum: Source {source_id} ({BOARD}): ")
    assert "Traceback" not in synced.output
    assert await _meetings() == {}
    listed = await cli("source", "list")
    assert "failing since 2023-10-03 10:00" in listed.stdout

    site.heal()
    healed = await cli("source", "sync", "--source", str(source_id))
    assert healed.exit_code == 0, healed.output
    assert len(await _meetings()) == 6
