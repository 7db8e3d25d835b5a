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

from bot import templates, texts
from bot.deps import deps_of
from bot.handlers import item_answers, lists, meetings, papers, suggestions
from bot.handlers.common import Answer, require_viewer
from bot.handlers.who import answer_person, show_who
from bot.keyboards import meeting_card_keyboard
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
    "papers": papers.show_papers,
    "actions": lists.show_actions,
    "decisions": lists.show_decisions,
    "search": lists.show_search,
    "members": lists.show_members,
    "help": show_help,
    "calendar": meetings.show_calendar,
    # A group's "open in private chat" button for /who arrives as /start who.
    "who": show_who,
    # Apologies are sent with the card's button, so the member sees which meeting first.
    "apologies": meetings.show_next,
}


def by_words(answer: Answer) -> IntentAnswer:
    """An intent answer that uses only the words a command would have had."""

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
        await answer(update, context, intent.args)

    return reply


async def offer_apologies(
    update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent
) -> None:
    """ "I can't make it": the card of the meeting meant, saying that its [Send apologies]
    button sends them (a sentence alone records nothing: the member sees which meeting)."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    meeting = await meetings.meeting_asked(update, context, viewer, intent.args)
    if meeting is None:
        return
    now = deps_of(context).clock.now()
    card = templates.meeting_card(meeting, now) + "\n\n" + texts.APOLOGIES_OFFER
    await reply_html(update, context.bot, card, meeting_card_keyboard(meeting))


INTENT_ANSWERS: dict[str, IntentAnswer] = {
    command: by_words(answer) for command, answer in ANSWERS.items()
}
INTENT_ANSWERS["apologies"] = offer_apologies
# Decisions of a meeting named by time ("what did we decide in june"), or about words.
INTENT_ANSWERS["decisions"] = lists.answer_decisions
# Greetings, thanks, "how are you", goodbye: a short answer and suggested questions.
INTENT_ANSWERS["smalltalk"] = suggestions.answer_small_talk
# An item's aspect (who presents it, its pages...) or close candidates; views of an agenda.
INTENT_ANSWERS["item"] = item_answers.answer_item
INTENT_ANSWERS["agenda"] = item_answers.answer_agenda
# Someone on the member's boards, by name or by role (chair, vice-chair, clerk).
INTENT_ANSWERS["person"] = answer_person
# A meeting's papers ("reports for the next meeting"); an item's come as the "item" intent.
INTENT_ANSWERS["papers"] = papers.answer_papers
