"""Members answering for a meeting: attending, or apologies with a reason and a substitute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from core.errors import NotFoundError, QuorumError
from services.access import AccessDenied
from services.attendance import AttendanceView, my_attendance, set_attendance
from services.imports import import_pack
from services.people import link_telegram
from services.views import BoardRole, Viewer
from storage.engine import Database
from storage.models import Attendance, Meeting, MeetingStatus
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
START = datetime(2023, 10, 10, 14, 0, tzinfo=LONDON)


async def _meeting(db: Database, body: str = "Testshire Health and Wellbeing Board") -> int:
    summary = await import_pack(
        db,
        pack=make_pack(body=body, start=START),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    return summary.meeting_id


@pytest.fixture
async def diane(database: Database) -> Viewer:
    await _meeting(database)
    return await link_telegram(
        database,
        board_name="Testshire Health and Wellbeing Board",
        person_name="Diane Ellison",
        telegram_user_id=5001,
        role=None,
    )


async def _rows(db: Database) -> list[Attendance]:
    async with db.read() as session:
        return list((await session.exec(select(Attendance))).all())


async def _meeting_ids(db: Database) -> list[int]:
    async with db.read() as session:
        return [m.id for m in (await session.exec(select(Meeting))).all() if m.id is not None]


async def test_apologies_then_attending_replace_each_other(
    database: Database, diane: Viewer
) -> None:
    [meeting_id] = await _meeting_ids(database)
    assert await my_attendance(database, viewer=diane, meeting_id=meeting_id) is None

    sent = await set_attendance(
        database,
        viewer=diane,
        meeting_id=meeting_id,
        status="apologies",
        now=NOW,
        reason="  On leave\n that week ",
        substitute="Cllr Andrew Brown",
    )
    assert sent == AttendanceView(
        meeting_id=meeting_id,
        person_name="Diane Ellison",
        status="apologies",
        reason="On leave that week",
        substitute="Cllr Andrew Brown",
    )
    assert await my_attendance(database, viewer=diane, meeting_id=meeting_id) == "apologies"

    later = NOW + timedelta(days=2)
    changed = await set_attendance(
        database, viewer=diane, meeting_id=meeting_id, status="attending", now=later
    )
    assert changed.status == "attending"
    assert changed.reason is None and changed.substitute is None
    [row] = await _rows(database)
    assert (row.status, row.reason, row.substitute) == ("attending", None, None)
    assert row.updated_at_utc == later
    assert row.person_id == diane.person_id
    assert await my_attendance(database, viewer=diane, meeting_id=meeting_id) == "attending"


async def test_another_boards_meeting_is_refused(database: Database, diane: Viewer) -> None:
    elsewhere = await _meeting(database, body="Otherton Health and Wellbeing Board")
    with pytest.raises(AccessDenied):
        await set_attendance(
            database, viewer=diane, meeting_id=elsewhere, status="apologies", now=NOW
        )
    with pytest.raises(NotFoundError):
        await set_attendance(database, viewer=diane, meeting_id=99999, status="attending", now=NOW)
    assert await _rows(database) == []


async def test_a_meeting_that_has_started_is_closed(database: Database, diane: Viewer) -> None:
    [meeting_id] = await _meeting_ids(database)
    for now in (START, START + timedelta(days=30)):
        with pytest.raises(QuorumError, match="already started"):
            await set_attendance(
                database, viewer=diane, meeting_id=meeting_id, status="apologies", now=now
            )
    minute_before = START - timedelta(minutes=1)
    sent = await set_attendance(
        database, viewer=diane, meeting_id=meeting_id, status="apologies", now=minute_before
    )
    assert sent.status == "apologies"


async def test_a_cancelled_meeting_is_refused(database: Database, diane: Viewer) -> None:
    [meeting_id] = await _meeting_ids(database)
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED.value
        session.add(meeting)
    with pytest.raises(QuorumError, match="cancelled"):
        await set_attendance(
            database, viewer=diane, meeting_id=meeting_id, status="attending", now=NOW
        )
    assert await _rows(database) == []


async def test_answers_must_make_sense(database: Database, diane: Viewer) -> None:
    [meeting_id] = await _meeting_ids(database)
    with pytest.raises(QuorumError, match="substitute"):
        await set_attendance(
            database,
            viewer=diane,
            meeting_id=meeting_id,
            status="attending",
            now=NOW,
            substitute="Someone Else",
        )
    with pytest.raises(QuorumError, match="under 500"):
        await set_attendance(
            database,
            viewer=diane,
            meeting_id=meeting_id,
            status="apologies",
            now=NOW,
            reason="x" * 501,
        )
    with pytest.raises(QuorumError, match="Unknown attendance"):
        await set_attendance(
            database,
            viewer=diane,
            meeting_id=meeting_id,
            status="maybe",  # type: ignore[arg-type]
            now=NOW,
        )
    assert await _rows(database) == []


async def test_a_group_audience_cannot_answer(database: Database, diane: Viewer) -> None:
    # The public audience of a board's group chat is not a person.
    [meeting_id] = await _meeting_ids(database)
    board_id = diane.boards[0].board_id
    audience = Viewer(
        person_id=0,
        full_name="Testshire Health and Wellbeing Board",
        boards=(BoardRole(board_id, "Testshire Health and Wellbeing Board", "public"),),
    )
    with pytest.raises(AccessDenied):
        await set_attendance(
            database, viewer=audience, meeting_id=meeting_id, status="attending", now=NOW
        )
    assert await my_attendance(database, viewer=audience, meeting_id=meeting_id) is None
