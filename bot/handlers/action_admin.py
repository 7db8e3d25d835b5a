"""/action: a clerk's action register in chat (add, assign, due, drop, history).

Dates are typed by people: one that needs confirming (an ambiguous "next Tue", a day already
gone) is asked about with a button per candidate day, and nothing is stored until one is
pressed. The question's draft stays in the clerk's ``user_data`` for :data:`DRAFT_WAIT` (by the
injected clock); a button whose draft is gone, expired, or not one of the offered days changes
nothing.
"""

from __future__ import annotations

import re
import secrets
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import DATE_CHOICE, DateChoice, date_choice, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import (
    command_args,
    in_private_chat,
    require_clerk_viewer,
    require_viewer,
    today,
)
from bot.html import h
from bot.replies import reply_html
from calendars.zones import format_date, to_local
from language.dates import AMBIGUOUS_WEEKDAY, DateAnswer, resolve_date
from services.actions.register import (
    add_action,
    assign_action,
    drop_action,
    find_action,
    parse_action_ref,
    set_due,
)
from services.actions.updates import action_history as register_history
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
# How long a question about a typed date waits for its button.
DRAFT_WAIT = timedelta(minutes=15)
_DRAFTS = "action_drafts"
_ADD = "add"
_DUE = "due"
# "TEXT @NAME by DATE" / "TEXT for NAME due DATE": the name runs up to the last " by "/" due ".
_OWNER_MARK = re.compile(r"\s@|\s+for\s+", re.IGNORECASE)
_DATE_MARK = re.compile(r"\s+(?:by|due)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NewAction:
    description: str
    owner_name: str
    date_text: str | None


@dataclass(frozen=True, slots=True)
class Draft:
    """A change waiting for the clerk to pick the date."""

    op: str  # _ADD or _DUE
    chat_id: int
    asked_at_utc: datetime
    candidates: tuple[date, ...]
    action_id: int | None = None  # _DUE
    new_action: NewAction | None = None  # _ADD


def parse_new_action(text: str) -> NewAction | None:
    """``Draft the strategy @Diane Ellison by 31 Oct`` -> its parts; None if no owner is named."""
    text = " ".join(text.split())
    marks = list(_OWNER_MARK.finditer(f" {text}"))
    if not marks:
        return None
    # "@" wins over "for" (a description may say "for the ICB"); the last one of each kind.
    at_marks = [m for m in marks if m.group().strip() == "@"]
    mark = (at_marks or marks)[-1]
    padded = f" {text}"
    description, rest = padded[: mark.start()].strip(), padded[mark.end() :].strip()
    dates = list(_DATE_MARK.finditer(f" {rest}"))
    date_text: str | None = None
    owner = rest
    if dates:
        last = dates[-1]
        owner = f" {rest}"[: last.start()].strip()
        date_text = f" {rest}"[last.end() :].strip() or None
    if not description or not owner:
        return None
    return NewAction(description=description, owner_name=owner, date_text=date_text)


def _drafts(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Draft]:
    if context.user_data is None:
        return {}
    drafts = context.user_data.setdefault(_DRAFTS, {})
    assert isinstance(drafts, dict)
    return drafts


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    await reply_html(update, context.bot, text)


async def _ask_date(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    answer: DateAnswer,
    typed: str,
    draft: Draft,
) -> None:
    """Offer the candidate days as buttons; the change waits in a draft until one is pressed."""
    drafts = _drafts(context)
    now = deps_of(context).clock.now()
    for key in [k for k, old in drafts.items() if now - old.asked_at_utc > DRAFT_WAIT]:
        del drafts[key]
    key = secrets.token_hex(4)
    drafts[key] = draft
    if answer.reason == AMBIGUOUS_WEEKDAY:
        question = texts.ACTION_DATE_ASK_WEEKDAY
    elif len(answer.candidates) > 1:
        question = texts.ACTION_DATE_ASK_PAST
    else:
        question = texts.ACTION_DATE_ASK_PAST_ONE
    lines = [question.format(text=h(typed))]
    if answer.day is not None and answer.month_first is not None:
        lines.append(
            texts.ACTION_DATE_DAY_FIRST.format(
                day=h(format_date(answer.day)), other=h(format_date(answer.month_first))
            )
        )
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(format_date(day), callback_data=date_choice(key, day))]
            for day in answer.candidates
        ]
    )
    await reply_html(update, context.bot, "\n".join(lines), keyboard)


