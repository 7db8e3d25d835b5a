"""Publication and text broadcasts in the service: who may start one, a moved meeting published
again, the length of a message counted as Telegram counts it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FixedClock
from core.errors import QuorumError
from fakegram import FakeBotApi
from services import broadcasts
from services.access import AccessDenied
from services.meetings import meeting_views
from services.people import link_telegram
from storage.engine import Database
from storage.models import Broadcast, Meeting
from tests.auxil.eastshire import AMY, EASTSHIRE, Eastshire, build_eastshire, count_rows


@pytest.fixture
async def eastshire(database: Database, fake_api: FakeBotApi) -> Eastshire:
    """Eastshire: 20 members (16 on Telegram, Cara never opened the bot), a clerk, a group."""
    return await build_eastshire(database, fake_api)


async def test_a_moved_meeting_is_published_again_without_asking(
    database: Database, fake_api: FakeBotApi, eastshire: Eastshire, clock: FixedClock
) -> None:
    first = await broadcasts.start_publication(
        database, viewer=eastshire.clerk, meeting_id=None, now=clock.now()
    )
    assert first.previously_published is None and first.members == 21 and first.groups == 1
    async with database.write() as session:
        meeting = await session.get(Meeting, eastshire.meeting_id)
        assert meeting is not None
        meeting.starts_at_utc += timedelta(days=1)
        meeting.ics_sequence += 1
        session.add(meeting)
    second = await broadcasts.start_publication(
        database, viewer=eastshire.clerk, meeting_id=eastshire.meeting_id, now=clock.now()
    )
    assert second.previously_published == clock.now()
    assert second.meeting is not None and second.meeting.sequence == 1


async def test_only_an_upcoming_meeting_of_the_clerks_own_board_can_be_published(
    database: Database, fake_api: FakeBotApi, eastshire: Eastshire, clock: FixedClock
) -> None:
    amy = await link_telegram(
        database, board_name=EASTSHIRE, person_name="Amy Archer", telegram_user_id=AMY.id, role=None
    )
    with pytest.raises(AccessDenied):
        await broadcasts.start_publication(database, viewer=amy, meeting_id=None, now=clock.now())
    with pytest.raises(AccessDenied):
        await broadcasts.start_text_broadcast(
            database, viewer=amy, text="Hello", now=clock.now(), board_id=eastshire.board_id
        )
    async with database.read() as session:
        [view] = (await meeting_views(session, [eastshire.meeting_id])).values()
    with pytest.raises(QuorumError, match="already started"):
        await broadcasts.start_publication(
            database,
            viewer=eastshire.clerk,
            meeting_id=eastshire.meeting_id,
            now=view.starts_at_utc + timedelta(minutes=1),
        )
    async with database.write() as session:
        meeting = await session.get(Meeting, eastshire.meeting_id)
        assert meeting is not None
        meeting.status = "cancelled"
        session.add(meeting)
    with pytest.raises(QuorumError, match="cancelled"):
        await broadcasts.start_publication(
            database, viewer=eastshire.clerk, meeting_id=eastshire.meeting_id, now=clock.now()
        )
    with pytest.raises(QuorumError, match=f"{EASTSHIRE} has no upcoming meeting to publish"):
        await broadcasts.start_publication(
            database, viewer=eastshire.clerk, meeting_id=None, now=clock.now()
        )
    assert await count_rows(database, Broadcast) == 0


# -- text broadcasts -------------------------------------------------------------------------------


async def test_text_broadcast_length_counts_as_telegram_does(
    database: Database, fake_api: FakeBotApi, eastshire: Eastshire, clock: FixedClock
) -> None:
    # 1,750 emoji are 3,500 UTF-16 units: allowed; one more character is not.
    await broadcasts.start_text_broadcast(
        database, viewer=eastshire.clerk, text="🎉" * 1750, now=clock.now(), board_id=None
    )
    with pytest.raises(QuorumError, match="3,501 characters"):
        await broadcasts.start_text_broadcast(
            database, viewer=eastshire.clerk, text="🎉" * 1750 + "!", now=clock.now(), board_id=None
        )
