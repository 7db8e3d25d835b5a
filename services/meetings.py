"""Meetings, agendas and agenda items, as a member may see them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, ScalarSelect, and_, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from calendars.zones import local_to_utc
from services.access import require_board
from services.names import name_key, slugify
from services.views import (
    AgendaItemView,
    AgendaView,
    DecisionView,
    ItemView,
    MeetingView,
    Viewer,
)
from storage.engine import Database
from storage.models import AgendaItem, Board, Decision, Meeting, MeetingStatus

# A meeting that started this long ago is still "the next meeting" (it is probably under way).
IN_PROGRESS_WINDOW = timedelta(hours=3)
# A board named loosely ("rutland", "leics hwb") must score at least this to be taken: one
# typo in a longer word passes, another word ("rutland" for "oakland", 71) does not.
BOARD_MATCH_FLOOR = 80.0
# Left out of a board's initials: "Health and Wellbeing Board" is "HWB".
_NAME_FILLERS = frozenset({"and", "of", "the", "for", "in", "on"})

_SCHEDULED = MeetingStatus.SCHEDULED.value
_MeetingRow = tuple[Meeting, Board, int]


# -- building views (shared with decisions and search) ----------------------------------------


def normalise_number(number: str) -> str:
    """``"8 a"`` -> ``"8A"``: how agenda and minute numbers are compared."""
    return "".join(number.split()).upper()


def number_is(column: Any, number: str) -> ColumnElement[bool]:
    """SQL: the item/minute number in ``column`` is ``number``, ignoring case and spaces."""
    return func.upper(func.replace(column, " ", "")) == normalise_number(number)


def _item_count() -> ScalarSelect[int]:
    """SQL: how many agenda items the meeting of the enclosing query has."""
    return (
        select(func.count())
        .select_from(AgendaItem)
        .where(col(AgendaItem.meeting_id) == col(Meeting.id))
        # Counted afresh even where the enclosing query selects agenda items itself.
        .correlate_except(AgendaItem)
        .scalar_subquery()
    )


def meetings_with_boards() -> Select[Meeting, Board, int]:
    """``select`` of meetings with their board and item count: rows for :func:`meeting_view`."""
    return select(Meeting, Board, _item_count()).join(Board, col(Board.id) == col(Meeting.board_id))


def meeting_view(row: tuple[Meeting, Board, int]) -> MeetingView:
    """The read-only view of a row of :func:`meetings_with_boards`."""
    meeting, board, item_count = row
    assert meeting.id is not None and board.id is not None
    return MeetingView(
        id=meeting.id,
        board_id=board.id,
        board_name=board.name,
        zone=ZoneInfo(board.timezone),
        starts_at_utc=meeting.starts_at_utc,
        location=meeting.location,
        remote_link=meeting.remote_link,
        status=meeting.status,
        item_count=int(item_count),
        sequence=meeting.ics_sequence,
        time_stated=meeting.time_stated,
    )


async def meeting_views(session: AsyncSession, ids: Collection[int]) -> dict[int, MeetingView]:
    """Views of the meetings ``ids`` by id, from one query."""
    if not ids:
        return {}
    rows = (await session.exec(meetings_with_boards().where(col(Meeting.id).in_(ids)))).all()
    return {view.id: view for view in map(meeting_view, rows)}


def item_view(row: AgendaItem) -> AgendaItemView:
    """The read-only view of one agenda row."""
    return AgendaItemView(
        number=row.number,
        title=row.title,
        presenter=row.presenter,
        presenter_role=row.presenter_role,
        report_number=row.report_number,
        pages=(
            (row.pages_first, row.pages_last)
            if row.pages_first is not None and row.pages_last is not None
            else None
        ),
        duration_minutes=row.duration_minutes,
        purpose=row.purpose,
        exempt=row.exempt,
    )


def decision_view(
    decision: Decision, *, board_name: str, zone: ZoneInfo, meeting_starts_at_utc: datetime | None
) -> DecisionView:
    """The read-only view of one minuted resolution."""
    assert decision.id is not None
    return DecisionView(
        id=decision.id,
        board_id=decision.board_id,
        board_name=board_name,
        meeting_id=decision.meeting_id,
        meeting_starts_at_utc=meeting_starts_at_utc,
        zone=zone,
        item=decision.item,
        outcomes=tuple(part for part in decision.outcomes.split(",") if part),
        text=decision.text,
    )


def boards_in_scope(viewer: Viewer, board_id: int | None) -> frozenset[int]:
    """The viewer's boards, or just ``board_id`` once it is known to be one of them."""
    if board_id is None:
        return viewer.board_ids
    require_board(viewer, board_id)
    return frozenset({board_id})


