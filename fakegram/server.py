"""A local fake of the Telegram Bot API, served over real HTTP with aiohttp.

A real bot (python-telegram-bot's ``Application`` or anything else speaking the Bot API) is
pointed at :attr:`FakeBotApi.base_url` and polls it with ``getUpdates``. The test or demo plays
the users: :meth:`FakeBotApi.user_sends` and :meth:`FakeBotApi.user_presses` queue updates, and
:meth:`FakeBotApi.messages_to` shows what the bot said back.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import math
import re
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from fakegram.errors import NOT_FOUND, ApiError, bad_request
from fakegram.markup import FormattedText, format_text, parse_reply_markup, utf16_len
from fakegram.models import (
    Button,
    CallbackAnswer,
    FakeChat,
    FakeUser,
    RecordedRequest,
    SentDocument,
    SentMessage,
    UploadedFile,
)
from fakegram.params import get_bool, get_int, get_str, read_request

_LOGGER = logging.getLogger("fakegram")

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
PRIVATE_CHAT_GAP = 1.0
"""Seconds between two messages to one private chat for a bot keeping to Telegram's limit."""

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")

UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
# What Telegram sends when allowed_updates was never set (or set to []).
DEFAULT_ALLOWED_UPDATES = UPDATE_TYPES - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)

_Params = dict[str, Any]
_Files = dict[str, UploadedFile]
_Handler = Callable[[_Params, _Files], Any]

_FORWARDS = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})
_BLOCKED = "Forbidden: bot was blocked by the user"


def is_message_method(method: str) -> bool:
    """Whether Telegram counts a call of ``method`` against its message limits.

    That is every ``send*`` method except ``sendChatAction``, every ``edit*`` method, and
    copying or forwarding messages.
    """
    name = method.lower()
    if name.startswith("send"):
        return name != "sendchataction"
    return name.startswith("edit") or name in _FORWARDS


class _Signal:
    """Wakes every coroutine waiting on it; a fresh event per notification, no lost wake-ups."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Return when notified or after ``seconds``, whichever is first."""
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)


@dataclass
class _Failure:
    method: str
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    chat_id: int | None
    times: int
    delay: float


@dataclass(frozen=True)
class _Limits:
    """Telegram's message limits: at most ``*_limit`` messages in any rolling ``*_period``."""

    overall_limit: int
    private_limit: int
    group_limit: int
    overall_period: float = 1.0
    private_period: float = 1.0
    group_period: float = 60.0


@dataclass
class _StoredFile:
    document: SentDocument
    file_path: str


