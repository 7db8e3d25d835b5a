"""Late apologies as the clerks read them: the newest notice says what is recorded, earlier
ones and withdrawn apologies are not sent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.notices import Outgoing, render
from core.settings import load_settings
from notify.outcomes import Claimed, Skipped
from services.attendance import set_attendance
from services.broadcasts import start_publication
from storage.engine import Database
from tests.auxil.attendance import BOARD, NOW, Board, build_board, late_rows


@pytest.fixture
async def board(database: Database) -> Board:
    """Five voting members (Adam and Bob not on Telegram), an officer, two clerks."""
    return await build_board(database)


async def test_late_apologies_reach_each_clerk_with_what_is_recorded_when_sent(
    database: Database, board: Board, db_url: str
) -> None:
    settings = load_settings(database_url=db_url)
    carol, colin, diane = board.people["carol"], board.people["colin"], board.people["diane"]
    await start_publication(database, viewer=carol, meeting_id=board.meeting_id, now=NOW)
    later = NOW + timedelta(hours=1)
    sent = await set_attendance(
        database, viewer=diane, meeting_id=board.meeting_id, status="apologies", now=later
    )
    assert sent.clerks_told == 2
    rows = await late_rows(database)
    assert sorted(row.person_id or 0 for row in rows) == sorted([carol.person_id, colin.person_id])
    assert {(row.about_person_id, row.meeting_id, row.due_at_utc) for row in rows} == {
        (diane.person_id, board.meeting_id, later)
    }
    # The same apologies again: nothing new to say.
    await set_attendance(
        database,
        viewer=diane,
        meeting_id=board.meeting_id,
        status="apologies",
        now=later,
        keep_details=True,
    )
    assert len(await late_rows(database)) == 2
    # A reason added: the clerks hear again; the first notices give way to the newer ones.
    await set_attendance(
        database,
        viewer=diane,
        meeting_id=board.meeting_id,
        status="apologies",
        now=later,
        reason="Hospital <appointment>",
        substitute="Cllr Jones",
    )
    rows = await late_rows(database)
    assert len(rows) == 4
    first, newest = Claimed.of(rows[0]), Claimed.of(rows[-1])
    assert await render(database, first, now=later, settings=settings) == Skipped(
        "a later notice says what is recorded"
    )
    notice = await render(database, newest, now=later, settings=settings)
    assert isinstance(notice, Outgoing)
    assert notice.text.splitlines() == [
        "📨 <b>Late apologies from Diane Ellison</b>",
        f"<b>{BOARD}</b> (Tuesday 10 October 2023, 2:00pm)",
        "Reason: Hospital &lt;appointment&gt;",
        "Substitute: Cllr Jones",
        "",
        "The agenda was already published. /attendance shows who is coming.",
    ]
    # Switching to attending withdraws them: the notice is no longer sent.
    await set_attendance(
        database, viewer=diane, meeting_id=board.meeting_id, status="attending", now=later
    )
    assert len(await late_rows(database)) == 4
    assert await render(database, newest, now=later, settings=settings) == Skipped(
        "apologies withdrawn"
    )
