"""Callback data for inline buttons: short (<= 64 bytes), resolved server-side.

Meeting buttons carry the meeting's id and its sequence number: when the meeting has moved
since the message was sent, the button can say so instead of acting on old information.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum, unique

from telegram.constants import InlineKeyboardButtonLimit


@unique
class Prefix(StrEnum):
    """Every callback-data prefix (the part before the first ":"), with the button it marks.
    Keyboards build their data, and handlers their patterns, from these alone."""

    AGENDA = "ag"  # [Agenda] on a meeting card or reminder
    CALENDAR = "ic"  # [Add to calendar]
    APOLOGIES = "ap"  # [Send apologies]
    ATTENDING = "at"  # [Attending]
    CHASE = "ch"  # a clerk's [Remind those who have not replied] under /attendance
    MY_ACTIONS = "ma"  # [My actions]
    PAGE = "pg"  # [Previous] / [Next] under a list
    ACTION_DONE = "ad"  # [Done] on an action
    ACTION_UPDATE = "au"  # [Add update] on an action
    ACTION_CANT_DO = "ac"  # [Can't do — tell the clerk] on an action
    DATE_CHOICE = "dc"  # a day a clerk picks when the date they typed needs confirming
    PUBLISH_AGAIN = "pb"  # [Publish again] after "already published"
    BROADCAST_TO = "bb"  # the board a clerk of several picks for a /broadcast
    ARISING_POST = "xa"  # [Post to the group] under /arising
    SETTINGS = "st"  # a choice in the /settings menu
    MEETING_MOVE = "mv"  # confirming /meeting move
    MEETING_PLACE = "mp"  # confirming /meeting place
    MEETING_CANCEL = "mx"  # confirming /meeting cancel
    MEETING_KEEP = "mk"  # [Keep it as it is] under a /meeting confirmation
    PACK = "pk"  # a button under a pack sent in chat: [Import], [Show agenda], [Cancel], ...
    SEND = "sd"  # [Send to N members], [Who], [Cancel] under a /publish or /broadcast preview
    PEOPLE = "pp"  # a choice under /member or /clerk (a close match, a confirmation)
    AGENDA_EDIT = "ae"  # confirming /meeting new or an /item change
    ITEM = "it"  # one item picked from a short list of close matches to a question's words
    QUESTION = "qs"  # a suggested question under small talk or a question not understood
    PERSON = "pn"  # one person picked from a short list of close matches to a question's name
    MEETING_DECISIONS = "dm"  # [Decisions] on the card of a meeting held
    SITE_PUBLISHED = "sp"  # [Publish] / [Not now] under "the agenda is published on the site"
    SOURCE = "so"  # a choice under /source (a committee, [Sync now], [Remove] confirmed)


AGENDA = Prefix.AGENDA
CALENDAR = Prefix.CALENDAR
APOLOGIES = Prefix.APOLOGIES
MY_ACTIONS = Prefix.MY_ACTIONS
PAGE = Prefix.PAGE
ACTION_DONE = Prefix.ACTION_DONE
ACTION_UPDATE = Prefix.ACTION_UPDATE
ACTION_CANT_DO = Prefix.ACTION_CANT_DO
ACTION_KINDS = frozenset({ACTION_DONE, ACTION_UPDATE, ACTION_CANT_DO})
# A date a clerk picks when the one they typed needs confirming: the draft's key and the day.
DATE_CHOICE = Prefix.DATE_CHOICE
# Attendance: [Attending] on a meeting card or reminder; a clerk's [Remind those who have not
# replied] under /attendance.
ATTENDING = Prefix.ATTENDING
CHASE = Prefix.CHASE
# [Decisions] on the card of a meeting held: the decisions minuted for it.
MEETING_DECISIONS = Prefix.MEETING_DECISIONS
MEETING_KINDS = frozenset({AGENDA, CALENDAR, APOLOGIES, ATTENDING, CHASE, MEETING_DECISIONS})
# Lists that page: meetings, actions, decisions, search results, members; "r": a clerk's
# action register (its key: the board's id, or "-" for all the boards they clerk).
LISTS = frozenset({"m", "a", "d", "s", "b", "r"})


def pattern(*prefixes: Prefix) -> str:
    """A CallbackQueryHandler pattern for data that starts with one of ``prefixes``."""
    return rf"^(?:{'|'.join(prefixes)})(?::|$)"


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
    """``data`` if Telegram takes it as callback data (at most 64 bytes) and its prefix is
    registered in :class:`Prefix`; else ValueError."""
    if len(data.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        raise ValueError(f"callback data too long: {data!r}")
    if data.split(":", 1)[0] not in Prefix.__members__.values():
        raise ValueError(f"callback data with an unregistered prefix: {data!r}")
    return data


def meeting_button(kind: str, meeting_id: int, sequence: int) -> str:
    assert kind in MEETING_KINDS
    return checked(f"{kind}:{meeting_id}:{sequence}")


def page_button(listing: str, key: str, page: int) -> str:
    assert listing in LISTS and ":" not in key
    return checked(f"{PAGE}:{listing}:{key}:{page}")


def actions_button() -> str:
    return checked(MY_ACTIONS)


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


# [Publish] / [Not now] under "the agenda is published on the council's site": the meeting.
SITE_PUBLISHED = Prefix.SITE_PUBLISHED
SITE_PUBLISH, SITE_NOT_NOW = "p", "n"


@dataclass(frozen=True, slots=True)
class SitePublishedButton:
    action: str
    meeting_id: int


def site_published_button(action: str, meeting_id: int) -> str:
    assert action in (SITE_PUBLISH, SITE_NOT_NOW)
    return checked(f"{SITE_PUBLISHED}:{action}:{meeting_id}")


def parse_site_published_button(data: str | None) -> SitePublishedButton | None:
    """Callback data of [Publish] / [Not now]; anything else -> None."""
    parts = (data or "").split(":")
    if (
        len(parts) != 3
        or parts[0] != SITE_PUBLISHED
        or parts[1] not in (SITE_PUBLISH, SITE_NOT_NOW)
        or not parts[2].isdigit()
    ):
        return None
    return SitePublishedButton(action=parts[1], meeting_id=int(parts[2]))
