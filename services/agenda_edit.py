"""Meetings made by hand and agendas corrected by hand: a board without packs (a parish council,
an NHS group) gets its meetings and items from its clerk, and a misread item is put right.

Every change is one transaction. Agenda rows keep their printed numbers (``8A`` stays ``8A``)
unless a new one is given; their positions are renumbered 1..n. An item added, dropped or
retitled on a meeting is recorded with :func:`services.meeting_changes.record_change`, which
tells members (one notice, merged with others not yet sent) only once the agenda has been
published to them, and never describes an exempt item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from string import ascii_uppercase
from zoneinfo import ZoneInfo

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import format_date, format_when, to_local
from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from notify.planning import plan_board
from services import messages
from services.access import require_clerk
from services.boards import find_board
from services.meeting_changes import (
    ADDED,
    MAX_PLACE_LENGTH,
    REMOVED,
    RETITLED,
    SCHEDULED,
    AgendaChange,
    record_change,
)
from services.meetings import item_view, meeting_views, normalise_number
from services.views import AgendaItemView, AgendaView, MeetingView, Viewer
from storage.engine import Database
from storage.models import AgendaItem, Board, Meeting, Membership, Person

MAX_NUMBER_LENGTH = 16
MAX_TITLE_LENGTH = 1000
MAX_PRESENTER_LENGTH = 200
MAX_LINK_LENGTH = 1000
MAX_DURATION_MINUTES = 600
_LEADING_NUMBER = re.compile(r"^(\d+)")


class AgendaEditRefused(QuorumError):
    """The meeting or agenda change cannot be made as asked. Safe to show."""


class NoSuchItem(NotFoundError):
    """The agenda has no item of that number."""


@dataclass(frozen=True, slots=True)
class AgendaEdited:
    """An agenda after a change: all its items (exempt ones too: the clerk's view), the number
    of the item changed (None for a dropped one), and how many members a notice was queued
    for: ``members_told`` in all, of whom ``members_on_telegram`` can be sent it (the others
    are not on Telegram yet, or have blocked the bot)."""

    agenda: AgendaView
    number: str | None
    members_told: int = 0
    members_on_telegram: int = 0


# -- meetings ---------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def checked_link(link: str | None) -> str | None:
    """A join link as stored (None for none); AgendaEditRefused for one that is not a link."""
    link = (link or "").strip()
    if not link:
        return None
    if not link.lower().startswith(("https://", "http://")):
        raise AgendaEditRefused(messages.JOIN_LINK_NOT_A_LINK)
    if len(link) > MAX_LINK_LENGTH:
        raise AgendaEditRefused(messages.JOIN_LINK_TOO_LONG.format(limit=MAX_LINK_LENGTH))
    return link


def checked_place(location: str | None) -> str | None:
    """A meeting's place as stored (None for none); AgendaEditRefused when too long."""
    place = _clean(location) or None
    if place is not None and len(place) > MAX_PLACE_LENGTH:
        raise AgendaEditRefused(messages.PLACE_TOO_LONG.format(limit=MAX_PLACE_LENGTH))
    return place


async def board_zone(db: Database, *, board_id: int) -> ZoneInfo:
    """The time zone the board's meetings are given in."""
    async with db.read() as session:
        return ZoneInfo((await _board(session, board_id)).timezone)


async def _board(session: AsyncSession, board_id: int) -> Board:
    board = await session.get(Board, board_id)
    if board is None:
        raise NotFoundError(messages.BOARD_GONE)
    return board


async def _meetings_on(
    session: AsyncSession, *, board: Board, day: date, scheduled_only: bool = False
) -> list[Meeting]:
    """The board's meetings on ``day`` in its own zone (a few a year: read and compared here,
    as imports find a pack's meeting)."""
    zone = ZoneInfo(board.timezone)
    query = select(Meeting).where(Meeting.board_id == board.id)
    if scheduled_only:
        query = query.where(Meeting.status == SCHEDULED)
    meetings = (await session.exec(query.order_by(col(Meeting.starts_at_utc)))).all()
    return [m for m in meetings if to_local(m.starts_at_utc, zone).date() == day]


async def new_meeting(
    db: Database,
    *,
    viewer: Viewer | None,
    board_id: int,
    starts_at_utc: datetime,
    location: str | None = None,
    join_link: str | None = None,
    now: datetime,
) -> MeetingView:
    """Create a meeting of a board that has no pack, with its reminders planned. ``viewer``
    None: the operator. Refuses a time past and a second meeting on the same local day."""
    now = ensure_utc(now)
    starts_at_utc = ensure_utc(starts_at_utc)
    if viewer is not None:
        require_clerk(viewer, board_id)
    if starts_at_utc <= now:
        raise AgendaEditRefused(messages.NEW_MEETING_PAST)
    place = checked_place(location)
    link = checked_link(join_link)
    async with db.write() as session:
        board = await _board(session, board_id)
        zone = ZoneInfo(board.timezone)
        same_day = await _meetings_on(
            session, board=board, day=to_local(starts_at_utc, zone).date()
        )
        if same_day:
            existing = same_day[0]
            raise AgendaEditRefused(
                messages.MEETING_ALREADY_ON_DAY.format(
                    board=board.name,
                    when=format_when(existing.starts_at_utc, zone),
                    meeting_id=existing.id,
                )
            )
        meeting = Meeting(
            board_id=board_id,
            starts_at_utc=starts_at_utc,
            location=place,
            remote_link=link,
            created_at_utc=now,
            updated_at_utc=now,
        )
        session.add(meeting)
        await session.flush()
        assert meeting.id is not None
        # Reminders follow the calendar in the same transaction, as after an import.
        await plan_board(session, board_id, now=now)
        return (await meeting_views(session, [meeting.id]))[meeting.id]


async def meeting_to_edit(
    db: Database,
    *,
    viewer: Viewer | None,
    board_id: int,
    on: date | None = None,
    now: datetime,
) -> MeetingView:
    """The board's meeting whose agenda a clerk means: the one on ``on`` (the board's local
    day; a scheduled one before a cancelled one), else the next scheduled one to come."""
    now = ensure_utc(now)
    if viewer is not None:
        require_clerk(viewer, board_id)
    async with db.read() as session:
        board = await _board(session, board_id)
        if on is not None:
            found = await _meetings_on(session, board=board, day=on, scheduled_only=True)
            found = found or await _meetings_on(session, board=board, day=on)
            if not found:
                raise NotFoundError(
                    messages.NO_MEETING_TO_EDIT_ON.format(board=board.name, day=format_date(on))
                )
            meeting = found[0]
        else:
            meeting_or_none = (
                await session.exec(
                    select(Meeting)
                    .where(
                        Meeting.board_id == board_id,
                        Meeting.status == SCHEDULED,
                        col(Meeting.starts_at_utc) > now,
                    )
                    .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
                )
            ).first()
            if meeting_or_none is None:
                raise NotFoundError(messages.NO_MEETING_TO_EDIT.format(board=board.name))
            meeting = meeting_or_none
        assert meeting.id is not None
        return (await meeting_views(session, [meeting.id]))[meeting.id]


async def board_id_named(db: Database, *, name: str) -> int:
    """The id of the board called ``name`` (any case, or its slug); NotFoundError otherwise."""
    async with db.read() as session:
        board = await find_board(session, name=name)
    if board is None or board.id is None:
        raise NotFoundError(messages.NO_BOARD_CALLED.format(name=name))
    return board.id


# -- agenda items -----------------------------------------------------------------------------


async def _meeting_for_items(
    session: AsyncSession, *, meeting_id: int, viewer: Viewer | None, synced_ok: bool = False
) -> Meeting:
    """The meeting whose agenda the clerk means to change. A meeting synced from a council's
    site is refused unless ``synced_ok`` (only reading it, or a pack-only detail): its items
    come from the site, and the next sync would undo the change."""
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(messages.NO_MEETING_NUMBER.format(meeting_id=meeting_id))
    if viewer is not None:
        require_clerk(viewer, meeting.board_id)
    if meeting.source_id is not None and not synced_ok:
        raise AgendaEditRefused(messages.MEETING_IS_SYNCED)
    return meeting


async def _rows(session: AsyncSession, meeting_id: int) -> list[AgendaItem]:
    return list(
        (
            await session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position))
            )
        ).all()
    )


