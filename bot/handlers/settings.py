"""/settings: a member's reminders as one message of toggles, edited in place as they press.

Callback data: ``st:l:7d`` (a lead time on or off), ``st:r`` (the board's lead times again),
``st:q:22-07`` (a quiet-hours preset), ``st:m:12`` (mute or unmute board 12). The server checks
each against what the member may choose; old or forged data changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import as_command, require_viewer
from bot.html import h
from bot.replies import reply_html
from notify.leads import Lead, QuietHours, describe_lead
from services import preferences
from services.preferences import QUIET_OFF, QUIET_PRESETS, ReminderSettings

PRIVATE = filters.ChatType.PRIVATE
SETTINGS = Prefix.SETTINGS
LEAD, RESET, QUIET, MUTE = "l", "r", "q", "m"
LEADS_PER_ROW = 3
QUIET_PER_ROW = 2
BOARD_LABEL = 40  # characters of a board's name on its mute button
_LEAD_TEXT = re.compile(r"\d{1,3}[dhm]")


@dataclass(frozen=True, slots=True)
class SettingsButton:
    kind: str  # LEAD, RESET, QUIET or MUTE
    value: str = ""


def settings_data(kind: str, value: str = "") -> str:
    return checked(f"{SETTINGS}:{kind}" + (f":{value}" if value else ""))


def parse_settings(data: str | None) -> SettingsButton | None:
    """Callback data -> a settings button; anything malformed -> None."""
    parts = (data or "").split(":")
    if parts[0] != SETTINGS:
        return None
    if parts[1:] == [RESET]:
        return SettingsButton(RESET)
    if len(parts) != 3:
        return None
    kind, value = parts[1], parts[2]
    if (
        (kind == LEAD and _LEAD_TEXT.fullmatch(value))
        or (kind == QUIET and value in QUIET_PRESETS)
        or (kind == MUTE and value.isdigit())
    ):
        return SettingsButton(kind, value)
    return None


# -- the menu ----------------------------------------------------------------------------------


def _phrase(leads: Sequence[Lead]) -> str:
    """``7 days, 1 day and 2 hours``."""
    described = [describe_lead(lead) for lead in leads]
    if len(described) <= 1:
        return "".join(described)
    return ", ".join(described[:-1]) + texts.LIST_LAST_JOIN + described[-1]


def _quiet_window(preset: str) -> QuietHours:
    window = QUIET_PRESETS[preset]
    return QuietHours() if window is None else QuietHours(*window)


def settings_text(current: ReminderSettings) -> str:
    lines = [texts.SETTINGS_TITLE]
    if current.own_leads:
        lines.append(texts.SETTINGS_LEADS_OWN.format(leads=h(_phrase(current.leads))))
    elif current.boards_agree:
        lines.append(texts.SETTINGS_LEADS_DEFAULT.format(leads=h(_phrase(current.leads))))
    else:
        lines.append(texts.SETTINGS_LEADS_PER_BOARD)
        lines += [
            texts.SETTINGS_LEADS_BOARD.format(
                board=h(board.board_name), leads=h(_phrase(board.board_leads))
            )
            for board in current.boards
        ]
    if current.quiet.off:
        lines.append(texts.SETTINGS_QUIET_OFF)
    else:
        default = texts.SETTINGS_QUIET_DEFAULT if current.quiet == QuietHours() else ""
        lines.append(texts.SETTINGS_QUIET.format(hours=h(current.quiet.label()), default=default))
    muted = [board.board_name for board in current.boards if board.muted]
    if muted:
        lines.append(texts.SETTINGS_MUTED.format(boards=h(", ".join(muted))))
    lines += ["", texts.SETTINGS_HINT]
    return "\n".join(lines)


def _button(label: str, chosen: bool, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        texts.BUTTON_CHOSEN.format(label=label) if chosen else label, callback_data=data
    )


def _rows(buttons: list[InlineKeyboardButton], size: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[start : start + size] for start in range(0, len(buttons), size)]


def _short(name: str) -> str:
    return name if len(name) <= BOARD_LABEL else name[: BOARD_LABEL - 1].rstrip() + "…"


def settings_keyboard(current: ReminderSettings) -> InlineKeyboardMarkup:
    leads = [
        _button(describe_lead(lead), lead in current.leads, settings_data(LEAD, str(lead)))
        for lead in current.lead_choices
    ]
    quiet = [
        _button(
            texts.BUTTON_QUIET_OFF
            if preset == QUIET_OFF
            else texts.BUTTON_QUIET.format(hours=_quiet_window(preset).label()),
            current.quiet_preset == preset,
            settings_data(QUIET, preset),
        )
        for preset in QUIET_PRESETS
    ]
    boards = [
        [
            InlineKeyboardButton(
                (texts.BUTTON_MUTED if board.muted else texts.BUTTON_UNMUTED).format(
                    board=_short(board.board_name)
                ),
                callback_data=settings_data(MUTE, str(board.board_id)),
            )
        ]
        for board in current.boards
    ]
    return InlineKeyboardMarkup(
        [
            *_rows(leads, LEADS_PER_ROW),
            [_button(texts.BUTTON_BOARD_DEFAULT, not current.own_leads, settings_data(RESET))],
            *_rows(quiet, QUIET_PER_ROW),
            *boards,
        ]
    )


# -- handlers ----------------------------------------------------------------------------------


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    current = await preferences.get_settings(deps_of(context).db, viewer=viewer)
    await reply_html(update, context.bot, settings_text(current), settings_keyboard(current))


@button(SettingsButton, parse_settings, private=True, stale=texts.SETTINGS_STALE)
async def settings_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[SettingsButton]
) -> None:
    """A press in the menu: change the setting, then redraw the same message."""
    pressed, viewer = press.button, press.viewer
    deps = deps_of(context)
    db, now = deps.db, deps.clock.now()
    if pressed.kind == LEAD:
        current = await preferences.toggle_lead(db, viewer=viewer, lead=pressed.value, now=now)
    elif pressed.kind == RESET:
        current = await preferences.reset_leads(db, viewer=viewer, now=now)
    elif pressed.kind == QUIET:
        current = await preferences.set_quiet_hours(
            db, viewer=viewer, preset=pressed.value, now=now
        )
    else:
        current = await preferences.toggle_mute(
            db, viewer=viewer, board_id=int(pressed.value), now=now
        )
    deps.outbox.poke()  # new reminders may be due sooner than the dispatcher's next wake-up
    await press.answer(texts.SETTINGS_SAVED)
    await _redraw(update, context, press.query.message, current)


async def _redraw(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: MaybeInaccessibleMessage | None,
    current: ReminderSettings,
) -> None:
    text, keyboard = settings_text(current), settings_keyboard(current)
    if not isinstance(message, Message):  # too old for Telegram to hand back: send a fresh one
        await reply_html(update, context.bot, text, keyboard)
        return
    try:
        await context.bot.edit_message_text(
            text, chat_id=message.chat.id, message_id=message.message_id, reply_markup=keyboard
        )
    except BadRequest as exc:
        # Pressing what is already chosen: the menu is right as it is.
        if "not modified" not in exc.message.lower():
            raise


HANDLERS = (
    CommandHandler("settings", as_command(show_settings), filters=PRIVATE),
    CallbackQueryHandler(settings_button, pattern=pattern(SETTINGS)),
)
