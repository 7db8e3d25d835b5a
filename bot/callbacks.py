"""Callback data for inline buttons: short (<= 64 bytes), resolved server-side."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

AGENDA = "agenda"
_KINDS = frozenset({AGENDA})


@dataclass(frozen=True, slots=True)
class Callback:
    kind: str
    target: int

    def encode(self) -> str:
        data = f"{self.kind}:{self.target}"
        if len(data.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
            raise ValueError(f"callback data too long: {data!r}")
        return data


def parse_callback(data: str | None) -> Callback | None:
    """``agenda:42`` -> Callback; anything else (old or forged buttons) -> None."""
    if not data:
        return None
    kind, _, target = data.partition(":")
    if kind not in _KINDS or not target.isdigit():
        return None
    return Callback(kind=kind, target=int(target))
