"""The next meeting, agendas, items, the meetings list, and the meeting card's buttons."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import AGENDA, APOLOGIES, ATTENDING, CALENDAR, MeetingButton, pattern
from bot.deps import deps_of
from bot.handlers import attendance as attendance_chat
from bot.handlers import groups, papers, which_meeting
from bot.handlers.buttons import Press, button
from bot.handlers.common import (
    as_command,
    in_private_chat,
    require_viewer,
    send_page,
)
from bot.html import h
from bot.keyboards import (
    decisions_keyboard,
    held_meeting_keyboard,
    meeting_card_keyboard,
    pager,
)
from bot.replies import reply_html, send_html
from calendars.zones import format_when
from services import attendance, decisions, meetings
from services.calendar_events import calendar_filename, meeting_ics_file
from services.views import AgendaView, MeetingView, Viewer

PRIVATE = filters.ChatType.PRIVATE
# /meetings past: the meetings held, newest first, paged (the pager's key says which list).
PAST_WORDS = frozenset({"past", "held", "previous", "old"})
PAST_KEY = "p"
PAST_MEETINGS = 100


async def show_next(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    """/next: the next meeting's card; /next WORDS: the card of the meeting they name."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    if args.strip():
        asked = await meeting_asked(update, context, viewer, args)
        if asked is not None:
            await send_card(update, context, asked)
        return
    deps = deps_of(context)
    meeting = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
    await send_card(update, context, meeting)


async def send_card(
    update: Update, context: ContextTypes.DEFAULT_TYPE, meeting: MeetingView | None
) -> None:
    if meeting is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    deps = deps_of(context)
    now = deps.clock.now()
    # A meeting asked for by time may be cancelled (no buttons) or held (its agenda, and its
    # decisions when the minutes recorded some).
    keyboard: InlineKeyboardMarkup | None = None
    if meeting.status == "scheduled":
        keyboard = meeting_card_keyboard(meeting)
        if meetings.is_held(meeting, now):
            viewer = await require_viewer(update, context)
            count = (
                await decisions.decision_count(deps.db, viewer=viewer, meeting_id=meeting.id)
                if viewer is not None
                else 0
            )
            keyboard = held_meeting_keyboard(meeting, count)
    await reply_html(update, context.bot, templates.meeting_card(meeting, now), keyboard)


