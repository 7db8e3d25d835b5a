"""Watching the bot read questions: the real matcher runs, and a test checks what it made of a
message (nothing is replaced: the answer a member sees comes from the real reading)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.handlers import fallback
from language.intents import Intent


class MatcherSpy:
    """What :func:`language.intents.understand` gave for each message the bot read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: dict[str, Intent | None] = {}
        understand: Callable[..., Intent | None] = vars(fallback)["understand"]

        def reading(text: str, **context: Any) -> Intent | None:
            self.read[text] = found = understand(text, **context)
            return found

        monkeypatch.setattr(fallback, "understand", reading)
