"""Telegram groups linked to boards: where a board's public answers and notices go."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from core.clock import ensure_utc
from core.errors import NotFoundError
from services import messages
from services.access import AccessDenied, require_clerk
from services.boards import clerk_board, get_board
from services.views import Viewer
from storage.engine import Database
from storage.models import Board, BoardChat

_TITLE_LIMIT = 255


async def link_group(
    db: Database,
    *,
    viewer: Viewer,
    chat_id: int,
    title: str | None,
    board_name: str | None,
    now: datetime,
) -> str:
    """Link the group ``chat_id`` to a board the viewer clerks; returns the board's name.

    ``board_name`` may be None when the viewer clerks exactly one board. A group is linked to
    one board: linking it again moves it, which needs the clerk of the board it leaves too.
    Raises AccessDenied for a non-clerk, BoardNeeded (see :func:`services.boards.clerk_board`)
    when no name settles the board, NotFoundError for a name that is no board's.
    """
    require_clerk(viewer)
    now = ensure_utc(now)
    async with db.write() as session:
        if board_name is None or not board_name.strip():
            board = await session.get(Board, clerk_board(viewer, command="link"))
            if board is None:
                raise NotFoundError(messages.BOARD_GONE)
        else:
            board = await get_board(session, name=board_name)
        assert board.id is not None
        require_clerk(viewer, board.id)
        link = (await session.exec(select(BoardChat).where(BoardChat.chat_id == chat_id))).first()
        if link is None:
            link = BoardChat(board_id=board.id, chat_id=chat_id)
        elif link.board_id != board.id and link.board_id not in viewer.clerk_board_ids:
            raise AccessDenied(messages.GROUP_OF_ANOTHER_BOARD)
        link.board_id = board.id
        link.title = title.strip()[:_TITLE_LIMIT] if title and title.strip() else None
        link.linked_at_utc = now
        link.linked_by_person_id = viewer.person_id
        session.add(link)
        return board.name


async def board_for_chat(db: Database, *, chat_id: int) -> tuple[int, str] | None:
    """The (board id, board name) a group is linked to; None for an unlinked chat."""
    async with db.read() as session:
        row = (
            await session.exec(
                select(Board.id, Board.name)
                .join(BoardChat, col(BoardChat.board_id) == col(Board.id))
                .where(BoardChat.chat_id == chat_id)
            )
        ).first()
    if row is None or row[0] is None:
        return None
    return row[0], row[1]


async def unlink_group(db: Database, *, viewer: Viewer, chat_id: int) -> str | None:
    """Unlink a group (its board's clerk only); returns the board it left, None if unlinked."""
    async with db.write() as session:
        row = (
            await session.exec(
                select(BoardChat, Board)
                .join(Board, col(Board.id) == col(BoardChat.board_id))
                .where(BoardChat.chat_id == chat_id)
            )
        ).first()
        if row is None:
            return None
        link, board = row
        require_clerk(viewer, board.id)
        await session.delete(link)
        return board.name


async def migrate_chat(db: Database, *, old_chat_id: int, new_chat_id: int) -> None:
    """Follow a group that became a supergroup (Telegram gives it a new id).

    Nothing happens for a chat that was not linked. If the new id is already linked (someone
    linked the supergroup first), that newer link is kept and the old one dropped.
    """
    async with db.write() as session:
        old = (
            await session.exec(select(BoardChat).where(BoardChat.chat_id == old_chat_id))
        ).first()
        if old is None or old_chat_id == new_chat_id:
            return
        new = (
            await session.exec(select(BoardChat).where(BoardChat.chat_id == new_chat_id))
        ).first()
        if new is not None:
            await session.delete(old)
            return
        old.chat_id = new_chat_id
        session.add(old)
