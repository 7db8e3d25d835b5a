"""The clock fakegram's rate limits count time by.

By default it is the running event loop's monotonic clock. A test of the limits passes a
:class:`ManualClock` to :class:`~fakegram.FakeBotApi` and moves it on instead of sleeping.
"""

from __future__ import annotations

import asyncio
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds: only differences between two readings mean anything."""

    def __call__(self) -> float: ...


def loop_time() -> float:
    """The running event loop's monotonic clock (the default)."""
    return asyncio.get_running_loop().time()


class ManualClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` on (never back)."""
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self.now += seconds
