"""Update handlers, one module per feature. ``register`` wires them in priority order."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.handlers import (
    action_admin,
    action_buttons,
    action_reports,
    agenda_edit,
    announce,
    attendance,
    calendar,
    errors,
    fallback,
    groups,
    item_answers,
    lists,
    meeting_admin,
    meetings,
    packs,
    papers,
    people,
    question_buttons,
    settings,
    sources,
    start,
    who,
)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # One group: the first handler that matches wins, so the fallbacks go last.
    for handler in (
        *start.HANDLERS,
        # /item add|edit|move|drop, ahead of a member's /item N.
        *agenda_edit.HANDLERS,
        *meetings.HANDLERS,
        *attendance.HANDLERS,
        *calendar.HANDLERS,
        *lists.HANDLERS,
        *action_reports.HANDLERS,
        *groups.HANDLERS,
        *announce.HANDLERS,
        *sources.HANDLERS,
        *meeting_admin.HANDLERS,
        *settings.HANDLERS,
        *action_admin.HANDLERS,
        *action_buttons.HANDLERS,
        *packs.HANDLERS,
        *people.HANDLERS,
        *who.HANDLERS,
        *item_answers.HANDLERS,
        *papers.HANDLERS,
        *question_buttons.HANDLERS,
        *fallback.HANDLERS,
    ):
        application.add_handler(handler)
    # Before any group-0 handler: the text a member sends after [Add update] is their update.
    application.add_handler(action_buttons.UPDATE_READER, group=-1)
    # Before that: the reason or substitute a member sends after [Send apologies] (and its
    # /cancel; only one handler per group runs, hence a group of their own).
    application.add_handler(attendance.DETAILS_READER, group=-2)
    application.add_handler(attendance.DETAILS_CANCEL, group=-2)
    # A clerk's typed answer to a question about a pack sent in chat (the board, date, time)
    # and its /cancel: a group of their own.
    application.add_handler(packs.ANSWER_READER, group=packs.ANSWER_GROUP)
    application.add_handler(packs.ANSWER_CANCEL, group=packs.ANSWER_GROUP)
    # A clerk's typed answer to a /meeting new question, and its /cancel: a group of their own.
    application.add_handler(agenda_edit.ANSWER_READER, group=agenda_edit.ANSWER_GROUP)
    application.add_handler(agenda_edit.ANSWER_CANCEL, group=agenda_edit.ANSWER_GROUP)
    application.add_error_handler(errors.on_error)
