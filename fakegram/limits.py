"""Telegram's limits: the sizes it accepts and the message rates it enforces with 429.

Rates are counted in sliding windows over an injected :class:`~fakegram.clock.Clock`: overall,
per private chat and per group, as Telegram does.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from fakegram.clock import Clock, loop_time
from fakegram.errors import ApiError
from fakegram.models import RecordedRequest

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
PRIVATE_CHAT_GAP = 1.0
"""Seconds between two messages to one private chat for a bot keeping to Telegram's limit."""

_FORWARDS = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})


def is_message_method(method: str) -> bool:
    """Whether Telegram counts a call of ``method`` against its message limits.

    That is every ``send*`` method except ``sendChatAction``, every ``edit*`` method, and
    copying or forwarding messages.
    """
    name = method.lower()
    if name.startswith("send"):
        return name != "sendchataction"
    return name.startswith("edit") or name in _FORWARDS


@dataclass(frozen=True)
class Limits:
    """Telegram's message limits: at most ``*_limit`` messages in any rolling ``*_period``."""

    overall_limit: int
    private_limit: int
    group_limit: int
    overall_period: float = 1.0
    private_period: float = 1.0
    group_period: float = 60.0


class RateLimits:
    """Counts message calls in sliding windows and refuses the excess with 429, when enforced.

    ``refused`` records every call refused so.
    """

    def __init__(self, clock: Clock = loop_time) -> None:
        self.clock = clock
        self.refused: list[RecordedRequest] = []
        self._limits: Limits | None = None
        self._sent_overall: deque[float] = deque()
        self._sent_per_chat: dict[int | str, deque[float]] = {}

    def enforce(
        self,
        *,
        overall_per_second: int,
        per_private_chat_per_second: int,
        per_group_per_minute: int,
    ) -> None:
        """Enforce these limits from now on, with empty windows."""
        values = (overall_per_second, per_private_chat_per_second, per_group_per_minute)
        if min(values) < 1:
            raise ValueError("every limit must be at least 1")
        self._limits = Limits(
            overall_limit=overall_per_second,
            private_limit=per_private_chat_per_second,
            group_limit=per_group_per_minute,
        )
        self._sent_overall.clear()
        self._sent_per_chat.clear()

    def stop(self) -> None:
        """Accept messages at any rate again."""
        self._limits = None

    def check(self, record: RecordedRequest, chat: int | str | None) -> None:
        """Count a message call to ``chat`` (its id, or an unknown ``@name``) in its windows.

        Raises:
            ApiError: 429 with ``retry_after`` (whole seconds until the fullest window frees, at
                least 1); the call is not counted and is recorded in :attr:`refused`.
        """
        limits = self._limits
        if limits is None:
            return
        windows = [(self._sent_overall, limits.overall_limit, limits.overall_period)]
        if chat is not None:
            private = isinstance(chat, int) and chat > 0
            limit, period = (
                (limits.private_limit, limits.private_period)
                if private
                else (limits.group_limit, limits.group_period)
            )
            windows.append((self._sent_per_chat.setdefault(chat, deque()), limit, period))
        now = self.clock()
        wait = 0.0
        for sent, limit, period in windows:
            while sent and sent[0] <= now - period:
                sent.popleft()
            if len(sent) >= limit:
                wait = max(wait, sent[len(sent) - limit] + period - now)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            self.refused.append(record)
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
        for sent, _, _ in windows:
            sent.append(now)
