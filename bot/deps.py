"""What handlers need from the rest of the program, reached through the Application."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext

from core.clock import Clock
from core.settings import Settings
from sources.registry import SourceOpener, open_source
from storage.engine import Database

if TYPE_CHECKING:
    from notify.dispatcher import Dispatcher

_KEY = "quorum"


class OutboxBell:
    """Wakes the dispatcher after a handler queued outbox rows (no-op until it runs)."""

    def __init__(self) -> None:
        self.dispatcher: Dispatcher | None = None

    def poke(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.poke()


@dataclass(frozen=True, slots=True)
class BotDeps:
    settings: Settings
    db: Database
    clock: Clock
    outbox: OutboxBell = field(default_factory=OutboxBell)
    # How /source opens a council's site (tests: short timeouts through sources.registry.opener).
    source_opener: SourceOpener = open_source


def attach(application: Application[Any, Any, Any, Any, Any, Any], deps: BotDeps) -> None:
    application.bot_data[_KEY] = deps


def deps_of(context: CallbackContext[Any, Any, Any, Any]) -> BotDeps:
    deps = context.bot_data[_KEY]
    assert isinstance(deps, BotDeps)
    return deps


def deps_of_application(application: Application[Any, Any, Any, Any, Any, Any]) -> BotDeps:
    deps = application.bot_data[_KEY]
    assert isinstance(deps, BotDeps)
    return deps
