"""Members: who sits on the viewer's boards, by role."""

from __future__ import annotations

import pytest

from services.access import AccessDenied
from services.members import members
from storage.engine import Database
from tests.auxil.world import NORTHSHIRE, TESTSHIRE, World


async def test_members_by_role_then_name(database: Database, world: World) -> None:
    [(board, people)] = await members(database, viewer=world.diane)
    assert board == TESTSHIRE
    assert [(m.role, m.name, m.linked) for m in people] == [
        ("chair", "Diane Ellison", True),
        ("vice-chair", "Mike Sandys", True),
        ("member", "Adam Young", False),
        ("member", "Zoe Adams", False),
        ("officer", "Katherine Willison", False),
        ("for-information", "Angela Hillery", False),
        ("clerk", "Carol Clerk", True),
    ]
    assert people[0].title == "Portfolio Holder"


async def test_members_of_each_of_the_viewers_boards(database: Database, world: World) -> None:
    boards = await members(database, viewer=world.mike)
    assert [name for name, _ in boards] == [NORTHSHIRE, TESTSHIRE]
    assert [(m.role, m.name) for m in boards[0][1]] == [
        ("chair", "Nora Batty"),
        ("member", "Mike Sandys"),
    ]
    only = await members(database, viewer=world.mike, board_id=world.northshire_id)
    assert [name for name, _ in only] == [NORTHSHIRE]


async def test_another_boards_members_are_refused(database: Database, world: World) -> None:
    with pytest.raises(AccessDenied):
        await members(database, viewer=world.diane, board_id=world.northshire_id)
    assert [name for name, _ in await members(database, viewer=world.nora)] == [NORTHSHIRE]
