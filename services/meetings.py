"""Meetings and agendas, as a member may see them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.views import AgendaItemView, AgendaView, MeetingView, Viewer
from storage.engine import Database
from storage.models import AgendaItem, Board, Meeting, MeetingStatus

# A meeting that started this long ago is still "the next meeting" (it is probably under way).
IN_PROGRESS_WINDOW = timedelta(hours=3)


async def _meeting_view(session: AsyncSession, meeting: Meeting, board: Board) -> MeetingView:
    assert meeting.id is not None
    count = (
        await session.exec(
            select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
        )
    ).one()
    assert board.id is not None
    return MeetingView(
        id=meeting.id,
        board_id=board.id,
        board_name=board.name,
        zone=ZoneInfo(board.timezone),
        starts_at_utc=meeting.starts_at_utc,
        location=meeting.location,
        remote_link=meeting.remote_link,
        status=meeting.status,
        item_count=int(count),
    )


async def next_meeting(db: Database, *, viewer: Viewer, now: datetime) -> MeetingView | None:
    """The earliest scheduled meeting, on any of the viewer's boards, not yet over."""
    if not viewer.board_ids:
        return None
    async with db.read() as session:
        row = (
            await session.exec(
                select(Meeting, Board)
                .join(Board, col(Board.id) == col(Meeting.board_id))
                .where(
                    col(Meeting.board_id).in_(viewer.board_ids),
                    Meeting.status == MeetingStatus.SCHEDULED.value,
                    col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
                )
                .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
                .limit(1)
            )
        ).first()
        if row is None:
            return None
        meeting, board = row
        return await _meeting_view(session, meeting, board)


async def agenda(
    db: Database, *, viewer: Viewer, meeting_id: int, include_exempt: bool
) -> AgendaView | None:
    """A meeting's agenda, or None if the meeting is not on one of the viewer's boards.

    Exempt items are left out unless ``include_exempt`` (private chat of a verified member);
    how many were left out is reported so the reader knows the list is partial.
    """
    async with db.read() as session:
        row = (
            await session.exec(
                select(Meeting, Board)
                .join(Board, col(Board.id) == col(Meeting.board_id))
                .where(Meeting.id == meeting_id)
            )
        ).first()
        if row is None or row[0].board_id not in viewer.board_ids:
            return None
        meeting, board = row
        items = (
            await session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position))
            )
        ).all()
        shown = [item for item in items if include_exempt or not item.exempt]
        return AgendaView(
            meeting=await _meeting_view(session, meeting, board),
            items=tuple(
                AgendaItemView(
                    number=item.number,
                    title=item.title,
                    presenter=item.presenter,
                    presenter_role=item.presenter_role,
                    report_number=item.report_number,
                    pages=(
                        (item.pages_first, item.pages_last)
                        if item.pages_first is not None and item.pages_last is not None
                        else None
                    ),
                    duration_minutes=item.duration_minutes,
                    purpose=item.purpose,
                    exempt=item.exempt,
                )
                for item in shown
            ),
            withheld_exempt=len(items) - len(shown),
        )
