"""Lists a member asks for: actions, decisions, search results, members; a clerk's action
register; and their pages."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import (
    MEETING_DECISIONS,
    MY_ACTIONS,
    PAGE,
    ActionsButton,
    MeetingButton,
    PageButton,
    parse_callback,
    pattern,
)
from bot.deps import deps_of
from bot.handlers import meetings as meeting_handlers
from bot.handlers import which_meeting
from bot.handlers.buttons import Press, button
from bot.handlers.common import (
    as_command,
    recall_query,
    remember_query,
    require_clerk_viewer,
    require_viewer,
    send_page,
    today,
)
from bot.html import h
from bot.keyboards import action_list_keyboard, pager
from bot.replies import reply_html
from language.intents import Intent
from services import decisions, members, search
from services.actions import reports as action_reports
from services.actions.lists import my_actions
from services.boards import clerk_board, clerk_boards
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
OPEN_STATUSES = ("open", "carried-forward")
RESULTS = 40  # enough for five pages; a longer list needs better words
# Starts and splits a remembered query for one meeting's decisions: "\x1f<meeting id>\x1f<words>"
# (no typed words start with it).
_MEETING_QUERY = "\x1f"


async def show_actions(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "", page: int = 0
) -> None:
    """The viewer's own actions; ``/actions board [name]`` is a clerk's register instead."""
    words = args.split(maxsplit=1)
    if words and words[0].casefold() == "board":
        await show_register(update, context, words[1] if len(words) > 1 else "")
        return
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    await _actions_page(update, context, viewer, page)


async def _actions_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, page: int
) -> None:
    mine = await my_actions(deps_of(context).db, viewer=viewer, today=today(context))
    entries = [templates.action_entry(a) for a in mine]
    listing = templates.paginate(texts.ACTIONS_TITLE, entries, page, texts.NO_ACTIONS)
    if viewer.is_clerk:
        listing = replace(listing, text=templates.with_hint(listing.text, texts.ACTIONS_BOARD_HINT))
    # Each open action on the page gets its owner's buttons: [Done] [Update] [Can't do].
    shown = mine[listing.number * templates.PAGE_SIZE : (listing.number + 1) * templates.PAGE_SIZE]
    open_ids = [a.id for a in shown if a.status in OPEN_STATUSES]
    await send_page(
        update, context, listing, action_list_keyboard(open_ids, pager("a", "-", listing))
    )


async def show_register(update: Update, context: ContextTypes.DEFAULT_TYPE, words: str) -> None:
    """/actions board [name]: the clerk's register of their board's (or boards') actions."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    # Words that fit none or several of their boards: the error handler says which there are.
    board_id = clerk_board(viewer, words=words) if words.strip() else None
    await _register_page(update, context, viewer, board_id, 0)


async def _register_page(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    board_id: int | None,
    page: int,
) -> None:
    groups = await action_reports.board_register(
        deps_of(context).db, viewer=viewer, board_id=board_id, today=today(context)
    )
    clerked = clerk_boards(viewer)
    if board_id is None and len(clerked) == 1:
        board_id = next(iter(clerked))
    title = (
        texts.REGISTER_TITLE_BOARD.format(board=h(clerked.get(board_id, "")))
        if board_id is not None
        else texts.REGISTER_TITLE
    )
    listing = templates.paginate(
        title,
        templates.register_entries(groups, board_names=board_id is None),
        page,
        texts.REGISTER_EMPTY.format(days=action_reports.RECENT_DONE_DAYS),
    )
    key = "-" if board_id is None else str(board_id)
    await send_page(update, context, listing, pager("r", key, listing))


async def show_decisions(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "", page: int = 0
) -> None:
    """/decisions: the latest; /decisions WORDS: those about the words; /decisions TIME
    ("27 June", "june", "previous", "rutland june"): those of the meeting it names, where a
    date or month without a year is its last occurrence (decisions are of meetings held)."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    _, asked = which_meeting.meeting_words(viewer, args, today=today(context), past=True)
    if asked is not None:
        meeting = await which_meeting.meeting_named(update, context, viewer, args, past=True)
        if meeting is not None:
            await _meeting_decisions_page(update, context, viewer, meeting.id, "", page)
        return
    await _decisions_page(update, context, viewer, args, page)


async def answer_decisions(
    update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent
) -> None:
    """ "what did we decide in june (about the better care fund)": with ``intent.when``, the
    decisions of that meeting, about the words in ``intent.args`` if any; else as /decisions
    with the question's words."""
    if not intent.when.strip():
        await show_decisions(update, context, intent.args)
        return
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    meeting = await which_meeting.meeting_named(update, context, viewer, intent.when, past=True)
    if meeting is not None:
        await _meeting_decisions_page(update, context, viewer, meeting.id, intent.args.strip(), 0)


async def _meeting_decisions_page(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    meeting_id: int,
    words: str,
    page: int,
) -> None:
    """A page of one meeting's decisions (about ``words`` when given)."""
    deps = deps_of(context)
    meeting, found = await decisions.meeting_decisions(
        deps.db, viewer=viewer, meeting_id=meeting_id, words=words or None
    )
    if meeting is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    listing = templates.paginate(
        templates.meeting_decisions_title(meeting, words),
        [templates.decision_entry(d) for d in found],
        page,
        templates.meeting_decisions_none(meeting, words, deps.clock.now()),
    )
    key = remember_query(context, f"{_MEETING_QUERY}{meeting_id}{_MEETING_QUERY}{words}")
    await send_page(update, context, listing, pager("d", key, listing))


def _meeting_query(remembered: str) -> tuple[int, str] | None:
    """(meeting id, words) of a remembered query for one meeting's decisions, else None."""
    if not remembered.startswith(_MEETING_QUERY):
        return None
    meeting_id, _, words = remembered[1:].partition(_MEETING_QUERY)
    return (int(meeting_id), words) if meeting_id.isdigit() else None


def parse_decisions_button(data: str | None) -> MeetingButton | None:
    """[Decisions] on the card of a meeting held; any other (or forged) data -> None."""
    parsed = parse_callback(data)
    return (
        parsed if isinstance(parsed, MeetingButton) and parsed.kind == MEETING_DECISIONS else None
    )


@button(MeetingButton, parse_decisions_button, private=True)
async def decisions_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[MeetingButton]
) -> None:
    """[Decisions] on a held meeting's card: the decisions minuted for it (its own board's
    members only: the service refuses another board's)."""
    await _meeting_decisions_page(update, context, press.viewer, press.button.meeting_id, "", 0)


