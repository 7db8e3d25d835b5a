"""A local fake of the Telegram Bot API, served over real HTTP with aiohttp.

A real bot (python-telegram-bot's ``Application`` or anything else speaking the Bot API) is
pointed at :attr:`FakeBotApi.base_url` and polls it with ``getUpdates``. The test or demo plays
the users: :meth:`FakeBotApi.user_sends` and :meth:`FakeBotApi.user_presses` queue updates, and
:meth:`FakeBotApi.messages_to` shows what the bot said back.

This module is the server and the one object tests hold; its parts live beside it: what the
fake knows (:mod:`fakegram.state`), the Bot API methods (:mod:`fakegram.methods`), Telegram's
limits (:mod:`fakegram.limits`), injected failures (:mod:`fakegram.faults`) and the simulated
users (:mod:`fakegram.users`).
"""

from __future__ import annotations

import asyncio
import copy
import logging
import math
import re
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from fakegram.clock import Clock, loop_time
from fakegram.errors import NOT_FOUND, ApiError
from fakegram.faults import Faults
from fakegram.limits import MAX_UPLOAD_BYTES, PRIVATE_CHAT_GAP, RateLimits, is_message_method
from fakegram.methods import HANDLERS, get_updates
from fakegram.methods.commands import scope_key
from fakegram.models import CallbackAnswer, FakeChat, FakeUser, RecordedRequest, SentMessage
from fakegram.params import read_request
from fakegram.state import FakeState, Params
from fakegram.users import SimulatedUsers

__all__ = ["PRIVATE_CHAT_GAP", "FakeBotApi", "is_message_method"]

_LOGGER = logging.getLogger("fakegram")

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_BLOCKED = "Forbidden: bot was blocked by the user"