def _month_first_note(answer: DateAnswer) -> str:
    if answer.day is None or answer.month_first is None:
        return ""
    note = texts.ACTION_DATE_DAY_FIRST.format(
        day=h(format_date(answer.day)), other=h(format_date(answer.month_first))
    )
    return f"\n{note}"


async def _add(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    new: NewAction,
    due_on: date | None,
    note: str = "",
) -> None:
    deps = deps_of(context)
    action = await add_action(
        deps.db,
        viewer=viewer,
        board_id=None,
        description=new.description,
        owner_name=new.owner_name,
        due_on=due_on,
        now=deps.clock.now(),
    )
    deps.outbox.poke()
    await _say(update, context, templates.action_added(action) + note)


async def _set_due(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    action_id: int,
    due_on: date,
    note: str = "",
) -> None:
    deps = deps_of(context)
    change = await set_due(
        deps.db, viewer=viewer, action_id=action_id, due_on=due_on, now=deps.clock.now()
    )
    deps.outbox.poke()
    action = change.action
    template = texts.ACTION_DUE_SET if change.changed else texts.ACTION_DUE_SAME
    text = template.format(
        handle=h(action.handle),
        due=templates.registered_due(action),
        description=h(templates.clip(action.description)),
    )
    await _say(update, context, text + note)


async def _command_add(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, rest: str
) -> None:
    new = parse_new_action(rest)
    chat = update.effective_chat
    if new is None or chat is None:
        await _say(update, context, h(texts.ACTION_ADD_USAGE))
        return
    if new.date_text is None:
        await _add(update, context, viewer, new, None)
        return
    answer = resolve_date(new.date_text, today=today(context))
    if answer.day is None:
        await _say(update, context, texts.ACTION_DATE_UNREADABLE.format(text=h(new.date_text)))
        return
    if answer.needs_confirmation:
        draft = Draft(
            op=_ADD,
            chat_id=chat.id,
            asked_at_utc=deps_of(context).clock.now(),
            candidates=answer.candidates,
            new_action=new,
        )
        await _ask_date(update, context, answer, new.date_text, draft)
        return
    await _add(update, context, viewer, new, answer.day, _month_first_note(answer))


def _ref_and_rest(rest: str) -> tuple[int | None, str]:
    ref, _, tail = rest.strip().partition(" ")
    return parse_action_ref(ref), tail.strip()


async def _command_due(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, rest: str
) -> None:
    action_id, typed = _ref_and_rest(rest)
    chat = update.effective_chat
    if action_id is None or not typed or chat is None:
        await _say(update, context, h(texts.ACTION_DUE_USAGE))
        return
    deps = deps_of(context)
    action = await find_action(deps.db, viewer=viewer, ref=str(action_id))
    answer = resolve_date(typed, today=to_local(deps.clock.now(), action.zone).date())
    if answer.day is None:
        await _say(update, context, texts.ACTION_DATE_UNREADABLE.format(text=h(typed)))
        return
    if answer.needs_confirmation:
        draft = Draft(
            op=_DUE,
            chat_id=chat.id,
            asked_at_utc=deps.clock.now(),
            candidates=answer.candidates,
            action_id=action.id,
        )
        await _ask_date(update, context, answer, typed, draft)
        return
    await _set_due(update, context, viewer, action.id, answer.day, _month_first_note(answer))