async def _decisions_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, args: str, page: int
) -> None:
    words = args.strip() or None
    found = await decisions.decisions(
        deps_of(context).db, viewer=viewer, words=words, limit=RESULTS
    )
    title = texts.DECISIONS_ABOUT_TITLE.format(words=h(words)) if words else texts.DECISIONS_TITLE
    listing = templates.paginate(
        title,
        [templates.decision_entry(d) for d in found],
        page,
        texts.NO_DECISIONS.format(
            about=texts.DECISIONS_ABOUT.format(words=h(words)) if words else ""
        ),
    )
    key = remember_query(context, words or "")
    await send_page(update, context, listing, pager("d", key, listing))


async def show_search(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "", page: int = 0
) -> None:
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    words = args.strip()
    if not words:
        await reply_html(update, context.bot, texts.SEARCH_USAGE)
        return
    await _search_page(update, context, viewer, words, page)


async def _search_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: str, page: int
) -> None:
    hits = await search.search(deps_of(context).db, viewer=viewer, words=words, limit=RESULTS)
    listing = templates.paginate(
        texts.RESULTS_TITLE.format(words=h(words)),
        [templates.search_entry(hit) for hit in hits],
        page,
        texts.NO_RESULTS.format(words=h(words)),
    )
    await send_page(update, context, listing, pager("s", remember_query(context, words), listing))


async def show_members(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "", page: int = 0
) -> None:
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    await _members_page(update, context, viewer, page)


async def _members_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, page: int
) -> None:
    boards = await members.members(deps_of(context).db, viewer=viewer)
    listing = templates.paginate(
        texts.MEMBERS_TITLE, templates.members_entries(boards), page, texts.NO_BOARDS
    )
    await send_page(update, context, listing, pager("b", "-", listing))


@button(PageButton)
async def page_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[PageButton]
) -> None:
    """[Previous] / [Next] under a list: the page, for the person the press already checked."""
    page, viewer = press.button, press.viewer
    if page.listing in ("d", "s"):
        words = recall_query(context, page.key)
        if words is None:
            await press.answer(texts.LIST_EXPIRED, alert=True)
            return
        of_meeting = _meeting_query(words) if page.listing == "d" else None
        if of_meeting is not None:
            meeting_id, about = of_meeting
            await _meeting_decisions_page(update, context, viewer, meeting_id, about, page.page)
            return
        show = _decisions_page if page.listing == "d" else _search_page
        await show(update, context, viewer, words, page.page)
        return
    if page.listing == "r":
        if not viewer.is_clerk:
            await press.answer(texts.CLERK_ONLY, alert=True)
            return
        board_id = int(page.key) if page.key.isdigit() else None
        await _register_page(update, context, viewer, board_id, page.page)
        return
    if page.listing == "m":
        past = page.key == meeting_handlers.PAST_KEY
        await meeting_handlers.meetings_page(update, context, viewer, page.page, past=past)
        return
    pages = {
        "a": _actions_page,
        "b": _members_page,
    }
    await pages[page.listing](update, context, viewer, page.page)


@button(ActionsButton)
async def my_actions_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[ActionsButton]
) -> None:
    """[My actions]: the first page of the presser's own actions."""
    await _actions_page(update, context, press.viewer, 0)


HANDLERS = (
    CommandHandler("actions", as_command(show_actions), filters=PRIVATE),
    CommandHandler("decisions", as_command(show_decisions), filters=PRIVATE),
    CommandHandler("search", as_command(show_search), filters=PRIVATE),
    CommandHandler("members", as_command(show_members), filters=PRIVATE),
    CallbackQueryHandler(page_button, pattern=pattern(PAGE)),
    CallbackQueryHandler(my_actions_button, pattern=pattern(MY_ACTIONS)),
    CallbackQueryHandler(decisions_button, pattern=pattern(MEETING_DECISIONS)),
)
