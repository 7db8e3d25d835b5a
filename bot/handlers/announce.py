"""A clerk's announcements: /publish (the agenda of a meeting) and /broadcast (free text), and
Telegram's word on whether a member can still be messaged (``my_chat_member``).

Both first show a preview: the member's message as the dispatcher renders it, and who gets it,
with [Send to N members] [Who?] [Cancel]; nothing is stored before [Send]. The [Send] handler
only queues the broadcast and posts the clerk's progress message; the dispatcher delivers it in
the background and keeps that message up to date.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from bot import templates, texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import command_args, require_clerk_viewer, today
from bot.html import h
from bot.replies import reply_html
from calendars.zones import format_date, format_when
from core.errors import QuorumError
from language.dates import parse_day
from notify.broadcasts import Tally
from services import broadcasts, meetings
from services.boards import (
    BoardNeeded,
    NoBoardFits,
    SeveralBoardsFit,
    clerk_board,
    clerk_view,
)
from services.broadcasts import (
    AlreadyPublished,
    BroadcastStarted,
    PreviewOutdated,
    PublicationPreview,
    Recipients,
)
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
PUBLISH_AGAIN = Prefix.PUBLISH_AGAIN
BROADCAST_TO = Prefix.BROADCAST_TO
SEND = Prefix.SEND
# What a button under a preview does, and how many numbers its data carries after that:
# [Send] a publication (meeting, the latest publication the preview saw or 0, the meeting's
# version), [Send] a text (board, draft), [Who?] (board), [Cancel] (draft, or 0).
SEND_PUBLICATION, SEND_TEXT, SEND_WHO, SEND_CANCEL = "p", "t", "w", "x"
_SEND_SHAPES = {SEND_PUBLICATION: 3, SEND_TEXT: 2, SEND_WHO: 1, SEND_CANCEL: 1}
_DRAFTS = "broadcast_drafts"
_DRAFTS_KEPT = 20


# -- callback data ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublishAgainButton:
    """[Publish again]: the meeting, and the publication the clerk was asked about."""

    meeting_id: int
    broadcast_id: int


@dataclass(frozen=True, slots=True)
class BroadcastToButton:
    """Which board a waiting /broadcast message goes to (the text stays server-side)."""

    board_id: int
    draft: str


def publish_again_button(meeting_id: int, broadcast_id: int) -> str:
    return checked(f"{PUBLISH_AGAIN}:{meeting_id}:{broadcast_id}")


def broadcast_to_button(board_id: int, draft: str) -> str:
    assert draft.isdigit()
    return checked(f"{BROADCAST_TO}:{board_id}:{draft}")


def parse_announce_button(data: str | None) -> PublishAgainButton | BroadcastToButton | None:
    """Callback data of this module's buttons; anything else -> None."""
    parts = (data or "").split(":")
    if len(parts) != 3 or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    if parts[0] == PUBLISH_AGAIN:
        return PublishAgainButton(meeting_id=int(parts[1]), broadcast_id=int(parts[2]))
    if parts[0] == BROADCAST_TO:
        return BroadcastToButton(board_id=int(parts[1]), draft=parts[2])
    return None


@dataclass(frozen=True, slots=True)
class SendButton:
    """A button under a /publish or /broadcast preview (see ``_SEND_SHAPES``)."""

    action: str
    numbers: tuple[int, ...]


def send_button(action: str, *numbers: int) -> str:
    assert _SEND_SHAPES.get(action) == len(numbers)
    return checked(":".join([SEND, action, *map(str, numbers)]))


def parse_send_button(data: str | None) -> SendButton | None:
    """Callback data of a preview's button; anything else -> None."""
    parts = (data or "").split(":")
    if len(parts) < 2 or parts[0] != SEND:
        return None
    action, numbers = parts[1], parts[2:]
    if _SEND_SHAPES.get(action) != len(numbers) or not all(n.isdigit() for n in numbers):
        return None
    return SendButton(action=action, numbers=tuple(int(n) for n in numbers))


# -- shared steps -------------------------------------------------------------------------------


async def _post_progress(
    update: Update, context: ContextTypes.DEFAULT_TYPE, started: BroadcastStarted
) -> None:
    """The clerk's progress message (edited as deliveries complete), then wake the dispatcher."""
    deps = deps_of(context)
    chat = update.effective_chat
    try:
        if chat is None:
            return
        text = templates.broadcast_progress(
            board_name=started.board_name,
            meeting=started.meeting,
            tally=Tally(
                members=started.members, in_progress=started.members, groups=started.groups
            ),
            finished=False,
        )
        if started.previously_published is not None and started.meeting is not None:
            when = format_when(started.previously_published, started.meeting.zone)
            text += "\n" + texts.PREVIOUSLY_PUBLISHED.format(when=h(when))
        message = await context.bot.send_message(chat.id, text)
        await broadcasts.set_progress_message(
            deps.db,
            broadcast_id=started.broadcast_id,
            chat_id=chat.id,
            message_id=message.message_id,
        )
    finally:
        # The rows are queued whatever became of the progress message.
        deps.outbox.poke()


