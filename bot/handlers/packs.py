"""A pack sent in chat: a clerk's document read, checked with them, and imported on [Import].

A document in a private chat from anyone who is not a clerk is never downloaded; nor is one
over Telegram's download limit for bots. Otherwise the bot downloads it, reads it off the event
loop (saying so when the read takes a while) and settles, one question at a time, what storage
needs and the reader did not find: the board (matched to the body the pack names among the
clerk's boards, asked when unclear or different), the date, the time. Each answer is tried by
a rehearsal of the import (:func:`services.imports.import_pack` with ``rehearse=True``, rolled
back), whose summary is the preview: exactly what [Import] would store and change. Nothing is
stored until [Import]; then [Publish now] or [Later].

The pack and the answers so far wait server-side in the clerk's ``user_data`` (a
:class:`PackDraft` under a short key, picklable for the shared conversation state); buttons
carry only that key. A typed answer to a question is read by :data:`ANSWER_READER` in handler
group :data:`ANSWER_GROUP`, ahead of the other handlers, with its /cancel
(:data:`ANSWER_CANCEL`).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import pack_preview, texts
from bot.awaiting import AwaitedText
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.announce import show_publication_preview
from bot.handlers.buttons import Press, button
from bot.handlers.common import today
from bot.html import h, split_message
from bot.replies import reply_html
from calendars.zones import format_date, format_when
from core.errors import QuorumError
from language.dates import parse_day, parse_when
from packs import Pack, PackError, read_text
from packs.formats import FileText, read_file_text
from services.boards import (
    BoardUnclear,
    clerk_board,
    clerk_boards,
    distinctive_words,
    reading_conventions,
    same_body,
)
from services.imports import (
    ImportNeeds,
    ImportNewBoard,
    ImportWouldRemove,
    ImportWrongBoard,
    import_pack,
)
from services.names import name_key
from services.people import viewer_for
from services.views import ImportSummary, Viewer

PRIVATE = filters.ChatType.PRIVATE
PACK = Prefix.PACK
# Files over settings.telegram_download_limit_mb are not downloaded (Telegram lets bots
# download up to 20 MB; a local Bot API server has no such limit).
_MEGABYTE = 1_000_000
# A read still going after this many seconds gets a "Reading the pack..." message; the chat
# action is renewed this often meanwhile (Telegram shows one for about five seconds).
READING_NOTICE_AFTER = 2.0
CHAT_ACTION_EVERY = 4.0
# How long a question about a pack waits for its typed answer.
ANSWER_WAIT = timedelta(minutes=30)
# The handler group of the typed-answer reader and its /cancel (before the other readers).
ANSWER_GROUP = -6
_DRAFTS = "pack_drafts"
_DRAFT_NUMBER = "pack_draft_number"
# Packs can be large: only the last few wait for their buttons.
_DRAFTS_KEPT = 3
_SAFE_NAME = re.compile(r"[^\w.\- ]+")
_NAME_LENGTH = 100

# The steps a button under a pack takes (the part after "pk:").
IMPORT = "i"
AGENDA = "a"
SHOW_ALL = "s"
THEY_LEFT = "l"
CANCEL = "x"
BOARD = "b"  # with the board's id
FORCE = "f"
SUGGESTION = "g"  # with the index of a suggested board name
NEW_BOARD = "n"
PUBLISH = "p"
LATER = "w"
_STEPS_WITH_CHOICE = frozenset({BOARD, SUGGESTION})
_STEPS = frozenset({IMPORT, AGENDA, SHOW_ALL, THEY_LEFT, CANCEL, FORCE, NEW_BOARD, PUBLISH, LATER})

# What a question waits for: the typed answers, and the confirmations asked with buttons only.
ASK_BOARD = "board"
ASK_DATE = "date"
ASK_TIME = "time"
# Two confirmations, each of its own: a board other than the body the pack names, and an
# import that would remove most of a meeting's items.
ASK_FORCE_BOARD = "force-board"
ASK_FORCE_REMOVE = "force-remove"
ASK_NEW_BOARD = "new-board"


# -- callback data ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackButton:
    """A button under a pack: the step, the draft's key, and a choice (a board) for some."""

    step: str
    draft: str
    choice: int | None = None


