"""Pacing every message the bot sends, so Telegram never has to refuse one.

Telegram allows about 30 messages a second overall, 1 a second in one private chat and 20 a
minute in one group, and refuses the excess with 429 ``retry_after``. PTB's ``AIORateLimiter``
does not pace private chats at all, and its leaky buckets let a burst of up to twice the rate
through within the first period, which a server counting messages in sliding windows refuses.
So the bot uses its own sliding windows here. A message holds its place in a window from the
moment it is let through until ``period`` after its answer arrived: Telegram received it in
between, so no network delay or jitter can squeeze more than the limit into Telegram's window.

Interactive replies are served before broadcasts and reminders: ExtBot methods called with
``rate_limit_args={"background": True}`` wait behind every foreground message.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

MonotonicClock = Callable[[], float]
# Priorities of waiters: lower is served first.
FOREGROUND = 0
BACKGROUND = 1

_FORWARDS = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})


def is_message_method(endpoint: str) -> bool:
    """Whether Telegram counts ``endpoint`` against its message limits.

    That is every ``send*`` method except ``sendChatAction``, every ``edit*`` method, and
    copying or forwarding messages.
    """
    name = endpoint.lower()
    if name.startswith("send"):
        return name != "sendchataction"
    return name.startswith("edit") or name in _FORWARDS


@dataclass(order=True)
class _Waiter:
    priority: int
    ticket: int
    wake: asyncio.Event = field(default_factory=asyncio.Event, compare=False)


class SlidingWindow:
    """At most ``limit`` sends in any rolling ``period`` seconds of ``now``, whatever the latency.

    A send holds a place from the moment it is let through until its answer arrives, and for
    ``period`` after that: the server received it somewhere in between, so however late or
    early requests reach it, it never sees more than ``limit`` in a period. Waiters are served
    by priority (lower first), first come first served within a priority.
    """

    def __init__(self, limit: int, period: float, *, now: MonotonicClock = time.monotonic) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a window needs a limit of at least 1 and a positive period")
        self._limit = limit
        self._period = period
        self._now = now
        self._in_flight = 0
        self._ended: deque[float] = deque()
        self._waiting: list[_Waiter] = []
        self._tickets = itertools.count()
        self._paused_until = -math.inf

    @property
    def idle(self) -> bool:
        """Nothing waits, is in flight, or ended within the period: the window can be dropped."""
        self._forget_old()
        return (
            not self._waiting
            and not self._in_flight
            and not self._ended
            and self._paused_until <= self._now()
        )

    @property
    def busy(self) -> bool:
        """A send waits for its turn or is in flight."""
        return bool(self._waiting) or self._in_flight > 0

    @property
    def limit(self) -> int:
        return self._limit

    def set_limit(self, limit: int) -> None:
        """A new limit from now on (several instances share one bot's rate)."""
        if limit < 1:
            raise ValueError("a window needs a limit of at least 1")
        self._limit = limit
        self._wake_next()

    def ready_in(self) -> float | None:
        """Seconds until the next send may go (0 or less: now), or None until one in flight
        ends. Waiters already queued go first."""
        return self._delay()

    def pause_until(self, when: float) -> None:
        """Let nothing through before ``when`` (a time of ``now``)."""
        self._paused_until = max(self._paused_until, when)

    async def acquire(self, *, priority: int = FOREGROUND) -> None:
        """Return when a send may happen now, and count it as sent at once."""
        async with self.slot(priority=priority):
            pass

    @contextlib.asynccontextmanager
    async def slot(self, *, priority: int = FOREGROUND) -> AsyncIterator[None]:
        """Wait for a free place, then hold it while the block sends (and ``period`` after).

        The send counts however the block ends: a request that failed may still have arrived.
        """
        waiter = _Waiter(priority, next(self._tickets))
        heapq.heappush(self._waiting, waiter)
        try:
            await self._wait_turn(waiter)
        except BaseException:
            self._waiting.remove(waiter)
            heapq.heapify(self._waiting)
            self._wake_next()
            raise
        try:
            yield
        finally:
            self._in_flight -= 1
            self._ended.append(self._now())
            self._wake_next()

    async def _wait_turn(self, waiter: _Waiter) -> None:
        while True:
            delay: float | None = None
            if self._waiting[0] is waiter:
                delay = self._delay()
                if delay is not None and delay <= 0:
                    heapq.heappop(self._waiting)
                    self._in_flight += 1
                    self._wake_next()
                    return
            waiter.wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await waiter.wake.wait()

    def _delay(self) -> float | None:
        """Seconds until the next send may go, or None until a send in flight ends."""
        self._forget_old()
        ready = self._paused_until
        must_end = self._in_flight + len(self._ended) - self._limit + 1
        if must_end > len(self._ended):
            return None
        if must_end > 0:
            ready = max(ready, self._ended[must_end - 1] + self._period)
        return ready - self._now()

    def _forget_old(self) -> None:
        horizon = self._now() - self._period
        while self._ended and self._ended[0] <= horizon:
            self._ended.popleft()

    def _wake_next(self) -> None:
        if self._waiting:
            self._waiting[0].wake.set()


@dataclass(frozen=True, slots=True)
class PacingPolicy:
    """Telegram's limits (messages per period, in seconds) and a margin on every period.

    Latency is already accounted for by :class:`SlidingWindow`: a message counted by Telegram
    anywhere between its let-through and its answer never makes a window overfull. The margin
    only covers clocks: Telegram's runs at a rate that differs from ours by parts per million,
    and it may round its times; a thousandth of the period (1 ms a second) is ample. Every
    thousandth more is that much of the rate left unused.
    """

    overall_limit: int = 30
    overall_period: float = 1.0
    private_chat_limit: int = 1
    private_chat_period: float = 1.0
    group_limit: int = 20
    group_period: float = 60.0
    margin: float = 1.001


def _chat_key(chat_id: int | str | None) -> int | str | None:
    """An int chat id (``"123"`` too), a lower-cased ``@username``, or None."""
    if isinstance(chat_id, str):
        try:
            return int(chat_id)
        except ValueError:
            return chat_id.lower()
    return chat_id


class Pacer:
    """Paces messages per chat and overall; foreground messages go before background ones.

    Windows of chats that have been idle for a period are dropped, so memory follows the chats
    written to lately, not every chat ever seen.
    """

    def __init__(
        self, policy: PacingPolicy | None = None, *, now: MonotonicClock = time.monotonic
    ) -> None:
        self.policy = policy or PacingPolicy()
        self._now = now
        margin = self.policy.margin
        self._overall = SlidingWindow(
            self.policy.overall_limit, self.policy.overall_period * margin, now=now
        )
        self._chats: dict[int | str, SlidingWindow] = {}
        self._sweep_every = max(self.policy.private_chat_period, self.policy.group_period) * margin
        self._last_sweep = now()

    @contextlib.asynccontextmanager
    async def slot(self, chat_id: int | str | None, *, background: bool) -> AsyncIterator[None]:
        """Wait until a message to ``chat_id`` may be sent, then send it in the block.

        Chat ids below 0 and ``@username`` strings are groups or channels (a chat addressed both
        ways is paced as two); None paces only the overall rate. The chat's place is taken
        first, then the overall one, so a chat's messages go in order of priority, then of
        arrival.
        """
        priority = BACKGROUND if background else FOREGROUND
        key = _chat_key(chat_id)
        async with contextlib.AsyncExitStack() as places:
            if key is not None:
                await places.enter_async_context(self._chat_window(key).slot(priority=priority))
            await places.enter_async_context(self._overall.slot(priority=priority))
            yield

    @property
    def busy(self) -> bool:
        """Some message waits for its turn or is being sent."""
        return self._overall.busy or any(window.busy for window in self._chats.values())

    @property
    def overall_limit(self) -> int:
        return self._overall.limit

    def set_overall_limit(self, limit: int) -> None:
        """Messages per overall period from now on: this process's share of the bot's rate."""
        self._overall.set_limit(limit)

    def pause(self, seconds: float) -> None:
        """Send nothing for ``seconds`` (Telegram answered 429)."""
        self._overall.pause_until(self._now() + seconds)

    def _chat_window(self, key: int | str) -> SlidingWindow:
        now = self._now()
        if now - self._last_sweep >= self._sweep_every:
            self._last_sweep = now
            self._chats = {k: window for k, window in self._chats.items() if not window.idle}
        window = self._chats.get(key)
        if window is None:
            policy = self.policy
            if isinstance(key, int) and key > 0:
                limit, period = policy.private_chat_limit, policy.private_chat_period
            else:
                limit, period = policy.group_limit, policy.group_period
            window = SlidingWindow(limit, period * policy.margin, now=self._now)
            self._chats[key] = window
        return window


def retry_after_seconds(error: RetryAfter) -> float:
    """Telegram's retry_after in seconds."""
    # Reading retry_after warns unless PTB_TIMEDELTA is set; it is an int or a timedelta.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = error.retry_after
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


_Result = bool | dict[str, Any] | list[dict[str, Any]]


class SendObserver(Protocol):
    """Told the result of every message method call (metrics): each attempt counts, so a 429
    followed by a success is one ``failed`` and one ``sent``. Must not raise."""

    def sent(self, endpoint: str) -> None: ...

    def failed(self, endpoint: str, error: Exception) -> None: ...


class TelegramRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """PTB rate limiter: paces message endpoints with a :class:`Pacer`, waits out 429s.

    ``rate_limit_args={"background": True}`` puts a message behind interactive ones. On
    ``RetryAfter`` every send pauses for ``retry_after`` seconds and the request is retried, at
    most ``max_retries`` times; then the error is raised. ``observer`` (settable later) hears
    how every message method call ended.
    """

    def __init__(
        self,
        policy: PacingPolicy | None = None,
        max_retries: int = 3,
        *,
        now: MonotonicClock = time.monotonic,
        observer: SendObserver | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must not be negative")
        self.pacer = Pacer(policy, now=now)
        self.max_retries = max_retries
        self.observer = observer

    def busy(self) -> bool:
        """Some message waits for its turn or is being sent (tests, the demo)."""
        return self.pacer.busy

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to clean up."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> _Result:
        """Call ``callback`` when the pacer allows; retry after a 429."""
        message = is_message_method(endpoint)
        background = bool((rate_limit_args or {}).get("background", False))
        attempt = 0
        while True:
            try:
                if not message:
                    return await callback(*args, **kwargs)
                async with self.pacer.slot(data.get("chat_id"), background=background):
                    result = await callback(*args, **kwargs)
                if self.observer is not None:
                    self.observer.sent(endpoint)
                return result
            except RetryAfter as error:
                if message and self.observer is not None:
                    self.observer.failed(endpoint, error)
                seconds = retry_after_seconds(error)
                log.info(
                    "Telegram refused %s with 429 (attempt %d): pausing every send for %.1f s",
                    endpoint,
                    attempt + 1,
                    seconds,
                )
                self.pacer.pause(seconds)
                if attempt >= self.max_retries:
                    raise
                if not message:
                    await asyncio.sleep(seconds)
                attempt += 1
            except Exception as error:
                if message and self.observer is not None:
                    self.observer.failed(endpoint, error)
                raise
