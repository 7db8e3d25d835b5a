"""Pacing: sliding windows, the pacer's priorities, the PTB rate limiter, and the bot end to end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.error import BadRequest, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.pacing import (
    Pacer,
    PacingPolicy,
    SlidingWindow,
    TelegramRateLimiter,
    is_message_method,
)
from fakegram import FakeBotApi, FakeUser
from fakegram.clock import ManualClock
from fakegram.limits import RateLimits
from fakegram.limits import is_message_method as fake_counts_it
from fakegram.models import RecordedRequest
from tests.auxil.people import MEMBER

# Windows of a few hundredths of a second keep the real-clock tests fast; exact periods.
QUICK = PacingPolicy(
    overall_limit=2,
    overall_period=0.05,
    private_chat_limit=1,
    private_chat_period=0.05,
    margin=1.0,
)
STUCK = 0.05  # long enough to see that a waiter is held, far shorter than what holds it


class FakeMonotonic:
    """A monotonic clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def granted_at_once(acquisition: Awaitable[object]) -> None:
    await asyncio.wait_for(acquisition, 5)


async def held(acquisition: Awaitable[object]) -> None:
    """Assert that ``acquisition`` is still waiting after a moment, then give it up."""
    task = asyncio.ensure_future(acquisition)
    await asyncio.sleep(STUCK)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def send(pacer: Pacer, chat_id: int | str | None, *, background: bool = False) -> None:
    async with pacer.slot(chat_id, background=background):
        pass


def test_message_methods_are_the_ones_the_fake_counts() -> None:
    names = [
        "sendMessage",
        "sendDocument",
        "sendChatAction",
        "editMessageText",
        "editMessageReplyMarkup",
        "copyMessage",
        "forwardMessages",
        "answerCallbackQuery",
        "setMyCommands",
        "deleteMessage",
        "getMe",
        "getUpdates",
    ]
    assert [is_message_method(n) for n in names] == [fake_counts_it(n) for n in names]
    assert not is_message_method("sendChatAction") and is_message_method("SendMessage")


# -- SlidingWindow -------------------------------------------------------------------------------


async def test_a_window_grants_its_limit_then_waits_for_the_period() -> None:
    clock = FakeMonotonic()
    window = SlidingWindow(3, 10.0, now=clock)
    for now in (0.0, 4.0, 8.0):
        clock.now = now
        await granted_at_once(window.acquire())
    await held(window.acquire())
    clock.now = 9.9
    await held(window.acquire())
    clock.now = 10.0
    await granted_at_once(window.acquire())  # the one at 0.0 left the window
    await held(window.acquire())  # the cancelled waiters did not count
    clock.now = 14.0
    await granted_at_once(window.acquire())


async def test_a_send_keeps_its_place_until_a_period_after_its_answer() -> None:
    clock = FakeMonotonic()
    window = SlidingWindow(2, 1.0, now=clock)
    async with window.slot():
        async with window.slot():
            await held(window.acquire())
            clock.now = 5.0  # two requests still in flight: Telegram may not have them yet
            await held(window.acquire())
        await held(window.acquire())  # one answered at 5.0: it may have arrived just now
        clock.now = 6.0
        await granted_at_once(window.acquire())


async def test_a_window_never_grants_more_than_its_limit_in_any_period() -> None:
    window = SlidingWindow(3, 0.05)
    granted: list[float] = []

    async def one() -> None:
        await window.acquire()
        granted.append(time.monotonic())

    await asyncio.gather(*(one() for _ in range(10)))
    granted.sort()
    gaps = [later - earlier for earlier, later in zip(granted, granted[3:], strict=False)]
    assert len(gaps) == 7 and min(gaps) >= 0.05 - 1e-3


async def test_a_window_serves_waiters_first_come_first_served() -> None:
    window = SlidingWindow(1, 0.01)
    order: list[int] = []

    async def one(n: int) -> None:
        await window.acquire()
        order.append(n)

    await asyncio.gather(*(one(n) for n in range(8)))
    assert order == list(range(8))


async def test_pause_until_holds_every_acquisition() -> None:
    window = SlidingWindow(5, 1.0)
    started = time.monotonic()
    window.pause_until(started + 0.2)
    await window.acquire()
    assert time.monotonic() - started >= 0.2


# -- Pacer ---------------------------------------------------------------------------------------


