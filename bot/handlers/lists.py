"""Lists a member asks for: actions, decisions, search results, members; and their pages."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import MY_ACTIONS, PAGE, PageButton, parse_callback
from bot.deps import deps_of
from bot.handlers import meetings as meeting_handlers
from bot.handlers.common import (
    as_command,
    recall_query,
    remember_query,
    require_viewer,
    send_page,
    today,
)
from bot.html import h
from bot.keyboards import pager
from bot.replies import reply_html
from services import actions, decisions, members, search

PRIVATE = filters.ChatType.PRIVATE
RESULTS = 40  # enough for five pages; a longer list needs better words


async def show_actions(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "", page: int = 0
) -> None:
    """The viewer's actions; a clerk also sees their boards' open and overdue ones."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    db, day = deps_of(context).db, today(context)
    entries = [
        templates.action_entry(a) for a in await actions.my_actions(db, viewer=viewer, today=day)
    ]
    if viewer.is_clerk:
        board = await actions.board_actions(db, viewer=viewer, today=day)
        others = [templates.action_entry(a) for a in board if not a.mine]
        if others:
            entries += ["<b>Your boards' open actions</b>", *others]
    listing = templates.paginate("<b>Your actions</b>", entries, page, texts.NO_ACTIONS)
    await send_page(update, context, listing, pager("a", "-", listing))


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
