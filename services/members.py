"""Who sits on the viewer's boards, by role; and a clerk's changes to that: members added,
retired and re-roled, clerks invited and removed.

A retired role moves from ``membership`` (current roles only) to ``former_membership``, so
every query that reaches members (reminders, chasing, the quorum count, broadcasts, access)
stops seeing it without a filter of its own, while attendance and actions stay. An unknown
name never creates anyone: it is answered with the close names to pick from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from core.roles import Role
from notify.outbox import cancel
from notify.planning import plan_board, plan_person
from services import messages
from services.access import require_clerk
from services.boards import get_board
from services.invites import INVITE_TTL, IssuedInvite, issue_invite
from services.meetings import boards_in_scope
from services.names import name_key
from services.people import (
    UnknownPerson,
    add_alias,
    close_names,
    ensure_membership,
    find_person_on_board,
    unknown_person,
)
from services.views import MemberView, Viewer
from storage.engine import Database
from storage.models import (
    Board,
    FormerMembership,
    Membership,
    Notification,
    NotificationState,
    Person,
    PersonAlias,
)

__all__ = [
    "AddedMember",
    "CloseToKnown",
    "LastClerk",
    "RetiredMember",
    "RoleChange",
    "UnknownPerson",
    "add_member",
    "create_clerk_invite",
    "find_member",
    "members",
    "parse_role",
    "remove_clerk",
    "retire_member",
    "retire_memberships",
    "set_role",
]

# The order a board's membership list is read in.
ROLE_ORDER = (
    Role.CHAIR.value,
    Role.VICE_CHAIR.value,
    Role.MEMBER.value,
    Role.OFFICER.value,
    Role.FOR_INFORMATION.value,
    Role.CLERK.value,
)
_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}


async def members(
    db: Database, *, viewer: Viewer, board_id: int | None = None
) -> list[tuple[str, list[MemberView]]]:
    """(board name, its members) for each of the viewer's boards, or for ``board_id`` only.

    Boards by name; within a board by role (chair, vice-chair, members, officers,
    for-information, clerks), then alphabetically. Someone with two roles is listed under each.
    Raises :class:`~services.access.AccessDenied` for a ``board_id`` the viewer is not on.
    """
    board_ids = boards_in_scope(viewer, board_id)
    if not board_ids:
        return []
    async with db.read() as session:
        rows = (
            await session.exec(
                select(Board, Membership, Person)
                .join(Membership, col(Membership.board_id) == col(Board.id))
                .join(Person, col(Person.id) == col(Membership.person_id))
                .where(col(Board.id).in_(board_ids))
            )
        ).all()
    boards: dict[str, list[MemberView]] = {}
    for board, membership, person in rows:
        boards.setdefault(board.name, []).append(
            MemberView(
                name=person.full_name,
                role=membership.role,
                title=membership.title,
                linked=person.telegram_user_id is not None,
            )
        )
    return [
        (
            name,
            sorted(
                people,
                key=lambda m: (_RANK.get(m.role, len(ROLE_ORDER)), name_key(m.name), m.name),
            ),
        )
        for name, people in sorted(boards.items(), key=lambda pair: pair[0].casefold())
    ]


# -- a clerk's changes to the membership --------------------------------------------------------

# Columns' widths (Person.full_name, Membership.title).
NAME_LIMIT = 200
TITLE_LIMIT = 500
# The roles a clerk gives with "member add" / "member role" (clerks join by invitation).
MEMBER_ROLES = tuple(role for role in ROLE_ORDER if role != Role.CLERK.value)
# Other ways people write a role.
_ROLE_WORDS = {
    "vice chair": Role.VICE_CHAIR,
    "vicechair": Role.VICE_CHAIR,
    "deputy chair": Role.VICE_CHAIR,
    "chairman": Role.CHAIR,
    "chairperson": Role.CHAIR,
    "chairwoman": Role.CHAIR,
    "substitute": Role.FOR_INFORMATION,
    "for information": Role.FOR_INFORMATION,
    "observer": Role.FOR_INFORMATION,
}


class CloseToKnown(QuorumError):
    """A new name close to someone the board knows (a current or former member); nobody was
    added. ``matches`` are those names, best first; ``confirm_new=True`` adds them anyway."""

    def __init__(self, *, name: str, board_name: str, matches: Sequence[str]) -> None:
        self.name = name
        self.board_name = board_name
        self.matches = tuple(matches)
        super().__init__(
            messages.CLOSE_TO_KNOWN.format(
                name=name, board=board_name, matches=", ".join(self.matches)
            )
        )


class LastClerk(QuorumError):
    """The clerk role asked to go is the board's last one; nothing changed."""


