"""The clerk's side of the action register: add, find, assign, re-date, drop.

Each change is one transaction that changes the action, writes an :class:`ActionEvent` (who,
what, when) and re-plans the action's nudges, so the audit trail and the outbox never disagree
with the register.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from rapidfuzz import fuzz, process
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError
from notify.planning import plan_action
from services import messages
from services.access import require_clerk
from services.actions.records import (
    EVENT_ASSIGNED,
    EVENT_CREATED,
    EVENT_DROPPED,
    EVENT_DUE,
    OPEN_STATES,
    ActionRegisterError,
    RegisteredAction,
    action_handle,
    clean_text,
    owned_or_clerked,
    record_event,
    registered_action,
    visible_action,
)
from services.boards import clerk_board, clerk_boards
from services.people import find_person_on_board
from services.views import Viewer
from storage.engine import Database
from storage.models import Action, ActionStatus, Board, Membership, Person

DESCRIPTION_LIMIT = 1000
# How many near names an unknown owner's error suggests, and how near they must be.
SUGGESTIONS = 5
SUGGESTION_FLOOR = 60.0
_REF = re.compile(r"^\s*#?\s*(\d{1,9})\s*$")


class UnknownPerson(ActionRegisterError):
    """The owner's name fits no one (or several people) on the board."""

    def __init__(self, name: str, board_name: str, close: tuple[str, ...]) -> None:
        self.name, self.board_name, self.close = name, board_name, close
        super().__init__(messages.unknown_owner(name, board_name, close))


@dataclass(frozen=True, slots=True)
class Change:
    action: RegisteredAction
    changed: bool  # False: it already was so, nothing recorded


def parse_action_ref(text: str) -> int | None:
    """``"#123"`` or ``"123"`` -> 123; anything else -> None."""
    match = _REF.match(text)
    return int(match.group(1)) if match else None


async def _clerked(session: AsyncSession, viewer: Viewer, action_id: int) -> Action:
    action = await visible_action(session, viewer, action_id)
    require_clerk(viewer, action.board_id)
    return action


def _must_be_open(action: Action, refusal: str) -> None:
    """ActionRegisterError saying ``refusal`` (given the action's handle and status) unless the
    action is open."""
    if action.status not in OPEN_STATES:
        assert action.id is not None
        raise ActionRegisterError(
            refusal.format(handle=action_handle(action.id), status=action.status)
        )


async def _board_people(session: AsyncSession, board_id: int) -> list[Person]:
    rows = await session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.board_id == board_id)
        .distinct()
    )
    return list(rows.all())


async def _owner(session: AsyncSession, board: Board, name: str) -> Person:
    """The board's person called ``name`` (an alias or a compatible spelling); never a new one."""
    assert board.id is not None
    cleaned = " ".join(name.lstrip("@").split())
    if not cleaned:
        raise ActionRegisterError(messages.NAME_THE_OWNER)
    person = await find_person_on_board(session, board_id=board.id, name=cleaned)
    if person is not None:
        return person
    names = sorted({p.full_name for p in await _board_people(session, board.id)})
    near = process.extract(
        cleaned,
        names,
        scorer=fuzz.WRatio,
        limit=SUGGESTIONS,
        score_cutoff=SUGGESTION_FLOOR,
    )
    raise UnknownPerson(cleaned, board.name, tuple(match for match, _, _ in near))


async def _board_for(
    session: AsyncSession, viewer: Viewer, board_id: int | None, owner_name: str
) -> Board:
    """The board a new action is for (see :func:`clerk_board`): the owner's board settles it
    for a clerk of several."""
    owners: list[int] = []
    clerked = clerk_boards(viewer)
    if board_id is None and len(clerked) > 1:
        cleaned = " ".join(owner_name.lstrip("@").split())
        owners = [
            board
            for board in clerked
            if await find_person_on_board(session, board_id=board, name=cleaned) is not None
        ]
    board = await session.get(Board, clerk_board(viewer, board_id, likely=owners))
    if board is None:
        raise NotFoundError(messages.BOARD_GONE)
    return board


