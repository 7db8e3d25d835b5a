"""Simulated users: people who send the bot messages and documents, press its buttons, and
block or unblock it. Each action queues the update Telegram would deliver."""

from __future__ import annotations

import asyncio
import copy
import re
import time
from typing import Any

from fakegram.limits import MAX_TEXT_LENGTH
from fakegram.markup import utf16_len
from fakegram.models import FakeChat, FakeUser, SentMessage
from fakegram.state import FakeState

_COMMAND = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")


class SimulatedUsers:
    """What the people talking to the bot do, played against the fake's state."""

    def __init__(self, state: FakeState, bot_id: int) -> None:
        self._state = state
        self._bot_id = bot_id

    async def sends(
        self, user: FakeUser, text: str, *, chat: FakeChat | None = None
    ) -> dict[str, Any]:
        """See :meth:`fakegram.FakeBotApi.user_sends`."""
        if not text.strip():
            raise ValueError("Telegram clients cannot send an empty message")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"a message is at most {MAX_TEXT_LENGTH} characters")
        message = self._message(user, chat)
        message["text"] = text
        command = _COMMAND.match(text)
        if command is not None:
            length = utf16_len(command.group(0))
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self._queue({"message": message})

    async def sends_document(
        self,
        user: FakeUser,
        filename: str,
        data: bytes,
        *,
        mime_type: str,
        caption: str | None,
        chat: FakeChat | None,
    ) -> dict[str, Any]:
        """See :meth:`fakegram.FakeBotApi.user_sends_document`."""
        if not data:
            raise ValueError("Telegram clients cannot send an empty file")
        message = self._message(user, chat)
        document = self._state.store_file(filename, data, mime_type)
        message["document"] = document.to_api()
        if caption:
            message["caption"] = caption
        return await self._queue({"message": message})

    async def presses(
        self, user: FakeUser, message: SentMessage, callback_data: str
    ) -> dict[str, Any]:
        """See :meth:`fakegram.FakeBotApi.user_presses`."""
        stored = self._state.find_bot_message(message.chat_id, message.message_id)
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
        query_id = f"{self._bot_id}{next(self._state.callback_numbers):010d}"
        self._state.callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": stored.to_api(),
            "chat_instance": str(abs(stored.chat_id) * 31 + 7),
            "data": callback_data,
        }
        return await self._queue({"callback_query": query})

    def blocks_bot(self, user: FakeUser) -> None:
        """See :meth:`fakegram.FakeBotApi.user_blocks_bot`."""
        self._state.blocked_by.add(user.id)
        self._queue_my_chat_member(user, "member", "kicked")

    def unblocks_bot(self, user: FakeUser) -> None:
        """See :meth:`fakegram.FakeBotApi.user_unblocks_bot`."""
        self._state.blocked_by.discard(user.id)
        self._queue_my_chat_member(user, "kicked", "member")

    def _queue_my_chat_member(self, user: FakeUser, old: str, new: str) -> None:
        chat = FakeChat.private(user)
        self._state.chats.setdefault(chat.id, chat)

        def member(status: str) -> dict[str, Any]:
            # A ChatMemberBanned needs until_date; 0 means "forever".
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self._state.bot_user, **extra}

        self._state.add_update(
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

    async def _queue(self, update: dict[str, Any]) -> dict[str, Any]:
        self._state.add_update(update)
        await asyncio.sleep(0)  # let a waiting long poll pick it up
        return copy.deepcopy(update)

    def _message(self, user: FakeUser, chat: FakeChat | None) -> dict[str, Any]:
        target = chat or FakeChat.private(user)
        self._state.chats[target.id] = target
        message_id = self._state.next_message_id(target.id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user.to_api(),
            "chat": target.to_api(),
            "date": int(time.time()),
        }
        self._state.user_messages[(target.id, message_id)] = message
        return message
