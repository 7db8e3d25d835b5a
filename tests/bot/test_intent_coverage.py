"""Every command the question table can give has an answer in the bot (and no answer is lost)."""

from __future__ import annotations

from typing import get_args

from bot.handlers.answers import INTENT_ANSWERS
from language.intents import Command
from language.questions import QUESTIONS


def test_every_question_row_and_command_has_an_answer() -> None:
    assert {row.command for row in QUESTIONS} <= set(INTENT_ANSWERS)
    assert set(get_args(Command)) <= set(INTENT_ANSWERS)