# -- boards by name ---------------------------------------------------------------------------


def _board_words(name: str) -> set[str]:
    """A board name's words, plus the initials of each run of them ("hwb", "rhwb")."""
    words = [word for word in name_key(name).split() if word not in _NAME_FILLERS]
    runs = {
        "".join(word[0] for word in words[start:end])
        for start in range(len(words))
        for end in range(start + 2, len(words) + 1)
    }
    return set(words) | runs


def _abbreviates(short: str, word: str) -> bool:
    """True for "leics" and "leicestershire": the same first letter, then letters in order."""
    if len(short) < 3 or short[0] != word[0]:
        return False
    letters = iter(word)
    return all(letter in letters for letter in short)


def _board_word_score(asked: str, words: set[str]) -> float:
    if asked in words or (len(asked) >= 3 and any(word.startswith(asked) for word in words)):
        return 100.0
    if any(_abbreviates(asked, word) for word in words):
        return 90.0
    return max((fuzz.ratio(asked, word) for word in words), default=0.0)


def match_boards(viewer: Viewer, text: str) -> list[int]:
    """The ids of the viewer's boards that ``text`` names.

    By full name or slug; else word by word, where a word may be a name's word or its start,
    initials ("HWB"), an abbreviation ("Leics") or carry a typo. Only the viewer's own boards
    are considered, so another board's name reveals nothing. Several ids come back when the
    words fit several boards equally ("health" for two Health and Wellbeing Boards); none when
    nothing fits well enough.
    """
    names = {board.board_id: board.board_name for board in viewer.boards}
    key = name_key(text)
    if not key:
        return []
    exact = [
        board_id
        for board_id, name in names.items()
        if key == name_key(name) or slugify(text) == slugify(name)
    ]
    if exact:
        return exact
    asked = [word for word in key.split() if word not in _NAME_FILLERS] or key.split()
    scores: dict[int, float] = {}
    for board_id, name in names.items():
        words = _board_words(name)
        scores[board_id] = sum(_board_word_score(word, words) for word in asked) / len(asked)
    best = max(scores.values(), default=0.0)
    if best < BOARD_MATCH_FLOOR:
        return []
    return sorted(
        (board_id for board_id, score in scores.items() if score == best),
        key=lambda board_id: names[board_id],
    )


# -- meetings ---------------------------------------------------------------------------------


async def _meeting_row(session: AsyncSession, meeting_id: int) -> _MeetingRow | None:
    return (await session.exec(meetings_with_boards().where(col(Meeting.id) == meeting_id))).first()


