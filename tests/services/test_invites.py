"""Onboarding: invite links, clerks, and Telegram groups linked to boards."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import col, select

from core.errors import NotFoundError, QuorumError
from core.roles import Role
from packs.model import Member
from services.access import AccessDenied
from services.chats import board_for_chat, link_group, migrate_chat, unlink_group
from services.imports import import_pack
from services.invites import (
    INVITE_TTL,
    InviteRefused,
    add_clerk,
    create_invite,
    create_invites_for_unlinked,
    hash_token,
    invite_link,
    redeem_invite,
)
from services.people import link_telegram, viewer_for
from services.views import Viewer
from storage.engine import Database
from storage.models import Invite, Membership, Person
from tests.auxil.packs import make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
BOARD = "Testshire Health and Wellbeing Board"
OTHER_BOARD = "Otherton Health and Wellbeing Board"
MEMBERS = [
    Member(name="Diane Ellison", role=Role.CHAIR, title="Portfolio Holder"),
    Member(name="Mike Sandys", role=Role.VICE_CHAIR, title="Director of Public Health"),
    Member(name="Richard Clifton", role=Role.MEMBER),
    Member(name="Emma Jones", role=Role.OFFICER),
    Member(name="Claire Clerkson", role=Role.CLERK),
]
CLERK_ID = 9001
LINKED_ID = 9002
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def _board(db: Database, body: str = BOARD, members: list[Member] | None = None) -> None:
    await import_pack(
        db,
        pack=make_pack(body=body, members=MEMBERS if members is None else members),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )


@pytest.fixture
async def board(database: Database) -> Database:
    """The test board: a clerk linked to Telegram, Mike Sandys linked, the rest not."""
    await _board(database)
    await link_telegram(
        database,
        board_name=BOARD,
        person_name="Claire Clerkson",
        telegram_user_id=CLERK_ID,
        role=None,
    )
    await link_telegram(
        database, board_name=BOARD, person_name="Mike Sandys", telegram_user_id=LINKED_ID, role=None
    )
    return database


async def _clerk(db: Database) -> Viewer:
    viewer = await viewer_for(db, telegram_user_id=CLERK_ID)
    assert viewer is not None
    return viewer


async def _invites(db: Database) -> list[Invite]:
    async with db.read() as session:
        return list((await session.exec(select(Invite).order_by(col(Invite.id)))).all())


def _database_bytes(directory: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(directory.glob("quorum.db*")))


async def _everything_stored(db: Database, directory: Path) -> bytes:
    """What the database holds: SQLite's files byte for byte, or on PostgreSQL every row of
    every table (alembic's included) as text."""
    if db.is_sqlite:
        # Closing the last connection checkpoints the WAL into the main file; read every file
        # anyway.
        await db.dispose()
        return await asyncio.to_thread(_database_bytes, directory)
    async with db.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        rows: list[str] = []
        for table in tables:
            query = text(f'select row_data::text from "{table}" as row_data')
            rows.extend((await connection.execute(query)).scalars().all())
    assert "invite" in tables and rows
    return "\n".join(rows).encode()


# Invites


async def test_an_invite_links_the_member_once(board: Database) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Diane Ellison", now=NOW)
    assert issued.person_name == "Diane Ellison"
    assert issued.board_name == BOARD
    assert issued.expires_at_utc == NOW + INVITE_TTL

    viewer = await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=NOW)
    assert viewer is not None
    assert viewer.full_name == "Diane Ellison"
    assert [(b.board_name, b.role) for b in viewer.boards] == [(BOARD, "chair")]
    assert await viewer_for(board, telegram_user_id=5001) == viewer

    assert await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=NOW) is None
    assert await redeem_invite(board, token=issued.token, telegram_user_id=5002, now=NOW) is None
    [row] = await _invites(board)
    assert row.used_at_utc == NOW
    assert row.used_by_telegram_id == 5001


async def test_tokens_fit_telegram_start_payloads_and_the_link(board: Database) -> None:
    tokens = {
        (await create_invite(board, board_name=BOARD, person_name="Diane Ellison", now=NOW)).token
        for _ in range(20)
    }
    assert len(tokens) == 20
    for token in tokens:
        assert TOKEN_SHAPE.match(token), token
        assert len(token) == 32
    assert invite_link("RutlandBoardBot", "abc_-1") == "https://t.me/RutlandBoardBot?start=abc_-1"
    assert invite_link("@RutlandBoardBot", "x") == "https://t.me/RutlandBoardBot?start=x"


