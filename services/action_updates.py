"""An action's owner (or the board's clerk) closing it or reporting progress, and its history.

Closing an action re-plans its nudges in the same transaction, so no reminder about a finished
action can go out after the member pressed [Done].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from notify.planning import plan_action
from services.access import AccessDenied, require_board
from services.views import Viewer
from storage.engine import Database
from storage.models import Action, ActionEvent, ActionStatus, Board, Person

EVENT_DONE = "done"
EVENT_UPDATE = "update"
# The register's changes (services.action_register) and an import's (services.imports).
EVENT_CREATED = "created"
EVENT_ASSIGNED = "assigned"
EVENT_DUE = "due"
EVENT_DROPPED = "dropped"
EVENT_CARRIED_FORWARD = "carried-forward"
EVENT_CLOSED_BY_MINUTES = "closed-by-minutes"
EVENT_CANT_DO = "cant-do"
# ActionEvent.detail holds at most this many characters.
UPDATE_LIMIT = 1000


class ActionUpdateError(QuorumError):
    """An update or a change of status that cannot be recorded; the message says why."""


@dataclass(frozen=True, slots=True)
class ActionSubject:
    """The action a button or an update is about."""

    id: int
    board_id: int
    board_name: str
    ref: str | None
    description: str
    status: str


@dataclass(frozen=True, slots=True)
class Completion:
    action: ActionSubject
    already_done: bool  # nothing changed: it was done before


@dataclass(frozen=True, slots=True)
class ActionEventView:
    kind: str  # EVENT_DONE, EVENT_UPDATE, or a later issue's kinds
    person_name: str | None
    detail: str | None
    at_utc: datetime


async def _editable(session: AsyncSession, viewer: Viewer, action_id: int) -> ActionSubject:
    """The action, if the viewer is its owner or a clerk of its board."""
    action = await session.get(Action, action_id)
    if action is None or action.id is None:
        raise NotFoundError("That action no longer exists.")
    require_board(viewer, action.board_id)
    if action.owner_id != viewer.person_id and action.board_id not in viewer.clerk_board_ids:
        raise AccessDenied("Only the action's owner or the board's clerk can do that.")
    board = await session.get(Board, action.board_id)
    return ActionSubject(
        id=action.id,
        board_id=action.board_id,
        board_name=board.name if board is not None else "",
        ref=action.ref,
        description=action.description,
        status=action.status,
    )


async def updatable_action(db: Database, *, viewer: Viewer, action_id: int) -> ActionSubject:
    """The action the viewer may add an update to (before asking them for the text).

    Raises NotFoundError or AccessDenied as :func:`add_update` would.
    """
    async with db.read() as session:
        return await _editable(session, viewer, action_id)


async def complete_action(
    db: Database, *, viewer: Viewer, action_id: int, now: datetime
) -> Completion:
    """Mark an action done: its status, a "done" event, and its pending nudges killed, together.

    An action already done is left as it is (``already_done``). Raises AccessDenied unless the
    viewer owns the action or clerks its board, ActionUpdateError for a dropped action.
    """
    now = ensure_utc(now)
    async with db.write() as session:
        subject = await _editable(session, viewer, action_id)
        if subject.status == ActionStatus.DONE.value:
            return Completion(action=subject, already_done=True)
        if subject.status == ActionStatus.DROPPED.value:
            raise ActionUpdateError("That action was dropped, so it can't be marked done.")
        action = await session.get(Action, action_id)
        assert action is not None
        action.status = ActionStatus.DONE.value
        action.updated_at_utc = now
        session.add(action)
        session.add(
            ActionEvent(
                action_id=action_id, person_id=viewer.person_id, kind=EVENT_DONE, at_utc=now
            )
        )
        await session.flush()
        await plan_action(session, action_id, now=now)
        done = ActionSubject(
            id=subject.id,
            board_id=subject.board_id,
            board_name=subject.board_name,
            ref=subject.ref,
            description=subject.description,
            status=action.status,
        )
        return Completion(action=done, already_done=False)


def clean_update(text: str) -> str:
    """The update as it will be stored; ActionUpdateError when empty or too long."""
    cleaned = text.strip()
    if not cleaned:
        raise ActionUpdateError("An update needs some words: please send it as text.")
    if len(cleaned) > UPDATE_LIMIT:
        raise ActionUpdateError(
            f"That update is {len(cleaned)} characters long; the limit is {UPDATE_LIMIT}. "
            "Please send a shorter one."
        )
    return cleaned


async def add_update(
    db: Database, *, viewer: Viewer, action_id: int, text: str, now: datetime
) -> ActionSubject:
    """Record progress on an action (1 to 1000 characters, trimmed) in its history.

    Raises ActionUpdateError for an empty or long text (nothing stored), AccessDenied unless
    the viewer owns the action or clerks its board.
    """
    detail = clean_update(text)
    async with db.write() as session:
        subject = await _editable(session, viewer, action_id)
        session.add(
            ActionEvent(
                action_id=action_id,
                person_id=viewer.person_id,
                kind=EVENT_UPDATE,
                detail=detail,
                at_utc=ensure_utc(now),
            )
        )
        return subject


async def action_history(db: Database, *, viewer: Viewer, action_id: int) -> list[ActionEventView]:
    """An action's updates and changes of status, oldest first (its owner and clerks only)."""
    async with db.read() as session:
        await _editable(session, viewer, action_id)
        rows = await session.exec(
            select(ActionEvent, Person.full_name)
            .join(Person, col(Person.id) == col(ActionEvent.person_id), isouter=True)
            .where(ActionEvent.action_id == action_id)
            .order_by(col(ActionEvent.at_utc), col(ActionEvent.id))
        )
        return [
            ActionEventView(
                kind=event.kind, person_name=name, detail=event.detail, at_utc=event.at_utc
            )
            for event, name in rows.all()
        ]
