"""Membership follows the packs: the latest membership list adds members, names those it no
longer lists (retired when the clerk says they have left), and decides the chairs; an older
pack changes nobody's membership."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, select

from core.roles import Role
from packs import read_file
from packs.model import MeetingInfo, Member, Pack, PreviousMeeting
from services.imports import import_pack
from services.people import find_person_on_board
from services.views import ImportSummary
from storage.engine import Database
from storage.models import Board, FormerMembership, Membership, Person
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
RUTLAND_DAYS = ("2016-09-27", "2017-06-30", "2020-03-03", "2023-10-10")
VOTING = {Role.CHAIR.value, Role.VICE_CHAIR.value, Role.MEMBER.value}
BOARD = "Testshire Health and Wellbeing Board"


def _rutland(day: str) -> Pack:
    return read_file(SEEDS / f"rutland-hwb-{day}.txt")


async def _import(database: Database, pack: Pack, *, retire: bool = False) -> ImportSummary:
    return await import_pack(
        database,
        pack=pack,
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        retire_unlisted=retire,
    )


def _pack(day: date, members: list[Member]) -> Pack:
    """A Testshire pack of the meeting on ``day`` (its own document) listing ``members``."""
    start = datetime(day.year, day.month, day.day, 14, tzinfo=LONDON)
    return replace(make_pack(start=start, members=members), source=f"pack-{day}.txt")


async def _roles(database: Database) -> dict[str, set[str]]:
    """Each person's current roles on the (one) board, by name."""
    async with database.read() as session:
        rows = await session.exec(
            select(Person.full_name, Membership.role).join(
                Membership, col(Membership.person_id) == col(Person.id)
            )
        )
        found: dict[str, set[str]] = {}
        for name, role in rows.all():
            found.setdefault(name, set()).add(role)
        return found


async def _former(database: Database) -> set[tuple[str, str]]:
    async with database.read() as session:
        rows = await session.exec(
            select(Person.full_name, FormerMembership.role).join(
                FormerMembership, col(FormerMembership.person_id) == col(Person.id)
            )
        )
        return set(rows.all())


def _holding(roles: dict[str, set[str]], role: str) -> set[str]:
    return {name for name, held in roles.items() if role in held}


async def test_four_rutland_packs_in_date_order_leave_one_chair_and_the_latest_membership(
    database: Database,
) -> None:
    summaries = [await _import(database, _rutland(day), retire=True) for day in RUTLAND_DAYS]
    assert len(summaries[0].members_new) == len(_rutland(RUTLAND_DAYS[0]).members)
    # Each later list left people out, and they were retired.
    for summary in summaries[1:]:
        assert summary.members_not_listed and summary.members_retired == summary.members_not_listed
    latest = _rutland(RUTLAND_DAYS[-1])
    async with database.read() as session:
        board = (await session.exec(select(Board))).one()
        assert board.id is not None
        wanted: dict[int, set[str]] = {}
        for member in latest.members:
            person = await find_person_on_board(session, board_id=board.id, name=member.name)
            assert person is not None and person.id is not None, member.name
            wanted.setdefault(person.id, set()).add(member.role.value)
        rows = (await session.exec(select(Membership))).all()
    voting = {row.person_id for row in rows if row.role in VOTING}
    # The board's voting members are exactly those the 2023 list names as such.
    assert voting == {person for person, roles in wanted.items() if roles & VOTING}
    assert len(voting) == 13  # a chair, a vice-chair, 11 members
    chairs = [row.person_id for row in rows if row.role == Role.CHAIR.value]
    vices = [row.person_id for row in rows if row.role == Role.VICE_CHAIR.value]
    assert len(chairs) == 1 and wanted[chairs[0]] == {Role.CHAIR.value}
    assert len(vices) == 1 and wanted[vices[0]] == {Role.VICE_CHAIR.value}
    # Who left is kept, apart: the 2016 chair among them.
    former = await _former(database)
    assert ("T King", Role.CHAIR.value) in former
    retired = {name for summary in summaries for name in summary.members_retired}
    assert {name for name, _ in former} >= retired


async def test_without_retire_unlisted_they_are_named_and_kept_and_the_chair_follows(
    database: Database,
) -> None:
    await _import(database, _rutland("2016-09-27"))
    summary = await _import(database, _rutland("2017-06-30"))
    assert "T King" in summary.members_not_listed and summary.members_retired == []
    roles = await _roles(database)
    assert all(roles[name] & VOTING for name in summary.members_not_listed)
    # The 2017 list names its chair: the 2016 chair is no longer one (a member until the clerk
    # says he has left), with no question asked.
    chair = _holding(roles, Role.CHAIR.value)
    assert len(chair) == 1 and roles["T King"] == {Role.MEMBER.value}
    assert ("T King", Role.CHAIR.value) in await _former(database)
    # Retiring them now is importing again with retire_unlisted.
    again = await _import(database, _rutland("2017-06-30"), retire=True)
    assert again.members_retired == summary.members_not_listed and again.members_new == []
    assert "T King" not in await _roles(database)


