"""Boards: finding and creating them, and which board a clerk means."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import NotFoundError, QuorumError
from core.roles import Role
from services import messages
from services.access import require_clerk
from services.meetings import match_boards
from services.names import slugify
from services.views import Viewer
from storage.engine import Database
from storage.models import Board, DateOrder


async def find_board(session: AsyncSession, *, name: str) -> Board | None:
    """A board by its name (any case) or slug."""
    statement = select(Board).where(
        (func.lower(col(Board.name)) == name.strip().lower()) | (col(Board.slug) == slugify(name))
    )
    return (await session.exec(statement)).first()


async def get_board(session: AsyncSession, *, name: str) -> Board:
    board = await find_board(session, name=name)
    if board is None:
        raise NotFoundError(messages.NO_BOARD_CALLED_IMPORT_FIRST.format(name=name))
    return board


async def get_or_create_board(
    session: AsyncSession, *, name: str, organisation: str | None, timezone: str
) -> tuple[Board, bool]:
    """The board called ``name``, created if new. Returns (board, created)."""
    board = await find_board(session, name=name)
    if board is not None:
        if organisation and not board.organisation:
            board.organisation = organisation
        return board, False
    board = Board(
        name=name.strip(), slug=slugify(name), organisation=organisation, timezone=timezone
    )
    session.add(board)
    await session.flush()
    return board, True


# Zones whose bodies write numeric dates month-first (03/04/2024 is March 4): the Americas.
_MONTH_FIRST_ZONES = ("America/", "US/", "Canada/")


def zone_date_order(timezone: str) -> DateOrder:
    """How numeric dates are usually written where ``timezone`` is (as the reader assumes)."""
    return DateOrder.MONTH_FIRST if timezone.startswith(_MONTH_FIRST_ZONES) else DateOrder.DAY_FIRST


@dataclass(frozen=True, slots=True)
class ReadingConventions:
    """How a board's papers are read: its time zone, and the order of numeric dates (None: as
    is usual in that zone)."""

    board_name: str
    timezone: str
    date_order: DateOrder | None

    @property
    def day_first(self) -> bool | None:
        """The reader's ``day_first``: None leaves it to the zone's custom."""
        return None if self.date_order is None else self.date_order is DateOrder.DAY_FIRST

    @property
    def effective_order(self) -> DateOrder:
        return self.date_order or zone_date_order(self.timezone)


def _conventions(board: Board) -> ReadingConventions:
    order = DateOrder(board.date_order) if board.date_order else None
    return ReadingConventions(board_name=board.name, timezone=board.timezone, date_order=order)


async def reading_conventions(db: Database, *, name: str) -> ReadingConventions | None:
    """How the papers of the board called ``name`` are read; None when there is no such board."""
    async with db.read() as session:
        board = await find_board(session, name=name)
        return None if board is None else _conventions(board)


async def set_date_order(
    db: Database, *, board_name: str, order: DateOrder | None
) -> ReadingConventions:
    """Set how the board's papers write numeric dates (None: as is usual in its time zone).
    Papers imported from now on are read so; what is stored is not re-read. Raises
    NotFoundError for an unknown board."""
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        board.date_order = None if order is None else order.value
        session.add(board)
        return _conventions(board)


def clerk_view(viewer: Viewer) -> Viewer:
    """The viewer narrowed to the boards they clerk (for finding what to announce or chase)."""
    return Viewer(
        person_id=viewer.person_id,
        full_name=viewer.full_name,
        boards=tuple(board for board in viewer.boards if board.role == Role.CLERK),
    )


def clerk_boards(viewer: Viewer) -> dict[int, str]:
    """The boards the viewer clerks: id -> name, sorted by name."""
    named = {board.board_id: board.board_name for board in clerk_view(viewer).boards}
    return dict(sorted(named.items(), key=lambda pair: pair[1]))


class BoardUnclear(QuorumError):
    """Which of the boards they clerk a clerk means is unclear. ``choices`` (id -> name, by
    name) are the boards to choose among; ``words`` what the clerk said, if anything."""

    def __init__(self, message: str, *, choices: Mapping[int, str], words: str = "") -> None:
        self.choices = dict(choices)
        self.words = words
        super().__init__(message)


class BoardNeeded(BoardUnclear):
    """The clerk clerks several boards and nothing said picks one; ``choices`` are them all."""


class NoBoardFits(BoardUnclear):
    """The clerk's words name none of their boards; ``choices`` are all the boards they clerk."""


class SeveralBoardsFit(BoardUnclear):
    """The clerk's words fit several of their boards equally; ``choices`` are those."""


def clerk_board(
    viewer: Viewer,
    board_id: int | None = None,
    *,
    words: str = "",
    likely: Collection[int] = (),
    command: str | None = None,
) -> int:
    """The board a clerk means, among those they clerk; the one place that decides it.

    In order: ``board_id``, checked; else the board ``words`` name (see
    :func:`services.meetings.match_boards`); else the one board the viewer clerks; else the one
    of ``likely`` they clerk (the boards an action's owner is on, say).

    Raises AccessDenied unless the viewer clerks that board (or any board); NoBoardFits or
    SeveralBoardsFit when ``words`` fit none or several; BoardNeeded when they clerk several
    and nothing picks one, its message suggesting ``/command Board`` when ``command`` is given.
    """
    require_clerk(viewer, board_id)
    if board_id is not None:
        return board_id
    boards = clerk_boards(viewer)
    words = words.strip()
    if words:
        matches = match_boards(clerk_view(viewer), words)
        if len(matches) == 1:
            return matches[0]
        if matches:
            fitting = {board: boards[board] for board in matches}
            raise SeveralBoardsFit(
                messages.SEVERAL_CLERKED_BOARDS_FIT.format(
                    words=words, boards=", ".join(fitting.values())
                ),
                choices=fitting,
                words=words,
            )
        raise NoBoardFits(
            messages.NO_CLERKED_BOARD_FITS.format(words=words, boards=", ".join(boards.values())),
            choices=boards,
            words=words,
        )
    if len(boards) == 1:
        return next(iter(boards))
    fits = [board for board in boards if board in likely]
    if len(fits) == 1:
        return fits[0]
    names = ", ".join(boards.values())
    message = (
        messages.WHICH_BOARD_IS_IT_FOR.format(boards=names)
        if command is None
        else messages.SAY_WHICH_BOARD.format(
            count=len(boards), boards=names, command=command, first=next(iter(boards.values()))
        )
    )
    raise BoardNeeded(message, choices=boards)
