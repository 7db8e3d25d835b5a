"""Small talk, and questions Quorum suggests as buttons.

A greeting, thanks or "how are you" gets a short friendly answer and three questions worth
asking, chosen from the member's own situation (their next meeting, the items they present,
their open actions, the papers to read, the decisions on record). A question not understood
gets the closest things Quorum can answer (from the matcher), else the same three.

Each suggestion is a button ``qs:<key>``; the question it stands for is kept server-side in the
member's ``user_data`` under :data:`SUGGESTED` as plain strings (it is pickled when instances
share conversation state), at most :data:`KEPT` of them. The key is a digest of the question
itself: the same question always has the same key, so a button from before a restart either
still means exactly what it says or is stale, never another question.
``bot.handlers.question_buttons`` answers the press.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.callbacks import Prefix, checked
from bot.deps import deps_of
from bot.handlers.common import in_private_chat, require_viewer
from bot.html import h
from bot.replies import reply_html
from language.dates import WEEKDAYS
from language.intents import ROLES, Intent
from services.situation import Situation, situation
from services.views import Viewer

QUESTION = Prefix.QUESTION
# user_data: button key -> the question, as (command, args, detail, choices).
SUGGESTED = "suggested_questions"
KEPT = 20
# Suggestions under one message: small talk always has this many; a question not understood
# at most this many.
SHOWN = 3
# Button labels are kept to one line on a phone.
LABEL_LIMIT = 60
_KEY = re.compile(r"[0-9a-f]{1,16}")
_KEY_BYTES = 5
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")

# Intent.detail of small talk (language.intents).
GREETING, THANKS, FAREWELL, WELLBEING = "greeting", "thanks", "farewell", "wellbeing"

StoredQuestion = tuple[str, str, str, tuple[str, ...]]
Suggestion = tuple[str, Intent]  # (button label, the question it asks)


# -- the buttons' data ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionButton:
    """A suggested question's button: the key of the question kept in ``user_data``."""

    key: str


def question_button(key: str) -> str:
    assert _KEY.fullmatch(key)
    return checked(f"{QUESTION}:{key}")


def parse_question_button(data: str | None) -> QuestionButton | None:
    parts = (data or "").split(":")
    if len(parts) != 2 or parts[0] != QUESTION or not _KEY.fullmatch(parts[1]):
        return None
    return QuestionButton(parts[1])


def _stored(intent: Intent) -> StoredQuestion:
    return (intent.command, intent.args, intent.detail, tuple(intent.choices))


def question_key(intent: Intent) -> str:
    """The question's key: a short digest of what it asks (the same question, the same key)."""
    digest = hashlib.blake2b(repr(_stored(intent)).encode(), digest_size=_KEY_BYTES)
    return digest.hexdigest()


