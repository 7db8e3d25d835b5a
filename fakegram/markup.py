"""Telegram's formatting rules: the HTML parse mode and inline keyboards.

The HTML parser follows Telegram's documented subset (https://core.telegram.org/bots/api#html-style)
and reports errors in Telegram's words, so that a bot's formatting bugs fail in tests the way they
would fail in production. It is deliberately strict about ``&``: a bare ampersand is rejected
rather than shown literally, because it nearly always means a forgotten ``html.escape``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, NoReturn

from fakegram.errors import bad_request
from fakegram.models import Button

MAX_CALLBACK_DATA_BYTES = 64

# Tag -> entity type. ``a``, ``span``, ``pre``, ``code``, ``blockquote`` and ``tg-emoji`` get
# special handling below; the entity type here is their default.
_TAG_ENTITIES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "tg-emoji": "custom_emoji",
}

# Telegram decodes only these named entities (plus numeric ones).
_NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")


class EntityParseError(ValueError):
    """Text that Telegram would refuse with ``Bad Request: can't parse entities: ...``."""


@dataclass
class FormattedText:
    """Text as the user sees it, with its entities (offsets in UTF-16 code units)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    tag: str
    entity_type: str | None
    offset: int
    extra: dict[str, Any] = field(default_factory=dict)


class _TelegramHtmlParser(HTMLParser):
    """Collects plain text and entities; raises EntityParseError on anything Telegram refuses."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0] + [i + 1 for i, char in enumerate(source) if char == "\n"]
        self._chunks: list[str] = []
        self._offset = 0
        self._stack: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    # -- positions -------------------------------------------------------------------------

    def _position(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _byte_offset(self, position: int | None = None) -> int:
        if position is None:
            position = self._position()
        return len(self._source[:position].encode("utf-8"))

    def _at(self, position: int | None = None) -> str:
        return f"at byte offset {self._byte_offset(position)}"

    def _fail(self, message: str) -> NoReturn:
        raise EntityParseError(message)

    def _append(self, text: str) -> None:
        self._chunks.append(text)
        self._offset += utf16_len(text)

    # -- HTMLParser callbacks --------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an allowed tag; refuse every other one."""
        if tag not in _TAG_ENTITIES:
            self._fail(f'Unsupported start tag "{tag}" {self._at()}')
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        entity_type: str | None = _TAG_ENTITIES[tag]
        extra: dict[str, Any] = {}
        if tag == "a":
            href = attributes.get("href", "")
            if href:
                extra["url"] = href
            else:
                entity_type = None
        elif tag == "span" and attributes.get("class") != "tg-spoiler":
            self._fail(f'Tag "span" must have class "tg-spoiler" {self._at()}')
        elif tag == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit():
                self._fail(f'Tag "tg-emoji" must have a numeric "emoji-id" {self._at()}')
            extra["custom_emoji_id"] = emoji_id
        elif tag == "blockquote" and "expandable" in attributes:
            entity_type = "expandable_blockquote"
        elif tag == "code" and self._stack and self._stack[-1].tag == "pre":
            language = attributes.get("class", "")
            if language.startswith("language-") and len(language) > len("language-"):
                extra["language"] = language.removeprefix("language-")
        self._stack.append(_OpenTag(tag, entity_type, self._offset, extra))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing tag such as ``<br/>``: refused unless it is an allowed tag."""
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open tag, which must be ``tag``."""
        if not self._stack:
            self._fail(f"Unexpected end tag {self._at()}")
        top = self._stack[-1]
        if top.tag != tag:
            self._fail(f'Unmatched end tag {self._at()}, expected "</{top.tag}>", found "</{tag}>"')
        self._stack.pop()
        length = self._offset - top.offset
        parent = self._stack[-1] if self._stack else None
        if top.tag == "code" and parent is not None and parent.tag == "pre":
            # <pre><code class="language-x">: one pre entity with a language.
            if "language" in top.extra:
                parent.extra["language"] = top.extra["language"]
            return
        if top.entity_type is not None and length > 0:
            self._entities.append(
                {"type": top.entity_type, "offset": top.offset, "length": length, **top.extra}
            )

    def handle_data(self, data: str) -> None:
        """Plain text: must not contain a bare ``<`` or ``&``."""
        start = self._position()
        for index, char in enumerate(data):
            if char == "<":
                if ">" not in self._source[start + index :]:
                    self._fail(f"Unclosed start tag {self._at(start + index)}")
                self._fail(f'Unsupported start tag "" {self._at(start + index)}')
            if char == "&":
                self._fail(f'Unescaped "&" {self._at(start + index)}: write it as "&amp;"')
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        """``&name;``: only ``&lt; &gt; &amp; &quot;`` are understood."""
        position = self._position()
        terminated = self._source[position + 1 + len(name) : position + 2 + len(name)] == ";"
        if not terminated or name not in _NAMED_ENTITIES:
            self._fail(f'Unsupported HTML entity "&{name}" {self._at(position)}')
        self._append(_NAMED_ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        """``&#NN;`` or ``&#xHH;``."""
        position = self._position()
        terminated = self._source[position + 2 + len(name) : position + 3 + len(name)] == ";"
        try:
            code = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
        except ValueError:
            code = -1
        if not terminated or not (0 < code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
            self._fail(f'Invalid character reference "&#{name}" {self._at(position)}')
        self._append(chr(code))

    def handle_comment(self, data: str) -> None:
        """Comments are not part of Telegram's HTML."""
        self._fail(f"Unsupported start tag {self._at()}")

    def handle_decl(self, decl: str) -> None:
        """Declarations are not part of Telegram's HTML."""
        self._fail(f"Unsupported start tag {self._at()}")

    def unknown_decl(self, data: str) -> None:
        """CDATA and friends are not part of Telegram's HTML."""
        self._fail(f"Unsupported start tag {self._at()}")

    def handle_pi(self, data: str) -> None:
        """Processing instructions are not part of Telegram's HTML."""
        self._fail(f"Unsupported start tag {self._at()}")

    def result(self) -> FormattedText:
        """Return the parsed text; fails if a tag was left open."""
        if self._stack:
            self._fail(f'Can\'t find end tag corresponding to start tag "{self._stack[-1].tag}"')
        entities = sorted(self._entities, key=lambda e: (e["offset"], -e["length"]))
        return FormattedText("".join(self._chunks), entities)


def parse_html(source: str) -> FormattedText:
    """Parse text sent with ``parse_mode=HTML`` as Telegram does.

    Raises:
        EntityParseError: the text is not valid Telegram HTML; the message is the part of the
            description after ``can't parse entities:``.
    """
    parser = _TelegramHtmlParser(source)
    parser.feed(source)
    parser.close()
    return parser.result()


def format_text(
    text: str, parse_mode: str | None, entities: object = None
) -> tuple[FormattedText, str | None]:
    """Apply ``parse_mode`` (or explicit ``entities``) to ``text``.

    Returns the formatted text and the parse mode spelled as Telegram documents it.

    Raises:
        ApiError: unsupported parse mode, or text Telegram could not parse.
    """
    mode = (parse_mode or "").strip()
    if not mode:
        if entities is None:
            return FormattedText(text), None
        return FormattedText(text, _check_entities(entities, text)), None
    lowered = mode.lower()
    if lowered == "html":
        try:
            return parse_html(text), "HTML"
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    if lowered in ("markdown", "markdownv2"):
        # Accepted but not interpreted: the fake only models HTML formatting.
        return FormattedText(text), "MarkdownV2" if lowered == "markdownv2" else "Markdown"
    raise bad_request("unsupported parse_mode")


def _check_entities(entities: object, text: str) -> list[dict[str, Any]]:
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise bad_request("can't parse entities JSON object")
    size = utf16_len(text)
    checked: list[dict[str, Any]] = []
    for entity in entities:
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(entity.get("type"), str):
            raise bad_request("can't parse entities: entity type is not specified")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise bad_request("can't parse entities: entity offset and length must be integers")
        if offset < 0 or length <= 0 or offset + length > size:
            raise bad_request(f"can't parse entities: entity {entity} is outside the text")
        checked.append(dict(entity))
    return checked


def parse_reply_markup(markup: object) -> tuple[dict[str, Any], list[list[Button]]]:
    """Validate a ``reply_markup`` object; return it with its inline buttons as rows.

    Buttons are ``(label, callback_data or url or "")``; non-inline keyboards have no buttons.

    Raises:
        ApiError: the markup is malformed in a way Telegram refuses.
    """
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        known = ("keyboard", "remove_keyboard", "force_reply")
        if not any(key in markup for key in known):
            raise bad_request("can't parse reply keyboard markup JSON object")
        return markup, []
    keyboard = markup["inline_keyboard"]
    if not isinstance(keyboard, list):
        raise bad_request('can\'t parse inline keyboard: field "inline_keyboard" must be an Array')
    rows: list[list[Button]] = []
    for row in keyboard:
        if not isinstance(row, list):
            raise bad_request("can't parse inline keyboard: keyboard row must be an Array")
        rows.append([_parse_button(button) for button in row])
    return markup, rows


def _parse_button(button: object) -> Button:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    label = button.get("text")
    if not isinstance(label, str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
        return label, data
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not any(
            url.startswith(scheme) and len(url) > len(scheme) for scheme in _URL_SCHEMES
        ):
            raise bad_request("BUTTON_URL_INVALID")
        return label, url
    value = button[actions[0]]
    return label, value if isinstance(value, str) else ""
