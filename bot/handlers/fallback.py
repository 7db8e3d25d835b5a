"""What no command matched: plain-language questions, unknown commands, stale buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.deps import deps_of
from bot.handlers.answers import INTENT_ANSWERS
from bot.handlers.common import in_private_chat, remember_viewer, require_viewer, today
from bot.handlers.suggestions import reply_not_understood
from bot.html import h
from bot.replies import reply_html
from language.dates import read_meeting_words
from language.intents import (
    AgendaEntry,
    Intent,
    PersonEntry,
    meeting_words_in,
    suggest,
    understand,
)
from services import questions
from services.views import Viewer

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
    if viewer is None or update.effective_user is None:
        return
    remember_viewer(context, update.effective_user.id, viewer)
    agenda, people = await _context_for(update, context, viewer, message.text)
    on = today(context)
    numbers = [entry.number for entry in agenda]
    boards = [board.board_name for board in viewer.boards]
    intent = understand(
        message.text,
        today=on,
        item_numbers=numbers,
        board_names=boards,
        agenda=agenda,
        people=people,
    )
    answer = INTENT_ANSWERS.get(intent.command) if intent is not None else None
    if intent is None or answer is None:
        closest = suggest(
            message.text,
            today=on,
            item_numbers=numbers,
            board_names=boards,
            agenda=agenda,
            people=people,
        )
        await not_understood(update, context, closest)
        return
    await answer(update, context, intent)


async def _context_for(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, text: str
) -> tuple[list[AgendaEntry], list[PersonEntry]]:
    """What a question may name: the items of the meeting it is about, the people on the
    viewer's boards.

    Exempt items are known only to those who may see them (free text is private-chat only).
    """
    deps = deps_of(context)
    on = today(context)
    # A question about a meeting named by time ("who presented the better care fund in june")
    # is read against that meeting's agenda; any other against the next meeting's.
    words = meeting_words_in(text, today=on)
    known = await questions.question_context(
        deps.db,
        viewer=viewer,
        now=deps.clock.now(),
        private_chat=in_private_chat(update),
        asked=read_meeting_words(words, today=on) if words else None,
    )
    agenda = [
        AgendaEntry(number=item.number, title=item.title, presenter=item.presenter)
        for item in known.items
    ]
    people = [
        PersonEntry(name=person.name, roles=person.roles, titles=person.titles)
        for person in known.people
    ]
    return agenda, people


async def not_understood(
    update: Update, context: ContextTypes.DEFAULT_TYPE, suggestions: tuple[Intent, ...]
) -> None:
    """A question not understood: the closest things Quorum can answer, else /help."""
    answerable = [intent for intent in suggestions if intent.command in INTENT_ANSWERS]
    await reply_not_understood(update, context, answerable)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


HANDLERS = (
    MessageHandler(PRIVATE & filters.COMMAND, unknown_command),
    MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, free_text),
    CallbackQueryHandler(stale_button),
)
