"""Lists a member asks for: actions, decisions, search results, members; a clerk's action
register; and their pages."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import MY_ACTIONS, PAGE, PageButton, parse_callback
from bot.deps import deps_of
from bot.handlers import meetings as meeting_handlers
from bot.handlers.action_reports import clerk_board_named
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
from services import action_reports, actions, broadcasts, decisions, members, search
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
OPEN_STATUSES = ("open", "carried-forward")
RESULTS = 40  # enough for five pages; a longer list needs better words


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
    mine = await actions.my_actions(deps_of(context).db, viewer=viewer, today=today(context))
    entries = [templates.action_entry(a, handle=True) for a in mine]
    listing = templates.paginate("<b>Your actions</b>", entries, page, texts.NO_ACTIONS)
    if viewer.is_clerk:
        listing = replace(listing, text=f"{listing.text}\n\n<i>{texts.ACTIONS_BOARD_HINT}</i>")
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
    board_id = None
    if words.strip():
        board_id = await clerk_board_named(update, context, viewer, words.strip())
        if board_id is None:
            return
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
    clerked = broadcasts.clerk_boards(viewer)
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
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    words = args.strip() or None
    found = await decisions.decisions(
        deps_of(context).db, viewer=viewer, words=words, limit=RESULTS
    )
    title = f"<b>Decisions about “{h(words)}”</b>" if words else "<b>Recent decisions</b>"
    listing = templates.paginate(
        title,
        [templates.decision_entry(d) for d in found],
        page,
        texts.NO_DECISIONS.format(about=f" about “{h(words)}”" if words else ""),
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
    hits = await search.search(deps_of(context).db, viewer=viewer, words=words, limit=RESULTS)
    listing = templates.paginate(
        f"<b>Results for “{h(words)}”</b>",
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
    boards = await members.members(deps_of(context).db, viewer=viewer)
    listing = templates.paginate(
        "<b>Members</b>", templates.members_entries(boards), page, texts.NO_BOARDS
    )
    await send_page(update, context, listing, pager("b", "-", listing))


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    button = parse_callback(query.data)
    if not isinstance(button, PageButton):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if button.listing in ("d", "s"):
        words = recall_query(context, button.key)
        if words is None:
            await query.answer(texts.LIST_EXPIRED, show_alert=True)
            return
        show = show_decisions if button.listing == "d" else show_search
        await show(update, context, words, button.page)
        return
    if button.listing == "r":
        viewer = await require_clerk_viewer(update, context)
        if viewer is None:
            return
        board_id = int(button.key) if button.key.isdigit() else None
        await _register_page(update, context, viewer, board_id, button.page)
        return
    pages = {
        "m": meeting_handlers.show_meetings,
        "a": show_actions,
        "b": show_members,
    }
    await pages[button.listing](update, context, "", button.page)


async def my_actions_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
    await show_actions(update, context)


HANDLERS = (
    CommandHandler("actions", as_command(show_actions), filters=PRIVATE),
    CommandHandler("decisions", as_command(show_decisions), filters=PRIVATE),
    CommandHandler("search", as_command(show_search), filters=PRIVATE),
    CommandHandler("members", as_command(show_members), filters=PRIVATE),
    CallbackQueryHandler(page_button, pattern=rf"^{PAGE}:"),
    CallbackQueryHandler(my_actions_button, pattern=rf"^{MY_ACTIONS}$"),
)
