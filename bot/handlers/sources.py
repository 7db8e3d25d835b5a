"""A clerk's sync sources in chat (/source), and their answer to "the agenda is published on
the council's site — announce it?" ([Publish] / [Not now]).

/source lists, adds, syncs, re-times and removes the sources of the boards the clerk clerks;
every change goes through :mod:`services.sources` and :mod:`services.sync`, which check that
the clerk clerks the board. Committees offered as buttons are kept server-side (the site's
address would not fit in a button's 64 bytes): a button carries a short key and an index.

Reading a council's site can take minutes, and the Application handles updates one at a time:
/source add, sync and committees answer at once, do the reading in a task of the Application
(awaited on shutdown) and send the result when it is done. A source already syncing in this
process is not synced twice at once: whoever asks meanwhile gets the same report (the running
sources and the chats waiting for them are kept in ``bot_data``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import (
    SITE_PUBLISH,
    SITE_PUBLISHED,
    Prefix,
    SitePublishedButton,
    checked,
    parse_site_published_button,
    pattern,
)
from bot.conversations import shared_conversations
from bot.deps import BotDeps, deps_of
from bot.handlers.announce import show_publication_preview
from bot.handlers.buttons import Press, button
from bot.handlers.common import require_clerk_viewer
from bot.html import h
from bot.replies import reply_html, send_html
from core.errors import QuorumError
from services import broadcasts, sources, sync
from services.boards import BoardNeeded, clerk_board, clerk_boards
from services.notices import site_name
from services.sources import MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, SourceView
from services.views import Viewer
from sources.base import SourceFailure
from sources.registry import MODERNGOV, normalise_base_url

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
SOURCE = Prefix.SOURCE
# What a /source button does: add a listed committee (key, index), to a chosen board (key,
# index, board), remove a source once confirmed (source), or keep it (nothing).
ADD, ADD_TO, REMOVE, KEEP = "a", "b", "r", "k"
_SHAPES = {ADD: 2, ADD_TO: 3, REMOVE: 1, KEEP: 0}
# Committees shown (and offered as buttons) at once; the rest by filtering.
SHOWN_COMMITTEES = 30
_SITES = "source_sites"
_SITES_KEPT = 10
_BUTTON_LABEL = 60
# bot_data: sources syncing now (or waiting their turn) at a clerk's request -> the chats to
# report to when done.
_RUNNING = "source_syncs_running"
Running = dict[int, set[int]]


# -- callback data ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceButton:
    """A button under a /source answer (see ``_SHAPES``)."""

    action: str
    numbers: tuple[int, ...]


def source_button(action: str, *numbers: int) -> str:
    assert _SHAPES.get(action) == len(numbers)
    return checked(":".join([SOURCE, action, *map(str, numbers)]))


def parse_source_button(data: str | None) -> SourceButton | None:
    """Callback data of a /source button; anything else -> None."""
    parts = (data or "").split(":")
    if len(parts) < 2 or parts[0] != SOURCE:
        return None
    action, numbers = parts[1], parts[2:]
    if _SHAPES.get(action) != len(numbers) or not all(n.isdigit() for n in numbers):
        return None
    return SourceButton(action=action, numbers=tuple(int(n) for n in numbers))


# -- committees offered, kept server-side -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Offered:
    base_url: str
    committees: tuple[tuple[str, str], ...]  # (id, title)


def _keep_offer(context: ContextTypes.DEFAULT_TYPE, offer: _Offered) -> int:
    if context.user_data is None:
        raise QuorumError(texts.SOURCE_CHOICE_GONE)
    kept: dict[int, _Offered] = context.user_data.setdefault(_SITES, {})
    key = max(kept, default=0) + 1
    kept[key] = offer
    for old in sorted(kept)[:-_SITES_KEPT]:
        del kept[old]
    return key


def _offered(context: ContextTypes.DEFAULT_TYPE, key: int, index: int) -> tuple[str, str, str]:
    """(site, committee id, title) of an offered committee; QuorumError once forgotten."""
    kept = context.user_data.get(_SITES, {}) if context.user_data is not None else {}
    offer = kept.get(key)
    if not isinstance(offer, _Offered) or not 0 <= index < len(offer.committees):
        raise QuorumError(texts.SOURCE_CHOICE_GONE)
    ident, title = offer.committees[index]
    return offer.base_url, ident, title


# -- shared steps -------------------------------------------------------------------------------


def _zone(context: ContextTypes.DEFAULT_TYPE) -> ZoneInfo:
    return ZoneInfo(deps_of(context).settings.timezone)


def _base_url(text: str) -> str:
    try:
        return normalise_base_url(MODERNGOV, text)
    except ValueError as error:
        raise QuorumError(texts.SOURCE_BAD_URL.format(reason=error)) from error


def _failure(site: str, failure: SourceFailure) -> str:
    return texts.SOURCE_SITE_FAILED.format(
        site=h(site), reason=h(failure.reason), advice=h(failure.advice)
    )


def _chat_id(update: Update) -> int | None:
    chat = update.effective_chat
    return chat.id if chat is not None else None


async def _tell(bot: Bot, chat_ids: Iterable[int], markup: str) -> None:
    for chat_id in chat_ids:
        try:
            await send_html(bot, chat_id, markup)
        except TelegramError:
            log.warning("source: could not tell chat %s", chat_id, exc_info=True)


async def _failed(work: Awaitable[None]) -> str | None:
    """Do ``work`` (a command's slow part, after its first answer). None when it went well;
    else what to tell: a domain error's polite message, or an apology (the error logged)."""
    try:
        await work
    except QuorumError as error:
        return h(str(error))
    except Exception:
        log.exception("source: work in the background failed")
        return texts.SOMETHING_WRONG
    return None


async def _telling(bot: Bot, chat_id: int, work: Awaitable[None]) -> None:
    message = await _failed(work)
    if message is not None:
        await _tell(bot, [chat_id], message)


def _running(context: ContextTypes.DEFAULT_TYPE) -> Running:
    running: Running = context.bot_data.setdefault(_RUNNING, {})
    return running


async def _sync_and_report(
    bot: Bot, deps: BotDeps, running: Running, viewer: Viewer, source: SourceView
) -> None:
    """Sync ``source`` at ``viewer``'s request and report to the chats waiting for it. The
    clerk who asked hears of a failure from the report only (not from the failure notice
    too); the report names the source as it is after the sync (the committee's title the
    site gave)."""
    try:
        report = await sync.sync_source(
            deps.db,
            source_id=source.id,
            now=deps.clock.now(),
            opener=deps.opener,
            told_person_id=viewer.person_id,
        )
    finally:
        # Change notices, supplements, "announce it?" or the failure notice may be queued.
        deps.outbox.poke()
    with contextlib.suppress(QuorumError):  # removed meanwhile: named as it was
        source = await sources.get_source(deps.db, source_id=source.id, viewer=viewer)
    markup = templates.sync_report(report, source)
    await _tell(bot, running.pop(source.id, set()), markup)


async def _sync_in_turn(
    bot: Bot, deps: BotDeps, running: Running, viewer: Viewer, found: Sequence[SourceView]
) -> None:
    """Sync ``found`` one after another, reporting each as it is done to the chats waiting."""
    try:
        for source in found:
            try:
                message = await _failed(_sync_and_report(bot, deps, running, viewer, source))
            finally:
                waiting = running.pop(source.id, set())
            if message is not None:
                await _tell(bot, waiting, message)
    finally:
        for source in found:
            running.pop(source.id, None)


def _mark(running: Running, chat_id: int, found: Sequence[SourceView]) -> list[SourceView]:
    """Mark ``found`` as waited for in ``chat_id``; those not already running (to start)."""
    starting = [source for source in found if source.id not in running]
    for source in found:
        running.setdefault(source.id, set()).add(chat_id)
    return starting


def _start_syncs(
    context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, starting: Sequence[SourceView]
) -> None:
    """Sync ``starting`` (marked running) in the background at ``viewer``'s request; the
    reports follow."""
    context.application.create_task(
        _sync_in_turn(context.bot, deps_of(context), _running(context), viewer, starting),
        name="source-sync",
    )


def _unmark(running: Running, starting: Sequence[SourceView]) -> None:
    for source in starting:
        running.pop(source.id, None)


async def _add(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    *,
    board_id: int,
    base_url: str,
    committee_id: str,
    committee_title: str | None,
) -> None:
    """Add the source, say so, then sync it in the background and report when done."""
    deps = deps_of(context)
    board_name = clerk_boards(viewer)[board_id]
    added = await sources.add_source(
        deps.db,
        board_name=board_name,
        kind=MODERNGOV,
        base_url=base_url,
        committee_id=committee_id,
        committee_title=committee_title,
        viewer=viewer,
        now=deps.clock.now(),
    )
    await reply_html(
        update,
        context.bot,
        texts.SOURCE_ADDED.format(
            id=added.id,
            board=h(added.board_name),
            site=h(site_name(added.base_url)),
            committee=h(templates.source_committee(added)),
        ),
    )
    chat_id = _chat_id(update)
    if chat_id is not None:
        _start_syncs(context, viewer, _mark(_running(context), chat_id, [added]))


def _board_named(viewer: Viewer, words: list[str], command: str) -> int:
    """The board ``words`` name among those the clerk clerks (the only one when none)."""
    return clerk_board(viewer, words=" ".join(words), command=command)


# -- /source and its subcommands ----------------------------------------------------------------


async def _list(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    found = await sources.list_sources(deps_of(context).db, viewer=viewer)
    if not found:
        await reply_html(update, context.bot, texts.SOURCE_NONE)
        return
    zone = _zone(context)
    entries = [templates.source_entry(source, zone) for source in found]
    await reply_html(update, context.bot, "\n\n".join([texts.SOURCE_LIST_TITLE, *entries]))


async def _committees(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    if not words:
        await reply_html(update, context.bot, h(texts.SOURCE_COMMITTEES_USAGE))
        return
    base_url = _base_url(words[0])
    chat_id = _chat_id(update)
    if chat_id is None:
        return
    await reply_html(
        update, context.bot, texts.SOURCE_LOOKING_UP.format(site=h(site_name(base_url)))
    )
    user_id = update.effective_user.id if update.effective_user is not None else None
    work = _list_committees(context, chat_id, viewer, base_url, words, user_id=user_id)
    context.application.create_task(_telling(context.bot, chat_id, work), name="source-committees")


async def _list_committees(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    viewer: Viewer,
    base_url: str,
    words: list[str],
    *,
    user_id: int | None,
) -> None:
    """The site's committees matching ``words[1:]``, as buttons that add them (the offer kept
    in the user's state, saved at once for the instance that takes the press)."""
    site = site_name(base_url)
    wanted = [word.casefold() for word in words[1:]]
    try:
        listed = await sync.committees(MODERNGOV, base_url, opener=deps_of(context).opener)
    except SourceFailure as failure:
        await send_html(context.bot, chat_id, _failure(site, failure))
        return
    matching = [
        (committee.id, committee.title)
        for committee in listed
        if all(word in committee.title.casefold() for word in wanted)
    ]
    shown = matching[:SHOWN_COMMITTEES]
    boards = clerk_boards(viewer)
    board = next(iter(boards.values())) if len(boards) == 1 else None
    markup = templates.committees_listing(
        site, shown, count=len(matching), words=" ".join(words[1:]), board=board
    )
    keyboard = None
    if shown:
        key = _keep_offer(context, _Offered(base_url, tuple(shown)))
        # Kept after this update's state was saved (PostgreSQL): save it now, or the next
        # update would load the state without it.
        shared = shared_conversations(context.application)
        if shared is not None and user_id is not None:
            await shared.save_user(context.application, user_id)
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        templates.clip(f"{ident} — {title}", _BUTTON_LABEL),
                        callback_data=source_button(ADD, key, index),
                    )
                ]
                for index, (ident, title) in enumerate(shown)
            ]
        )
    await send_html(context.bot, chat_id, markup, keyboard)


