"""[Done], [Add update] and [Can't do — tell the clerk] on reminders about an action.

[Done] closes the action and edits the reminder to say so. [Add update] asks for the update;
the member's next text message in that chat is the update (or /cancel). [Can't do] asks the
same way for a short reason, records it and tells the board's clerks (through the outbox).
The question is kept in the member's ``user_data`` with the time it was asked, and a text
arriving more than :data:`UPDATE_WAIT` later is not taken for the update: it is answered like
any other message.
That reader runs in handler group -1 (:data:`UPDATE_READER`), ahead of the plain-language
fallback, and stops the update there only when it took the text. ForceReply opens the reply
field in the member's app; replying is not required.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import BadRequest
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
from bot.callbacks import (
    ACTION_CANT_DO,
    ACTION_DONE,
    ACTION_UPDATE,
    ActionButton,
    pattern,
)
from bot.deps import deps_of
from bot.handlers import buttons
from bot.handlers.common import require_viewer
from bot.html import MAX_TEXT, h, visible_length
from bot.replies import reply_html
from core.errors import QuorumError
from services.actions.records import ActionRegisterError, action_handle
from services.actions.updates import (
    ActionSubject,
    ActionUpdateError,
    add_update,
    cannot_do,
    cant_do_action,
    complete_action,
    updatable_action,
)
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
# How long the bot waits for the text after [Add update].
UPDATE_WAIT = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class AwaitedUpdate:
    """An [Add update] press waiting for its text."""

    action_id: int
    label: str  # HTML, escaped
    chat_id: int
    asked_at_utc: datetime
    cant_do: bool = False  # the text is the reason the owner can't do it, for the clerk


_QUESTION = AwaitedText("awaiting_action_update", AwaitedUpdate, UPDATE_WAIT)


def action_label(action: ActionSubject) -> str:
    """``action #12 [4] (Report on waiting times)``, escaped for HTML."""
    return templates.action_in_words(action.id, action.ref, action.description)


@buttons.button(ActionButton, private=True)
async def done_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: buttons.Press[ActionButton]
) -> None:
    """[Done]: the owner (or the board's clerk) closes the action."""
    deps = deps_of(context)
    completion = await complete_action(
        deps.db, viewer=press.viewer, action_id=press.button.action_id, now=deps.clock.now()
    )
    await press.answer(
        texts.ACTION_ALREADY_DONE if completion.already_done else texts.ACTION_DONE_THANKS
    )
    await _show_done(update, context, press.query.message, press.query.data or "")


async def _show_done(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: MaybeInaccessibleMessage | None,
    pressed: str,
) -> None:
    """Add "✓ Marked done" to the reminder and take its [Done] button away."""
    if not isinstance(message, Message):
        await reply_html(update, context.bot, texts.ACTION_MARKED_DONE)
        return
    rows = message.reply_markup.inline_keyboard if message.reply_markup else ()
    done_buttons = [
        button
        for row in rows
        for button in row
        if str(button.callback_data or "").startswith(f"{ACTION_DONE}:")
    ]
    if len(done_buttons) > 1:
        # A list of actions (/actions): take that action's row away and say which one.
        action_id = pressed.partition(":")[2]
        rest = [
            row
            for row in rows
            if not any(str(b.callback_data or "").endswith(f":{action_id}") for b in row)
        ]
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_reply_markup(
                chat_id=message.chat.id,
                message_id=message.message_id,
                reply_markup=InlineKeyboardMarkup(rest) if rest else None,
            )
        done = texts.ACTION_DONE_IN_LIST.format(handle=h(action_handle(int(action_id))))
        await reply_html(update, context.bot, done)
        return
    kept = [
        kept_row
        for kept_row in ([b for b in row if b.callback_data != pressed] for row in rows)
        if kept_row
    ]
    keyboard = InlineKeyboardMarkup(kept) if kept else None
    original = message.text_html if message.text is not None else None
    if original is not None and original.endswith(texts.ACTION_MARKED_DONE):
        return  # a second press before the first edit arrived
    marked = f"{original}\n\n{texts.ACTION_MARKED_DONE}" if original is not None else None
    try:
        if marked is not None and visible_length(marked) <= MAX_TEXT:
            await context.bot.edit_message_text(
                marked,
                chat_id=message.chat.id,
                message_id=message.message_id,
                reply_markup=keyboard,
            )
            return
        await context.bot.edit_message_reply_markup(
            chat_id=message.chat.id, message_id=message.message_id, reply_markup=keyboard
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    await reply_html(update, context.bot, texts.ACTION_MARKED_DONE)


@buttons.button(ActionButton, private=True)
async def update_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: buttons.Press[ActionButton]
) -> None:
    """[Add update]: ask for the update; the next text message in this chat is it."""
    await _ask_about_action(update, context, press, cant_do=False)


