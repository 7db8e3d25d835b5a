"""A board's group chat: public answers only; anything personal opens the private chat."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, MessageHandler, filters

from bot import templates, texts
from bot.deps import deps_of
from bot.handlers import which_meeting
from bot.handlers.common import command_args, require_viewer
from bot.html import h
from bot.keyboards import agenda_keyboard, group_card_keyboard, private_only_keyboard
from bot.replies import reply_html
from services import chats, meetings
from services.access import board_audience
from services.views import Viewer

GROUPS = filters.ChatType.GROUPS
# Commands only a clerk may use: in a group they are pointed to the private chat as such.
CLERK_COMMANDS = frozenset(
    {"invite", "publish", "broadcast", "meeting", "action", "arising", "source", "member"}
    | {"clerk", "attendance"}
)


async def group_audience(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Viewer | None:
    """The public audience of the board this group is linked to (None if it isn't linked)."""
    chat = update.effective_chat
    linked = await chats.board_for_chat(deps_of(context).db, chat_id=chat.id) if chat else None
    if linked is None:
        return None
    board_id, board_name = linked
    return board_audience(board_id, board_name)


async def _audience(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Viewer | None:
    audience = await group_audience(update, context)
    if audience is None:
        await reply_html(update, context.bot, texts.GROUP_NOT_LINKED)
    return audience


async def group_next(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str | None = None
) -> None:
    """/next in a group: the next meeting's public card; /next WORDS: the card of the meeting
    they name ("after next", "january")."""
    audience = await _audience(update, context)
    if audience is None:
        return
    deps = deps_of(context)
    now = deps.clock.now()
    words = command_args(context) if args is None else args
    if words.strip():
        meeting = await which_meeting.meeting_named(update, context, audience, words, group=True)
        if meeting is None:
            return
    else:
        meeting = await meetings.next_meeting(deps.db, viewer=audience, now=now)
    if meeting is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    # Asked for by time: a cancelled meeting's buttons would fail; a held one has its agenda
    # only; another than the next has no link to the private chat's /next (a different one).
    keyboard: InlineKeyboardMarkup | None = None
    if meeting.status == "scheduled" and meetings.is_held(meeting, now):
        keyboard = agenda_keyboard(meeting)
    elif meeting.status == "scheduled":
        upcoming = await meetings.next_meeting(deps.db, viewer=audience, now=now)
        is_next = upcoming is not None and upcoming.id == meeting.id
        keyboard = group_card_keyboard(meeting, context.bot.username, is_next=is_next)
    await reply_html(update, context.bot, templates.meeting_card(meeting, now), keyboard)


async def group_agenda(
    update: Update, context: ContextTypes.DEFAULT_TYPE, args: str | None = None
) -> None:
    """/agenda [WORDS] in a group: the agenda of the next meeting, or of the one the words
    name ("16 January", "tuesday", "previous"); never an exempt item."""
    audience = await _audience(update, context)
    if audience is None:
        return
    deps = deps_of(context)
    words = command_args(context) if args is None else args
    if words.strip():
        meeting = await which_meeting.meeting_named(update, context, audience, words, group=True)
        if meeting is None:
            return
    else:
        meeting = await meetings.next_meeting(deps.db, viewer=audience, now=deps.clock.now())
    view = (
        await meetings.agenda(deps.db, viewer=audience, meeting_id=meeting.id, include_exempt=False)
        if meeting
        else None
    )
    text = templates.agenda(view, deps.clock.now()) if view else texts.NO_MEETING
    await reply_html(update, context.bot, text)


async def group_personal(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/actions, /item, /search ... in a group: never answered there; a button opens privacy.
    A clerk's command (/source, /publish ...) is said to work in the private chat."""
    message = update.effective_message
    command = (message.text or "/help").split()[0].lstrip("/").split("@")[0] if message else ""
    command = command.casefold()
    await reply_html(
        update,
        context.bot,
        texts.GROUP_CLERK_ONLY if command in CLERK_COMMANDS else texts.GROUP_PRIVATE_ONLY,
        private_only_keyboard(context.bot.username, command if command.isalpha() else "help"),
    )


async def group_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/link [board]: a clerk links this group to their board."""
    viewer = await require_viewer(update, context)
    chat = update.effective_chat
    if viewer is None or chat is None:
        return
    deps = deps_of(context)
    board = await chats.link_group(
        deps.db,
        viewer=viewer,
        chat_id=chat.id,
        title=chat.title,
        board_name=command_args(context) or None,
        now=deps.clock.now(),
    )
    await reply_html(update, context.bot, texts.GROUP_LINKED.format(board=h(board)))


async def group_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group that became a supergroup keeps its board under the new chat id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    await chats.migrate_chat(
        deps_of(context).db, old_chat_id=message.chat.id, new_chat_id=message.migrate_to_chat_id
    )


async def group_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply_html(update, context.bot, templates.help_text(None, group=True))


HANDLERS = (
    MessageHandler(filters.StatusUpdate.MIGRATE, group_migrated),
    CommandHandler("next", group_next, filters=GROUPS),
    CommandHandler("agenda", group_agenda, filters=GROUPS),
    CommandHandler("link", group_link, filters=GROUPS),
    CommandHandler("help", group_help, filters=GROUPS),
    CommandHandler(
        [
            *("actions", "item", "meetings", "decisions", "search", "members", "start"),
            *("invite", "settings", "publish", "broadcast", "meeting", "action", "arising"),
            *("attendance", "apologies", "who", "source", "member", "clerk"),
        ],
        group_personal,
        filters=GROUPS,
    ),
)