@dataclass(frozen=True, slots=True)
class AddedMember:
    """Someone added to a board. ``invite`` links their Telegram account (None when it is
    linked already); ``returning``: they were known before (another board, or a former member)."""

    person_name: str
    board_name: str
    role: str
    title: str | None
    invite: IssuedInvite | None
    returning: bool


@dataclass(frozen=True, slots=True)
class RetiredMember:
    """Someone who has left a board: the roles they held, and the reminders called off."""

    person_name: str
    board_name: str
    roles: tuple[str, ...]
    reminders_cancelled: int


@dataclass(frozen=True, slots=True)
class RoleChange:
    person_name: str
    board_name: str
    old_roles: tuple[str, ...]
    role: str


def parse_role(text: str) -> Role:
    """A role as people write it ("Vice Chair", "substitute") -> :class:`Role`; QuorumError
    for anything else, naming the roles there are."""
    words = " ".join(text.replace("-", " ").replace("_", " ").casefold().split())
    for role in Role:
        if words == role.value.replace("-", " "):
            return role
    found = _ROLE_WORDS.get(words)
    if found is None:
        raise QuorumError(
            messages.NOT_A_MEMBER_ROLE.format(role=text.strip(), allowed=", ".join(MEMBER_ROLES))
        )
    return found


def _member_role(text: str) -> str:
    role = parse_role(text)
    if role == Role.CLERK:
        raise QuorumError(messages.CLERKS_BY_INVITATION)
    return role.value


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise QuorumError(messages.MEMBER_NAME_EMPTY)
    if len(cleaned) > NAME_LIMIT:
        raise QuorumError(messages.MEMBER_NAME_TOO_LONG.format(limit=NAME_LIMIT))
    return cleaned


async def _clerked_board(
    session: AsyncSession,
    *,
    viewer: Viewer | None,
    board_id: int | None,
    board_name: str | None,
) -> Board:
    """The board meant (by id or name), once the viewer is known to clerk it (None: the
    operator at the command line)."""
    if viewer is not None:
        require_clerk(viewer, board_id)
    if board_id is not None:
        board = await session.get(Board, board_id)
        if board is None:
            raise NotFoundError(messages.BOARD_GONE)
    elif board_name is not None:
        board = await get_board(session, name=board_name)
    else:
        raise ValueError("give board_id or board_name")
    assert board.id is not None
    if viewer is not None:
        require_clerk(viewer, board.id)
    return board


async def _roles_of(session: AsyncSession, board_id: int, person_id: int) -> list[Membership]:
    rows = await session.exec(
        select(Membership).where(Membership.board_id == board_id, Membership.person_id == person_id)
    )
    return sorted(rows.all(), key=lambda row: _RANK.get(row.role, len(ROLE_ORDER)))


async def _on_board(session: AsyncSession, board: Board, name: str) -> Person:
    """The board's current member called ``name``; UnknownPerson with the close names (or
    that they have left) otherwise."""
    assert board.id is not None
    person = await find_person_on_board(session, board_id=board.id, name=name)
    if person is not None:
        return person
    former = await _former_member(session, board, name)
    if former is not None:
        raise NotFoundError(messages.ALREADY_LEFT.format(name=former.full_name, board=board.name))
    raise await unknown_person(session, board=board, name=name)


