"""Building the PTB Application: one place that wires Telegram to the rest of Quorum."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import texts
from bot.deps import BotDeps, attach, deps_of_application
from bot.handlers import register
from core.clock import Clock
from core.settings import Settings
from storage.engine import Database

log = logging.getLogger(__name__)

QuorumApplication = Application[Any, Any, Any, Any, Any, Any]


async def prepare(application: QuorumApplication) -> None:
    """Upgrade the schema and publish the command menu.

    ``run_polling`` calls this as PTB's post_init; code that drives the Application itself
    (the demo, tests) calls it after ``initialize()``.
    """
    deps = deps_of_application(application)
    await deps.db.upgrade()
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in texts.MEMBER_COMMANDS]
    )
    log.info("Quorum is up as @%s", application.bot.username)


def build_application(
    *, settings: Settings, db: Database, clock: Clock, token: str
) -> QuorumApplication:
    """The bot, talking to ``settings.telegram_api_url`` (Telegram's, a local server, a fake)."""
    application = (
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
        .post_init(prepare)
        .build()
    )
    attach(application, BotDeps(settings=settings, db=db, clock=clock))
    register(application)
    return application
