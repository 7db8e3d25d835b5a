"""Stored meetings as calendar values (:mod:`calendars.events`): the one place that decides what
a calendar file may say about a meeting. Calendar files leave Quorum's control, so only public
information goes in: never an exempt item."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.events import AgendaLine, MeetingEvent
from calendars.ics import meeting_ics
from calendars.zones import to_local
from services.names import slugify
from services.views import MeetingView
from storage.engine import Database
from storage.models import AgendaItem, Board, Meeting, MeetingStatus


class AgendaRow(Protocol):
    """What a calendar needs of an agenda row: a stored :class:`AgendaItem`, or a plain row of
    those columns (feeds load thousands of them without the ORM)."""

    @property
    def position(self) -> int: ...
    @property
    def number(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def presenter(self) -> str | None: ...
    @property
    def exempt(self) -> bool: ...


class MeetingRow(Protocol):
    """What a calendar needs of a meeting: a stored :class:`Meeting`, or a plain row of those
    columns (feeds load a thousand of them without the ORM)."""

    @property
    def id(self) -> int | None: ...
    @property
    def starts_at_utc(self) -> datetime: ...
    @property
    def ends_at_utc(self) -> datetime | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def remote_link(self) -> str | None: ...
    @property
    def ics_sequence(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def updated_at_utc(self) -> datetime: ...
    @property
    def created_at_utc(self) -> datetime: ...
    @property
    def time_stated(self) -> bool: ...


class BoardRow(Protocol):
    """What a calendar needs of a board: a stored :class:`Board` or a row of those columns."""

    @property
    def name(self) -> str: ...
    @property
    def timezone(self) -> str: ...


def event_from(meeting: MeetingRow, board: BoardRow, items: Sequence[AgendaRow]) -> MeetingEvent:
    """``meeting`` of ``board`` with its agenda ``items`` (exempt ones are left out here)."""
    return event_with_agenda(
        meeting,
        board,
        tuple(
            AgendaLine(item.number, item.title, item.presenter)
            for item in sorted(items, key=lambda row: row.position)
            if not item.exempt
        ),
    )


def event_with_agenda(
    meeting: MeetingRow, board: BoardRow, agenda: tuple[AgendaLine, ...]
) -> MeetingEvent:
    """``meeting`` of ``board`` with its public ``agenda`` already in order (exempt items must
    have been left out by the caller: :func:`event_from` does that)."""
    assert meeting.id is not None
    return MeetingEvent(
        meeting_id=meeting.id,
        summary=board.name,
        starts_at_utc=meeting.starts_at_utc,
        ends_at_utc=meeting.ends_at_utc,
        location=meeting.location,
        url=meeting.remote_link,
        agenda=agenda,
        sequence=meeting.ics_sequence,
        cancelled=meeting.status == MeetingStatus.CANCELLED.value,
        categories=tuple(dict.fromkeys(("Board meeting", board.name))),
        last_modified_utc=meeting.updated_at_utc,
        created_utc=meeting.created_at_utc,
        zone=board.timezone,
        time_stated=meeting.time_stated,
    )


async def meeting_event(session: AsyncSession, meeting_id: int) -> MeetingEvent | None:
    """The calendar event of one stored meeting, or None if it no longer exists."""
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    board = await session.get(Board, meeting.board_id)
    assert board is not None
    items = (
        await session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.exempt).is_(False))
            .order_by(col(AgendaItem.position))
        )
    ).all()
    return event_from(meeting, board, items)


async def meeting_ics_file(
    db: Database, meeting_id: int, *, domain: str, now: datetime
) -> bytes | None:
    """The meeting's .ics as it stands at ``now`` (public items only), or None if it no longer
    exists."""
    async with db.read() as session:
        event = await meeting_event(session, meeting_id)
    if event is None:
        return None
    return meeting_ics(event, domain=domain, now=now)


def calendar_filename(meeting: MeetingView) -> str:
    """``rutland-health-and-wellbeing-board-2023-10-10.ics``."""
    day = to_local(meeting.starts_at_utc, meeting.zone).date()
    return f"{slugify(meeting.board_name)}-{day.isoformat()}.ics"
