"""Inline keyboards."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import (
    ACTION_CANT_DO,
    ACTION_DONE,
    ACTION_UPDATE,
    AGENDA,
    APOLOGIES,
    ATTENDING,
    CALENDAR,
    CHASE,
    MEETING_DECISIONS,
    action_button,
    actions_button,
    meeting_button,
    page_button,
)
from bot.templates import Page
from services.actions.records import action_handle
from services.views import MeetingView


def deep_link(bot_username: str, payload: str) -> str:
    """A link that opens the private chat with the bot and sends /start ``payload``."""
    return f"https://t.me/{bot_username}?start={payload}"


def meeting_card_keyboard(meeting: MeetingView) -> InlineKeyboardMarkup:
    """Private chat: every next step for this meeting."""

    def button(label: str, kind: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=meeting_button(kind, meeting.id, meeting.sequence)
        )

    rows = [
        [button(texts.BUTTON_AGENDA, AGENDA), button(texts.BUTTON_CALENDAR, CALENDAR)],
        [button(texts.BUTTON_ATTENDING, ATTENDING), button(texts.BUTTON_APOLOGIES, APOLOGIES)],
        [InlineKeyboardButton(texts.BUTTON_MY_ACTIONS, callback_data=actions_button())],
    ]
    if meeting.remote_link:
        rows.append([InlineKeyboardButton(texts.BUTTON_JOIN, url=meeting.remote_link)])
    return InlineKeyboardMarkup(rows)


def agenda_keyboard(meeting: MeetingView) -> InlineKeyboardMarkup:
    """[Agenda] alone, as on the meeting card: under an answer about part of the agenda."""
    data = meeting_button(AGENDA, meeting.id, meeting.sequence)
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BUTTON_AGENDA, callback_data=data)]])


def held_meeting_keyboard(meeting: MeetingView, decisions: int) -> InlineKeyboardMarkup:
    """Private chat, the card of a meeting held: its [Agenda], and its [Decisions (N)] when
    the minutes recorded some."""
    row = [
        InlineKeyboardButton(
            texts.BUTTON_AGENDA,
            callback_data=meeting_button(AGENDA, meeting.id, meeting.sequence),
        )
    ]
    if decisions:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_MEETING_DECISIONS.format(count=decisions),
                callback_data=meeting_button(MEETING_DECISIONS, meeting.id, meeting.sequence),
            )
        )
    return InlineKeyboardMarkup([row])


def decisions_keyboard(meeting: MeetingView, decisions: int) -> InlineKeyboardMarkup:
    """[Decisions (N)] of a meeting held, alone (under its agenda when none is on record)."""
    data = meeting_button(MEETING_DECISIONS, meeting.id, meeting.sequence)
    label = texts.BUTTON_MEETING_DECISIONS.format(count=decisions)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])


def attendance_keyboard(meeting: MeetingView) -> InlineKeyboardMarkup:
    """Under a clerk's /attendance: remind the voting members who have not replied."""
    data = meeting_button(CHASE, meeting.id, meeting.sequence)
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BUTTON_CHASE, callback_data=data)]])


def group_card_keyboard(
    meeting: MeetingView, bot_username: str, *, is_next: bool = True
) -> InlineKeyboardMarkup:
    """Group chat: the public agenda here; anything personal opens the private chat, at the
    next meeting's card (``is_next``: the private chat's /next is this meeting; for another
    meeting the link would open a different one, so there is none)."""
    row = [
        InlineKeyboardButton(
            texts.BUTTON_AGENDA,
            callback_data=meeting_button(AGENDA, meeting.id, meeting.sequence),
        )
    ]
    if is_next:
        row.append(
            InlineKeyboardButton(texts.BUTTON_OPEN_PRIVATE, url=deep_link(bot_username, "next"))
        )
    rows = [row]
    if meeting.remote_link:
        rows.append([InlineKeyboardButton(texts.BUTTON_JOIN, url=meeting.remote_link)])
    return InlineKeyboardMarkup(rows)


def private_only_keyboard(bot_username: str, payload: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.BUTTON_OPEN_PRIVATE, url=deep_link(bot_username, payload))]]
    )


def pager(listing: str, key: str, page: Page) -> InlineKeyboardMarkup | None:
    row = []
    if page.has_previous:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_PREVIOUS, callback_data=page_button(listing, key, page.number - 1)
            )
        )
    if page.has_next:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_NEXT, callback_data=page_button(listing, key, page.number + 1)
            )
        )
    return InlineKeyboardMarkup([row]) if row else None


def action_list_keyboard(
    action_ids: list[int], pages: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """An owner's list of actions: one row of [Done #id] [Update #id] [Can't do #id] per open
    action on the page, then the page buttons."""
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                texts.BUTTON_LIST_DONE.format(handle=action_handle(action_id)),
                callback_data=action_button(ACTION_DONE, action_id),
            ),
            InlineKeyboardButton(
                texts.BUTTON_LIST_UPDATE.format(handle=action_handle(action_id)),
                callback_data=action_button(ACTION_UPDATE, action_id),
            ),
            InlineKeyboardButton(
                texts.BUTTON_LIST_CANT_DO.format(handle=action_handle(action_id)),
                callback_data=action_button(ACTION_CANT_DO, action_id),
            ),
        ]
        for action_id in action_ids
    ]
    if pages is not None:
        rows += [list(row) for row in pages.inline_keyboard]
    return InlineKeyboardMarkup(rows) if rows else None
