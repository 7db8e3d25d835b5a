"""/meeting new and /item add|edit|move|drop: a clerk builds or corrects an agenda in chat.

``/meeting new`` takes everything at once (``14 January 2027 7pm, Village Hall, LINK``) or asks
one question at a time (the board, when, where, a join link), each answer read from the
clerk's next text as other answers are (:class:`bot.awaiting.AwaitedText`); nothing is stored
before [Create]. The draft stays server-side and its button carries only a key, so a second
press finds nothing to create. ``/item`` changes the next meeting's agenda (or the meeting of a
date put first) and shows the agenda as it now is; a drop asks first. What members are told is
decided in :mod:`services.agenda_edit`.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
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
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import command_args, require_clerk_viewer, today
from bot.html import h
from bot.replies import reply_html
from calendars.zones import format_date, format_when, local_to_utc
from core.errors import NotFoundError, QuorumError
from language.dates import parse_when
from services import agenda_edit, messages
from services.agenda_edit import AgendaEdited
from services.boards import BoardUnclear, clerk_board, clerk_boards
from services.views import MeetingView, Viewer

PRIVATE = filters.ChatType.PRIVATE
EDIT = Prefix.AGENDA_EDIT
# How long a question of /meeting new waits for its answer.
ANSWER_WAIT = timedelta(minutes=30)
_DRAFTS = "meeting_new_drafts"
_DRAFTS_KEPT = 5
_SERIAL = "meeting_new_serial"
_LINK = re.compile(r"(?i)\bhttps?://\S+")
_ITEM_VERB = re.compile(r"^/item(?:@\w+)?\s+(?:add|edit|move|drop)\b", re.IGNORECASE)
_FIELDS = ("title", "presenter", "duration", "pages", "exempt", "number")
_PLACES = ("after", "before", "to")
_AFTER = re.compile(r"^(?P<title>.+?)\s+after\s+(?P<number>\d+[A-Za-z]?)$", re.IGNORECASE)
_PAGES = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$")
_MINUTES = re.compile(r"^(\d+)\s*(?:m|min|mins|minutes)?$", re.IGNORECASE)
_DATE_WORDS = 4


# -- /meeting new: the draft and its questions --------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    """A meeting being put together; ``step`` is the question it waits for (or "confirm")."""

    chat_id: int
    asked_at_utc: datetime
    step: str
    board_id: int | None = None
    board_name: str = ""
    day: date | None = None
    at: time | None = None
    place: str | None = None
    link: str | None = None
    # Whether the place and the join link have been given or asked for (with words after
    # /meeting new nothing more is asked: both are optional).
    place_asked: bool = False
    link_asked: bool = False


_QUESTION = AwaitedText("awaiting_meeting_new", MeetingDraft, ANSWER_WAIT)


def _is_none(text: str) -> bool:
    return text.strip().casefold() in texts.NONE_WORDS


def _ask_text(viewer: Viewer, draft: MeetingDraft) -> str:
    if draft.step == "board":
        return texts.MEETING_NEW_ASK_BOARD.format(
            boards=h(", ".join(clerk_boards(viewer).values()))
        )
    if draft.step == "time":
        assert draft.day is not None
        return texts.MEETING_NEW_ASK_TIME.format(day=h(format_date(draft.day)))
    return {
        "when": texts.MEETING_NEW_ASK_WHEN,
        "place": texts.MEETING_NEW_ASK_PLACE,
        "link": texts.MEETING_NEW_ASK_LINK,
    }[draft.step]


async def _ask(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    draft: MeetingDraft,
    step: str,
    problem: str | None = None,
) -> None:
    """Put the question of ``step`` (after ``problem``, HTML, when the last answer had one)."""
    draft = replace(draft, step=step, asked_at_utc=deps_of(context).clock.now())
    _QUESTION.ask(context, draft)
    question = _ask_text(viewer, draft)
    if problem is not None:
        question = f"{texts.MEETING_NEW_RETRY.format(problem=problem)}\n{question}"
    await reply_html(update, context.bot, question)


async def _start_utc(context: ContextTypes.DEFAULT_TYPE, draft: MeetingDraft) -> datetime:
    assert draft.board_id is not None and draft.day is not None and draft.at is not None
    zone = await agenda_edit.board_zone(deps_of(context).db, board_id=draft.board_id)
    return local_to_utc(draft.day, draft.at, zone)


async def _next_step(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, draft: MeetingDraft
) -> None:
    """Ask what the draft still lacks, or show it with [Create] [Cancel]."""
    if draft.board_id is None:
        await _ask(update, context, viewer, draft, "board")
        return
    if draft.day is None:
        await _ask(update, context, viewer, draft, "when")
        return
    if draft.at is None:
        await _ask(update, context, viewer, draft, "time")
        return
    starts = await _start_utc(context, draft)
    if starts <= deps_of(context).clock.now():
        past = replace(draft, day=None, at=None)
        await _ask(update, context, viewer, past, "when", h(messages.NEW_MEETING_PAST))
        return
    if not draft.place_asked:
        await _ask(update, context, viewer, draft, "place")
        return
    if not draft.link_asked:
        await _ask(update, context, viewer, draft, "link")
        return
    _QUESTION.forget(context)
    await _confirm(update, context, draft, starts)


async def _confirm(
    update: Update, context: ContextTypes.DEFAULT_TYPE, draft: MeetingDraft, starts: datetime
) -> None:
    assert draft.board_id is not None
    zone = await agenda_edit.board_zone(deps_of(context).db, board_id=draft.board_id)
    drafts: dict[str, MeetingDraft] = (
        context.user_data.setdefault(_DRAFTS, {}) if context.user_data is not None else {}
    )
    # Keys never reused in a conversation: a press on an old draft's button finds nothing.
    serial = 1
    if context.user_data is not None:
        serial = int(context.user_data.get(_SERIAL, 0)) + 1
        context.user_data[_SERIAL] = serial
    token = str(serial)
    drafts[token] = replace(draft, step="confirm")
    while len(drafts) > _DRAFTS_KEPT:
        drafts.pop(next(iter(drafts)))
    details = [
        texts.MEETING_NEW_PLACE.format(place=h(draft.place))
        if draft.place
        else h(texts.MEETING_NEW_NO_PLACE)
    ]
    if draft.link:
        details.append(texts.MEETING_NEW_LINK.format(link=h(draft.link)))
    text = texts.MEETING_NEW_CONFIRM.format(
        board=h(draft.board_name), when=h(format_when(starts, zone)), details="\n".join(details)
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_MEETING_NEW_CREATE, callback_data=draft_button(True, token)
                ),
                InlineKeyboardButton(
                    texts.BUTTON_MEETING_NEW_CANCEL, callback_data=draft_button(False, token)
                ),
            ]
        ]
    )
    await reply_html(update, context.bot, text, keyboard)


def _read_when(words: str, context: ContextTypes.DEFAULT_TYPE) -> tuple[date, time | None] | None:
    when = parse_when(words, today=today(context)) if words.strip() else None
    return None if when is None else (when.day, when.at)


async def meeting_new(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: str
) -> None:
    """/meeting new [BOARD,] WHEN[, PLACE][, LINK]: with words, what they give (the time asked
    if missing); without, one question at a time. Then [Create] [Cancel]."""
    chat = update.effective_chat
    if chat is None:
        return
    draft = MeetingDraft(chat_id=chat.id, asked_at_utc=deps_of(context).clock.now(), step="")
    boards = clerk_boards(viewer)
    if len(boards) == 1:
        board_id, board_name = next(iter(boards.items()))
        draft = replace(draft, board_id=board_id, board_name=board_name)
    if not words.strip():
        await _next_step(update, context, viewer, draft)
        return
    link_found = _LINK.search(words)
    link = agenda_edit.checked_link(link_found.group(0)) if link_found else None
    if link_found:
        words = words[: link_found.start()] + words[link_found.end() :]
    parts = [part.strip() for part in words.split(",") if part.strip()]
    read = _when_in(parts, context)
    if read is None:
        await reply_html(
            update,
            context.bot,
            f"{texts.MEETING_BAD_WHEN.format(text=h(words.strip()))}\n\n{texts.MEETING_NEW_USAGE}",
        )
        return
    start, end, day, at = read
    if start == 1:
        board_id = clerk_board(viewer, words=parts[0])
        draft = replace(draft, board_id=board_id, board_name=boards[board_id])
    draft = replace(
        draft,
        day=day,
        at=at,
        place=agenda_edit.checked_place(", ".join(parts[end:])),
        link=link,
        place_asked=True,
        link_asked=True,
    )
    await _next_step(update, context, viewer, draft)


def _when_in(
    parts: list[str], context: ContextTypes.DEFAULT_TYPE
) -> tuple[int, int, date, time | None] | None:
    """Where the date and time are among the comma-separated ``parts``: (first part, part
    after the last, day, time). They come first, or after one part naming the board."""
    for start in (0, 1):
        for end in range(len(parts), start, -1):
            read = _read_when(", ".join(parts[start:end]), context)
            if read is not None:
                return start, end, read[0], read[1]
    return None


async def read_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text while a /meeting new question waits: its answer, seen by no other handler."""
    answered = _QUESTION.answer(update, context)
    if answered is None:
        return
    draft, text = answered
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        _QUESTION.forget(context)
        raise ApplicationHandlerStop
    try:
        await _take_answer(update, context, viewer, draft, text.strip())
    except QuorumError as error:
        await _ask(update, context, viewer, draft, draft.step, h(error))
    raise ApplicationHandlerStop


