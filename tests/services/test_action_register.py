"""The action register's services: assigning, re-dating and dropping (audited, nudges replanned),
and imports that carry actions forward or close them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.access import AccessDenied
from services.actions.records import ActionRegisterError
from services.actions.register import UnknownPerson, add_action, assign_action, drop_action, set_due
from services.actions.updates import action_history, complete_action
from services.imports import import_pack
from storage.engine import Database
from tests.auxil.action_register import (
    NOVEMBER,
    NOW,
    OCTOBER,
    Register,
    action_events,
    action_nudges,
    action_row,
    all_actions,
    count_actions,
)


async def test_assign_due_and_drop_are_audited_and_replan_the_nudges(
    database: Database, register: Register
) -> None:
    later = NOW + timedelta(minutes=5)
    moved = await assign_action(
        database, viewer=register.clerk, action_id=register.falls, owner_name="mike sandys", now=NOW
    )
    assert moved.changed and moved.action.owner_name == "Mike Sandys"
    keys = await action_nudges(database, register.falls)
    diane, mike = register.diane.person_id, register.mike.person_id
    assert keys[f"action:{register.falls}:person:{diane}:7d"] == "dead"
    assert keys[f"action:{register.falls}:person:{mike}:7d"] == "pending"
    redated = await set_due(
        database,
        viewer=register.clerk,
        action_id=register.falls,
        due_on=date(2023, 11, 3),
        now=later,
    )
    assert redated.changed and redated.action.due_on == date(2023, 11, 3)
    with pytest.raises(AccessDenied):
        await drop_action(database, viewer=register.mike, action_id=register.falls, now=later)
    await drop_action(database, viewer=register.clerk, action_id=register.falls, now=later)
    assert (await action_row(database, register.falls)).status == "dropped"
    assert set((await action_nudges(database, register.falls)).values()) == {"dead"}
    with pytest.raises(ActionRegisterError):
        await set_due(
            database,
            viewer=register.clerk,
            action_id=register.falls,
            due_on=date(2023, 12, 1),
            now=later,
        )
    history = await action_history(database, viewer=register.clerk, action_id=register.falls)
    assert [(e.kind, e.person_name, e.detail) for e in history.events] == [
        ("assigned", "Carol Clerk", "Diane Ellison → Mike Sandys"),
        ("due", "Carol Clerk", "2023-10-20 → 2023-11-03"),
        ("dropped", "Carol Clerk", None),
    ]
    with pytest.raises(UnknownPerson, match="Did you mean: Mike Sandys"):
        await add_action(
            database,
            viewer=register.clerk,
            board_id=None,
            description="Anything",
            owner_name="Mick Sandys",
            due_on=None,
            now=NOW,
        )


# -- imports carry actions forward --------------------------------------------------------------


async def test_the_next_pack_carries_open_actions_forward_and_closes_completed_ones(
    database: Database, register: Register
) -> None:
    clerk_added = await add_action(
        database,
        viewer=register.clerk,
        board_id=None,
        description="Draft the falls strategy",
        owner_name="Diane Ellison",
        due_on=date(2023, 10, 31),
        now=NOW,
    )
    november = NOVEMBER
    later = NOW + timedelta(days=1)
    for _ in range(2):  # importing the same pack twice changes nothing more
        await import_pack(
            database, pack=november, board_name=None, timezone="Europe/London", now=later
        )
    actions = await all_actions(database)
    assert len(actions) == 3  # nothing duplicated
    by_id = {action.id: action for action in actions}
    assert by_id[register.falls].status == "carried-forward"
    assert by_id[register.venue].status == "done"
    assert by_id[clerk_added.id].status == "carried-forward"
    assert [kind for kind, _, _ in await action_events(database, register.falls)] == [
        "carried-forward"
    ]
    assert [kind for kind, _, _ in await action_events(database, register.venue)] == [
        "closed-by-minutes"
    ]
    assert set((await action_nudges(database, register.venue)).values()) == {"dead"}
    assert "pending" in set((await action_nudges(database, register.falls)).values())

    # Done in Quorum: an older pack that still lists it as open does not reopen it.
    await complete_action(database, viewer=register.diane, action_id=register.falls, now=later)
    await import_pack(database, pack=OCTOBER, board_name=None, timezone="Europe/London", now=later)
    assert (await action_row(database, register.falls)).status == "done"
    assert (await action_row(database, register.venue)).status == "done"
    assert await count_actions(database) == 3