class FakeBotApi:
    """A Telegram Bot API server on 127.0.0.1 that a real bot can poll and talk to.

    Use as ``async with FakeBotApi() as fake:`` or call :meth:`start` / :meth:`stop`. Point the
    bot at :attr:`base_url` and :attr:`base_file_url`; any well-formed token works.

    Set :attr:`latency` (seconds) to delay the answer to every call but getUpdates, like a
    network round trip. :meth:`enforce_limits` makes the fake refuse messages over Telegram's
    rate limits with 429, as Telegram does.
    """

    def __init__(
        self,
        *,
        bot_username: str = "quorum_demo_bot",
        bot_id: int = 7000000001,
        bot_first_name: str = "Quorum",
    ) -> None:
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        self.requests: list[RecordedRequest] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.deleted_messages: list[SentMessage] = []
        self.dropped_updates: list[dict[str, Any]] = []
        self.rate_limited: list[RecordedRequest] = []
        self.webhook_url = ""
        self.latency = 0.0
        # When set, tells whether the bot still has messages waiting to go (its rate limiter's
        # queue); wait_until_quiet then trusts it instead of assuming a pause per private chat.
        self.bot_busy: Callable[[], bool] | None = None

        self._chats: dict[int, FakeChat] = {}
        self._messages: dict[int, list[SentMessage]] = {}
        self._user_messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._last_message_id: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._failures: list[_Failure] = []
        self._files: dict[str, _StoredFile] = {}
        self._file_numbers = itertools.count(1)
        self._callback_queries: dict[str, bool] = {}
        self._callback_numbers = itertools.count(1)
        self._current_poll: object | None = None
        self._limits: _Limits | None = None
        self._sent_overall: deque[float] = deque()
        self._sent_per_chat: dict[int | str, deque[float]] = {}
        self._blocked_by: set[int] = set()
        self._held_tokens: set[str] = set()
        self._held_released = asyncio.Event()
        self.held_calls = 0

        self._updates_signal = _Signal()
        self._activity_signal = _Signal()
        self._messages_signal = _Signal()
        self._in_flight = 0
        self._last_activity = 0.0
        self._last_private_message = -math.inf

        self._runner: web.AppRunner | None = None
        self._closing = False
        self._root_url: str | None = None

        self._handlers: dict[str, _Handler] = {
            "getme": self._get_me,
            "logout": self._true,
            "close": self._true,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagecaption": self._edit_message_caption,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendchataction": self._send_chat_action,
            "senddocument": self._send_document,
            "getfile": self._get_file,
            "getchat": self._get_chat,
        }

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
        self._closing = False
        _LOGGER.debug("fake Bot API listening on %s", self._root_url)

    async def stop(self) -> None:
        """Stop serving. Pending long polls return ``[]`` at once; recorded state is kept.

        Stop the bot first: a bot still polling will log connection errors once this returns.
        """
        runner = self._runner
        if runner is None:
            return
        self._closing = True
        self._updates_signal.notify()
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
        self._chats[chat.id] = chat

    async def user_sends(
        self, user: FakeUser, text: str, *, chat: FakeChat | None = None
    ) -> dict[str, Any]:
        """Queue a text message from ``user`` and return its update.

        The message goes to the private chat with ``user`` unless ``chat`` is given. Text that
        starts with a command (``/start``, ``/start@bot``) carries a ``bot_command`` entity.
        """
        if not text.strip():
            raise ValueError("Telegram clients cannot send an empty message")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"a message is at most {MAX_TEXT_LENGTH} characters")
        message = self._user_message(user, chat)
        message["text"] = text
        command = _COMMAND.match(text)
        if command is not None:
            length = utf16_len(command.group(0))
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self._queue_user_update({"message": message})

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
        if not data:
            raise ValueError("Telegram clients cannot send an empty file")
        message = self._user_message(user, chat)
        document = self._store_file(filename, data, mime_type)
        message["document"] = document.to_api()
        if caption:
            message["caption"] = caption
        return await self._queue_user_update({"message": message})

    async def user_presses(
        self, user: FakeUser, message: SentMessage, callback_data: str
    ) -> dict[str, Any]:
        """Queue the callback query of ``user`` pressing a button on a bot message.

        Raises:
            ValueError: the message is not (or no longer) a bot message, or none of its
                buttons carries ``callback_data``.
        """
        stored = self._find_bot_message(message.chat_id, message.message_id)
        if stored is None:
            raise ValueError(
                f"message {message.message_id} in chat {message.chat_id} is not a message "
                "the bot sent (or it was deleted)"
            )
        if callback_data not in stored.callback_data:
            raise ValueError(
                f"no button with callback_data {callback_data!r} on message "
                f"{stored.message_id}; its buttons are {stored.buttons}"
            )
        query_id = f"{self.bot_id}{next(self._callback_numbers):010d}"
        self._callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": stored.to_api(),
            "chat_instance": str(abs(stored.chat_id) * 31 + 7),
            "data": callback_data,
        }
        return await self._queue_user_update({"callback_query": query})

    def user_blocks_bot(self, user: FakeUser) -> None:
        """``user`` blocks the bot: messages to their private chat fail with 403 from now on.

        Queues the ``my_chat_member`` update Telegram sends (the bot goes from "member" to
        "kicked").
        """
        self._blocked_by.add(user.id)
        self._queue_my_chat_member(user, "member", "kicked")

    def user_unblocks_bot(self, user: FakeUser) -> None:
        """``user`` unblocks the bot; queues the ``my_chat_member`` update (back to "member")."""
        self._blocked_by.discard(user.id)
        self._queue_my_chat_member(user, "kicked", "member")

    def _queue_my_chat_member(self, user: FakeUser, old: str, new: str) -> None:
        chat = FakeChat.private(user)
        self._chats.setdefault(chat.id, chat)

        def member(status: str) -> dict[str, Any]:
            # A ChatMemberBanned needs until_date; 0 means "forever".
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self.bot_user, **extra}

        self.add_update(
            {
                "my_chat_member": {
                    "chat": chat.to_api(),
                    "from": user.to_api(),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def add_update(self, update: dict[str, Any]) -> None:
        """Queue a raw update; ``update_id`` is assigned (on ``update`` too) when missing."""
        if not isinstance(update, dict):
            raise TypeError("an update is a dict")
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        update_id = update["update_id"]
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise TypeError("update_id must be an int")
        self._remember_update_chats(update)
        self._updates.append(copy.deepcopy(update))
        self._updates.sort(key=lambda queued: int(queued["update_id"]))
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._updates_signal.notify()
        self._activity_signal.notify()

    async def _queue_user_update(self, update: dict[str, Any]) -> dict[str, Any]:
        self.add_update(update)
        await asyncio.sleep(0)  # let a waiting long poll pick it up
        return copy.deepcopy(update)

    def _user_message(self, user: FakeUser, chat: FakeChat | None) -> dict[str, Any]:
        target = chat or FakeChat.private(user)
        self._chats[target.id] = target
        message_id = self._next_message_id(target.id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
        }
        self._user_messages[(target.id, message_id)] = message
        return message

    def _remember_update_chats(self, update: dict[str, Any]) -> None:
        for key in ("message", "edited_message", "channel_post", "business_message"):
            message = update.get(key)
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                chat = FakeChat.from_api(message["chat"])
                self._chats.setdefault(chat.id, chat)
                message_id = message.get("message_id")
                if isinstance(message_id, int):
                    self._user_messages.setdefault((chat.id, message_id), message)
                    last = self._last_message_id.get(chat.id, 0)
                    self._last_message_id[chat.id] = max(last, message_id)
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query.get("id"), str):
            self._callback_queries.setdefault(query["id"], False)

    # -- what the bot did --------------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in ``chat_id``, oldest first (live objects: edits show up)."""
        return list(self._messages.get(chat_id, []))

    def message_counts(self) -> dict[int, int]:
        """How many messages the bot sent to each chat it wrote to: texts and documents alike,
        deleted ones included, edits not counted."""
        counts = Counter(
            message.chat_id for messages in self._messages.values() for message in messages
        )
        counts.update(message.chat_id for message in self.deleted_messages)
        return dict(counts)

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded calls of one API method (case-insensitive)."""
        wanted = method.lower()
        return [request for request in self.requests if request.method.lower() == wanted]

    def bot_commands(
        self, *, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list the bot set for ``scope`` (default scope) and ``language_code``."""
        key = (_scope_key(scope or {"type": "default"}), language_code)
        return [dict(command) for command in self._commands.get(key, [])]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued but not yet confirmed by the bot's getUpdates offset."""
        return copy.deepcopy(self._updates)

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
            await self._messages_signal.wait(remaining)

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
            await self._messages_signal.wait(min(remaining, 0.05))

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
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = loop.time()
            holding = self.bot_busy is not None and self.bot_busy()
            if self.bot_busy is not None:
                busy_until = now if holding else self._last_activity
            else:
                busy_until = max(self._last_activity, self._last_private_message + PRIVATE_CHAT_GAP)
            idle_for = now - busy_until
            if not self._updates and not self._in_flight and not holding and idle_for >= quiet:
                return
            remaining = deadline - now
            if remaining <= 0:
                raise TimeoutError(self._explain_busy(timeout))
            if self._updates or self._in_flight:
                await self._activity_signal.wait(remaining)
            elif holding:
                await self._activity_signal.wait(min(remaining, 0.02))
            else:
                await self._activity_signal.wait(min(remaining, quiet - idle_for))

    def _explain_missing(
        self, chat_id: int, count: int, messages: list[SentMessage], timeout: float
    ) -> str:
        lines = [
            f"expected at least {count} bot message(s) in chat {chat_id} within {timeout}s, "
            f"found {len(messages)}: {[message.plain_text[:80] for message in messages]}"
        ]
        if chat_id not in self._chats:
            lines.append(f"chat {chat_id} is unknown to the fake: nobody has written from it")
        if self._updates:
            lines.append(
                f"{len(self._updates)} update(s) were never fetched by getUpdates "
                "(is the bot polling this fake?)"
            )
        failed = [request for request in self.requests if request.status not in (None, 200)]
        for request in failed[-5:]:
            lines.append(f"failed call {request.method}: {request.status} {request.description}")
        return "; ".join(lines)

    def _explain_busy(self, timeout: float) -> str:
        parts = [f"the bot did not go quiet within {timeout}s"]
        if self._updates:
            parts.append(
                f"{len(self._updates)} update(s) not yet confirmed by getUpdates "
                "(is the bot polling this fake?)"
            )
        if self._in_flight:
            parts.append(f"{self._in_flight} API call(s) still being answered")
        recent = [r.method for r in self.requests if r.method.lower() != "getupdates"][-5:]
        if recent:
            parts.append(f"latest calls: {recent}")
        return "; ".join(parts)

    # -- fault injection ---------------------------------------------------------------------

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
            _Failure(
                method.lower(), error_code, description, parameters or None, chat_id, times, delay
            )
        )

    def _take_failure(self, method: str, params: _Params) -> _Failure | None:
        for failure in self._failures:
            if failure.method != method.lower():
                continue
            if failure.chat_id is not None and params.get("chat_id") != failure.chat_id:
                continue
            failure.times -= 1
            if failure.times == 0:
                self._failures.remove(failure)
            migrate_to = (failure.parameters or {}).get("migrate_to_chat_id")
            if isinstance(migrate_to, int) and migrate_to not in self._chats:
                old = self._chats.get(params.get("chat_id", 0))
                title = old.title if old is not None and old.title else "Migrated group"
                self._chats[migrate_to] = FakeChat.supergroup(migrate_to, title)
            return failure
        return None

    # -- Telegram's limits -----------------------------------------------------------------------

    def enforce_limits(
        self,
        *,
        overall_per_second: int = 30,
        per_private_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
    ) -> None:
        """Refuse messages over Telegram's rate limits with 429, until turned off again.

        Message calls (:func:`is_message_method`) are counted in sliding windows over the times
        the fake checks them: overall, per private chat (id > 0) and per group, supergroup or
        channel (id < 0 or ``@username``). A call that would exceed a window is refused with
        ``retry_after`` = the whole seconds until the window frees (at least 1), does not count,
        and is recorded in :attr:`rate_limited`. A call that passes counts whatever its outcome
        (like Telegram, which counts attempts): a message refused with 400 or 403 afterwards
        uses up its slot. Calling this again starts with empty windows;
        :meth:`stop_enforcing_limits` turns the limits off.
        """
        values = (overall_per_second, per_private_chat_per_second, per_group_per_minute)
        if min(values) < 1:
            raise ValueError("every limit must be at least 1")
        self._limits = _Limits(
            overall_limit=overall_per_second,
            private_limit=per_private_chat_per_second,
            group_limit=per_group_per_minute,
        )
        self._sent_overall.clear()
        self._sent_per_chat.clear()

    def stop_enforcing_limits(self) -> None:
        """Accept messages at any rate again."""
        self._limits = None

    def _check_limits(self, record: RecordedRequest) -> None:
        """Count a message call in its windows, or refuse it with 429 and record it."""
        limits = self._limits
        if limits is None:
            return
        windows = [(self._sent_overall, limits.overall_limit, limits.overall_period)]
        key = self._limit_key(record.params)
        if key is not None:
            private = isinstance(key, int) and key > 0
            limit, period = (
                (limits.private_limit, limits.private_period)
                if private
                else (limits.group_limit, limits.group_period)
            )
            windows.append((self._sent_per_chat.setdefault(key, deque()), limit, period))
        now = asyncio.get_running_loop().time()
        wait = 0.0
        for sent, limit, period in windows:
            while sent and sent[0] <= now - period:
                sent.popleft()
            if len(sent) >= limit:
                wait = max(wait, sent[len(sent) - limit] + period - now)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            self.rate_limited.append(record)
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
        for sent, _, _ in windows:
            sent.append(now)

    def _note_message(self, params: _Params) -> None:
        """Remember when the fake last answered a message call to a private chat."""
        key = self._limit_key(params)
        if isinstance(key, int) and key > 0:
            self._last_private_message = asyncio.get_running_loop().time()

    def _limit_key(self, params: _Params) -> int | str | None:
        """The chat a call writes to: its id, or the lower-cased ``@name`` of an unknown chat."""
        raw = params.get("chat_id")
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw:
            with contextlib.suppress(ApiError):
                return self._chat(params).id
            return raw.lower()
        return None

    # -- a client that hangs ---------------------------------------------------------------------

    def hold_calls_from(self, token: str) -> None:
        """From now on, calls made with ``token`` get no answer and are not carried out: the
        process behind it hangs mid-send, as if the network had gone. When the client gives
        up (or dies) the call is dropped; :meth:`release_held` fails any still waiting."""
        self._held_tokens.add(token)
        self._held_released.clear()

    def release_held(self) -> None:
        self._held_tokens.clear()
        self._held_released.set()

    async def _hold(self, method: str) -> web.Response:
        self.held_calls += 1
        _LOGGER.debug("holding %s", method)
        await self._held_released.wait()
        return web.json_response(
            {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
        )

    # -- HTTP ------------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if token in self._held_tokens:
            return await self._hold(method)
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
        try:
            if not _TOKEN.fullmatch(token):
                raise ApiError(404, NOT_FOUND)
            params, files = await read_request(request)
            record.params = params
            record.files = files
            message = is_message_method(method)
            failure = self._take_failure(method, params)
            if failure is not None:
                if failure.delay > 0:
                    await asyncio.sleep(failure.delay)
                raise ApiError(failure.error_code, failure.description, failure.parameters)
            if message:
                self._check_limits(record)
                if self._limit_key(params) in self._blocked_by:
                    raise ApiError(403, _BLOCKED)
            name = method.lower()
            if name == "getupdates":
                result: Any = await self._get_updates(params)
            else:
                handler = self._handlers.get(name)
                if handler is None:
                    _LOGGER.warning("fakegram does not implement Bot API method %r", method)
                    raise ApiError(404, NOT_FOUND)
                result = handler(params, files)
        except ApiError as exc:
            return exc.error_code, exc.to_json()
        return 200, {"ok": True, "result": result}

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        if _TOKEN.fullmatch(request.match_info["token"]):
            for stored in self._files.values():
                if stored.file_path == path:
                    return web.Response(
                        body=stored.document.data, content_type=stored.document.mime_type
                    )
        return web.json_response(ApiError(404, NOT_FOUND).to_json(), status=404)

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, NOT_FOUND).to_json(), status=404)

    def _begin_call(self) -> None:
        self._in_flight += 1
        self._touch()

    def _end_call(self) -> None:
        self._in_flight -= 1
        self._touch()

    def _touch(self) -> None:
        self._last_activity = asyncio.get_running_loop().time()
        self._activity_signal.notify()

    # -- updates -----------------------------------------------------------------------------

    async def _get_updates(self, params: _Params) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        offset = get_int(params, "offset", 0) or 0
        limit = get_int(params, "limit", 100) or 100
        if not 1 <= limit <= 100:
            limit = 100
        timeout = max(get_int(params, "timeout", 0) or 0, 0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(map(str, allowed)) or DEFAULT_ALLOWED_UPDATES
        self._confirm(offset)

        poll = object()
        self._current_poll = poll
        self._updates_signal.notify()  # an older long poll now ends with 409 Conflict
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                if self._current_poll is not poll:
                    raise ApiError(409, _POLL_CONFLICT)
                self._drop_unwanted_updates()
                batch = self._updates[:limit]
                remaining = deadline - loop.time()
                if batch or self._closing or remaining <= 0:
                    return copy.deepcopy(batch)
                await self._updates_signal.wait(remaining)
        finally:
            if self._current_poll is poll:
                self._current_poll = None

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            kept = [update for update in self._updates if update["update_id"] >= offset]
        elif offset < 0:
            kept = self._updates[offset:]
        else:
            return
        if len(kept) != len(self._updates):
            self._updates = kept
            self._touch()

    def _drop_unwanted_updates(self) -> None:
        kept: list[dict[str, Any]] = []
        for update in self._updates:
            kind = next((key for key in update if key != "update_id"), "")
            if kind in self._allowed_updates:
                kept.append(update)
            else:
                _LOGGER.info("dropping %s update: not in allowed_updates", kind)
                self.dropped_updates.append(update)
        if len(kept) != len(self._updates):
            self._updates = kept
            self._touch()

    # -- method handlers -------------------------------------------------------------------------

    def _true(self, params: _Params, files: _Files) -> bool:
        return True

    def _get_me(self, params: _Params, files: _Files) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _delete_webhook(self, params: _Params, files: _Files) -> bool:
        self.webhook_url = ""
        if get_bool(params, "drop_pending_updates") and self._updates:
            self.dropped_updates.extend(self._updates)
            self._updates = []
            self._touch()
        return True

    def _set_webhook(self, params: _Params, files: _Files) -> bool:
        url = get_str(params, "url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if get_bool(params, "drop_pending_updates") and self._updates:
            self.dropped_updates.extend(self._updates)
            self._updates = []
            self._touch()
        return True

    def _get_webhook_info(self, params: _Params, files: _Files) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _send_message(self, params: _Params, files: _Files) -> dict[str, Any]:
        chat = self._chat(params)
        text = get_str(params, "text")
        if not text:
            raise bad_request("message text is empty")
        formatted, parse_mode = self._format(params, text, "entities", MAX_TEXT_LENGTH)
        markup, buttons = self._reply_markup(params)
        reply_to = self._reply_target(chat, params)
        message = self._store_bot_message(
            chat, text, formatted, parse_mode, markup, buttons, reply_to=reply_to
        )
        return message.to_api()

    def _edit_message_text(self, params: _Params, files: _Files) -> dict[str, Any]:
        message = self._message_to_edit(params)
        if message.document is not None:
            raise bad_request("there is no text in the message to edit")
        text = get_str(params, "text")
        if not text:
            raise bad_request("message text is empty")
        formatted, parse_mode = self._format(params, text, "entities", MAX_TEXT_LENGTH)
        markup, buttons = self._reply_markup(params, inline_only=True)
        self._apply_edit(message, text, formatted, parse_mode, markup, buttons)
        return message.to_api()

    def _edit_message_caption(self, params: _Params, files: _Files) -> dict[str, Any]:
        message = self._message_to_edit(params)
        if message.document is None:
            raise bad_request("there is no caption in the message to edit")
        caption = get_str(params, "caption") or ""
        formatted, parse_mode = self._format(
            params, caption, "caption_entities", MAX_CAPTION_LENGTH, caption=True
        )
        markup, buttons = self._reply_markup(params, inline_only=True)
        self._apply_edit(message, caption, formatted, parse_mode, markup, buttons)
        return message.to_api()

    def _edit_message_reply_markup(self, params: _Params, files: _Files) -> dict[str, Any]:
        message = self._message_to_edit(params)
        markup, buttons = self._reply_markup(params, inline_only=True)
        if markup == message.reply_markup:
            raise bad_request(_NOT_MODIFIED)
        message.reply_markup = markup
        message.buttons = buttons
        self._mark_edited(message)
        return message.to_api()

    def _delete_message(self, params: _Params, files: _Files) -> bool:
        chat = self._chat(params)
        message_id = get_int(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        stored = self._find_bot_message(chat.id, message_id)
        if stored is not None:
            self._messages[chat.id].remove(stored)
            self.deleted_messages.append(stored)
            self._messages_signal.notify()
            return True
        if self._user_messages.pop((chat.id, message_id), None) is not None:
            return True
        raise bad_request("message to delete not found")

    def _answer_callback_query(self, params: _Params, files: _Files) -> bool:
        query_id = get_str(params, "callback_query_id")
        if not query_id or self._callback_queries.get(query_id, True):
            raise bad_request(_QUERY_INVALID)
        text = get_str(params, "text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=query_id,
                text=text,
                show_alert=get_bool(params, "show_alert"),
                url=get_str(params, "url"),
                cache_time=get_int(params, "cache_time", 0) or 0,
            )
        )
        return True

    def _set_my_commands(self, params: _Params, files: _Files) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required and must be an Array')
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        checked: list[dict[str, str]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand: BotCommand must be an Object")
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not _BOT_COMMAND.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("command description must be non-empty")
            checked.append({"command": name, "description": description})
        key = self._commands_key(params)
        if checked:
            self._commands[key] = checked
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: _Params, files: _Files) -> list[dict[str, str]]:
        return [dict(command) for command in self._commands.get(self._commands_key(params), [])]

    def _delete_my_commands(self, params: _Params, files: _Files) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _send_chat_action(self, params: _Params, files: _Files) -> bool:
        chat = self._chat(params)
        action = get_str(params, "action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.append((chat.id, action))
        return True

    def _send_document(self, params: _Params, files: _Files) -> dict[str, Any]:
        chat = self._chat(params)
        document = self._uploaded_document(params, files)
        caption = get_str(params, "caption") or ""
        formatted, parse_mode = self._format(
            params, caption, "caption_entities", MAX_CAPTION_LENGTH, caption=True
        )
        markup, buttons = self._reply_markup(params)
        reply_to = self._reply_target(chat, params)
        message = self._store_bot_message(
            chat,
            caption,
            formatted,
            parse_mode,
            markup,
            buttons,
            document=document,
            reply_to=reply_to,
        )
        return message.to_api()

    def _get_file(self, params: _Params, files: _Files) -> dict[str, Any]:
        stored = self._files.get(get_str(params, "file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.document.file_size > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return {
            "file_id": stored.document.file_id,
            "file_unique_id": stored.document.file_unique_id,
            "file_size": stored.document.file_size,
            "file_path": stored.file_path,
        }

    def _get_chat(self, params: _Params, files: _Files) -> dict[str, Any]:
        chat = self._chat(params)
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # -- helpers ---------------------------------------------------------------------------------

    def _chat(self, params: _Params) -> FakeChat:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat: FakeChat | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            chat = self._chats.get(raw)
        elif isinstance(raw, str) and raw.startswith("@"):
            wanted = raw[1:].lower()
            chat = next(
                (c for c in self._chats.values() if (c.username or "").lower() == wanted), None
            )
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _format(
        self,
        params: _Params,
        text: str,
        entities_field: str,
        max_length: int,
        *,
        caption: bool = False,
    ) -> tuple[FormattedText, str | None]:
        formatted, parse_mode = format_text(
            text, get_str(params, "parse_mode"), params.get(entities_field)
        )
        if caption:
            if len(formatted.text) > max_length:
                raise bad_request("message caption is too long")
        elif not formatted.text.strip():
            raise bad_request("message text is empty")
        elif len(formatted.text) > max_length:
            raise bad_request("message is too long")
        return formatted, parse_mode

    def _reply_markup(
        self, params: _Params, *, inline_only: bool = False
    ) -> tuple[dict[str, Any] | None, list[list[Button]]]:
        raw = params.get("reply_markup")
        if raw is None:
            return None, []
        markup, buttons = parse_reply_markup(raw)
        if inline_only and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        return markup, buttons

    def _reply_target(self, chat: FakeChat, params: _Params) -> dict[str, Any] | None:
        allow = get_bool(params, "allow_sending_without_reply")
        reply_parameters = params.get("reply_parameters")
        message_id: int | None = None
        if isinstance(reply_parameters, dict):
            raw_id = reply_parameters.get("message_id")
            message_id = raw_id if isinstance(raw_id, int) else None
            allow = allow or reply_parameters.get("allow_sending_without_reply") is True
        else:
            message_id = get_int(params, "reply_to_message_id")
        if message_id is None:
            return None
        bot_message = self._find_bot_message(chat.id, message_id)
        if bot_message is not None:
            return bot_message.to_api()
        user_message = self._user_messages.get((chat.id, message_id))
        if user_message is not None:
            return {key: value for key, value in user_message.items() if key != "reply_to_message"}
        if allow:
            return None
        raise bad_request("message to be replied not found")

    def _message_to_edit(self, params: _Params) -> SentMessage:
        if params.get("inline_message_id") is not None:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message_id = get_int(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self._find_bot_message(chat.id, message_id)
        if message is None:
            if (chat.id, message_id) in self._user_messages:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return message

    def _apply_edit(
        self,
        message: SentMessage,
        text: str,
        formatted: FormattedText,
        parse_mode: str | None,
        markup: dict[str, Any] | None,
        buttons: list[list[Button]],
    ) -> None:
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        unchanged = (
            formatted.text == message.plain_text
            and formatted.entities == message.entities
            and markup == message.reply_markup
        )
        if unchanged:
            raise bad_request(_NOT_MODIFIED)
        message.history.append(message.text)
        message.text = text
        message.plain_text = formatted.text
        message.entities = formatted.entities
        message.parse_mode = parse_mode
        message.reply_markup = markup
        message.buttons = buttons
        self._mark_edited(message)

    def _mark_edited(self, message: SentMessage) -> None:
        message.edits += 1
        message.edit_date = int(time.time())
        self._messages_signal.notify()

    def _store_bot_message(
        self,
        chat: FakeChat,
        text: str,
        formatted: FormattedText,
        parse_mode: str | None,
        markup: dict[str, Any] | None,
        buttons: list[list[Button]],
        *,
        document: SentDocument | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> SentMessage:
        message = SentMessage(
            message_id=self._next_message_id(chat.id),
            chat_id=chat.id,
            text=text,
            plain_text=formatted.text,
            parse_mode=parse_mode,
            reply_markup=markup,
            buttons=buttons,
            document=document,
            entities=formatted.entities,
            date=int(time.time()),
            reply_to=reply_to,
            chat=chat.to_api(),
            sender=self.bot_user,
        )
        self._messages.setdefault(chat.id, []).append(message)
        self._messages_signal.notify()
        return message

    def _find_bot_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        for message in self._messages.get(chat_id, []):
            if message.message_id == message_id:
                return message
        return None

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def _uploaded_document(self, params: _Params, files: _Files) -> SentDocument:
        upload = files.get("document")
        reference = get_str(params, "document")
        if upload is None and reference is not None:
            if reference.startswith("attach://"):
                upload = files.get(reference.removeprefix("attach://"))
                if upload is None:
                    raise bad_request("wrong file identifier/HTTP URL specified")
            elif reference in self._files:
                return self._files[reference].document
            elif reference.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            else:
                raise bad_request("wrong file identifier/HTTP URL specified")
        if upload is None:
            raise bad_request("there is no document in the request")
        if not upload.data:
            raise bad_request("file must be non-empty")
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        return self._store_file(upload.filename, upload.data, upload.content_type)

    def _store_file(self, filename: str, data: bytes, mime_type: str) -> SentDocument:
        number = next(self._file_numbers)
        document = SentDocument(
            filename=filename,
            data=data,
            mime_type=mime_type,
            file_id=f"BQACAgFAKE{number:08d}",
            file_unique_id=f"AgAD{number:08d}",
        )
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        self._files[document.file_id] = _StoredFile(document, f"documents/file_{number}.{suffix}")
        return document

    def _commands_key(self, params: _Params) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
            raise bad_request("can't parse BotCommandScope: unsupported scope type")
        language = get_str(params, "language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return _scope_key(scope), language


def _scope_key(scope: dict[str, Any]) -> str:
    return json.dumps(scope, sort_keys=True)
