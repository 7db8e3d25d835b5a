"""/calendar: subscription links. In private, the member's own feed (meetings of their boards and
their actions' due dates) and their boards' public feeds; /calendar reset replaces the personal
link. In a board's group, only that board's public feed: never anything personal."""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot import texts
from bot.callbacks import CALENDAR, meeting_button
from bot.deps import deps_of
from bot.handlers import groups
from bot.handlers.common import command_args, require_viewer
from bot.html import h
from bot.replies import reply_html
from services import calendar_feeds, meetings
from services.views import MeetingView

PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
RESET = "reset"


def feed_links(public_base: str, path: str) -> tuple[str, str]:
    """(``webcal://…``, ``https://…``) for a feed: one address, the scheme swapped, so apps that
    know webcal subscribe on a tap and the rest take the web address (``http://`` when no
    public https URL is configured)."""
    url = public_base + path
    _, _, rest = url.partition("://")
    return f"webcal://{rest}", url


def next_meeting_keyboard(meeting: MeetingView | None) -> InlineKeyboardMarkup | None:
    """The card's [Add to calendar] button, for the next meeting (answered by its handler)."""
    if meeting is None:
        return None
    data = meeting_button(CALENDAR, meeting.id, meeting.sequence)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.BUTTON_ADD_NEXT_MEETING, callback_data=data)]]
    )


async def private_calendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calendar and /calendar reset, in a private chat."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    deps = deps_of(context)
    reset = command_args(context).strip().lower() == RESET
    subscription = await calendar_feeds.subscription(deps.db, viewer.person_id, reset=reset)
    base = deps.settings.public_base
    webcal, web = feed_links(base, calendar_feeds.personal_feed_path(subscription.token))
    lines = [texts.CALENDAR_RESET_DONE] if reset else []
    lines.append(
        texts.CALENDAR_PERSONAL.format(webcal=h(webcal), web=h(web), how=h(texts.CALENDAR_HOW))
    )
    if subscription.boards:
        lines.append(texts.CALENDAR_BOARDS_HEAD)
        lines += [
            texts.CALENDAR_BOARD_LINE.format(
                board=h(board.board_name),
                web=h(feed_links(base, calendar_feeds.board_feed_path(quote(board.slug)))[1]),
            )
            for board in subscription.boards
        ]
    upcoming = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
    await reply_html(update, context.bot, "\n".join(lines), next_meeting_keyboard(upcoming))


async def group_calendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calendar in a group: the linked board's public feed, whoever asks."""
    audience = await groups.group_audience(update, context)
    if audience is None:
        await reply_html(update, context.bot, texts.GROUP_NOT_LINKED)
        return
    [board_id] = audience.board_ids
    board = await calendar_feeds.board_link(deps_of(context).db, board_id)
    if board is None:
        await reply_html(update, context.bot, texts.GROUP_NOT_LINKED)
        return
    webcal, web = feed_links(
        deps_of(context).settings.public_base, calendar_feeds.board_feed_path(quote(board.slug))
    )
    await reply_html(
        update,
        context.bot,
        texts.CALENDAR_GROUP.format(
            board=h(board.board_name), webcal=h(webcal), web=h(web), how=h(texts.CALENDAR_HOW)
        ),
    )


HANDLERS = (
    CommandHandler("calendar", private_calendar, filters=PRIVATE),
    CommandHandler("calendar", group_calendar, filters=GROUPS),
)
