"""A clerk's "actions arising" summary (/arising) and [Post to the group] under it.

The summary holds public information only, so a clerk may post it to the board's linked groups.
The button carries the board and a digest of the text the clerk saw: if the actions changed
since, the press says so instead of posting something the clerk has not read.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import command_args, require_clerk_viewer
from bot.html import h
from bot.replies import reply_html, send_html
from services.actions import reports as action_reports
from services.boards import clerk_board

PRIVATE = filters.ChatType.PRIVATE
ARISING_POST = Prefix.ARISING_POST
_DIGEST = 12  # hex characters of the summary's SHA-256 the button carries
_POSTED = "arising_posted"
_POSTED_KEPT = 50


@dataclass(frozen=True, slots=True)
class ArisingPostButton:
    """[Post to the group]: the board, and which summary the clerk saw."""

    board_id: int
    digest: str


def arising_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:_DIGEST]


def arising_post_button(board_id: int, digest: str) -> str:
    return checked(f"{ARISING_POST}:{board_id}:{digest}")


def parse_arising_button(data: str | None) -> ArisingPostButton | None:
    """The button's callback data; anything else (old or forged) -> None."""
    parts = (data or "").split(":")
    if (
        len(parts) != 3
        or parts[0] != ARISING_POST
        or not parts[1].isdigit()
        or len(parts[2]) != _DIGEST
    ):
        return None
    return ArisingPostButton(board_id=int(parts[1]), digest=parts[2])


async def arising_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/arising [board]: what was done since the last meeting and what is open, for the next."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    words = command_args(context).strip()
    # Words that fit none or several of their boards: the error handler says which there are.
    board_id = clerk_board(viewer, words=words) if words else None
    deps = deps_of(context)
    summary = await action_reports.actions_arising(
        deps.db, viewer=viewer, board_id=board_id, now=deps.clock.now()
    )
    text = templates.actions_arising(summary)
    groups = await action_reports.linked_groups(deps.db, viewer=viewer, board_id=summary.board_id)
    if not groups:
        await reply_html(update, context.bot, f"{text}\n\n{texts.ARISING_NO_GROUP}")
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_ARISING_POST,
                    callback_data=arising_post_button(summary.board_id, arising_digest(text)),
                )
            ]
        ]
    )
    await reply_html(update, context.bot, text, keyboard)


def _posted(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    """Summary messages already posted from (kept per chat, the latest few)."""
    if context.chat_data is None:
        return []
    posted = context.chat_data.setdefault(_POSTED, [])
    assert isinstance(posted, list)
    return posted


@button(ArisingPostButton, parse_arising_button, who="clerk")
async def arising_post(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[ArisingPostButton]
) -> None:
    """[Post to the group]: post the summary the clerk saw to each linked group, once."""
    query, button, viewer = press.query, press.button, press.viewer
    if button.board_id not in viewer.clerk_board_ids:
        await press.answer(texts.CLERK_ONLY, alert=True)
        return
    message = query.message
    key = f"{message.chat.id}:{message.message_id}" if message is not None else query.id
    posted = _posted(context)
    if key in posted:
        await press.answer(texts.ARISING_ALREADY_POSTED, alert=True)
        return
    deps = deps_of(context)
    summary = await action_reports.actions_arising(
        deps.db, viewer=viewer, board_id=button.board_id, now=deps.clock.now()
    )
    text = templates.actions_arising(summary)
    if arising_digest(text) != button.digest:
        await press.answer(texts.ARISING_STALE, alert=True)
        return
    groups = await action_reports.linked_groups(deps.db, viewer=viewer, board_id=button.board_id)
    if not groups:
        await press.answer(texts.ARISING_NO_GROUP_NOW, alert=True)
        return
    # Marked before sending, so a second press while the posts go out posts nothing more.
    posted.append(key)
    del posted[:-_POSTED_KEPT]
    await press.answer()
    results, delivered = [], 0
    for group in groups:
        title = h(group.title or texts.GROUP_UNTITLED)
        try:
            await send_html(context.bot, group.chat_id, text)
        except TelegramError as error:
            results.append(texts.ARISING_POST_FAILED.format(group=title, reason=h(str(error))))
        else:
            delivered += 1
            results.append(texts.ARISING_POSTED.format(group=title))
    if not delivered:
        posted.remove(key)  # nothing went out: the button may be pressed again
    elif message is not None:
        # The confirmation below says what happened whether or not the button could be removed.
        with contextlib.suppress(TelegramError):
            await context.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
            )
    await reply_html(update, context.bot, "\n".join(results))


HANDLERS = (
    CommandHandler("arising", arising_command, filters=PRIVATE),
    CallbackQueryHandler(arising_post, pattern=pattern(ARISING_POST)),
)
