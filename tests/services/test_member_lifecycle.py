"""A clerk's changes to a board's membership: members added (with their invite), retired
(history kept, no more reminders, out of the quorum), re-roled; clerks invited and removed.
An unknown name is answered with the close names and never creates anyone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from core.errors import NotFoundError, QuorumError
from core.roles import Role
from notify.planning import plan_board
from services.access import AccessDenied
from services.attendance import attendance_picture
from services.invites import redeem_invite
from services.members import (
    CloseToKnown,
    LastClerk,
    UnknownPerson,
    add_member,
    create_clerk_invite,
    find_member,
    members,
    parse_role,
    remove_clerk,
    retire_member,
    set_role,
)
from services.people import link_telegram, viewer_for
from services.quorum import voting_member_count
from storage.engine import Database
from storage.models import (
    Action,
    Attendance,
    FormerMembership,
    Membership,
    Notification,
    Person,
)
from tests.auxil.world import NOW, TESTSHIRE, World

NEWCOMER_ID = 555


async def _people(database: Database) -> int:
    async with database.read() as session:
        return (await session.exec(select(func.count()).select_from(Person))).one()


async def _pending_for(database: Database, name: str) -> list[Notification]:
    async with database.read() as session:
        rows = await session.exec(
            select(Notification)
            .join(Person, col(Person.id) == col(Notification.person_id))
            .where(Person.full_name == name, Notification.state == "pending")
        )
        return list(rows.all())


async def _roles(database: Database, world: World, name: str) -> list[str]:
    [(_, board)] = await members(database, viewer=world.clerk, board_id=world.testshire_id)
    return [member.role for member in board if member.name == name]


def test_roles_are_read_as_people_write_them() -> None:
    assert parse_role("Vice Chair") == Role.VICE_CHAIR
    assert parse_role("vice-chair") == Role.VICE_CHAIR
    assert parse_role("substitute") == Role.FOR_INFORMATION
    assert parse_role("OFFICER") == Role.OFFICER
    with pytest.raises(QuorumError, match="'treasurer' is not a role; use one of: chair"):
        parse_role("treasurer")


async def test_a_new_member_gets_an_invite_that_links_them(
    database: Database, world: World
) -> None:
    before = await _people(database)
    added = await add_member(
        database,
        board_id=world.testshire_id,
        name="  Priya   Patel ",
        role="officer",
        title="Head of Housing",
        now=NOW,
        created_by=world.clerk,
    )
    assert (added.person_name, added.role, added.title, added.returning) == (
        "Priya Patel",
        "officer",
        "Head of Housing",
        False,
    )
    assert await _people(database) == before + 1
    assert added.invite is not None and added.invite.person_name == "Priya Patel"
    assert added.invite.expires_at_utc == NOW + timedelta(days=14)
    viewer = await redeem_invite(
        database, token=added.invite.token, telegram_user_id=NEWCOMER_ID, now=NOW
    )
    assert viewer is not None and viewer.full_name == "Priya Patel"
    assert await _roles(database, world, "Priya Patel") == ["officer"]


async def test_a_namesake_on_another_board_is_not_taken_over_but_invited_as_someone_new(
    database: Database, world: World
) -> None:
    """Nora Batty of Northshire (on Telegram) is not enrolled on Testshire by its clerk typing
    her name, nor shown to be on Telegram: Testshire's Nora Batty is a new person, invited."""
    before = await _people(database)
    added = await add_member(
        database, board_id=world.testshire_id, name="Nora Batty", now=NOW, created_by=world.clerk
    )
    assert not added.returning
    assert added.invite is not None and added.invite.person_name == "Nora Batty"
    assert await _people(database) == before + 1
    async with database.read() as session:
        on_testshire = (
            await session.exec(
                select(Person.id)
                .join(Membership, col(Membership.person_id) == col(Person.id))
                .where(Membership.board_id == world.testshire_id, Person.full_name == "Nora Batty")
            )
        ).all()
    assert on_testshire != [world.nora.person_id] and len(on_testshire) == 1
    nora = await viewer_for(database, telegram_user_id=103)
    assert nora is not None and nora.board_ids == {world.northshire_id}
    assert [
        row
        for row in await _pending_for(database, "Nora Batty")
        if row.board_id == world.testshire_id
    ] == []


async def test_a_name_close_to_a_member_is_asked_about_before_anyone_is_added(
    database: Database, world: World
) -> None:
    before = await _people(database)
    with pytest.raises(CloseToKnown) as close:
        await add_member(
            database, board_id=world.testshire_id, name="Diane Elison", now=NOW, created_by=None
        )
    assert close.value.matches == ("Diane Ellison",)
    assert "'Diane Elison' is close to Diane Ellison" in str(close.value)
    assert await _people(database) == before
    confirmed = await add_member(
        database, board_name=TESTSHIRE, name="Diane Elison", now=NOW, confirm_new=True
    )
    assert confirmed.person_name == "Diane Elison" and await _people(database) == before + 1


