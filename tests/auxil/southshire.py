"""Southshire: a board of four members on Telegram and one who is not, a clerk and a linked group,
for the meeting-change tests of the services, the bot and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fakegram import FakeBotApi, FakeChat, FakeUser
from packs.model import Member
from services import chats
from services.imports import import_pack
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from tests.auxil.packs import make_pack

BOARD = "Southshire Health and Wellbeing Board"
NOW = datetime(2023, 10, 1, tzinfo=UTC)
CLERK = FakeUser(id=7001, first_name="Clara", last_name="Clerk")
GROUP = FakeChat.group(-300800, "Southshire HWB")
NAMES = ["Amy Archer", "Ben Bishop", "Cara Cole", "Dev Dutta"]
USERS = [
    FakeUser(id=7100 + n, first_name=name.split()[0], last_name=name.split()[1])
    for n, name in enumerate(NAMES)
]
AMY, BEN = USERS[0], USERS[1]
UNLINKED = "Una Linked"
# The pack's meeting: Tuesday 10 October 2023, 2:00pm BST.
STARTS = datetime(2023, 10, 10, 13, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Southshire:
    """The meeting, its clerk and the first member (Amy)."""

    meeting_id: int
    clerk: Viewer
    member: Viewer


async def build_southshire(database: Database, fake: FakeBotApi) -> Southshire:
    """Import Southshire's pack, link four members and the clerk, link the group, and open
    their chats."""
    summary = await import_pack(
        database,
        pack=make_pack(body=BOARD, members=[Member(name=n) for n in [*NAMES, UNLINKED]]),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    member = None
    for user, name in zip(USERS, NAMES, strict=True):
        linked = await link_telegram(
            database,
            board_name=BOARD,
            person_name=name,
            telegram_user_id=user.id,
            role=None,
            now=NOW,
        )
        member = member or linked
    clerk = await link_telegram(
        database,
        board_name=BOARD,
        person_name="Clara Clerk",
        telegram_user_id=CLERK.id,
        role="clerk",
    )
    await chats.link_group(
        database, viewer=clerk, chat_id=GROUP.id, title=GROUP.title, board_name=None, now=NOW
    )
    for user in [CLERK, *USERS]:
        fake.add_chat(FakeChat.private(user))
    fake.add_chat(GROUP)
    assert member is not None
    return Southshire(meeting_id=summary.meeting_id, clerk=clerk, member=member)