def pack_button(step: str, draft: str, choice: int | None = None) -> str:
    assert draft.isdigit() and (choice is None) == (step not in _STEPS_WITH_CHOICE)
    return checked(f"{PACK}:{step}:{draft}" + ("" if choice is None else f":{choice}"))


def parse_pack_button(data: str | None) -> PackButton | None:
    """Callback data of a pack's buttons; anything else -> None."""
    parts = (data or "").split(":")
    if len(parts) < 3 or parts[0] != PACK or not parts[2].isdigit():
        return None
    step, draft = parts[1], parts[2]
    if step in _STEPS_WITH_CHOICE and len(parts) == 4 and parts[3].isdigit():
        return PackButton(step=step, draft=draft, choice=int(parts[3]))
    if step in _STEPS and len(parts) == 3:
        return PackButton(step=step, draft=draft)
    return None


# -- what waits server-side ---------------------------------------------------------------------


@dataclass(slots=True)
class PackDraft:
    """A pack read in chat and the clerk's answers so far (``pack`` is dropped once imported)."""

    name: str
    chat_id: int
    pack: Pack | None
    board_name: str | None = None
    board_id: int | None = None
    meeting_date: date | None = None
    meeting_time: time | None = None
    force_board: bool = False
    force_remove: bool = False
    new_board: bool = False
    retire_unlisted: bool = False
    all_items: bool = False
    asking: str | None = None
    suggestions: tuple[str, ...] = ()
    question_message_id: int | None = None
    preview_message_id: int | None = None
    notes: list[str] = field(default_factory=list)
    imported: bool = False
    meeting_id: int | None = None


@dataclass(frozen=True, slots=True)
class AwaitedPackAnswer:
    """A question about a pack (the board, the date, the time) waiting for a typed answer."""

    draft: str
    needs: str
    chat_id: int
    asked_at_utc: datetime


_QUESTION = AwaitedText("awaiting_pack_answer", AwaitedPackAnswer, ANSWER_WAIT)


def _drafts(context: ContextTypes.DEFAULT_TYPE) -> dict[str, PackDraft]:
    if context.user_data is None:
        raise QuorumError(texts.PACK_GONE)
    drafts: dict[str, PackDraft] = context.user_data.setdefault(_DRAFTS, {})
    return drafts


def _keep(context: ContextTypes.DEFAULT_TYPE, draft: PackDraft) -> str:
    drafts = _drafts(context)
    assert context.user_data is not None
    number = int(context.user_data.get(_DRAFT_NUMBER, 0)) + 1
    context.user_data[_DRAFT_NUMBER] = number
    key = str(number)
    drafts[key] = draft
    for old in sorted(drafts, key=int)[:-_DRAFTS_KEPT]:
        del drafts[old]
    return key


def _draft(context: ContextTypes.DEFAULT_TYPE, key: str) -> PackDraft | None:
    found = context.user_data.get(_DRAFTS, {}).get(key) if context.user_data else None
    return found if isinstance(found, PackDraft) else None


def _drop(context: ContextTypes.DEFAULT_TYPE, key: str) -> PackDraft | None:
    found = context.user_data.get(_DRAFTS, {}).pop(key, None) if context.user_data else None
    pending = _QUESTION.pending(context)
    if pending is not None and pending.draft == key:
        _QUESTION.forget(context)
    return found if isinstance(found, PackDraft) else None


def _forget_questions(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget the pack's question still waiting (asking another forgets every other kind:
    see bot/awaiting.py)."""
    _QUESTION.forget(context)


# -- sending ------------------------------------------------------------------------------------


async def _send(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    markup: str,
    keyboard: InlineKeyboardMarkup | None = None,
) -> int:
    """Send ``markup`` split at Telegram's limit, the keyboard on the last part; its id."""
    message_id = 0
    parts = split_message(markup)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await context.bot.send_message(
            chat_id, part, reply_markup=keyboard if last else None
        )
        message_id = sent.message_id
    return message_id


async def _drop_keyboard(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int | None
) -> None:
    if message_id is None:
        return
    with contextlib.suppress(TelegramError):
        await context.bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=None
        )


def _keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


# -- reading ------------------------------------------------------------------------------------


def _file_name(document: Document) -> str:
    """The document's name, safe as a file name in a folder of our own."""
    name = _SAFE_NAME.sub("_", Path(document.file_name or "").name).strip(" .")
    return name[-_NAME_LENGTH:] or f"{document.file_unique_id}.txt"


