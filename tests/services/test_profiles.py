"""Who someone is, asked by name or by role: only the viewer's boards, only what they may see."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from core.roles import Role
from services.profiles import (
    PersonProfile,
    close_people,
    people_known,
    people_named,
    person_profiles,
    profile_by_key,
    role_asked,
)
from services.views import Viewer
from storage.engine import Database
from storage.models import AgendaItem
from tests.auxil.world import NORTHSHIRE, NOW, TESTSHIRE, World


async def _ask(
    database: Database, viewer: Viewer, asked: str, *, include_exempt: bool = True
) -> list[str]:
    found = await person_profiles(
        database, viewer=viewer, asked=asked, now=NOW, include_exempt=include_exempt
    )
    return [profile.name for profile in found]


async def test_the_chair_is_each_board_chair_the_asker_sits_on(
    database: Database, world: World
) -> None:
    assert await _ask(database, world.diane, "chair") == ["Diane Ellison"]
    assert await _ask(database, world.nora, "the Chair") == ["Nora Batty"]
    # Mike sits on both boards: both chairs, Northshire's first (boards by name).
    assert await _ask(database, world.mike, "chair") == ["Nora Batty", "Diane Ellison"]
    assert await _ask(database, world.diane, "clerk") == ["Carol Clerk"]
    assert await _ask(database, world.nora, "clerk") == []


async def test_a_role_holder_shows_only_the_seats_on_the_askers_boards(
    database: Database, world: World
) -> None:
    [mike] = await person_profiles(
        database, viewer=world.diane, asked="deputy chair", now=NOW, include_exempt=True
    )
    assert [(s.board_name, s.role, s.title) for s in mike.seats] == [
        (TESTSHIRE, "vice-chair", "Director of Public Health")
    ]
    [mike_to_nora] = await person_profiles(
        database, viewer=world.nora, asked="Mike Sandys", now=NOW, include_exempt=True
    )
    assert [(s.board_name, s.role) for s in mike_to_nora.seats] == [(NORTHSHIRE, "member")]


async def test_someone_on_another_board_is_not_found_nor_offered(
    database: Database, world: World
) -> None:
    assert await _ask(database, world.nora, "Diane Ellison") == []
    assert await _ask(database, world.nora, "Dawn Godfrey") == []  # presents to Testshire only
    assert (
        await close_people(
            database, viewer=world.nora, asked="Diane Elison", now=NOW, include_exempt=True
        )
        == []
    )
    diane_key = (
        await people_named(
            database, viewer=world.diane, names=["Diane Ellison"], now=NOW, include_exempt=True
        )
    )[0].key
    assert (
        await profile_by_key(
            database, viewer=world.nora, key=diane_key, now=NOW, include_exempt=True
        )
        is None
    )
    known = [name for name, _ in await people_known(database, viewer=world.nora, now=NOW)]
    assert sorted(known) == ["Mike Sandys", "Nora Batty"]


async def test_a_name_with_a_typo_a_first_name_or_a_surname_finds_the_person(
    database: Database, world: World
) -> None:
    assert await _ask(database, world.diane, "katherine wilison") == ["Katherine Willison"]
    assert await _ask(database, world.diane, "Willison") == ["Katherine Willison"]
    assert await _ask(database, world.diane, "Cllr Ellison") == ["Diane Ellison"]
    # "Adam" is Adam Young's first name; Zoe Adams is only close to it.
    assert await _ask(database, world.diane, "adam") == ["Adam Young"]
    assert await _ask(database, world.diane, "Bartholomew Quince") == []
    near = await close_people(
        database, viewer=world.diane, asked="Katrine Wilson", now=NOW, include_exempt=True
    )
    assert [ref.name for ref in near][:1] == ["Katherine Willison"]


async def test_what_someone_presents_at_upcoming_meetings(database: Database, world: World) -> None:
    [katherine] = await person_profiles(
        database, viewer=world.diane, asked="Katherine Willison", now=NOW, include_exempt=True
    )
    # June's item is past; October's is upcoming.
    assert [(i.number, i.title, i.meeting.id) for i in katherine.items] == [
        ("2", "Better Care Fund", world.october_id)
    ]
    assert [(s.role, s.title) for s in katherine.seats] == [
        ("officer", "Health and Integration Lead")
    ]


async def test_a_presenter_who_is_not_a_member_is_found_with_their_items(
    database: Database, world: World
) -> None:
    [dawn] = await person_profiles(
        database, viewer=world.diane, asked="dawn godfrey", now=NOW, include_exempt=True
    )
    assert dawn.seats == () and not dawn.is_member
    assert [(i.number, i.title) for i in dawn.items] == [("4", "Joint Strategic Needs Assessment")]
    assert dawn.key.startswith("i")
    again = await profile_by_key(
        database, viewer=world.diane, key=dawn.key, now=NOW, include_exempt=True
    )
    assert again is not None and again.name == "Dawn Godfrey"
    known = dict(await people_known(database, viewer=world.diane, now=NOW))
    assert known["Dawn Godfrey"] == ()
    assert known["Diane Ellison"] == ("chair",)
    assert known["Carol Clerk"] == ("clerk",)


async def test_an_exempt_item_is_presented_only_where_exempt_items_may_be_seen(
    database: Database, world: World
) -> None:
    async with database.write() as session:
        exempt = (
            await session.exec(
                select(AgendaItem).where(
                    col(AgendaItem.meeting_id) == world.october_id, col(AgendaItem.number) == "3"
                )
            )
        ).one()
        assert exempt.exempt
        exempt.presenter = "Zoe Adams"
        session.add(exempt)
    [hidden] = await person_profiles(
        database, viewer=world.diane, asked="Zoe Adams", now=NOW, include_exempt=False
    )
    assert hidden.items == ()
    [shown] = await person_profiles(
        database, viewer=world.diane, asked="Zoe Adams", now=NOW, include_exempt=True
    )
    assert [(i.number, i.exempt) for i in shown.items] == [("3", True)]


async def test_open_actions_are_shown_to_their_owner_and_the_clerk_only(
    database: Database, world: World
) -> None:
    async def refs(viewer: Viewer) -> list[PersonProfile]:
        return await person_profiles(
            database, viewer=viewer, asked="Diane Ellison", now=NOW, include_exempt=True
        )

    [own] = await refs(world.diane)
    assert own.actions is not None
    # Open ones only (ref 3 is done), soonest due first, undated last; ref 1 is overdue.
    assert [(a.ref, a.overdue) for a in own.actions] == [("1", True), ("5", False), ("2", False)]
    [to_clerk] = await refs(world.clerk)
    assert to_clerk.actions is not None
    assert [a.ref for a in to_clerk.actions] == ["1", "5", "2"]
    [to_mike] = await refs(world.mike)
    assert to_mike.actions is None  # another member's actions are not his to see


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("chair", Role.CHAIR),
        ("The Chairman", Role.CHAIR),
        ("vice-chair", Role.VICE_CHAIR),
        ("vice chair", Role.VICE_CHAIR),
        ("Deputy Chair", Role.VICE_CHAIR),
        ("clerk", Role.CLERK),
        ("Dawn Godfrey", None),
        ("member", None),
    ],
)
def test_roles_are_read_as_people_write_them(words: str, role: Role | None) -> None:
    assert role_asked(words) == role


async def test_a_presenter_printed_another_way_is_the_member_of_that_name(
    database: Database, world: World
) -> None:
    async with database.write() as session:
        item = (
            await session.exec(
                select(AgendaItem).where(
                    col(AgendaItem.meeting_id) == world.october_id, col(AgendaItem.number) == "4"
                )
            )
        ).one()
        item.presenter = "Cllr D. Ellison"
        session.add(item)
    [diane] = await person_profiles(
        database, viewer=world.clerk, asked="Diane Ellison", now=NOW, include_exempt=True
    )
    assert [i.number for i in diane.items] == ["4"]
    assert await _ask(database, world.clerk, "Dawn Godfrey") == []
