"""A board's sync sources: adding, listing, removing, their interval, and a board's choice to
announce a published agenda at once (autopublish). The syncing itself: :mod:`services.sync`.

``viewer`` None is the operator (the CLI); otherwise only the board's clerks may act.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from services import messages
from services.access import require_clerk
from services.boards import get_board
from services.views import Viewer
from sources.registry import MODERNGOV, normalise_base_url
from storage.engine import Database
from storage.models import Board, Meeting, SyncSource

DEFAULT_INTERVAL_MINUTES = 30
MIN_INTERVAL_MINUTES = 5
MAX_INTERVAL_MINUTES = 7 * 24 * 60
# A Modern.Gov committee's id: its number (ASCII digits only).
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class SourceView:
    id: int
    board_id: int
    board_name: str
    kind: str
    base_url: str
    committee_id: str
    committee_title: str | None
    interval_minutes: int
    next_sync_at_utc: datetime
    last_success_at_utc: datetime | None
    last_result: str | None
    failing_since_utc: datetime | None
    failure: str | None
    meetings: int  # meetings on record from this source


def _width(column: Any) -> int:
    length: int = column.type.length
    return length


async def _views(
    session: AsyncSession, rows: Sequence[tuple[SyncSource, Board]]
) -> list[SourceView]:
    ids = [source.id for source, _ in rows if source.id is not None]
    counts: dict[int, int] = {}
    if ids:
        counted = await session.exec(
            select(Meeting.source_id, func.count())
            .where(col(Meeting.source_id).in_(ids))
            .group_by(col(Meeting.source_id))
        )
        counts = {source_id: int(n) for source_id, n in counted.all() if source_id is not None}
    views = []
    for source, board in rows:
        assert source.id is not None
        views.append(
            SourceView(
                id=source.id,
                board_id=source.board_id,
                board_name=board.name,
                kind=source.kind,
                base_url=source.base_url,
                committee_id=source.committee_id,
                committee_title=source.committee_title,
                interval_minutes=source.interval_minutes,
                next_sync_at_utc=source.next_sync_at_utc,
                last_success_at_utc=source.last_success_at_utc,
                last_result=source.last_result,
                failing_since_utc=source.failing_since_utc,
                failure=source.failure,
                meetings=counts.get(source.id, 0),
            )
        )
    return views


async def _view(session: AsyncSession, source: SyncSource, board: Board) -> SourceView:
    return (await _views(session, [(source, board)]))[0]


async def _source(
    session: AsyncSession, *, source_id: int, viewer: Viewer | None
) -> tuple[SyncSource, Board]:
    """The source and its board, once the viewer is known to clerk that board."""
    source = await session.get(SyncSource, source_id)
    if source is None:
        raise NotFoundError(messages.NO_SOURCE_NUMBERED.format(source_id=source_id))
    if viewer is not None:
        require_clerk(viewer, source.board_id)
    board = await session.get(Board, source.board_id)
    if board is None:
        raise NotFoundError(messages.BOARD_GONE)
    return source, board


async def _clerked_board(session: AsyncSession, *, name: str, viewer: Viewer | None) -> Board:
    board = await get_board(session, name=name)
    assert board.id is not None
    if viewer is not None:
        require_clerk(viewer, board.id)
    return board


async def add_source(
    db: Database,
    *,
    board_name: str,
    kind: str,
    base_url: str,
    committee_id: str,
    committee_title: str | None = None,
    viewer: Viewer | None,
    now: datetime,
) -> SourceView:
    """Add a source to a board (due to sync at once). The same source twice raises
    QuorumError; ``base_url`` is normalised (:func:`sources.registry.normalise_base_url`)."""
    now = ensure_utc(now)
    kind = kind.strip().casefold()
    try:
        url = normalise_base_url(kind, base_url.strip())
    except ValueError as error:
        raise QuorumError(str(error)) from None
    committee = " ".join(committee_id.split())
    if not committee or len(committee) > _width(col(SyncSource.committee_id)):
        raise QuorumError(messages.SOURCE_NEEDS_COMMITTEE)
    if kind == MODERNGOV and not _DIGITS.fullmatch(committee):
        raise QuorumError(messages.SOURCE_COMMITTEE_NOT_A_NUMBER.format(committee=committee))
    if len(url) > _width(col(SyncSource.base_url)):
        raise QuorumError(
            messages.SOURCE_URL_TOO_LONG.format(limit=_width(col(SyncSource.base_url)))
        )
    title = " ".join((committee_title or "").split())[: _width(col(SyncSource.committee_title))]
    async with db.write() as session:
        board = await _clerked_board(session, name=board_name, viewer=viewer)
        assert board.id is not None
        existing = (
            await session.exec(
                select(SyncSource.id).where(
                    SyncSource.board_id == board.id,
                    SyncSource.kind == kind,
                    SyncSource.base_url == url,
                    SyncSource.committee_id == committee,
                )
            )
        ).first()
        if existing is not None:
            raise QuorumError(messages.SOURCE_EXISTS.format(board=board.name))
        source = SyncSource(
            board_id=board.id,
            kind=kind,
            base_url=url,
            committee_id=committee,
            committee_title=title or None,
            interval_minutes=DEFAULT_INTERVAL_MINUTES,
            created_at_utc=now,
            next_sync_at_utc=now,
        )
        session.add(source)
        await session.flush()
        return await _view(session, source, board)


async def list_sources(
    db: Database, *, board_name: str | None = None, viewer: Viewer | None
) -> list[SourceView]:
    """The sources of one board, or of every board (the operator) / every board the viewer
    clerks."""
    async with db.read() as session:
        query = select(SyncSource, Board).join(Board, col(Board.id) == col(SyncSource.board_id))
        if board_name is not None:
            board = await _clerked_board(session, name=board_name, viewer=viewer)
            query = query.where(SyncSource.board_id == board.id)
        elif viewer is not None:
            clerked = sorted(viewer.clerk_board_ids)
            if not clerked:
                require_clerk(viewer)
            query = query.where(col(SyncSource.board_id).in_(clerked))
        rows = (await session.exec(query.order_by(col(Board.name), col(SyncSource.id)))).all()
        return await _views(session, list(rows))


async def get_source(db: Database, *, source_id: int, viewer: Viewer | None) -> SourceView:
    """One source (NotFoundError, or AccessDenied for a non-clerk of its board)."""
    async with db.read() as session:
        source, board = await _source(session, source_id=source_id, viewer=viewer)
        return await _view(session, source, board)


async def remove_source(db: Database, *, source_id: int, viewer: Viewer | None) -> SourceView:
    """Remove a source. Its meetings stay (no longer synced)."""
    async with db.write() as session:
        source, board = await _source(session, source_id=source_id, viewer=viewer)
        view = await _view(session, source, board)
        await session.delete(source)
        await session.flush()
        # Its meetings stay, no longer synced (ON DELETE SET NULL: SQLite's foreign keys are on).
        return view


async def set_sync_interval(
    db: Database,
    *,
    minutes: int,
    board_name: str | None = None,
    source_id: int | None = None,
    viewer: Viewer | None,
    now: datetime,
) -> list[SourceView]:
    """Sync every ``minutes`` (MIN..MAX): one source, a board's sources, or all of them."""
    now = ensure_utc(now)
    if not MIN_INTERVAL_MINUTES <= minutes <= MAX_INTERVAL_MINUTES:
        raise QuorumError(
            messages.SOURCE_INTERVAL_RANGE.format(
                low=MIN_INTERVAL_MINUTES, high=MAX_INTERVAL_MINUTES, minutes=minutes
            )
        )
    async with db.write() as session:
        rows: list[tuple[SyncSource, Board]]
        if source_id is not None:
            rows = [await _source(session, source_id=source_id, viewer=viewer)]
        else:
            query = select(SyncSource, Board).join(Board, col(Board.id) == col(SyncSource.board_id))
            if board_name is not None:
                board = await _clerked_board(session, name=board_name, viewer=viewer)
                query = query.where(SyncSource.board_id == board.id)
            elif viewer is not None:
                require_clerk(viewer)
                query = query.where(col(SyncSource.board_id).in_(sorted(viewer.clerk_board_ids)))
            rows = list(
                (await session.exec(query.order_by(col(Board.name), col(SyncSource.id)))).all()
            )
        for source, _ in rows:
            if source.interval_minutes == minutes:
                continue
            source.interval_minutes = minutes
            # A shorter interval takes effect now, not after the longer wait.
            sooner = now + timedelta(minutes=minutes)
            if sooner < source.next_sync_at_utc:
                source.next_sync_at_utc = sooner
            session.add(source)
        await session.flush()
        return await _views(session, rows)


async def set_autopublish(
    db: Database, *, board_name: str, on: bool, viewer: Viewer | None
) -> bool:
    """Whether a board's agendas found published on the council's site are announced at once.
    Returns the setting now."""
    async with db.write() as session:
        board = await _clerked_board(session, name=board_name, viewer=viewer)
        if board.autopublish != on:
            board.autopublish = on
            session.add(board)
        return board.autopublish