async def _when(session: AsyncSession, meeting: Meeting) -> str:
    board = await _board(session, meeting.board_id)
    return format_when(meeting.starts_at_utc, ZoneInfo(board.timezone))


async def _find(
    session: AsyncSession, meeting: Meeting, rows: Sequence[AgendaItem], number: str
) -> AgendaItem:
    wanted = normalise_number(number)
    for row in rows:
        if normalise_number(row.number) == wanted:
            return row
    raise NoSuchItem(
        messages.NO_ITEM_NUMBERED.format(number=number.strip(), when=await _when(session, meeting))
    )


def _checked_number(
    number: str, rows: Sequence[AgendaItem], *, keep: AgendaItem | None = None
) -> str:
    cleaned = normalise_number(number)
    if not cleaned or len(cleaned) > MAX_NUMBER_LENGTH:
        raise AgendaEditRefused(messages.ITEM_NUMBER_UNREADABLE.format(limit=MAX_NUMBER_LENGTH))
    for row in rows:
        if row is not keep and normalise_number(row.number) == cleaned:
            raise AgendaEditRefused(messages.ITEM_NUMBER_TAKEN.format(number=cleaned))
    return cleaned


def _checked_title(title: str) -> str:
    cleaned = _clean(title)
    if not cleaned:
        raise AgendaEditRefused(messages.ITEM_TITLE_EMPTY)
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise AgendaEditRefused(
            messages.ITEM_TEXT_TOO_LONG.format(what="title", limit=MAX_TITLE_LENGTH)
        )
    return cleaned


