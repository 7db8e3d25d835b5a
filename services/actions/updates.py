"""An action's owner (or the board's clerk) closing it, reporting progress or saying they can't
do it; and the action's history.

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
from notify.outbox import NewNotification, enqueue
from notify.planning import board_clerks, plan_action
from services import messages
from services.access import AccessDenied, require_board
from services.actions.records import (
    EVENT_CANT_DO,
    EVENT_DONE,
    EVENT_UPDATE,
    OPEN_STATES,
    ActionRegisterError,
    RegisteredAction,
    clean_text,
    owned_or_clerked,
    record_event,
    registered_action,
)
from services.views import Viewer
from storage.engine import Database
from storage.models import Action, ActionEvent, ActionStatus, Board, NotificationKind, Person

# ActionEvent.detail holds at most this many characters.
UPDATE_LIMIT = 1000
REASON_LIMIT = 500


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
    kind: str  # one of the EVENT_* kinds of services.actions.records
    person_name: str | None
    detail: str | None
    at_utc: datetime


@dataclass(frozen=True, slots=True)
class History:
    action: RegisteredAction
    events: tuple[ActionEventView, ...]


@dataclass(frozen=True, slots=True)
class CantDo:
    action: RegisteredAction
    clerks_told: int


async def _editable(session: AsyncSession, viewer: Viewer, action_id: int) -> ActionSubject:
    """The action, if the viewer is its owner or a clerk of its board."""
    action = await session.get(Action, action_id)
    if action is None or action.id is None:
        raise NotFoundError(messages.ACTION_GONE)
    require_board(viewer, action.board_id)
    if action.owner_id != viewer.person_id and action.board_id not in viewer.clerk_board_ids:
        raise AccessDenied(messages.OWNER_OR_CLERK_ONLY)
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
            raise ActionUpdateError(messages.DROPPED_NOT_DONE)
        action = await session.get(Action, action_id)
        assert action is not None
        action.status = ActionStatus.DONE.value
        action.updated_at_utc = now
        session.add(action)
        record_event(
            session, action, person_id=viewer.person_id, kind=EVENT_DONE, detail=None, now=now
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
        raise ActionUpdateError(messages.UPDATE_EMPTY)
    if len(cleaned) > UPDATE_LIMIT:
        raise ActionUpdateError(
            messages.UPDATE_TOO_LONG.format(length=len(cleaned), limit=UPDATE_LIMIT)
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


async def action_history(db: Database, *, viewer: Viewer, action_id: int) -> History:
    """The action and its updates and changes of status, oldest first: for the board's clerks
    and the action's owner."""
    async with db.read() as session:
        action = await owned_or_clerked(session, viewer, action_id)
        view = await registered_action(session, action)
        rows = await session.exec(
            select(ActionEvent, Person.full_name)
            .join(Person, col(Person.id) == col(ActionEvent.person_id), isouter=True)
            .where(ActionEvent.action_id == action_id)
            .order_by(col(ActionEvent.at_utc), col(ActionEvent.id))
        )
        events = tuple(
            ActionEventView(
                kind=event.kind, person_name=name, detail=event.detail, at_utc=event.at_utc
            )
            for event, name in rows.all()
        )
    return History(action=view, events=events)


async def _owned_open(session: AsyncSession, viewer: Viewer, action_id: int) -> Action:
    action = await session.get(Action, action_id)
    if action is None or action.id is None:
        raise NotFoundError(messages.ACTION_GONE)
    require_board(viewer, action.board_id)
    if action.owner_id != viewer.person_id:
        raise AccessDenied(messages.OWNER_ONLY_CANNOT_DO)
    if action.status not in OPEN_STATES:
        raise ActionRegisterError(messages.NOTHING_TO_TELL_CLERK.format(status=action.status))
    return action


async def cant_do_action(db: Database, *, viewer: Viewer, action_id: int) -> RegisteredAction:
    """The action its owner may report they can't do (before asking them why)."""
    async with db.read() as session:
        return await registered_action(session, await _owned_open(session, viewer, action_id))


async def cannot_do(
    db: Database, *, viewer: Viewer, action_id: int, reason: str, now: datetime
) -> CantDo:
    """The owner can't do the action: a "cant-do" event with the reason, and a message to each of
    the board's clerks, together. The action stays open: the clerk reassigns, re-dates or drops
    it."""
    now = ensure_utc(now)
    detail = clean_text(
        reason, limit=REASON_LIMIT, empty=messages.REASON_EMPTY, too_long=messages.REASON_TOO_LONG
    )
    async with db.write() as session:
        action = await _owned_open(session, viewer, action_id)
        event = record_event(
            session, action, person_id=viewer.person_id, kind=EVENT_CANT_DO, detail=detail, now=now
        )
        await session.flush()
        assert event.id is not None
        clerks = [
            clerk
            for clerk in await board_clerks(session, action.board_id)
            if clerk.id != viewer.person_id
        ]
        await enqueue(
            session,
            [
                NewNotification(
                    kind=NotificationKind.ACTION_CANT_DO.value,
                    dedupe_key=f"action:{action_id}:cant-do:{event.id}:clerk:{clerk.id}",
                    due_at_utc=now,
                    board_id=action.board_id,
                    person_id=clerk.id,
                    action_id=action_id,
                    about_person_id=viewer.person_id,
                    lead=str(event.id),  # the event whose reason the notice quotes
                )
                for clerk in clerks
            ],
            now=now,
        )
        return CantDo(action=await registered_action(session, action), clerks_told=len(clerks))
