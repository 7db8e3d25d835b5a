"""People, their aliases, memberships, and the Telegram accounts linked to them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from core.roles import Role
from notify.planning import plan_person
from packs.people import same_person
from services import messages
from services.boards import get_board
from services.names import name_key
from services.views import BoardRole, Viewer
from storage.engine import Database
from storage.models import Board, Membership, Person, PersonAlias, utc_now


async def find_person_on_board(session: AsyncSession, *, board_id: int, name: str) -> Person | None:
    """A member of the board known by ``name`` or one of their aliases.

    Failing an exact alias, a compatible spelling counts ("Cllr R Clifton" for "Richard
    Clifton") when it fits exactly one of the board's people.
    """
    statement = (
        select(Person)
        .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(PersonAlias.alias_key == name_key(name), Membership.board_id == board_id)
        .order_by(col(Person.id))
    )
    exact = (await session.exec(statement)).first()
    if exact is not None:
        return exact
    rows = await session.exec(
        select(Person, PersonAlias.alias)
        .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.board_id == board_id)
    )
    compatible = {person.id: person for person, alias in rows.all() if same_person(name, alias)}
    return next(iter(compatible.values())) if len(compatible) == 1 else None


async def find_person_anywhere(session: AsyncSession, *, name: str) -> Person | None:
    """The one person known by ``name`` on any board; None when absent or ambiguous."""
    statement = (
        select(Person)
        .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
        .where(PersonAlias.alias_key == name_key(name))
        .distinct()
    )
    found = (await session.exec(statement)).all()
    return found[0] if len(found) == 1 else None


async def add_alias(session: AsyncSession, *, person: Person, alias: str) -> None:
    assert person.id is not None
    key = name_key(alias)
    existing = await session.exec(
        select(PersonAlias).where(PersonAlias.person_id == person.id, PersonAlias.alias_key == key)
    )
    if existing.first() is None:
        session.add(PersonAlias(person_id=person.id, alias=alias, alias_key=key))


async def person_for_board(session: AsyncSession, *, board: Board, name: str) -> Person:
    """The board's member called ``name``, else the one such person elsewhere, else a new one."""
    assert board.id is not None
    person = await find_person_on_board(session, board_id=board.id, name=name)
    if person is None:
        person = await find_person_anywhere(session, name=name)
    if person is None:
        person = Person(full_name=name.strip())
        session.add(person)
        await session.flush()
    await add_alias(session, person=person, alias=name.strip())
    return person


async def ensure_membership(
    session: AsyncSession, *, board: Board, person: Person, role: str, title: str | None
) -> bool:
    """Record that ``person`` holds ``role`` on ``board``. Returns True if it was new."""
    assert board.id is not None and person.id is not None
    statement = select(Membership).where(
        Membership.board_id == board.id,
        Membership.person_id == person.id,
        Membership.role == role,
    )
    membership = (await session.exec(statement)).first()
    if membership is not None:
        if title and membership.title != title:
            membership.title = title
        return False
    session.add(Membership(board_id=board.id, person_id=person.id, role=role, title=title))
    return True


async def link_telegram(
    db: Database,
    *,
    board_name: str,
    person_name: str,
    telegram_user_id: int,
    role: str | None,
    now: datetime | None = None,
) -> Viewer:
    """Link a Telegram account to a board's member (created if new) and return who they are.

    ``role`` adds that role on the board (e.g. ``clerk``); None keeps the person's roles, or
    makes a newcomer a member.
    """
    if role is not None and role not in {r.value for r in Role}:
        allowed = ", ".join(r.value for r in Role)
        raise QuorumError(messages.UNKNOWN_ROLE.format(role=role, allowed=allowed))
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        person = await find_person_on_board(session, board_id=board.id, name=person_name)
        if person is None:
            person = await person_for_board(session, board=board, name=person_name)
            await ensure_membership(
                session, board=board, person=person, role=role or Role.MEMBER.value, title=None
            )
        elif role is not None:
            await ensure_membership(session, board=board, person=person, role=role, title=None)
        holder = (
            await session.exec(select(Person).where(Person.telegram_user_id == telegram_user_id))
        ).first()
        if holder is not None and holder.id != person.id:
            raise QuorumError(
                messages.ACCOUNT_ALREADY_LINKED.format(
                    account=telegram_user_id, name=holder.full_name
                )
            )
        person.telegram_user_id = telegram_user_id
        session.add(person)
        await session.flush()
        assert person.id is not None
        # Reminders for the meetings and actions ahead, in the same transaction as the link.
        await plan_person(session, person.id, now=ensure_utc(now or utc_now()))
    viewer = await viewer_for(db, telegram_user_id=telegram_user_id)
    if viewer is None:  # pragma: no cover - the write above guarantees it
        raise NotFoundError(messages.LINK_NOT_STORED)
    return viewer


async def viewer_for(db: Database, *, telegram_user_id: int) -> Viewer | None:
    """Who this Telegram account is, and their boards; None for a stranger."""
    async with db.read() as session:
        person = (
            await session.exec(select(Person).where(Person.telegram_user_id == telegram_user_id))
        ).first()
        if person is None or person.id is None:
            return None
        rows = await session.exec(
            select(Board.id, Board.name, Membership.role)
            .join(Membership, col(Membership.board_id) == col(Board.id))
            .where(Membership.person_id == person.id)
            .order_by(col(Board.name), col(Membership.role))
        )
        boards = tuple(
            BoardRole(board_id=board_id, board_name=name, role=role)
            for board_id, name, role in rows.all()
            if board_id is not None
        )
        return Viewer(person_id=person.id, full_name=person.full_name, boards=boards)
