"""Attendance in chat: /apologies, a reason and substitute after [Send apologies], and a clerk's
/attendance with its [Remind those who have not replied] button.

After [Send apologies] (or /apologies without details) the member may add a reason and a
substitute in their next text message, as with [Add update] on an action: the question is kept
in ``user_data`` with the time it was asked, and a text more than :data:`DETAILS_WAIT` later is
answered like any other message. The reader (:data:`DETAILS_READER`) and its /cancel
(:data:`DETAILS_CANCEL`) run in handler group -2, ahead of the action update reader in group -1
(one handler per group runs), and stop the update only when it was theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from telegram import ForceReply, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import templates, texts
from bot.awaiting import AwaitedText
from bot.callbacks import CHASE, MeetingButton, parse_callback, pattern
from bot.deps import deps_of
from bot.handlers import which_meeting
from bot.handlers.buttons import Press, button
from bot.handlers.common import require_viewer, today
from bot.html import h
from bot.keyboards import attendance_keyboard
from bot.replies import reply_html
from core.errors import QuorumError
from services import attendance, meetings
from services.boards import clerk_view
from services.views import MeetingView, Viewer

PRIVATE = filters.ChatType.PRIVATE
# How long the bot waits for a reason or substitute after apologies.
DETAILS_WAIT = timedelta(minutes=15)
# "substitute: Cllr Jones", "sub: Cllr Jones", up to the next ";" or the end.
_SUBSTITUTE = re.compile(r"\bsub(?:stitute)?\s*:\s*(?P<name>[^;\n]*)", re.IGNORECASE)
_EDGES = " \t\n;,.-–—"


@dataclass(frozen=True, slots=True)
class AwaitedDetails:
    """Apologies waiting for their reason or substitute."""

    meeting: MeetingView
    chat_id: int
    asked_at_utc: datetime


_QUESTION = AwaitedText("awaiting_apology_details", AwaitedDetails, DETAILS_WAIT)


def parse_details(text: str) -> tuple[str | None, str | None]:
    """``"Hospital appointment; substitute: Cllr Jones"`` -> (reason, substitute)."""
    substitute: str | None = None
    match = _SUBSTITUTE.search(text)
    if match:
        substitute = match.group("name").strip(_EDGES) or None
        text = text[: match.start()] + ";" + text[match.end() :]
    reason = " ".join(part.strip(_EDGES) for part in text.split(";") if part.strip(_EDGES))
    return reason or None, substitute


async def ask_for_details(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, meeting: MeetingView, recorded: str
) -> None:
    """Say the apologies are recorded (``recorded``, HTML) and offer to add a reason or a
    substitute in the next message."""
    _QUESTION.ask(
        context,
        AwaitedDetails(meeting=meeting, chat_id=chat_id, asked_at_utc=deps_of(context).clock.now()),
    )
    await context.bot.send_message(
        chat_id,
        f"{recorded}\n\n{texts.APOLOGIES_DETAILS_PROMPT}",
        reply_markup=ForceReply(input_field_placeholder=texts.APOLOGIES_DETAILS_PLACEHOLDER),
    )


async def read_details(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text while a reason/substitute is awaited: add it to the apologies, and let no other
    handler see it. Otherwise (nothing awaited, another chat, too late) leave it be."""
    answered = _QUESTION.answer(update, context)
    if answered is None:
        return
    awaited, text = answered
    deps = deps_of(context)
    now = deps.clock.now()
    viewer = await require_viewer(update, context)
    if viewer is None:
        _QUESTION.forget(context)
        raise ApplicationHandlerStop
    reason, substitute = parse_details(text)
    if reason is None and substitute is None:
        problem: str | None = texts.APOLOGIES_DETAILS_EMPTY
    else:
        problem = None
        try:
            recorded = await attendance.set_attendance(
                deps.db,
                viewer=viewer,
                meeting_id=awaited.meeting.id,
                status="apologies",
                now=now,
                reason=reason,
                substitute=substitute,
                keep_details=True,
            )
        except attendance.AttendanceDetailsError as exc:
            problem = str(exc)
        except QuorumError as exc:
            await _QUESTION.end(update, context, exc)
    if problem is not None:
        # Keep waiting (afresh) for a better one.
        _QUESTION.ask(context, replace(awaited, asked_at_utc=now))
        await reply_html(
            update, context.bot, texts.APOLOGIES_DETAILS_RETRY.format(problem=h(problem))
        )
        raise ApplicationHandlerStop
    _QUESTION.forget(context)
    if recorded.clerks_told:
        deps.outbox.poke()
    await reply_html(
        update,
        context.bot,
        templates.apologies_recorded(
            awaited.meeting,
            recorded.reason,
            recorded.substitute,
            clerks_told=recorded.clerks_told,
        ),
    )
    raise ApplicationHandlerStop


