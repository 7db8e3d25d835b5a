"""Sending, editing and deleting messages, checked as Telegram checks them (HTML, lengths,
keyboards, the message replied to)."""

from __future__ import annotations

from typing import Any

from fakegram.errors import bad_request
from fakegram.limits import MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH
from fakegram.markup import FormattedText, format_text, parse_reply_markup
from fakegram.models import Button, FakeChat, SentMessage
from fakegram.params import get_bool, get_int, get_str
from fakegram.state import FakeState, Files, Params

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def send_message(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    chat = state.chat(params)
    text = get_str(params, "text")
    if not text:
        raise bad_request("message text is empty")
    formatted, parse_mode = formatted_text(params, text, "entities", MAX_TEXT_LENGTH)
    markup, buttons = reply_markup(params)
    reply_to = reply_target(state, chat, params)
    message = state.store_bot_message(
        chat, text, formatted, parse_mode, markup, buttons, reply_to=reply_to
    )
    return message.to_api()


def edit_message_text(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    if message.document is not None:
        raise bad_request("there is no text in the message to edit")
    text = get_str(params, "text")
    if not text:
        raise bad_request("message text is empty")
    formatted, parse_mode = formatted_text(params, text, "entities", MAX_TEXT_LENGTH)
    markup, buttons = reply_markup(params, inline_only=True)
    _apply_edit(state, message, text, formatted, parse_mode, markup, buttons)
    return message.to_api()


def edit_message_caption(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    if message.document is None:
        raise bad_request("there is no caption in the message to edit")
    caption = get_str(params, "caption") or ""
    formatted, parse_mode = formatted_text(
        params, caption, "caption_entities", MAX_CAPTION_LENGTH, caption=True
    )
    markup, buttons = reply_markup(params, inline_only=True)
    _apply_edit(state, message, caption, formatted, parse_mode, markup, buttons)
    return message.to_api()


def edit_message_reply_markup(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    markup, buttons = reply_markup(params, inline_only=True)
    if markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    message.reply_markup = markup
    message.buttons = buttons
    state.mark_edited(message)
    return message.to_api()


def delete_message(state: FakeState, params: Params, files: Files) -> bool:
    chat = state.chat(params)
    message_id = get_int(params, "message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    stored = state.find_bot_message(chat.id, message_id)
    if stored is not None:
        state.delete_bot_message(stored)
        return True
    if state.user_messages.pop((chat.id, message_id), None) is not None:
        return True
    raise bad_request("message to delete not found")


# -- checks shared with sendDocument ---------------------------------------------------------------


def formatted_text(
    params: Params,
    text: str,
    entities_field: str,
    max_length: int,
    *,
    caption: bool = False,
) -> tuple[FormattedText, str | None]:
    """``text`` as the user will see it, after its parse mode or entities; refused when empty
    (captions may be) or too long."""
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


def reply_markup(
    params: Params, *, inline_only: bool = False
) -> tuple[dict[str, Any] | None, list[list[Button]]]:
    """The call's keyboard, checked, and its buttons."""
    raw = params.get("reply_markup")
    if raw is None:
        return None, []
    markup, buttons = parse_reply_markup(raw)
    if inline_only and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return markup, buttons


def reply_target(state: FakeState, chat: FakeChat, params: Params) -> dict[str, Any] | None:
    """The message a call replies to, as the reply shows it (None: not a reply)."""
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
    bot_message = state.find_bot_message(chat.id, message_id)
    if bot_message is not None:
        return bot_message.to_api()
    user_message = state.user_messages.get((chat.id, message_id))
    if user_message is not None:
        return {key: value for key, value in user_message.items() if key != "reply_to_message"}
    if allow:
        return None
    raise bad_request("message to be replied not found")


# -- editing -------------------------------------------------------------------------------------


def _message_to_edit(state: FakeState, params: Params) -> SentMessage:
    if params.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = state.chat(params)
    message_id = get_int(params, "message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = state.find_bot_message(chat.id, message_id)
    if message is None:
        if (chat.id, message_id) in state.user_messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return message


def _apply_edit(
    state: FakeState,
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
        raise bad_request(NOT_MODIFIED)
    message.history.append(message.text)
    message.text = text
    message.plain_text = formatted.text
    message.entities = formatted.entities
    message.parse_mode = parse_mode
    message.reply_markup = markup
    message.buttons = buttons
    state.mark_edited(message)
