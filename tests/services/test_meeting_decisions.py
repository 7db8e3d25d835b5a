"""The decisions of one meeting (a meeting named by time: "what did we decide in june"), about
some words or all of them, on the asker's boards only."""

from __future__ import annotations

import pytest

from services.access import AccessDenied
from services.decisions import decision_count, meeting_decisions
from storage.engine import Database
from storage.models import Decision
from tests.auxil.world import World


async def test_a_meetings_decisions_come_in_minute_order_with_their_meeting(
    database: Database, world: World
) -> None:
    meeting, found = await meeting_decisions(database, viewer=world.diane, meeting_id=world.june_id)
    assert meeting is not None and meeting.id == world.june_id
    assert [(d.item, d.outcomes) for d in found] == [
        ("2", ("NOTED",)),
        ("8A", ("APPROVED",)),
        ("8A", ("AGREED",)),
    ]
    assert {d.meeting_id for d in found} == {world.june_id}
    # The meeting to come has none yet; Northshire's are not Testshire's.
    _, none = await meeting_decisions(database, viewer=world.diane, meeting_id=world.october_id)
    assert none == []


async def test_words_find_a_decision_by_its_text_or_by_its_items_title(
    database: Database, world: World
) -> None:
    _, found = await meeting_decisions(
        database, viewer=world.diane, meeting_id=world.june_id, words="pharmaceutical needs"
    )
    # "AGREED to review the assessment in a year" says nothing of pharmacy: its item's title does.
    assert [d.text for d in found] == [
        "That the Board APPROVED the Pharmaceutical Needs Assessment for publication.",
        "That the Board AGREED to review the assessment in a year.",
    ]
    _, found = await meeting_decisions(
        database, viewer=world.diane, meeting_id=world.june_id, words="better care fund"
    )
    assert [d.item for d in found] == ["2"]
    _, found = await meeting_decisions(
        database, viewer=world.diane, meeting_id=world.june_id, words="dental access"
    )
    assert found == []


async def test_an_exempt_items_title_is_never_matched(database: Database, world: World) -> None:
    async with database.write() as session:
        session.add(
            Decision(
                board_id=world.testshire_id,
                meeting_id=world.june_id,
                item="9",
                outcomes="AGREED",
                text="That the Board AGREED the recommendation.",
            )
        )
    _, found = await meeting_decisions(
        database, viewer=world.diane, meeting_id=world.june_id, words="oakham depot"
    )
    assert found == []
    _, every = await meeting_decisions(database, viewer=world.diane, meeting_id=world.june_id)
    assert len(every) == 4


async def test_another_boards_meeting_is_refused_and_counts_nothing(
    database: Database, world: World
) -> None:
    with pytest.raises(AccessDenied):
        await meeting_decisions(database, viewer=world.nora, meeting_id=world.june_id)
    assert await decision_count(database, viewer=world.diane, meeting_id=world.june_id) == 3
    assert await decision_count(database, viewer=world.nora, meeting_id=world.june_id) == 0
    assert await meeting_decisions(database, viewer=world.diane, meeting_id=10**9) == (None, [])
