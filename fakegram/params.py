"""Reading Bot API parameters from an HTTP request, the way Telegram does.

Clients send parameters as a query string, ``application/json``,
``application/x-www-form-urlencoded`` or ``multipart/form-data``. In the form encodings every
value is a string: numbers and booleans are spelled out and objects (``reply_markup``,
``entities``, ``commands``...) are JSON-encoded strings. python-telegram-bot always uses a form
encoding, even for ``sendMessage``, so a JSON-only fake would not see a single one of its calls.

Decoding is by parameter name, not by guessing: ``text="123"`` stays a string while
``chat_id="123"`` becomes an integer and ``reply_markup="{...}"`` becomes a dict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from aiohttp import BodyPartReader, web

from fakegram.errors import bad_request
from fakegram.models import UploadedFile

# Parameters whose value is a JSON-serialised object or array.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "media",
        "results",
        "options",
        "menu_button",
        "rights",
        "permissions",
        "explanation_entities",
        "question_entities",
        "text_entities",
        "suggested_post_parameters",
        "prices",
        "input_message_content",
        "message_ids",
        "reaction",
    }
)

# Parameters that are integers (``chat_id`` may also be an ``@username`` string).
INT_FIELDS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "user_id",
        "message_id",
        "message_thread_id",
        "reply_to_message_id",
        "direct_messages_topic_id",
        "offset",
        "limit",
        "timeout",
        "max_connections",
        "cache_time",
        "until_date",
        "duration",
        "width",
        "height",
    }
)

BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "drop_pending_updates",
        "show_alert",
        "is_personal",
        "has_spoiler",
        "show_caption_above_media",
    }
)

# Parameters that are always plain strings, even when they look like JSON.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "action",
        "callback_query_id",
        "inline_message_id",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "secret_token",
        "ip_address",
        "file_id",
        "document",
        "thumbnail",
        "name",
        "title",
        "description",
        "short_description",
    }
)

_INTEGER = re.compile(r"-?\d+")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0", ""})

_JSON_LABELS = {"reply_markup": "reply keyboard markup", "entities": "entities"}


async def read_request(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Return the decoded parameters and uploaded files of a Bot API request.

    Raises:
        ApiError: the body or a JSON-encoded parameter cannot be parsed.
    """
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.body_exists:
        content_type = request.content_type
        if content_type == "application/json":
            raw.update(await _read_json(request))
        elif content_type == "application/x-www-form-urlencoded":
            form = await request.post()
            raw.update({key: value for key, value in form.items() if isinstance(value, str)})
        elif content_type == "multipart/form-data":
            fields, files = await _read_multipart(request)
            raw.update(fields)
    return decode_params(raw), files


async def _read_json(request: web.Request) -> dict[str, Any]:
    body = await request.read()
    if not body.strip():
        return {}
    try:
        data = json.loads(body)
    except ValueError:
        raise bad_request("can't parse JSON encoded request body") from None
    if not isinstance(data, dict):
        raise bad_request("JSON request body must be an object")
    return data


async def _read_multipart(
    request: web.Request,
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        content = bytes(await part.read(decode=True))
        if part.filename is not None:
            files[part.name] = UploadedFile(
                field=part.name,
                filename=part.filename,
                content_type=part.headers.get("Content-Type", "application/octet-stream"),
                data=content,
            )
        else:
            fields[part.name] = content.decode("utf-8", errors="replace")
    return fields, files


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Turn wire values into Python values according to each parameter's type.

    Raises:
        ApiError: a JSON-encoded parameter is not valid JSON.
    """
    return {key: _decode(key, value) for key, value in raw.items()}


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            label = _JSON_LABELS.get(key, key)
            raise bad_request(f"can't parse {label} JSON object") from None
    if key in INT_FIELDS:
        stripped = value.strip()
        return int(stripped) if _INTEGER.fullmatch(stripped) else value
    if key in BOOL_FIELDS:
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        return value
    if key not in STRING_FIELDS and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def get_int(params: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    """Return an integer parameter, ``default`` when absent.

    Raises:
        ApiError: the parameter is present but not an integer.
    """
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f'field "{name}" must be of type Integer')
    return int(value)


def get_str(params: Mapping[str, Any], name: str) -> str | None:
    """Return a string parameter (numbers are spelled out), ``None`` when absent."""
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    raise bad_request(f'field "{name}" must be of type String')


def get_bool(params: Mapping[str, Any], name: str) -> bool:
    """Return a boolean parameter, ``False`` when absent."""
    value = params.get(name)
    return value is True


__all__ = [
    "decode_params",
    "get_bool",
    "get_int",
    "get_str",
    "read_request",
]