def _checked_presenter(presenter: str) -> str | None:
    """A presenter's name; an empty one clears it."""
    cleaned = _clean(presenter)
    if len(cleaned) > MAX_PRESENTER_LENGTH:
        raise AgendaEditRefused(
            messages.ITEM_TEXT_TOO_LONG.format(what="presenter", limit=MAX_PRESENTER_LENGTH)
        )
    return cleaned or None


def _free_number(rows: Sequence[AgendaItem], after: AgendaItem | None) -> str:
    """The number a new item gets: after item ``5``, ``5A`` (or the next free letter); at the
    end, one more than the highest number."""
    taken = {normalise_number(row.number) for row in rows}
    if after is not None:
        base = normalise_number(after.number)
        stem = base.rstrip(ascii_uppercase) or base
        for letter in ascii_uppercase:
            candidate = f"{stem}{letter}"
            if candidate not in taken and len(candidate) <= MAX_NUMBER_LENGTH:
                return candidate
    numbers = [int(m.group(1)) for row in rows if (m := _LEADING_NUMBER.match(row.number))]
    candidate_number = max(numbers, default=0) + 1
    while str(candidate_number) in taken:
        candidate_number += 1
    return str(candidate_number)


async def _place(session: AsyncSession, ordered: Sequence[AgendaItem]) -> None:
    """Give ``ordered`` the positions 1..n. (meeting, position) is unique, so every row is
    parked on a negative position first."""
    for index, row in enumerate(ordered):
        row.position = -index - 1
        session.add(row)
    await session.flush()
    for index, row in enumerate(ordered):
        row.position = index + 1
        session.add(row)
    await session.flush()


async def _finish(
    session: AsyncSession,
    meeting: Meeting,
    *,
    changes: Sequence[AgendaChange],
    viewer: Viewer | None,
    number: str | None,
    now: datetime,
) -> AgendaEdited:
    """Record the change (members told once the agenda was published to them), stamp the
    meeting for calendar feeds, and return the agenda as it now is."""
    assert meeting.id is not None
    meeting.updated_at_utc = now
    session.add(meeting)
    members = on_telegram = 0
    if changes:
        change = await record_change(
            session,
            meeting,
            agenda=changes,
            by_person_id=viewer.person_id if viewer is not None else None,
            now=now,
        )
        members = change.members if change is not None else 0
        if members:
            on_telegram = await _members_on_telegram(session, meeting.board_id)
    await session.flush()
    rows = await _rows(session, meeting.id)
    view = (await meeting_views(session, [meeting.id]))[meeting.id]
    return AgendaEdited(
        agenda=AgendaView(meeting=view, items=tuple(item_view(row) for row in rows)),
        number=number,
        members_told=members,
        members_on_telegram=on_telegram,
    )


