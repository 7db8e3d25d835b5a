"""Plain data kept by the fake Bot API: users, chats, bot messages and recorded calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHAT_TYPES = frozenset({"private", "group", "supergroup", "channel"})


@dataclass
class FakeUser:
    """A human Telegram account that talks to the bot."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "en-GB"

    def to_api(self) -> dict[str, Any]:
        """Return the Telegram ``User`` JSON for this person."""
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class FakeChat:
    """A chat the bot can write to: private (with one user), group, supergroup or channel.

    Private chats share the user's id; groups conventionally use negative ids and supergroups
    ids below ``-1000000000000``.
    """

    id: int
    type: str = "group"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def __post_init__(self) -> None:
        if self.type not in CHAT_TYPES:
            raise ValueError(f"chat type must be one of {sorted(CHAT_TYPES)}, not {self.type!r}")
        if self.type != "private" and not self.title:
            raise ValueError(f"a {self.type} chat needs a title")

    @classmethod
    def private(cls, user: FakeUser) -> FakeChat:
        """Return the private chat between the bot and ``user``."""
        return cls(
            id=user.id,
            type="private",
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
        )

    @classmethod
    def group(cls, chat_id: int, title: str) -> FakeChat:
        """Return a basic group chat."""
        return cls(id=chat_id, type="group", title=title)

    @classmethod
    def supergroup(cls, chat_id: int, title: str, *, username: str | None = None) -> FakeChat:
        """Return a supergroup chat."""
        return cls(id=chat_id, type="supergroup", title=title, username=username)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> FakeChat:
        """Build a chat from Telegram ``Chat`` JSON."""
        return cls(
            id=int(data["id"]),
            type=str(data.get("type", "private")),
            title=data.get("title"),
            username=data.get("username"),
            first_name=data.get("first_name"),
            last_name=data.get("last_name"),
        )

    def to_api(self) -> dict[str, Any]:
        """Return the Telegram ``Chat`` JSON."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        optional = {
            "title": self.title,
            "username": self.username,
            "first_name": self.first_name,
            "last_name": self.last_name,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        return data


@dataclass
class SentDocument:
    """A file the bot uploaded (or a user sent), with its bytes."""

    filename: str
    data: bytes
    mime_type: str
    file_id: str
    file_unique_id: str

    @property
    def file_size(self) -> int:
        """Size of the file in bytes."""
        return len(self.data)

    def to_api(self) -> dict[str, Any]:
        """Return the Telegram ``Document`` JSON."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime_type,
            "file_size": self.file_size,
        }


Button = tuple[str, str]
"""``(label, callback_data or url)`` of one inline keyboard button."""


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date when the bot edits it.

    ``text`` is the text (or document caption) exactly as the bot sent it, markup included;
    ``plain_text`` is what the user sees. ``history`` keeps earlier values of ``text``.
    """

    message_id: int
    chat_id: int
    text: str
    plain_text: str
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    document: SentDocument | None = None
    edits: int = 0
    entities: list[dict[str, Any]] = field(default_factory=list)
    date: int = 0
    edit_date: int | None = None
    history: list[str] = field(default_factory=list)
    reply_to: dict[str, Any] | None = None
    chat: dict[str, Any] = field(default_factory=dict)
    sender: dict[str, Any] = field(default_factory=dict)

    @property
    def callback_data(self) -> list[str]:
        """Every callback_data on the message's inline keyboard, row by row."""
        keyboard = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            button["callback_data"]
            for row in keyboard
            for button in row
            if isinstance(button, dict) and isinstance(button.get("callback_data"), str)
        ]

    def button_data(self, label: str) -> str:
        """Return the callback_data (or url) of the button labelled ``label``.

        Raises:
            KeyError: no button has that label.
        """
        for row in self.buttons:
            for text, value in row:
                if text == label:
                    return value
        labels = [text for row in self.buttons for text, _ in row]
        raise KeyError(f"no button labelled {label!r} on message {self.message_id}: {labels}")

    def to_api(self) -> dict[str, Any]:
        """Return the Telegram ``Message`` JSON, as the bot API would."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": dict(self.sender),
            "chat": dict(self.chat) or {"id": self.chat_id, "type": "private"},
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.reply_to is not None:
            data["reply_to_message"] = dict(self.reply_to)
        if self.document is not None:
            data["document"] = self.document.to_api()
            if self.plain_text:
                data["caption"] = self.plain_text
                if self.entities:
                    data["caption_entities"] = [dict(e) for e in self.entities]
        else:
            data["text"] = self.plain_text
            if self.entities:
                data["entities"] = [dict(e) for e in self.entities]
        # Telegram only ever reports inline keyboards back in Message.reply_markup.
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data


@dataclass
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One call to the fake API, as the bot made it.

    ``time`` is the event loop's clock (monotonic) when the request arrived. ``status`` and
    ``response`` are filled in once the call has been answered (they stay ``None`` for a long
    poll that is still waiting or was abandoned by the client).
    """

    method: str
    params: dict[str, Any]
    token: str
    time: float
    files: dict[str, UploadedFile] = field(default_factory=dict)
    http_method: str = "POST"
    status: int | None = None
    response: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """Whether the call was answered with ``"ok": true``."""
        return self.status == 200

    @property
    def description(self) -> str | None:
        """The error description, if the call failed."""
        if self.response is None or self.response.get("ok"):
            return None
        description = self.response.get("description")
        return description if isinstance(description, str) else None


@dataclass
class CallbackAnswer:
    """The bot's answerCallbackQuery for a button press."""

    callback_query_id: str
    text: str | None = None
    show_alert: bool = False
    url: str | None = None
    cache_time: int = 0
