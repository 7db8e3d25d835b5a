"""Which meeting a member's words name: /agenda WORDS and /next WORDS, in a private chat or a
board's group, and the questions that ask the same (the matcher writes the same words)."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import ContextTypes

from bot import templates
from bot.deps import deps_of
from bot.handlers import common
from bot.replies import reply_html
from language.dates import MeetingWords, read_meeting_words
from services import meetings
from services.views import MeetingView, Viewer


def meeting_words(
    viewer: Viewer, args: str, *, today: date, past: bool = False
) -> tuple[str | None, MeetingWords | None]:
    """(a board's name, which meeting by time) in ``args``; (None, None) for no words.

    A time alone ("16 January", "tuesday", "previous"); a board's name alone; or both, either
    way round ("northshire 5 October", "january rutland"). Words that are neither are taken
    as a board's name, so the answer can say that no board of that name was found. ``past``:
    the words ask about a meeting held (decisions), so a date or month without a year is its
    last occurrence (see :func:`language.dates.read_meeting_words`).
    """
    words = args.split()
    if not words:
        return None, None
    asked = read_meeting_words(args, today=today, past=past)
    if asked is not None:
        return None, asked
    if meetings.match_boards(viewer, args):
        return args, None
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        for board, when in ((head, tail), (tail, head)):
            asked = read_meeting_words(when, today=today, past=past)
            if asked is not None and meetings.match_boards(viewer, board):
                return board, asked
    return args.strip(), None


async def meeting_named(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    viewer: Viewer,
    args: str,
    *,
    group: bool = False,
    past: bool = False,
) -> MeetingView | None:
    """The meeting ``args`` name among ``viewer``'s boards; None after saying that none fits
    (``group``: said to a board's group, whose audience is that board; ``past``: as in
    :func:`meeting_words`).

    "after next" with a board named is that board's second meeting to come; without one it is
    the second of all the viewer's meetings to come, whichever boards they are on (in a group
    the audience is the group's one board)."""
    deps = deps_of(context)
    board, asked = meeting_words(viewer, args, today=common.today(context), past=past)
    meeting = await meetings.find_meeting(
        deps.db, viewer=viewer, now=deps.clock.now(), board=board, asked=asked
    )
    if meeting is None:
        await reply_html(
            update, context.bot, templates.meeting_asked_missing(asked, board, group=group)
        )
    return meeting