async def _members_on_telegram(session: AsyncSession, board_id: int) -> int:
    """The board's members a message can be tried for (linked, not blocked), counted as
    :func:`services.broadcasts.recipients` counts them."""
    count = (
        await session.exec(
            select(func.count())
            .select_from(Person)
            .where(
                col(Person.id).in_(
                    select(Membership.person_id).where(Membership.board_id == board_id)
                ),
                col(Person.telegram_user_id).is_not(None),
                col(Person.unreachable_since_utc).is_(None),
            )
        )
    ).one()
    return int(count)


async def add_item(
    db: Database,
    *,
    viewer: Viewer | None,
    meeting_id: int,
    title: str,
    number: str | None = None,
    after: str | None = None,
    presenter: str | None = None,
    exempt: bool = False,
    now: datetime,
) -> AgendaEdited:
    """Add an item at the end of the agenda, or after item ``after``. Without ``number`` it is
    numbered after its neighbour (``5A`` after ``5``) or one more than the last item."""
    now = ensure_utc(now)
    title = _checked_title(title)
    presenter = _checked_presenter(presenter) if presenter is not None else None
    async with db.write() as session:
        meeting = await _meeting_for_items(session, meeting_id=meeting_id, viewer=viewer)
        rows = await _rows(session, meeting_id)
        anchor = await _find(session, meeting, rows, after) if after is not None else None
        printed = (
            _checked_number(number, rows) if number is not None else _free_number(rows, anchor)
        )
        row = AgendaItem(
            meeting_id=meeting_id,
            # A free place for now; :func:`_place` gives every row its own below.
            position=max((r.position for r in rows), default=0) + 1,
            number=printed,
            title=title,
            presenter=presenter,
            exempt=exempt,
        )
        session.add(row)
        await session.flush()
        ordered = list(rows)
        ordered.insert(ordered.index(anchor) + 1 if anchor is not None else len(ordered), row)
        await _place(session, ordered)
        changes = [] if exempt else [AgendaChange(ADDED, printed, title)]
        return await _finish(
            session, meeting, changes=changes, viewer=viewer, number=printed, now=now
        )


def _pages(pages: tuple[int, int]) -> tuple[int, int]:
    first, last = pages
    if first < 1 or last < first:
        raise AgendaEditRefused(messages.ITEM_PAGES_RANGE)
    return first, last


async def edit_item(
    db: Database,
    *,
    viewer: Viewer | None,
    meeting_id: int,
    number: str,
    new_number: str | None = None,
    title: str | None = None,
    presenter: str | None = None,
    duration: int | None = None,
    pages: tuple[int, int] | None = None,
    exempt: bool | None = None,
    now: datetime,
) -> AgendaEdited:
    """Correct item ``number``: only what is given changes (an empty ``presenter`` clears it).
    A new title is news for members once the agenda is out; so is an item no longer exempt,
    and one made exempt (told as removed). A new number alone is not."""
    now = ensure_utc(now)
    new_title = _checked_title(title) if title is not None else None
    new_presenter = _checked_presenter(presenter) if presenter is not None else None
    if duration is not None and not 1 <= duration <= MAX_DURATION_MINUTES:
        raise AgendaEditRefused(messages.ITEM_DURATION_RANGE.format(limit=MAX_DURATION_MINUTES))
    new_pages = _pages(pages) if pages is not None else None
    if all(value is None for value in (new_number, title, presenter, duration, pages, exempt)):
        raise AgendaEditRefused(messages.ITEM_NOTHING_TO_CHANGE)
    # Timings and pages are the pack's, never the council site's: a synced meeting takes them.
    pack_only = all(value is None for value in (new_number, title, presenter, exempt))
    async with db.write() as session:
        meeting = await _meeting_for_items(
            session, meeting_id=meeting_id, viewer=viewer, synced_ok=pack_only
        )
        rows = await _rows(session, meeting_id)
        row = await _find(session, meeting, rows, number)
        was_exempt, old_title, old_number = row.exempt, row.title, row.number
        if new_number is not None:
            row.number = _checked_number(new_number, rows, keep=row)
        if new_title is not None:
            row.title = new_title
        if presenter is not None:
            row.presenter = new_presenter
            row.presenter_role = None
        if duration is not None:
            row.duration_minutes = duration
        if new_pages is not None:
            row.pages_first, row.pages_last = new_pages
        if exempt is not None:
            row.exempt = exempt
        session.add(row)
        changes: list[AgendaChange] = []
        # Made exempt: members see it go as they knew it (its number and title before this
        # edit), never what it has become. A new number alone is not told: an AgendaChange
        # has no old number to say "5 is now 5A" with.
        if was_exempt and not row.exempt:
            changes.append(AgendaChange(ADDED, row.number, row.title))
        elif not was_exempt and row.exempt:
            changes.append(AgendaChange(REMOVED, old_number, old_title))
        elif not was_exempt and not row.exempt and row.title != old_title:
            changes.append(AgendaChange(RETITLED, row.number, row.title, old_title))
        return await _finish(
            session, meeting, changes=changes, viewer=viewer, number=row.number, now=now
        )


