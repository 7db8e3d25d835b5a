"""Storing a read pack: one transaction, so a failed import leaves the database as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import to_local
from core.errors import ImportFailed
from packs.model import Pack
from services.boards import get_or_create_board
from services.people import ensure_membership, person_for_board
from services.views import ImportSummary
from storage.engine import Database
from storage.models import Action, ActionStatus, AgendaItem, Board, Decision, Meeting

# The pack's word for a finished action, mapped to the register's.
_ACTION_STATUS = {
    "open": ActionStatus.OPEN,
    "completed": ActionStatus.DONE,
    "carried-forward": ActionStatus.CARRIED_FORWARD,
}


async def _meeting_on_day(
    session: AsyncSession, *, board: Board, starts_at: datetime, zone: ZoneInfo
) -> Meeting | None:
    """The board's meeting on the same local day: a pack's stable identity for its meeting."""
    assert board.id is not None
    day = to_local(starts_at, zone).date()
    candidates = await session.exec(select(Meeting).where(Meeting.board_id == board.id))
    for meeting in candidates.all():
        if to_local(meeting.starts_at_utc, zone).date() == day:
            return meeting
    return None


async def _upsert_meeting(
    session: AsyncSession,
    *,
    board: Board,
    starts_at: datetime,
    location: str | None,
    remote_link: str | None,
    source: str,
    now: datetime,
) -> tuple[Meeting, bool]:
    assert board.id is not None
    zone = ZoneInfo(board.timezone)
    starts_at = starts_at.astimezone(UTC)
    meeting = await _meeting_on_day(session, board=board, starts_at=starts_at, zone=zone)
    if meeting is None:
        meeting = Meeting(
            board_id=board.id,
            starts_at_utc=starts_at,
            location=location,
            remote_link=remote_link,
            source=source,
            created_at_utc=now,
            updated_at_utc=now,
        )
        session.add(meeting)
        await session.flush()
        return meeting, True
    changed = meeting.starts_at_utc != starts_at or (location and meeting.location != location)
    meeting.starts_at_utc = starts_at
    meeting.location = location or meeting.location
    meeting.remote_link = remote_link or meeting.remote_link
    meeting.source = source
    if changed:
        meeting.ics_sequence += 1
        meeting.updated_at_utc = now
    session.add(meeting)
    return meeting, False


async def import_pack(
    db: Database, *, pack: Pack, board_name: str | None, timezone: str, now: datetime
) -> ImportSummary:
    """Store ``pack`` for the board (named, or as the pack names it). Re-importing is idempotent."""
    name = (board_name or pack.body or "").strip()
    if not name:
        raise ImportFailed('The pack does not name its board; pass --board "NAME".')
    if pack.meeting.start is None:
        raise ImportFailed("The pack has no meeting date and time, so there is nothing to store.")
    async with db.write() as session:
        board, board_created = await get_or_create_board(
            session, name=name, organisation=pack.organisation, timezone=timezone
        )
        assert board.id is not None
        meeting, meeting_created = await _upsert_meeting(
            session,
            board=board,
            starts_at=pack.meeting.start,
            location=pack.meeting.location,
            remote_link=pack.meeting.remote_link,
            source=pack.source,
            now=now,
        )
        assert meeting.id is not None
        await session.exec(delete(AgendaItem).where(col(AgendaItem.meeting_id) == meeting.id))
        for position, item in enumerate(pack.agenda, start=1):
            session.add(
                AgendaItem(
                    meeting_id=meeting.id,
                    position=position,
                    number=item.number,
                    title=item.title,
                    presenter=item.presenter,
                    presenter_role=item.presenter_role,
                    report_number=item.report_number,
                    pages_first=item.pages[0] if item.pages else None,
                    pages_last=item.pages[1] if item.pages else None,
                    duration_minutes=item.duration_minutes,
                    purpose=item.purpose,
                    exempt=item.exempt,
                )
            )

        next_meeting_id: int | None = None
        if pack.next_meeting is not None and pack.next_meeting.start is not None:
            following, _ = await _upsert_meeting(
                session,
                board=board,
                starts_at=pack.next_meeting.start,
                location=pack.next_meeting.location,
                remote_link=None,
                source=pack.source,
                now=now,
            )
            next_meeting_id = following.id

        for member in pack.members:
            person = await person_for_board(session, board=board, name=member.name)
            await ensure_membership(
                session, board=board, person=person, role=member.role, title=member.title
            )

        for record in pack.actions:
            owner = (
                await person_for_board(session, board=board, name=record.owner)
                if record.owner
                else None
            )
            existing = (
                await session.exec(
                    select(Action).where(
                        Action.board_id == board.id,
                        Action.ref == record.ref,
                        Action.description == record.description,
                    )
                )
            ).first()
            action = existing or Action(
                board_id=board.id, description=record.description, created_at_utc=now
            )
            action.meeting_id = meeting.id
            action.ref = record.ref
            action.owner_id = owner.id if owner else None
            action.owner_name = record.owner
            action.due_on = record.due
            action.status = _ACTION_STATUS[record.status].value
            action.updated_at_utc = now
            session.add(action)

        for resolution in pack.resolutions:
            outcomes = ",".join(resolution.outcomes)
            known = (
                await session.exec(
                    select(Decision).where(
                        Decision.board_id == board.id,
                        Decision.item == resolution.item,
                        Decision.text == resolution.text,
                    )
                )
            ).first()
            if known is None:
                session.add(
                    Decision(
                        board_id=board.id,
                        meeting_id=meeting.id,
                        item=resolution.item,
                        outcomes=outcomes,
                        text=resolution.text,
                    )
                )

        return ImportSummary(
            board_name=board.name,
            board_created=board_created,
            meeting_id=meeting.id,
            meeting_created=meeting_created,
            starts_at_utc=meeting.starts_at_utc,
            zone=ZoneInfo(board.timezone),
            location=meeting.location,
            items=len(pack.agenda),
            members=len(pack.members),
            actions=len(pack.actions),
            decisions=len(pack.resolutions),
            next_meeting_id=next_meeting_id,
            warnings=list(pack.warnings),
        )