async def _download(context: ContextTypes.DEFAULT_TYPE, document: Document, path: Path) -> None:
    file = await context.bot.get_file(document.file_id)
    await file.download_to_drive(path)


async def _read_file(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, path: Path, name: str
) -> FileText:
    """The file's text, read in a worker thread; a read that takes a while gets a message,
    edited when it ends. Raises PackError."""
    reading = asyncio.ensure_future(asyncio.to_thread(read_file_text, path))
    notice: Message | None = None
    try:
        while True:
            wait = READING_NOTICE_AFTER if notice is None else CHAT_ACTION_EVERY
            done, _ = await asyncio.wait({reading}, timeout=wait)
            if done:
                break
            if notice is None:
                notice = await context.bot.send_message(
                    chat_id, texts.PACK_READING.format(name=h(name))
                )
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        read = reading.result()
    except PackError:
        if notice is not None:
            with contextlib.suppress(TelegramError):
                await notice.edit_text(texts.PACK_NOT_READ.format(name=h(name)))
        raise
    if notice is not None:
        with contextlib.suppress(TelegramError):
            await notice.edit_text(texts.PACK_READ.format(name=h(name)))
    return read


async def _pack_of(
    context: ContextTypes.DEFAULT_TYPE,
    read: FileText,
    name: str,
    board_name: str | None = None,
    first: Pack | None = None,
) -> Pack:
    """The text read as a pack with the conventions (zone, date order) of ``board_name``, else
    the deployment's zone; ``first`` (read so) when the board's are the same. Raises
    PackError."""
    deps = deps_of(context)
    conventions = await reading_conventions(deps.db, name=board_name) if board_name else None
    zone = conventions.timezone if conventions else deps.settings.timezone
    day_first = conventions.day_first if conventions else None
    if first is not None and zone == deps.settings.timezone and day_first is None:
        return first
    return await asyncio.to_thread(
        read_text,
        read.text,
        source=name,
        zone=ZoneInfo(zone),
        day_first=day_first,
        notes=read.notes,
    )


async def _zone_of(context: ContextTypes.DEFAULT_TYPE, board_name: str) -> ZoneInfo:
    """The zone of the board called ``board_name``, else the deployment's."""
    deps = deps_of(context)
    conventions = await reading_conventions(deps.db, name=board_name)
    return ZoneInfo(conventions.timezone if conventions else deps.settings.timezone)


def _found_nothing(pack: Pack) -> bool:
    """Whether the reader found nothing of a meeting paper in the document."""
    meeting = pack.meeting
    return not (
        pack.agenda
        or pack.members
        or pack.actions
        or pack.resolutions
        or pack.previous_meeting
        or meeting.start
        or meeting.day
    )


def _board_named(pack: Pack, boards: dict[int, str]) -> int | None:
    """The clerk's board the pack names: the same name (ignoring case and punctuation), else
    the one board that is the same body by its distinctive words
    (:func:`services.boards.same_body`, as the import's own lookup); None when none or several
    fit. A pack that names no body is for the clerk's board when they clerk just one."""
    if pack.body is None:
        return next(iter(boards)) if len(boards) == 1 else None
    key = name_key(pack.body)
    named = [board_id for board_id, name in boards.items() if name_key(name) == key]
    if len(named) == 1:
        return named[0]
    if not distinctive_words(pack.body):
        return None
    fits = [
        board_id
        for board_id, name in boards.items()
        if same_body(pack.body, pack.organisation, board_name=name, board_organisation=None)
    ]
    return fits[0] if len(fits) == 1 else None


def _clerked_board(draft: PackDraft, viewer: Viewer) -> str | None:
    """The draft's board as the viewer clerks it now (its current name, kept in the draft);
    None when they no longer clerk it (or it is not a board of theirs)."""
    boards = clerk_boards(viewer)
    if draft.board_id is None and draft.board_name is not None:
        key = name_key(draft.board_name)
        draft.board_id = next((i for i, name in boards.items() if name_key(name) == key), None)
    if draft.board_id not in boards:
        return None
    draft.board_name = boards[draft.board_id]
    return draft.board_name