async def _ask_to_confirm(
    update: Update, context: ContextTypes.DEFAULT_TYPE, error: AlreadyPublished
) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_PUBLISH_AGAIN,
                    callback_data=publish_again_button(error.meeting.id, error.broadcast_id),
                )
            ]
        ]
    )
    await reply_html(
        update,
        context.bot,
        templates.already_published(error.meeting, error.published_at_utc),
        keyboard,
    )


async def _target(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, words: str
) -> tuple[int | None, int | None] | None:
    """(meeting id, board id) that /publish's words name among the clerk's boards; None once the
    clerk has been told that nothing fits."""
    if not words:
        return None, None
    deps = deps_of(context)
    clerked = clerk_view(viewer)
    on = parse_day(words, today=today(context))
    if on is not None:
        meeting = await meetings.find_meeting(deps.db, viewer=clerked, now=deps.clock.now(), on=on)
        if meeting is None:
            await reply_html(
                update, context.bot, texts.PUBLISH_NO_MEETING_ON.format(day=h(format_date(on)))
            )
            return None
        return meeting.id, None
    try:
        return None, clerk_board(viewer, words=words)
    except (NoBoardFits, SeveralBoardsFit) as unclear:
        # /publish's own wording: it also takes a date, which the service knows nothing of.
        several = isinstance(unclear, SeveralBoardsFit)
        template = texts.PUBLISH_SEVERAL_BOARDS if several else texts.PUBLISH_NO_BOARD
        listed = ", ".join(unclear.choices.values())
        await reply_html(update, context.bot, template.format(words=h(words), boards=h(listed)))
        return None


# -- /publish -----------------------------------------------------------------------------------


async def publish_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/publish [board or date]: announce the agenda of the next meeting to every member."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    target = await _target(update, context, viewer, command_args(context).strip())
    if target is None:
        return
    meeting_id, board_id = target
    await show_publication_preview(
        update, context, viewer, meeting_id=meeting_id, board_id=board_id
    )


@button(PublishAgainButton, parse_announce_button, who="clerk")
async def publish_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[PublishAgainButton]
) -> None:
    """[Publish again] under "already published": the clerk confirmed a second publication.

    The press is answered once the publication has started (a refusal is the error handler's
    answer, so the clerk never reads "Publishing again." beside it)."""
    deps = deps_of(context)
    try:
        started = await broadcasts.start_publication(
            deps.db,
            viewer=press.viewer,
            meeting_id=press.button.meeting_id,
            now=deps.clock.now(),
            confirm=True,
            seen_broadcast_id=press.button.broadcast_id,
        )
    except AlreadyPublished as error:
        # Published again meanwhile (a double tap): ask about the newer publication instead.
        await _ask_to_confirm(update, context, error)
        return
    await press.answer(texts.PUBLISH_AGAIN_STARTED)
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_reply_markup(reply_markup=None)
    await _post_progress(update, context, started)


# -- /broadcast ---------------------------------------------------------------------------------


def _text_after_command(text: str | None) -> str:
    """What follows the command, line breaks kept (``context.args`` loses them)."""
    parts = (text or "").split(None, 1)
    return parts[1].strip() if len(parts) == 2 else ""


def _keep_draft(context: ContextTypes.DEFAULT_TYPE, text: str) -> str:
    if context.user_data is None:
        raise QuorumError(texts.BROADCAST_DRAFT_GONE)
    drafts: dict[str, str] = context.user_data.setdefault(_DRAFTS, {})
    number = int(context.user_data.get("broadcast_draft_number", 0)) + 1
    context.user_data["broadcast_draft_number"] = number
    key = str(number)
    drafts[key] = text
    for old in sorted(drafts, key=int)[:-_DRAFTS_KEPT]:
        del drafts[old]
    return key


def _peek_draft(context: ContextTypes.DEFAULT_TYPE, key: str) -> str | None:
    if context.user_data is None:
        return None
    text = context.user_data.get(_DRAFTS, {}).get(key)
    return text if isinstance(text, str) else None


def _take_draft(context: ContextTypes.DEFAULT_TYPE, key: str) -> str | None:
    if context.user_data is None:
        return None
    drafts = context.user_data.get(_DRAFTS, {})
    text = drafts.pop(key, None)
    return text if isinstance(text, str) else None


