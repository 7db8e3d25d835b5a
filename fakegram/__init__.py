"""fakegram: a local fake of the Telegram Bot API for tests and the offline demo.

Start a :class:`FakeBotApi`, point a real bot at its :attr:`~FakeBotApi.base_url`, then play the
users with :meth:`~FakeBotApi.user_sends` / :meth:`~FakeBotApi.user_presses` and read what the bot
said with :meth:`~FakeBotApi.messages_to`. :meth:`~FakeBotApi.enforce_limits`,
:meth:`~FakeBotApi.user_blocks_bot`, :attr:`~FakeBotApi.latency` and
:meth:`~FakeBotApi.fail_next` make it behave like Telegram under load and when things go wrong.
"""

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
    "EntityParseError",
    "FakeBotApi",
    "FakeChat",
    "FakeUser",
    "FormattedText",
    "RecordedRequest",
    "SentDocument",
    "SentMessage",
    "UploadedFile",
    "parse_html",
    "utf16_len",
]