async def _refuse_board(context: ContextTypes.DEFAULT_TYPE, key: str, draft: PackDraft) -> None:
    """The clerk no longer clerks the draft's board: the pack is dropped, nothing stored."""
    _drop(context, key)
    await _drop_keyboard(context, draft.chat_id, draft.question_message_id)
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    board = draft.board_name or ""
    await _send(
        context, draft.chat_id, texts.PACK_NOT_CLERK.format(board=h(board), name=h(draft.name))
    )


# -- a document arrives -------------------------------------------------------------------------


async def document_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document in a private chat: a clerk's pack to import, or politely not opened."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or message.document is None or chat is None or user is None:
        return
    deps = deps_of(context)
    viewer = await viewer_for(deps.db, telegram_user_id=user.id)
    if viewer is None or not viewer.is_clerk:
        await reply_html(update, context.bot, texts.PACK_CLERKS_ONLY)
        return
    document = message.document
    limit_mb = deps.settings.telegram_download_limit_mb
    if (document.file_size or 0) > limit_mb * _MEGABYTE:
        size = max((document.file_size or 0) // _MEGABYTE, limit_mb + 1)
        await reply_html(update, context.bot, texts.PACK_TOO_BIG.format(size=size, limit=limit_mb))
        return
    _forget_questions(context)  # one question at a time: a new pack ends the last one's
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    name = _file_name(document)
    with tempfile.TemporaryDirectory(prefix="quorum-pack-") as folder:
        path = Path(folder) / name
        try:
            await _download(context, document, path)
        except TelegramError as error:
            await reply_html(
                update, context.bot, texts.PACK_DOWNLOAD_FAILED.format(problem=h(error.message))
            )
            return
        try:
            read = await _read_file(context, chat.id, path, name)
        except PackError as error:
            await reply_html(update, context.bot, texts.PACK_UNREADABLE.format(problem=h(error)))
            return
    boards = clerk_boards(viewer)
    try:
        pack = await _pack_of(context, read, name)
        board_id = _board_named(pack, boards)
        board_name = boards[board_id] if board_id is not None else None
        if board_name is not None:
            pack = await _pack_of(context, read, name, board_name, first=pack)
    except PackError as error:
        await reply_html(update, context.bot, texts.PACK_UNREADABLE.format(problem=h(error)))
        return
    if _found_nothing(pack):
        await reply_html(update, context.bot, texts.PACK_NOTHING_FOUND.format(name=h(name)))
        return
    draft = PackDraft(
        name=name, chat_id=chat.id, pack=pack, board_name=board_name, board_id=board_id
    )
    key = _keep(context, draft)
    await _advance(context, key, draft, viewer)


# -- the next question, or the preview ----------------------------------------------------------


async def _import(
    context: ContextTypes.DEFAULT_TYPE, draft: PackDraft, *, rehearse: bool
) -> ImportSummary:
    """Import (or rehearse) the draft into its board; the caller has checked that the clerk
    still clerks it (:func:`_clerked_board`)."""
    deps = deps_of(context)
    assert draft.pack is not None and draft.board_name is not None
    return await import_pack(
        deps.db,
        pack=draft.pack,
        board_name=draft.board_name,
        timezone=deps.settings.timezone,
        now=deps.clock.now(),
        meeting_date=draft.meeting_date,
        meeting_time=draft.meeting_time,
        force_board=draft.force_board,
        force_remove=draft.force_remove,
        new_board=draft.new_board,
        retire_unlisted=draft.retire_unlisted,
        rehearse=rehearse,
    )


async def _advance(
    context: ContextTypes.DEFAULT_TYPE,
    key: str,
    draft: PackDraft,
    viewer: Viewer,
    *,
    edit: bool = False,
) -> None:
    """Ask the next thing the import needs, or show the preview (in place when ``edit``)."""
    if draft.pack is None:
        return
    if draft.board_name is None:
        await _ask_board(context, key, draft, viewer)
        return
    if _clerked_board(draft, viewer) is None:
        await _refuse_board(context, key, draft)
        return
    try:
        summary = await _import(context, draft, rehearse=True)
    except ImportNeeds as needs:
        if needs.needs == ASK_BOARD:
            draft.board_name, draft.board_id = None, None
            await _ask_board(context, key, draft, viewer)
        elif needs.needs == ASK_DATE:
            minutes = draft.pack.kind == "minutes"
            question = texts.PACK_ASK_MINUTES_DATE if minutes else texts.PACK_ASK_DATE
            await _ask(context, key, draft, ASK_DATE, question)
        else:
            day = _known_day(draft)
            shown = h(format_date(day)) if day else ""
            await _ask(context, key, draft, ASK_TIME, texts.PACK_ASK_TIME.format(day=shown))
        return
    except ImportWrongBoard as wrong:
        rows = [
            [
                (
                    texts.BUTTON_PACK_FORCE_BOARD.format(board=wrong.board_name),
                    pack_button(FORCE, key),
                )
            ],
            [(texts.BUTTON_PACK_CANCEL, pack_button(CANCEL, key))],
        ]
        refusal = texts.PACK_WRONG_BOARD.format(body=h(wrong.pack_body), board=h(wrong.board_name))
        await _ask(context, key, draft, ASK_FORCE_BOARD, refusal, rows)
        return
    except ImportWouldRemove as removing:
        rows = [
            [(texts.BUTTON_PACK_FORCE, pack_button(FORCE, key))],
            [(texts.BUTTON_PACK_CANCEL, pack_button(CANCEL, key))],
        ]
        zone = await _zone_of(context, removing.board_name)
        guard = texts.PACK_WOULD_REMOVE.format(
            removed=sum(loss.removed for loss in removing.losses),
            stored=sum(loss.stored for loss in removing.losses),
            board=h(removing.board_name),
            when=h(format_when(removing.starts_at_utc, zone)),
        )
        await _ask(context, key, draft, ASK_FORCE_REMOVE, guard, rows)
        return
    except ImportNewBoard as unknown:
        draft.suggestions = tuple(unknown.suggestions)
        rows = [
            [(name, pack_button(SUGGESTION, key, index))]
            for index, name in enumerate(draft.suggestions)
        ]
        new_board = texts.BUTTON_PACK_NEW_BOARD.format(board=unknown.board_name)
        rows += [
            [(new_board, pack_button(NEW_BOARD, key))],
            [(texts.BUTTON_PACK_CANCEL, pack_button(CANCEL, key))],
        ]
        guard = texts.PACK_NEW_BOARD.format(board=h(unknown.board_name))
        await _ask(context, key, draft, ASK_NEW_BOARD, guard, rows)
        return
    except QuorumError as refused:
        _drop(context, key)
        refusal = texts.PACK_REFUSED.format(name=h(draft.name), problem=h(refused))
        await _send(context, draft.chat_id, refusal)
        return
    draft.asking = None
    await _show_preview(context, key, draft, summary, edit=edit)


def _notes(draft: PackDraft) -> list[str]:
    """What the clerk should see above the meeting: a board that differs from the pack's."""
    pack = draft.pack
    if pack is None or not pack.body or draft.board_name is None:
        return []
    if name_key(pack.body) == name_key(draft.board_name):
        return []
    return [texts.PACK_BODY_DIFFERS.format(body=pack.body, board=draft.board_name)]


async def _show_preview(
    context: ContextTypes.DEFAULT_TYPE,
    key: str,
    draft: PackDraft,
    summary: ImportSummary,
    *,
    edit: bool,
) -> None:
    assert draft.pack is not None
    markup = pack_preview.preview(
        draft.name,
        draft.pack,
        summary,
        retire_unlisted=draft.retire_unlisted,
        all_items=draft.all_items,
        notes=_notes(draft),
    )
    rows: list[list[tuple[str, str]]] = [[(texts.BUTTON_PACK_IMPORT, pack_button(IMPORT, key))]]
    more = [(texts.BUTTON_PACK_AGENDA, pack_button(AGENDA, key))]
    if not draft.all_items and len(draft.pack.agenda) > pack_preview.PREVIEW_ITEMS:
        label = texts.BUTTON_PACK_SHOW_ALL.format(count=len(draft.pack.agenda))
        more.append((label, pack_button(SHOW_ALL, key)))
    rows.append(more)
    if summary.members_not_listed:
        left = texts.BUTTON_PACK_THEY_STAY if draft.retire_unlisted else texts.BUTTON_PACK_THEY_LEFT
        rows.append([(left, pack_button(THEY_LEFT, key))])
    rows.append([(texts.BUTTON_PACK_CANCEL, pack_button(CANCEL, key))])
    keyboard = _keyboard(rows)
    parts = split_message(markup)
    if edit and draft.preview_message_id is not None and len(parts) == 1:
        try:
            await context.bot.edit_message_text(
                parts[0],
                chat_id=draft.chat_id,
                message_id=draft.preview_message_id,
                reply_markup=keyboard,
            )
            return
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    draft.preview_message_id = await _send(context, draft.chat_id, markup, keyboard)


async def _ask(
    context: ContextTypes.DEFAULT_TYPE,
    key: str,
    draft: PackDraft,
    needs: str,
    question: str,
    rows: list[list[tuple[str, str]]] | None = None,
) -> None:
    """Put one question to the clerk; a typed answer is awaited for the board, date and time."""
    rows = rows if rows is not None else [[(texts.BUTTON_PACK_CANCEL, pack_button(CANCEL, key))]]
    draft.asking = needs
    await _drop_keyboard(context, draft.chat_id, draft.question_message_id)
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    draft.preview_message_id = None
    draft.question_message_id = await _send(context, draft.chat_id, question, _keyboard(rows))
    _forget_questions(context)  # one question at a time
    if needs in (ASK_BOARD, ASK_DATE, ASK_TIME):
        _QUESTION.ask(
            context,
            AwaitedPackAnswer(
                draft=key,
                needs=needs,
                chat_id=draft.chat_id,
                asked_at_utc=deps_of(context).clock.now(),
            ),
        )


async def _ask_board(
    context: ContextTypes.DEFAULT_TYPE, key: str, draft: PackDraft, viewer: Viewer
) -> None:
    assert draft.pack is not None
    body = draft.pack.body
    question = texts.PACK_WHICH_BOARD_NAMED.format(body=h(body)) if body else texts.PACK_WHICH_BOARD
    rows = [
        [(name, pack_button(BOARD, key, board_id))]
        for board_id, name in clerk_boards(viewer).items()
    ]
    rows.append([(texts.BUTTON_PACK_CANCEL, pack_button(CANCEL, key))])
    await _ask(context, key, draft, ASK_BOARD, question, rows)


def _known_day(draft: PackDraft) -> date | None:
    """The meeting's day as answered or read (for the question about its time)."""
    if draft.meeting_date is not None:
        return draft.meeting_date
    meeting = draft.pack.meeting if draft.pack is not None else None
    if meeting is None:
        return None
    return meeting.day or (meeting.start.date() if meeting.start else None)


# -- typed answers ------------------------------------------------------------------------------


def _date_answer(text: str, *, on: date, minutes: bool) -> tuple[date, time | None] | None:
    """The day (and a time, if given) typed for a meeting; minutes' meetings are past."""
    if minutes:
        day = parse_day(text, today=on, past=True)
        return (day, None) if day is not None else None
    when = parse_when(text, today=on)
    return (when.day, when.at) if when is not None else None


def _time_answer(text: str, *, on: date, day: date | None) -> tuple[date | None, time] | None:
    """The time typed for a meeting on ``day`` ("2pm", "14:00"), with a day if one was typed."""
    when = parse_when(text, today=on)
    if when is not None and when.at is not None:
        return when.day, when.at
    if day is None:
        return None
    when = parse_when(f"{day.day} {day:%B} {day.year} {text}", today=on)
    if when is None or when.at is None or when.day != day:
        return None
    return None, when.at


async def read_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text while a question about a pack waits: it is the answer, and no other handler sees
    it. Otherwise (nothing asked, another chat, too late) leave it to the other handlers."""
    answered = _QUESTION.answer(update, context)
    if answered is None:
        return
    question, text = answered
    draft = _draft(context, question.draft)
    if draft is None or draft.pack is None or draft.asking != question.needs:
        _QUESTION.forget(context)
        return
    deps = deps_of(context)
    user = update.effective_user
    viewer = await viewer_for(deps.db, telegram_user_id=user.id) if user else None
    if viewer is None or not viewer.is_clerk:
        _QUESTION.forget(context)
        return
    retry = _take_answer(draft, question.needs, text, viewer, on=today(context))
    if retry is not None:
        _QUESTION.ask(context, replace(question, asked_at_utc=deps.clock.now()))
        await reply_html(update, context.bot, retry)
        raise ApplicationHandlerStop
    _QUESTION.forget(context)
    await _drop_keyboard(context, draft.chat_id, draft.question_message_id)
    draft.asking = None
    await _advance(context, question.draft, draft, viewer)
    raise ApplicationHandlerStop


def _take_answer(
    draft: PackDraft, needs: str, text: str, viewer: Viewer, *, on: date
) -> str | None:
    """Put the typed answer into ``draft``; what to say instead when it cannot be read."""
    assert draft.pack is not None
    if needs == ASK_BOARD:
        try:
            board_id = clerk_board(viewer, words=text)
        except BoardUnclear as unclear:
            return texts.PACK_BOARD_RETRY.format(problem=h(unclear))
        draft.board_name, draft.board_id = clerk_boards(viewer)[board_id], board_id
        return None
    if needs == ASK_DATE:
        dated = _date_answer(text, on=on, minutes=draft.pack.kind == "minutes")
        if dated is None:
            return texts.PACK_DATE_RETRY.format(text=h(text))
        draft.meeting_date, at = dated
        draft.meeting_time = at or draft.meeting_time
        return None
    timed = _time_answer(text, on=on, day=_known_day(draft))
    if timed is None:
        return texts.PACK_TIME_RETRY.format(text=h(text))
    day, draft.meeting_time = timed
    draft.meeting_date = day or draft.meeting_date
    return None


async def cancel_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel while a question about a pack waits: the pack is dropped, nothing stored.
    Otherwise leave /cancel to the other handlers."""
    question = _QUESTION.pending(context)
    if question is None:
        return
    draft = _drop(context, question.draft)
    _QUESTION.forget(context)
    if draft is not None:
        await _drop_keyboard(context, draft.chat_id, draft.question_message_id)
        await reply_html(update, context.bot, texts.PACK_CANCELLED.format(name=h(draft.name)))
    else:
        await reply_html(update, context.bot, texts.PACK_GONE)
    raise ApplicationHandlerStop


# -- buttons ------------------------------------------------------------------------------------

Step = Callable[
    [Update, ContextTypes.DEFAULT_TYPE, Press[PackButton], str, PackDraft], Awaitable[None]
]


@button(PackButton, parse_pack_button, who="clerk", private=True, stale=texts.PACK_GONE)
async def pack_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[PackButton]
) -> None:
    """Any button under a pack: each press is checked against the draft it names, so a stale
    or second press changes nothing and says so."""
    key = press.button.draft
    draft = _draft(context, key)
    if draft is None:
        await press.answer(texts.PACK_GONE, alert=True)
        return
    step = press.button.step
    if draft.imported and step not in (PUBLISH, LATER):
        await press.answer(texts.PACK_ALREADY_IMPORTED, alert=True)
        return
    await _STEP_HANDLERS[step](update, context, press, key, draft)


