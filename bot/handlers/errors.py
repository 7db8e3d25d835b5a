"""The error handler: a domain error becomes its polite message; anything else is logged and
apologised for. Nothing reaches a user as a traceback.

A button press is answered once: with the error's message when nothing answered it yet (the
error handler), in the chat when the handler had answered it already (``tell`` from
``bot.handlers.buttons``)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import CallbackQueryLimit
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.html import h
from bot.replies import reply_html
from core.errors import QuorumError

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(update, Update):
        await tell(update, context, context.error, answer_press=True)
    elif not isinstance(context.error, QuorumError):
        log.error("handler failed", exc_info=context.error)


async def tell(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    error: BaseException | None,
    *,
    answer_press: bool,
) -> None:
    """Log an unexpected ``error``; tell the user: a domain error's message, else an apology.

    ``answer_press``: a button press not yet answered gets it as its answer (an alert);
    otherwise it goes to the chat."""
    if isinstance(error, QuorumError):
        plain = str(error)
    else:
        log.error("handler failed", exc_info=error)
        plain = texts.SOMETHING_WRONG
    try:
        if answer_press and update.callback_query is not None:
            limit = CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH
            await update.callback_query.answer(plain[:limit], show_alert=True)
        else:
            message = h(plain) if isinstance(error, QuorumError) else texts.SOMETHING_WRONG
            await reply_html(update, context.bot, message)
    except TelegramError:
        log.warning("could not tell the user about the failure", exc_info=True)