async def _add_command(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    if len(words) < 2:
        await reply_html(update, context.bot, h(texts.SOURCE_ADD_USAGE))
        return
    base_url = _base_url(words[0])
    committee_id = words[1]
    board_id = _board_named(
        viewer, words[2:], texts.SOURCE_ADD_COMMAND.format(url=words[0], committee=committee_id)
    )
    await _add(
        update,
        context,
        viewer,
        board_id=board_id,
        base_url=base_url,
        committee_id=committee_id,
        committee_title=None,
    )


async def _sync(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    found = await _to_sync(context, viewer, words)
    if not found:
        await reply_html(update, context.bot, h(texts.SOURCE_NOTHING_TO_SYNC))
        return
    chat_id = _chat_id(update)
    if chat_id is None:
        return
    running = _running(context)
    starting = _mark(running, chat_id, found)
    lines = [
        (texts.SOURCE_SYNCING if source in starting else texts.SOURCE_SYNC_UNDER_WAY).format(
            source=templates.source_named(source)
        )
        for source in found
    ]
    try:
        await reply_html(update, context.bot, "\n".join(lines))
    except BaseException:
        _unmark(running, starting)
        raise
    if starting:
        _start_syncs(context, viewer, starting)


def _source_number(words: list[str]) -> int | None:
    """The source number ``words`` give ("12" or "#12"), if that is all they are."""
    number = words[0].removeprefix("#") if len(words) == 1 else ""
    return int(number) if number.isdigit() else None


async def _to_sync(
    context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> list[SourceView]:
    """The sources /source sync [words] means: one by its number ("12", "#12"), a board's by
    its name, or all of the clerk's boards'."""
    db = deps_of(context).db
    number = _source_number(words)
    if number is not None:
        return [await sources.get_source(db, source_id=number, viewer=viewer)]
    board_name = None
    if words:
        board_name = clerk_boards(viewer)[_board_named(viewer, words, texts.SOURCE_SYNC_COMMAND)]
    return await sources.list_sources(db, board_name=board_name, viewer=viewer)


async def _remove(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    number = _source_number(words)
    if number is None:
        await reply_html(update, context.bot, h(texts.SOURCE_REMOVE_USAGE))
        return
    source = await sources.get_source(deps_of(context).db, source_id=number, viewer=viewer)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_SOURCE_REMOVE, callback_data=source_button(REMOVE, source.id)
                ),
                InlineKeyboardButton(texts.BUTTON_SOURCE_KEEP, callback_data=source_button(KEEP)),
            ]
        ]
    )
    await reply_html(update, context.bot, templates.source_remove_confirm(source), keyboard)