async def _former_member(session: AsyncSession, board: Board, name: str) -> Person | None:
    rows = await session.exec(
        select(Person)
        .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
        .join(FormerMembership, col(FormerMembership.person_id) == col(Person.id))
        .where(PersonAlias.alias_key == name_key(name), FormerMembership.board_id == board.id)
        .distinct()
    )
    found = rows.all()
    return found[0] if len(found) == 1 else None


def _retire(session: AsyncSession, rows: Sequence[Membership], now: datetime) -> None:
    """Move current roles to the board's history, in the caller's transaction."""
    for row in rows:
        session.add(
            FormerMembership(
                board_id=row.board_id,
                person_id=row.person_id,
                role=row.role,
                title=row.title,
                left_at_utc=now,
            )
        )


async def retire_memberships(
    session: AsyncSession, *, board_id: int, person_id: int, now: datetime
) -> tuple[tuple[str, ...], int]:
    """Retire everything ``person_id`` holds on the board, in the caller's transaction: their
    roles move to ``former_membership`` (attendance and actions stay), the board's reminders
    are re-planned, and whatever was still queued for them on this board is called off.
    Returns (the roles they held, how many queued messages were called off). For imports that
    retire members who left."""
    now = ensure_utc(now)
    queued_before = len(await _queued_for(session, board_id, person_id))
    rows = await _roles_of(session, board_id, person_id)
    _retire(session, rows, now)
    for row in rows:
        await session.delete(row)
    await session.flush()
    # The board's plan no longer includes them (meeting reminders, their actions' nudges,
    # escalations to a clerk); anything planning leaves (a clerk's chase) is called off.
    await plan_board(session, board_id, now=now)
    await cancel(session, await _queued_for(session, board_id, person_id), reason=RETIRED_REASON)
    return tuple(row.role for row in rows), queued_before


async def _queued_for(session: AsyncSession, board_id: int, person_id: int) -> list[int]:
    """The ids of messages still queued for ``person_id`` about ``board_id``."""
    queued = await session.exec(
        select(Notification.id).where(
            Notification.board_id == board_id,
            Notification.person_id == person_id,
            Notification.state == NotificationState.PENDING.value,
        )
    )
    return [row_id for row_id in queued.all() if row_id is not None]


RETIRED_REASON = "no longer on the board"


async def add_member(
    db: Database,
    *,
    name: str,
    now: datetime,
    board_id: int | None = None,
    board_name: str | None = None,
    role: str = Role.MEMBER.value,
    title: str | None = None,
    created_by: Viewer | None = None,
    confirm_new: bool = False,
    ttl: timedelta = INVITE_TTL,
) -> AddedMember:
    """Add ``name`` to the board (by ``board_id`` or ``board_name``) with ``role``, and an
    invite link for them unless their Telegram account is linked already.

    The board's former member known by that name (or an alias) comes back, not a copy;
    anyone else is a new person with an invite, even if another board knows that name (a
    namesake, or someone who has not agreed to join this board). A name close to, but not,
    one of the board's current or former members raises :class:`CloseToKnown` (nobody
    added) unless ``confirm_new``. Raises QuorumError when they are on the board already or
    the role is not a member's role, AccessDenied unless ``created_by`` clerks the board
    (None: the operator at the shell).
    """
    now = ensure_utc(now)
    cleaned = _clean_name(name)
    chosen_role = _member_role(role)
    title = " ".join((title or "").split()) or None
    if title is not None and len(title) > TITLE_LIMIT:
        raise QuorumError(messages.MEMBER_TITLE_TOO_LONG.format(limit=TITLE_LIMIT))
    async with db.write() as session:
        board = await _clerked_board(
            session, viewer=created_by, board_id=board_id, board_name=board_name
        )
        assert board.id is not None
        person = await find_person_on_board(session, board_id=board.id, name=cleaned)
        if person is not None:
            assert person.id is not None
            held = ", ".join(row.role for row in await _roles_of(session, board.id, person.id))
            raise QuorumError(
                messages.ALREADY_ON_BOARD.format(
                    name=person.full_name, board=board.name, roles=held
                )
            )
        # Only the board's own former member comes back: someone another board knows by
        # that name may be a namesake, and is never linked (or shown to be on Telegram)
        # without their own invite.
        person = await _former_member(session, board, cleaned)
        returning = person is not None
        if person is None:
            matches = await close_names(session, board_id=board.id, name=cleaned)
            if matches and not confirm_new:
                raise CloseToKnown(name=cleaned, board_name=board.name, matches=matches)
            person = Person(full_name=cleaned)
            session.add(person)
            await session.flush()
        await add_alias(session, person=person, alias=cleaned)
        await ensure_membership(session, board=board, person=person, role=chosen_role, title=title)
        await session.flush()
        assert person.id is not None
        invite = None
        if person.telegram_user_id is None:
            invite = issue_invite(
                session, board=board, person=person, now=now, created_by=created_by, ttl=ttl
            )
        else:
            await plan_person(session, person.id, now=now)
        return AddedMember(
            person_name=person.full_name,
            board_name=board.name,
            role=chosen_role,
            title=title,
            invite=invite,
            returning=returning,
        )


