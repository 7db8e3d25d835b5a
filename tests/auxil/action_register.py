"""Testshire's action register: October's pack with two actions, November's that carries them
forward, the people who own them, and readers of what the register stored. Loaded as a pytest
plugin by ``tests/conftest.py``: its ``register`` fixture builds the register for a test."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser
from packs.model import ActionRecord, Member
from services.imports import import_pack
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from storage.models import Action, ActionEvent, Notification
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)  # the clock fixture's time: Tuesday, 9am London

BOARD = "Testshire Health and Wellbeing Board"

DIANE = FakeUser(id=8301, first_name="Diane", last_name="Ellison")

MIKE = FakeUser(id=8302, first_name="Mike", last_name="Sandys")

CLERK = FakeUser(id=8303, first_name="Carol", last_name="Clerk")

FALLS = ActionRecord(
    ref="1", description="Circulate the falls data", owner="Diane Ellison", due=date(2023, 10, 20)
)

VENUE = ActionRecord(
    ref="2",
    description="Find a venue for the away day",
    owner="Mike Sandys",
    due=date(2023, 10, 25),
)

OCTOBER = replace(
    make_pack(
        members=[
            Member(name="Diane Ellison", role=Role.CHAIR),
            Member(name="Mike Sandys", role=Role.MEMBER),
        ]
    ),
    actions=[FALLS, VENUE],
)

# The next meeting's pack: its action log repeats October's (one carried forward, one done) and
# lists a clerk-added action in its own words.
NOVEMBER = replace(
    OCTOBER,
    source="november-pack.txt",
    meeting=replace(OCTOBER.meeting, start=datetime(2023, 11, 14, 14, 0, tzinfo=LONDON)),
    actions=[
        replace(FALLS, status="carried-forward"),
        # The minutes' words differ in case and spacing only.
        replace(VENUE, description="Find a venue for the  Away Day", status="completed"),
        ActionRecord(ref="3", description="draft the falls strategy", owner="Diane Ellison"),
    ],
)


@dataclass(frozen=True, slots=True)
class Register:
    """The three people and October's two actions."""

    diane: Viewer
    mike: Viewer
    clerk: Viewer
    falls: int  # Diane's
    venue: int  # Mike's


async def build_register(database: Database, fake: FakeBotApi) -> Register:
    """Import October's pack, link Diane, Mike and the clerk, and open their private chats."""
    await import_pack(database, pack=OCTOBER, board_name=None, timezone="Europe/London", now=NOW)
    diane, mike, clerk = [
        await link_telegram(
            database,
            board_name=BOARD,
            person_name=name,
            telegram_user_id=user.id,
            role=role,
            now=NOW,
        )
        for name, user, role in (
            ("Diane Ellison", DIANE, None),
            ("Mike Sandys", MIKE, None),
            ("Carol Clerk", CLERK, "clerk"),
        )
    ]
    for user in (DIANE, MIKE, CLERK):
        fake.add_chat(FakeChat.private(user))
    ids = await _ids(database)
    return Register(diane=diane, mike=mike, clerk=clerk, falls=ids["1"], venue=ids["2"])


async def _ids(database: Database) -> dict[str, int]:
    async with database.read() as session:
        rows = (await session.exec(select(Action.ref, Action.id))).all()
    return {ref: action_id for ref, action_id in rows if ref is not None and action_id is not None}


async def all_actions(database: Database) -> list[Action]:
    """Every action, oldest first."""
    async with database.read() as session:
        return list((await session.exec(select(Action).order_by(col(Action.id)))).all())


async def action_row(database: Database, action_id: int) -> Action:
    """The action ``action_id`` as stored."""
    async with database.read() as session:
        action = await session.get(Action, action_id)
    assert action is not None
    return action


async def action_events(
    database: Database, action_id: int
) -> list[tuple[str, int | None, str | None]]:
    """(kind, person id, detail) of each event in the action's audit trail, oldest first."""
    async with database.read() as session:
        rows = await session.exec(
            select(ActionEvent)
            .where(ActionEvent.action_id == action_id)
            .order_by(col(ActionEvent.id))
        )
        return [(event.kind, event.person_id, event.detail) for event in rows.all()]


async def action_nudges(database: Database, action_id: int) -> dict[str, str]:
    """dedupe key -> state of the action's outbox rows."""
    async with database.read() as session:
        rows = await session.exec(select(Notification).where(Notification.action_id == action_id))
        return {row.dedupe_key: row.state for row in rows.all()}


async def count_actions(database: Database) -> int:
    """How many actions the register holds."""
    async with database.read() as session:
        return int((await session.exec(select(func.count()).select_from(Action))).one())


@pytest.fixture
async def register(database: Database, fake_api: FakeBotApi) -> Register:
    """Testshire with October's two actions, Diane, Mike and their clerk."""
    return await build_register(database, fake_api)
