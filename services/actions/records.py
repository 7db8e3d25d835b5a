"""What every part of the action services shares: an action's states, its label, the kinds of
event in its history, the register's view of it, and the checks and writes each change begins
and ends with.

An action's handle is its database id, shown as ``#12``: it is what people type
(``/action assign #12``) and what every list, prompt, notice and search result shows, followed by
the pack's own reference when it has one (``#12 [5]``). :func:`action_label` is the one place
that spelling lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import NotFoundError, QuorumError
from services import messages
from services.access import require_clerk
from services.views import Viewer
from storage.models import Action, ActionEvent, ActionStatus, Board, Person

# Open and carried-forward actions are still to be done; done and dropped ones are finished.
OPEN_STATES = (ActionStatus.OPEN.value, ActionStatus.CARRIED_FORWARD.value)
CLOSED_STATES = frozenset({ActionStatus.DONE.value, ActionStatus.DROPPED.value})

# The kinds of ActionEvent: an owner's (done, update, can't do), the clerk's register changes,
# and an import's (carried forward, closed by the minutes).
EVENT_DONE = "done"
EVENT_UPDATE = "update"
EVENT_CANT_DO = "cant-do"
EVENT_CREATED = "created"
EVENT_ASSIGNED = "assigned"
EVENT_DUE = "due"
EVENT_DROPPED = "dropped"
EVENT_CARRIED_FORWARD = "carried-forward"
EVENT_CLOSED_BY_MINUTES = "closed-by-minutes"


class ActionRegisterError(QuorumError):
    """A change to the register that cannot be made; the message says why and what to do."""


def action_handle(action_id: int) -> str:
    """``#12``: what people type to mean the action."""
    return f"#{action_id}"


def action_label(action_id: int, ref: str | None) -> str:
    """``#12 [5]``: the action's handle, then the pack's own reference when it has one.

    Plain text: templates escape it. Every place a member or clerk sees an action names it so.
    """
    handle = action_handle(action_id)
    return f"{handle} [{ref}]" if ref else handle


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Not finished (done or dropped) and due before ``today``."""
    return status not in CLOSED_STATES and due_on is not None and due_on < today


@dataclass(frozen=True, slots=True)
class RegisteredAction:
    """An action as the register shows it to a clerk or its owner."""

    id: int
    board_id: int
    board_name: str
    zone: ZoneInfo
    ref: str | None
    description: str
    owner_id: int | None
    owner_name: str | None
    due_on: date | None
    status: str

    @property
    def handle(self) -> str:
        """``#123``: what people type to mean this action."""
        return action_handle(self.id)


async def registered_action(session: AsyncSession, action: Action) -> RegisteredAction:
    """The register's view of ``action`` (also for the notices composed at send time)."""
    assert action.id is not None
    board = await session.get(Board, action.board_id)
    owner = await session.get(Person, action.owner_id) if action.owner_id else None
    return RegisteredAction(
        id=action.id,
        board_id=action.board_id,
        board_name=board.name if board is not None else "",
        zone=ZoneInfo(board.timezone if board is not None else "UTC"),
        ref=action.ref,
        description=action.description,
        owner_id=action.owner_id,
        owner_name=owner.full_name if owner is not None else action.owner_name,
        due_on=action.due_on,
        status=action.status,
    )


async def visible_action(session: AsyncSession, viewer: Viewer, action_id: int) -> Action:
    """The action, if it is on one of the viewer's boards."""
    action = await session.get(Action, action_id)
    if action is None or action.id is None or action.board_id not in viewer.board_ids:
        # Another board's action is as good as absent: its existence is not theirs to know.
        raise NotFoundError(
            messages.NO_ACTION_ON_YOUR_BOARDS.format(handle=action_handle(action_id))
        )
    return action


async def owned_or_clerked(session: AsyncSession, viewer: Viewer, action_id: int) -> Action:
    """The action, if the viewer owns it or clerks its board (AccessDenied otherwise)."""
    action = await visible_action(session, viewer, action_id)
    if action.owner_id != viewer.person_id:
        require_clerk(viewer, action.board_id)
    return action


def clean_text(text: str, *, limit: int, empty: str, too_long: str) -> str:
    """``text`` on one line, its spaces collapsed; ActionRegisterError when empty (saying
    ``empty``) or too long (``too_long``, given the ``length`` and ``limit``)."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ActionRegisterError(empty)
    if len(cleaned) > limit:
        raise ActionRegisterError(too_long.format(length=len(cleaned), limit=limit))
    return cleaned


def record_event(
    session: AsyncSession,
    action: Action,
    *,
    person_id: int | None,
    kind: str,
    detail: str | None,
    now: datetime,
) -> ActionEvent:
    """Add an entry to the action's history (who, what, when), in the caller's transaction."""
    assert action.id is not None
    event = ActionEvent(
        action_id=action.id, person_id=person_id, kind=kind, detail=detail, at_utc=now
    )
    session.add(event)
    return event
