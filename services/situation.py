"""Where a member stands now: what is worth suggesting they ask (after a greeting, or a question
Quorum did not understand), from one short read of the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, false, func, or_
from sqlmodel import col, select

from services.actions.records import OPEN_STATES
from services.meetings import IN_PROGRESS_WINDOW, meeting_view, meetings_with_boards
from services.names import name_key
from services.views import MeetingView, Viewer
from storage.engine import Database
from storage.models import (
    Action,
    AgendaItem,
    Decision,
    Meeting,
    MeetingStatus,
    Notification,
    NotificationKind,
    NotificationState,
)


@dataclass(frozen=True, slots=True)
class Situation:
    """What the member's next meeting, actions and records hold for them."""

    next_meeting: MeetingView | None
    has_papers: bool  # an item of the next meeting has pages to read
    presenting: tuple[str, ...]  # numbers of the next meeting's items they present, in order
    open_actions: int
    has_decisions: bool  # decisions are on record for their boards
    reminder_due: bool  # a reminder of the next meeting is waiting to be sent to them


def presents(presenter: str | None, person_name: str) -> bool:
    """Whether ``presenter`` (as an agenda prints it) names the person: the same name, or that
    name with a title or honorific around it ("Cllr Diane Ellison")."""
    if not presenter:
        return False
    person = name_key(person_name)
    return bool(person) and f" {person} " in f" {name_key(presenter)} "


async def situation(
    db: Database, *, viewer: Viewer, now: datetime, include_exempt: bool
) -> Situation:
    """The viewer's situation at ``now``; exempt items count only with ``include_exempt``."""
    boards = viewer.board_ids
    if not boards:
        return Situation(None, False, (), 0, False, False)
    async with db.read() as session:
        row = (
            await session.exec(
                meetings_with_boards()
                .where(
                    col(Meeting.board_id).in_(boards),
                    col(Meeting.status) == MeetingStatus.SCHEDULED.value,
                    col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
                )
                .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
                .limit(1)
            )
        ).first()
        meeting = None if row is None else meeting_view(row)
        # The rest in one statement: each part a subquery (a greeting is answered in a blink).
        open_actions = (
            select(func.count(col(Action.id)))
            .where(
                col(Action.owner_id) == viewer.person_id,
                col(Action.board_id).in_(boards),
                col(Action.status).in_(OPEN_STATES),
            )
            .scalar_subquery()
        )
        decided = exists().where(col(Decision.board_id).in_(boards))
        reminder = (
            exists().where(
                col(Notification.person_id) == viewer.person_id,
                col(Notification.meeting_id) == meeting.id,
                col(Notification.kind) == NotificationKind.MEETING_REMINDER.value,
                col(Notification.state) == NotificationState.PENDING.value,
                # Pending until its expiry: it will still go out.
                or_(
                    col(Notification.expires_at_utc).is_(None),
                    col(Notification.expires_at_utc) > now,
                ),
            )
            if meeting is not None
            else false()
        )
        actions_open, has_decisions, reminder_due = (
            await session.exec(select(open_actions, decided, reminder))
        ).one()
        items: list[tuple[str, str | None, int | None]] = []
        if meeting is not None and meeting.item_count:
            query = select(AgendaItem.number, AgendaItem.presenter, AgendaItem.pages_first).where(
                col(AgendaItem.meeting_id) == meeting.id
            )
            if not include_exempt:
                query = query.where(col(AgendaItem.exempt).is_(False))
            items = list((await session.exec(query.order_by(col(AgendaItem.position)))).all())
    return Situation(
        next_meeting=meeting,
        has_papers=any(pages is not None for _, _, pages in items),
        presenting=tuple(
            number for number, presenter, _ in items if presents(presenter, viewer.full_name)
        ),
        open_actions=int(actions_open or 0),
        has_decisions=bool(has_decisions),
        reminder_due=bool(reminder_due),
    )
