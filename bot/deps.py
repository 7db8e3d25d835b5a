"""What handlers need from the rest of the program, reached through the Application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext

from core.clock import Clock
from core.settings import Settings
from storage.engine import Database

_KEY = "quorum"


@dataclass(frozen=True, slots=True)
class BotDeps:
    settings: Settings
    db: Database
    clock: Clock


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
