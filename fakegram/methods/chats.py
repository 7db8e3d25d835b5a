"""Calls about a chat rather than a message: answering button presses, chat actions, getChat."""

from __future__ import annotations

from typing import Any

from fakegram.errors import bad_request
from fakegram.models import CallbackAnswer
from fakegram.params import get_bool, get_int, get_str
from fakegram.state import FakeState, Files, Params

_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
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


def answer_callback_query(state: FakeState, params: Params, files: Files) -> bool:
    """Answer a button press, once: a second answer is refused, as Telegram refuses it."""
    query_id = get_str(params, "callback_query_id")
    if not query_id or state.callback_queries.get(query_id, True):
        raise bad_request(_QUERY_INVALID)
    text = get_str(params, "text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    state.callback_queries[query_id] = True
    state.callback_answers.append(
        CallbackAnswer(
            callback_query_id=query_id,
            text=text,
            show_alert=get_bool(params, "show_alert"),
            url=get_str(params, "url"),
            cache_time=get_int(params, "cache_time", 0) or 0,
        )
    )
    return True


def send_chat_action(state: FakeState, params: Params, files: Files) -> bool:
    chat = state.chat(params)
    action = get_str(params, "action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    state.chat_actions.append((chat.id, action))
    return True


def get_chat(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    chat = state.chat(params)
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
