"""What a member's question in plain words may name, read once per question.

The matcher (``language.intents``) needs the titles of the agenda the question is most likely
about and the people it may name; every message in plain words pays for reading them, so they
come from one read transaction of three small queries: the meeting (the next one, or the one a
question names by time), its items, and the people of the viewer's boards with their roles and
titles (presenters printed on those items come with the items).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from language.dates import MeetingWords
from packs.people import split_people
from services.access import may_see_exempt
from services.meetings import (
    IN_PROGRESS_WINDOW,
    find_meeting,
    item_view,
    meeting_view,
    meetings_with_boards,
)
from services.views import AgendaItemView, MeetingView, Viewer
from storage.engine import Database
from storage.models import AgendaItem, Meeting, MeetingStatus, Membership, Person

__all__ = ["KnownPerson", "QuestionContext", "question_context"]

_SCHEDULED = MeetingStatus.SCHEDULED.value


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """Someone a question may name: their name, roles and titles on the viewer's boards."""

    name: str
    roles: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionContext:
    meeting: MeetingView | None
    items: tuple[AgendaItemView, ...]  # exempt ones only when the caller may see them
    people: tuple[KnownPerson, ...]


async def question_context(
    db: Database,
    *,
    viewer: Viewer,
    now: datetime,
    private_chat: bool,
    asked: MeetingWords | None = None,
) -> QuestionContext:
    """The meeting a question is about (``asked``, else the next one on the viewer's boards),
    its agenda, and the people of the viewer's boards; then the presenters the agenda prints
    who are not among them. Exempt items are included only where the viewer may see them
    (:func:`~services.access.may_see_exempt`: in a private chat, on their own board)."""
    board_ids = viewer.board_ids
    if not board_ids:
        return QuestionContext(meeting=None, items=(), people=())
    meeting: MeetingView | None = None
    if asked is not None:
        meeting = await find_meeting(db, viewer=viewer, now=now, asked=asked)
    async with db.read() as session:
        if asked is None:
            row = (
                await session.exec(
                    meetings_with_boards()
                    .where(
                        col(Meeting.board_id).in_(board_ids),
                        col(Meeting.status) == _SCHEDULED,
                        col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
                    )
                    .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
                    .limit(1)
                )
            ).first()
            meeting = meeting_view(row) if row is not None else None
        items: tuple[AgendaItemView, ...] = ()
        if meeting is not None:
            include_exempt = may_see_exempt(viewer, meeting.board_id, private_chat=private_chat)
            rows = (
                await session.exec(
                    select(AgendaItem)
                    .where(col(AgendaItem.meeting_id) == meeting.id)
                    .order_by(col(AgendaItem.position))
                )
            ).all()
            items = tuple(item_view(r) for r in rows if include_exempt or not r.exempt)
        seats = (
            await session.exec(
                select(Person.full_name, Membership.role, Membership.title)
                .join(Person, col(Person.id) == col(Membership.person_id))
                .where(col(Membership.board_id).in_(board_ids))
                .order_by(col(Person.full_name))
            )
        ).all()
    known: dict[str, tuple[list[str], list[str]]] = {}
    for name, role, title in seats:
        roles, titles = known.setdefault(name, ([], []))
        if role not in roles:
            roles.append(role)
        if title and title not in titles:
            titles.append(title)
    people = [
        KnownPerson(name, tuple(roles), tuple(titles)) for name, (roles, titles) in known.items()
    ]
    listed = {name.casefold() for name in known}
    for item in items:
        names = split_people(item.presenter or "") or []
        for name in names:
            if name.casefold() not in listed:
                listed.add(name.casefold())
                described = (
                    (item.presenter_role,) if item.presenter_role and len(names) == 1 else ()
                )
                people.append(KnownPerson(name, (), described))
    return QuestionContext(meeting=meeting, items=items, people=tuple(people))
