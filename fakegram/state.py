"""What the fake Bot API holds: chats, the bot's messages, users' messages, queued updates,
files, command lists and answered button presses, with the signals that wake its waiters."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from fakegram.errors import ApiError, bad_request
from fakegram.markup import FormattedText
from fakegram.models import (
    Button,
    CallbackAnswer,
    FakeChat,
    SentDocument,
    SentMessage,
    UploadedFile,
)

_LOGGER = logging.getLogger("fakegram")

Params = dict[str, Any]
Files = dict[str, UploadedFile]

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


class Signal:
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
class StoredFile:
    """A file the fake holds, and the path the bot downloads it from."""

    document: SentDocument
    file_path: str


class FakeState:
    """Everything the fake Telegram knows, shared by the API methods and the simulated users."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.deleted_messages: list[SentMessage] = []
        self.dropped_updates: list[dict[str, Any]] = []
        self.webhook_url = ""

        self.chats: dict[int, FakeChat] = {}
        self.messages: dict[int, list[SentMessage]] = {}
        self.user_messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.last_message_id: dict[int, int] = {}
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 1
        self.allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_numbers = itertools.count(1)
        # Callback query id -> whether the bot has answered it.
        self.callback_queries: dict[str, bool] = {}
        self.callback_numbers = itertools.count(1)
        self.blocked_by: set[int] = set()
        self.current_poll: object | None = None
        self.closing = False

        self.updates_signal = Signal()
        self.activity_signal = Signal()
        self.messages_signal = Signal()
        self.last_activity = 0.0

    def touch(self) -> None:
        """Something happened: the bot is not quiet yet."""
        self.last_activity = asyncio.get_running_loop().time()
        self.activity_signal.notify()

    # -- chats -----------------------------------------------------------------------------------

    def chat(self, params: Params) -> FakeChat:
        """The known chat a call's ``chat_id`` (an id or ``@username``) names."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat: FakeChat | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            chat = self.chats.get(raw)
        elif isinstance(raw, str) and raw.startswith("@"):
            wanted = raw[1:].lower()
            chat = next(
                (c for c in self.chats.values() if (c.username or "").lower() == wanted), None
            )
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def chat_key(self, params: Params) -> int | str | None:
        """The chat a call writes to: its id, or the lower-cased ``@name`` of an unknown chat."""
        raw = params.get("chat_id")
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw:
            with contextlib.suppress(ApiError):
                return self.chat(params).id
            return raw.lower()
        return None

    # -- updates ---------------------------------------------------------------------------------

    def add_update(self, update: dict[str, Any]) -> None:
        """Queue a raw update; ``update_id`` is assigned (on ``update`` too) when missing."""
        if not isinstance(update, dict):
            raise TypeError("an update is a dict")
        if "update_id" not in update:
            update["update_id"] = self.next_update_id
        update_id = update["update_id"]
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise TypeError("update_id must be an int")
        self._remember_update_chats(update)
        self.updates.append(copy.deepcopy(update))
        self.updates.sort(key=lambda queued: int(queued["update_id"]))
        self.next_update_id = max(self.next_update_id, update_id + 1)
        self.updates_signal.notify()
        self.activity_signal.notify()

    def _remember_update_chats(self, update: dict[str, Any]) -> None:
        for key in ("message", "edited_message", "channel_post", "business_message"):
            message = update.get(key)
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                chat = FakeChat.from_api(message["chat"])
                self.chats.setdefault(chat.id, chat)
                message_id = message.get("message_id")
                if isinstance(message_id, int):
                    self.user_messages.setdefault((chat.id, message_id), message)
                    last = self.last_message_id.get(chat.id, 0)
                    self.last_message_id[chat.id] = max(last, message_id)
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query.get("id"), str):
            self.callback_queries.setdefault(query["id"], False)

    def confirm(self, offset: int) -> None:
        """Forget the updates a getUpdates ``offset`` confirms (a negative one keeps the last)."""
        if offset > 0:
            kept = [update for update in self.updates if update["update_id"] >= offset]
        elif offset < 0:
            kept = self.updates[offset:]
        else:
            return
        if len(kept) != len(self.updates):
            self.updates = kept
            self.touch()

    def drop_unwanted_updates(self) -> None:
        """Drop queued updates of kinds the bot did not ask for (``allowed_updates``)."""
        kept: list[dict[str, Any]] = []
        for update in self.updates:
            kind = next((key for key in update if key != "update_id"), "")
            if kind in self.allowed_updates:
                kept.append(update)
            else:
                _LOGGER.info("dropping %s update: not in allowed_updates", kind)
                self.dropped_updates.append(update)
        if len(kept) != len(self.updates):
            self.updates = kept
            self.touch()

    def drop_pending_updates(self) -> None:
        """Drop every queued update (``drop_pending_updates`` of the webhook methods)."""
        if self.updates:
            self.dropped_updates.extend(self.updates)
            self.updates = []
            self.touch()

    # -- messages --------------------------------------------------------------------------------

    def next_message_id(self, chat_id: int) -> int:
        """A new message id in ``chat_id`` (users' and the bot's messages share the sequence)."""
        message_id = self.last_message_id.get(chat_id, 0) + 1
        self.last_message_id[chat_id] = message_id
        return message_id

    def store_bot_message(
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
        """Keep a message the bot sent and wake whoever waits for it."""
        message = SentMessage(
            message_id=self.next_message_id(chat.id),
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
        self.messages.setdefault(chat.id, []).append(message)
        self.messages_signal.notify()
        return message

    def find_bot_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        """The bot's message ``message_id`` in ``chat_id``, unless deleted."""
        for message in self.messages.get(chat_id, []):
            if message.message_id == message_id:
                return message
        return None

    def mark_edited(self, message: SentMessage) -> None:
        """Stamp an edit on ``message`` and wake whoever waits for it."""
        message.edits += 1
        message.edit_date = int(time.time())
        self.messages_signal.notify()

    def delete_bot_message(self, message: SentMessage) -> None:
        """Remove the bot's ``message`` from its chat (it stays in ``deleted_messages``)."""
        self.messages[message.chat_id].remove(message)
        self.deleted_messages.append(message)
        self.messages_signal.notify()

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in ``chat_id``, oldest first (live objects: edits show up)."""
        return list(self.messages.get(chat_id, []))

    def message_counts(self) -> dict[int, int]:
        """How many messages the bot sent to each chat, deleted ones included."""
        counts = Counter(
            message.chat_id for messages in self.messages.values() for message in messages
        )
        counts.update(message.chat_id for message in self.deleted_messages)
        return dict(counts)

    # -- files -----------------------------------------------------------------------------------

    def store_file(self, filename: str, data: bytes, mime_type: str) -> SentDocument:
        """Keep a file under a new file id; the bot can fetch it with getFile."""
        number = next(self.file_numbers)
        document = SentDocument(
            filename=filename,
            data=data,
            mime_type=mime_type,
            file_id=f"BQACAgFAKE{number:08d}",
            file_unique_id=f"AgAD{number:08d}",
        )
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        self.files[document.file_id] = StoredFile(document, f"documents/file_{number}.{suffix}")
        return document

    def file_at(self, path: str) -> StoredFile | None:
        """The file served at download ``path``."""
        return next((stored for stored in self.files.values() if stored.file_path == path), None)
