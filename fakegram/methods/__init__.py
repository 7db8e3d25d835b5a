"""The Bot API methods fakegram answers, grouped by what they are about.

:data:`HANDLERS` maps each method (lower-cased, as Telegram matches names) to its function of
the fake's state and the call's parameters and files; getUpdates, which waits, is
:func:`~fakegram.methods.updates.get_updates`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakegram.methods import chats, commands, documents, messages, updates
from fakegram.methods.updates import get_updates
from fakegram.state import FakeState, Files, Params

Handler = Callable[[FakeState, Params, Files], Any]

HANDLERS: dict[str, Handler] = {
    # the bot and its commands
    "getme": commands.get_me,
    "logout": commands.true,
    "close": commands.true,
    "setmycommands": commands.set_my_commands,
    "getmycommands": commands.get_my_commands,
    "deletemycommands": commands.delete_my_commands,
    # webhooks (getUpdates is get_updates)
    "deletewebhook": updates.delete_webhook,
    "setwebhook": updates.set_webhook,
    "getwebhookinfo": updates.get_webhook_info,
    # messages
    "sendmessage": messages.send_message,
    "editmessagetext": messages.edit_message_text,
    "editmessagecaption": messages.edit_message_caption,
    "editmessagereplymarkup": messages.edit_message_reply_markup,
    "deletemessage": messages.delete_message,
    # files
    "senddocument": documents.send_document,
    "getfile": documents.get_file,
    # chats and button presses
    "answercallbackquery": chats.answer_callback_query,
    "sendchataction": chats.send_chat_action,
    "getchat": chats.get_chat,
}

__all__ = ["HANDLERS", "Handler", "get_updates"]
