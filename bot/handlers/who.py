"""Someone on the member's boards, asked about by name or by role: ``/who chair``, ``/who Dawn
Godfrey``, "who is the vice-chair?", "what is Dawn Godfrey presenting?".

Private chats only (a group is pointed to the private chat by ``bot.handlers.groups``): a
profile may hold exempt items and, for the person themself or a clerk, open actions. Several
people fitting the words are offered as buttons (``pn:<key>:<detail>``), each checked again
when pressed: the presser must still share a board with that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.callbacks import Prefix, checked, pattern
from bot.deps import deps_of
from bot.handlers.buttons import Press, button
from bot.handlers.common import as_command, in_private_chat, require_viewer
from bot.html import h
from bot.replies import reply_html
from language.intents import Intent
from services import profiles
from services.profiles import PersonProfile, PersonRef
from services.views import Viewer

PRIVATE = filters.ChatType.PRIVATE
PERSON = Prefix.PERSON
# What a question asked about the person, as a button carries it.
DETAIL_CODES = {"": "-", "items": "i", "actions": "a", "role": "r"}
_DETAILS = {code: detail for detail, code in DETAIL_CODES.items()}
# A person's key: p<person id>, or i<agenda item id> for a presenter who is not a member.
_KEY = re.compile(r"^[pi]\d{1,19}$")


@dataclass(frozen=True, slots=True)
class PersonButton:
    key: str
    detail: str


def person_button(key: str, detail: str = "") -> str:
    """``pn:p12:a``: the person ``key`` names, and what was asked about them."""
    assert _KEY.match(key)
    return checked(f"{PERSON}:{key}:{DETAIL_CODES.get(detail, DETAIL_CODES[''])}")


def parse_person_button(data: str | None) -> PersonButton | None:
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] != PERSON or not _KEY.match(parts[1]):
        return None
    detail = _DETAILS.get(parts[2])
    return None if detail is None else PersonButton(key=parts[1], detail=detail)


def choices_keyboard(refs: list[PersonRef], detail: str) -> InlineKeyboardMarkup | None:
    """One button per person; namesakes are told apart by their board."""
    if not refs:
        return None
    names = [ref.name.casefold() for ref in refs]

    def label(ref: PersonRef) -> str:
        if names.count(ref.name.casefold()) > 1 and ref.board_name:
            return texts.PERSON_CHOICE_OF.format(name=ref.name, board=ref.board_name)
        return ref.name

    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label(ref), callback_data=person_button(ref.key, detail))]
            for ref in refs
        ]
    )


def _ref(profile: PersonProfile) -> PersonRef:
    board = profile.seats[0].board_name if profile.seats else None
    return PersonRef(name=profile.name, key=profile.key, board_name=board)


async def show_who(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    """/who NAME|chair|vice-chair|clerk."""
    words = " ".join(args.split())
    if not words:
        await reply_html(update, context.bot, texts.WHO_USAGE)
        return
    await answer_person(update, context, Intent("person", args=words))


async def answer_person(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
    """Who ``intent.args`` is (a name, or a role key: chair, vice-chair, clerk) on the
    member's boards; ``intent.choices``: several close names, the member picks one."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    if len(intent.choices) > 1 and await _asked_which(update, context, viewer, intent):
        return
    asked = " ".join((intent.args or (intent.choices[0] if intent.choices else "")).split())
    if not asked:
        await reply_html(update, context.bot, texts.WHO_USAGE)
        return
    deps = deps_of(context)
    now, private = deps.clock.now(), in_private_chat(update)
    found = await profiles.person_profiles(
        deps.db, viewer=viewer, asked=asked, now=now, include_exempt=private
    )
    role = profiles.role_asked(asked)
    if role is not None and len(found) != 1:
        await reply_html(update, context.bot, templates.role_holders(role.value, found))
        return
    if len(found) == 1:
        profile = templates.person_profile(found[0], detail=intent.detail)
        await reply_html(update, context.bot, profile)
        return
    if found:
        keyboard = choices_keyboard([_ref(profile) for profile in found], intent.detail)
        await reply_html(update, context.bot, texts.PERSON_WHICH, keyboard)
        return
    close = await profiles.close_people(
        deps.db, viewer=viewer, asked=asked, now=now, include_exempt=private
    )
    wording = texts.PERSON_NOT_FOUND_CLOSE if close else texts.PERSON_NOT_FOUND
    text = wording.format(name=h(asked))
    await reply_html(update, context.bot, text, choices_keyboard(close, intent.detail))


async def _asked_which(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer, intent: Intent
) -> bool:
    """The question's close names as buttons, when they are still several people."""
    deps = deps_of(context)
    refs = await profiles.people_named(
        deps.db,
        viewer=viewer,
        names=intent.choices,
        now=deps.clock.now(),
        include_exempt=in_private_chat(update),
    )
    if len(refs) < 2:
        return False
    await reply_html(update, context.bot, texts.PERSON_WHICH, choices_keyboard(refs, intent.detail))
    return True


@button(PersonButton, parse_person_button, private=True)
async def person_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press[PersonButton]
) -> None:
    """[Name] under "Who do you mean?": that person, if the presser still shares a board."""
    deps = deps_of(context)
    profile = await profiles.profile_by_key(
        deps.db,
        viewer=press.viewer,
        key=press.button.key,
        now=deps.clock.now(),
        include_exempt=True,  # a private chat, and only the presser's own boards
    )
    if profile is None:
        await press.answer(texts.PERSON_GONE, alert=True)
        return
    await press.answer()
    text = templates.person_profile(profile, detail=press.button.detail)
    await reply_html(update, context.bot, text)


HANDLERS = (
    CommandHandler("who", as_command(show_who), filters=PRIVATE),
    CallbackQueryHandler(person_chosen, pattern=pattern(PERSON)),
)