async def find_member(
    db: Database,
    *,
    name: str,
    board_id: int | None = None,
    board_name: str | None = None,
    viewer: Viewer | None = None,
) -> tuple[str, tuple[str, ...]]:
    """(full name, roles held) of the board's current member called ``name``, to confirm a
    change before it is made. Raises UnknownPerson with the close names, or NotFoundError for
    someone who has already left."""
    cleaned = _clean_name(name)
    async with db.read() as session:
        board = await _clerked_board(
            session, viewer=viewer, board_id=board_id, board_name=board_name
        )
        assert board.id is not None
        person = await _on_board(session, board, cleaned)
        assert person.id is not None
        roles = tuple(row.role for row in await _roles_of(session, board.id, person.id))
        return person.full_name, roles


async def _check_clerks_remain(
    session: AsyncSession, board: Board, person: Person, leaving: Sequence[Membership]
) -> None:
    """LastClerk when ``leaving`` includes the board's only clerk role."""
    if not any(row.role == Role.CLERK.value for row in leaving):
        return
    others = await session.exec(
        select(Membership.id).where(
            Membership.board_id == board.id,
            Membership.role == Role.CLERK.value,
            Membership.person_id != person.id,
        )
    )
    if others.first() is None:
        raise LastClerk(messages.LAST_CLERK.format(name=person.full_name, board=board.name))


async def retire_member(
    db: Database,
    *,
    name: str,
    now: datetime,
    board_id: int | None = None,
    board_name: str | None = None,
    viewer: Viewer | None = None,
) -> RetiredMember:
    """Retire the board's member called ``name``: every role they hold there moves to the
    board's history (their attendance and actions stay), they are no longer reminded, chased
    or counted in the quorum, and what was queued for them on this board is called off, all
    in one transaction. Raises UnknownPerson (with the close names; nobody is created),
    NotFoundError for someone who has already left, LastClerk rather than leave the board
    without a clerk, AccessDenied unless ``viewer`` clerks the board (None: the operator)."""
    now = ensure_utc(now)
    cleaned = _clean_name(name)
    async with db.write() as session:
        board = await _clerked_board(
            session, viewer=viewer, board_id=board_id, board_name=board_name
        )
        assert board.id is not None
        person = await _on_board(session, board, cleaned)
        assert person.id is not None
        await _check_clerks_remain(
            session, board, person, await _roles_of(session, board.id, person.id)
        )
        roles, cancelled = await retire_memberships(
            session, board_id=board.id, person_id=person.id, now=now
        )
        return RetiredMember(
            person_name=person.full_name,
            board_name=board.name,
            roles=roles,
            reminders_cancelled=cancelled,
        )


