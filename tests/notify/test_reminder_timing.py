"""Reminders through the running bot: a moved meeting's members are told, and its reminders
come at the new times and never at the old ones; "1 day before" keeps the local time across
the clock change."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.deps import deps_of_application
from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat, FakeUser
from notify.dispatcher import Dispatcher
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack

pytestmark = pytest.mark.wallclock

BOARD = "Testshire Health and Wellbeing Board"
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")


async def _tick(running_bot: Any, fake: FakeBotApi, clock: FixedClock, at: datetime) -> list[str]:
    """Move the clock to ``at``, let the dispatcher send what is due; return what Diane got."""
    before = len(fake.messages_to(DIANE.id))
    clock.set(at)
    dispatcher = deps_of_application(running_bot).outbox.dispatcher
    assert isinstance(dispatcher, Dispatcher)
    dispatcher.poke()
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1)
    return [m.plain_text.splitlines()[0] for m in fake.messages_to(DIANE.id)[before:]]


async def _meeting(database: Database, clock: FixedClock, start: datetime) -> None:
    await import_pack(
        database,
        pack=make_pack(start=start),
        board_name=None,
        timezone="Europe/London",
        now=clock.now(),
    )


async def test_a_moved_meeting_reminds_at_the_new_times_only(
    running_bot: Any, fake_api: FakeBotApi, database: Database, clock: FixedClock
) -> None:
    fake_api.add_chat(FakeChat.private(DIANE))
    await _meeting(database, clock, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON))
    await link_telegram(
        database,
        board_name=BOARD,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
        now=clock.now(),
    )
    # The re-issued pack moves it to Thursday 19th at 10:00 before any reminder went out.
    await _meeting(database, clock, datetime(2023, 10, 19, 10, 0, tzinfo=LONDON))

    # She is told it moved (once), then reminded at the new times only.
    assert await _tick(
        running_bot, fake_api, clock, datetime(2023, 10, 10, 14, 0, tzinfo=LONDON)
    ) == ["🔁 Meeting changed: Testshire Health and Wellbeing Board"]
    week = await _tick(running_bot, fake_api, clock, datetime(2023, 10, 12, 10, 0, tzinfo=LONDON))
    assert week == ["⏰ Reminder: Testshire Health and Wellbeing Board meets in 7 days"]
    assert (
        await _tick(running_bot, fake_api, clock, datetime(2023, 10, 16, 14, 0, tzinfo=LONDON))
        == []
    )
    assert (
        await _tick(running_bot, fake_api, clock, datetime(2023, 10, 17, 12, 0, tzinfo=LONDON))
        == []
    )
    day = await _tick(running_bot, fake_api, clock, datetime(2023, 10, 18, 10, 0, tzinfo=LONDON))
    assert day == ["⏰ Reminder: Testshire Health and Wellbeing Board meets tomorrow"]
    hours = await _tick(running_bot, fake_api, clock, datetime(2023, 10, 19, 8, 0, tzinfo=LONDON))
    assert hours == ["⏰ Reminder: Testshire Health and Wellbeing Board meets in 2 hours"]
    later = await _tick(running_bot, fake_api, clock, datetime(2023, 10, 20, 9, 0, tzinfo=LONDON))
    assert later == []


async def test_the_day_before_reminder_keeps_its_local_time_after_the_clocks_go_back(
    running_bot: Any, fake_api: FakeBotApi, database: Database, clock: FixedClock
) -> None:
    fake_api.add_chat(FakeChat.private(DIANE))
    # Monday 30 October 2023, 10:00 GMT; the clocks went back on Sunday 29th at 02:00 BST.
    await _meeting(database, clock, datetime(2023, 10, 30, 10, 0, tzinfo=LONDON))
    await link_telegram(
        database,
        board_name=BOARD,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
        now=clock.now(),
    )
    # 7 days before is 10:00 BST on the 23rd (09:00 UTC), not 24 x 7 hours earlier.
    week = datetime(2023, 10, 23, 10, 0, tzinfo=LONDON)
    assert await _tick(running_bot, fake_api, clock, week - timedelta(minutes=1)) == []
    assert len(await _tick(running_bot, fake_api, clock, week)) == 1
    day = datetime(2023, 10, 29, 10, 0, tzinfo=LONDON)  # Sunday 10:00 GMT
    assert await _tick(running_bot, fake_api, clock, day - timedelta(minutes=1)) == []
    assert await _tick(running_bot, fake_api, clock, day) == [
        "⏰ Reminder: Testshire Health and Wellbeing Board meets tomorrow"
    ]