async def _import_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    if draft.asking is not None or draft.pack is None:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    if _clerked_board(draft, press.viewer) is None:
        await _refuse_board(context, key, draft)
        return
    draft.imported = True  # before any await: a second press finds it taken
    try:
        summary = await _import(context, draft, rehearse=False)
    except (ImportNeeds, ImportWrongBoard, ImportWouldRemove, ImportNewBoard):
        # Something changed since the preview: ask again.
        draft.imported = False
        await _advance(context, key, draft, press.viewer)
        return
    except BaseException:
        draft.imported = False
        raise
    deps = deps_of(context)
    deps.outbox.poke()  # change notices to members, queued by the import
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    publishable = (
        not summary.minutes and not summary.called_off and summary.starts_at_utc > deps.clock.now()
    )
    draft.pack, draft.meeting_id = None, summary.meeting_id
    keyboard = None
    if publishable:
        keyboard = _keyboard(
            [
                [
                    (texts.BUTTON_PACK_PUBLISH_NOW, pack_button(PUBLISH, key)),
                    (texts.BUTTON_PACK_LATER, pack_button(LATER, key)),
                ]
            ]
        )
    else:
        _drop(context, key)
    markup = pack_preview.imported(draft.name, summary, publishable=publishable)
    draft.preview_message_id = await _send(context, draft.chat_id, markup, keyboard)


