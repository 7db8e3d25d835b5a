"""Update handlers, one module per feature. ``register`` wires them in priority order."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.handlers import errors, fallback, groups, lists, meetings, start


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # One group: the first handler that matches wins, so the fallbacks go last.
    for handler in (
        *start.HANDLERS,
        *meetings.HANDLERS,
        *lists.HANDLERS,
        *groups.HANDLERS,
        *fallback.HANDLERS,
    ):
        application.add_handler(handler)
    application.add_error_handler(errors.on_error)