async def _take_answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    draft: MeetingDraft,
    text: str,
) -> None:
    if draft.step == "board":
        try:
            board_id = clerk_board(viewer, words=text)
        except BoardUnclear as unclear:
            await _ask(update, context, viewer, draft, "board", h(unclear))
            return
        draft = replace(draft, board_id=board_id, board_name=clerk_boards(viewer)[board_id])
    elif draft.step == "when":
        read = _read_when(text, context)
        if read is None:
            problem = texts.MEETING_BAD_WHEN.format(text=h(text))
            await _ask(update, context, viewer, draft, "when", problem)
            return
        draft = replace(draft, day=read[0], at=read[1])
    elif draft.step == "time":
        assert draft.day is not None
        read = _read_when(f"{draft.day.isoformat()} {text}", context)
        if read is None or read[1] is None:
            problem = texts.MEETING_BAD_WHEN.format(text=h(text))
            await _ask(update, context, viewer, draft, "time", problem)
            return
        draft = replace(draft, at=read[1])
    elif draft.step == "place":
        place = None if _is_none(text) else agenda_edit.checked_place(text)
        draft = replace(draft, place=place, place_asked=True)
    elif draft.step == "link":
        link = None if _is_none(text) else agenda_edit.checked_link(text)
        draft = replace(draft, link=link, link_asked=True)
    await _next_step(update, context, viewer, draft)


