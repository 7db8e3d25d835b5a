"""An outbox row as a Telegram message: :func:`render` asks :mod:`services.notices` what the row
says as things stand (rows may be stale: that service checks them again and applies quiet
hours), then writes the message and its buttons.

It never calls Telegram; :mod:`bot.delivery` does the sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import templates, texts
from bot.callbacks import (
    ACTION_CANT_DO,
    ACTION_DONE,
    ACTION_UPDATE,
    AGENDA,
    APOLOGIES,
    ATTENDING,
    SITE_NOT_NOW,
    SITE_PUBLISH,
    site_published_button,
)
from bot.callbacks import action_button as action_callback
from bot.callbacks import meeting_button as meeting_callback
from core.settings import Settings
from notify.outcomes import Claimed, Deferred, Skipped, Unreachable
from services.notices import (
    ActionCantDo,
    ActionEscalation,
    ActionReminder,
    BroadcastReport,
    LateApology,
    MeetingChangeNotice,
    MeetingReminder,
    Notice,
    Publication,
    SitePublished,
    SourceFailed,
    Supplement,
    TextBroadcast,
    UnreachableNotice,
    broadcast_progress,
    due_notice,
)
from services.views import MeetingView
from storage.engine import Database


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message ready to send. With ``document`` (filename, bytes), ``text`` is its caption
    (at most 1024 characters). ``silent`` sends it without a notification sound."""

    chat_id: int
    text: str
    keyboard: InlineKeyboardMarkup | None = None
    document: tuple[str, bytes] | None = None
    silent: bool = False


Rendered = Outgoing | Skipped | Deferred | Unreachable


async def render(db: Database, item: Claimed, *, now: datetime, settings: Settings) -> Rendered:
    """The message for ``item`` as things stand at ``now`` (one read of the database)."""
    due = await due_notice(db, item, now=now, settings=settings)
    if isinstance(due, Skipped | Deferred | Unreachable):
        return due
    text, keyboard, document = _message(due.notice, now)
    return Outgoing(
        chat_id=due.chat_id, text=text, keyboard=keyboard, document=document, silent=due.silent
    )


def _message(
    notice: Notice, now: datetime
) -> tuple[str, InlineKeyboardMarkup | None, tuple[str, bytes] | None]:
    """The text, the buttons and the attached file that say ``notice``."""
    match notice:
        case MeetingReminder(meeting=meeting, chase=True):
            return templates.attendance_chase(meeting, now), _meeting_keyboard(meeting), None
        case MeetingReminder(meeting=meeting):
            return templates.meeting_reminder(meeting, now), _meeting_keyboard(meeting), None
        case ActionReminder(action=action, today=today):
            return templates.action_reminder(action, today), _action_keyboard(action.id), None
        case ActionEscalation(action=action, today=today):
            return templates.action_escalation(action, today), None, None
        case MeetingChangeNotice():
            keyboard = _meeting_keyboard(notice.meeting) if notice.answerable else None
            text = templates.meeting_change_notice(notice.change, notice.meeting)
            return text, keyboard, notice.calendar
        case TextBroadcast():
            return templates.text_broadcast(notice.board_name, notice.text), None, None
        case Publication():
            keyboard = _meeting_keyboard(notice.meeting) if notice.answerable else None
            text = templates.publication_caption(notice.meeting, notice.public_items)
            return text, keyboard, notice.calendar
        case BroadcastReport():
            text = templates.broadcast_report(
                board_name=notice.board_name,
                meeting=notice.meeting,
                tally=notice.tally,
                change=notice.change,
            )
            return text, None, None
        case UnreachableNotice():
            return templates.unreachable_notice(notice.member_name, notice.board_name), None, None
        case LateApology():
            text = templates.late_apology_notice(
                notice.member_name,
                notice.meeting,
                reason=notice.reason,
                substitute=notice.substitute,
            )
            return text, None, None
        case ActionCantDo():
            text = templates.action_cant_do_notice(
                notice.action,
                owner_name=notice.owner_name
                if notice.owner_name is not None
                else texts.SOMEONE_OWNER,
                reason=notice.reason,
                at_utc=notice.at_utc,
            )
            return text, None, None
        case SitePublished(meeting=meeting):
            return templates.site_published_notice(meeting), _site_keyboard(meeting.id), None
        case SourceFailed():
            text = templates.source_failed_notice(
                board_name=notice.board_name,
                site=notice.site,
                committee_title=notice.committee_title,
                reason=notice.reason,
                advice=notice.advice,
            )
            return text, None, None
        case Supplement():
            text = templates.supplement_notice(
                notice.meeting,
                item_number=notice.item_number,
                item_title=notice.item_title,
                title=notice.title,
                url=notice.url,
                restricted=notice.restricted,
            )
            return text, None, None


def _meeting_keyboard(meeting: MeetingView) -> InlineKeyboardMarkup:
    def button(label: str, kind: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=meeting_callback(kind, meeting.id, meeting.sequence)
        )

    return InlineKeyboardMarkup(
        [
            [button(texts.BUTTON_AGENDA, AGENDA)],
            [
                button(texts.BUTTON_ATTENDING, ATTENDING),
                button(texts.BUTTON_APOLOGIES, APOLOGIES),
            ],
        ]
    )


def _site_keyboard(meeting_id: int) -> InlineKeyboardMarkup:
    """[Publish] (the usual preview) [Not now] under the clerk's "announce it?"."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_SITE_PUBLISH,
                    callback_data=site_published_button(SITE_PUBLISH, meeting_id),
                ),
                InlineKeyboardButton(
                    texts.BUTTON_SITE_NOT_NOW,
                    callback_data=site_published_button(SITE_NOT_NOW, meeting_id),
                ),
            ]
        ]
    )


def _action_keyboard(action_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_ACTION_DONE, callback_data=action_callback(ACTION_DONE, action_id)
                ),
                InlineKeyboardButton(
                    texts.BUTTON_ACTION_UPDATE,
                    callback_data=action_callback(ACTION_UPDATE, action_id),
                ),
            ],
            [
                InlineKeyboardButton(
                    texts.BUTTON_ACTION_CANT_DO,
                    callback_data=action_callback(ACTION_CANT_DO, action_id),
                )
            ],
        ]
    )


# -- the clerk's progress message ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a broadcast's progress message is, and what it should say now."""

    chat_id: int
    message_id: int
    text: str
    finished: bool


async def progress(db: Database, broadcast_id: int) -> Progress | None:
    """The progress message's current text; None when the broadcast has no progress message."""
    figures = await broadcast_progress(db, broadcast_id)
    if figures is None:
        return None
    return Progress(
        chat_id=figures.chat_id,
        message_id=figures.message_id,
        text=templates.broadcast_progress(
            board_name=figures.board_name,
            meeting=figures.meeting,
            tally=figures.tally,
            finished=figures.finished,
            change=figures.change,
        ),
        finished=figures.finished,
    )