async def cancel_details(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel while a reason is awaited: stop waiting. Otherwise leave /cancel to others."""
    if _QUESTION.pending(context) is None:
        return
    _QUESTION.forget(context)
    await reply_html(update, context.bot, texts.APOLOGIES_DETAILS_CANCELLED)
    raise ApplicationHandlerStop


def _meeting_words(text: str) -> tuple[str, str]:
    """Split ``/apologies`` words into (which meeting, the rest). The meeting comes first and
    ends at ";" ("10 October; On leave"); without ";" the words are all the one or the other."""
    first, separator, rest = text.partition(";")
    return (first.strip(), rest.strip()) if separator else (text.strip(), "")


async def _find(
    context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: str
) -> tuple[MeetingView | None, str | None]:
    """(the meeting ``words`` name, what to say when there is none, HTML): the next meeting
    for no words; (None, None) when the words name no board or time. Words are read as
    /agenda reads them (:func:`bot.handlers.which_meeting.meeting_words`): "tuesday" is the
    next Tuesday with a meeting, "16 January" its next occurrence."""
    deps = deps_of(context)
    board, asked = which_meeting.meeting_words(viewer, words, today=today(context))
    if words.strip() and asked is None and not meetings.match_boards(viewer, words):
        return None, None
    found = await meetings.find_meeting(
        deps.db, viewer=viewer, now=deps.clock.now(), board=board, asked=asked
    )
    return found, templates.meeting_asked_missing(asked, board, group=False)


async def apologies_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/apologies [board or date;] [reason] [substitute: NAME]."""
    viewer = await require_viewer(update, context)
    chat = update.effective_chat
    if viewer is None or chat is None:
        return
    text = " ".join(context.args or [])
    which, rest = _meeting_words(text)
    meeting, what = await _find(context, viewer, which)
    if what is None:  # no meeting named: the words are the details, for the next meeting
        meeting, what = await _find(context, viewer, "")
        rest = text
    if meeting is None:
        await reply_html(update, context.bot, what or texts.NO_MEETING)
        return
    reason, substitute = parse_details(rest) if rest else (None, None)
    deps = deps_of(context)
    recorded = await attendance.set_attendance(
        deps.db,
        viewer=viewer,
        meeting_id=meeting.id,
        status="apologies",
        now=deps.clock.now(),
        reason=reason,
        substitute=substitute,
        keep_details=True,
    )
    if recorded.clerks_told:
        deps.outbox.poke()
    summary = templates.apologies_recorded(
        meeting, recorded.reason, recorded.substitute, clerks_told=recorded.clerks_told
    )
    if recorded.reason is None and recorded.substitute is None:
        await ask_for_details(context, chat.id, meeting, summary)
        return
    await reply_html(update, context.bot, summary)


async def attendance_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/attendance [board or date]: the clerk's picture of the next meeting (or the named one)."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    if not viewer.is_clerk:
        await reply_html(update, context.bot, texts.ATTENDANCE_CLERKS_ONLY)
        return
    words = " ".join(context.args or [])
    # The boards they clerk, the meeting named as /agenda names it.
    meeting = await which_meeting.meeting_named(update, context, clerk_view(viewer), words)
    if meeting is None:
        return
    deps = deps_of(context)
    picture = await attendance.attendance_picture(deps.db, viewer=viewer, meeting_id=meeting.id)
    keyboard = (
        attendance_keyboard(meeting) if any(person.linked for person in picture.no_reply) else None
    )
    await reply_html(update, context.bot, templates.attendance_view(picture), keyboard)


def parse_chase(data: str | None) -> MeetingButton | None:
    """[Remind those who have not replied]'s callback data; any other (or forged) -> None."""
    parsed = parse_callback(data)
    return parsed if isinstance(parsed, MeetingButton) and parsed.kind == CHASE else None


@button(MeetingButton, parse_chase, private=True)
async def chase_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[MeetingButton]
) -> None:
    """[Remind those who have not replied]: one reminder each, queued in the outbox."""
    pressed, viewer = press.button, press.viewer
    deps = deps_of(context)
    view = await meetings.agenda(
        deps.db, viewer=viewer, meeting_id=pressed.meeting_id, include_exempt=False
    )
    if view is None or view.meeting.sequence != pressed.sequence:
        await press.answer(texts.CHASE_STALE, alert=True)
        return
    chased = await attendance.chase_no_replies(
        deps.db, viewer=viewer, meeting_id=view.meeting.id, now=deps.clock.now()
    )
    if chased.queued:
        deps.outbox.poke()
        await press.answer(texts.CHASE_QUEUED.format(count=chased.queued))
    else:
        await press.answer(texts.CHASE_NONE, alert=True)


HANDLERS = (
    CommandHandler("apologies", apologies_command, filters=PRIVATE),
    CommandHandler("attendance", attendance_command, filters=PRIVATE),
    CallbackQueryHandler(chase_button, pattern=pattern(CHASE)),
)
# Registered in group -2 (see the module's docstring).
DETAILS_READER = MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, read_details)
DETAILS_CANCEL = CommandHandler("cancel", cancel_details, filters=PRIVATE)