async def test_someone_already_on_the_board_or_a_clerk_is_not_added_as_a_member(
    database: Database, world: World
) -> None:
    with pytest.raises(QuorumError, match=r"already on .* \(chair\)"):
        await add_member(database, board_id=world.testshire_id, name="diane ellison", now=NOW)
    with pytest.raises(QuorumError, match="clerk invitation"):
        await add_member(database, board_id=world.testshire_id, name="X Y", role="clerk", now=NOW)


async def test_only_the_boards_clerk_may_change_its_members(
    database: Database, world: World
) -> None:
    with pytest.raises(AccessDenied):
        await add_member(
            database, board_id=world.testshire_id, name="Pat Lee", now=NOW, created_by=world.diane
        )
    with pytest.raises(AccessDenied):
        await retire_member(
            database, board_id=world.northshire_id, name="Nora Batty", now=NOW, viewer=world.clerk
        )
    with pytest.raises(AccessDenied):
        await create_clerk_invite(
            database, board_id=world.testshire_id, now=NOW, created_by=world.mike
        )


async def test_an_unknown_name_gets_the_close_matches_and_creates_no_one(
    database: Database, world: World
) -> None:
    before = await _people(database)
    for attempt in (
        retire_member(database, board_id=world.testshire_id, name="Mike Sandy", now=NOW),
        set_role(database, board_id=world.testshire_id, name="Mike Sandy", role="chair", now=NOW),
        find_member(database, board_id=world.testshire_id, name="Mike Sandy"),
        link_telegram(
            database,
            board_name=TESTSHIRE,
            person_name="Mike Sandy",
            telegram_user_id=NEWCOMER_ID,
            role=None,
        ),
        link_telegram(
            database,
            board_name=TESTSHIRE,
            person_name="Mike Sandy",
            telegram_user_id=NEWCOMER_ID,
            role="clerk",
        ),
    ):
        with pytest.raises(UnknownPerson) as unknown:
            await attempt
        assert unknown.value.matches == ("Mike Sandys",)
        assert str(unknown.value) == (
            f"No one called 'Mike Sandy' is a member of {TESTSHIRE}. Did you mean: Mike Sandys?"
        )
    # A misspelt surname alone is offered the full name; nothing like it, no suggestion.
    with pytest.raises(UnknownPerson) as surname:
        await find_member(database, board_id=world.testshire_id, name="Wilison")
    assert surname.value.matches == ("Katherine Willison",)
    with pytest.raises(UnknownPerson) as nothing:
        await link_telegram(
            database,
            board_name=TESTSHIRE,
            person_name="Bartholomew Quist",
            telegram_user_id=NEWCOMER_ID,
            role=None,
        )
    assert nothing.value.matches == ()
    assert await _people(database) == before


async def test_a_retired_member_keeps_their_history_but_is_no_longer_reminded_or_counted(
    database: Database, world: World
) -> None:
    async with database.write() as session:
        await plan_board(session, world.testshire_id, now=NOW)
        session.add(
            Attendance(
                meeting_id=world.june_id, person_id=world.diane.person_id, status="attending"
            )
        )
    assert await _pending_for(database, "Diane Ellison")  # meeting reminders, action nudges
    async with database.read() as session:
        voting_before = await voting_member_count(session, world.testshire_id)
        actions_before = (
            await session.exec(select(Action).where(Action.owner_id == world.diane.person_id))
        ).all()

    retired = await retire_member(
        database, board_id=world.testshire_id, name="Diane Ellison", now=NOW, viewer=world.clerk
    )
    assert retired.roles == ("chair",) and retired.reminders_cancelled > 0
    assert await _pending_for(database, "Diane Ellison") == []
    async with database.read() as session:
        assert await voting_member_count(session, world.testshire_id) == voting_before - 1
        former = (
            await session.exec(
                select(FormerMembership).where(FormerMembership.person_id == world.diane.person_id)
            )
        ).one()
        assert (former.board_id, former.role, former.title, former.left_at_utc) == (
            world.testshire_id,
            "chair",
            "Portfolio Holder",
            NOW,
        )
        remaining = (
            await session.exec(
                select(Membership).where(Membership.person_id == world.diane.person_id)
            )
        ).all()
        assert remaining == []
        # History stays: her past attendance and her actions.
        assert (
            await session.exec(
                select(Attendance).where(Attendance.person_id == world.diane.person_id)
            )
        ).one()
        assert len(
            (
                await session.exec(select(Action).where(Action.owner_id == world.diane.person_id))
            ).all()
        ) == len(actions_before)
    # Re-planning the board (an import, a move) does not bring her meeting reminders back.
    async with database.write() as session:
        await plan_board(session, world.testshire_id, now=NOW)
    assert [row for row in await _pending_for(database, "Diane Ellison") if row.meeting_id] == []
    picture = await attendance_picture(database, viewer=world.clerk, meeting_id=world.october_id)
    assert "Diane Ellison" not in [person.name for person in picture.people]
    # Her account still works, on no board; retiring her again says she has left.
    viewer = await viewer_for(database, telegram_user_id=101)
    assert viewer is not None and viewer.boards == ()
    with pytest.raises(NotFoundError, match="Diane Ellison has already left"):
        await retire_member(database, board_id=world.testshire_id, name="Diane Ellison", now=NOW)
    # She can come back: the same person, not a copy.
    before = await _people(database)
    back = await add_member(
        database, board_id=world.testshire_id, name="Diane Ellison", role="member", now=NOW
    )
    assert back.returning and back.invite is None  # her Telegram account is still linked
    assert await _people(database) == before
    assert await _roles(database, world, "Diane Ellison") == ["member"]