async def set_role(
    db: Database,
    *,
    name: str,
    role: str,
    now: datetime,
    board_id: int | None = None,
    board_name: str | None = None,
    viewer: Viewer | None = None,
) -> RoleChange:
    """Give the board's member called ``name`` ``role`` in place of their other member's roles
    (a clerk role stays: see :func:`remove_clerk`). The roles replaced go to the board's
    history; a title carries over. Raises UnknownPerson (with the close names), QuorumError
    for a role that is not a member's or is already theirs alone, AccessDenied unless
    ``viewer`` clerks the board (None: the operator)."""
    now = ensure_utc(now)
    cleaned = _clean_name(name)
    chosen = _member_role(role)
    async with db.write() as session:
        board = await _clerked_board(
            session, viewer=viewer, board_id=board_id, board_name=board_name
        )
        assert board.id is not None
        person = await _on_board(session, board, cleaned)
        assert person.id is not None
        held = [row for row in await _roles_of(session, board.id, person.id)]
        replaced = [row for row in held if row.role not in (Role.CLERK.value, chosen)]
        kept = next((row for row in held if row.role == chosen), None)
        if kept is not None and not replaced:
            raise QuorumError(
                messages.ALREADY_HOLDS_ROLE.format(
                    name=person.full_name,
                    role=messages.ROLE_ON_BOARD[chosen].format(board=board.name),
                )
            )
        title = next((row.title for row in replaced if row.title), None)
        _retire(session, replaced, now)
        for row in replaced:
            await session.delete(row)
        await session.flush()
        if kept is None:
            session.add(
                Membership(board_id=board.id, person_id=person.id, role=chosen, title=title)
            )
        return RoleChange(
            person_name=person.full_name,
            board_name=board.name,
            old_roles=tuple(row.role for row in replaced),
            role=chosen,
        )


async def create_clerk_invite(
    db: Database,
    *,
    now: datetime,
    board_id: int | None = None,
    board_name: str | None = None,
    created_by: Viewer | None = None,
    ttl: timedelta = INVITE_TTL,
) -> IssuedInvite:
    """A single-use link (valid ``ttl``) that makes whoever opens it a clerk of the board.
    AccessDenied unless ``created_by`` clerks the board (None: the operator at the shell)."""
    now = ensure_utc(now)
    async with db.write() as session:
        board = await _clerked_board(
            session, viewer=created_by, board_id=board_id, board_name=board_name
        )
        return issue_invite(
            session,
            board=board,
            person=None,
            now=now,
            created_by=created_by,
            ttl=ttl,
            role=Role.CLERK.value,
        )


async def remove_clerk(
    db: Database,
    *,
    name: str,
    now: datetime,
    board_id: int | None = None,
    board_name: str | None = None,
    viewer: Viewer | None = None,
) -> RetiredMember:
    """Take the clerk role on the board from the clerk called ``name`` (their other roles
    stay). Raises UnknownPerson (close names among the board's clerks), QuorumError when they
    are not a clerk of it, LastClerk for the board's only clerk, AccessDenied unless ``viewer``
    clerks the board (None: the operator)."""
    now = ensure_utc(now)
    cleaned = _clean_name(name)
    async with db.write() as session:
        board = await _clerked_board(
            session, viewer=viewer, board_id=board_id, board_name=board_name
        )
        assert board.id is not None
        person = await find_person_on_board(session, board_id=board.id, name=cleaned)
        if person is None:
            raise await unknown_person(
                session, board=board, name=cleaned, roles=(Role.CLERK.value,)
            )
        assert person.id is not None
        clerk_rows = [
            row
            for row in await _roles_of(session, board.id, person.id)
            if row.role == Role.CLERK.value
        ]
        if not clerk_rows:
            raise QuorumError(
                messages.NOT_A_CLERK_OF.format(name=person.full_name, board=board.name)
            )
        await _check_clerks_remain(session, board, person, clerk_rows)
        _retire(session, clerk_rows, now)
        for row in clerk_rows:
            await session.delete(row)
        await session.flush()
        # Escalations due to them go; if they hold no role left, nothing more reaches them.
        await plan_board(session, board.id, now=now)
        cancelled = 0
        if not await _roles_of(session, board.id, person.id):
            _, cancelled = await retire_memberships(
                session, board_id=board.id, person_id=person.id, now=now
            )
        return RetiredMember(
            person_name=person.full_name,
            board_name=board.name,
            roles=(Role.CLERK.value,),
            reminders_cancelled=cancelled,
        )
