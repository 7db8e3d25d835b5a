"""A question put to a member whose answer is their next text message in that chat: an action
update, a can't-do reason, the reason for apologies.

The question is kept in the member's ``user_data`` with the chat and the time it was asked
(by the injected clock). A text in another chat, or arriving after the wait, is not its answer:
the question is dropped and the text goes to the other handlers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Generic, NoReturn, Protocol, TypeVar

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.deps import deps_of
from bot.html import h
from bot.replies import reply_html
from core.errors import QuorumError


class Question(Protocol):
    @property
    def chat_id(self) -> int: ...
    @property
    def asked_at_utc(self) -> datetime: ...


Q = TypeVar("Q", bound=Question)


# Every kind of question, by its key: a person's next text answers one question only, so asking
# one forgets any other still waiting (the latest question is the one they are answering).
_KINDS: set[str] = set()


class AwaitedText(Generic[Q]):
    """Where one kind of question (``kind``) waits for its answer, for at most ``wait``."""

    def __init__(self, key: str, kind: type[Q], wait: timedelta) -> None:
        self.key = key
        self.kind = kind
        self.wait = wait
        _KINDS.add(key)

    def ask(self, context: ContextTypes.DEFAULT_TYPE, question: Q) -> None:
        if context.user_data is not None:
            for other in _KINDS - {self.key}:
                context.user_data.pop(other, None)
            context.user_data[self.key] = question

    def pending(self, context: ContextTypes.DEFAULT_TYPE) -> Q | None:
        found = context.user_data.get(self.key) if context.user_data is not None else None
        return found if isinstance(found, self.kind) else None

    def forget(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.user_data is not None:
            context.user_data.pop(self.key, None)

    def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Q, str] | None:
        """The question this message answers, and its text; None when it answers none (nothing
        asked, another chat, or too late: then the question is dropped)."""
        question, message = self.pending(context), update.effective_message
        if question is None or message is None or message.text is None:
            return None
        if message.chat.id != question.chat_id:
            return None
        if deps_of(context).clock.now() - question.asked_at_utc > self.wait:
            self.forget(context)
            return None
        return question, message.text

    async def end(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, error: QuorumError
    ) -> NoReturn:
        """The answer met a domain error that asking again will not mend: the question ends, the
        member reads the error's message, and the update stops here.

        Not left to the error handler: no handler of a later group may take the text for a
        question of its own."""
        self.forget(context)
        await reply_html(update, context.bot, h(error))
        raise ApplicationHandlerStop from None
