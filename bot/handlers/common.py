"""Shared steps of handlers: who is asking, where, and what day it is for them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import texts
from bot.callbacks import PageButton, parse_callback
from bot.deps import deps_of
from bot.replies import reply_html
from bot.templates import Page
from calendars.zones import to_local
from core.errors import QuorumError
from services.people import viewer_for
from services.views import Viewer

# An answer to a question, whether asked by command, button, deep link or in plain words.
Answer = Callable[[Update, ContextTypes.DEFAULT_TYPE, str], Awaitable[None]]


async def require_viewer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Viewer | None:
    """The known person behind this update; strangers get a polite answer and None.

    A button press is answered once, by the error handler: hence the error, not an answer here
    (``bot.handlers.buttons`` checks presses before their handlers run)."""
    user = update.effective_user
    viewer = _remembered(context, user.id) if user else None
    if viewer is None and user is not None:
        viewer = await viewer_for(deps_of(context).db, telegram_user_id=user.id)
    if viewer is None:
        if update.callback_query is not None:
            raise QuorumError(texts.STRANGER_BUTTON)
        await reply_html(update, context.bot, texts.STRANGER)
    return viewer


# The viewer a plain-language question was read for, kept on that update's context so that the
# answer it routes to does not look the asker up again (PTB makes one context per update).
_VIEWER_ATTRIBUTE = "quorum_question_viewer"


def remember_viewer(context: ContextTypes.DEFAULT_TYPE, user_id: int, viewer: Viewer) -> None:
    """Let :func:`require_viewer` reuse ``viewer`` (of Telegram account ``user_id``) for the
    rest of this update."""
    setattr(context, _VIEWER_ATTRIBUTE, (user_id, viewer))


def _remembered(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> Viewer | None:
    kept = getattr(context, _VIEWER_ATTRIBUTE, None)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == user_id:
        viewer = kept[1]
        return viewer if isinstance(viewer, Viewer) else None
    return None


async def require_clerk_viewer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Viewer | None:
    """The clerk behind this update; anyone else is told politely and gets None."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return None
    if not viewer.is_clerk:
        if update.callback_query is not None:
            raise QuorumError(texts.CLERK_ONLY)  # answered once, as in require_viewer
        await reply_html(update, context.bot, texts.CLERK_ONLY)
        return None
    return viewer


def in_private_chat(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def today(context: ContextTypes.DEFAULT_TYPE) -> date:
    """Today in the deployment's zone (boards share one zone unless configured otherwise)."""
    deps = deps_of(context)
    return to_local(deps.clock.now(), ZoneInfo(deps.settings.timezone)).date()


def remember_query(context: ContextTypes.DEFAULT_TYPE, words: str) -> str:
    """Keep a search's words server-side; the page buttons carry only this short key."""
    queries = context.user_data.setdefault("queries", {}) if context.user_data is not None else {}
    key = str(len(queries) % 1000)
    queries[key] = words
    return key


def recall_query(context: ContextTypes.DEFAULT_TYPE, key: str) -> str | None:
    if context.user_data is None:
        return None
    value = context.user_data.get("queries", {}).get(key)
    return value if isinstance(value, str) else None


def command_args(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or [])


async def send_page(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    listing: Page,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """A list page: a new message, or the same message edited when a page button was pressed
    (the press itself is answered by ``bot.handlers.buttons``)."""
    query = update.callback_query
    if (
        query is not None
        and query.message is not None
        and isinstance(parse_callback(query.data), PageButton)
    ):
        await context.bot.edit_message_text(
            listing.text,
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
            reply_markup=keyboard,
        )
        return
    await reply_html(update, context.bot, listing.text, keyboard)


def as_command(
    answer: Answer,
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    """A command handler callback that answers with the command's arguments as its words."""

    async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await answer(update, context, command_args(context))

    return command