async def test_invites_expire(board: Database) -> None:
    issued = await create_invite(
        board,
        board_name=BOARD,
        person_name="Diane Ellison",
        now=NOW,
        ttl=timedelta(days=1),
    )
    expiry = NOW + timedelta(days=1)
    assert issued.expires_at_utc == expiry
    assert await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=expiry) is None
    late = expiry + timedelta(seconds=1)
    assert await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=late) is None
    assert await viewer_for(board, telegram_user_id=5001) is None
    just_in_time = expiry - timedelta(seconds=1)
    viewer = await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=just_in_time)
    assert viewer is not None and viewer.full_name == "Diane Ellison"


async def test_only_the_hash_of_a_token_is_stored(board: Database, tmp_path: Path) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Diane Ellison", now=NOW)
    [row] = await _invites(board)
    assert row.token_hash == hash_token(issued.token)
    assert re.fullmatch(r"[0-9a-f]{64}", row.token_hash)
    stored = await _everything_stored(board, tmp_path)
    assert row.token_hash.encode() in stored
    assert issued.token.encode() not in stored


@pytest.mark.parametrize(
    "token", ["", "x" * 65, "has space", "semi;colon", "../etc", "ÄÖÜ", "a\nb", "%41%42"]
)
async def test_malformed_tokens_are_refused(board: Database, token: str) -> None:
    assert await redeem_invite(board, token=token, telegram_user_id=5001, now=NOW) is None


async def test_an_unknown_token_is_refused(board: Database) -> None:
    token = "A" * 32
    assert await redeem_invite(board, token=token, telegram_user_id=5001, now=NOW) is None


async def test_concurrent_redeems_of_one_token_link_exactly_one_account(board: Database) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Diane Ellison", now=NOW)
    results = await asyncio.gather(
        *(
            redeem_invite(board, token=issued.token, telegram_user_id=7000 + n, now=NOW)
            for n in range(10)
        )
    )
    winners = [result for result in results if result is not None]
    assert len(winners) == 1
    assert winners[0].full_name == "Diane Ellison"
    [row] = await _invites(board)
    async with board.read() as session:
        diane = (
            await session.exec(select(Person).where(Person.full_name == "Diane Ellison"))
        ).one()
    assert diane.telegram_user_id == row.used_by_telegram_id
    assert diane.telegram_user_id is not None and 7000 <= diane.telegram_user_id < 7010


async def test_an_account_linked_to_someone_else_is_refused_and_the_invite_kept(
    board: Database,
) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Diane Ellison", now=NOW)
    with pytest.raises(InviteRefused, match="already linked to Mike Sandys"):
        await redeem_invite(board, token=issued.token, telegram_user_id=LINKED_ID, now=NOW)
    [row] = await _invites(board)
    assert row.used_at_utc is None
    viewer = await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=NOW)
    assert viewer is not None and viewer.full_name == "Diane Ellison"
    mike = await viewer_for(board, telegram_user_id=LINKED_ID)
    assert mike is not None and mike.full_name == "Mike Sandys"


async def test_an_invite_moves_a_member_to_a_new_account(board: Database) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Mike Sandys", now=NOW)
    viewer = await redeem_invite(board, token=issued.token, telegram_user_id=5555, now=NOW)
    assert viewer is not None and viewer.full_name == "Mike Sandys"
    assert await viewer_for(board, telegram_user_id=LINKED_ID) is None


async def test_an_invite_for_someone_since_removed_from_the_board_is_void(
    board: Database,
) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Emma Jones", now=NOW)
    async with board.write() as session:
        emma = (await session.exec(select(Person).where(Person.full_name == "Emma Jones"))).one()
        for membership in (
            await session.exec(select(Membership).where(Membership.person_id == emma.id))
        ).all():
            await session.delete(membership)
    assert await redeem_invite(board, token=issued.token, telegram_user_id=5001, now=NOW) is None
    assert await viewer_for(board, telegram_user_id=5001) is None


async def test_names_are_matched_like_the_pack_and_strangers_refused(board: Database) -> None:
    issued = await create_invite(board, board_name=BOARD, person_name="Councillor Clifton", now=NOW)
    assert issued.person_name == "Richard Clifton"
    with pytest.raises(NotFoundError, match=f"No one called 'Nobody Here' is a member of {BOARD}"):
        await create_invite(board, board_name=BOARD, person_name="Nobody Here", now=NOW)
    with pytest.raises(NotFoundError, match="no board called 'Nowhere'"):
        await create_invite(board, board_name="Nowhere", person_name="Diane Ellison", now=NOW)
    with pytest.raises(ValueError, match="naive"):
        await create_invite(
            board, board_name=BOARD, person_name="Diane Ellison", now=datetime(2023, 10, 3)
        )
    assert len(await _invites(board)) == 1


