"""The Bot API fake on its own event loop, in its own thread, for benches that time the bot.

Telegram's servers do not share the bot's event loop: a fake that does (reading every upload,
answering every call) would charge its own work to the bot's latency, and the latency of a
send is what a pacer keeping to a sliding window pays for. A library of
``bench/broadcast.py`` and ``bench/ratelimiters.py``.

Both loops count time by the same monotonic clock, so the fake's request times and the bot's
loop times compare directly.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, Self, TypeVar

from fakegram import FakeBotApi

T = TypeVar("T")


class FakeHost:
    """Runs ``fake`` in a thread; :meth:`run` and :meth:`read` reach it from the bot's loop."""

    def __init__(self, fake: FakeBotApi) -> None:
        self.fake = fake
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="fake-bot-api", daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    async def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await ``coroutine`` on the fake's loop."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return await asyncio.wrap_future(future)

    async def read(self, function: Callable[[], T]) -> T:
        """Call ``function`` on the fake's loop (its state is changed only there)."""

        async def call() -> T:
            return function()

        return await self.run(call())

    async def __aenter__(self) -> Self:
        self._thread.start()
        await self.run(self.fake.start())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            await self.run(self.fake.stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            await asyncio.to_thread(self._thread.join)
            self._loop.close()
