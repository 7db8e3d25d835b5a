"""Sending HTML replies: split at Telegram's limit, keyboard on the last part."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.html import split_message


async def send_html(
    bot: Bot, chat_id: int, markup: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    parts = split_message(markup)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await bot.send_message(
            chat_id, part, parse_mode=ParseMode.HTML, reply_markup=keyboard if last else None
        )


async def reply_html(
    update: Update, bot: Bot, markup: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Answer in the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return
    await send_html(bot, chat.id, markup, keyboard)
