"""Moving and cancelling a meeting in the service: reminders follow the move, only a clerk may
change it and not once it has started, and a change made while another instance's dispatcher is
claiming the last notice is told apart (PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import col, select, update

from fakegram import FakeBotApi
from services import meeting_changes
from services.access import AccessDenied
from services.meeting_changes import ChangeRefused
from storage.engine import Database
from storage.models import Broadcast, Notification, NotificationKind, NotificationState
from tests.auxil.southshire import NOW, STARTS, Southshire, build_southshire


@pytest.fixture
async def southshire(database: Database, fake_api: FakeBotApi) -> Southshire:
    return await build_southshire(database, fake_api)


# -- reminders, who may change a meeting, a claim in flight ----------------------------------------


async def _until_a_transaction_waits_for_a_lock(database: Database) -> None:
    waiting = text(
        "select count(*) from pg_stat_activity "
        "where datname = current_database() and wait_event_type = 'Lock'"
    )
    async with database.engine.connect() as connection:
        for _ in range(1000):
            if (await connection.execute(waiting)).scalar_one():
                return
            await connection.rollback()  # a fresh snapshot of the activity next time
            await asyncio.sleep(0.01)
    raise AssertionError("nothing waited for the claim's locks")


@pytest.mark.postgres_only
async def test_a_change_made_while_a_dispatcher_claims_the_last_notice_is_told_apart(
    database: Database, fake_api: FakeBotApi, southshire: Southshire
) -> None:
    """Another instance's dispatcher has claimed the first change's notices but not committed
    yet when the clerk moves the meeting again: the notices going out are not also folded into
    the second (members would hear of the first move twice)."""
    clerk = southshire.clerk
    first = await meeting_changes.move_meeting(
        database,
        meeting_id=southshire.meeting_id,
        starts_at_utc=STARTS + timedelta(days=1),
        viewer=clerk,
        now=NOW,
    )
    of_first = col(Notification.broadcast_id) == first.broadcast_id
    async with database.write() as claiming:  # the dispatcher's claim, caught before its commit
        ids = (
            await claiming.exec(
                select(Notification.id)
                .where(of_first, Notification.state == NotificationState.PENDING.value)
                .with_for_update(skip_locked=True)
            )
        ).all()
        assert len(ids) == 7
        await claiming.exec(
            update(Notification)
            .where(col(Notification.id).in_(ids))
            .values(state=NotificationState.SENDING.value, attempts=1, lease_owner="other")
        )
        second = asyncio.create_task(
            meeting_changes.move_meeting(
                database,
                meeting_id=southshire.meeting_id,
                starts_at_utc=STARTS + timedelta(days=2),
                viewer=clerk,
                now=NOW,
            )
        )
        await _until_a_transaction_waits_for_a_lock(database)
    moved_again = await second
    assert (moved_again.old_starts_at_utc, moved_again.new_starts_at_utc) == (
        STARTS + timedelta(days=1),
        STARTS + timedelta(days=2),
    )
    async with database.read() as session:
        states = (await session.exec(select(Notification.state).where(of_first))).all()
        broadcast = await session.get(Broadcast, first.broadcast_id)
    assert states == [NotificationState.SENDING.value] * 7
    assert broadcast is not None and broadcast.finished_at_utc is None


async def test_reminders_follow_a_moved_meeting(
    database: Database, fake_api: FakeBotApi, southshire: Southshire
) -> None:
    async def reminder_dues() -> set[datetime]:
        async with database.read() as session:
            rows = (
                await session.exec(
                    select(Notification.due_at_utc).where(
                        Notification.kind == NotificationKind.MEETING_REMINDER.value,
                        Notification.state == NotificationState.PENDING.value,
                        Notification.person_id == southshire.member.person_id,
                    )
                )
            ).all()
        return set(rows)

    assert await reminder_dues() == {
        STARTS - timedelta(days=7),
        STARTS - timedelta(days=1),
        STARTS - timedelta(hours=2),
    }
    new_start = datetime(2023, 10, 17, 9, 30, tzinfo=UTC)
    await meeting_changes.move_meeting(
        database,
        meeting_id=southshire.meeting_id,
        starts_at_utc=new_start,
        viewer=southshire.clerk,
        now=NOW,
    )
    assert await reminder_dues() == {
        new_start - timedelta(days=7),
        new_start - timedelta(days=1),
        new_start - timedelta(hours=2),
    }


async def test_only_a_clerk_of_the_board_may_change_it_and_past_meetings_stay_as_they_were(
    database: Database, fake_api: FakeBotApi, southshire: Southshire
) -> None:
    with pytest.raises(AccessDenied):
        await meeting_changes.cancel_meeting(
            database, meeting_id=southshire.meeting_id, viewer=southshire.member, now=NOW
        )
    with pytest.raises(ChangeRefused, match="already started"):
        await meeting_changes.cancel_meeting(
            database,
            meeting_id=southshire.meeting_id,
            viewer=southshire.clerk,
            now=STARTS + timedelta(minutes=1),
        )
    await meeting_changes.cancel_meeting(
        database, meeting_id=southshire.meeting_id, viewer=southshire.clerk, now=NOW
    )
    with pytest.raises(ChangeRefused, match="cancelled"):
        await meeting_changes.move_meeting(
            database,
            meeting_id=southshire.meeting_id,
            starts_at_utc=STARTS + timedelta(days=1),
            viewer=southshire.clerk,
            now=NOW,
        )
