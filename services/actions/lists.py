"""A member's own actions, as /actions lists them."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from services.actions.records import OPEN_STATES, is_overdue
from services.views import ActionView, Viewer
from storage.engine import Database
from storage.models import Action, ActionStatus

# A member's list shows this many finished actions at most, the latest first.
RECENT_DONE = 10


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
                .where(*mine, col(Action.status).in_(OPEN_STATES))
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
    names = {board.board_id: board.board_name for board in viewer.boards}
    return [
        _view(action, viewer=viewer, board_names=names, today=today) for action in (*active, *done)
    ]
