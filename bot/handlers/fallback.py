"""What no command matched: plain-language questions, unknown commands, stale buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.deps import deps_of
from bot.handlers.answers import ANSWERS
from bot.handlers.common import require_viewer, today
from bot.html import h
from bot.replies import reply_html
from language.intents import understand
from services import meetings

PRIVATE = filters.ChatType.PRIVATE


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    command = (message.text or "").split()[0] if message and message.text else "that"
    await reply_html(update, context.bot, texts.UNKNOWN_COMMAND.format(command=h(command)))


async def free_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Understand a question in plain words and answer it as its command would."""
    message = update.effective_message
    if message is None or not message.text:
        return
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    deps = deps_of(context)
    upcoming = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
    numbers: list[str] = []
    if upcoming is not None:
        view = await meetings.agenda(
            deps.db, viewer=viewer, meeting_id=upcoming.id, include_exempt=True
        )
        numbers = [item.number for item in view.items] if view else []
    intent = understand(
        message.text,
        today=today(context),
        item_numbers=numbers,
        board_names=[board.board_name for board in viewer.boards],
    )
    answer = ANSWERS.get(intent.command) if intent is not None else None
    if intent is None or answer is None:
        await reply_html(update, context.bot, texts.FREE_TEXT)
        return
    await answer(update, context, intent.args)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


HANDLERS = (
    MessageHandler(PRIVATE & filters.COMMAND, unknown_command),
    MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, free_text),
    CallbackQueryHandler(stale_button),
)
