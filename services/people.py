"""People, their aliases, memberships, and the Telegram accounts linked to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from rapidfuzz import fuzz, process
from sqlalchemy import BigInteger, Select, bindparam
from sqlalchemy import select as sql_select
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
from storage.models import Board, FormerMembership, Membership, Person, PersonAlias, utc_now

# How alike (0-100, on name keys) a name must be to another to be offered as "did you mean":
# "Diane Elison" for "Diane Ellison" (96), a surname alone for the full name, not "Carol
# Clerk" for "Clara Clerk" (82).
CLOSE_NAME_FLOOR = 85.0
CLOSE_NAMES_SHOWN = 5


class UnknownPerson(NotFoundError):
    """No one of that name is on the board; nobody was created. ``matches`` are the close
    names among the board's current and former members (best first), to pick from."""

    def __init__(self, *, name: str, board_name: str, matches: Sequence[str]) -> None:
        self.name = name
        self.board_name = board_name
        self.matches = tuple(matches)
        if self.matches:
            message = messages.NO_ONE_CALLED_DID_YOU_MEAN.format(
                name=name, board=board_name, matches=", ".join(self.matches)
            )
        else:
            message = messages.NO_ONE_CALLED.format(name=name, board=board_name)
        super().__init__(message)


async def close_names(
    session: AsyncSession, *, board_id: int, name: str, roles: Sequence[str] | None = None
) -> list[str]:
    """The full names of the board's current and former members (or only those who hold or
    held ``roles``) closest to ``name``, best first; at most :data:`CLOSE_NAMES_SHOWN`."""
    names: dict[int, list[str]] = {}
    for table in (Membership, FormerMembership):
        statement = (
            select(Person.id, Person.full_name, PersonAlias.alias)
            .join(table, col(table.person_id) == col(Person.id))
            .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id), isouter=True)
            .where(table.board_id == board_id)
        )
        if roles is not None:
            statement = statement.where(col(table.role).in_(list(roles)))
        for person_id, full_name, alias in (await session.exec(statement)).all():
            assert person_id is not None
            known = names.setdefault(person_id, [full_name])
            if alias:
                known.append(alias)
    wanted = name_key(name)
    if not wanted:
        return []
    scored: dict[str, float] = {}
    for spellings in names.values():
        keys = [name_key(spelling) for spelling in spellings]
        best = process.extractOne(wanted, keys, scorer=_likeness, score_cutoff=CLOSE_NAME_FLOOR)
        if best is not None:
            full_name = spellings[0]
            scored[full_name] = max(scored.get(full_name, 0.0), float(best[1]))
    ranked = sorted(scored.items(), key=lambda pair: (-pair[1], pair[0]))
    return [full_name for full_name, _ in ranked[:CLOSE_NAMES_SHOWN]]


def _likeness(wanted: str, known: str, **_: object) -> float:
    """A typo ("Elison"), the words in another order, or one name of several ("Ellison")."""
    whole = fuzz.token_sort_ratio(wanted, known)
    words = known.split()
    # One word alone ("Ellison") is compared with each of the name's words; at least four
    # letters, so that "Al" is not offered "Alan Smith".
    alone = " " not in wanted and len(wanted) >= 4
    part = max((fuzz.ratio(wanted, word) for word in words), default=0.0) if alone else 0.0
    return float(max(whole, part))


async def unknown_person(
    session: AsyncSession, *, board: Board, name: str, roles: Sequence[str] | None = None
) -> UnknownPerson:
    """The error for a name not on ``board``, with the close names to pick from."""
    assert board.id is not None
    matches = await close_names(session, board_id=board.id, name=name, roles=roles)
    return UnknownPerson(name=name.strip(), board_name=board.name, matches=matches)


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


async def retire_membership(
    session: AsyncSession, membership: Membership, *, now: datetime
) -> None:
    """Move a role to the board's former memberships (the history stays), in the caller's
    transaction: a pack's or a council site's membership list no longer names them."""
    session.add(
        FormerMembership(
            board_id=membership.board_id,
            person_id=membership.person_id,
            role=membership.role,
            title=membership.title,
            left_at_utc=now,
        )
    )
    await session.delete(membership)
    await session.flush()


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
    """Link a Telegram account to a member of the board and return who they are.

    ``role`` adds that role on the board (e.g. ``clerk``); None keeps the person's roles. The
    person must be a member of the board already (compatible spellings count): an unknown name
    raises :class:`UnknownPerson` with the close names, and nobody is created. Only a new
    clerk (``role="clerk"``), whom no membership list names, may be someone new, and only when
    no member's name is close to theirs.
    """
    if role is not None and role not in {r.value for r in Role}:
        allowed = ", ".join(r.value for r in Role)
        raise QuorumError(messages.UNKNOWN_ROLE.format(role=role, allowed=allowed))
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        person = await find_person_on_board(session, board_id=board.id, name=person_name)
        if person is None:
            unknown = await unknown_person(session, board=board, name=person_name)
            if role != Role.CLERK.value or unknown.matches:
                raise unknown
            person = await person_for_board(session, board=board, name=person_name)
        if role is not None:
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


@cache
def _viewer_statement() -> Select[int | None, str, int | None, str, str]:
    """SQL, built once (every update asks it): the person with the Telegram account, one row
    per membership (or one row of NULL board columns for someone on no board)."""
    return (
        sql_select(
            col(Person.id),
            col(Person.full_name),
            col(Board.id),
            col(Board.name),
            col(Membership.role),
        )
        .select_from(Person)
        .outerjoin(Membership, col(Membership.person_id) == col(Person.id))
        .outerjoin(Board, col(Board.id) == col(Membership.board_id))
        .where(col(Person.telegram_user_id) == bindparam("telegram_user_id", type_=BigInteger))
        .order_by(col(Board.name), col(Membership.role))
    )


async def viewer_for(db: Database, *, telegram_user_id: int) -> Viewer | None:
    """Who this Telegram account is, and their boards; None for a stranger (one statement)."""
    async with db.read() as session:
        connection = await session.connection()
        result = await connection.execute(
            _viewer_statement(), {"telegram_user_id": telegram_user_id}
        )
        rows = result.all()
    if not rows or rows[0][0] is None:
        return None
    person_id, full_name = int(rows[0][0]), str(rows[0][1])
    boards = tuple(
        BoardRole(board_id=board_id, board_name=name, role=role)
        for _, _, board_id, name, role in rows
        if board_id is not None and name is not None and role is not None
    )
    return Viewer(person_id=person_id, full_name=full_name, boards=boards)