async def _agenda_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    if draft.pack is None:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    await _send(context, draft.chat_id, pack_preview.agenda(draft.name, draft.pack))


async def _show_all_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    draft.all_items = True
    await _again(context, press, key, draft)


async def _they_left_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    draft.retire_unlisted = not draft.retire_unlisted
    await _again(context, press, key, draft)


async def _again(
    context: ContextTypes.DEFAULT_TYPE, press: Press[PackButton], key: str, draft: PackDraft
) -> None:
    """The preview again, in place, after a change of view or of an answer."""
    if draft.asking is not None:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    await _advance(context, key, draft, press.viewer, edit=True)


async def _cancel_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    _drop(context, key)
    await _drop_keyboard(context, draft.chat_id, draft.question_message_id)
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    await _send(context, draft.chat_id, texts.PACK_CANCELLED.format(name=h(draft.name)))


async def _answered(
    context: ContextTypes.DEFAULT_TYPE, press: Press[PackButton], draft: PackDraft, asked: str
) -> bool:
    """Whether the press answers the question the draft is asking (else it is told so)."""
    if draft.asking != asked or draft.pack is None:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return False
    pending = _QUESTION.pending(context)
    if pending is not None and pending.needs == asked:
        _QUESTION.forget(context)
    draft.asking = None
    await _drop_keyboard(context, draft.chat_id, draft.question_message_id)
    return True


