"""Eastshire: a board of 20 members (16 on Telegram), a clerk and a linked group, for the
publication and broadcast tests of the services and of the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import select

from fakegram import FakeBotApi, FakeChat, FakeUser
from packs.model import Member
from services import chats
from services.imports import import_pack
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from storage.models import Broadcast, Notification
from tests.auxil.packs import make_pack

EASTSHIRE = "Eastshire Health and Wellbeing Board"
WESTSHIRE = "Westshire Parish Council"
NOW = datetime(2023, 10, 1, tzinfo=UTC)
CLERK = FakeUser(id=8001, first_name="Clara", last_name="Clerk")
GROUP = FakeChat.group(-200700, "Eastshire HWB members")
NAMES = [
    "Amy Archer",
    "Ben Bishop",
    "Cara Cole",
    "Dev Dutta",
    "Eve Ellis",
    "Finn Ford",
    "Gita Gill",
    "Hugh Hart",
    "Iris Irwin",
    "Jack Jones",
    "Kate King",
    "Liam Lowe",
    "Mia Moss",
    "Nat Nash",
    "Owen Oakes",
    "Pia Price",
    "Quin Quade",
    "Rosa Reid",
    "Sam Stone",
    "Tara Todd",
]
LINKED = 16  # the first 16 have Telegram; the last 4 were never invited
USERS = [
    FakeUser(id=8100 + index, first_name=name.split()[0], last_name=name.split()[1])
    for index, name in enumerate(NAMES[:LINKED])
]
AMY, BEN, CARA = USERS[0], USERS[1], USERS[2]
OLIVE = FakeUser(id=8900, first_name="Olive", last_name="Other")


@dataclass(frozen=True, slots=True)
class Eastshire:
    """What the tests need to know of the board they were given."""

    board_id: int
    meeting_id: int
    clerk: Viewer


async def build_eastshire(
    database: Database, fake: FakeBotApi, *, known: list[FakeUser] | None = None
) -> Eastshire:
    """Import Eastshire's pack, link its members and clerk, link the group; ``known`` (by default
    everyone but Cara) have a private chat Telegram knows about."""
    if known is None:
        known = [user for user in USERS if user is not CARA]
    summary = await import_pack(
        database,
        pack=make_pack(body=EASTSHIRE, members=[Member(name=name) for name in NAMES]),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    for user, name in zip(USERS, NAMES, strict=False):
        await link_telegram(
            database, board_name=EASTSHIRE, person_name=name, telegram_user_id=user.id, role=None
        )
    clerk = await link_telegram(
        database,
        board_name=EASTSHIRE,
        person_name="Clara Clerk",
        telegram_user_id=CLERK.id,
        role="clerk",
    )
    await chats.link_group(
        database, viewer=clerk, chat_id=GROUP.id, title=GROUP.title, board_name=None, now=NOW
    )
    # Members who have opened the bot: a private chat Telegram knows about.
    for user in [CLERK, *known]:
        fake.add_chat(FakeChat.private(user))
    fake.add_chat(GROUP)
    [board_id] = clerk.board_ids
    return Eastshire(board_id=board_id, meeting_id=summary.meeting_id, clerk=clerk)


async def count_rows(database: Database, model: type[Broadcast] | type[Notification]) -> int:
    """How many rows ``model``'s table holds."""
    async with database.read() as session:
        return int((await session.exec(select(func.count()).select_from(model))).one())
