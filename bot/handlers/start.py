"""/start (with an invite token or a shortcut from a group), /help, and the clerk's /invite."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.deps import deps_of
from bot.handlers.answers import ANSWERS
from bot.handlers.common import command_args, require_viewer
from bot.html import h
from bot.menus import publish_clerk_menu
from bot.replies import reply_html
from calendars.zones import format_date, to_local
from core.errors import QuorumError
from core.roles import Role
from services import invites
from services.access import require_clerk
from services.people import viewer_for

PRIVATE = filters.ChatType.PRIVATE
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, /start <invite token>, or /start <command> from a group's deep link."""
    user = update.effective_user
    if user is None:
        return
    deps = deps_of(context)
    payload = command_args(context)
    if payload and _TOKEN.match(payload):
        viewer = await invites.redeem_invite(
            deps.db,
            token=payload,
            telegram_user_id=user.id,
            now=deps.clock.now(),
            name=user.full_name,  # the name a clerk invitation's opener is known by
        )
        if viewer is None:
            await reply_html(update, context.bot, texts.INVITE_NOT_VALID)
            return
        await reply_html(
            update,
            context.bot,
            texts.WELCOME.format(name=h(viewer.full_name)) + "\n" + templates.greeting(viewer),
        )
        await _publish_menu(context, viewer.is_clerk, user.id)
        return
    viewer = await viewer_for(deps.db, telegram_user_id=user.id)
    if viewer is None:
        await reply_html(update, context.bot, texts.STRANGER)
        return
    # A group's "open in private chat" button arrives as /start next, /start actions, ...
    shortcut = ANSWERS.get(payload)
    if shortcut is not None:
        await shortcut(update, context, "")
        return
    await reply_html(update, context.bot, templates.greeting(viewer))
    await _publish_menu(context, viewer.is_clerk, user.id)


async def _publish_menu(context: ContextTypes.DEFAULT_TYPE, clerk: bool, chat_id: int) -> None:
    """Clerks see their commands in the menu; members keep the default one."""
    if clerk:
        await publish_clerk_menu(context.bot, chat_id)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await ANSWERS["help"](update, context, "")


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite NAME: a clerk gets a single-use invite link for a member of their board."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    require_clerk(viewer)
    name = command_args(context).strip()
    if not name:
        await reply_html(update, context.bot, texts.INVITE_USAGE)
        return
    deps = deps_of(context)
    problem: QuorumError | None = None
    for board in (b for b in viewer.boards if b.role == Role.CLERK):
        try:
            issued = await invites.create_invite(
                deps.db,
                board_name=board.board_name,
                person_name=name,
                now=deps.clock.now(),
                created_by=viewer,
            )
        except QuorumError as error:
            # Kept: another of the clerk's boards may know this person.
            problem = error
            continue
        link = invites.invite_link(context.bot.username, issued.token)
        expires = format_date(to_local(issued.expires_at_utc, deps.settings.zone).date())
        await reply_html(
            update,
            context.bot,
            texts.INVITE_ISSUED.format(
                name=h(issued.person_name),
                board=h(issued.board_name),
                expires=h(expires),
                link=h(link),
            ),
        )
        return
    assert problem is not None
    raise problem


HANDLERS = (
    CommandHandler("start", start, filters=PRIVATE),
    CommandHandler("help", help_command, filters=PRIVATE),
    CommandHandler("invite", invite_command, filters=PRIVATE),
)
