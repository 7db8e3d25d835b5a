"""fakegram: a local fake of the Telegram Bot API for tests and the offline demo.

Start a :class:`FakeBotApi`, point a real bot at its :attr:`~FakeBotApi.base_url`, then play the
users with :meth:`~FakeBotApi.user_sends` / :meth:`~FakeBotApi.user_presses` and read what the bot
said with :meth:`~FakeBotApi.messages_to`. :meth:`~FakeBotApi.enforce_limits`,
:meth:`~FakeBotApi.user_blocks_bot`, :attr:`~FakeBotApi.latency` and
:meth:`~FakeBotApi.fail_next` make it behave like Telegram under load and when things go wrong.
Its rate limits count time by an injected :class:`Clock`; a :class:`ManualClock` lets a test move
time on instead of sleeping.

The parts: :mod:`fakegram.server` (the HTTP server and :class:`FakeBotApi`), :mod:`~fakegram.state`
(chats, messages, updates, files), :mod:`~fakegram.methods` (the Bot API methods, grouped),
:mod:`~fakegram.limits` (Telegram's sizes and rate limits), :mod:`~fakegram.faults` (injected
failures, hanging clients), :mod:`~fakegram.users` (simulated users) and :mod:`~fakegram.markup`
(HTML and keyboards, checked as Telegram checks them). fakegram imports nothing of Quorum.
"""

from fakegram.clock import Clock, ManualClock
from fakegram.markup import EntityParseError, FormattedText, parse_html, utf16_len
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
from fakegram.server import FakeBotApi

__all__ = [
    "Button",
    "CallbackAnswer",
    "Clock",
    "EntityParseError",
    "FakeBotApi",
    "FakeChat",
    "FakeUser",
    "FormattedText",
    "ManualClock",
    "RecordedRequest",
    "SentDocument",
    "SentMessage",
    "UploadedFile",
    "parse_html",
    "utf16_len",
]
