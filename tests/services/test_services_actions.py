"""Action lists: a member's own, and a clerk's view of the board's open actions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from services.access import AccessDenied, board_audience
from services.actions.lists import RECENT_DONE, my_actions
from services.actions.reports import board_register
from storage.engine import Database
from storage.models import Action
from tests.auxil.world import NORTHSHIRE, TESTSHIRE, TODAY, World


async def _set_status(database: Database, board_id: int, ref: str, status: str) -> None:
    async with database.write() as session:
        action = (
            await session.exec(
                select(Action).where(col(Action.board_id) == board_id, col(Action.ref) == ref)
            )
        ).one()
        action.status = status
        session.add(action)


async def test_my_actions_open_by_due_date_then_done(database: Database, world: World) -> None:
    mine = await my_actions(database, viewer=world.diane, today=TODAY)
    assert [(a.ref, a.status, a.due_on, a.overdue) for a in mine] == [
        ("1", "open", date(2023, 9, 30), True),
        ("5", "open", date(2023, 10, 20), False),
        ("2", "open", None, False),
        ("3", "done", date(2023, 8, 1), False),  # done is never overdue
    ]
    assert all(a.mine and a.board_name == TESTSHIRE for a in mine)
    assert mine[0].description == "Circulate the falls data"
    assert mine[0].owner_name == "Diane Ellison"


async def test_overdue_follows_the_injected_today(database: Database, world: World) -> None:
    later = await my_actions(database, viewer=world.diane, today=date(2023, 10, 21))
    assert [a.ref for a in later if a.overdue] == ["1", "5"]
    earlier = await my_actions(database, viewer=world.diane, today=date(2023, 9, 1))
    assert [a.ref for a in earlier if a.overdue] == []
    # Due today is not yet overdue.
    on_the_day = await my_actions(database, viewer=world.diane, today=date(2023, 9, 30))
    assert [a.ref for a in on_the_day if a.overdue] == []


async def test_carried_forward_counts_as_open_and_dropped_is_left_out(
    database: Database, world: World
) -> None:
    mike = await my_actions(database, viewer=world.mike, today=TODAY)
    assert [(a.ref, a.status, a.overdue) for a in mike] == [("4", "carried-forward", True)]
    await _set_status(database, world.testshire_id, "2", "dropped")
    assert "2" not in [a.ref for a in await my_actions(database, viewer=world.diane, today=TODAY)]


async def test_only_the_ten_latest_finished_actions_are_listed(
    database: Database, world: World
) -> None:
    # All later than the import that finished action 3, which drops off the list.
    finished = datetime(2023, 10, 4, tzinfo=UTC)
    async with database.write() as session:
        for n in range(RECENT_DONE + 2):
            session.add(
                Action(
                    board_id=world.testshire_id,
                    ref=f"D{n}",
                    description=f"Finished task {n}",
                    owner_id=world.diane.person_id,
                    owner_name="Diane Ellison",
                    status="done",
                    updated_at_utc=finished + timedelta(days=n),
                )
            )
    listed = await my_actions(database, viewer=world.diane, today=TODAY)
    done = [a for a in listed if a.status == "done"]
    assert [a.ref for a in done] == [f"D{n}" for n in range(RECENT_DONE + 1, 1, -1)]


async def test_my_actions_are_only_on_my_boards(database: Database, world: World) -> None:
    # An action filed against Diane on a board she does not sit on stays out of her list.
    async with database.write() as session:
        session.add(
            Action(
                board_id=world.northshire_id,
                ref="X",
                description="Northshire business",
                owner_id=world.diane.person_id,
            )
        )
    refs = [
        (a.board_name, a.ref) for a in await my_actions(database, viewer=world.diane, today=TODAY)
    ]
    assert (NORTHSHIRE, "X") not in refs and len(refs) == 4
    nora = await my_actions(database, viewer=world.nora, today=TODAY)
    assert [(a.board_name, a.ref, a.overdue) for a in nora] == [(NORTHSHIRE, "1", True)]


async def test_clerk_sees_the_boards_open_actions_by_owner_then_due_date(
    database: Database, world: World
) -> None:
    groups = await board_register(database, viewer=world.clerk, board_id=None, today=TODAY)
    listed = [entry for group in groups for entry in group.entries if not entry.done]
    assert [(a.owner_name, a.ref, a.overdue) for a in listed] == [
        ("Diane Ellison", "1", True),
        ("Diane Ellison", "5", False),
        ("Diane Ellison", "2", False),
        ("Mike Sandys", "4", True),
        (None, "6", False),
    ]
    assert {a.board_name for a in listed} == {TESTSHIRE}
    same = await board_register(
        database, viewer=world.clerk, today=TODAY, board_id=world.testshire_id
    )
    assert same == groups


async def test_board_actions_are_for_that_boards_clerks_only(
    database: Database, world: World
) -> None:
    for viewer in (world.diane, world.nora, board_audience(world.testshire_id, TESTSHIRE)):
        with pytest.raises(AccessDenied):
            await board_register(database, viewer=viewer, board_id=None, today=TODAY)
    with pytest.raises(AccessDenied):
        await board_register(
            database, viewer=world.clerk, board_id=world.northshire_id, today=TODAY
        )
