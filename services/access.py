"""Authorisation, in the service layer: every query and command checks here, not only handlers."""

from __future__ import annotations

from core.errors import QuorumError
from services import messages
from services.views import BoardRole, Viewer


class AccessDenied(QuorumError):
    """The person may not see or do this. The message is safe to show them."""


def require_board(viewer: Viewer, board_id: int) -> None:
    """Members see only their own boards."""
    if board_id not in viewer.board_ids:
        raise AccessDenied(messages.NOT_YOUR_BOARD)


def require_clerk(viewer: Viewer, board_id: int | None = None) -> None:
    """Clerk actions are for the board's clerks (any board's, when ``board_id`` is None)."""
    allowed = viewer.clerk_board_ids if board_id is None else viewer.clerk_board_ids & {board_id}
    if not allowed:
        raise AccessDenied(messages.CLERK_ONLY)


def may_see_exempt(viewer: Viewer, board_id: int, *, private_chat: bool) -> bool:
    """Exempt (Part II) items: only verified members of that board, only in a private chat."""
    return private_chat and board_id in viewer.board_ids


def board_audience(board_id: int, board_name: str) -> Viewer:
    """The public audience of one board (its group chat): may see that board's public
    information and nothing else, so group answers go through the same authorised queries."""
    return Viewer(
        person_id=0, full_name=board_name, boards=(BoardRole(board_id, board_name, "public"),)
    )