async def _board_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    boards = clerk_boards(press.viewer)
    choice = press.button.choice
    if choice not in boards:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    if await _answered(context, press, draft, ASK_BOARD):
        draft.board_name, draft.board_id = boards[choice], choice
        await _advance(context, key, draft, press.viewer)


async def _force_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    # Each confirmation goes on past its own guard only: confirming the board still asks
    # about items the import would remove.
    asked = draft.asking if draft.asking in (ASK_FORCE_BOARD, ASK_FORCE_REMOVE) else ASK_FORCE_BOARD
    if await _answered(context, press, draft, asked):
        if asked == ASK_FORCE_BOARD:
            draft.force_board = True
        else:
            draft.force_remove = True
        await _advance(context, key, draft, press.viewer)


async def _suggestion_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    choice = press.button.choice
    if choice is None or choice >= len(draft.suggestions):
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    if await _answered(context, press, draft, ASK_NEW_BOARD):
        draft.board_name, draft.board_id = draft.suggestions[choice], None
        await _advance(context, key, draft, press.viewer)


async def _new_board_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    if await _answered(context, press, draft, ASK_NEW_BOARD):
        draft.new_board = True
        await _advance(context, key, draft, press.viewer)


async def _publish_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    if not draft.imported or draft.meeting_id is None:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    _drop(context, key)  # before any await: a second press finds nothing to publish
    await press.answer()
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    # The same preview as /publish: exactly what members get and who gets it, then
    # [Send to N members]; nothing goes out before that press.
    await show_publication_preview(update, context, press.viewer, meeting_id=draft.meeting_id)


