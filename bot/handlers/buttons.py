"""The opening every button handler shares, and exactly one answer to each press.

Telegram expects one ``answerCallbackQuery`` per press and rejects a second with 400. The
``button`` decorator parses the callback data and refuses, each with its one true answer, a
stale or forged button, a press outside a private chat where the button needs one, and a
person Quorum does not know (or who is not a clerk, where it takes one). It then calls the
handler with a ``Press`` whose ``answer`` sends only the first answer, and answers silently for
a handler that did not. A failure before any answer goes to the error handler, which answers the
press with the error's message; a failure after it is told in the chat instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from telegram import CallbackQuery, Update
from telegram.constants import CallbackQueryLimit
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts
from bot.callbacks import parse_callback
from bot.deps import deps_of
from bot.handlers import errors
from bot.handlers.common import in_private_chat
from services.people import viewer_for
from services.views import Viewer

log = logging.getLogger(__name__)

ButtonT = TypeVar("ButtonT")
# Who may press: anyone; a known person; a known person in a private chat (in a group the
# handler decides whose view the group sees); a clerk.
Who = Literal["anyone", "person", "person-when-private", "clerk"]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE, "Press[ButtonT]"], Awaitable[None]]
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


@dataclass(slots=True)
class Press(Generic[ButtonT]):
    """One press of a button: the query, its parsed button, who pressed it."""

    query: CallbackQuery
    button: ButtonT
    known: Viewer | None = None
    answered: bool = field(default=False, init=False)

    @property
    def viewer(self) -> Viewer:
        """The known person who pressed (for buttons that require one)."""
        assert self.known is not None, "this button does not require a known person"
        return self.known

    async def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer the press (a toast, or an alert to dismiss); later answers are not sent."""
        if self.answered:
            return
        self.answered = True
        limit = CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH
        await self.query.answer(text[:limit] if text else None, show_alert=alert)


async def _refusal(
    update: Update, context: ContextTypes.DEFAULT_TYPE, who: Who, private: bool
) -> tuple[str | None, Viewer | None]:
    """(why the press is refused, or None; the known person who pressed, if looked up)."""
    is_private = in_private_chat(update)
    if private and not is_private:
        return texts.GROUP_PRIVATE_ONLY, None
    if who == "anyone" or (who == "person-when-private" and not is_private):
        return None, None
    user = update.effective_user
    viewer = await viewer_for(deps_of(context).db, telegram_user_id=user.id) if user else None
    if viewer is None:
        return texts.STRANGER_BUTTON, None
    if who == "clerk" and not viewer.is_clerk:
        return texts.CLERK_ONLY, viewer
    return None, viewer


def button(
    kind: type[ButtonT],
    parse: Callable[[str | None], object] = parse_callback,
    *,
    who: Who = "person",
    private: bool = False,
    stale: str = texts.STALE_BUTTON,
) -> Callable[[Handler[ButtonT]], Callback]:
    """A CallbackQueryHandler callback: the shared opening checks, then ``handler``.

    ``parse`` turns the callback data into a ``kind`` (anything else is a stale button, answered
    with ``stale``); ``private`` refuses presses outside a private chat; ``who`` says who may
    press."""

    def decorate(handler: Handler[ButtonT]) -> Callback:
        @functools.wraps(handler)
        async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            query = update.callback_query
            if query is None:
                return
            parsed = parse(query.data)
            if not isinstance(parsed, kind):
                await Press(query, None).answer(stale, alert=True)
                return
            refusal, viewer = await _refusal(update, context, who, private)
            press = Press(query, parsed, viewer)
            if refusal is not None:
                await press.answer(refusal, alert=True)
                return
            try:
                await handler(update, context, press)
            except ApplicationHandlerStop:
                raise
            except Exception as error:
                if not press.answered:
                    raise  # the error handler answers the press with the error's message
                await errors.tell(update, context, error, answer_press=False)
                return
            try:
                await press.answer()
            except TelegramError:
                # Too late to answer (Telegram waits about 15 s): the handler's work is done.
                log.warning("could not answer a button press", exc_info=True)

        return callback

    return decorate