async def test_a_new_role_replaces_the_old_one_which_goes_to_history(
    database: Database, world: World
) -> None:
    change = await set_role(
        database,
        board_id=world.testshire_id,
        name="mike sandys",
        role="Chair",
        now=NOW,
        viewer=world.clerk,
    )
    assert (change.person_name, change.old_roles, change.role) == (
        "Mike Sandys",
        ("vice-chair",),
        "chair",
    )
    assert await _roles(database, world, "Mike Sandys") == ["chair"]
    async with database.read() as session:
        membership = (
            await session.exec(
                select(Membership).where(
                    Membership.person_id == world.mike.person_id,
                    Membership.board_id == world.testshire_id,
                )
            )
        ).one()
        assert membership.title == "Director of Public Health"
        former = (
            await session.exec(
                select(FormerMembership.role).where(
                    FormerMembership.person_id == world.mike.person_id
                )
            )
        ).all()
        assert former == ["vice-chair"]
    with pytest.raises(QuorumError, match="Mike Sandys is already the chair of Testshire"):
        await set_role(
            database, board_id=world.testshire_id, name="Mike Sandys", role="chair", now=NOW
        )
    # The clerk's own role is not a member's role, and stays when theirs changes.
    await set_role(
        database, board_id=world.testshire_id, name="Carol Clerk", role="officer", now=NOW
    )
    assert await _roles(database, world, "Carol Clerk") == ["officer", "clerk"]


async def test_a_clerk_invitation_makes_its_opener_a_clerk_once(
    database: Database, world: World
) -> None:
    issued = await create_clerk_invite(
        database, board_id=world.testshire_id, now=NOW, created_by=world.clerk
    )
    assert (issued.role, issued.person_name, issued.board_name) == ("clerk", "", TESTSHIRE)
    before = await _people(database)
    viewer = await redeem_invite(
        database, token=issued.token, telegram_user_id=NEWCOMER_ID, now=NOW, name="Sam  Okafor"
    )
    assert viewer is not None and viewer.full_name == "Sam Okafor"
    assert viewer.clerk_board_ids == {world.testshire_id}
    assert await _people(database) == before + 1
    # Single use, even for the same account.
    again = await redeem_invite(
        database, token=issued.token, telegram_user_id=NEWCOMER_ID + 1, now=NOW, name="Eve"
    )
    assert again is None
    # A member already linked becomes clerk as themselves.
    second = await create_clerk_invite(database, board_name=TESTSHIRE, now=NOW)
    nora = await redeem_invite(database, token=second.token, telegram_user_id=103, now=NOW)
    assert nora is not None and nora.full_name == "Nora Batty"
    assert world.testshire_id in nora.clerk_board_ids
    assert await _people(database) == before + 1
    # Expired: refused.
    late = await create_clerk_invite(database, board_name=TESTSHIRE, now=NOW)
    assert (
        await redeem_invite(
            database, token=late.token, telegram_user_id=777, now=NOW + timedelta(days=15)
        )
        is None
    )


async def test_the_last_clerk_cannot_be_removed_and_a_removed_clerk_stops_getting_escalations(
    database: Database, world: World
) -> None:
    with pytest.raises(LastClerk, match="Carol Clerk is the only clerk"):
        await remove_clerk(
            database, board_id=world.testshire_id, name="Carol Clerk", now=NOW, viewer=world.clerk
        )
    with pytest.raises(LastClerk):
        await retire_member(database, board_id=world.testshire_id, name="Carol Clerk", now=NOW)
    with pytest.raises(QuorumError, match="Diane Ellison is not a clerk"):
        await remove_clerk(database, board_id=world.testshire_id, name="Diane Ellison", now=NOW)
    with pytest.raises(UnknownPerson) as unknown:
        await remove_clerk(database, board_id=world.testshire_id, name="Carol Clark", now=NOW)
    assert unknown.value.matches == ("Carol Clerk",)

    issued = await create_clerk_invite(database, board_id=world.testshire_id, now=NOW)
    await redeem_invite(database, token=issued.token, telegram_user_id=NEWCOMER_ID, now=NOW)
    async with database.write() as session:
        await plan_board(session, world.testshire_id, now=NOW)
    escalations = [
        row
        for row in await _pending_for(database, "Carol Clerk")
        if row.kind == "action-escalation"
    ]
    assert escalations
    removed = await remove_clerk(
        database, board_id=world.testshire_id, name="carol clerk", now=NOW, viewer=world.clerk
    )
    assert removed.roles == ("clerk",)
    assert await _pending_for(database, "Carol Clerk") == []
    carol = await viewer_for(database, telegram_user_id=104)
    assert carol is not None and not carol.is_clerk
