"""Decisions: the latest of the viewer's boards, or those matching words, fuzzily."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.decisions import decisions
from storage.engine import Database
from storage.models import Decision
from tests.auxil.world import NORTHSHIRE, TESTSHIRE, World


async def _add(database: Database, board_id: int, meeting_id: int | None, text: str) -> None:
    async with database.write() as session:
        session.add(
            Decision(
                board_id=board_id, meeting_id=meeting_id, item="7", outcomes="NOTED", text=text
            )
        )


async def test_latest_decisions_by_meeting_date_undated_last(
    database: Database, world: World
) -> None:
    await _add(database, world.testshire_id, None, "That the Board NOTED an undated minute.")
    dental = "That the Board NOTED the dental report."
    await _add(database, world.testshire_id, world.october_id, dental)
    latest = await decisions(database, viewer=world.diane)
    assert [d.text for d in latest] == [
        dental,
        "That the Board AGREED to review the assessment in a year.",
        "That the Board APPROVED the Pharmaceutical Needs Assessment for publication.",
        "That the Board NOTED the Better Care Fund quarterly return.",
        "That the Board NOTED an undated minute.",
    ]
    june = latest[1]
    assert (june.board_name, june.item, june.outcomes) == (TESTSHIRE, "8A", ("AGREED",))
    assert june.meeting_id == world.june_id
    assert june.meeting_starts_at_utc == datetime(2023, 6, 27, 13, tzinfo=UTC)
    assert latest[-1].meeting_id is None and latest[-1].meeting_starts_at_utc is None
    assert len(await decisions(database, viewer=world.diane, limit=2)) == 2
    assert await decisions(database, viewer=world.diane, limit=0) == []


async def test_words_find_matching_decisions_best_first(database: Database, world: World) -> None:
    found = await decisions(database, viewer=world.diane, words="pharmaceutical assessment")
    assert [d.outcomes for d in found] == [("APPROVED",)]
    typo = await decisions(database, viewer=world.diane, words="pharmaceutcal")
    assert [d.outcomes for d in typo] == [("APPROVED",)]
    assessment = await decisions(database, viewer=world.diane, words="assessment")
    assert {d.outcomes for d in assessment} == {("APPROVED",), ("AGREED",)}
    assert await decisions(database, viewer=world.diane, words="zebra crossing") == []
    # Punctuation alone is no search: the latest come back.
    assert len(await decisions(database, viewer=world.diane, words="%")) == 3


async def test_decisions_are_only_from_the_viewers_boards(database: Database, world: World) -> None:
    diane = await decisions(database, viewer=world.diane, words="better care fund")
    assert [d.board_name for d in diane] == [TESTSHIRE]
    nora = await decisions(database, viewer=world.nora)
    assert [(d.board_name, d.text) for d in nora] == [
        (NORTHSHIRE, "That the Board NOTED the Better Care Fund plan.")
    ]
    # Minuted on 6 July, a meeting not on record before: the import filed the minutes
    # against a past meeting created that day, so the decision keeps its date.
    assert nora[0].meeting_id is not None and nora[0].meeting_starts_at_utc is not None
    assert nora[0].meeting_starts_at_utc.astimezone(nora[0].zone).date() == date(2023, 7, 6)
    mike = await decisions(database, viewer=world.mike, words="better care fund")
    # Both boards, equally relevant: the later meeting's decision (6 July) first.
    assert [d.board_name for d in mike] == [NORTHSHIRE, TESTSHIRE]