async def test_an_identical_reimport_names_nobody(database: Database) -> None:
    first = await _import(database, _rutland("2023-10-10"))
    assert len(first.members_new) == 22 and first.members_not_listed == []
    again = await _import(database, _rutland("2023-10-10"))
    assert (again.members_new, again.members_not_listed, again.members_retired) == ([], [], [])


async def test_an_older_pack_after_a_newer_one_changes_nobody(database: Database) -> None:
    await _import(database, _rutland("2023-10-10"), retire=True)
    before = await _roles(database)
    for day in ("2016-09-27", "2020-03-03"):
        older = await _import(database, _rutland(day), retire=True)
        assert (older.members_new, older.members_not_listed, older.members_retired) == ([], [], [])
    assert await _roles(database) == before
    assert await _former(database) == set()


async def test_chairs_and_vice_chairs_follow_the_latest_list(database: Database) -> None:
    ann, bob, cy = "Ann Baird", "Bob Carter", "Cy Dunn"
    await _import(
        database,
        _pack(
            date(2023, 3, 1),
            [Member(ann, Role.CHAIR), Member(bob, Role.VICE_CHAIR), Member(cy)],
        ),
    )
    # A year on, Bob chairs and Cy is vice-chair; Ann is still a member.
    summary = await _import(
        database,
        _pack(
            date(2024, 3, 1),
            [Member(bob, Role.CHAIR), Member(cy, Role.VICE_CHAIR), Member(ann)],
        ),
    )
    assert summary.members_new == [] and summary.members_not_listed == []
    roles = await _roles(database)
    assert _holding(roles, Role.CHAIR.value) == {bob}
    assert _holding(roles, Role.VICE_CHAIR.value) == {cy}
    assert roles[ann] == {Role.MEMBER.value}
    assert {(ann, Role.CHAIR.value), (bob, Role.VICE_CHAIR.value)} <= await _former(database)
    # A list that names no chair leaves the chairs as they are.
    await _import(database, _pack(date(2024, 6, 1), [Member(bob), Member(cy), Member(ann)]))
    roles = await _roles(database)
    assert _holding(roles, Role.CHAIR.value) == {bob}


async def test_clerks_and_officers_are_never_asked_about(database: Database) -> None:
    summary = await _import(
        database, _pack(date(2023, 3, 1), [Member("Ann Baird", Role.CHAIR), Member("Cy Dunn")])
    )
    async with database.write() as session:
        board = (await session.exec(select(Board))).one()
        assert board.id is not None
        for name, role in (("Clara Clerk", Role.CLERK), ("Otto Officer", Role.OFFICER)):
            person = Person(full_name=name)
            session.add(person)
            await session.flush()
            assert person.id is not None
            session.add(Membership(board_id=board.id, person_id=person.id, role=role.value))
    summary = await _import(
        database, _pack(date(2024, 3, 1), [Member("Ann Baird", Role.CHAIR)]), retire=True
    )
    assert summary.members_not_listed == ["Cy Dunn"] == summary.members_retired
    roles = await _roles(database)
    assert roles["Clara Clerk"] == {Role.CLERK.value}
    assert roles["Otto Officer"] == {Role.OFFICER.value}


async def test_older_minutes_do_not_bring_back_a_retired_member(database: Database) -> None:
    ann, cy = "Ann Baird", "Cy Dunn"
    await _import(database, _pack(date(2023, 3, 1), [Member(ann, Role.CHAIR), Member(cy)]))
    await _import(database, _pack(date(2024, 3, 1), [Member(ann, Role.CHAIR)]), retire=True)
    assert cy not in await _roles(database)
    # Minutes of the 2023 meeting, naming Cy (as "Cllr C Dunn"), imported afterwards.
    minutes = Pack(
        source="minutes-2023-03-01.txt",
        body=BOARD,
        organisation=None,
        meeting=MeetingInfo(start=None),
        previous_meeting=PreviousMeeting(
            date=date(2023, 3, 1), present=[ann, "Cllr C Dunn"], apologies=[]
        ),
        kind="minutes",
    )
    summary = await _import(database, minutes)
    assert summary.present == 2
    assert cy not in await _roles(database)


async def test_a_member_named_again_comes_back(database: Database) -> None:
    ann, cy = "Ann Baird", "Cy Dunn"
    await _import(database, _pack(date(2023, 3, 1), [Member(ann, Role.CHAIR), Member(cy)]))
    await _import(database, _pack(date(2024, 3, 1), [Member(ann, Role.CHAIR)]), retire=True)
    back = await _import(
        database, _pack(date(2024, 6, 1), [Member(ann, Role.CHAIR), Member("Cllr C Dunn")])
    )
    assert back.members_new == [cy]  # the person on record, not a new one
    assert (await _roles(database))[cy] == {Role.MEMBER.value}


async def test_a_rehearsal_says_who_would_leave_and_keeps_everyone(database: Database) -> None:
    await _import(database, _rutland("2020-03-03"))
    before = await _roles(database)
    preview = await import_pack(
        database,
        pack=_rutland("2023-10-10"),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        retire_unlisted=True,
        rehearse=True,
    )
    assert preview.members_new and preview.members_retired == preview.members_not_listed != []
    assert await _roles(database) == before
    assert await _former(database) == set()
