"""HTML parse mode: the one escaping helper, and splitting long messages safely."""

from __future__ import annotations

import html
import re

from telegram.constants import MessageLimit

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
_TAG = re.compile(r"<[^<>]*>")


def h(value: object) -> str:
    """Escape any value for Telegram's HTML parse mode. Every interpolation goes through here."""
    return html.escape(str(value), quote=True)


def visible_text(markup: str) -> str:
    """What Telegram counts: the text after tags are removed and entities decoded."""
    return html.unescape(_TAG.sub("", markup))


def visible_length(markup: str) -> int:
    """Length in UTF-16 code units, as Telegram measures text (never less than characters)."""
    return len(visible_text(markup).encode("utf-16-le")) // 2


def split_message(markup: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line boundaries so each part fits ``limit`` visible characters.

    Templates keep every tag on one line, so a line is the unit that can move between parts.
    A single line longer than the limit loses its markup and is cut at spaces.
    """
    parts: list[str] = []
    current: list[str] = []
    current_length = 0
    for line in markup.split("\n"):
        length = visible_length(line)
        if length > limit:
            if current:
                parts.append("\n".join(current))
                current, current_length = [], 0
            parts.extend(h(piece) for piece in _cut_plain(visible_text(line), limit))
            continue
        added = length + (1 if current else 0)
        if current and current_length + added > limit:
            parts.append("\n".join(current))
            current, current_length = [line], length
        else:
            current.append(line)
            current_length += added
    if current:
        parts.append("\n".join(current))
    return [part for part in parts if visible_text(part).strip()]


def _cut_plain(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while visible_length(h(text)) > limit:
        window = text[:limit]
        while len(window.encode("utf-16-le")) // 2 > limit:
            window = window[:-1]
        cut = window.rfind(" ")
        cut = cut if cut > limit // 2 else len(window)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces
