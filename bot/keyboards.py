"""Inline keyboards."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import AGENDA, Callback
from services.views import MeetingView


def meeting_card_keyboard(meeting: MeetingView) -> InlineKeyboardMarkup:
    row = [
        InlineKeyboardButton(
            texts.BUTTON_AGENDA, callback_data=Callback(AGENDA, meeting.id).encode()
        )
    ]
    if meeting.remote_link:
        row.append(InlineKeyboardButton(texts.BUTTON_JOIN, url=meeting.remote_link))
    return InlineKeyboardMarkup([row])