async def broadcast_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/broadcast TEXT: the clerk's own message to every member of their board."""
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    message = update.effective_message
    words = _text_after_command(message.text if message else None)
    if not words:
        await reply_html(update, context.bot, texts.BROADCAST_USAGE)
        return
    text = broadcasts.checked_text(words)
    # The text waits server-side until [Send]; taken once, so a second press sends nothing.
    key = _keep_draft(context, text)
    try:
        board_id = clerk_board(viewer, command="broadcast")
    except BoardNeeded as needed:
        # A clerk of several picks the board with a button first.
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(name, callback_data=broadcast_to_button(board, key))]
                for board, name in needed.choices.items()
            ]
        )
        await reply_html(update, context.bot, texts.BROADCAST_WHICH_BOARD, keyboard)
        return
    await _show_text_preview(update, context, viewer, board_id=board_id, text=text, draft=key)


@button(BroadcastToButton, parse_announce_button, who="clerk")
async def broadcast_to(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[BroadcastToButton]
) -> None:
    """A board chosen for a waiting /broadcast message: its preview (the text stays waiting)."""
    text = _peek_draft(context, press.button.draft)
    if text is None:
        await press.answer(texts.BROADCAST_DRAFT_GONE, alert=True)
        return
    await press.answer()
    await _drop_keyboard(press)
    await _show_text_preview(
        update,
        context,
        press.viewer,
        board_id=press.button.board_id,
        text=text,
        draft=press.button.draft,
    )


# -- the preview and its buttons ----------------------------------------------------------------


def _count(forms: tuple[str, str], count: int) -> str:
    return forms[0 if count == 1 else 1].format(count=count)


def _audience(recipients: Recipients) -> str:
    """``17 members on Telegram, 4 not yet (…).`` and the linked groups."""
    line = texts.PREVIEW_AUDIENCE.format(
        on=_count(texts.PREVIEW_MEMBERS, len(recipients.on_telegram)),
        off=len(recipients.not_yet),
    )
    if recipients.groups:
        groups = _count(texts.PREVIEW_LINKED_GROUPS, recipients.groups)
        line += " " + texts.PREVIEW_GROUPS.format(groups=groups)
    return line


def _send_keyboard(send: str, recipients: Recipients, draft: int) -> InlineKeyboardMarkup:
    members = _count(texts.PREVIEW_MEMBERS, len(recipients.on_telegram))
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_SEND_TO.format(members=members), callback_data=send
                )
            ],
            [
                InlineKeyboardButton(
                    texts.BUTTON_WHO,
                    callback_data=send_button(SEND_WHO, recipients.board_id),
                ),
                InlineKeyboardButton(
                    texts.BUTTON_CANCEL_SEND, callback_data=send_button(SEND_CANCEL, draft)
                ),
            ],
        ]
    )


def publication_preview_text(preview: PublicationPreview) -> str:
    """The preview: the member's message exactly as the dispatcher renders it, then whether it
    was published before, and who gets it."""
    meeting = preview.meeting
    lines = [
        texts.PREVIEW_PUBLICATION,
        "",
        templates.publication_caption(meeting, preview.public_items),
        "",
    ]
    if preview.published_at_utc is not None and preview.same_version:
        lines.append(templates.already_published(meeting, preview.published_at_utc))
    elif preview.published_at_utc is not None:
        when = format_when(preview.published_at_utc, meeting.zone)
        lines.append(texts.PREVIOUSLY_PUBLISHED.format(when=h(when)))
    lines += [_audience(preview.recipients), texts.PREVIEW_NOTHING_SENT]
    return "\n".join(lines)


async def show_publication_preview(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    *,
    meeting_id: int | None,
    board_id: int | None = None,
) -> None:
    """/publish's answer (also for [Publish now] elsewhere): what members will get and who
    will get it, with [Send to N members] [Who?] [Cancel]. Nothing is stored."""
    deps = deps_of(context)
    preview = await broadcasts.preview_publication(
        deps.db, viewer=viewer, meeting_id=meeting_id, board_id=board_id, now=deps.clock.now()
    )
    meeting = preview.meeting
    send = send_button(SEND_PUBLICATION, meeting.id, preview.seen_broadcast_id, meeting.sequence)
    keyboard = _send_keyboard(send, preview.recipients, draft=0)
    await reply_html(update, context.bot, publication_preview_text(preview), keyboard)


async def _show_text_preview(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    *,
    board_id: int | None,
    text: str,
    draft: str,
) -> None:
    deps = deps_of(context)
    preview = await broadcasts.preview_text_broadcast(
        deps.db, viewer=viewer, text=text, board_id=board_id
    )
    recipients = preview.recipients
    markup = "\n".join(
        [
            texts.PREVIEW_BROADCAST,
            "",
            templates.text_broadcast(recipients.board_name, preview.text),
            "",
            _audience(recipients),
            texts.PREVIEW_NOTHING_SENT,
        ]
    )
    send = send_button(SEND_TEXT, recipients.board_id, int(draft))
    await reply_html(update, context.bot, markup, _send_keyboard(send, recipients, int(draft)))