def remember_question(context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> str:
    """Keep ``intent`` for a button; its key. The oldest beyond :data:`KEPT` are forgotten."""
    key = question_key(intent)
    if context.user_data is None:
        return key
    kept: dict[str, StoredQuestion] = context.user_data.setdefault(SUGGESTED, {})
    kept.pop(key, None)  # offered again: now the newest
    kept[key] = _stored(intent)
    for old in list(kept)[:-KEPT]:
        del kept[old]
    return key


def recall_question(context: ContextTypes.DEFAULT_TYPE, key: str) -> Intent | None:
    """The question kept under ``key`` for this member; None when forgotten or never offered."""
    kept = context.user_data.get(SUGGESTED) if context.user_data is not None else None
    stored = kept.get(key) if isinstance(kept, dict) else None
    if not isinstance(stored, tuple) or len(stored) != 4:
        return None
    command, args, detail, choices = stored
    return Intent(command, args, detail, tuple(choices))


def questions_keyboard(
    context: ContextTypes.DEFAULT_TYPE, questions: Iterable[Suggestion]
) -> InlineKeyboardMarkup | None:
    """One suggested question a row, each kept for its button."""
    rows = [
        [InlineKeyboardButton(label, callback_data=question_button(remember_question(context, q)))]
        for label, q in questions
    ]
    return InlineKeyboardMarkup(rows) if rows else None


# -- what a button says ----------------------------------------------------------------------


def _clip(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


# How the matcher names a meeting in ``args`` (see bot.handlers.meetings.meeting_asked).
DAY, MONTH, WEEKDAY, PREVIOUS, AFTER_NEXT, BOARD = (
    "day", "month", "weekday", "previous", "after-next", "board",
)  # fmt: skip


def _meeting_named(args: str) -> tuple[str, str]:
    """(how, words) for the meeting ``args`` name, for a label: (DAY, "16 January"),
    (MONTH, "January 2024"), (WEEKDAY, "Tuesday"), (PREVIOUS, ""), (AFTER_NEXT, ""), or
    (BOARD, the words themselves)."""
    words = args.strip()
    try:
        if _ISO_DAY.fullmatch(words):
            day = date.fromisoformat(words)
            return DAY, f"{day.day} {day:%B}"
        if _ISO_MONTH.fullmatch(words):
            return MONTH, f"{date.fromisoformat(words + '-01'):%B %Y}"
    except ValueError:
        pass
    folded = words.casefold().split()
    if len(folded) == 1 and folded[0] in WEEKDAYS:
        return WEEKDAY, words.capitalize()
    if folded == ["previous"]:
        return PREVIOUS, ""
    if folded == ["after", "next"]:
        return AFTER_NEXT, ""
    return BOARD, words


_MEETING_LABELS = {
    DAY: texts.ASK_MEETING_ON,
    MONTH: texts.ASK_MEETING_IN,
    WEEKDAY: texts.ASK_MEETING_ON,
    PREVIOUS: texts.ASK_MEETING_PREVIOUS,
    AFTER_NEXT: texts.ASK_MEETING_AFTER_NEXT,
    BOARD: texts.ASK_NEXT_OF,
}
_AGENDA_LABELS = {
    DAY: texts.ASK_AGENDA_OF,
    MONTH: texts.ASK_AGENDA_OF,
    WEEKDAY: texts.ASK_AGENDA_OF,
    PREVIOUS: texts.ASK_AGENDA_PREVIOUS,
    AFTER_NEXT: texts.ASK_AGENDA_AFTER_NEXT,
    BOARD: texts.ASK_AGENDA_OF,
}


def _agenda_label(intent: Intent) -> str:
    detail, args = intent.detail, intent.args.strip()
    if detail == "prepare":
        return texts.ASK_AGENDA_PREPARE
    if detail == "size":
        return texts.ASK_AGENDA_SIZE
    if detail == "order":
        return texts.ASK_AGENDA_ORDER
    if detail == "first":
        return texts.ASK_AGENDA_FIRST
    if detail == "last":
        return texts.ASK_AGENDA_LAST
    if detail.startswith("purpose:") and detail.partition(":")[2]:
        return texts.ASK_AGENDA_PURPOSE.format(purpose=detail.partition(":")[2].replace("-", " "))
    if not args:
        return texts.ASK_AGENDA
    how, words = _meeting_named(args)
    return _AGENDA_LABELS[how].format(meeting=words)


_ITEM_ASPECTS = {
    "presenter": texts.ASK_ITEM_PRESENTER,
    "pages": texts.ASK_ITEM_PAGES,
    "papers": texts.ASK_ITEM_PAPERS,
    "duration": texts.ASK_ITEM_DURATION,
    "purpose": texts.ASK_ITEM_PURPOSE,
    "report": texts.ASK_ITEM_REPORT,
    "decisions": texts.ASK_ITEM_DECISIONS,
}
_PERSON_ASPECTS = {
    "items": texts.ASK_PERSON_ITEMS,
    "actions": texts.ASK_PERSON_ACTIONS,
    "role": texts.ASK_PERSON_ROLE,
}
_PLAIN = {
    "meetings": texts.ASK_MEETINGS,
    "actions": texts.ASK_ACTIONS,
    "members": texts.ASK_MEMBERS,
    "help": texts.ASK_HELP,
    "calendar": texts.ASK_CALENDAR,
    "apologies": texts.ASK_APOLOGIES,
    "smalltalk": texts.ASK_SMALL_TALK,
}


def question_label(intent: Intent) -> str:
    """A short natural question for ``intent``, as its button says it: "Who presents item
    11?", "Agenda for 16 January". Items are named by number only (never an exempt title)."""
    command, args = intent.command, intent.args.strip()
    if command == "next":
        if args:
            how, words = _meeting_named(args)
            label = _MEETING_LABELS[how].format(meeting=words)
        else:
            label = texts.ASK_NEXT
    elif command == "agenda":
        label = _agenda_label(intent)
    elif command == "item":
        if not args and intent.choices:
            label = texts.ASK_ITEM_WHICH.format(numbers=", ".join(intent.choices))
        else:
            label = _ITEM_ASPECTS.get(intent.detail, texts.ASK_ITEM).format(number=args)
    elif command == "person":
        if not args and intent.choices:
            label = texts.ASK_PERSON_WHICH.format(names=", ".join(intent.choices))
        else:
            # A role reads as one: "Who is the chair?", not "Who is chair?".
            name = texts.PERSON_BY_ROLE.format(role=args) if args in ROLES else args
            label = _PERSON_ASPECTS.get(intent.detail, texts.ASK_PERSON).format(name=name)
    elif command == "meetings" and args:
        label = texts.ASK_MEETINGS_PAST
    elif command == "decisions":
        label = texts.ASK_DECISIONS_ABOUT.format(words=args) if args else texts.ASK_DECISIONS
    elif command == "search":
        label = texts.ASK_SEARCH.format(words=args) if args else texts.ASK_HELP
    else:
        label = _PLAIN.get(command, texts.ASK_HELP)
    return _clip(label)


# -- what to suggest -------------------------------------------------------------------------


def general_questions(found: Situation) -> tuple[Suggestion, ...]:
    """Three questions worth asking now, the member's own first: their next meeting, an item
    they present, their open actions, its agenda and papers, decisions; then the questions
    anyone may ask (their meetings, their boards, help)."""
    candidates: list[Suggestion] = []
    if found.next_meeting is not None:
        candidates.append((texts.ASK_NEXT, Intent("next")))
    candidates += [
        (_clip(texts.ASK_ITEM_MINE.format(number=number)), Intent("item", number))
        for number in found.presenting[:1]
    ]
    if found.open_actions:
        candidates.append((texts.ASK_ACTIONS, Intent("actions")))
    if found.next_meeting is not None and found.next_meeting.item_count:
        candidates.append((texts.ASK_AGENDA, Intent("agenda")))
        if found.has_papers:
            candidates.append((texts.ASK_AGENDA_PREPARE, Intent("agenda", detail="prepare")))
    if found.has_decisions:
        candidates.append((texts.ASK_DECISIONS, Intent("decisions")))
    candidates += [
        (texts.ASK_MEETINGS, Intent("meetings")),
        (texts.ASK_MEMBERS, Intent("members")),
        (texts.ASK_HELP, Intent("help")),
    ]
    return _distinct(candidates)[:SHOWN]


def _distinct(questions: Iterable[Suggestion]) -> tuple[Suggestion, ...]:
    seen: set[Intent] = set()
    kept = []
    for label, intent in questions:
        if intent not in seen:
            seen.add(intent)
            kept.append((label, intent))
    return tuple(kept)


async def _situation_of(
    update: Update, context: ContextTypes.DEFAULT_TYPE, viewer: Viewer
) -> Situation:
    deps = deps_of(context)
    return await situation(
        deps.db, viewer=viewer, now=deps.clock.now(), include_exempt=in_private_chat(update)
    )


def first_name(full_name: str) -> str:
    """How to greet someone: their first name, past an honorific ("Cllr Diane Ellison" ->
    "Diane"); the whole name when there is nothing else to go by ("Dr Patel")."""
    words = full_name.split()
    rest = [word for word in words if word.casefold().rstrip(".") not in texts.NAME_HONORIFICS]
    return rest[0] if len(rest) >= 2 else full_name.strip()


# -- answers ----------------------------------------------------------------------------------


async def answer_small_talk(
    update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent
) -> None:
    """A greeting, thanks, "how are you" or goodbye, answered briefly; all but the goodbye
    with three suggested questions."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    found = await _situation_of(update, context, viewer)
    if intent.detail == FAREWELL:
        # "I'll remind you" only when a reminder is indeed waiting to go out.
        farewell = (
            texts.SMALL_TALK_FAREWELL_REMINDER if found.reminder_due else texts.SMALL_TALK_FAREWELL
        )
        await reply_html(update, context.bot, farewell)
        return
    if intent.detail == THANKS:
        text = texts.SMALL_TALK_THANKS
    elif intent.detail == WELLBEING:
        text = texts.SMALL_TALK_WELLBEING
    else:
        text = texts.SMALL_TALK_GREETING.format(name=h(first_name(viewer.full_name)))
    keyboard = questions_keyboard(context, general_questions(found))
    await reply_html(update, context.bot, text, keyboard)


async def reply_not_understood(
    update: Update, context: ContextTypes.DEFAULT_TYPE, closest: Sequence[Intent]
) -> None:
    """A question not understood: "Did you mean" the ``closest`` answerable questions, else
    the member's three general suggestions and a pointer to /help."""
    questions = _distinct((question_label(intent), intent) for intent in closest)[:SHOWN]
    if questions:
        text = texts.NOT_UNDERSTOOD_CLOSEST
    else:
        viewer = await require_viewer(update, context)
        if viewer is None:
            return
        questions = general_questions(await _situation_of(update, context, viewer))
        text = texts.NOT_UNDERSTOOD
    await reply_html(update, context.bot, text, questions_keyboard(context, questions))