async def _command_assign(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, rest: str
) -> None:
    action_id, name = _ref_and_rest(rest)
    if action_id is None or not name:
        await _say(update, context, h(texts.ACTION_ASSIGN_USAGE))
        return
    deps = deps_of(context)
    change = await assign_action(
        deps.db, viewer=viewer, action_id=action_id, owner_name=name, now=deps.clock.now()
    )
    deps.outbox.poke()
    action = change.action
    template = texts.ACTION_ASSIGNED if change.changed else texts.ACTION_ASSIGN_SAME
    text = template.format(
        handle=h(action.handle),
        owner=h(action.owner_name or texts.NO_OWNER),
        description=h(templates.clip(action.description)),
    )
    await _say(update, context, text)


async def _command_drop(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, rest: str
) -> None:
    action_id, _ = _ref_and_rest(rest)
    if action_id is None:
        await _say(update, context, h(texts.ACTION_REF_USAGE.format(verb="drop")))
        return
    deps = deps_of(context)
    change = await drop_action(deps.db, viewer=viewer, action_id=action_id, now=deps.clock.now())
    action = change.action
    template = texts.ACTION_DROPPED if change.changed else texts.ACTION_ALREADY_DROPPED
    text = template.format(
        handle=h(action.handle), description=h(templates.clip(action.description))
    )
    await _say(update, context, text)


async def _command_history(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, rest: str
) -> None:
    action_id, _ = _ref_and_rest(rest)
    if action_id is None:
        await _say(update, context, h(texts.ACTION_REF_USAGE.format(verb="history")))
        return
    history = await register_history(deps_of(context).db, viewer=viewer, action_id=action_id)
    await _say(update, context, templates.action_history(history))


_CLERK_COMMANDS = {
    "add": _command_add,
    "assign": _command_assign,
    "due": _command_due,
    "drop": _command_drop,
}


async def action_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/action add|assign|due|drop|history ...; /action alone: how to use it."""
    verb, _, rest = command_args(context).strip().partition(" ")
    verb = verb.lower()
    if verb == "history":
        # The action's owner may read its history too: the service decides.
        viewer = await require_viewer(update, context)
        if viewer is not None:
            await _command_history(update, context, viewer, rest)
        return
    command = _CLERK_COMMANDS.get(verb)
    if command is None:
        await _say(update, context, texts.ACTION_ADMIN_USAGE)
        return
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    await command(update, context, viewer, rest)


# Anyone: the draft lives in the presser's own data, so for anyone but the clerk who was asked
# the true answer is that the question has expired; the clerk is checked again after that.
@button(DateChoice, who="anyone", stale=texts.ACTION_DATE_STALE)
async def date_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[DateChoice]
) -> None:
    """A day picked for a typed date: carry out the waiting change with it, once."""
    query, picked = press.query, press.button
    drafts = _drafts(context)
    draft = drafts.get(picked.draft)
    deps = deps_of(context)
    if (
        draft is None
        or not in_private_chat(update)
        or query.message is None
        or query.message.chat.id != draft.chat_id
        or picked.day not in draft.candidates
        or deps.clock.now() - draft.asked_at_utc > DRAFT_WAIT
    ):
        await press.answer(texts.ACTION_DATE_STALE, alert=True)
        return
    viewer = await require_clerk_viewer(update, context)
    if viewer is None:
        return
    del drafts[picked.draft]
    await press.answer()
    if isinstance(query.message, Message):
        with suppress(BadRequest):  # already without buttons
            await query.message.edit_reply_markup(reply_markup=None)
    if draft.op == _ADD and draft.new_action is not None:
        await _add(update, context, viewer, draft.new_action, picked.day)
    elif draft.op == _DUE and draft.action_id is not None:
        await _set_due(update, context, viewer, draft.action_id, picked.day)


HANDLERS = (
    CommandHandler("action", action_command, filters=PRIVATE),
    CallbackQueryHandler(date_button, pattern=pattern(DATE_CHOICE)),
)
