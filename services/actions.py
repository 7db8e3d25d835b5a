"""Action registers: a member's own actions, and a clerk's view of what is open on the board."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from services.access import require_clerk
from services.views import ActionView, Viewer
from storage.engine import Database
from storage.models import Action, ActionStatus

# A member's list shows this many finished actions at most, the latest first.
RECENT_DONE = 10

_ACTIVE = (ActionStatus.OPEN.value, ActionStatus.CARRIED_FORWARD.value)
_CLOSED = frozenset({ActionStatus.DONE.value, ActionStatus.DROPPED.value})


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Not finished (done or dropped) and due before ``today``."""
    return status not in _CLOSED and due_on is not None and due_on < today


def _view(
    action: Action, *, viewer: Viewer, board_names: dict[int, str], today: date
) -> ActionView:
    assert action.id is not None
    return ActionView(
        id=action.id,
        board_id=action.board_id,
        board_name=board_names.get(action.board_id, ""),
        ref=action.ref,
        description=action.description,
        owner_name=action.owner_name,
        due_on=action.due_on,
        status=action.status,
        overdue=is_overdue(action.status, action.due_on, today),
        mine=action.owner_id == viewer.person_id,
    )


def _board_names(viewer: Viewer) -> dict[int, str]:
    return {board.board_id: board.board_name for board in viewer.boards}


async def my_actions(db: Database, *, viewer: Viewer, today: date) -> list[ActionView]:
    """The viewer's own actions on their boards.

    Open and carried-forward first, soonest due first and undated last; then the
    :data:`RECENT_DONE` most recently finished. Dropped actions are left out. ``today`` is the
    viewer's local date, for the ``overdue`` mark.
    """
    if not viewer.board_ids:
        return []
    mine = (
        col(Action.owner_id) == viewer.person_id,
        col(Action.board_id).in_(viewer.board_ids),
    )
    async with db.read() as session:
        active = (
            await session.exec(
                select(Action)
                .where(*mine, col(Action.status).in_(_ACTIVE))
                .order_by(col(Action.due_on).is_(None), col(Action.due_on), col(Action.id))
            )
        ).all()
        done = (
            await session.exec(
                select(Action)
                .where(*mine, col(Action.status) == ActionStatus.DONE.value)
                .order_by(col(Action.updated_at_utc).desc(), col(Action.id).desc())
                .limit(RECENT_DONE)
            )
        ).all()
    names = _board_names(viewer)
    return [
        _view(action, viewer=viewer, board_names=names, today=today) for action in (*active, *done)
    ]


async def board_actions(
    db: Database, *, viewer: Viewer, today: date, board_id: int | None = None
) -> list[ActionView]:
    """Open and carried-forward actions of the clerk's boards (or of ``board_id``), for chasing.

    Sorted by owner (unassigned last), then due date (undated last). Raises
    :class:`~services.access.AccessDenied` unless the viewer is a clerk of the board(s).
    """
    require_clerk(viewer, board_id)
    board_ids = viewer.clerk_board_ids if board_id is None else frozenset({board_id})
    async with db.read() as session:
        actions = (
            await session.exec(
                select(Action).where(
                    col(Action.board_id).in_(board_ids), col(Action.status).in_(_ACTIVE)
                )
            )
        ).all()
    names = _board_names(viewer)
    views = [_view(action, viewer=viewer, board_names=names, today=today) for action in actions]
    return sorted(
        views,
        key=lambda view: (
            view.owner_name is None,
            (view.owner_name or "").casefold(),
            view.due_on is None,
            view.due_on or today,
            view.board_name,
            view.id,
        ),
    )
