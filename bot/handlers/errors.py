"""The error handler: log it, apologise once, never show a traceback to a user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.replies import reply_html

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("handler failed", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.SOMETHING_WRONG, show_alert=True)
        else:
            await reply_html(update, context.bot, texts.SOMETHING_WRONG)
    except TelegramError:
        log.warning("could not tell the user about the failure", exc_info=True)
