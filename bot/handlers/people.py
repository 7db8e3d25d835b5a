"""A clerk's changes to the people of a board: /member add|remove|role and /clerk invite|remove.

Each command becomes a request kept server-side (the clerk's user data); its buttons carry only
the request's key and a choice: the board (for a clerk of several), one of the close names an
unknown name is answered with, [Add as new], [Retire] or [Keep]. A choice spends the request,
so a stale or second press changes nothing. ``/members`` (the list) lives in ``lists``.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import require_clerk_viewer
from bot.html import h
from bot.replies import reply_html
from calendars.zones import format_date, to_local
from core.errors import QuorumError
from core.roles import Role
from services import members
from services.boards import BoardNeeded, clerk_board, clerk_boards
from services.invites import IssuedInvite, invite_link
from services.members import CloseToKnown, UnknownPerson
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
PEOPLE = Prefix.PEOPLE
_REQUESTS = "people_requests"
_REQUESTS_KEPT = 20
_NUMBER = "people_request_number"

ADD, REMOVE, ROLE = "add", "remove", "role"
CLERK_INVITE, CLERK_REMOVE = "clerk-invite", "clerk-remove"
# Choices a button carries: b<board id>, m<index of a close name>, or one of these.
NEW, YES, NO = "new", "yes", "no"
_CHOICE = re.compile(rf"^(?:b\d{{1,19}}|m\d|{NEW}|{YES}|{NO})$")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True, slots=True)
class Request:
    """What a clerk asked for, completed by their choices."""

    action: str
    name: str = ""
    role: str | None = None
    title: str | None = None
    board_id: int | None = None
    confirm_new: bool = False  # [Add as new] under "close to someone known"
    confirmed: bool = False  # [Retire]
    matches: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class PeopleButton:
    key: str
    choice: str


def people_button(key: str, choice: str) -> str:
    assert key.isdigit() and _CHOICE.match(choice)
    return checked(f"{PEOPLE}:{key}:{choice}")


def parse_people_button(data: str | None) -> PeopleButton | None:
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] != PEOPLE or not parts[1].isdigit():
        return None
    if not _CHOICE.match(parts[2]):
        return None
    return PeopleButton(key=parts[1], choice=parts[2])


# -- reading the commands ------------------------------------------------------------------------


def _as_role(words: str) -> str | None:
    try:
        return members.parse_role(words).value
    except QuorumError:
        return None


def parse_add(words: str) -> tuple[str, str | None, str | None]:
    """``NAME [role] [title]`` -> (name, role, title). Commas or semicolons separate the parts
    when given; else the first role word (or two, "vice chair") ends the name."""
    words = " ".join(words.split())
    if _LIST_SPLIT.search(words):
        parts = [part for part in _LIST_SPLIT.split(words)]
        name, rest = parts[0], parts[1:]
        role = rest[0] if rest and rest[0] else None
        title = ", ".join(part for part in rest[1:] if part) or None
        return name, role, title
    tokens = words.split()
    for index in range(1, len(tokens)):
        for width in (2, 1):
            role = _as_role(" ".join(tokens[index : index + width]))
            if role is not None and index + width <= len(tokens):
                title = " ".join(tokens[index + width :]) or None
                return " ".join(tokens[:index]), role, title
    return words, None, None


def parse_name_and_role(words: str) -> tuple[str, str] | None:
    """``NAME ROLE`` -> (name, role as written); the role is the last word or two. None when
    there are not two parts."""
    tokens = words.split()
    for width in (2, 1):
        if len(tokens) > width and _as_role(" ".join(tokens[-width:])) is not None:
            return " ".join(tokens[:-width]), " ".join(tokens[-width:])
    if len(tokens) < 2:
        return None
    return " ".join(tokens[:-1]), tokens[-1]


# -- requests kept server-side ------------------------------------------------------------------


def _keep(context: ContextTypes.DEFAULT_TYPE, request: Request) -> str:
    if context.user_data is None:
        raise QuorumError(texts.PEOPLE_QUESTION_GONE)
    kept: dict[str, Request] = context.user_data.setdefault(_REQUESTS, {})
    number = int(context.user_data.get(_NUMBER, 0)) + 1
    context.user_data[_NUMBER] = number
    key = str(number)
    kept[key] = request
    for old in sorted(kept, key=int)[:-_REQUESTS_KEPT]:
        del kept[old]
    return key


def _take(context: ContextTypes.DEFAULT_TYPE, key: str) -> Request | None:
    if context.user_data is None:
        return None
    request = context.user_data.get(_REQUESTS, {}).pop(key, None)
    return request if isinstance(request, Request) else None


async def _ask(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    request: Request,
    text: str,
    choices: list[tuple[str, str]],
) -> None:
    """Ask ``text`` with one button per (label, choice), one per row."""
    key = _keep(context, request)
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=people_button(key, choice))]
            for label, choice in choices
        ]
    )
    await reply_html(update, context.bot, text, keyboard)


# -- doing what was asked -----------------------------------------------------------------------


def _role_on_board(role: str, board: str) -> str:
    """ "a member of Finance", "the chair of Finance" (plain text)."""
    return texts.ROLE_ON_BOARD[role].format(board=board)


def _expires(context: ContextTypes.DEFAULT_TYPE, invite: IssuedInvite) -> str:
    zone = deps_of(context).settings.zone
    return format_date(to_local(invite.expires_at_utc, zone).date())


async def _proceed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, request: Request
) -> None:
    """Carry ``request`` as far as it goes: a question (with buttons), or the change made."""
    if request.board_id is None:
        try:
            request = replace(request, board_id=clerk_board(viewer))
        except BoardNeeded as needed:
            choices = [(name, f"b{board}") for board, name in needed.choices.items()]
            await _ask(update, context, request, texts.PEOPLE_WHICH_BOARD, choices)
            return
    try:
        await _act(update, context, viewer, request)
    except UnknownPerson as unknown:
        board = h(unknown.board_name)
        if not unknown.matches:
            await reply_html(
                update,
                context.bot,
                texts.PEOPLE_NO_ONE_CALLED.format(name=h(unknown.name), board=board),
            )
            return
        choices = [(match, f"m{index}") for index, match in enumerate(unknown.matches)]
        await _ask(
            update,
            context,
            replace(request, matches=unknown.matches),
            texts.PEOPLE_DID_YOU_MEAN.format(name=h(unknown.name), board=board),
            [*choices, (texts.BUTTON_PEOPLE_CANCEL, NO)],
        )
    except CloseToKnown as close:
        choices = [(match, f"m{index}") for index, match in enumerate(close.matches)]
        await _ask(
            update,
            context,
            replace(request, matches=close.matches),
            texts.PEOPLE_CLOSE_TO_KNOWN.format(name=h(close.name), board=h(close.board_name)),
            [
                *choices,
                (texts.BUTTON_ADD_AS_NEW.format(name=close.name), NEW),
                (texts.BUTTON_PEOPLE_CANCEL, NO),
            ],
        )


async def _act(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, request: Request
) -> None:
    deps = deps_of(context)
    now = deps.clock.now()
    board_id = request.board_id
    assert board_id is not None
    if request.action == ADD:
        added = await members.add_member(
            deps.db,
            board_id=board_id,
            name=request.name,
            role=request.role or Role.MEMBER.value,
            title=request.title,
            now=now,
            created_by=viewer,
            confirm_new=request.confirm_new,
        )
        template = texts.MEMBER_ADDED_TITLE if added.title else texts.MEMBER_ADDED
        lines = [
            template.format(
                name=h(added.person_name),
                role=h(_role_on_board(added.role, added.board_name)),
                title=h(added.title or ""),
            )
        ]
        if added.returning:
            lines.append(texts.MEMBER_RETURNING)
        if added.invite is None:
            lines.append(texts.MEMBER_ALREADY_LINKED)
            deps.outbox.poke()
        else:
            link = invite_link(context.bot.username, added.invite.token)
            expires = _expires(context, added.invite)
            lines.append(texts.MEMBER_INVITE.format(expires=h(expires), link=h(link)))
        await reply_html(update, context.bot, "\n".join(lines))
    elif request.action == REMOVE and not request.confirmed:
        name, _ = await members.find_member(
            deps.db, board_id=board_id, name=request.name, viewer=viewer
        )
        board = clerk_boards(viewer).get(board_id, "")
        await _ask(
            update,
            context,
            replace(request, name=name),
            texts.RETIRE_CONFIRM.format(name=h(name), board=h(board)),
            [(texts.BUTTON_RETIRE, YES), (texts.BUTTON_KEEP, NO)],
        )
    elif request.action == REMOVE:
        retired = await members.retire_member(
            deps.db, board_id=board_id, name=request.name, now=now, viewer=viewer
        )
        await reply_html(
            update,
            context.bot,
            texts.MEMBER_RETIRED.format(name=h(retired.person_name), board=h(retired.board_name)),
        )
    elif request.action == ROLE:
        assert request.role is not None
        change = await members.set_role(
            deps.db,
            board_id=board_id,
            name=request.name,
            role=request.role,
            now=now,
            viewer=viewer,
        )
        role = _role_on_board(change.role, change.board_name)
        old = ", ".join(texts.ROLE_WITH_ARTICLE.get(held, held) for held in change.old_roles)
        template = texts.ROLE_CHANGED if old else texts.ROLE_ADDED
        await reply_html(
            update,
            context.bot,
            template.format(name=h(change.person_name), role=h(role), old=h(old)),
        )
    elif request.action == CLERK_INVITE:
        issued = await members.create_clerk_invite(
            deps.db, board_id=board_id, now=now, created_by=viewer
        )
        link = invite_link(context.bot.username, issued.token)
        await reply_html(
            update,
            context.bot,
            texts.CLERK_INVITE_ISSUED.format(
                board=h(issued.board_name), expires=h(_expires(context, issued)), link=h(link)
            ),
        )
    elif request.action == CLERK_REMOVE:
        removed = await members.remove_clerk(
            deps.db, board_id=board_id, name=request.name, now=now, viewer=viewer
        )
        deps.outbox.poke()
        await reply_html(
            update,
            context.bot,
            texts.CLERK_REMOVED.format(name=h(removed.person_name), board=h(removed.board_name)),
        )


# -- commands and buttons -----------------------------------------------------------------------


def _words(context: ContextTypes.DEFAULT_TYPE) -> tuple[str, str]:
    """(the subcommand, the words after it)."""
    args = list(context.args or [])
    if not args:
        return "", ""
    return args[0].casefold(), " ".join(args[1:]).strip()


async def member_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/member add NAME [role] [title], /member remove NAME, /member role NAME ROLE."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    sub, words = _words(context)
    request: Request | None = None
    if sub == ADD and words:
        name, role, title = parse_add(words)
        request = Request(ADD, name=name, role=role, title=title)
    elif sub in (REMOVE, "retire") and words:
        request = Request(REMOVE, name=words)
    elif sub == ROLE and words:
        named = parse_name_and_role(words)
        if named is not None:
            request = Request(ROLE, name=named[0], role=named[1])
    if request is None:
        await reply_html(update, context.bot, texts.MEMBER_USAGE)
        return
    if request.role is not None:
        members.parse_role(request.role)  # a role that is not one is refused before anything
    await _proceed(update, context, viewer, request)


async def clerk_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/clerk invite, /clerk remove NAME."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    sub, words = _words(context)
    if sub == "invite":
        await _proceed(update, context, viewer, Request(CLERK_INVITE))
    elif sub == "remove" and words:
        await _proceed(update, context, viewer, Request(CLERK_REMOVE, name=words))
    else:
        await reply_html(update, context.bot, texts.CLERK_USAGE)


@button(PeopleButton, parse_people_button, who="clerk", private=True)
async def people_choice(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[PeopleButton]
) -> None:
    """A choice under a /member or /clerk question; it spends the question."""
    request = _take(context, press.button.key)
    if request is None:
        await press.answer(texts.PEOPLE_QUESTION_GONE, alert=True)
        return
    await press.answer()
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_reply_markup(reply_markup=None)
    choice = press.button.choice
    if choice == NO:
        if request.action == REMOVE and request.matches == ():
            board = clerk_boards(press.viewer).get(request.board_id or 0, "")
            kept = texts.MEMBER_KEPT.format(name=h(request.name), board=h(board))
            await reply_html(update, context.bot, kept)
        else:
            await reply_html(update, context.bot, texts.PEOPLE_CANCELLED)
        return
    if choice.startswith("b"):
        request = replace(request, board_id=int(choice[1:]))
    elif choice.startswith("m"):
        index = int(choice[1:])
        if index >= len(request.matches):
            return
        request = replace(request, name=request.matches[index], matches=())
    elif choice == NEW:
        request = replace(request, confirm_new=True, matches=())
    elif choice == YES:
        request = replace(request, confirmed=True)
    await _proceed(update, context, press.viewer, request)


HANDLERS = (
    CommandHandler("member", member_command, filters=PRIVATE),
    CommandHandler("clerk", clerk_command, filters=PRIVATE),
    CallbackQueryHandler(people_choice, pattern=pattern(PEOPLE)),
)