async def test_foreground_is_served_before_waiting_background() -> None:
    pacer = Pacer(QUICK)
    order: list[str] = []

    async def labelled(label: str, background: bool) -> None:
        await send(pacer, None, background=background)
        order.append(label)

    broadcast = [asyncio.create_task(labelled(f"bg{n}", True)) for n in range(5)]
    await asyncio.sleep(0)  # two are granted, three wait for the overall window
    await labelled("reply", False)
    await asyncio.gather(*broadcast)
    assert order == ["bg0", "bg1", "reply", "bg2", "bg3", "bg4"]


async def test_chats_are_paced_by_their_kind() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(PacingPolicy(overall_limit=100), now=clock)
    await granted_at_once(send(pacer, 5001))
    await held(send(pacer, 5001))
    await granted_at_once(send(pacer, 5002))  # another chat
    for chat in (-1001, "@Westshire"):
        for _ in range(20):
            await granted_at_once(send(pacer, chat, background=True))
        await held(send(pacer, chat, background=True))
    await held(send(pacer, "-1001", background=True))  # the same group, spelled as text
    await held(send(pacer, "@westshire", background=True))  # usernames ignore case
    clock.now = 1.0 * PacingPolicy().margin
    await granted_at_once(send(pacer, 5001))


async def test_a_chat_keeps_its_place_while_waiting_for_the_overall_window() -> None:
    policy = PacingPolicy(
        overall_limit=2,
        overall_period=0.3,
        private_chat_limit=1,
        private_chat_period=0.1,
        margin=1.0,
    )
    pacer = Pacer(policy)
    await send(pacer, 7)
    await send(pacer, 9)  # the overall window is full for 0.3 s
    granted: list[float] = []

    async def to_chat_8() -> None:
        async with pacer.slot(8, background=False):
            granted.append(time.monotonic())

    # The first message to chat 8 waits for the overall window; the second must still come
    # a whole private-chat period after it, not right behind it.
    await asyncio.gather(to_chat_8(), to_chat_8())
    assert granted[1] - granted[0] >= 0.1 - 1e-3


async def test_idle_chats_are_forgotten() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(now=clock)
    await send(pacer, 1)
    clock.now = 30.0
    await send(pacer, -5)
    clock.now = 62.0
    await send(pacer, 2)
    assert set(pacer._chats) == {-5, 2}  # the group sent 32 s ago is still counted
    clock.now = 130.0
    await send(pacer, 3)
    assert set(pacer._chats) == {3}


async def test_pause_holds_every_chat() -> None:
    pacer = Pacer()
    started = time.monotonic()
    pacer.pause(0.2)
    await send(pacer, 5001)
    assert time.monotonic() - started >= 0.2


# -- TelegramRateLimiter -------------------------------------------------------------------------


def answering(*outcomes: BaseException | None) -> tuple[Callable[..., Any], list[float]]:
    """A request callback that raises the given errors in turn (None: succeeds)."""
    calls: list[float] = []
    pending = list(outcomes)

    async def callback(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(time.monotonic())
        outcome = pending.pop(0) if pending else None
        if outcome is not None:
            raise outcome
        return {"message_id": len(calls)}

    return callback, calls


async def test_a_429_pauses_then_retries(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.pacing")
    limiter = TelegramRateLimiter(QUICK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)  # RetryAfter() reads it too
        errors = RetryAfter(timedelta(seconds=0.2)), RetryAfter(1)
    callback, calls = answering(*errors, None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PTBDeprecationWarning)  # the limiter reads it quietly
        result = await limiter.process_request(
            callback, (), {}, "sendMessage", {"chat_id": -1001}, None
        )
    assert result == {"message_id": 3}
    assert calls[1] - calls[0] >= 0.2 and calls[2] - calls[1] >= 1.0
    assert "429" in caplog.text


async def test_a_429_is_raised_after_max_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    limiter = TelegramRateLimiter(QUICK, max_retries=2)
    callback, calls = answering(*[RetryAfter(timedelta(milliseconds=10))] * 5)
    with pytest.raises(RetryAfter):
        await limiter.process_request(callback, (), {}, "sendMessage", {}, None)
    assert len(calls) == 3


async def test_other_errors_are_not_retried() -> None:
    limiter = TelegramRateLimiter(QUICK)
    callback, calls = answering(BadRequest("Chat not found"))
    with pytest.raises(BadRequest):
        await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert len(calls) == 1


async def test_only_messages_are_paced() -> None:
    limiter = TelegramRateLimiter()
    limiter.pacer.pause(3600)
    callback, _ = answering()
    answer = limiter.process_request(callback, (), {}, "answerCallbackQuery", {}, None)
    await asyncio.wait_for(answer, 5)
    await held(limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 5}, None))


