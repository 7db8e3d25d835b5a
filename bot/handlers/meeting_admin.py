"""/meeting: a clerk moves, re-places or cancels a meeting, after one confirming tap.

The confirmation names the meeting, the change and how many members will be told. Its buttons
carry the meeting's SEQUENCE, so a button pressed after the meeting changed again does nothing
but say so. The change itself, its notices and re-planned reminders are one transaction in
:mod:`services.meeting_changes`; the dispatcher delivers the notices.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers import agenda_edit
from bot.handlers.buttons import Press, button
from bot.handlers.common import command_args, require_clerk_viewer
from bot.html import h
from bot.replies import reply_html
from calendars.zones import format_when, local_to_utc, to_local
from language.dates import parse_when
from services import meeting_changes
from services.meeting_changes import ChangePreview
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
MOVE, PLACE, CANCEL = Prefix.MEETING_MOVE, Prefix.MEETING_PLACE, Prefix.MEETING_CANCEL
KEEP = Prefix.MEETING_KEEP
_PLACES = "meeting_places"
_PLACES_KEPT = 20


# -- callback data ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeButton:
    """A confirmation: which change, to which meeting, at which SEQUENCE."""

    kind: str
    meeting_id: int
    sequence: int
    # MOVE: the new start, in whole minutes since the Unix epoch (UTC).
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class KeepButton:
    """[Keep it as it is]: nothing changes."""


def parse_keep(data: str | None) -> KeepButton | None:
    return KeepButton() if data == KEEP else None


def change_button(button: ChangeButton) -> str:
    parts = [button.kind, str(button.meeting_id), str(button.sequence)]
    if button.minutes is not None:
        parts.append(str(button.minutes))
    return checked(":".join(parts))


def parse_change_button(data: str | None) -> ChangeButton | None:
    parts = (data or "").split(":")
    if parts[0] not in (MOVE, PLACE, CANCEL) or not all(part.isdigit() for part in parts[1:]):
        return None
    numbers = [int(part) for part in parts[1:]]
    if parts[0] == MOVE and len(numbers) == 3:
        return ChangeButton(MOVE, numbers[0], numbers[1], numbers[2])
    if parts[0] != MOVE and len(numbers) == 2:
        return ChangeButton(parts[0], numbers[0], numbers[1])
    return None


def _confirm_keyboard(button: ChangeButton, label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=change_button(button))],
            [InlineKeyboardButton(texts.BUTTON_MEETING_KEEP, callback_data=checked(KEEP))],
        ]
    )


# -- /meeting -----------------------------------------------------------------------------------


def _members(count: int) -> str:
    return templates.member_count(count)


async def meeting_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/meeting [move ID WHEN | place ID PLACE | cancel ID]."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    words = command_args(context).split()
    verb = words[0].lower() if words else ""
    if verb == "new":
        await agenda_edit.meeting_new(update, context, viewer, " ".join(words[1:]))
        return
    if verb not in ("move", "place", "cancel") or len(words) < 2:
        await _usage(update, context, viewer)
        return
    if not words[1].isdigit():
        await reply_html(update, context.bot, texts.MEETING_BAD_ID.format(text=h(words[1])))
        return
    meeting_id, rest = int(words[1]), " ".join(words[2:])
    deps = deps_of(context)
    preview = await meeting_changes.preview_change(
        deps.db, meeting_id=meeting_id, viewer=viewer, now=deps.clock.now()
    )
    if verb == "move":
        await _confirm_move(update, context, preview, rest)
    elif verb == "place":
        await _confirm_place(update, context, preview, rest)
    else:
        await _confirm_cancel(update, context, preview)


async def _usage(update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer) -> None:
    deps = deps_of(context)
    upcoming = await meeting_changes.changeable_meetings(
        deps.db, viewer=viewer, now=deps.clock.now()
    )
    example = str(upcoming[0].id) if upcoming else "12"
    lines = [texts.MEETING_USAGE.format(example=h(example)), ""]
    if upcoming:
        lines.append(h(texts.MEETING_LIST_HEAD))
        lines += [
            texts.MEETING_LIST_LINE.format(
                id=meeting.id,
                when=h(format_when(meeting.starts_at_utc, meeting.zone)),
                board=h(meeting.board_name),
            )
            for meeting in upcoming
        ]
    else:
        lines.append(h(texts.MEETING_LIST_EMPTY))
    await reply_html(update, context.bot, "\n".join(lines))


async def _confirm_move(
    update: Update, context: ContextTypes.DEFAULT_TYPE, preview: ChangePreview, words: str
) -> None:
    meeting = preview.meeting
    today = to_local(deps_of(context).clock.now(), meeting.zone).date()
    when = parse_when(words, today=today) if words else None
    if when is None:
        await reply_html(update, context.bot, texts.MEETING_BAD_WHEN.format(text=h(words)))
        return
    if when.at is None:
        await reply_html(update, context.bot, texts.MEETING_NEEDS_TIME.format(text=h(words)))
        return
    starts = local_to_utc(when.day, when.at, meeting.zone)
    button = ChangeButton(MOVE, meeting.id, meeting.sequence, int(starts.timestamp()) // 60)
    text = texts.MEETING_CONFIRM_MOVE.format(
        board=h(meeting.board_name),
        old=h(format_when(meeting.starts_at_utc, meeting.zone)),
        new=h(format_when(starts, meeting.zone)),
        members=h(_members(preview.members)),
    )
    await reply_html(
        update,
        context.bot,
        text,
        _confirm_keyboard(button, texts.BUTTON_MEETING_CONFIRM_MOVE),
    )


async def _confirm_place(
    update: Update, context: ContextTypes.DEFAULT_TYPE, preview: ChangePreview, words: str
) -> None:
    meeting = preview.meeting
    place = " ".join(words.split())
    if not place:
        await reply_html(update, context.bot, texts.MEETING_NO_PLACE.format(id=meeting.id))
        return
    if len(place) > meeting_changes.MAX_PLACE_LENGTH:
        await reply_html(
            update,
            context.bot,
            texts.MEETING_PLACE_TOO_LONG.format(limit=meeting_changes.MAX_PLACE_LENGTH),
        )
        return
    # The place stays server-side; the button carries only the meeting and its SEQUENCE.
    if context.user_data is not None:
        places: dict[int, str] = context.user_data.setdefault(_PLACES, {})
        places[meeting.id] = place
        while len(places) > _PLACES_KEPT:
            places.pop(next(iter(places)))
    button = ChangeButton(PLACE, meeting.id, meeting.sequence)
    text = texts.MEETING_CONFIRM_PLACE.format(
        board=h(meeting.board_name),
        when=h(format_when(meeting.starts_at_utc, meeting.zone)),
        place=h(place),
        members=h(_members(preview.members)),
    )
    await reply_html(
        update, context.bot, text, _confirm_keyboard(button, texts.BUTTON_MEETING_CONFIRM_PLACE)
    )


async def _confirm_cancel(
    update: Update, context: ContextTypes.DEFAULT_TYPE, preview: ChangePreview
) -> None:
    meeting = preview.meeting
    button = ChangeButton(CANCEL, meeting.id, meeting.sequence)
    text = texts.MEETING_CONFIRM_CANCEL.format(
        board=h(meeting.board_name),
        when=h(format_when(meeting.starts_at_utc, meeting.zone)),
        members=h(_members(preview.members)),
    )
    await reply_html(
        update, context.bot, text, _confirm_keyboard(button, texts.BUTTON_MEETING_CONFIRM_CANCEL)
    )


# -- the confirming tap -------------------------------------------------------------------------


@button(KeepButton, parse_keep, who="anyone")
async def keep_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[KeepButton]
) -> None:
    await press.answer()
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_text(h(texts.MEETING_KEPT))


@button(ChangeButton, parse_change_button, who="clerk")
async def change_confirmed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[ChangeButton]
) -> None:
    pressed, viewer = press.button, press.viewer
    deps = deps_of(context)
    now = deps.clock.now()
    preview = await meeting_changes.preview_change(
        deps.db, meeting_id=pressed.meeting_id, viewer=viewer, now=now
    )
    if preview.meeting.sequence != pressed.sequence:
        await press.answer(texts.MEETING_STALE, alert=True)
        return
    if pressed.kind == MOVE:
        assert pressed.minutes is not None
        starts = datetime.fromtimestamp(pressed.minutes * 60, tz=UTC)
        change = await meeting_changes.move_meeting(
            deps.db, meeting_id=pressed.meeting_id, starts_at_utc=starts, viewer=viewer, now=now
        )
    elif pressed.kind == PLACE:
        places = context.user_data.get(_PLACES, {}) if context.user_data is not None else {}
        place = places.pop(pressed.meeting_id, None)
        if place is None:
            await press.answer(texts.MEETING_STALE, alert=True)
            return
        change = await meeting_changes.place_meeting(
            deps.db, meeting_id=pressed.meeting_id, location=place, viewer=viewer, now=now
        )
    else:
        change = await meeting_changes.cancel_meeting(
            deps.db, meeting_id=pressed.meeting_id, viewer=viewer, now=now
        )
    deps.outbox.poke()
    await press.answer()
    summary = templates.change_phrase(change, preview.meeting.zone) or "changed"
    template = texts.MEETING_CHANGED if change.members else texts.MEETING_CHANGED_NOBODY
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_text(
            template.format(summary=h(summary), members=h(_members(change.members)))
        )


HANDLERS = (
    CommandHandler("meeting", meeting_command, filters=PRIVATE),
    CallbackQueryHandler(change_confirmed, pattern=pattern(MOVE, PLACE, CANCEL)),
    CallbackQueryHandler(keep_button, pattern=pattern(KEEP)),
)
