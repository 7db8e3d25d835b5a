"""Building the PTB Application: one place that wires Telegram to the rest of Quorum."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.conversations import SharedConversations, share_conversations
from bot.delivery import TelegramDelivery
from bot.deps import BotDeps, attach, deps_of_application
from bot.handlers import register
from bot.menus import publish_clerk_menu, publish_menus
from bot.metrics import instrument, metrics_of
from bot.pacing import PacingPolicy, TelegramRateLimiter
from bot.transport import telegram_request
from core.clock import Clock
from core.settings import Settings
from notify.dispatcher import Dispatcher
from services import search
from services.roles import clerk_telegram_ids
from storage.engine import Database

log = logging.getLogger(__name__)

QuorumApplication = Application[Any, Any, Any, Any, Any, Any]


async def prepare(
    application: QuorumApplication, *, owner: str | None = None, claim_batch: int | None = None
) -> None:
    """Upgrade the schema, publish the command menus, start the outbox dispatcher (whose
    leases carry ``owner``, the instance's name, and whose claims take ``claim_batch`` rows).

    Whoever drives the Application calls this after ``initialize()``.
    """
    deps = deps_of_application(application)
    await deps.db.upgrade()
    bot = application.bot
    await publish_menus(bot)
    for chat_id in await clerk_telegram_ids(deps.db):
        await publish_clerk_menu(bot, chat_id)
    await search.warm_up(deps.db)
    delivery = TelegramDelivery(bot, deps.db, deps.clock, deps.settings)
    dispatcher = Dispatcher(
        deps.db,
        deps.clock,
        delivery,
        on_progress=delivery.report_progress,
        lease=timedelta(seconds=deps.settings.outbox_lease_seconds),
        owner=owner,
        on_outcome=metrics_of(application).outbox_outcome,
    )
    dispatcher.claim_batch = claim_batch
    deps.outbox.dispatcher = dispatcher
    await dispatcher.start()
    # Everything allocated so far lives as long as the process: keep it out of the cyclic
    # collector, whose full passes otherwise stall a reply for ~100 ms now and then.
    gc.freeze()
    log.info("Quorum is up as @%s", bot.username)


async def finish(application: QuorumApplication) -> None:
    """Stop the dispatcher: in-flight sends finish, unsent claims go back to the outbox.

    Called after updates stop, before the bot's HTTP client closes.
    """
    deps = deps_of_application(application)
    dispatcher = deps.outbox.dispatcher
    if dispatcher is not None:
        deps.outbox.dispatcher = None
        await dispatcher.stop()


def sends_queued(application: QuorumApplication) -> Callable[[], bool]:
    """Whether the bot's pacer still holds messages back (tests, the demo and benches wait for
    it before calling the bot quiet). Without our pacer nothing is held back."""
    limiter = application.bot.rate_limiter
    if isinstance(limiter, TelegramRateLimiter):
        return limiter.busy
    return lambda: False


def build_application(
    *, settings: Settings, db: Database, clock: Clock, token: str
) -> QuorumApplication:
    """The bot, talking to ``settings.telegram_api_url`` (Telegram's, a local server, a fake).

    Whoever drives it calls :func:`prepare` after ``initialize()`` and :func:`finish` before
    ``stop()``: ``quorum run`` (:mod:`runner.process`), the demo, tests.
    """
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .request(telegram_request(settings.telegram_timeout))
        .rate_limiter(TelegramRateLimiter(PacingPolicy(overall_limit=settings.send_rate)))
    )
    # Counts updates, their handling time and every message sent or refused (/metrics).
    application = instrument(builder).build()
    attach(application, BotDeps(settings=settings, db=db, clock=clock))
    if not db.is_sqlite:
        # Several instances: the next update of a conversation may reach another one.
        share_conversations(application, SharedConversations(db, clock, secret=token.encode()))
    register(application)
    return application