async def test_background_requests_wait_behind_foreground_ones() -> None:
    limiter = TelegramRateLimiter(QUICK)
    order: list[str] = []

    async def send(label: str, rate_limit_args: dict[str, Any] | None) -> None:
        callback, _ = answering()
        await limiter.process_request(callback, (), {}, "sendMessage", {}, rate_limit_args)
        order.append(label)

    background = {"background": True}
    reminders = [asyncio.create_task(send(f"bg{n}", background)) for n in range(4)]
    await asyncio.sleep(0)
    await send("reply", None)
    await asyncio.gather(*reminders)
    assert order == ["bg0", "bg1", "reply", "bg2", "bg3"]


# -- the bot, end to end -------------------------------------------------------------------------


async def test_three_hundred_people_press_start_at_once(
    running_bot: Any, fake_api: FakeBotApi
) -> None:
    fake_api.enforce_limits()
    people = [FakeUser(id=800000 + n, first_name=f"Person {n}") for n in range(300)]
    for person in people:
        await fake_api.user_sends(person, "/start")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    for person in people:
        await fake_api.wait_for_messages(person.id, 1, timeout=max(deadline - loop.time(), 0.1))
    await fake_api.wait_until_quiet(timeout=10)
    assert fake_api.rate_limited == []
    assert fake_api.message_counts() == {person.id: 1 for person in people}


async def test_a_reply_refused_with_429_arrives_once_after_the_wait(
    running_bot: Any, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    fake_api.enforce_limits()
    fake_api.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 1", retry_after=1
    )
    await fake_api.user_sends(MEMBER, "/start")
    await fake_api.wait_for_messages(MEMBER.id, 1, timeout=10)
    await fake_api.wait_until_quiet()
    refused, delivered = fake_api.calls("sendMessage")
    assert (refused.status, delivered.status) == (429, 200)
    assert delivered.time - refused.time >= 1.0
    assert fake_api.message_counts() == {MEMBER.id: 1}
    assert fake_api.rate_limited == []


# -- the strict fake's verdict on a virtual clock ---------------------------------------------


@dataclass
class _Sent:
    answer: float
    place: contextlib.AsyncExitStack


@given(
    limit=st.integers(min_value=1, max_value=30),
    sends=st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=0.6),  # latency: let through to answer
            st.floats(min_value=0.0, max_value=1.0),  # where in between the server counts it
            st.floats(min_value=0.0, max_value=0.3),  # pause before asking for the next place
        ),
        min_size=1,
        max_size=120,
    ),
)
@settings(max_examples=60, deadline=None)
def test_the_strict_fake_never_refuses_what_a_window_lets_through(
    limit: int, sends: list[tuple[float, float, float]]
) -> None:
    """Whatever the latencies, and wherever between let-through and answer the server counts a
    message, the fake's own sliding-window counter never sees more than the limit a period
    (the window has no margin here: it needs none)."""

    async def play() -> list[float]:
        clock = ManualClock()
        window = SlidingWindow(limit, 1.0, now=clock)
        in_flight: list[_Sent] = []
        arrivals: list[float] = []
        asks = 0.0
        pending = list(sends)
        while pending or in_flight:
            for sent in [s for s in in_flight if s.answer <= clock.now]:
                in_flight.remove(sent)
                await sent.place.aclose()
            wait = window.ready_in() if pending else None
            if pending and clock.now >= asks and wait is not None and wait <= 0:
                latency, counted, pause = pending.pop(0)
                place = contextlib.AsyncExitStack()
                await asyncio.wait_for(place.enter_async_context(window.slot()), 5)
                arrivals.append(clock.now + counted * latency)
                in_flight.append(_Sent(clock.now + latency, place))
                asks = clock.now + pause
                continue
            moments = [s.answer for s in in_flight]
            if pending and wait is not None:
                moments.append(max(asks, clock.now + wait))
            if not moments:
                continue
            clock.advance(max(0.0, min(moments) - clock.now))
        return arrivals

    arrivals = asyncio.run(play())
    server_clock = ManualClock()
    counter = RateLimits(server_clock)
    counter.enforce(overall_per_second=limit, per_private_chat_per_second=1, per_group_per_minute=1)
    for arrival in sorted(arrivals):
        server_clock.advance(arrival - server_clock.now)
        counter.check(RecordedRequest("sendMessage", {}, "token", arrival), None)
    assert not counter.refused
