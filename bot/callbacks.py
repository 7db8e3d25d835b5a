"""Callback data for inline buttons: short (<= 64 bytes), resolved server-side.

Meeting buttons carry the meeting's id and its sequence number: when the meeting has moved
since the message was sent, the button can say so instead of acting on old information.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

AGENDA = "ag"
CALENDAR = "ic"
APOLOGIES = "ap"
MY_ACTIONS = "ma"
PAGE = "pg"
ACTION_DONE = "ad"
ACTION_UPDATE = "au"
ACTION_KINDS = frozenset({ACTION_DONE, ACTION_UPDATE})
MEETING_KINDS = frozenset({AGENDA, CALENDAR, APOLOGIES})
# Lists that page: meetings, actions, decisions, search results, members.
LISTS = frozenset({"m", "a", "d", "s", "b"})


@dataclass(frozen=True, slots=True)
class MeetingButton:
    kind: str
    meeting_id: int
    sequence: int


@dataclass(frozen=True, slots=True)
class PageButton:
    listing: str
    key: str
    page: int


@dataclass(frozen=True, slots=True)
class ActionsButton:
    pass


@dataclass(frozen=True, slots=True)
class ActionButton:
    """[Done] / [Add update] on one action."""

    kind: str
    action_id: int


Callback = MeetingButton | PageButton | ActionsButton | ActionButton


def checked(data: str) -> str:
    """``data`` if Telegram takes it as callback data (at most 64 bytes); else ValueError."""
    if len(data.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def meeting_button(kind: str, meeting_id: int, sequence: int) -> str:
    assert kind in MEETING_KINDS
    return checked(f"{kind}:{meeting_id}:{sequence}")


def page_button(listing: str, key: str, page: int) -> str:
    assert listing in LISTS and ":" not in key
    return checked(f"{PAGE}:{listing}:{key}:{page}")


def actions_button() -> str:
    return MY_ACTIONS


def action_button(kind: str, action_id: int) -> str:
    assert kind in ACTION_KINDS
    return checked(f"{kind}:{action_id}")


def parse_callback(data: str | None) -> Callback | None:
    """Callback data -> a typed button; anything else (old or forged data) -> None."""
    if not data:
        return None
    parts = data.split(":")
    kind = parts[0]
    if kind in MEETING_KINDS and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return MeetingButton(kind=kind, meeting_id=int(parts[1]), sequence=int(parts[2]))
    if kind == PAGE and len(parts) == 4 and parts[1] in LISTS and parts[3].isdigit():
        return PageButton(listing=parts[1], key=parts[2], page=int(parts[3]))
    if kind == MY_ACTIONS and len(parts) == 1:
        return ActionsButton()
    if kind in ACTION_KINDS and len(parts) == 2 and parts[1].isdigit():
        return ActionButton(kind=kind, action_id=int(parts[1]))
    return None
