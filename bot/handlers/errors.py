"""The error handler: a domain error becomes its polite message; anything else is logged and
apologised for. Nothing reaches a user as a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.html import h
from bot.replies import reply_html
from core.errors import QuorumError

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if isinstance(error, QuorumError):
        message = h(str(error))
    else:
        log.error("handler failed", exc_info=error)
        message = texts.SOMETHING_WRONG
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(
                str(error) if isinstance(error, QuorumError) else texts.SOMETHING_WRONG,
                show_alert=True,
            )
        else:
            await reply_html(update, context.bot, message)
    except TelegramError:
        log.warning("could not tell the user about the failure", exc_info=True)
