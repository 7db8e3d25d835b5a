"""/start and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.deps import deps_of
from bot.replies import reply_html
from services.people import viewer_for

PRIVATE = filters.ChatType.PRIVATE


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if user is None:
        return
    viewer = await viewer_for(deps_of(context).db, telegram_user_id=user.id)
    await reply_html(update, context.bot, templates.greeting(viewer) if viewer else texts.STRANGER)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    viewer = await viewer_for(deps_of(context).db, telegram_user_id=user.id) if user else None
    await reply_html(update, context.bot, texts.HELP if viewer else texts.HELP_STRANGER)


HANDLERS = (
    CommandHandler("start", start, filters=PRIVATE),
    CommandHandler("help", help_command, filters=PRIVATE),
)