async def _every(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    usage = texts.SOURCE_EVERY_USAGE.format(low=MIN_INTERVAL_MINUTES, high=MAX_INTERVAL_MINUTES)
    if not words or not words[0].isdigit():
        await reply_html(update, context.bot, h(usage))
        return
    minutes = int(words[0])
    if not MIN_INTERVAL_MINUTES <= minutes <= MAX_INTERVAL_MINUTES:
        await reply_html(update, context.bot, h(usage))
        return
    deps = deps_of(context)
    board_name = clerk_boards(viewer)[
        _board_named(viewer, words[1:], texts.SOURCE_EVERY_COMMAND.format(minutes=minutes))
    ]
    await sources.set_sync_interval(
        deps.db, minutes=minutes, board_name=board_name, viewer=viewer, now=deps.clock.now()
    )
    await reply_html(
        update,
        context.bot,
        templates.source_every_set(board_name, minutes),
    )


async def _usage(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> None:
    await reply_html(update, context.bot, texts.SOURCE_USAGE)


_SUBCOMMANDS = {
    "list": _list,
    "committees": _committees,
    "add": _add_command,
    "sync": _sync,
    "remove": _remove,
    "every": _every,
    "help": _usage,
}


async def source_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/source [list|committees|add|sync|remove|every|help]: a clerk's sync sources."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    words = list(context.args or [])
    subcommand = words[0].casefold() if words else "list"
    answer = _SUBCOMMANDS.get(subcommand, _usage)
    await answer(update, context, viewer, words[1:])


# -- buttons ------------------------------------------------------------------------------------


async def _drop_keyboard(press: Press[Any]) -> None:
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_reply_markup(reply_markup=None)


@button(SourceButton, parse_source_button, who="clerk", private=True)
async def source_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[SourceButton]
) -> None:
    """A committee to add (on the clerk's one board, or a board to pick first), or a removal
    confirmed or declined."""
    deps = deps_of(context)
    action, numbers = press.button.action, press.button.numbers
    if action == KEEP:
        await press.answer(texts.SOURCE_KEPT)
        await _drop_keyboard(press)
        return
    if action == REMOVE:
        removed = await sources.remove_source(deps.db, source_id=numbers[0], viewer=press.viewer)
        await press.answer()
        await _drop_keyboard(press)
        await reply_html(update, context.bot, templates.source_removed(removed))
        return
    key, index = numbers[0], numbers[1]
    base_url, committee_id, title = _offered(context, key, index)
    if action == ADD_TO:
        board_id = clerk_board(press.viewer, numbers[2])
    else:
        try:
            board_id = clerk_board(press.viewer)
        except BoardNeeded as needed:
            keyboard = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(name, callback_data=source_button(ADD_TO, key, index, b))]
                    for b, name in needed.choices.items()
                ]
            )
            await press.answer()
            question = texts.SOURCE_WHICH_BOARD.format(committee=h(f"{committee_id} — {title}"))
            await reply_html(update, context.bot, question, keyboard)
            return
    await press.answer()
    await _drop_keyboard(press)
    await _add(
        update,
        context,
        press.viewer,
        board_id=board_id,
        base_url=base_url,
        committee_id=committee_id,
        committee_title=title,
    )


@button(SitePublishedButton, parse_site_published_button, who="clerk")
async def site_published_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[SitePublishedButton]
) -> None:
    """[Publish]: the usual publication preview (the clerk then presses [Send to N members]);
    [Not now]: nothing changes, and the prompt says so. Both check first that the clerk clerks
    the meeting's board and that it can still be announced (else a polite alert)."""
    deps = deps_of(context)
    meeting_id = press.button.meeting_id
    if press.button.action == SITE_PUBLISH:
        await show_publication_preview(update, context, press.viewer, meeting_id=meeting_id)
        await press.answer()
        await _drop_keyboard(press)
        return
    preview = await broadcasts.preview_publication(
        deps.db, viewer=press.viewer, meeting_id=meeting_id, now=deps.clock.now()
    )
    await press.answer()
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_text(
            templates.site_published_not_now(preview.meeting), reply_markup=None
        )


HANDLERS = (
    CommandHandler("source", source_command, filters=PRIVATE),
    CallbackQueryHandler(source_pressed, pattern=pattern(SOURCE)),
    CallbackQueryHandler(site_published_pressed, pattern=pattern(SITE_PUBLISHED)),
)
