"""Inline keyboards."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import (
    AGENDA,
    APOLOGIES,
    CALENDAR,
    actions_button,
    meeting_button,
    page_button,
)
from bot.templates import Page
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
        [
            button(texts.BUTTON_APOLOGIES, APOLOGIES),
            InlineKeyboardButton(texts.BUTTON_MY_ACTIONS, callback_data=actions_button()),
        ],
    ]
    if meeting.remote_link:
        rows.append([InlineKeyboardButton(texts.BUTTON_JOIN, url=meeting.remote_link)])
    return InlineKeyboardMarkup(rows)


def group_card_keyboard(meeting: MeetingView, bot_username: str) -> InlineKeyboardMarkup:
    """Group chat: the public agenda here; anything personal opens the private chat."""
    rows = [
        [
            InlineKeyboardButton(
                texts.BUTTON_AGENDA,
                callback_data=meeting_button(AGENDA, meeting.id, meeting.sequence),
            ),
            InlineKeyboardButton(texts.BUTTON_OPEN_PRIVATE, url=deep_link(bot_username, "next")),
        ]
    ]
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
