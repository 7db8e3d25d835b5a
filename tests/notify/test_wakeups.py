"""PostgreSQL: rows queued by another process wake the running dispatcher at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat, FakeUser
from notify.dispatcher import SWEEP_SECONDS
from storage.engine import Database
from tests.auxil.crowd import crowd_board, queue_due_reminders

pytestmark = [pytest.mark.postgres_only, pytest.mark.wallclock]

CLERK = FakeUser(id=9_500, first_name="Clerk", last_name="Crowd")
FIRST_ID = 600_000


async def test_a_row_queued_by_another_process_is_sent_without_waiting_for_the_sweep(
    running_bot: Any, fake_api: FakeBotApi, database: Database, db_url: str, clock: FixedClock
) -> None:
    now = clock.now()
    crowd = await crowd_board(
        database,
        members=1,
        first_user_id=FIRST_ID,
        clerk_user_id=CLERK.id,
        start=now + timedelta(days=1),
        now=now,
    )
    [member] = crowd.member_ids
    fake_api.add_chat(FakeChat(id=member, type="private", first_name="Member"))
    # Another process (the CLI, another instance): its own engine and connections.
    other = Database(db_url)
    try:
        await queue_due_reminders(other, crowd, now=now)
    finally:
        await other.dispose()
    # Nothing in this process poked the dispatcher, and its sweep is a minute away.
    assert SWEEP_SECONDS >= 60
    message = await fake_api.wait_for_message(member, lambda m: True, timeout=SWEEP_SECONDS / 4)
    assert "Reminder" in message.plain_text
