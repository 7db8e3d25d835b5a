"""Boards: finding and creating them, and which board a clerk means."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import NotFoundError, QuorumError
from core.roles import Role
from services.access import require_clerk
from services.names import slugify
from services.views import Viewer
from storage.models import Board


async def find_board(session: AsyncSession, *, name: str) -> Board | None:
    """A board by its name (any case) or slug."""
    statement = select(Board).where(
        (func.lower(col(Board.name)) == name.strip().lower()) | (col(Board.slug) == slugify(name))
    )
    return (await session.exec(statement)).first()


async def get_board(session: AsyncSession, *, name: str) -> Board:
    board = await find_board(session, name=name)
    if board is None:
        raise NotFoundError(f"There is no board called {name!r}. Import a pack for it first.")
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


def clerk_board(viewer: Viewer, board_id: int | None, *, command: str) -> int:
    """The board a clerk's command is about: ``board_id``, checked; or, when it is None, the one
    board the viewer clerks.

    Raises AccessDenied unless the viewer clerks that board (or any board), QuorumError naming
    their boards when they clerk several; ``command`` is the one its example suggests.
    """
    require_clerk(viewer, board_id)
    if board_id is not None:
        return board_id
    boards = clerk_boards(viewer)
    if len(boards) == 1:
        return next(iter(boards))
    names = ", ".join(boards.values())
    raise QuorumError(
        f"You are the clerk of {len(boards)} boards ({names}). Say which one, "
        f"for example: /{command} {next(iter(boards.values()))}"
    )
