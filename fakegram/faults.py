"""Failures injected into the fake Bot API: errors answered instead of a call's result, and
clients whose calls hang (as if the network had gone mid-send)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web

_LOGGER = logging.getLogger("fakegram")


@dataclass
class Failure:
    """An error to answer the next ``times`` calls of ``method`` (for ``chat_id`` only, if set)
    with, ``delay`` seconds late."""

    method: str
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    chat_id: int | None
    times: int
    delay: float

    @property
    def migrate_to_chat_id(self) -> int | None:
        """The supergroup a group-to-supergroup migration error names."""
        migrate_to = (self.parameters or {}).get("migrate_to_chat_id")
        return migrate_to if isinstance(migrate_to, int) else None


class Faults:
    """The failures waiting to be answered and the tokens whose calls are held."""

    def __init__(self) -> None:
        self.held_calls = 0
        self._failures: list[Failure] = []
        self._held_tokens: set[str] = set()
        self._held_released = asyncio.Event()

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None,
        migrate_to_chat_id: int | None,
        chat_id: int | None,
        times: int,
        delay: float,
    ) -> None:
        """Queue a failure; see :meth:`fakegram.FakeBotApi.fail_next`."""
        if times < 1:
            raise ValueError("times must be at least 1")
        if delay < 0:
            raise ValueError("delay must not be negative")
        if not 400 <= error_code <= 599:
            raise ValueError("error_code must be an HTTP error status (400-599)")
        if retry_after is not None and retry_after < 1:
            raise ValueError("retry_after must be at least 1 second (clients ignore 0)")
        parameters: dict[str, Any] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        self._failures.append(
            Failure(
                method.lower(), error_code, description, parameters or None, chat_id, times, delay
            )
        )

    def take(self, method: str, chat_id: object) -> Failure | None:
        """The failure this call of ``method`` for ``chat_id`` meets, used up by one."""
        for failure in self._failures:
            if failure.method != method.lower():
                continue
            if failure.chat_id is not None and chat_id != failure.chat_id:
                continue
            failure.times -= 1
            if failure.times == 0:
                self._failures.remove(failure)
            return failure
        return None

    # -- a client that hangs ---------------------------------------------------------------------

    def hold_calls_from(self, token: str) -> None:
        """Answer no call made with ``token`` until :meth:`release_held`."""
        self._held_tokens.add(token)
        self._held_released.clear()

    def release_held(self) -> None:
        """Fail every held call (502) and hold no token any more."""
        self._held_tokens.clear()
        self._held_released.set()

    def holds(self, token: str) -> bool:
        """Whether calls made with ``token`` are held."""
        return token in self._held_tokens

    async def hold(self, method: str) -> web.Response:
        """Keep a call waiting until released, then fail it as a gateway would."""
        self.held_calls += 1
        _LOGGER.debug("holding %s", method)
        await self._held_released.wait()
        return web.json_response(
            {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
        )