class FakeBotApi:
    """A Telegram Bot API server on 127.0.0.1 that a real bot can poll and talk to.

    Use as ``async with FakeBotApi() as fake:`` or call :meth:`start` / :meth:`stop`. Point the
    bot at :attr:`base_url` and :attr:`base_file_url`; any well-formed token works.

    Set :attr:`latency` (seconds) to delay the answer to every call but getUpdates, like a
    network round trip. :meth:`enforce_limits` makes the fake refuse messages over Telegram's
    rate limits with 429, as Telegram does; those limits count time by ``clock`` (default: the
    event loop's monotonic clock), so a test can pass a :class:`~fakegram.clock.ManualClock`
    and move it on instead of sleeping.
    """

    def __init__(
        self,
        *,
        bot_username: str = "quorum_demo_bot",
        bot_id: int = 7000000001,
        bot_first_name: str = "Quorum",
        clock: Clock = loop_time,
    ) -> None:
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        self.requests: list[RecordedRequest] = []
        self.latency = 0.0
        # When set, tells whether the bot still has messages waiting to go (its rate limiter's
        # queue); wait_until_quiet then trusts it instead of assuming a pause per private chat.
        self.bot_busy: Callable[[], bool] | None = None

        self._state = FakeState(self.bot_user)
        self._limits = RateLimits(clock)
        self._faults = Faults()
        self._users = SimulatedUsers(self._state, bot_id)
        self._in_flight = 0
        self._last_private_message = -math.inf

        self._runner: web.AppRunner | None = None
        self._root_url: str | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start serving on ``host:port``; port 0 picks a free port."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi is already running")
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        # handler_cancellation: a long poll whose client went away stops waiting at once.
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        bound_port = int(runner.addresses[0][1])
        shown_host = f"[{host}]" if ":" in host else host
        self._root_url = f"http://{shown_host}:{bound_port}"
        self._runner = runner
        self._state.closing = False
        _LOGGER.debug("fake Bot API listening on %s", self._root_url)

    async def stop(self) -> None:
        """Stop serving. Pending long polls return ``[]`` at once; recorded state is kept.

        Stop the bot first: a bot still polling will log connection errors once this returns.
        """
        runner = self._runner
        if runner is None:
            return
        self._state.closing = True
        self._state.updates_signal.notify()
        self.release_held()
        self._runner = None
        await runner.cleanup()
        _LOGGER.debug("fake Bot API stopped")

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """API URL to give the bot; the client appends ``<token>/<method>``."""
        return f"{self._root()}/bot"

    @property
    def base_file_url(self) -> str:
        """File download URL to give the bot; the client appends ``<token>/<file_path>``."""
        return f"{self._root()}/file/bot"

    @property
    def token(self) -> str:
        """A well-formed token for this bot (the fake accepts any well-formed token)."""
        return f"{self.bot_id}:FAKEGRAM-local-token"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's own Telegram ``User`` JSON."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _root(self) -> str:
        if self._root_url is None:
            raise RuntimeError("FakeBotApi has not been started: await fake.start() first")
        return self._root_url

    # -- the user's side ---------------------------------------------------------------------

    def add_chat(self, chat: FakeChat) -> None:
        """Make a chat known to the bot (e.g. the bot was added to a group) without a message."""
        self._state.chats[chat.id] = chat

    async def user_sends(
        self, user: FakeUser, text: str, *, chat: FakeChat | None = None
    ) -> dict[str, Any]:
        """Queue a text message from ``user`` and return its update.

        The message goes to the private chat with ``user`` unless ``chat`` is given. Text that
        starts with a command (``/start``, ``/start@bot``) carries a ``bot_command`` entity.
        """
        return await self._users.sends(user, text, chat=chat)

    async def user_sends_document(
        self,
        user: FakeUser,
        filename: str,
        data: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> dict[str, Any]:
        """Queue a document sent by ``user``; the bot can fetch it with getFile."""
        return await self._users.sends_document(
            user, filename, data, mime_type=mime_type, caption=caption, chat=chat
        )

    async def user_presses(
        self, user: FakeUser, message: SentMessage, callback_data: str
    ) -> dict[str, Any]:
        """Queue the callback query of ``user`` pressing a button on a bot message.

        Raises:
            ValueError: the message is not (or no longer) a bot message, or none of its
                buttons carries ``callback_data``.
        """
        return await self._users.presses(user, message, callback_data)

    def user_blocks_bot(self, user: FakeUser) -> None:
        """``user`` blocks the bot: messages to their private chat fail with 403 from now on.

        Queues the ``my_chat_member`` update Telegram sends (the bot goes from "member" to
        "kicked").
        """
        self._users.blocks_bot(user)

    def user_unblocks_bot(self, user: FakeUser) -> None:
        """``user`` unblocks the bot; queues the ``my_chat_member`` update (back to "member")."""
        self._users.unblocks_bot(user)

    def add_update(self, update: dict[str, Any]) -> None:
        """Queue a raw update; ``update_id`` is assigned (on ``update`` too) when missing."""
        self._state.add_update(update)

    # -- what the bot did --------------------------------------------------------------------

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """The bot's answers to button presses, in order."""
        return self._state.callback_answers

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        """``(chat_id, action)`` of every sendChatAction, in order."""
        return self._state.chat_actions

    @property
    def deleted_messages(self) -> list[SentMessage]:
        """The bot's messages it deleted, in order."""
        return self._state.deleted_messages

    @property
    def dropped_updates(self) -> list[dict[str, Any]]:
        """Updates dropped unsent (not in ``allowed_updates``, or ``drop_pending_updates``)."""
        return self._state.dropped_updates

    @property
    def rate_limited(self) -> list[RecordedRequest]:
        """Message calls refused with 429 by :meth:`enforce_limits`."""
        return self._limits.refused

    @property
    def webhook_url(self) -> str:
        """The webhook the bot set ("" while it polls)."""
        return self._state.webhook_url

    @webhook_url.setter
    def webhook_url(self, url: str) -> None:
        self._state.webhook_url = url

    @property
    def held_calls(self) -> int:
        """How many calls :meth:`hold_calls_from` has held."""
        return self._faults.held_calls

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in ``chat_id``, oldest first (live objects: edits show up)."""
        return self._state.messages_to(chat_id)

    def message_counts(self) -> dict[int, int]:
        """How many messages the bot sent to each chat it wrote to: texts and documents alike,
        deleted ones included, edits not counted."""
        return self._state.message_counts()

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded calls of one API method (case-insensitive)."""
        wanted = method.lower()
        return [request for request in self.requests if request.method.lower() == wanted]

    def bot_commands(
        self, *, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list the bot set for ``scope`` (default scope) and ``language_code``."""
        key = (scope_key(scope or {"type": "default"}), language_code)
        return [dict(command) for command in self._state.commands.get(key, [])]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued but not yet confirmed by the bot's getUpdates offset."""
        return copy.deepcopy(self._state.updates)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the public API
    ) -> list[SentMessage]:
        """Wait until the bot has at least ``count`` messages in ``chat_id``; return them all.

        Raises:
            TimeoutError: not enough messages in time; the message says what the fake saw.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            messages = self.messages_to(chat_id)
            if len(messages) >= count:
                return messages
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._explain_missing(chat_id, count, messages, timeout))
            await self._state.messages_signal.wait(remaining)

    async def wait_for_message(
        self,
        chat_id: int,
        wanted: Callable[[SentMessage], bool],
        *,
        timeout: float = 30.0,  # noqa: ASYNC109 - part of the public API
    ) -> SentMessage:
        """The first bot message in ``chat_id`` that satisfies ``wanted`` (as sent or as since
        edited), waiting for it.

        Raises:
            TimeoutError: none in time; the message lists what the chat holds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for message in self.messages_to(chat_id):
                if wanted(message):
                    return message
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [message.plain_text[:60] for message in self.messages_to(chat_id)]
                raise TimeoutError(f"no such message in chat {chat_id} within {timeout}s: {seen}")
            # New messages wake this at once; edits are seen at the next look.
            await self._state.messages_signal.wait(min(remaining, 0.05))

    async def wait_until_quiet(
        self,
        *,
        quiet: float = 0.3,
        timeout: float = 10.0,  # noqa: ASYNC109 - part of the public API
    ) -> None:
        """Wait until the bot has confirmed every queued update (by polling past it) and made no
        API call other than getUpdates for ``quiet`` seconds.

        The answer to a message for a private chat keeps the bot busy for
        :data:`PRIVATE_CHAT_GAP` more: a bot keeping to Telegram's one message a second per chat
        holds its next message to that chat about that long.

        Raises:
            TimeoutError: the bot kept busy, or did not fetch its updates, for ``timeout``.
        """
        state = self._state
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = loop.time()
            holding = self.bot_busy is not None and self.bot_busy()
            if self.bot_busy is not None:
                busy_until = now if holding else state.last_activity
            else:
                busy_until = max(state.last_activity, self._last_private_message + PRIVATE_CHAT_GAP)
            idle_for = now - busy_until
            if not state.updates and not self._in_flight and not holding and idle_for >= quiet:
                return
            remaining = deadline - now
            if remaining <= 0:
                raise TimeoutError(self._explain_busy(timeout))
            if state.updates or self._in_flight:
                await state.activity_signal.wait(remaining)
            elif holding:
                await state.activity_signal.wait(min(remaining, 0.02))
            else:
                await state.activity_signal.wait(min(remaining, quiet - idle_for))

    def _explain_missing(
        self, chat_id: int, count: int, messages: list[SentMessage], timeout: float
    ) -> str:
        lines = [
            f"expected at least {count} bot message(s) in chat {chat_id} within {timeout}s, "
            f"found {len(messages)}: {[message.plain_text[:80] for message in messages]}"
        ]
        if chat_id not in self._state.chats:
            lines.append(f"chat {chat_id} is unknown to the fake: nobody has written from it")
        if self._state.updates:
            lines.append(
                f"{len(self._state.updates)} update(s) were never fetched by getUpdates "
                "(is the bot polling this fake?)"
            )
        failed = [request for request in self.requests if request.status not in (None, 200)]
        for request in failed[-5:]:
            lines.append(f"failed call {request.method}: {request.status} {request.description}")
        return "; ".join(lines)

    def _explain_busy(self, timeout: float) -> str:
        parts = [f"the bot did not go quiet within {timeout}s"]
        if self._state.updates:
            parts.append(
                f"{len(self._state.updates)} update(s) not yet confirmed by getUpdates "
                "(is the bot polling this fake?)"
            )
        if self._in_flight:
            parts.append(f"{self._in_flight} API call(s) still being answered")
        recent = [r.method for r in self.requests if r.method.lower() != "getupdates"][-5:]
        if recent:
            parts.append(f"latest calls: {recent}")
        return "; ".join(parts)

    # -- faults and limits -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail, before any validation.

        ``chat_id`` limits the failure to calls for that chat. ``retry_after`` and
        ``migrate_to_chat_id`` go into the error's ``parameters`` (as with Telegram's 429 and
        group-to-supergroup migration); the supergroup becomes a known chat when it fires.
        The failure is answered ``delay`` seconds late: a client timing out first sees a request
        that was in fact not delivered.
        """
        self._faults.fail_next(
            method,
            error_code=error_code,
            description=description,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            chat_id=chat_id,
            times=times,
            delay=delay,
        )

    def hold_calls_from(self, token: str) -> None:
        """From now on, calls made with ``token`` get no answer and are not carried out: the
        process behind it hangs mid-send, as if the network had gone. When the client gives
        up (or dies) the call is dropped; :meth:`release_held` fails any still waiting."""
        self._faults.hold_calls_from(token)

    def release_held(self) -> None:
        """Fail every held call (502) and stop holding."""
        self._faults.release_held()

    def enforce_limits(
        self,
        *,
        overall_per_second: int = 30,
        per_private_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
    ) -> None:
        """Refuse messages over Telegram's rate limits with 429, until turned off again.

        Message calls (:func:`is_message_method`) are counted in sliding windows over the times
        (of the fake's clock) it checks them: overall, per private chat (id > 0) and per group,
        supergroup or channel (id < 0 or ``@username``). A call that would exceed a window is
        refused with ``retry_after`` = the whole seconds until the window frees (at least 1),
        does not count, and is recorded in :attr:`rate_limited`. A call that passes counts
        whatever its outcome (like Telegram, which counts attempts): a message refused with 400
        or 403 afterwards uses up its slot. Calling this again starts with empty windows;
        :meth:`stop_enforcing_limits` turns the limits off.
        """
        self._limits.enforce(
            overall_per_second=overall_per_second,
            per_private_chat_per_second=per_private_chat_per_second,
            per_group_per_minute=per_group_per_minute,
        )

    def stop_enforcing_limits(self) -> None:
        """Accept messages at any rate again."""
        self._limits.stop()

    def _note_message(self, params: Params) -> None:
        """Remember when the fake last answered a message call to a private chat."""
        key = self._state.chat_key(params)
        if isinstance(key, int) and key > 0:
            self._last_private_message = asyncio.get_running_loop().time()

    # -- HTTP ------------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if self._faults.holds(token):
            return await self._faults.hold(method)
        record = RecordedRequest(
            method=method,
            params={},
            token=token,
            time=asyncio.get_running_loop().time(),
            http_method=request.method,
        )
        self.requests.append(record)
        polling = method.lower() == "getupdates"
        if not polling:
            self._begin_call()
        try:
            status, body = await self._answer(method, token, request, record)
            if not polling and self.latency > 0:
                await asyncio.sleep(self.latency)
        finally:
            if is_message_method(method):
                self._note_message(record.params)
            if not polling:
                self._end_call()
        record.status = status
        record.response = body
        if status != 200:
            _LOGGER.info("%s -> %s %s", method, status, body.get("description"))
        else:
            _LOGGER.debug("%s(%s) -> ok", method, record.params)
        return web.json_response(body, status=status)

    async def _answer(
        self, method: str, token: str, request: web.Request, record: RecordedRequest
    ) -> tuple[int, dict[str, Any]]:
        """Injected failures first, then Telegram's limits, then the method itself."""
        try:
            if not _TOKEN.fullmatch(token):
                raise ApiError(404, NOT_FOUND)
            params, files = await read_request(request)
            record.params = params
            record.files = files
            await self._injected_failure(method, params)
            if is_message_method(method):
                chat = self._state.chat_key(params)
                self._limits.check(record, chat)
                if chat in self._state.blocked_by:
                    raise ApiError(403, _BLOCKED)
            name = method.lower()
            if name == "getupdates":
                result: Any = await get_updates(self._state, params)
            else:
                handler = HANDLERS.get(name)
                if handler is None:
                    _LOGGER.warning("fakegram does not implement Bot API method %r", method)
                    raise ApiError(404, NOT_FOUND)
                result = handler(self._state, params, files)
        except ApiError as exc:
            return exc.error_code, exc.to_json()
        return 200, {"ok": True, "result": result}

    async def _injected_failure(self, method: str, params: Params) -> None:
        """Raise the failure queued for this call, if any, after its delay."""
        failure = self._faults.take(method, params.get("chat_id"))
        if failure is None:
            return
        migrate_to = failure.migrate_to_chat_id
        if migrate_to is not None and migrate_to not in self._state.chats:
            # The group became a supergroup: Telegram knows the new chat from now on.
            old = self._state.chats.get(params.get("chat_id", 0))
            title = old.title if old is not None and old.title else "Migrated group"
            self._state.chats[migrate_to] = FakeChat.supergroup(migrate_to, title)
        if failure.delay > 0:
            await asyncio.sleep(failure.delay)
        raise ApiError(failure.error_code, failure.description, failure.parameters)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if _TOKEN.fullmatch(request.match_info["token"]):
            stored = self._state.file_at(request.match_info["path"])
            if stored is not None:
                return web.Response(
                    body=stored.document.data, content_type=stored.document.mime_type
                )
        return web.json_response(ApiError(404, NOT_FOUND).to_json(), status=404)

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, NOT_FOUND).to_json(), status=404)

    def _begin_call(self) -> None:
        self._in_flight += 1
        self._state.touch()

    def _end_call(self) -> None:
        self._in_flight -= 1
        self._state.touch()