async def test_only_the_boards_clerk_may_create_invites(board: Database) -> None:
    await _board(board, body=OTHER_BOARD, members=[Member(name="Olive Other", role=Role.CLERK)])
    await link_telegram(
        board, board_name=OTHER_BOARD, person_name="Olive Other", telegram_user_id=9100, role=None
    )
    member = await viewer_for(board, telegram_user_id=LINKED_ID)
    other_clerk = await viewer_for(board, telegram_user_id=9100)
    assert member is not None and other_clerk is not None
    for outsider in (member, other_clerk):
        with pytest.raises(AccessDenied):
            await create_invite(
                board, board_name=BOARD, person_name="Diane Ellison", now=NOW, created_by=outsider
            )
        with pytest.raises(AccessDenied):
            await create_invites_for_unlinked(board, board_name=BOARD, now=NOW, created_by=outsider)
    assert await _invites(board) == []

    clerk = await _clerk(board)
    await create_invite(
        board, board_name=BOARD, person_name="Diane Ellison", now=NOW, created_by=clerk
    )
    [row] = await _invites(board)
    assert row.created_by_person_id == clerk.person_id


async def test_invites_for_all_skip_linked_members_and_clerks(board: Database) -> None:
    clerk = await _clerk(board)
    issued = await create_invites_for_unlinked(board, board_name=BOARD, now=NOW, created_by=clerk)
    assert [invite.person_name for invite in issued] == [
        "Diane Ellison",
        "Emma Jones",
        "Richard Clifton",
    ]
    assert len({invite.token for invite in issued}) == 3
    for n, invite in enumerate(issued):
        viewer = await redeem_invite(board, token=invite.token, telegram_user_id=8000 + n, now=NOW)
        assert viewer is not None and viewer.full_name == invite.person_name
    assert await create_invites_for_unlinked(board, board_name=BOARD, now=NOW) == []


async def test_an_unlinked_clerk_is_not_invited_with_all(database: Database) -> None:
    # A person who is both a member and the clerk is still a clerk: added with add_clerk.
    await _board(
        database,
        members=[
            Member(name="Sam Both", role=Role.OFFICER),
            Member(name="Sam Both", role=Role.CLERK),
        ],
    )
    assert await create_invites_for_unlinked(database, board_name=BOARD, now=NOW) == []


# Clerks


async def test_add_clerk_promotes_the_linked_person(board: Database) -> None:
    viewer = await add_clerk(board, board_name=BOARD, telegram_user_id=LINKED_ID)
    assert viewer.full_name == "Mike Sandys"
    assert viewer.roles_on(viewer.boards[0].board_id) == {"vice-chair", "clerk"}
    again = await add_clerk(board, board_name=BOARD, telegram_user_id=LINKED_ID, name="Ignored")
    assert again == viewer


async def test_add_clerk_creates_a_person_for_an_unknown_account(board: Database) -> None:
    viewer = await add_clerk(board, board_name=BOARD, telegram_user_id=4242)
    assert viewer.full_name == "Clerk 4242"
    assert [(b.board_name, b.role) for b in viewer.boards] == [(BOARD, "clerk")]
    named = await add_clerk(board, board_name=BOARD, telegram_user_id=4343, name=" Pat  Smith ")
    assert named.full_name == "Pat Smith"
    assert named.is_clerk


async def test_add_clerk_with_a_members_name_links_that_member(board: Database) -> None:
    viewer = await add_clerk(board, board_name=BOARD, telegram_user_id=4242, name="Emma Jones")
    assert viewer.full_name == "Emma Jones"
    assert {b.role for b in viewer.boards} == {"officer", "clerk"}
    async with board.read() as session:
        emmas = (await session.exec(select(Person).where(Person.full_name == "Emma Jones"))).all()
    assert len(emmas) == 1
    with pytest.raises(QuorumError, match="already linked"):
        await add_clerk(board, board_name=BOARD, telegram_user_id=4343, name="Mike Sandys")
    with pytest.raises(NotFoundError):
        await add_clerk(board, board_name="Nowhere", telegram_user_id=4343)


# Telegram groups


