"""What nothing else answered: unknown commands, free text, stale buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.html import h
from bot.replies import reply_html

PRIVATE = filters.ChatType.PRIVATE


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    command = (message.text or "").split()[0] if message and message.text else "that"
    await reply_html(update, context.bot, texts.UNKNOWN_COMMAND.format(command=h(command)))


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply_html(update, context.bot, texts.FREE_TEXT)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


HANDLERS = (
    MessageHandler(PRIVATE & filters.COMMAND, unknown_command),
    MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, free_text),
    CallbackQueryHandler(stale_button),
)
