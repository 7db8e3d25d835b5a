"""Sending outbox rows through Telegram: the :class:`notify.outcomes.Deliver` of the bot.

Every send is a background request (``rate_limit_args={"background": True}``): the bot's rate
limiter paces it behind interactive replies. Telegram's answers map to outcomes in one place
(:func:`outcome_of`); the dispatcher records them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.notices import Outgoing, progress, render
from bot.pacing import TelegramRateLimiter, retry_after_seconds
from core.clock import Clock
from core.settings import Settings
from notify.outcomes import Claimed, Delivered, Failed, Outcome, RetryLater, Unreachable
from services.chats import migrate_chat
from storage.engine import Database

log = logging.getLogger(__name__)

# Our rate limiter puts these sends behind interactive replies; other limiters don't know it.
BACKGROUND: dict[str, Any] = {"background": True}
# The clerk's progress message is edited at most this often per broadcast (and once at the end).
PROGRESS_EVERY = 3.0
_NOT_MODIFIED = "message is not modified"


def outcome_of(error: TelegramError) -> Outcome:
    """What a Telegram error means for the row being sent."""
    if isinstance(error, RetryAfter):
        return RetryLater(f"Telegram asked us to slow down: {error}", retry_after_seconds(error))
    if isinstance(error, Forbidden):
        # 403: blocked, deactivated, or never pressed Start.
        return Unreachable(str(error))
    if isinstance(error, BadRequest):
        # 400 (chat not found, bad markup): permanent, retrying cannot help.
        return Failed(str(error))
    if isinstance(error, TimedOut):
        # Delivery unknown: sendMessage has no idempotency key, so this is the duplicate window.
        return RetryLater(f"timed out: {error}")
    if isinstance(error, NetworkError):
        return RetryLater(f"network or server error: {error}")
    return RetryLater(f"Telegram error: {error}")


class TelegramDelivery:
    """Renders a claimed row (:func:`bot.notices.render`) and sends it through ``bot``."""

    def __init__(
        self,
        bot: ExtBot[Any],
        db: Database,
        clock: Clock,
        settings: Settings,
        *,
        progress_every: float = PROGRESS_EVERY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.db = db
        self.clock = clock
        self.settings = settings
        self.progress_every = progress_every
        self._monotonic = monotonic
        self._background = BACKGROUND if isinstance(bot.rate_limiter, TelegramRateLimiter) else None
        self._last_edit: dict[int, float] = {}
        self._last_text: dict[int, str] = {}
        self._finished: set[int] = set()

    async def __call__(self, item: Claimed) -> Outcome:
        rendered = await render(self.db, item, now=self.clock.now(), settings=self.settings)
        if not isinstance(rendered, Outgoing):
            return rendered
        try:
            return await self._send(rendered)
        except ChatMigrated as moved:
            # The group became a supergroup: follow it, and try the new id once.
            new_chat_id = int(moved.new_chat_id)
            await migrate_chat(self.db, old_chat_id=rendered.chat_id, new_chat_id=new_chat_id)
            log.info("chat %s moved to %s; sending there", rendered.chat_id, new_chat_id)
            try:
                return await self._send(replace(rendered, chat_id=new_chat_id))
            except ChatMigrated as again:
                return Failed(f"the group moved again, to {again.new_chat_id}")
            except TelegramError as error:
                return outcome_of(error)
        except TelegramError as error:
            return outcome_of(error)

    async def _send(self, outgoing: Outgoing) -> Delivered:
        message: Message
        if outgoing.document is not None:
            filename, data = outgoing.document
            message = await self.bot.send_document(
                outgoing.chat_id,
                document=data,
                filename=filename,
                caption=outgoing.text,
                parse_mode=ParseMode.HTML,
                reply_markup=outgoing.keyboard,
                disable_notification=outgoing.silent,
                rate_limit_args=self._background,
            )
        else:
            message = await self.bot.send_message(
                outgoing.chat_id,
                outgoing.text,
                parse_mode=ParseMode.HTML,
                reply_markup=outgoing.keyboard,
                disable_notification=outgoing.silent,
                rate_limit_args=self._background,
            )
        return Delivered(message.message_id)

    # -- the clerk's progress message ------------------------------------------------------------

    async def report_progress(self, broadcast_ids: set[int]) -> None:
        """Bring the clerks' progress messages up to date (the dispatcher's progress hook).

        Each message is edited at most every ``progress_every`` seconds, and once more with the
        final figures. Never raises: a progress message is a courtesy, the report follows anyway.
        """
        for broadcast_id in sorted(broadcast_ids):
            try:
                await self._report(broadcast_id)
            except Exception:
                log.exception("progress message of broadcast %s not updated", broadcast_id)

    async def _report(self, broadcast_id: int) -> None:
        if broadcast_id in self._finished:
            return
        last = self._last_edit.get(broadcast_id)
        now = self._monotonic()
        current = await progress(self.db, broadcast_id)
        if current is None:
            return
        if not current.finished and last is not None and now - last < self.progress_every:
            return
        if current.text != self._last_text.get(broadcast_id):
            # Not a background send: the clerk is watching this one, and the dispatcher waits.
            try:
                await self.bot.edit_message_text(
                    current.text,
                    chat_id=current.chat_id,
                    message_id=current.message_id,
                    parse_mode=ParseMode.HTML,
                )
            except BadRequest as error:
                if _NOT_MODIFIED not in str(error).lower():
                    # Deleted or too old to edit: stop trying; the report still comes.
                    log.info("progress message of broadcast %s: %s", broadcast_id, error)
                    self._forget(broadcast_id)
                    return
            except TelegramError as error:
                log.info("progress message of broadcast %s not edited: %s", broadcast_id, error)
                return
            self._last_edit[broadcast_id] = self._monotonic()
            self._last_text[broadcast_id] = current.text
        if current.finished:
            self._forget(broadcast_id)

    def _forget(self, broadcast_id: int) -> None:
        self._finished.add(broadcast_id)
        self._last_edit.pop(broadcast_id, None)
        self._last_text.pop(broadcast_id, None)
