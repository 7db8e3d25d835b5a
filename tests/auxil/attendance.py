"""Testshire's attendance kit: a board of five voting members (two not on Telegram), an officer
and two clerks, with one meeting; and a reader of the late-apology notices queued for clerks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select

from core.roles import Role
from packs.model import Member
from services.imports import import_pack
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from storage.models import Notification
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
START = datetime(2023, 10, 10, 14, 0, tzinfo=LONDON)

BOARD = "Testshire Health and Wellbeing Board"
MEMBERS = [
    Member(name="Diane Ellison", role=Role.CHAIR),
    Member(name="Mike Sandys", role=Role.VICE_CHAIR),
    Member(name="Zoe Adams", role=Role.MEMBER),
    Member(name="Adam Young", role=Role.MEMBER),
    Member(name="Bob Brown", role=Role.MEMBER),
    Member(name="Katherine Willison", role=Role.OFFICER),
]


class Board:
    """The board's meeting and its linked people by first name (lower case)."""

    def __init__(self, meeting_id: int, people: dict[str, Viewer]) -> None:
        self.meeting_id = meeting_id
        self.people = people


async def build_board(database: Database) -> Board:
    """Five voting members (Adam and Bob not on Telegram), an officer, two clerks."""
    summary = await import_pack(
        database,
        pack=make_pack(start=START, members=MEMBERS),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    people: dict[str, Viewer] = {}
    for name, user_id, role in (
        ("Diane Ellison", 7001, None),
        ("Mike Sandys", 7002, None),
        ("Zoe Adams", 7003, None),
        ("Katherine Willison", 7004, None),
        ("Carol Clerk", 7009, "clerk"),
        ("Colin Clerk", 7010, "clerk"),
    ):
        people[name.split()[0].lower()] = await link_telegram(
            database, board_name=BOARD, person_name=name, telegram_user_id=user_id, role=role
        )
    return Board(summary.meeting_id, people)


async def late_rows(db: Database) -> list[Notification]:
    """The late-apology notices queued for clerks, oldest first."""
    async with db.read() as session:
        rows = await session.exec(
            select(Notification)
            .where(Notification.kind == "late-apology")
            .order_by(col(Notification.id))
        )
        return list(rows.all())
