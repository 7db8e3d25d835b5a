"""A meeting's papers in chat: /papers (the next meeting's), /papers 6 (item 6 of the next
meeting), /papers 6 june (item 6 of the meeting in June), /papers june; the questions that ask
the same ("reports for the next meeting"); and the papers an item card lists.

Each paper is a link to the council's site with its publication date; an item imported from a
pack gives its pages in the pack instead. In a board's group, as /agenda there, the answer is
public: no exempt item and no restricted paper (how many were left out is said).
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot import templates, texts
from bot.deps import deps_of
from bot.handlers import groups, which_meeting
from bot.handlers.common import as_command, command_args, in_private_chat, require_viewer
from bot.html import h
from bot.replies import reply_html
from language.intents import Intent
from services import meetings, papers
from services.views import ItemView, MeetingView, Viewer

PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
# An item number as /papers takes it first: "6", "10B", "4.1", "4(a)". A date ("10/10",
# "2024-01-16") or a month is never one: those are the meeting's words.
_ITEM_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})?[A-Za-z]?(?:\([A-Za-z0-9]{1,3}\))?")
# Words that may come before the number: "/papers item 6".
_ITEM_WORDS = frozenset({"item", "no", "no.", "number", "#"})


def read_papers_words(args: str) -> tuple[str, str]:
    """(the item number, the meeting's words) in what follows /papers: "6 june" is item 6 of
    the meeting in June, "june" the whole meeting in June, "item 8a" item 8A of the next."""
    words = args.split()
    if len(words) > 1 and words[0].casefold() in _ITEM_WORDS:
        words = words[1:]
    if words and _ITEM_NUMBER.fullmatch(words[0].lstrip("#")):
        return meetings.normalise_number(words[0].lstrip("#")), " ".join(words[1:])
    return "", " ".join(words)


async def show_papers(update: Update, context: ContextTypes.DEFAULT_TYPE, args: str = "") -> None:
    """/papers [ITEM] [MEETING WORDS] in a private chat."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    number, words = read_papers_words(args)
    await _answer(update, context, viewer, number, words, group=False)


async def answer_papers(update: Update, context: ContextTypes.DEFAULT_TYPE, intent: Intent) -> None:
    """ "Reports for the next meeting", "papers for june": the papers of the meeting
    ``intent.args`` names (the matcher's meeting words, never an item)."""
    viewer = await require_viewer(update, context)
    if viewer is None:
        return
    await _answer(update, context, viewer, "", intent.args, group=not in_private_chat(update))


async def group_papers(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/papers in a board's group: the public papers of the group's board."""
    audience = await groups.group_audience(update, context)
    if audience is None:
        await reply_html(update, context.bot, texts.GROUP_NOT_LINKED)
        return
    number, words = read_papers_words(command_args(context))
    await _answer(update, context, audience, number, words, group=True)


async def _answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    number: str,
    words: str,
    *,
    group: bool,
) -> None:
    deps = deps_of(context)
    now = deps.clock.now()
    private = in_private_chat(update)
    meeting: MeetingView | None = None
    if words.strip():
        meeting = await which_meeting.meeting_named(update, context, viewer, words, group=group)
        if meeting is None:
            return
    if number:
        found = await papers.item_papers(
            deps.db,
            viewer=viewer,
            number=number,
            meeting_id=meeting.id if meeting is not None else None,
            private_chat=private,
            now=now,
        )
        if found is None:
            missing = (
                texts.NO_ITEM.format(number=h(number))
                if meeting is None
                else texts.NO_ITEM_AT_MEETING.format(
                    number=h(number), meeting=templates.meeting_of(meeting)
                )
            )
            await reply_html(update, context.bot, missing)
            return
        await reply_html(update, context.bot, templates.item_papers_answer(found, now=now))
        return
    if meeting is None:
        meeting = await meetings.next_meeting(deps.db, viewer=viewer, now=now)
    listed = (
        await papers.meeting_papers(
            deps.db, viewer=viewer, meeting_id=meeting.id, private_chat=private
        )
        if meeting is not None
        else None
    )
    if listed is None:
        await reply_html(update, context.bot, texts.NO_MEETING)
        return
    await reply_html(update, context.bot, templates.meeting_papers(listed))


async def item_card(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    view: ItemView,
    detail: str = "",
) -> str:
    """An item's card (led by the answer to ``detail``), listing the papers of the item this
    chat may see: restricted ones only where exempt items may be seen."""
    deps = deps_of(context)
    documents = await papers.item_documents(
        deps.db,
        viewer=viewer,
        meeting_id=view.meeting.id,
        number=view.item.number,
        private_chat=in_private_chat(update),
    )
    return templates.item_answer(view, detail, now=deps.clock.now(), papers=documents.papers)


HANDLERS = (
    CommandHandler("papers", as_command(show_papers), filters=PRIVATE),
    CommandHandler("papers", group_papers, filters=GROUPS),
)
