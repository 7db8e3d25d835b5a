"""Every question Quorum answers, by name: commands, plain-language intents and deep links
all land on the same function, so they answer exactly alike.

``ANSWERS`` takes a command's words (what a command or a deep link carries); ``INTENT_ANSWERS``
takes an understood :class:`~language.intents.Intent`, so an answer can use what the question
narrowed (an item's aspect, a view of the agenda, close candidates). Every command the matcher
can give has an intent answer (checked by a test).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot import templates
from bot.deps import deps_of
from bot.handlers import lists, meetings
from bot.handlers.common import Answer
from bot.replies import reply_html
from language.intents import Intent
from services.people import viewer_for

IntentAnswer = Callable[[Update, ContextTypes.DEFAULT_TYPE, Intent], Awaitable[None]]


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    user = update.effective_user
    viewer = await viewer_for(deps_of(context).db, telegram_user_id=user.id) if user else None
    await reply_html(update, context.bot, templates.help_text(viewer))


ANSWERS: dict[str, Answer] = {
    "next": meetings.show_next,
    "agenda": meetings.show_agenda,
    "meetings": meetings.show_meetings,
    "item": meetings.show_item,
    "actions": lists.show_actions,
    "decisions": lists.show_decisions,
    "search": lists.show_search,
    "members": lists.show_members,
    "help": show_help,
    "calendar": meetings.show_calendar,
    # Apologies are sent with the card's button, so the member sees which meeting first.
    "apologies": meetings.show_next,
}


def by_words(answer: Answer) -> IntentAnswer:
    """An intent answer that uses only the words a command would have had."""

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
        await answer(update, context, intent.args)

    return reply


INTENT_ANSWERS: dict[str, IntentAnswer] = {
    command: by_words(answer) for command, answer in ANSWERS.items()
}