async def show_calendar(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    """The next meeting as a calendar file (as its [Add to calendar] button sends it)."""
    viewer = await require_viewer(update, context)
    chat = update.effective_chat
    if viewer is None or chat is None:
        return
    deps = deps_of(context)
    meeting = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
    view = (
        await meetings.agenda(deps.db, viewer=viewer, meeting_id=meeting.id, include_exempt=False)
        if meeting
        else None
    )
    if view is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    await _send_calendar_file(context, chat.id, view)


async def show_agenda(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    """/agenda, /agenda BOARD, /agenda DATE."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    meeting = await meeting_asked(update, context, viewer, args)
    if meeting is not None:
        await _send_agenda(update, context, viewer, meeting.id)


async def meeting_asked(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, args: str
) -> MeetingView | None:
    """The meeting ``args`` name, on the viewer's boards; None after saying none fits.

    ``args`` is what follows /agenda or /next, or what the question matcher gives: nothing
    (the next meeting), a board's name, or a date in the canonical forms the matcher writes
    ("2024-01-16"; "2024-01" for a month; "tuesday" for the next such day with a meeting;
    "previous" for the latest held; "after next") or as people type them ("16 January").
    See :func:`language.dates.read_meeting_words` and
    :func:`bot.handlers.which_meeting.meeting_words`.
    """
    return await which_meeting.meeting_named(update, context, viewer, args)


async def _send_agenda(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, meeting_id: int
) -> AgendaView | None:
    view = await meetings.agenda(
        deps_of(context).db,
        viewer=viewer,
        meeting_id=meeting_id,
        # Exempt items: verified members, private chats only.
        include_exempt=in_private_chat(update),
    )
    if view is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return view
    now = deps_of(context).clock.now()
    keyboard: InlineKeyboardMarkup | None = None
    if not view.items and in_private_chat(update) and meetings.is_held(view.meeting, now):
        # A meeting known from its minutes alone ("what happened at the last meeting"): no
        # agenda on record, but its decisions are one press away.
        count = await decisions.decision_count(
            deps_of(context).db, viewer=viewer, meeting_id=meeting_id
        )
        keyboard = decisions_keyboard(view.meeting, count) if count else None
    await reply_html(update, context.bot, templates.agenda(view, now), keyboard)
    return view


async def show_meetings(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "", page: int = 0
) -> None:
    """/meetings: those to come and the latest held; /meetings past: those held, newest first."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    past = args.strip().casefold() in PAST_WORDS
    await meetings_page(update, context, viewer, page, past=past)


async def meetings_page(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    page: int,
    *,
    past: bool = False,
) -> None:
    """A page of the viewer's meetings (/meetings, and its page buttons' checked presser);
    ``past``: the meetings held, newest first."""
    deps = deps_of(context)
    if past:
        _, held = await meetings.meetings_overview(
            deps.db, viewer=viewer, now=deps.clock.now(), upcoming=0, recent=PAST_MEETINGS
        )
        listing = templates.paginate(
            texts.PAST_MEETINGS_TITLE,
            [templates.meeting_line(m) for m in held],
            page,
            texts.NO_PAST_MEETINGS,
        )
        await send_page(update, context, listing, pager("m", PAST_KEY, listing))
        return
    upcoming, recent = await meetings.meetings_overview(
        deps.db, viewer=viewer, now=deps.clock.now()
    )
    listing = templates.paginate(
        texts.MEETINGS_TITLE,
        templates.meetings_entries(upcoming, recent),
        page,
        texts.NO_MEETING,
    )
    if recent:
        listing = replace(listing, text=templates.with_hint(listing.text, texts.MEETINGS_PAST_HINT))
    await send_page(update, context, listing, pager("m", "-", listing))


async def show_item(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    """/item 8A: one item of the next meeting (or the latest meeting that has it)."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    number = "".join(args.split()).upper()
    if not number:
        await reply_html(update, context.bot, texts.ITEM_USAGE)
        return
    deps = deps_of(context)
    view = await meetings.item(
        deps.db,
        viewer=viewer,
        now=deps.clock.now(),
        number=number,
        include_exempt=in_private_chat(update),
    )
    if view is None:
        await reply_html(update, context.bot, texts.NO_ITEM.format(number=h(number)))
        return
    await reply_html(update, context.bot, await papers.item_card(update, context, viewer, view))


@button(MeetingButton, who="person-when-private")
async def meeting_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[MeetingButton]
) -> None:
    """[Agenda] [Add to calendar] [Attending] [Send apologies] on a meeting card."""
    pressed = press.button
    private = in_private_chat(update)
    if private:
        viewer = press.viewer
    else:
        # In a group the button shows the group's board publicly, whoever presses it.
        audience = await groups.group_audience(update, context)
        if audience is None or pressed.kind != AGENDA:
            await press.answer(texts.GROUP_PRIVATE_ONLY, alert=True)
            return
        viewer = audience
    deps = deps_of(context)
    view = await meetings.agenda(
        deps.db, viewer=viewer, meeting_id=pressed.meeting_id, include_exempt=private
    )
    if (
        view is None
        or view.meeting.sequence != pressed.sequence
        or view.meeting.status != ("scheduled")
    ):
        # Moved, cancelled or gone since the message was sent: show what is true now.
        await press.answer(texts.CHANGED, alert=True)
        if not private:
            await groups.group_next(update, context)
            return
        current = view.meeting if view is not None else None
        if current is None or current.status != "scheduled":
            current = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
        await send_card(update, context, current)
        return
    chat = update.effective_chat
    assert chat is not None
    if pressed.kind == AGENDA:
        await press.answer()
        await send_html(context.bot, chat.id, templates.agenda(view, deps.clock.now()))
    elif pressed.kind == CALENDAR:
        await press.answer()
        await _send_calendar_file(context, chat.id, view)
    elif pressed.kind in (ATTENDING, APOLOGIES):
        await _answer_attendance(update, context, press, view.meeting)


async def _answer_attendance(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[MeetingButton],
    meeting: MeetingView,
) -> None:
    """[Attending]: a thank-you at once. [Send apologies]: recorded, and an offer to add a
    reason or a substitute in the next message."""
    chat = update.effective_chat
    assert chat is not None
    kind = press.button.kind
    deps = deps_of(context)
    recorded = await attendance.set_attendance(
        deps.db,
        viewer=press.viewer,
        meeting_id=meeting.id,
        status="attending" if kind == ATTENDING else "apologies",
        now=deps.clock.now(),
        keep_details=True,
    )
    if kind == ATTENDING:
        await press.answer(texts.ATTENDING_THANKS)
        return
    await press.answer(texts.APOLOGIES_THANKS)
    if recorded.clerks_told:
        deps.outbox.poke()
    sent = texts.APOLOGIES_SENT.format(
        board=h(meeting.board_name), when=h(format_when(meeting.starts_at_utc, meeting.zone))
    )
    if recorded.reason is not None or recorded.substitute is not None:
        summary = templates.apologies_recorded(
            meeting, recorded.reason, recorded.substitute, clerks_told=recorded.clerks_told
        )
        await send_html(context.bot, chat.id, summary)
        return
    extra = texts.APOLOGIES_CLERKS_TOLD if recorded.clerks_told else ""
    await attendance_chat.ask_for_details(context, chat.id, meeting, sent + extra)


async def _send_calendar_file(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, view: AgendaView
) -> None:
    """The meeting's .ics (public items only: the file leaves Quorum's control)."""
    deps = deps_of(context)
    data = await meeting_ics_file(
        deps.db, view.meeting.id, domain=deps.settings.calendar_domain, now=deps.clock.now()
    )
    if data is None:
        await send_html(context.bot, chat_id, texts.NO_MEETING)
        return
    await context.bot.send_document(
        chat_id,
        document=data,
        filename=calendar_filename(view.meeting),
        caption=texts.CALENDAR_CAPTION,
    )


HANDLERS = (
    CommandHandler("next", as_command(show_next), filters=PRIVATE),
    CommandHandler("agenda", as_command(show_agenda), filters=PRIVATE),
    CommandHandler("meetings", as_command(show_meetings), filters=PRIVATE),
    CommandHandler("item", as_command(show_item), filters=PRIVATE),
    CallbackQueryHandler(meeting_button, pattern=pattern(AGENDA, CALENDAR, APOLOGIES, ATTENDING)),
)