def who_text(recipients: Recipients) -> str:
    """[Who?]: the names by channel."""

    def names(people: tuple[str, ...]) -> str:
        return ", ".join(h(name) for name in people) or h(texts.WHO_NOBODY)

    lines = [
        texts.WHO_TITLE.format(board=h(recipients.board_name)),
        texts.WHO_ON_TELEGRAM.format(
            count=len(recipients.on_telegram), names=names(recipients.on_telegram)
        ),
        texts.WHO_NOT_YET.format(count=len(recipients.not_yet), names=names(recipients.not_yet)),
    ]
    if recipients.groups:
        lines.append(
            texts.PREVIEW_GROUPS.format(
                groups=_count(texts.PREVIEW_LINKED_GROUPS, recipients.groups)
            )
        )
    return "\n".join(lines)


async def _drop_keyboard(press: Press[SendButton] | Press[BroadcastToButton]) -> None:
    with contextlib.suppress(TelegramError):
        await press.query.edit_message_reply_markup(reply_markup=None)


@button(SendButton, parse_send_button, who="clerk")
async def send_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[SendButton]
) -> None:
    """A button under a preview. [Send] starts the publication or broadcast once: a second
    press, or a preview overtaken by a publication made meanwhile, sends nothing (the database
    says so, through the publication the button saw, or the draft taken once)."""
    deps = deps_of(context)
    action, numbers = press.button.action, press.button.numbers
    if action == SEND_WHO:
        found = await broadcasts.recipients(deps.db, viewer=press.viewer, board_id=numbers[0])
        await reply_html(update, context.bot, who_text(found))
        return
    if action == SEND_CANCEL:
        if numbers[0]:
            _take_draft(context, str(numbers[0]))
        await press.answer(texts.SEND_CANCELLED)
        await _drop_keyboard(press)
        return
    if action == SEND_PUBLICATION:
        meeting_id, seen, sequence = numbers
        try:
            started = await broadcasts.start_publication(
                deps.db,
                viewer=press.viewer,
                meeting_id=meeting_id,
                now=deps.clock.now(),
                confirm=True,
                seen_broadcast_id=seen,
                sequence=sequence,
            )
        except AlreadyPublished as done:
            when = format_when(done.published_at_utc, done.meeting.zone)
            await press.answer(texts.SEND_ALREADY.format(when=when), alert=True)
            await _drop_keyboard(press)
            return
        except PreviewOutdated as outdated:
            await press.answer(str(outdated), alert=True)
            await _drop_keyboard(press)
            await show_publication_preview(update, context, press.viewer, meeting_id=meeting_id)
            return
    else:
        board_id, draft = numbers
        text = _take_draft(context, str(draft))
        if text is None:
            await press.answer(texts.SEND_DRAFT_GONE, alert=True)
            await _drop_keyboard(press)
            return
        started = await broadcasts.start_text_broadcast(
            deps.db, viewer=press.viewer, text=text, now=deps.clock.now(), board_id=board_id
        )
    # The rows are queued: start sending now, not after the clerk's own messages, which wait
    # their turn in the clerk's chat (a message a second) and go before the members' copies.
    deps.outbox.poke()
    await press.answer()
    await _drop_keyboard(press)
    await _post_progress(update, context, started)


# -- reachability -------------------------------------------------------------------------------


async def private_chat_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A member blocked the bot (it was "kicked" from their private chat) or came back."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    deps = deps_of(context)
    status = change.new_chat_member.status
    if status == ChatMemberStatus.BANNED:
        changed = await broadcasts.person_blocked_bot(
            deps.db, telegram_user_id=change.from_user.id, now=deps.clock.now()
        )
    elif status == ChatMemberStatus.MEMBER:
        changed = await broadcasts.person_unblocked_bot(
            deps.db, telegram_user_id=change.from_user.id, now=deps.clock.now()
        )
    else:
        return
    if changed:
        # Blocking queues notices to the clerks; coming back re-plans reminders.
        deps.outbox.poke()


HANDLERS = (
    CommandHandler("publish", publish_command, filters=PRIVATE),
    CommandHandler("broadcast", broadcast_command, filters=PRIVATE),
    CallbackQueryHandler(publish_again, pattern=pattern(PUBLISH_AGAIN)),
    CallbackQueryHandler(broadcast_to, pattern=pattern(BROADCAST_TO)),
    CallbackQueryHandler(send_pressed, pattern=pattern(SEND)),
    ChatMemberHandler(private_chat_status, ChatMemberHandler.MY_CHAT_MEMBER),
)
