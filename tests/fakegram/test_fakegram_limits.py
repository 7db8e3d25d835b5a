"""fakegram's opt-in Telegram limits, blocked users, latency and late failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot, ChatMemberBanned, ChatMemberMember, Update
from telegram.error import Forbidden, TimedOut

from fakegram import FakeBotApi, FakeChat, FakeUser, ManualClock
from fakegram.limits import is_message_method

TOKEN = "7000000001:TEST-token"
ANN = FakeUser(101, "Ann", username="ann")
BOB = FakeUser(102, "Bob")
BOARD = FakeChat.group(-4001, "Board of Trustees")
USERS = [FakeUser(1000 + n, f"User {n}") for n in range(31)]


@pytest.fixture
def clock() -> ManualClock:
    """The time the fake's rate limits count by: it moves only when a test moves it."""
    return ManualClock()


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(clock=clock) as api:
        for user in [ANN, BOB, *USERS]:
            api.add_chat(FakeChat.private(user))
        api.add_chat(BOARD)
        yield api


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client


async def call(
    http: aiohttp.ClientSession, fake: FakeBotApi, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{fake.base_url}{TOKEN}/{method}", json=params) as response:
        body: dict[str, Any] = await response.json()
        return response.status, body


def too_many(retry_after: int) -> dict[str, Any]:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }


def test_message_methods() -> None:
    for name in ["sendMessage", "SENDDOCUMENT", "sendMediaGroup", "editMessageText"]:
        assert is_message_method(name), name
    for name in ["editMessageReplyMarkup", "copyMessage", "forwardMessages"]:
        assert is_message_method(name), name
    for name in ["sendChatAction", "getUpdates", "answerCallbackQuery", "setMyCommands"]:
        assert not is_message_method(name), name
    assert not is_message_method("getMe") and not is_message_method("deleteMessage")


async def test_limits_are_off_by_default(fake: FakeBotApi, http: aiohttp.ClientSession) -> None:
    for n in range(5):
        assert (await call(http, fake, "sendMessage", chat_id=ANN.id, text=f"{n}"))[0] == 200
    assert fake.rate_limited == []