async def move_item(
    db: Database,
    *,
    viewer: Viewer | None,
    meeting_id: int,
    number: str,
    to_position: int | None = None,
    before: str | None = None,
    after: str | None = None,
    now: datetime,
) -> AgendaEdited:
    """Move item ``number`` to position ``to_position`` (1 is first; past the end is last), or
    before or after another item. Printed numbers are kept; members are not sent a notice for
    a new order alone."""
    now = ensure_utc(now)
    if sum(value is not None for value in (to_position, before, after)) != 1:
        raise AgendaEditRefused(messages.ITEM_MOVE_NOWHERE)
    async with db.write() as session:
        meeting = await _meeting_for_items(session, meeting_id=meeting_id, viewer=viewer)
        rows = await _rows(session, meeting_id)
        row = await _find(session, meeting, rows, number)
        others = [r for r in rows if r is not row]
        if to_position is not None:
            index = min(max(to_position, 1), len(rows)) - 1
        else:
            neighbour = await _find(session, meeting, rows, before or after or "")
            if neighbour is row:
                raise AgendaEditRefused(messages.ITEM_MOVE_ONTO_ITSELF)
            index = others.index(neighbour) + (1 if after is not None else 0)
        others.insert(index, row)
        await _place(session, others)
        return await _finish(
            session, meeting, changes=[], viewer=viewer, number=row.number, now=now
        )


async def drop_item(
    db: Database, *, viewer: Viewer | None, meeting_id: int, number: str, now: datetime
) -> AgendaEdited:
    """Take item ``number`` off the agenda; the items after it move up a place."""
    now = ensure_utc(now)
    async with db.write() as session:
        meeting = await _meeting_for_items(session, meeting_id=meeting_id, viewer=viewer)
        rows = await _rows(session, meeting_id)
        row = await _find(session, meeting, rows, number)
        changes = [] if row.exempt else [AgendaChange(REMOVED, row.number, row.title)]
        await session.delete(row)
        await session.flush()
        await _place(session, [r for r in rows if r is not row])
        return await _finish(session, meeting, changes=changes, viewer=viewer, number=None, now=now)


def item_numbered(agenda: AgendaView, number: str) -> AgendaItemView:
    """Item ``number`` of ``agenda`` (numbers compared as everywhere: case and spaces aside)."""
    wanted = normalise_number(number)
    for item in agenda.items:
        if normalise_number(item.number) == wanted:
            return item
    meeting = agenda.meeting
    raise NoSuchItem(
        messages.NO_ITEM_NUMBERED.format(
            number=number.strip(), when=format_when(meeting.starts_at_utc, meeting.zone)
        )
    )


async def agenda_for_clerk(db: Database, *, viewer: Viewer | None, meeting_id: int) -> AgendaEdited:
    """The whole agenda of a meeting as its clerk sees it (exempt items included)."""
    async with db.read() as session:
        meeting = await _meeting_for_items(
            session, meeting_id=meeting_id, viewer=viewer, synced_ok=True
        )
        assert meeting.id is not None
        rows = await _rows(session, meeting.id)
        view = (await meeting_views(session, [meeting.id]))[meeting.id]
    return AgendaEdited(
        agenda=AgendaView(meeting=view, items=tuple(item_view(row) for row in rows)), number=None
    )
