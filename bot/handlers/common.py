"""Shared steps of handlers: who is asking."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.deps import deps_of
from bot.replies import reply_html
from services.people import viewer_for
from services.views import Viewer


async def require_viewer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Viewer | None:
    """The known person behind this update; strangers get a polite answer and None."""
    user = update.effective_user
    viewer = await viewer_for(deps_of(context).db, telegram_user_id=user.id) if user else None
    if viewer is None:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)
        else:
            await reply_html(update, context.bot, texts.STRANGER)
    return viewer
