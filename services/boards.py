"""Boards: finding and creating them."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import NotFoundError
from services.names import slugify
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