async def _ask_about_action(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    press: buttons.Press[ActionButton],
    *,
    cant_do: bool,
) -> None:
    """[Add update] or [Can't do]: ask for the text; the next message in this chat is it."""
    chat = update.effective_chat
    assert chat is not None  # a private chat (the button's opening check)
    viewer, action_id = press.viewer, press.button.action_id
    deps = deps_of(context)
    if cant_do:
        found = await cant_do_action(deps.db, viewer=viewer, action_id=action_id)
        action = ActionSubject(
            id=found.id,
            board_id=found.board_id,
            board_name=found.board_name,
            ref=found.ref,
            description=found.description,
            status=found.status,
        )
    else:
        action = await updatable_action(deps.db, viewer=viewer, action_id=action_id)
    label = action_label(action)
    _QUESTION.ask(
        context,
        AwaitedUpdate(
            action_id=action.id,
            label=label,
            chat_id=chat.id,
            asked_at_utc=deps.clock.now(),
            cant_do=cant_do,
        ),
    )
    prompt, placeholder = (
        (texts.ACTION_CANT_DO_PROMPT, texts.ACTION_CANT_DO_PLACEHOLDER)
        if cant_do
        else (texts.ACTION_UPDATE_PROMPT, texts.ACTION_UPDATE_PLACEHOLDER)
    )
    await press.answer()
    await context.bot.send_message(
        chat.id,
        prompt.format(action=label),
        reply_markup=ForceReply(input_field_placeholder=placeholder),
    )


async def read_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message while an update is awaited: store it, and let no other handler see it.
    Otherwise (nothing awaited, another chat, too late) leave it to the other handlers."""
    answered = _QUESTION.answer(update, context)
    if answered is None:
        return
    awaited, text = answered
    deps = deps_of(context)
    now = deps.clock.now()
    viewer = await require_viewer(update, context)
    if viewer is None:
        _QUESTION.forget(context)
        raise ApplicationHandlerStop
    if awaited.cant_do:
        await _read_reason(update, context, viewer, awaited, text)
    try:
        await add_update(deps.db, viewer=viewer, action_id=awaited.action_id, text=text, now=now)
    except ActionUpdateError as exc:
        # Keep waiting (afresh) for a better one.
        _QUESTION.ask(context, replace(awaited, asked_at_utc=now))
        await reply_html(update, context.bot, texts.ACTION_UPDATE_RETRY.format(problem=h(exc)))
        raise ApplicationHandlerStop from None
    except QuorumError as exc:
        await _QUESTION.end(update, context, exc)
    _QUESTION.forget(context)
    await reply_html(update, context.bot, texts.ACTION_UPDATE_SAVED.format(action=awaited.label))
    raise ApplicationHandlerStop


async def _read_reason(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    awaited: AwaitedUpdate,
    text: str,
) -> None:
    """The owner's reason for [Can't do]: record it, tell the clerks, stop the update there."""
    deps = deps_of(context)
    now = deps.clock.now()
    try:
        told = await cannot_do(
            deps.db, viewer=viewer, action_id=awaited.action_id, reason=text, now=now
        )
    except ActionRegisterError as exc:
        _QUESTION.ask(context, replace(awaited, asked_at_utc=now))
        await reply_html(update, context.bot, texts.ACTION_UPDATE_RETRY.format(problem=h(exc)))
        raise ApplicationHandlerStop from None
    except QuorumError as exc:
        await _QUESTION.end(update, context, exc)
    _QUESTION.forget(context)
    deps.outbox.poke()
    await reply_html(
        update,
        context.bot,
        texts.ACTION_CANT_DO_SENT if told.clerks_told else texts.ACTION_CANT_DO_NO_CLERK,
    )
    raise ApplicationHandlerStop


@buttons.button(ActionButton, private=True)
async def cant_do_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: buttons.Press[ActionButton]
) -> None:
    """[Can't do — tell the clerk]: ask the owner why; the next text message is the reason."""
    await _ask_about_action(update, context, press, cant_do=True)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel: stop waiting for an update (or a reason for [Can't do])."""
    awaited = _QUESTION.pending(context)
    if awaited is None:
        await reply_html(update, context.bot, texts.NOTHING_TO_CANCEL)
        return
    _QUESTION.forget(context)
    await reply_html(
        update,
        context.bot,
        texts.ACTION_CANT_DO_CANCELLED if awaited.cant_do else texts.ACTION_UPDATE_CANCELLED,
    )


HANDLERS = (
    CallbackQueryHandler(done_button, pattern=pattern(ACTION_DONE)),
    CallbackQueryHandler(update_button, pattern=pattern(ACTION_UPDATE)),
    CallbackQueryHandler(cant_do_button, pattern=pattern(ACTION_CANT_DO)),
    CommandHandler("cancel", cancel, filters=PRIVATE),
)
# Registered in group -1, ahead of every other handler (see the module's docstring).
UPDATE_READER = MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, read_update)
