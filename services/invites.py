"""Onboarding: single-use invite links that tie a Telegram account to a board member, and clerks.

Only the SHA-256 of a token is stored, so the database alone cannot be used to join a board.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from core.roles import Role
from notify.planning import plan_board, plan_person
from services import messages
from services.access import require_clerk
from services.boards import get_board
from services.people import add_alias, ensure_membership, find_person_on_board, viewer_for
from services.views import Viewer
from storage.engine import Database
from storage.models import Board, Invite, Membership, Person, utc_now

INVITE_TTL = timedelta(days=14)
# Person.full_name's column width.
_NAME_LIMIT = 200
# secrets.token_urlsafe(24) gives 32 characters; Telegram's /start payload allows up to 64
# characters of A-Za-z0-9_- and anything else cannot be one of ours.
_TOKEN_BYTES = 24
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class InviteRefused(QuorumError):
    """A valid invite that cannot be used by this Telegram account; the invite stays unused."""


@dataclass(frozen=True, slots=True)
class IssuedInvite:
    """A fresh invite. ``token`` exists only here: the database keeps its hash."""

    token: str
    person_name: str
    board_name: str
    expires_at_utc: datetime
    # The role the link grants its opener: "clerk" for a clerk invitation (``person_name`` is
    # then empty: whoever opens it becomes the clerk); None for a member's own invite.
    role: str | None = None


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def invite_link(bot_username: str, token: str) -> str:
    """The deep link that opens the bot and sends ``/start <token>``."""
    return f"https://t.me/{bot_username.removeprefix('@')}?start={token}"


def _new_invite(
    *,
    board: Board,
    person: Person | None,
    created_by: Viewer | None,
    now: datetime,
    ttl: timedelta,
    role: str | None = None,
) -> tuple[Invite, IssuedInvite]:
    assert board.id is not None and (person is None or person.id is not None)
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires = now + ttl
    row = Invite(
        token_hash=hash_token(token),
        board_id=board.id,
        person_id=person.id if person is not None else None,
        role=role,
        created_by_person_id=created_by.person_id if created_by is not None else None,
        created_at_utc=now,
        expires_at_utc=expires,
    )
    return row, IssuedInvite(
        token=token,
        person_name=person.full_name if person is not None else "",
        board_name=board.name,
        expires_at_utc=expires,
        role=role,
    )


def issue_invite(
    session: AsyncSession,
    *,
    board: Board,
    person: Person | None,
    now: datetime,
    created_by: Viewer | None = None,
    ttl: timedelta = INVITE_TTL,
    role: str | None = None,
) -> IssuedInvite:
    """Add an invite to the caller's transaction: for ``person`` (a member of ``board``), or
    with ``person`` None and ``role="clerk"``, a clerk invitation whose opener becomes a clerk.
    The caller has checked who may ask."""
    if ttl <= timedelta(0):
        raise ValueError(f"an invite's lifetime must be positive, not {ttl}")
    if person is None and role != Role.CLERK.value:
        raise ValueError("an invite without a person must be a clerk invitation")
    row, issued = _new_invite(
        board=board, person=person, created_by=created_by, now=ensure_utc(now), ttl=ttl, role=role
    )
    session.add(row)
    return issued


def _check_request(created_by: Viewer | None, now: datetime, ttl: timedelta) -> datetime:
    if ttl <= timedelta(0):
        raise ValueError(f"an invite's lifetime must be positive, not {ttl}")
    if created_by is not None:
        # Any clerk may ask; whether they clerk this board is checked once it is found.
        require_clerk(created_by)
    return ensure_utc(now)


async def create_invite(
    db: Database,
    *,
    board_name: str,
    person_name: str,
    now: datetime,
    created_by: Viewer | None = None,
    ttl: timedelta = INVITE_TTL,
) -> IssuedInvite:
    """An invite for one member of the board, named as in the pack (compatible spellings count).

    ``created_by`` (a clerk of that board) is recorded; None means the operator at the command
    line. Raises NotFoundError for an unknown board or a name not on the board, AccessDenied
    when ``created_by`` is not the board's clerk. Earlier invites for the person stay valid.
    """
    now = _check_request(created_by, now, ttl)
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        if created_by is not None:
            require_clerk(created_by, board.id)
        person = await find_person_on_board(session, board_id=board.id, name=person_name)
        if person is None:
            raise NotFoundError(messages.NO_ONE_CALLED.format(name=person_name, board=board.name))
        row, issued = _new_invite(
            board=board, person=person, created_by=created_by, now=now, ttl=ttl
        )
        session.add(row)
    return issued


async def create_invites_for_unlinked(
    db: Database,
    *,
    board_name: str,
    now: datetime,
    created_by: Viewer | None = None,
    ttl: timedelta = INVITE_TTL,
) -> list[IssuedInvite]:
    """One invite per member of the board with no Telegram account linked, by name.

    The board's clerks are left out (they are added with ``add_clerk``). Running it again
    issues fresh invites; the earlier ones stay valid until used or expired.
    """
    now = _check_request(created_by, now, ttl)
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        if created_by is not None:
            require_clerk(created_by, board.id)
        clerks = select(Membership.person_id).where(
            Membership.board_id == board.id, Membership.role == Role.CLERK.value
        )
        people = (
            await session.exec(
                select(Person)
                .join(Membership, col(Membership.person_id) == col(Person.id))
                .where(
                    Membership.board_id == board.id,
                    col(Person.telegram_user_id).is_(None),
                    col(Person.id).not_in(clerks),
                )
                .distinct()
                .order_by(col(Person.full_name), col(Person.id))
            )
        ).all()
        issued: list[IssuedInvite] = []
        for person in people:
            row, invite = _new_invite(
                board=board, person=person, created_by=created_by, now=now, ttl=ttl
            )
            session.add(row)
            issued.append(invite)
    return issued


async def redeem_invite(
    db: Database,
    *,
    token: str,
    telegram_user_id: int,
    now: datetime,
    name: str | None = None,
) -> Viewer | None:
    """Use an invite: link ``telegram_user_id`` to the invited person and return who they are.

    A clerk invitation (no person, role "clerk") makes its opener a clerk of the board: the
    person already linked to this Telegram account, else a new person called ``name`` (the
    name on their Telegram account, which the adapter passes).

    None for a token that is unknown, malformed, already used or expired (no reason is given,
    so tokens cannot be probed). A token works once, even when redeemed concurrently: the
    claim is a compare-and-set UPDATE in the same transaction as the link. Raises
    InviteRefused, leaving the invite unused, when this Telegram account is already linked to
    someone else. A person already linked to another account is moved to this one.
    """
    if not _TOKEN_SHAPE.fullmatch(token):
        return None
    now = ensure_utc(now)
    token_hash = hash_token(token)
    async with db.write() as session:
        claimed = await session.exec(
            update(Invite)
            .where(
                col(Invite.token_hash) == token_hash,
                col(Invite.used_at_utc).is_(None),
                col(Invite.expires_at_utc) > now,
            )
            .values(used_at_utc=now, used_by_telegram_id=telegram_user_id)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
        invite = (await session.exec(select(Invite).where(Invite.token_hash == token_hash))).one()
        if invite.person_id is None:
            if invite.role != Role.CLERK.value:
                return None
            await _make_clerk(session, invite=invite, telegram_user_id=telegram_user_id, name=name)
            await plan_board(session, invite.board_id, now=now)
            joined = True
        else:
            joined = await _link_invited(
                session, invite=invite, telegram_user_id=telegram_user_id, now=now
            )
    if not joined:
        return None
    return await viewer_for(db, telegram_user_id=telegram_user_id)


async def _link_invited(
    session: AsyncSession, *, invite: Invite, telegram_user_id: int, now: datetime
) -> bool:
    """Link the invited member; False when they have left the board since (the invite is
    spent, not used)."""
    still_member = (
        await session.exec(
            select(Membership.id).where(
                Membership.board_id == invite.board_id,
                Membership.person_id == invite.person_id,
            )
        )
    ).first()
    if still_member is None:
        return False
    person = await session.get(Person, invite.person_id)
    assert person is not None  # the foreign key cascades deletes to invites
    holder = (
        await session.exec(select(Person).where(Person.telegram_user_id == telegram_user_id))
    ).first()
    if holder is not None and holder.id != person.id:
        # Raising rolls the claim back, so the rightful owner can still use the link.
        raise InviteRefused(messages.ACCOUNT_LINKED_TO.format(name=holder.full_name))
    person.telegram_user_id = telegram_user_id
    session.add(person)
    try:
        await session.flush()
    except IntegrityError:
        # Another transaction linked this account meanwhile (databases without SQLite's
        # single writer); same answer as above.
        raise InviteRefused(messages.ACCOUNT_LINKED_TO_ANOTHER) from None
    assert person.id is not None
    await plan_person(session, person.id, now=now)
    return True


async def _make_clerk(
    session: AsyncSession, *, invite: Invite, telegram_user_id: int, name: str | None
) -> None:
    """The opener of a clerk invitation becomes a clerk of its board."""
    board = await session.get(Board, invite.board_id)
    assert board is not None  # the foreign key cascades deletes to invites
    person = (
        await session.exec(select(Person).where(Person.telegram_user_id == telegram_user_id))
    ).first()
    if person is None:
        full_name = " ".join((name or "").split())[:_NAME_LIMIT] or f"Clerk {telegram_user_id}"
        person = Person(full_name=full_name, telegram_user_id=telegram_user_id)
        session.add(person)
        try:
            await session.flush()
        except IntegrityError:
            raise InviteRefused(messages.ACCOUNT_LINKED_TO_ANOTHER) from None
        await add_alias(session, person=person, alias=full_name)
    await ensure_membership(session, board=board, person=person, role=Role.CLERK.value, title=None)
    await session.flush()


async def add_clerk(
    db: Database,
    *,
    board_name: str,
    telegram_user_id: int,
    name: str | None = None,
    now: datetime | None = None,
) -> Viewer:
    """Give the clerk role on the board to whoever uses this Telegram account.

    The person already linked to the account gets the role. Otherwise ``name``, when it is an
    unlinked member of the board (compatible spellings count), is linked and made clerk;
    failing that a new person called ``name`` (or "Clerk <id>") is created and linked.
    """
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        person = (
            await session.exec(select(Person).where(Person.telegram_user_id == telegram_user_id))
        ).first()
        full_name = " ".join((name or "").split())
        if person is None and full_name:
            person = await find_person_on_board(session, board_id=board.id, name=full_name)
            if person is not None and person.telegram_user_id is not None:
                raise QuorumError(
                    messages.CLERK_LINKED_ELSEWHERE.format(
                        name=person.full_name,
                        board=board.name,
                        linked=person.telegram_user_id,
                        account=telegram_user_id,
                    )
                )
        if person is None:
            full_name = full_name or f"Clerk {telegram_user_id}"
            person = Person(full_name=full_name)
            session.add(person)
            await session.flush()
            await add_alias(session, person=person, alias=full_name)
        person.telegram_user_id = telegram_user_id
        session.add(person)
        await ensure_membership(
            session, board=board, person=person, role=Role.CLERK.value, title=None
        )
        # The clerk now receives the board's escalations, and their own reminders.
        await session.flush()
        await plan_board(session, board.id, now=ensure_utc(now or utc_now()))
    viewer = await viewer_for(db, telegram_user_id=telegram_user_id)
    if viewer is None:  # pragma: no cover - the write above guarantees it
        raise NotFoundError(messages.CLERK_NOT_STORED)
    return viewer
