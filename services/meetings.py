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

from calendars.zones import local_to_utc, to_local
from language.dates import MeetingWords
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
# "/agenda tuesday": the next Tuesday with a meeting, looked for this far ahead.
WEEKDAY_HORIZON = timedelta(days=366)
# Upcoming meetings read at a time while looking for a weekday's.
_WEEKDAY_PAGE = 50
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


def is_held(meeting: MeetingView, now: datetime) -> bool:
    """True once a meeting is over (begun more than :data:`IN_PROGRESS_WINDOW` ago): it is no
    longer "the next meeting", and it has no attendance or calendar left to give."""
    return meeting.starts_at_utc < now - IN_PROGRESS_WINDOW


async def _meeting_row(session: AsyncSession, meeting_id: int) -> _MeetingRow | None:
    return (await session.exec(meetings_with_boards().where(col(Meeting.id) == meeting_id))).first()


async def _next_row(
    session: AsyncSession, board_ids: frozenset[int], now: datetime, *, skip: int = 0
) -> _MeetingRow | None:
    """The boards' earliest scheduled meeting not yet over (``skip``: after that many)."""
    return (
        await session.exec(
            meetings_with_boards()
            .where(
                col(Meeting.board_id).in_(board_ids),
                col(Meeting.status) == _SCHEDULED,
                col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
            )
            .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
            .offset(skip)
            .limit(1)
        )
    ).first()


async def _local_days(
    session: AsyncSession, board_ids: frozenset[int], first: date, stop: date
) -> ColumnElement[bool] | None:
    """SQL: the meeting is on one of the boards, on a local day from ``first`` to before
    ``stop`` in its board's zone; None when none of the boards exists."""
    boards = (await session.exec(select(Board).where(col(Board.id).in_(board_ids)))).all()
    windows = [
        and_(
            col(Meeting.board_id) == board.id,
            col(Meeting.starts_at_utc) >= local_to_utc(first, time(), ZoneInfo(board.timezone)),
            col(Meeting.starts_at_utc) < local_to_utc(stop, time(), ZoneInfo(board.timezone)),
        )
        for board in boards
    ]
    return or_(*windows) if windows else None


async def _row_on(
    session: AsyncSession, board_ids: frozenset[int], day: date
) -> _MeetingRow | None:
    """The boards' meeting on the local ``day`` (each board in its own zone); scheduled first."""
    on_day = await _local_days(session, board_ids, day, day + timedelta(days=1))
    if on_day is None:
        return None
    return (
        await session.exec(
            meetings_with_boards()
            .where(on_day)
            .order_by(col(Meeting.status) != _SCHEDULED, col(Meeting.starts_at_utc))
            .limit(1)
        )
    ).first()


async def _row_in_month(
    session: AsyncSession, board_ids: frozenset[int], year: int, month: int, now: datetime
) -> _MeetingRow | None:
    """The boards' first meeting of the local month not yet over, else the last one held in it;
    a cancelled one only when the month has no other (so members see the cancellation)."""
    first = date(year, month, 1)
    stop = date(year + month // 12, month % 12 + 1, 1)
    in_month = await _local_days(session, board_ids, first, stop)
    if in_month is None:
        return None
    coming = col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW
    scheduled = col(Meeting.status) == _SCHEDULED
    starts, meeting_id = col(Meeting.starts_at_utc), col(Meeting.id)
    for condition, order in (
        (and_(scheduled, coming), (starts, meeting_id)),
        (scheduled, (starts.desc(), meeting_id.desc())),
        (coming, (starts, meeting_id)),
        (in_month, (starts.desc(), meeting_id.desc())),
    ):
        row = (
            await session.exec(
                meetings_with_boards().where(in_month, condition).order_by(*order).limit(1)
            )
        ).first()
        if row is not None:
            return row
    return None


async def _row_on_weekday(
    session: AsyncSession, board_ids: frozenset[int], weekday: int, now: datetime
) -> _MeetingRow | None:
    """The boards' first scheduled meeting not yet over, within :data:`WEEKDAY_HORIZON`, held on
    ``weekday`` (Monday 0) in its board's zone."""
    # Which local weekday a UTC instant falls on depends on each board's zone and its summer
    # time, so the upcoming meetings are read in order (a year's worth at most) and checked here.
    query = (
        meetings_with_boards()
        .where(
            col(Meeting.board_id).in_(board_ids),
            col(Meeting.status) == _SCHEDULED,
            col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
            col(Meeting.starts_at_utc) < now + WEEKDAY_HORIZON,
        )
        .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
    )
    offset = 0
    while True:
        rows = (await session.exec(query.offset(offset).limit(_WEEKDAY_PAGE))).all()
        for row in rows:
            meeting, board, _ = row
            local = to_local(meeting.starts_at_utc, ZoneInfo(board.timezone))
            if local.weekday() == weekday:
                return row
        if len(rows) < _WEEKDAY_PAGE:
            return None
        offset += _WEEKDAY_PAGE


async def _previous_row(
    session: AsyncSession, board_ids: frozenset[int], now: datetime
) -> _MeetingRow | None:
    """The latest meeting held (not cancelled) on the boards; one under way is not yet held."""
    return (
        await session.exec(
            meetings_with_boards()
            .where(
                col(Meeting.board_id).in_(board_ids),
                col(Meeting.status) == _SCHEDULED,
                col(Meeting.starts_at_utc) < now - IN_PROGRESS_WINDOW,
            )
            .order_by(col(Meeting.starts_at_utc).desc(), col(Meeting.id).desc())
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
    asked: MeetingWords | None = None,
) -> MeetingView | None:
    """The meeting ``/agenda [board] [when]`` asks for, on the viewer's boards only.

    ``board`` narrows to the boards it names (see :func:`match_boards`). ``asked`` says which
    meeting by time (``on`` is short for a "day"): on a local day, in the board's zone (a
    scheduled one before a cancelled one); in a month (the first not yet over, else the last
    held in it, a cancelled one only if there is no other); on the next day of a weekday, today
    included, with a scheduled meeting not yet over (up to :data:`WEEKDAY_HORIZON` ahead); the
    latest held ("previous"); the one after the next ("after next"). Without either it is the
    next meeting. None when nothing fits.

    "previous" and "after next" are counted on the boards in scope: with ``board`` naming one
    board, that board's latest held and its second to come; without ``board``, across all the
    viewer's boards (the second of their meetings to come, whichever board holds it).
    """
    if on is not None:
        asked = MeetingWords(kind="day", day=on)
    board_ids = viewer.board_ids if board is None else frozenset(match_boards(viewer, board))
    if not board_ids:
        return None
    async with db.read() as session:
        row: _MeetingRow | None
        if asked is None or asked.kind == "next":
            row = await _next_row(session, board_ids, now)
        elif asked.kind == "after next":
            row = await _next_row(session, board_ids, now, skip=1)
        elif asked.kind == "previous":
            row = await _previous_row(session, board_ids, now)
        elif asked.kind == "day" and asked.day is not None:
            # The last day of the calendar has no next day to end its window: nothing is on it.
            row = None if asked.day == date.max else await _row_on(session, board_ids, asked.day)
        elif asked.kind == "month" and asked.year is not None and asked.month is not None:
            row = await _row_in_month(session, board_ids, asked.year, asked.month, now)
        elif asked.kind == "weekday" and asked.weekday is not None:
            row = await _row_on_weekday(session, board_ids, asked.weekday, now)
        else:
            raise ValueError(f"incomplete meeting words: {asked!r}")
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
