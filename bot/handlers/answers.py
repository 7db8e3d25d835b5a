"""Every question Quorum answers, by name: commands, plain-language intents and deep links
all land on the same function, so they answer exactly alike."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import templates
from bot.deps import deps_of
from bot.handlers import lists, meetings
from bot.handlers.common import Answer
from bot.replies import reply_html
from services.people import viewer_for


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
