"""/next, /agenda and the [Agenda] button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import AGENDA, parse_callback
from bot.deps import deps_of
from bot.handlers.common import require_viewer
from bot.keyboards import meeting_card_keyboard
from bot.replies import reply_html, send_html
from services import meetings

PRIVATE = filters.ChatType.PRIVATE


async def next_meeting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    deps = deps_of(context)
    now = deps.clock.now()
    meeting = await meetings.next_meeting(deps.db, viewer=viewer, now=now)
    if meeting is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    await reply_html(
        update, context.bot, templates.meeting_card(meeting, now), meeting_card_keyboard(meeting)
    )


async def agenda(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    deps = deps_of(context)
    meeting = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
    if meeting is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    # Private chat of a linked member: exempt items may be listed.
    view = await meetings.agenda(deps.db, viewer=viewer, meeting_id=meeting.id, include_exempt=True)
    await reply_html(update, context.bot, templates.agenda(view) if view else texts.NO_MEETING)


async def agenda_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    callback = parse_callback(query.data)
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    view = (
        await meetings.agenda(
            deps_of(context).db, viewer=viewer, meeting_id=callback.target, include_exempt=True
        )
        if callback is not None
        else None
    )
    if view is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    chat = update.effective_chat
    if chat is not None:
        await send_html(context.bot, chat.id, templates.agenda(view))


HANDLERS = (
    CommandHandler("next", next_meeting, filters=PRIVATE),
    CommandHandler("agenda", agenda, filters=PRIVATE),
    CallbackQueryHandler(agenda_button, pattern=rf"^{AGENDA}:"),
)
