"""A board's sources: added (normalised, due at once), refused twice or with a bad address,
listed, removed (their meetings stay), their interval, a board's autopublish; only the board's
clerks may do any of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from core.errors import NotFoundError, QuorumError
from core.roles import Role
from services import sources, sync
from services.access import AccessDenied
from services.views import BoardRole, Viewer
from sources.model import RemoteMeeting, Snapshot
from storage.engine import Database
from storage.models import Board, Meeting, Membership, Person

NOW = datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
BOARD = "Northwold Planning Committee"
OTHER = "Southwold Licensing Committee"


@dataclass(frozen=True, slots=True)
class People:
    clerk: Viewer
    member: Viewer
    other_clerk: Viewer


async def _boards(database: Database) -> People:
    async with database.write() as session:
        boards = [
            Board(name=BOARD, slug="northwold", timezone="Europe/London"),
            Board(name=OTHER, slug="southwold", timezone="Europe/London"),
        ]
        people = [Person(full_name=n) for n in ("Clara Clerk", "Mo Member", "Sol Clerk")]
        session.add_all([*boards, *people])
        await session.flush()
        ids = [b.id for b in boards if b.id is not None]
        pids = [p.id for p in people if p.id is not None]
        session.add(Membership(board_id=ids[0], person_id=pids[0], role=Role.CLERK.value))
        session.add(Membership(board_id=ids[0], person_id=pids[1], role=Role.MEMBER.value))
        session.add(Membership(board_id=ids[1], person_id=pids[2], role=Role.CLERK.value))

    def viewer(index: int, board: int, role: Role) -> Viewer:
        name = (BOARD, OTHER)[board]
        return Viewer(
            person_id=pids[index],
            full_name=people[index].full_name,
            boards=(BoardRole(ids[board], name, role.value),),
        )

    return People(
        clerk=viewer(0, 0, Role.CLERK),
        member=viewer(1, 0, Role.MEMBER),
        other_clerk=viewer(2, 1, Role.CLERK),
    )


async def _add(database: Database, viewer: Viewer | None, **changes: str) -> sources.SourceView:
    values = {
        "board_name": BOARD,
        "kind": "modgov",
        "base_url": "democracy.northwold.gov.uk/mgWebService.asmx/GetCommittees",
        "committee_id": "140",
        **changes,
    }
    return await sources.add_source(
        database,
        board_name=values["board_name"],
        kind=values["kind"],
        base_url=values["base_url"],
        committee_id=values["committee_id"],
        committee_title="Planning Committee",
        viewer=viewer,
        now=NOW,
    )


async def test_a_clerk_adds_a_source_due_at_once_and_not_twice(database: Database) -> None:
    people = await _boards(database)
    added = await _add(database, people.clerk)
    assert added.base_url == "https://democracy.northwold.gov.uk"
    assert (added.board_name, added.kind, added.committee_id) == (BOARD, "modgov", "140")
    assert added.committee_title == "Planning Committee"
    assert added.next_sync_at_utc == NOW and added.meetings == 0
    assert added.interval_minutes == sources.DEFAULT_INTERVAL_MINUTES
    assert await sync.next_sync_at(database) == NOW

    with pytest.raises(QuorumError, match="already set up"):
        await _add(database, people.clerk, base_url="https://democracy.northwold.gov.uk/")
    with pytest.raises(QuorumError):
        await _add(database, people.clerk, base_url="not a web address at all")
    with pytest.raises(QuorumError):
        await _add(database, people.clerk, kind="cmis")
    with pytest.raises(QuorumError, match="committee"):
        await _add(database, people.clerk, committee_id="  ")
    with pytest.raises(AccessDenied):
        await _add(database, people.member, committee_id="141")
    with pytest.raises(AccessDenied):
        await _add(database, people.other_clerk, committee_id="141")
    with pytest.raises(NotFoundError):
        await _add(database, None, board_name="No Such Board")
    assert [s.id for s in await sources.list_sources(database, viewer=None)] == [added.id]


async def test_sources_are_listed_for_their_clerks_only(database: Database) -> None:
    people = await _boards(database)
    mine = await _add(database, None)
    theirs = await _add(database, None, board_name=OTHER)
    everything = await sources.list_sources(database, viewer=None)
    assert [s.id for s in everything] == [mine.id, theirs.id]  # by board name
    assert [s.id for s in await sources.list_sources(database, viewer=people.clerk)] == [mine.id]
    listed = await sources.list_sources(database, board_name=OTHER, viewer=None)
    assert [s.id for s in listed] == [theirs.id]
    with pytest.raises(AccessDenied):
        await sources.list_sources(database, board_name=OTHER, viewer=people.clerk)
    with pytest.raises(AccessDenied):
        await sources.list_sources(database, viewer=people.member)
    assert (
        await sources.get_source(database, source_id=mine.id, viewer=people.clerk)
    ).id == mine.id
    with pytest.raises(AccessDenied):
        await sources.get_source(database, source_id=theirs.id, viewer=people.clerk)
    with pytest.raises(NotFoundError):
        await sources.get_source(database, source_id=9999, viewer=None)


async def test_a_removed_source_leaves_its_meetings(database: Database) -> None:
    people = await _boards(database)
    added = await _add(database, people.clerk)
    shot = Snapshot(
        committee_id="140",
        committee_title=None,
        first_day=date(2023, 1, 1),
        last_day=date(2025, 1, 1),
        meetings=(
            RemoteMeeting(id="901", day=date(2024, 2, 20), start=time(10, 0)),
            RemoteMeeting(id="902", day=date(2024, 6, 18), start=time(14, 0)),
        ),
    )
    await sync.apply_snapshot(database, source_id=added.id, snapshot=shot, now=NOW)
    view = await sources.get_source(database, source_id=added.id, viewer=None)
    assert view.meetings == 2 and view.last_success_at_utc == NOW

    with pytest.raises(AccessDenied):
        await sources.remove_source(database, source_id=added.id, viewer=people.other_clerk)
    removed = await sources.remove_source(database, source_id=added.id, viewer=people.clerk)
    assert removed.id == added.id and removed.meetings == 2
    assert await sources.list_sources(database, viewer=None) == []
    async with database.read() as session:
        meetings = (await session.exec(select(Meeting))).all()
    assert len(meetings) == 2
    assert {m.source_id for m in meetings} == {None}
    assert await sync.next_sync_at(database) is None


async def test_the_sync_interval_within_range(database: Database) -> None:
    people = await _boards(database)
    mine = await _add(database, None)
    theirs = await _add(database, None, board_name=OTHER)
    for minutes in (sources.MIN_INTERVAL_MINUTES - 1, sources.MAX_INTERVAL_MINUTES + 1):
        with pytest.raises(QuorumError, match="out of range"):
            await sources.set_sync_interval(database, minutes=minutes, viewer=None, now=NOW)
    # A longer interval waits for the sync already due; a shorter one brings it forward.
    later = NOW + timedelta(hours=1)
    changed = await sources.set_sync_interval(
        database, minutes=120, board_name=BOARD, viewer=people.clerk, now=later
    )
    assert [(s.id, s.interval_minutes, s.next_sync_at_utc) for s in changed] == [
        (mine.id, 120, NOW)
    ]
    with pytest.raises(AccessDenied):
        await sources.set_sync_interval(
            database, minutes=60, source_id=theirs.id, viewer=people.clerk, now=NOW
        )
    every = await sources.set_sync_interval(database, minutes=60, viewer=None, now=NOW)
    assert {(s.id, s.interval_minutes) for s in every} == {(mine.id, 60), (theirs.id, 60)}
    one = await sources.set_sync_interval(
        database, minutes=15, source_id=theirs.id, viewer=people.other_clerk, now=NOW
    )
    assert [(s.id, s.interval_minutes) for s in one] == [(theirs.id, 15)]


async def test_autopublish_is_the_clerks_choice(database: Database) -> None:
    people = await _boards(database)
    assert await sources.set_autopublish(database, board_name=BOARD, on=True, viewer=people.clerk)
    with pytest.raises(AccessDenied):
        await sources.set_autopublish(database, board_name=BOARD, on=False, viewer=people.member)
    assert not await sources.set_autopublish(database, board_name=BOARD, on=False, viewer=None)
    async with database.read() as session:
        board = (await session.exec(select(Board).where(Board.name == BOARD))).one()
    assert not board.autopublish


async def test_a_moderngov_committee_is_given_by_its_number(database: Database) -> None:
    people = await _boards(database)
    for bad in ("abc", "14a", "-140", "1 40", "١٤٠"):
        with pytest.raises(QuorumError, match="given by its number") as refused:
            await _add(database, people.clerk, committee_id=bad)
        assert f'"{bad}"' in str(refused.value)
    assert await sources.list_sources(database, viewer=None) == []  # nothing stored
    # A number not on the site is added; its first sync says so (see test_sync).
    added = await _add(database, people.clerk, committee_id=" 999 ")
    assert added.committee_id == "999"