async def _next_row(
    session: AsyncSession, board_ids: frozenset[int], now: datetime
) -> _MeetingRow | None:
    return (
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


async def _row_on(
    session: AsyncSession, board_ids: frozenset[int], day: date
) -> _MeetingRow | None:
    """The boards' meeting on the local ``day`` (each board in its own zone); scheduled first."""
    boards = (await session.exec(select(Board).where(col(Board.id).in_(board_ids)))).all()
    windows = [
        and_(
            col(Meeting.board_id) == board.id,
            col(Meeting.starts_at_utc) >= local_to_utc(day, time(), ZoneInfo(board.timezone)),
            col(Meeting.starts_at_utc)
            < local_to_utc(day + timedelta(days=1), time(), ZoneInfo(board.timezone)),
        )
        for board in boards
    ]
    if not windows:
        return None
    return (
        await session.exec(
            meetings_with_boards()
            .where(or_(*windows))
            .order_by(col(Meeting.status) != _SCHEDULED, col(Meeting.starts_at_utc))
            .limit(1)
        )
    ).first()


async def next_meeting(
    db: Database, *, viewer: Viewer, now: datetime, board_id: int | None = None
) -> MeetingView | None:
    """The earliest scheduled meeting not yet over, on the viewer's boards (or on ``board_id``).

    Raises :class:`~services.access.AccessDenied` for a ``board_id`` the viewer is not on.
    """
    board_ids = boards_in_scope(viewer, board_id)
    if not board_ids:
        return None
    async with db.read() as session:
        row = await _next_row(session, board_ids, now)
        return None if row is None else meeting_view(row)


async def meetings_overview(
    db: Database, *, viewer: Viewer, now: datetime, upcoming: int = 10, recent: int = 5
) -> tuple[list[MeetingView], list[MeetingView]]:
    """(coming meetings, soonest first; past meetings, latest first) on the viewer's boards.

    Cancelled meetings are included with their status, so members see the cancellation. A
    meeting under way counts as coming.
    """
    if not viewer.board_ids:
        return [], []
    cutoff = now - IN_PROGRESS_WINDOW
    mine = col(Meeting.board_id).in_(viewer.board_ids)
    async with db.read() as session:
        coming = (
            await session.exec(
                meetings_with_boards()
                .where(mine, col(Meeting.starts_at_utc) >= cutoff)
                .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
                .limit(upcoming)
            )
        ).all()
        past = (
            await session.exec(
                meetings_with_boards()
                .where(mine, col(Meeting.starts_at_utc) < cutoff)
                .order_by(col(Meeting.starts_at_utc).desc(), col(Meeting.id).desc())
                .limit(recent)
            )
        ).all()
    return [meeting_view(row) for row in coming], [meeting_view(row) for row in past]


async def find_meeting(
    db: Database,
    *,
    viewer: Viewer,
    now: datetime,
    board: str | None = None,
    on: date | None = None,
) -> MeetingView | None:
    """The meeting ``/agenda [board|date]`` asks for, on the viewer's boards only.

    ``board`` narrows to the boards it names (see :func:`match_boards`); ``on`` picks the
    meeting held on that local date in the board's zone (a scheduled one before a cancelled
    one); without ``on`` it is the next meeting. None when nothing fits.
    """
    board_ids = viewer.board_ids if board is None else frozenset(match_boards(viewer, board))
    if not board_ids:
        return None
    async with db.read() as session:
        row = (
            await _next_row(session, board_ids, now)
            if on is None
            else await _row_on(session, board_ids, on)
        )
        return None if row is None else meeting_view(row)


async def agenda(
    db: Database, *, viewer: Viewer, meeting_id: int, include_exempt: bool
) -> AgendaView | None:
    """A meeting's agenda; None if there is no such meeting.

    Raises :class:`~services.access.AccessDenied` when the meeting is on another board. Exempt
    items are left out unless ``include_exempt`` (pass :func:`~services.access.may_see_exempt`);
    how many were left out is reported so the reader knows the list is partial.
    """
    async with db.read() as session:
        row = await _meeting_row(session, meeting_id)
        if row is None:
            return None
        require_board(viewer, row[0].board_id)
        items = (
            await session.exec(
                select(AgendaItem)
                .where(col(AgendaItem.meeting_id) == meeting_id)
                .order_by(col(AgendaItem.position))
            )
        ).all()
        shown = [item for item in items if include_exempt or not item.exempt]
        return AgendaView(
            meeting=meeting_view(row),
            items=tuple(item_view(item) for item in shown),
            withheld_exempt=len(items) - len(shown),
        )


# -- one agenda item --------------------------------------------------------------------------

_ItemRow = tuple[AgendaItem, Meeting, Board, int]


def _items_with_meeting() -> Select[AgendaItem, Meeting, Board, int]:
    return (
        select(AgendaItem, Meeting, Board, _item_count())
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .join(Board, col(Board.id) == col(Meeting.board_id))
    )


async def _item_in(session: AsyncSession, meeting_id: int, number: str) -> _ItemRow | None:
    return (
        await session.exec(
            _items_with_meeting().where(
                col(AgendaItem.meeting_id) == meeting_id, number_is(col(AgendaItem.number), number)
            )
        )
    ).first()


async def _upcoming_item(
    session: AsyncSession, board_ids: frozenset[int], now: datetime, number: str
) -> _ItemRow | None:
    """The item in the next meeting of one of the boards, the soonest such meeting first."""
    firsts = (
        select(col(Meeting.board_id), func.min(col(Meeting.starts_at_utc)).label("first"))
        .where(
            col(Meeting.board_id).in_(board_ids),
            col(Meeting.status) == _SCHEDULED,
            col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
        )
        .group_by(col(Meeting.board_id))
        .subquery()
    )
    return (
        await session.exec(
            _items_with_meeting()
            .join(
                firsts,
                and_(
                    firsts.c.board_id == col(Meeting.board_id),
                    firsts.c.first == col(Meeting.starts_at_utc),
                ),
            )
            .where(col(Meeting.status) == _SCHEDULED, number_is(col(AgendaItem.number), number))
            .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
            .limit(1)
        )
    ).first()


async def _past_item(
    session: AsyncSession, board_ids: frozenset[int], now: datetime, number: str
) -> _ItemRow | None:
    """The item in the latest held (not cancelled) meeting that had that number."""
    return (
        await session.exec(
            _items_with_meeting()
            .where(
                col(Meeting.board_id).in_(board_ids),
                col(Meeting.status) == _SCHEDULED,
                col(Meeting.starts_at_utc) < now,
                number_is(col(AgendaItem.number), number),
            )
            .order_by(col(Meeting.starts_at_utc).desc(), col(Meeting.id).desc())
            .limit(1)
        )
    ).first()


async def item(
    db: Database,
    *,
    viewer: Viewer,
    now: datetime,
    number: str,
    meeting_id: int | None = None,
    include_exempt: bool,
) -> ItemView | None:
    """Agenda item ``number`` ("8A", "8a", "8 A") with the decisions minuted on it.

    From ``meeting_id`` when given (AccessDenied if that meeting is on another board), else
    from the next meeting, else from the most recent past meeting that had that number. An
    exempt item is returned only with ``include_exempt``: withheld, it is None, as is an item
    that is not there.
    """
    wanted = normalise_number(number)
    if not wanted:
        return None
    async with db.read() as session:
        found: _ItemRow | None
        if meeting_id is not None:
            found = await _item_in(session, meeting_id, wanted)
            if found is None:
                # "No such item" is an answer about the meeting: only for its own board.
                meeting_row = await _meeting_row(session, meeting_id)
                if meeting_row is not None:
                    require_board(viewer, meeting_row[0].board_id)
                return None
        elif not viewer.board_ids:
            return None
        else:
            found = await _upcoming_item(
                session, viewer.board_ids, now, wanted
            ) or await _past_item(session, viewer.board_ids, now, wanted)
        if found is None:
            return None
        agenda_row, meeting, board, item_count = found
        require_board(viewer, meeting.board_id)
        if agenda_row.exempt and not include_exempt:
            return None
        decisions = (
            await session.exec(
                select(Decision)
                .where(
                    # The board narrows by index; decision.meeting_id has none of its own.
                    col(Decision.board_id) == meeting.board_id,
                    col(Decision.meeting_id) == meeting.id,
                    number_is(col(Decision.item), wanted),
                )
                .order_by(col(Decision.id))
            )
        ).all()
        view = meeting_view((meeting, board, item_count))
        return ItemView(
            meeting=view,
            item=item_view(agenda_row),
            decisions=tuple(
                decision_view(
                    decision,
                    board_name=board.name,
                    zone=view.zone,
                    meeting_starts_at_utc=meeting.starts_at_utc,
                )
                for decision in decisions
            ),
        )