async def test_a_clerk_links_a_group_to_their_board(board: Database) -> None:
    clerk = await _clerk(board)
    assert await board_for_chat(board, chat_id=-100123) is None
    linked = await link_group(
        board, viewer=clerk, chat_id=-100123, title="HWB members", board_name=None, now=NOW
    )
    assert linked == BOARD
    found = await board_for_chat(board, chat_id=-100123)
    assert found is not None and found[1] == BOARD
    assert found[0] in clerk.clerk_board_ids


async def test_only_clerks_link_groups(board: Database) -> None:
    member = await viewer_for(board, telegram_user_id=LINKED_ID)
    assert member is not None
    with pytest.raises(AccessDenied):
        await link_group(
            board, viewer=member, chat_id=-100123, title=None, board_name=BOARD, now=NOW
        )
    assert await board_for_chat(board, chat_id=-100123) is None


async def test_relinking_a_group_moves_it_between_the_clerks_boards(board: Database) -> None:
    await _board(board, body=OTHER_BOARD, members=[Member(name="Olive Other", role=Role.MEMBER)])
    both = await add_clerk(board, board_name=OTHER_BOARD, telegram_user_id=CLERK_ID)
    with pytest.raises(QuorumError, match="clerk of 2 boards"):
        await link_group(board, viewer=both, chat_id=-1, title="G", board_name=None, now=NOW)
    to_first = await link_group(
        board, viewer=both, chat_id=-1, title="G", board_name=BOARD, now=NOW
    )
    assert to_first == BOARD
    other = "otherton health and wellbeing board"
    to_other = await link_group(
        board, viewer=both, chat_id=-1, title="G", board_name=other, now=NOW
    )
    assert to_other == OTHER_BOARD
    found = await board_for_chat(board, chat_id=-1)
    assert found is not None and found[1] == OTHER_BOARD


async def test_a_group_linked_to_another_clerks_board_is_not_taken(board: Database) -> None:
    clerk = await _clerk(board)
    await link_group(board, viewer=clerk, chat_id=-1, title=None, board_name=None, now=NOW)
    await _board(board, body=OTHER_BOARD, members=[Member(name="Olive Other", role=Role.CLERK)])
    await link_telegram(
        board, board_name=OTHER_BOARD, person_name="Olive Other", telegram_user_id=9100, role=None
    )
    olive = await viewer_for(board, telegram_user_id=9100)
    assert olive is not None
    with pytest.raises(AccessDenied):
        await link_group(board, viewer=olive, chat_id=-1, title=None, board_name=None, now=NOW)
    with pytest.raises(AccessDenied):
        await link_group(board, viewer=olive, chat_id=-2, title=None, board_name=BOARD, now=NOW)
    with pytest.raises(AccessDenied):
        await unlink_group(board, viewer=olive, chat_id=-1)
    found = await board_for_chat(board, chat_id=-1)
    assert found is not None and found[1] == BOARD
    assert await unlink_group(board, viewer=clerk, chat_id=-1) == BOARD
    assert await board_for_chat(board, chat_id=-1) is None
    assert await unlink_group(board, viewer=clerk, chat_id=-1) is None


async def test_a_group_that_becomes_a_supergroup_keeps_its_board(board: Database) -> None:
    clerk = await _clerk(board)
    await link_group(board, viewer=clerk, chat_id=-4001, title="HWB", board_name=None, now=NOW)
    await migrate_chat(board, old_chat_id=-4001, new_chat_id=-1004001)
    assert await board_for_chat(board, chat_id=-4001) is None
    found = await board_for_chat(board, chat_id=-1004001)
    assert found is not None and found[1] == BOARD
    # Unknown chats, and a migration Telegram reports twice, change nothing.
    await migrate_chat(board, old_chat_id=-4001, new_chat_id=-1004001)
    await migrate_chat(board, old_chat_id=-7, new_chat_id=-1007)
    assert await board_for_chat(board, chat_id=-1007) is None


async def test_migrating_onto_an_already_linked_supergroup_keeps_that_link(
    board: Database,
) -> None:
    await _board(board, body=OTHER_BOARD, members=[Member(name="Olive Other", role=Role.MEMBER)])
    both = await add_clerk(board, board_name=OTHER_BOARD, telegram_user_id=CLERK_ID)
    await link_group(board, viewer=both, chat_id=-5, title=None, board_name=BOARD, now=NOW)
    await link_group(board, viewer=both, chat_id=-1005, title=None, board_name=OTHER_BOARD, now=NOW)
    await migrate_chat(board, old_chat_id=-5, new_chat_id=-1005)
    assert await board_for_chat(board, chat_id=-5) is None
    found = await board_for_chat(board, chat_id=-1005)
    assert found is not None and found[1] == OTHER_BOARD
