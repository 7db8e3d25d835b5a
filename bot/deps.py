"""What handlers need from the rest of the program, reached through the Application."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext

from core.clock import Clock
from core.settings import Settings
from sources.registry import SourceOpener, SourceOptions, opener
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
    # How /source opens a council's site; None: as the settings say (:func:`settings_opener`),
    # filled in by :func:`attach`. Tests give short timeouts through sources.registry.opener.
    source_opener: SourceOpener | None = None

    @property
    def opener(self) -> SourceOpener:
        """The opener /source uses: the one given, else the settings'."""
        if self.source_opener is not None:
            return self.source_opener
        return settings_opener(self.settings)


def settings_opener(settings: Settings) -> SourceOpener:
    """Sources opened as the settings say: QUORUM_SOURCE_TIMEOUT seconds per request,
    QUORUM_SOURCE_ATTEMPTS tries, private addresses only with QUORUM_SOURCE_ALLOW_PRIVATE (as
    ``runner.syncing.source_opener``, which the bot may not import)."""
    return opener(
        SourceOptions(
            timeout=settings.source_timeout,
            attempts=settings.source_attempts,
            allow_private=settings.source_allow_private,
        )
    )


def attach(application: Application[Any, Any, Any, Any, Any, Any], deps: BotDeps) -> None:
    if deps.source_opener is None:
        deps = replace(deps, source_opener=settings_opener(deps.settings))
    application.bot_data[_KEY] = deps


def deps_of(context: CallbackContext[Any, Any, Any, Any]) -> BotDeps:
    deps = context.bot_data[_KEY]
    assert isinstance(deps, BotDeps)
    return deps


def deps_of_application(application: Application[Any, Any, Any, Any, Any, Any]) -> BotDeps:
    deps = application.bot_data[_KEY]
    assert isinstance(deps, BotDeps)
    return deps
