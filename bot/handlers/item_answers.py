"""Answers to questions about one agenda item and about an agenda as a whole.

"who is presenting the better care fund item?" reaches :func:`answer_item` as
``Intent("item", "11", "presenter")``: item 11's card, led by the sentence that answers it.
Words that fit several items come as ``choices``: a short list with one button per item
(``it:<meeting id>:<item key>:<aspect>``), never the whole agenda. ``when`` names the meeting
by time ("who presented the better care fund in june"): the item and the choices are that
meeting's. :func:`answer_agenda` answers
for the agenda as a whole: its size, its running order, its items for a purpose, the papers to
read.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot import templates, texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import in_private_chat, require_viewer
from bot.handlers.meetings import meeting_asked, show_agenda, show_item
from bot.handlers.papers import item_card
from bot.html import h
from bot.keyboards import agenda_keyboard
from bot.replies import reply_html
from language.intents import Intent
from services import agenda_views, meetings
from services.access import may_see_exempt
from services.views import AgendaItemView, AgendaView, MeetingView, Viewer

# At most this many items are offered when the words fit several.
MAX_CHOICES = 5
# An item number a button carries as it is (normalised): no ":" (the separator), short enough
# for 64 bytes.
_NUMBER = re.compile(r"[0-9A-Za-z.()/_-]{1,16}")
# Any other number ("§ 3", "4–a"): "~" and a hash of it, found again among the meeting's items.
_HASHED = re.compile(r"~[0-9a-f]{8}")
# The aspect of an item a question asked about, as a button carries it.
_ASPECT_CODES = {
    "": "-",
    "presenter": "p",
    "pages": "g",
    "papers": "g",
    "duration": "d",
    "purpose": "u",
    "report": "r",
    "decisions": "x",
}
_ASPECTS = {code: aspect for aspect, code in reversed(_ASPECT_CODES.items())}


@dataclass(frozen=True, slots=True)
class ItemButton:
    """[10A. Communication and engagement plan] under "Which item do you mean?"."""

    meeting_id: int
    number: str
    detail: str = ""


def item_key(number: str) -> str:
    """What a button carries for item ``number``: the number normalised ("4(A)" for "4 (a)",
    "PARTII3" for "Part II 3") when a button can carry it, else "~" and a hash of it. Every
    item gets a button, and an item renumbered since is gone rather than another one."""
    normal = meetings.normalise_number(number)
    if _NUMBER.fullmatch(normal):
        return normal
    return "~" + format(zlib.crc32(normal.encode()), "08x")


def item_button(meeting_id: int, number: str, detail: str = "") -> str:
    """``it:<meeting id>:<item key>:<aspect code>``; an aspect without a code travels as none."""
    code = _ASPECT_CODES.get(detail, _ASPECT_CODES[""])
    return checked(f"{Prefix.ITEM}:{meeting_id}:{item_key(number)}:{code}")


def parse_item_button(data: str | None) -> ItemButton | None:
    parts = (data or "").split(":")
    if len(parts) != 4 or parts[0] != Prefix.ITEM:
        return None
    _, meeting_id, number, code = parts
    carried = _NUMBER.fullmatch(number) or _HASHED.fullmatch(number)
    if not meeting_id.isdigit() or not carried or code not in _ASPECTS:
        return None
    return ItemButton(meeting_id=int(meeting_id), number=number, detail=_ASPECTS[code])


# -- one item ---------------------------------------------------------------------------------


async def answer_item(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
    """Item ``intent.args`` with the aspect ``intent.detail`` answered first; with no number
    but ``choices``, the member is asked which of them.

    ``intent.when`` names the meeting by time (the number is as that meeting's agenda lists
    it); without it, the next meeting, else the latest held that had that number.
    """
    if not intent.args.strip() and intent.choices:
        await _ask_which(update, context, intent)
        return
    if not intent.args.strip() or (not intent.detail and not intent.when.strip()):
        await show_item(update, context, intent.args)
        return
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    meeting: MeetingView | None = None
    if intent.when.strip():
        meeting = await meeting_asked(update, context, viewer, intent.when)
        if meeting is None:
            return
    await _answer_one(update, context, viewer, intent.args, intent.detail, meeting)


async def _answer_one(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    number: str,
    detail: str,
    meeting: MeetingView | None,
) -> None:
    """Item ``number`` of ``meeting`` (None: the next meeting, else the latest held that had
    it), led by the answer to ``detail``."""
    number = meetings.normalise_number(number)
    deps = deps_of(context)
    now = deps.clock.now()
    view = await meetings.item(
        deps.db,
        viewer=viewer,
        now=now,
        number=number,
        meeting_id=meeting.id if meeting is not None else None,
        # Exempt items: verified members, private chats only.
        include_exempt=in_private_chat(update),
    )
    if view is None:
        missing = (
            texts.NO_ITEM.format(number=h(number))
            if meeting is None
            else texts.NO_ITEM_AT_MEETING.format(
                number=h(number), meeting=templates.meeting_of(meeting)
            )
        )
        await reply_html(update, context.bot, missing)
        return
    await reply_html(update, context.bot, await item_card(update, context, viewer, view, detail))


async def _ask_which(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
    """The candidates the member may see, in agenda order, each a button: of the meeting
    ``intent.when`` names, else of the next meeting.

    The matcher reads that meeting's agenda (``bot.handlers.fallback``), so ``choices`` are
    numbers there; one that is not (or no longer, or not for this chat) is left out.
    """
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    deps = deps_of(context)
    named = bool(intent.when.strip())
    meeting: MeetingView | None
    if named:
        meeting = await meeting_asked(update, context, viewer, intent.when)
        if meeting is None:
            return
    else:
        meeting = await meetings.next_meeting(deps.db, viewer=viewer, now=deps.clock.now())
    view = (
        await meetings.agenda(
            deps.db,
            viewer=viewer,
            meeting_id=meeting.id,
            include_exempt=may_see_exempt(
                viewer, meeting.board_id, private_chat=in_private_chat(update)
            ),
        )
        if meeting is not None
        else None
    )
    candidates = _candidates(view, intent.choices) if view is not None else []
    if view is None or not candidates:
        none = (
            texts.ITEM_CHOICES_NONE_AT_MEETING.format(meeting=templates.meeting_of(meeting))
            if named and meeting is not None
            else texts.ITEM_CHOICES_NONE
        )
        await reply_html(update, context.bot, none)
        return
    if len(candidates) == 1:
        [only] = candidates
        await _answer_one(update, context, viewer, only.number, intent.detail, view.meeting)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    templates.item_choice_label(item),
                    callback_data=item_button(view.meeting.id, item.number, intent.detail),
                )
            ]
            for item in candidates
        ]
    )
    await reply_html(update, context.bot, templates.item_choices(candidates), keyboard)


def _candidates(view: AgendaView, choices: tuple[str, ...]) -> list[AgendaItemView]:
    """The first :data:`MAX_CHOICES` of ``choices`` (best first) found on the agenda, in
    agenda order. Every one gets a button, whatever its number (see :func:`item_key`)."""
    by_number = {meetings.normalise_number(item.number): item for item in view.items}
    picked: list[AgendaItemView] = []
    for choice in choices:
        item = by_number.get(meetings.normalise_number(choice))
        if item is not None and item not in picked:
            picked.append(item)
        if len(picked) == MAX_CHOICES:
            break
    order = {item.number: position for position, item in enumerate(view.items)}
    return sorted(picked, key=lambda item: order[item.number])


@button(ItemButton, parse=parse_item_button, who="person")
async def item_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[ItemButton]
) -> None:
    """The item picked from the list: its card, led by the aspect asked. Only for members of
    the meeting's board (another board's press is refused by the service); an exempt item only
    in a private chat; an item gone since the list was sent is said to be gone."""
    pressed = press.button
    deps = deps_of(context)
    now = deps.clock.now()
    number: str | None = pressed.number
    if _HASHED.fullmatch(pressed.number):
        number = await _hashed_number(update, context, press.viewer, pressed)
    view = (
        await meetings.item(
            deps.db,
            viewer=press.viewer,
            now=now,
            number=number,
            meeting_id=pressed.meeting_id,
            include_exempt=in_private_chat(update),
        )
        if number is not None
        else None
    )
    if view is None:
        await press.answer(texts.ITEM_GONE, alert=True)
        return
    await press.answer()
    card = await item_card(update, context, press.viewer, view, pressed.detail)
    await reply_html(update, context.bot, card)


async def _hashed_number(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, pressed: ItemButton
) -> str | None:
    """The number of the item of the pressed meeting whose :func:`item_key` the button
    carries; None when no item (that this chat may see) has it now."""
    view = await meetings.agenda(
        deps_of(context).db,
        viewer=viewer,
        meeting_id=pressed.meeting_id,
        include_exempt=in_private_chat(update),
    )
    found = [item for item in view.items if item_key(item.number) == pressed.number] if view else []
    return found[0].number if found else None


# -- the agenda as a whole --------------------------------------------------------------------


async def answer_agenda(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
    """The agenda of the meeting ``intent.args`` names, or the view of it ``intent.detail``
    asks for: "size", "order", "purpose:<purpose>", "prepare"; "first", "last": that item's
    card."""
    if not intent.detail:
        await show_agenda(update, context, intent.args)
        return
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    meeting = await meeting_asked(update, context, viewer, intent.args)
    if meeting is None:
        return
    deps = deps_of(context)
    now = deps.clock.now()
    view = await meetings.agenda(
        deps.db,
        viewer=viewer,
        meeting_id=meeting.id,
        # Exempt items: verified members, private chats only.
        include_exempt=in_private_chat(update),
    )
    if view is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    kind, _, asked = intent.detail.partition(":")
    keyboard = agenda_keyboard(view.meeting) if view.meeting.status == "scheduled" else None
    if kind == "size":
        text = templates.agenda_size(view, agenda_views.time_allowed(view))
    elif kind == "order":
        text, keyboard = templates.running_order(view), None
    elif kind == "purpose" and asked.strip():
        found = agenda_views.items_for(view, asked)
        given = agenda_views.purposes(view)
        text = templates.agenda_for_purpose(view, asked.strip(), found, given)
    elif kind == "prepare":
        text = templates.papers_to_read(view, agenda_views.papers(view), now=now)
    elif kind in ("first", "last"):
        await _answer_end_item(update, context, viewer, view, kind)
        return
    else:
        text, keyboard = templates.agenda(view), None
    await reply_html(update, context.bot, text, keyboard)


async def _answer_end_item(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    view: AgendaView,
    end: str,
) -> None:
    """ "What's first on the agenda?": that one item's card ("last": the last one), among the
    items this chat may see (as the agenda view)."""
    if not view.items:
        await reply_html(update, context.bot, h(texts.NO_ITEMS))
        return
    shown = view.items[0] if end == "first" else view.items[-1]
    deps = deps_of(context)
    now = deps.clock.now()
    item = await meetings.item(
        deps.db,
        viewer=viewer,
        now=now,
        number=shown.number,
        meeting_id=view.meeting.id,
        include_exempt=in_private_chat(update),
    )
    if item is None:
        await reply_html(update, context.bot, texts.NO_ITEM.format(number=h(shown.number)))
        return
    await reply_html(update, context.bot, await item_card(update, context, viewer, item))


HANDLERS = (CallbackQueryHandler(item_pressed, pattern=pattern(Prefix.ITEM)),)