async def _later_pressed(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: Press[PackButton],
    key: str,
    draft: PackDraft,
) -> None:
    if not draft.imported:
        await press.answer(texts.PACK_STALE_CHOICE, alert=True)
        return
    _drop(context, key)
    await _drop_keyboard(context, draft.chat_id, draft.preview_message_id)
    await _send(context, draft.chat_id, texts.PACK_PUBLISH_LATER)


_STEP_HANDLERS: dict[str, Step] = {
    IMPORT: _import_pressed,
    AGENDA: _agenda_pressed,
    SHOW_ALL: _show_all_pressed,
    THEY_LEFT: _they_left_pressed,
    CANCEL: _cancel_pressed,
    BOARD: _board_pressed,
    FORCE: _force_pressed,
    SUGGESTION: _suggestion_pressed,
    NEW_BOARD: _new_board_pressed,
    PUBLISH: _publish_pressed,
    LATER: _later_pressed,
}


HANDLERS = (
    MessageHandler(PRIVATE & filters.Document.ALL, document_received),
    CallbackQueryHandler(pack_pressed, pattern=pattern(PACK)),
)
# Registered in group ANSWER_GROUP, ahead of the other handlers (see the module's docstring).
ANSWER_READER = MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, read_answer)
ANSWER_CANCEL = CommandHandler("cancel", cancel_answer, filters=PRIVATE)
