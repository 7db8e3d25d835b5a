"""A press of a suggested question (``qs:<key>``): answered exactly as if the member had asked it.

The question is the one kept in the presser's own ``user_data`` when it was offered
(``bot.handlers.suggestions``): someone else's button, or one forgotten since (a restart,
more than twenty newer suggestions), is stale. Answers are read-only, so a second press
simply answers again.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot import texts
from bot.callbacks import Prefix, pattern
from bot.handlers.answers import INTENT_ANSWERS
from bot.handlers.buttons import Press, button
from bot.handlers.suggestions import QuestionButton, parse_question_button, recall_question


@button(QuestionButton, parse_question_button, private=True)
async def question_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[QuestionButton]
) -> None:
    intent = recall_question(context, press.button.key)
    answer = INTENT_ANSWERS.get(intent.command) if intent is not None else None
    if intent is None or answer is None:
        await press.answer(texts.STALE_BUTTON, alert=True)
        return
    await press.answer()
    await answer(update, context, intent)


HANDLERS = (CallbackQueryHandler(question_pressed, pattern=pattern(Prefix.QUESTION)),)