async def add_action(
    db: Database,
    *,
    viewer: Viewer,
    board_id: int | None,
    description: str,
    owner_name: str,
    due_on: date | None,
    now: datetime,
) -> RegisteredAction:
    """A clerk's new action for one of the board's people, its "created" event and its nudges.

    ``board_id`` None: the clerk's only board, else the one board the owner is on. Raises
    AccessDenied for a non-clerk, UnknownPerson (with near names) for an owner not on the board,
    :class:`services.boards.BoardNeeded` when the board is unclear, ActionRegisterError for an
    empty description.
    """
    now = ensure_utc(now)
    text = clean_text(
        description,
        limit=DESCRIPTION_LIMIT,
        empty=messages.DESCRIPTION_EMPTY,
        too_long=messages.DESCRIPTION_TOO_LONG,
    )
    async with db.write() as session:
        board = await _board_for(session, viewer, board_id, owner_name)
        assert board.id is not None
        owner = await _owner(session, board, owner_name)
        action = Action(
            board_id=board.id,
            description=text,
            owner_id=owner.id,
            owner_name=owner.full_name,
            due_on=due_on,
            status=ActionStatus.OPEN.value,
            created_at_utc=now,
            updated_at_utc=now,
        )
        session.add(action)
        await session.flush()
        assert action.id is not None
        due = f"; due {due_on.isoformat()}" if due_on else ""
        record_event(
            session,
            action,
            person_id=viewer.person_id,
            kind=EVENT_CREATED,
            detail=f"Owner: {owner.full_name}{due}",
            now=now,
        )
        await session.flush()
        await plan_action(session, action.id, now=now)
        return await registered_action(session, action)


async def find_action(db: Database, *, viewer: Viewer, ref: str) -> RegisteredAction:
    """The action ``ref`` ("#123" or "123") names, if the viewer clerks its board or owns it."""
    action_id = parse_action_ref(ref)
    if action_id is None:
        raise ActionRegisterError(messages.NOT_AN_ACTION_NUMBER.format(ref=ref.strip()))
    async with db.read() as session:
        return await registered_action(session, await owned_or_clerked(session, viewer, action_id))


async def _changed(
    session: AsyncSession,
    action: Action,
    *,
    viewer: Viewer,
    kind: str,
    detail: str | None,
    now: datetime,
) -> Change:
    """The end of every clerk's change: stamped, audited, nudges re-planned, in one go."""
    assert action.id is not None
    action.updated_at_utc = now
    session.add(action)
    record_event(session, action, person_id=viewer.person_id, kind=kind, detail=detail, now=now)
    await session.flush()
    await plan_action(session, action.id, now=now)
    return Change(action=await registered_action(session, action), changed=True)


async def assign_action(
    db: Database, *, viewer: Viewer, action_id: int, owner_name: str, now: datetime
) -> Change:
    """Give an open action to another of the board's people (clerks only)."""
    now = ensure_utc(now)
    async with db.write() as session:
        action = await _clerked(session, viewer, action_id)
        _must_be_open(action, messages.CANNOT_REASSIGN)
        board = await session.get(Board, action.board_id)
        assert board is not None
        owner = await _owner(session, board, owner_name)
        if owner.id == action.owner_id:
            return Change(action=await registered_action(session, action), changed=False)
        before = (await registered_action(session, action)).owner_name or "no one"
        action.owner_id, action.owner_name = owner.id, owner.full_name
        return await _changed(
            session,
            action,
            viewer=viewer,
            kind=EVENT_ASSIGNED,
            detail=f"{before} → {owner.full_name}",
            now=now,
        )


async def set_due(
    db: Database, *, viewer: Viewer, action_id: int, due_on: date, now: datetime
) -> Change:
    """A new due date for an open action (clerks only); its nudges are re-timed."""
    now = ensure_utc(now)
    async with db.write() as session:
        action = await _clerked(session, viewer, action_id)
        _must_be_open(action, messages.CANNOT_REDATE)
        if action.due_on == due_on:
            return Change(action=await registered_action(session, action), changed=False)
        before = action.due_on.isoformat() if action.due_on else "none"
        action.due_on = due_on
        return await _changed(
            session,
            action,
            viewer=viewer,
            kind=EVENT_DUE,
            detail=f"{before} → {due_on.isoformat()}",
            now=now,
        )


async def drop_action(db: Database, *, viewer: Viewer, action_id: int, now: datetime) -> Change:
    """Drop an action no longer wanted (clerks only): no more nudges; a done one stays done."""
    now = ensure_utc(now)
    async with db.write() as session:
        action = await _clerked(session, viewer, action_id)
        if action.status == ActionStatus.DROPPED.value:
            return Change(action=await registered_action(session, action), changed=False)
        if action.status == ActionStatus.DONE.value:
            raise ActionRegisterError(
                messages.NOTHING_TO_DROP.format(handle=action_handle(action_id))
            )
        action.status = ActionStatus.DROPPED.value
        return await _changed(
            session, action, viewer=viewer, kind=EVENT_DROPPED, detail=None, now=now
        )