async def test_the_31st_message_in_a_second_is_refused(
    fake: FakeBotApi, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    fake.enforce_limits()
    answers = [
        await call(http, fake, "sendMessage", chat_id=user.id, text="hello") for user in USERS
    ]
    assert [status for status, _ in answers] == [200] * 30 + [429]
    assert answers[-1][1] == too_many(1)
    assert [r.params["chat_id"] for r in fake.rate_limited] == [USERS[-1].id]
    assert fake.rate_limited[0].status == 429
    assert USERS[-1].id not in fake.message_counts()
    clock.advance(0.999)
    assert (await call(http, fake, "sendMessage", chat_id=USERS[-1].id, text="again"))[0] == 429
    clock.advance(0.001)
    assert (await call(http, fake, "sendMessage", chat_id=USERS[-1].id, text="again"))[0] == 200


async def test_a_private_chat_gets_one_message_a_second(
    fake: FakeBotApi, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    fake.enforce_limits()
    assert (await call(http, fake, "sendMessage", chat_id=ANN.id, text="one"))[0] == 200
    status, body = await call(http, fake, "sendMessage", chat_id=ANN.id, text="two")
    assert (status, body) == (429, too_many(1))
    # Other chats, and calls that are not messages, are not held back.
    assert (await call(http, fake, "sendMessage", chat_id=BOB.id, text="hi Bob"))[0] == 200
    assert (await call(http, fake, "sendChatAction", chat_id=ANN.id, action="typing"))[0] == 200
    assert (await call(http, fake, "getMe"))[0] == 200
    clock.advance(body["parameters"]["retry_after"])
    assert (await call(http, fake, "sendMessage", chat_id=ANN.id, text="two"))[0] == 200
    assert fake.message_counts() == {ANN.id: 2, BOB.id: 1}


async def test_a_group_gets_twenty_messages_a_minute(
    fake: FakeBotApi, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    fake.enforce_limits()
    for n in range(20):
        clock.advance(1.0)  # one a second: within the overall and the per-chat rates
        assert (await call(http, fake, "sendMessage", chat_id=BOARD.id, text=f"{n}"))[0] == 200
    assert (await call(http, fake, "sendMessage", chat_id=BOARD.id, text="21st")) == (
        429,
        too_many(41),  # the first of the twenty leaves the minute 41 s from now
    )
    clock.advance(40.5)
    assert (await call(http, fake, "sendMessage", chat_id=BOARD.id, text="21st")) == (
        429,
        too_many(1),
    )
    clock.advance(0.5)
    assert (await call(http, fake, "sendMessage", chat_id=BOARD.id, text="21st"))[0] == 200
    assert (await call(http, fake, "sendMessage", chat_id=BOARD.id, text="22nd"))[0] == 429
    fake.stop_enforcing_limits()
    assert (await call(http, fake, "sendMessage", chat_id=BOARD.id, text="22nd"))[0] == 200


async def test_edits_count_and_failed_attempts_use_their_slot(
    fake: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    fake.enforce_limits(per_private_chat_per_second=2)
    status, sent = await call(http, fake, "sendMessage", chat_id=ANN.id, text="v1")
    assert status == 200
    message_id = sent["result"]["message_id"]
    status, _ = await call(http, fake, "sendMessage", chat_id=ANN.id, text="<b>", parse_mode="HTML")
    assert status == 400  # counted: Telegram counts attempts
    status, body = await call(
        http, fake, "editMessageText", chat_id=ANN.id, message_id=message_id, text="v2"
    )
    assert (status, body) == (429, too_many(1))
    assert fake.message_counts() == {ANN.id: 1}


async def test_injected_failures_come_before_the_limits(
    fake: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    fake.enforce_limits()
    await call(http, fake, "sendMessage", chat_id=ANN.id, text="one")
    fake.fail_next("sendMessage", error_code=502, description="Bad Gateway")
    assert (await call(http, fake, "sendMessage", chat_id=ANN.id, text="two"))[0] == 502
    assert fake.rate_limited == []


async def test_a_blocked_user_is_forbidden_and_the_bot_is_told(
    fake: FakeBotApi, bot: Bot, http: aiohttp.ClientSession
) -> None:
    fake.user_blocks_bot(ANN)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANN.id, "still there?")
    status, body = await call(http, fake, "sendDocument", chat_id=ANN.id, document="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    await bot.send_message(BOB.id, "Bob is fine")
    await bot.send_message(BOARD.id, "so is the group")

    [raw] = fake.pending_updates()
    parsed = Update.de_json(raw, bot)
    [update] = await bot.get_updates()
    assert update == parsed
    change = update.my_chat_member
    assert change is not None and update.effective_user is not None
    assert change.chat.id == ANN.id and change.chat.type == "private"
    assert update.effective_user.id == ANN.id
    assert change.old_chat_member.status == "member"
    assert isinstance(change.new_chat_member, ChatMemberBanned)
    assert change.new_chat_member.user.id == fake.bot_id
    assert change.new_chat_member.user.is_bot

    fake.user_unblocks_bot(ANN)
    await bot.send_message(ANN.id, "welcome back")
    [back] = await bot.get_updates(offset=update.update_id + 1)
    assert back.my_chat_member is not None
    assert isinstance(back.my_chat_member.old_chat_member, ChatMemberBanned)
    assert isinstance(back.my_chat_member.new_chat_member, ChatMemberMember)
    assert [m.plain_text for m in fake.messages_to(ANN.id)] == ["welcome back"]


async def test_latency_delays_every_answer_but_long_polls(
    fake: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    fake.latency = 0.2
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await call(http, fake, "getMe"))[0] == 200
    assert loop.time() - started >= 0.2
    fake.latency = 30.0
    status, body = await asyncio.wait_for(call(http, fake, "getUpdates", timeout=0), 10)
    assert (status, body["result"]) == (200, [])


async def test_a_late_failure_times_out_on_the_client_undelivered(
    fake: FakeBotApi, bot: Bot, http: aiohttp.ClientSession
) -> None:
    fake.fail_next("sendMessage", error_code=500, description="Internal Server Error", delay=30)
    with pytest.raises(TimedOut):
        await bot.send_message(ANN.id, "lost?", read_timeout=0.2)
    assert fake.messages_to(ANN.id) == []

    fake.fail_next("sendMessage", error_code=500, description="Internal Server Error", delay=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    status, _ = await call(http, fake, "sendMessage", chat_id=ANN.id, text="late")
    assert status == 500 and loop.time() - started >= 0.2
    assert fake.messages_to(ANN.id) == []


async def test_message_counts_include_documents_and_deleted_messages(
    fake: FakeBotApi, bot: Bot
) -> None:
    first = await bot.send_message(ANN.id, "one")
    await bot.send_document(ANN.id, b"BEGIN:VCALENDAR", filename="meeting.ics")
    await bot.edit_message_text("one, edited", ANN.id, first.message_id)
    await bot.delete_message(ANN.id, first.message_id)
    await bot.send_message(BOARD.id, "hello board")
    assert fake.message_counts() == {ANN.id: 2, BOARD.id: 1}
