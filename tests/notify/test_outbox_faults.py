"""Telegram misbehaving during a broadcast: 429 storms, 5xx, timeouts, and a failure that
never clears. Each member still gets exactly one copy, and our retries cause no duplicate.

The real bot runs against the fake Bot API with Telegram's limits enforced; the clerk
publishes with /publish. Time is a FixedClock, moved on to let back-offs expire.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.deps import deps_of_application
from core.clock import FixedClock
from core.settings import Settings
from fakegram import FakeBotApi, FakeChat, FakeUser
from notify.dispatcher import Dispatcher
from storage.engine import Database
from tests.auxil.crowd import Crowd, crowd_board
from tests.auxil.packs import LONDON

MEMBERS = 24
FIRST_ID = 400_000
CLERK = FakeUser(id=9_100, first_name="Clerk", last_name="Crowd")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A call unanswered for a second is a timeout: its fate is unknown and it is retried.
    return settings.model_copy(update={"telegram_timeout": 1.0})


@pytest.fixture
async def crowd(database: Database, fake_api: FakeBotApi, clock: FixedClock) -> Crowd:
    built = await crowd_board(
        database,
        members=MEMBERS,
        first_user_id=FIRST_ID,
        clerk_user_id=CLERK.id,
        start=datetime(2023, 10, 10, 14, 0, tzinfo=LONDON),
        now=clock.now(),
    )
    for user_id in built.member_ids:
        fake_api.add_chat(FakeChat(id=user_id, type="private", first_name=f"M{user_id}"))
    fake_api.add_chat(FakeChat.private(CLERK))
    fake_api.enforce_limits()
    return built


def _dispatcher(running_bot: Any) -> Dispatcher:
    dispatcher = deps_of_application(running_bot).outbox.dispatcher
    assert dispatcher is not None
    return dispatcher


async def _publish_and_settle(running_bot: Any, fake: FakeBotApi) -> Dispatcher:
    await fake.user_sends(CLERK, "/publish")
    [preview] = await fake.wait_for_messages(CLERK.id, 1, timeout=30)
    [send] = [label for row in preview.buttons for label, _ in row if label.startswith("Send")]
    await fake.user_presses(CLERK, preview, preview.button_data(send))
    await fake.wait_for_messages(CLERK.id, 2, timeout=30)
    dispatcher = _dispatcher(running_bot)
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1, timeout=60)
    return dispatcher


async def _later(dispatcher: Dispatcher, fake: FakeBotApi, clock: FixedClock) -> None:
    clock.advance(timedelta(minutes=30))
    dispatcher.poke()
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1, timeout=60)


def _copies(fake: FakeBotApi, crowd: Crowd) -> Counter[int]:
    return Counter(
        {
            user_id: sum(1 for m in fake.messages_to(user_id) if m.document is not None)
            for user_id in crowd.member_ids
        }
    )


def _report(fake: FakeBotApi) -> str:
    [report] = [m.plain_text for m in fake.messages_to(CLERK.id) if "Report" in m.plain_text]
    return report


def _refused(fake: FakeBotApi, status: int) -> int:
    return sum(1 for r in fake.calls("sendDocument") if r.status == status)


async def test_a_429_storm_delays_the_broadcast_but_loses_and_repeats_nothing(
    running_bot: Any, fake_api: FakeBotApi, clock: FixedClock, crowd: Crowd
) -> None:
    fake_api.fail_next(
        "sendDocument",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        times=12,
    )
    dispatcher = await _publish_and_settle(running_bot, fake_api)
    while min(_copies(fake_api, crowd).values()) == 0:
        await _later(dispatcher, fake_api, clock)
    assert _refused(fake_api, 429) == 12
    assert set(_copies(fake_api, crowd).values()) == {1}
    assert fake_api.rate_limited == []  # the storm was injected, never caused by our pace
    assert f"Delivered to {MEMBERS + 1} of {MEMBERS + 2} members." in _report(fake_api)


async def test_server_errors_back_off_and_every_member_gets_one_copy(
    running_bot: Any, fake_api: FakeBotApi, clock: FixedClock, crowd: Crowd
) -> None:
    fake_api.fail_next("sendDocument", error_code=502, description="Bad Gateway", times=15)
    dispatcher = await _publish_and_settle(running_bot, fake_api)
    assert 0 < sum(_copies(fake_api, crowd).values()) < MEMBERS  # some are backing off
    for _ in range(5):
        await _later(dispatcher, fake_api, clock)
    assert _refused(fake_api, 502) == 15
    assert set(_copies(fake_api, crowd).values()) == {1}
    assert f"Delivered to {MEMBERS + 1} of {MEMBERS + 2} members." in _report(fake_api)


async def test_a_send_that_times_out_is_retried_once_it_is_known_to_have_failed(
    running_bot: Any, fake_api: FakeBotApi, clock: FixedClock, crowd: Crowd
) -> None:
    slow = crowd.member_ids[3]
    fake_api.fail_next(
        "sendDocument", error_code=504, description="Gateway Timeout", delay=2.5, chat_id=slow
    )
    dispatcher = await _publish_and_settle(running_bot, fake_api)
    assert _copies(fake_api, crowd)[slow] == 0
    await _later(dispatcher, fake_api, clock)
    assert set(_copies(fake_api, crowd).values()) == {1}
    # The first call was abandoned by the bot (the fake never answered it in time); the
    # retry went through.
    tries = [r.status for r in fake_api.calls("sendDocument") if r.params["chat_id"] == slow]
    assert len(tries) == 2
    assert tries[-1] == 200


async def test_a_failure_that_never_clears_is_reported_with_its_reason(
    running_bot: Any, fake_api: FakeBotApi, clock: FixedClock, crowd: Crowd
) -> None:
    broken = crowd.member_ids[5]
    fake_api.fail_next(
        "sendDocument",
        error_code=500,
        description="Internal Server Error",
        chat_id=broken,
        times=100,
    )
    dispatcher = await _publish_and_settle(running_bot, fake_api)
    for _ in range(10):
        await _later(dispatcher, fake_api, clock)
    copies = _copies(fake_api, crowd)
    assert copies[broken] == 0
    assert set(copies.values()) == {0, 1}
    assert _refused(fake_api, 500) == 8  # the attempt cap
    report = _report(fake_api)
    assert f"Delivered to {MEMBERS} of {MEMBERS + 2} members." in report
    assert "Failed (1): Member 0005 (gave up after 8 attempts: network or server error: " in report
