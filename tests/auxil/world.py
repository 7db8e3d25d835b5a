"""Two boards with meetings, items, actions and decisions, and the people who look at them.

Built through the real import and linking services, so the service tests read what an import
stores. "Now" is Tuesday 3 October 2023: Testshire met on 27 June and meets next on 10 October;
Northshire meets on 5 October.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlmodel import col, select

from core.roles import Role
from packs.model import ActionRecord, AgendaItem, Member, Pack, PreviousMeeting, Resolution
from services.imports import import_pack
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from storage.models import Meeting
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
TODAY = date(2023, 10, 3)
TESTSHIRE = "Testshire Health and Wellbeing Board"
NORTHSHIRE = "Northshire Health and Wellbeing Board"


@dataclass(frozen=True, slots=True)
class World:
    diane: Viewer  # chair of Testshire
    mike: Viewer  # vice-chair of Testshire, and a member of Northshire
    nora: Viewer  # member of Northshire only
    clerk: Viewer  # Testshire's clerk
    testshire_id: int
    northshire_id: int
    june_id: int  # Testshire, 27 June 2023 (past)
    october_id: int  # Testshire, 10 October 2023 (next)
    january_id: int  # Testshire, 16 January 2024 (announced, no agenda yet)
    north_id: int  # Northshire, 5 October 2023


JUNE_ITEMS = [
    AgendaItem(number="1", title="Welcome and apologies"),
    AgendaItem(
        number="2",
        title="Better Care Fund quarterly return",
        presenter="Katherine Willison",
        presenter_role="Health and Integration Lead",
        pages=(11, 24),
    ),
    AgendaItem(number="8A", title="Pharmaceutical Needs Assessment", presenter="Mike Sandys"),
    AgendaItem(number="9", title="Sale of the Oakham depot", exempt=True),
]
OCTOBER_ITEMS = [
    AgendaItem(number="1", title="Welcome and apologies"),
    AgendaItem(
        number="2",
        title="Better Care Fund",
        presenter="Katherine Willison",
        presenter_role="Health and Integration Lead",
        report_number="146/2023",
        pages=(137, 170),
    ),
    AgendaItem(number="3", title="Contract award for home care", exempt=True),
    AgendaItem(number="4", title="Joint Strategic Needs Assessment", presenter="Dawn Godfrey"),
]
MEMBERS = [
    Member(name="Diane Ellison", role=Role.CHAIR, title="Portfolio Holder"),
    Member(name="Mike Sandys", role=Role.VICE_CHAIR, title="Director of Public Health"),
    Member(name="Zoe Adams", role=Role.MEMBER),
    Member(name="Adam Young", role=Role.MEMBER),
    Member(name="Katherine Willison", role=Role.OFFICER, title="Health and Integration Lead"),
    Member(name="Angela Hillery", role=Role.FOR_INFORMATION),
]
OCTOBER_ACTIONS = [
    ActionRecord(
        ref="1",
        description="Circulate the falls data",
        owner="Diane Ellison",
        due=date(2023, 9, 30),
    ),
    ActionRecord(ref="2", description="Write to the ICB about dentistry", owner="Diane Ellison"),
    ActionRecord(
        ref="3",
        description="Share the draft strategy",
        owner="Diane Ellison",
        due=date(2023, 8, 1),
        status="completed",
    ),
    ActionRecord(
        ref="4",
        description="Report on mental health waiting times",
        owner="Mike Sandys",
        due=date(2023, 7, 18),
        status="carried-forward",
    ),
    ActionRecord(
        ref="5",
        description="Book the community hall",
        owner="Diane Ellison",
        due=date(2023, 10, 20),
    ),
    ActionRecord(ref="6", description="Find a venue for the away day"),
]
OCTOBER_RESOLUTIONS = [
    Resolution(
        item="2",
        outcomes=["NOTED"],
        text="That the Board NOTED the Better Care Fund quarterly return.",
    ),
    Resolution(
        item="8A",
        outcomes=["APPROVED"],
        text="That the Board APPROVED the Pharmaceutical Needs Assessment for publication.",
    ),
    Resolution(
        item="8A",
        outcomes=["AGREED"],
        text="That the Board AGREED to review the assessment in a year.",
    ),
]
NORTH_ACTIONS = [
    ActionRecord(
        ref="1",
        description="Better Care Fund plan sign-off",
        owner="Nora Batty",
        due=date(2023, 9, 1),
    )
]
NORTH_RESOLUTIONS = [
    Resolution(item="4", outcomes=["NOTED"], text="That the Board NOTED the Better Care Fund plan.")
]
NORTH_ITEMS = [
    AgendaItem(number="1", title="Welcome"),
    AgendaItem(number="2", title="Better Care Fund plan", presenter="Nora Batty"),
    AgendaItem(number="8A", title="Northshire dental access"),
    AgendaItem(number="5", title="Northshire land disposal", exempt=True),
]


async def _store(database: Database, pack: Pack) -> int:
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW, new_board=True
    )
    return summary.meeting_id


async def _link(
    database: Database, board: str, name: str, user_id: int, role: str | None = None
) -> Viewer:
    return await link_telegram(
        database, board_name=board, person_name=name, telegram_user_id=user_id, role=role
    )


async def _meeting_id(database: Database, board_id: int, starts_at: datetime) -> int:
    async with database.read() as session:
        meeting_id = (
            await session.exec(
                select(Meeting.id).where(
                    col(Meeting.board_id) == board_id, col(Meeting.starts_at_utc) == starts_at
                )
            )
        ).one()
    assert meeting_id is not None
    return meeting_id


async def build_world(database: Database) -> World:
    """Import both boards' packs and link four Telegram accounts."""
    june_id = await _store(
        database,
        make_pack(
            start=datetime(2023, 6, 27, 14, tzinfo=LONDON), items=JUNE_ITEMS, members=MEMBERS
        ),
    )
    october = make_pack(
        items=OCTOBER_ITEMS, members=MEMBERS, next_start=datetime(2024, 1, 16, 14, tzinfo=LONDON)
    )
    october_id = await _store(
        database,
        replace(
            october,
            previous_meeting=PreviousMeeting(date=date(2023, 6, 27)),
            actions=OCTOBER_ACTIONS,
            resolutions=OCTOBER_RESOLUTIONS,
        ),
    )
    north = make_pack(
        body=NORTHSHIRE,
        start=datetime(2023, 10, 5, 10, tzinfo=LONDON),
        items=NORTH_ITEMS,
        members=[Member(name="Nora Batty", role=Role.CHAIR), Member(name="Mike Sandys")],
    )
    north_id = await _store(
        database,
        replace(
            north,
            previous_meeting=PreviousMeeting(date=date(2023, 7, 6)),
            actions=NORTH_ACTIONS,
            resolutions=NORTH_RESOLUTIONS,
        ),
    )
    diane = await _link(database, TESTSHIRE, "Diane Ellison", 101)
    mike = await _link(database, NORTHSHIRE, "Mike Sandys", 102)
    nora = await _link(database, NORTHSHIRE, "Nora Batty", 103)
    clerk = await _link(database, TESTSHIRE, "Carol Clerk", 104, role="clerk")
    [testshire_id] = diane.board_ids
    [northshire_id] = nora.board_ids
    january_id = await _meeting_id(database, testshire_id, datetime(2024, 1, 16, 14, tzinfo=UTC))
    return World(
        diane=diane,
        mike=mike,
        nora=nora,
        clerk=clerk,
        testshire_id=testshire_id,
        northshire_id=northshire_id,
        june_id=june_id,
        october_id=october_id,
        january_id=january_id,
        north_id=north_id,
    )
