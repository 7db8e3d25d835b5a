"""Callback data for inline buttons: short (<= 64 bytes), resolved server-side.

Meeting buttons carry the meeting's id and its sequence number: when the meeting has moved
since the message was sent, the button can say so instead of acting on old information.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from telegram.constants import InlineKeyboardButtonLimit

AGENDA = "ag"
CALENDAR = "ic"
APOLOGIES = "ap"
MY_ACTIONS = "ma"
PAGE = "pg"
ACTION_DONE = "ad"
ACTION_UPDATE = "au"
ACTION_CANT_DO = "ac"
ACTION_KINDS = frozenset({ACTION_DONE, ACTION_UPDATE, ACTION_CANT_DO})
# A date a clerk picks when the one they typed needs confirming: the draft's key and the day.
DATE_CHOICE = "dc"
# Attendance: [Attending] on a meeting card or reminder; a clerk's [Remind those who have not
# replied] under /attendance.
ATTENDING = "at"
CHASE = "ch"
MEETING_KINDS = frozenset({AGENDA, CALENDAR, APOLOGIES, ATTENDING, CHASE})
# Lists that page: meetings, actions, decisions, search results, members; "r": a clerk's
# action register (its key: the board's id, or "-" for all the boards they clerk).
LISTS = frozenset({"m", "a", "d", "s", "b", "r"})


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


@dataclass(frozen=True, slots=True)
class DateChoice:
    """[Friday 31 January 2025] under a question about a typed date; the draft is server-side."""

    draft: str
    day: date


Callback = MeetingButton | PageButton | ActionsButton | ActionButton | DateChoice


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


def date_choice(draft: str, day: date) -> str:
    assert draft.isalnum()
    return checked(f"{DATE_CHOICE}:{draft}:{day:%Y%m%d}")


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
    if kind == DATE_CHOICE and len(parts) == 3 and parts[1].isalnum() and parts[2].isdigit():
        try:
            return DateChoice(draft=parts[1], day=datetime.strptime(parts[2], "%Y%m%d").date())
        except ValueError:
            return None
    return None