async def cancel_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel while a /meeting new question waits: the draft is dropped."""
    if _QUESTION.pending(context) is None:
        return
    _QUESTION.forget(context)
    await reply_html(update, context.bot, h(texts.MEETING_NEW_CANCELLED))
    raise ApplicationHandlerStop


# -- the buttons --------------------------------------------------------------------------------
# ae:n:KEY [Create] and ae:x:KEY [Cancel] under a draft meeting; ae:d:MEETING:SEQUENCE:NUMBER
# [Drop it] and ae:k [Keep it] under a drop's question.


@dataclass(frozen=True, slots=True)
class EditButton:
    """A button under a /meeting new draft or an /item drop question."""

    kind: str  # n (create), x (discard), d (drop), k (keep)
    token: str = ""  # the draft's key
    meeting_id: int = 0
    sequence: int = 0  # the meeting's SEQUENCE when the drop was asked
    number: str = ""


def draft_button(create: bool, token: str) -> str:
    assert token.isdigit()
    return checked(f"{EDIT}:{'n' if create else 'x'}:{token}")


def drop_button(meeting_id: int, sequence: int, number: str) -> str:
    return checked(f"{EDIT}:d:{meeting_id}:{sequence}:{number}")


def keep_button() -> str:
    return checked(f"{EDIT}:k")


def parse_edit_button(data: str | None) -> EditButton | None:
    parts = (data or "").split(":", 4)
    if parts[0] != EDIT or len(parts) < 2:
        return None
    kind, rest = parts[1], parts[2:]
    if kind in ("n", "x") and len(rest) == 1 and rest[0].isdigit():
        return EditButton(kind, token=rest[0])
    if kind == "k" and not rest:
        return EditButton(kind)
    if kind == "d" and len(rest) == 3 and rest[0].isdigit() and rest[1].isdigit() and rest[2]:
        return EditButton(kind, meeting_id=int(rest[0]), sequence=int(rest[1]), number=rest[2])
    return None


async def _edit_message(press: Press[EditButton], text: str) -> None:
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_text(text)


@button(EditButton, parse_edit_button, who="clerk")
async def edit_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[EditButton]
) -> None:
    kind = press.button.kind
    if kind in ("n", "x"):
        await _draft_pressed(context, press)
    elif kind == "d":
        await _drop_pressed(context, press)
    else:
        await press.answer()
        await _edit_message(press, h(texts.ITEM_KEPT))


async def _draft_pressed(context: ContextTypes.DEFAULT_TYPE, press: Press[EditButton]) -> None:
    """[Create] or [Cancel]: the draft is taken once, so a second press finds nothing."""
    drafts = context.user_data.get(_DRAFTS, {}) if context.user_data is not None else {}
    draft = drafts.pop(press.button.token, None)
    if not isinstance(draft, MeetingDraft):
        await press.answer(texts.MEETING_NEW_EXPIRED, alert=True)
        return
    if press.button.kind == "x":
        await press.answer()
        await _edit_message(press, h(texts.MEETING_NEW_DISCARDED))
        return
    assert draft.board_id is not None
    deps = deps_of(context)
    meeting = await agenda_edit.new_meeting(
        deps.db,
        viewer=press.viewer,
        board_id=draft.board_id,
        starts_at_utc=await _start_utc(context, draft),
        location=draft.place,
        join_link=draft.link,
        now=deps.clock.now(),
    )
    await press.answer()
    await _edit_message(
        press,
        texts.MEETING_NEW_CREATED.format(
            board=h(meeting.board_name),
            when=h(format_when(meeting.starts_at_utc, meeting.zone)),
            id=meeting.id,
        ),
    )


async def _drop_pressed(context: ContextTypes.DEFAULT_TYPE, press: Press[EditButton]) -> None:
    """[Drop it]: only while the meeting is as it was when asked."""
    pressed, deps = press.button, deps_of(context)
    current = await agenda_edit.agenda_for_clerk(
        deps.db, viewer=press.viewer, meeting_id=pressed.meeting_id
    )
    if current.agenda.meeting.sequence != pressed.sequence:
        await press.answer(texts.ITEM_STALE, alert=True)
        return
    edited = await agenda_edit.drop_item(
        deps.db,
        viewer=press.viewer,
        meeting_id=pressed.meeting_id,
        number=pressed.number,
        now=deps.clock.now(),
    )
    await press.answer()
    if edited.members_told:
        deps.outbox.poke()
    await _edit_message(press, _edited_text(texts.ITEM_DROPPED, pressed.number, edited))


# -- /item add|edit|move|drop -------------------------------------------------------------------


def _edited_text(headline: str, number: str, edited: AgendaEdited) -> str:
    lines = [h(headline.format(number=number))]
    if edited.members_on_telegram:
        told = templates.member_count(edited.members_on_telegram)
        lines.append(h(texts.ITEM_MEMBERS_TOLD.format(members=told)))
    not_yet = edited.members_told - edited.members_on_telegram
    if not_yet > 0:
        lines.append(h(texts.ITEM_MEMBERS_NOT_YET.format(members=templates.member_count(not_yet))))
    return "\n".join([*lines, "", templates.agenda(edited.agenda)])


async def _meeting(
    context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, on: date | None
) -> MeetingView:
    """The meeting of the boards the viewer clerks that ``/item`` changes: the one on ``on``,
    else the soonest to come."""
    deps = deps_of(context)
    found: list[MeetingView] = []
    missing: list[NotFoundError] = []
    for board_id in clerk_boards(viewer):
        try:
            found.append(
                await agenda_edit.meeting_to_edit(
                    deps.db, viewer=viewer, board_id=board_id, on=on, now=deps.clock.now()
                )
            )
        except NotFoundError as error:
            missing.append(error)
    if not found:
        if len(missing) == 1:
            raise missing[0]
        if on is not None:
            raise NotFoundError(texts.PUBLISH_NO_MEETING_ON.format(day=format_date(on)))
        raise NotFoundError(texts.ITEM_NO_MEETING_ANY)
    return min(found, key=lambda meeting: (meeting.starts_at_utc, meeting.id))


def _day_of(words: list[str], context: ContextTypes.DEFAULT_TYPE) -> date | bool | None:
    """The day ``words`` name (None for no words; False when they are not a day)."""
    if not words:
        return None
    read = _read_when(" ".join(words), context)
    return False if read is None or read[1] is not None else read[0]


def _leading_day(words: list[str], context: ContextTypes.DEFAULT_TYPE) -> tuple[date | None, int]:
    """A date the words start with (``14 Jan``, ``2027-01-14``) and how many words it took. A
    bare number or weekday is not taken for one: it is more likely the start of a title."""
    for count in range(min(_DATE_WORDS, len(words) - 1), 0, -1):
        prefix = words[:count]
        if not any(ch.isdigit() for ch in "".join(prefix)) or all(w.isdigit() for w in prefix):
            continue
        day = _day_of(prefix, context)
        if isinstance(day, date):
            return day, count
    return None, 0


async def item_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/item add|edit|move|drop …: a clerk's change to an agenda (``/item N`` is a member's
    view of an item, handled in :mod:`bot.handlers.meetings`)."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    words = command_args(context).split()
    verb, rest = words[0].casefold(), words[1:]
    handled = False
    if verb == "add":
        handled = await _add(update, context, viewer, rest)
    elif verb == "edit":
        handled = await _edit(update, context, viewer, rest)
    elif verb == "move":
        handled = await _move(update, context, viewer, rest)
    elif verb == "drop":
        handled = await _drop(update, context, viewer, rest)
    if not handled:
        await reply_html(update, context.bot, texts.ITEM_EDIT_USAGE)


def _split_at(words: list[str], keywords: tuple[str, ...]) -> int | None:
    """Where the first of ``keywords`` is, after at least an item number."""
    for index, word in enumerate(words[1:], start=1):
        if word.casefold() in keywords:
            return index
    return None


async def _add(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> bool:
    on, used = _leading_day(words, context)
    title = " ".join(words[used:])
    after: str | None = None
    placed = _AFTER.match(title)
    if placed:
        title, after = placed.group("title"), placed.group("number")
    if not title:
        return False
    meeting = await _meeting(context, viewer, on)
    deps = deps_of(context)
    edited = await agenda_edit.add_item(
        deps.db,
        viewer=viewer,
        meeting_id=meeting.id,
        title=title,
        after=after,
        now=deps.clock.now(),
    )
    await _done(update, context, texts.ITEM_ADDED, edited.number or "", edited)
    return True


async def _edit(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> bool:
    at = _split_at(words, _FIELDS)
    if at is None or at + 1 >= len(words):
        return False
    on = _day_of(words[: at - 1], context)
    if on is False:
        return False
    number, field, value = words[at - 1], words[at].casefold(), " ".join(words[at + 1 :])
    changes: dict[str, object] = {}
    if field == "title":
        changes["title"] = value
    elif field == "presenter":
        changes["presenter"] = "" if _is_none(value) else value
    elif field == "number":
        changes["new_number"] = value
    elif field == "duration":
        minutes = _MINUTES.match(value)
        if minutes is None:
            await reply_html(update, context.bot, texts.ITEM_BAD_DURATION)
            return True
        changes["duration"] = int(minutes.group(1))
    elif field == "pages":
        pages = _PAGES.match(value)
        if pages is None:
            await reply_html(update, context.bot, texts.ITEM_BAD_PAGES)
            return True
        changes["pages"] = (int(pages.group(1)), int(pages.group(2)))
    else:
        answer = value.casefold()
        if answer not in texts.YES_WORDS + texts.NO_WORDS:
            await reply_html(update, context.bot, texts.ITEM_BAD_YES_NO)
            return True
        changes["exempt"] = answer in texts.YES_WORDS
    meeting = await _meeting(context, viewer, on if isinstance(on, date) else None)
    deps = deps_of(context)
    edited = await agenda_edit.edit_item(
        deps.db,
        viewer=viewer,
        meeting_id=meeting.id,
        number=number,
        now=deps.clock.now(),
        **changes,  # type: ignore[arg-type]
    )
    await _done(update, context, texts.ITEM_EDITED, edited.number or number, edited)
    return True


async def _move(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> bool:
    at = _split_at(words, _PLACES)
    if at is None or at + 2 != len(words):
        return False
    on = _day_of(words[: at - 1], context)
    if on is False:
        return False
    number, where, target = words[at - 1], words[at].casefold(), words[at + 1]
    if where == "to" and not target.isdigit():
        await reply_html(update, context.bot, texts.ITEM_BAD_POSITION)
        return True
    meeting = await _meeting(context, viewer, on if isinstance(on, date) else None)
    deps = deps_of(context)
    edited = await agenda_edit.move_item(
        deps.db,
        viewer=viewer,
        meeting_id=meeting.id,
        number=number,
        to_position=int(target) if where == "to" else None,
        before=target if where == "before" else None,
        after=target if where == "after" else None,
        now=deps.clock.now(),
    )
    await _done(update, context, texts.ITEM_MOVED, edited.number or number, edited)
    return True


async def _drop(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: list[str]
) -> bool:
    if not words:
        return False
    on = _day_of(words[:-1], context)
    if on is False:
        return False
    meeting = await _meeting(context, viewer, on if isinstance(on, date) else None)
    current = await agenda_edit.agenda_for_clerk(
        deps_of(context).db, viewer=viewer, meeting_id=meeting.id
    )
    item = agenda_edit.item_numbered(current.agenda, words[-1])
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_ITEM_DROP,
                    callback_data=drop_button(
                        meeting.id, current.agenda.meeting.sequence, item.number
                    ),
                ),
                InlineKeyboardButton(texts.BUTTON_ITEM_KEEP, callback_data=keep_button()),
            ]
        ]
    )
    text = texts.ITEM_DROP_CONFIRM.format(
        number=h(item.number),
        title=h(item.title),
        board=h(meeting.board_name),
        when=h(format_when(meeting.starts_at_utc, meeting.zone)),
    )
    await reply_html(update, context.bot, text, keyboard)
    return True


async def _done(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    headline: str,
    number: str,
    edited: AgendaEdited,
) -> None:
    if edited.members_told:
        deps_of(context).outbox.poke()
    await reply_html(update, context.bot, _edited_text(headline, number, edited))


HANDLERS = (
    # Ahead of /item N (a member's view of an item): only the clerk's verbs come here.
    CommandHandler("item", item_command, filters=PRIVATE & filters.Regex(_ITEM_VERB)),
    CallbackQueryHandler(edit_pressed, pattern=pattern(EDIT)),
)
# Their own handler group (one handler runs per group): a text while a /meeting new question
# waits is its answer.
ANSWER_GROUP = -7
ANSWER_READER = MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, read_answer)
ANSWER_CANCEL = CommandHandler("cancel", cancel_question, filters=PRIVATE)
