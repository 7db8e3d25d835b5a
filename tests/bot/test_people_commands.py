"""/member add|remove|role and /clerk invite|remove end to end: the real PTB Application and
dispatcher, the HTTP Bot API fake and a real SQLite file."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot import texts
from bot.handlers.people import parse_add, parse_name_and_role
from core.clock import FixedClock
from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from notify.planning import plan_board
from packs.model import Member
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Person
from tests.auxil.buttons import forge, press
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.world import NOW

BOARD = "Testshire Health and Wellbeing Board"
DIANE = FakeUser(id=8401, first_name="Diane", last_name="Ellison")
MIKE = FakeUser(id=8402, first_name="Mike", last_name="Sandys")
ZOE = FakeUser(id=8403, first_name="Zoe", last_name="Adams")
CLERK = FakeUser(id=8409, first_name="Carol", last_name="Clerk")
PRIYA = FakeUser(id=8410, first_name="Priya", last_name="Patel")
SAM = FakeUser(id=8411, first_name="Sam", last_name="Okafor")
EVE = FakeUser(id=8412, first_name="Eve", last_name="Eavesdrop")
MEMBERS = [
    Member(name="Diane Ellison", role=Role.CHAIR),
    Member(name="Mike Sandys", role=Role.VICE_CHAIR),
    Member(name="Zoe Adams", role=Role.MEMBER),
    Member(name="Adam Young", role=Role.MEMBER),  # never linked to Telegram
    Member(name="Bob Brown", role=Role.MEMBER),  # never linked to Telegram
    Member(name="Katherine Willison", role=Role.OFFICER),
]
LINK = re.compile(r"https://t\.me/quorum_demo_bot\?start=([A-Za-z0-9_-]+)")


@pytest.fixture
async def board(database: Database, fake_api: FakeBotApi, clock: FixedClock) -> int:
    """Five voting members (three on Telegram), an officer and a clerk; a meeting on Tuesday
    10 October 2023, 2pm, its reminders planned at the test's clock. Returns the board's id."""
    await import_pack(
        database,
        pack=make_pack(members=MEMBERS),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    board_id = 0
    for name, user, role in (
        ("Diane Ellison", DIANE, None),
        ("Mike Sandys", MIKE, None),
        ("Zoe Adams", ZOE, None),
        ("Carol Clerk", CLERK, "clerk"),
    ):
        linked = await link_telegram(
            database,
            board_name=BOARD,
            person_name=name,
            telegram_user_id=user.id,
            role=role,
            now=clock.now(),
        )
        [board_id] = linked.board_ids
    for user in (DIANE, MIKE, ZOE, CLERK, PRIYA, SAM, EVE):
        fake_api.add_chat(FakeChat.private(user))
    async with database.write() as session:
        await plan_board(session, board_id, now=clock.now())
    return board_id


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    """Send ``text`` as ``user`` and return the bot's (single) reply."""
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def _press_for_reply(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, label: str
) -> SentMessage:
    """Press ``label`` and return the message the bot sends after it."""
    before = len(fake.messages_to(user.id))
    await press(fake, user, message, label)
    await fake.wait_for_messages(user.id, before + 1)
    return fake.messages_to(user.id)[before]


async def _people(database: Database) -> int:
    async with database.read() as session:
        return (await session.exec(select(func.count()).select_from(Person))).one()


def _labels(message: SentMessage) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


def test_the_parts_of_member_add_and_member_role_are_told_apart() -> None:
    assert parse_add("Priya Patel officer Head of Housing") == (
        "Priya Patel",
        "officer",
        "Head of Housing",
    )
    assert parse_add("Priya Patel, Vice Chair, Leader of the Council") == (
        "Priya Patel",
        "Vice Chair",
        "Leader of the Council",
    )
    assert parse_add("Jo Bloggs vice chair") == ("Jo Bloggs", "vice-chair", None)
    assert parse_add("Jo  Bloggs") == ("Jo Bloggs", None, None)
    assert parse_name_and_role("Mike Sandys vice chair") == ("Mike Sandys", "vice chair")
    assert parse_name_and_role("Mike Sandys treasurer") == ("Mike Sandys", "treasurer")
    assert parse_name_and_role("Mike") is None


async def test_a_retired_member_gets_no_reminder_and_is_not_counted_in_attendance(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    board: int,
    dispatcher: Dispatcher,
) -> None:
    before = await _say(fake_api, CLERK, "/attendance")
    assert "Expected (5): Adam Young, Bob Brown, Diane Ellison, Mike Sandys, Zoe Adams" in (
        before.plain_text.splitlines()
    )
    question = await _say(fake_api, CLERK, "/member remove zoe adams")
    assert question.plain_text == (
        f"Retire Zoe Adams from {BOARD}? History is kept; no more reminders, not counted in "
        "the quorum."
    )
    assert _labels(question) == [texts.BUTTON_RETIRE, texts.BUTTON_KEEP]
    retire = question.button_data(texts.BUTTON_RETIRE)
    done = await _press_for_reply(fake_api, CLERK, question, texts.BUTTON_RETIRE)
    assert done.plain_text == texts.MEMBER_RETIRED.format(name="Zoe Adams", board=BOARD)
    assert question.buttons == []  # the question's buttons are gone
    # A second press (a double tap, an old client) changes nothing.
    again = await forge(fake_api, CLERK, question, retire)
    assert again.show_alert and again.text == texts.PEOPLE_QUESTION_GONE

    clock.set(datetime(2023, 10, 3, 14, 0, tzinfo=LONDON))  # 7 days before 2pm on the 10th
    dispatcher.poke()
    await dispatcher.settled()
    await fake_api.wait_until_quiet(quiet=0.1)
    for member in (DIANE, MIKE):
        [reminder] = fake_api.messages_to(member.id)
        assert reminder.plain_text.startswith(f"⏰ Reminder: {BOARD} meets in 7 days")
    assert fake_api.messages_to(ZOE.id) == []

    view = await _say(fake_api, CLERK, "/attendance")
    lines = view.plain_text.splitlines()
    assert "of 4 voting members" in lines[2]
    assert "Expected (4): Adam Young, Bob Brown, Diane Ellison, Mike Sandys" in lines
    assert "Zoe Adams" not in view.plain_text
    # /members (the list) no longer shows her either.
    listing = await _say(fake_api, CLERK, "/members")
    assert "Zoe Adams" not in listing.plain_text and "Diane Ellison" in listing.plain_text


async def test_an_unknown_name_is_answered_with_close_names_to_pick_and_creates_no_one(
    running_bot: Any, fake_api: FakeBotApi, database: Database, board: int
) -> None:
    people = await _people(database)
    asked = await _say(fake_api, CLERK, "/member remove Zoe Adam")
    assert asked.plain_text == f"No one called “Zoe Adam” is on {BOARD}. Did you mean:"
    assert _labels(asked)[0] == "Zoe Adams" and _labels(asked)[-1] == texts.BUTTON_PEOPLE_CANCEL
    confirm = await _press_for_reply(fake_api, CLERK, asked, "Zoe Adams")
    assert confirm.plain_text.startswith("Retire Zoe Adams from ")
    kept = await _press_for_reply(fake_api, CLERK, confirm, texts.BUTTON_KEEP)
    assert kept.plain_text == f"Nothing changed: Zoe Adams stays on {BOARD}."

    nobody = await _say(fake_api, CLERK, "/member role Bartholomew Quist chair")
    assert nobody.plain_text.startswith(f"No one called “Bartholomew Quist” is on {BOARD}.")
    assert nobody.buttons == []

    close = await _say(fake_api, CLERK, "/member add Diane Elison")
    assert close.plain_text.startswith("“Diane Elison” is close to someone")
    assert _labels(close) == [
        "Diane Ellison",
        texts.BUTTON_ADD_AS_NEW.format(name="Diane Elison"),
        texts.BUTTON_PEOPLE_CANCEL,
    ]
    picked = await _press_for_reply(fake_api, CLERK, close, "Diane Ellison")
    assert picked.plain_text.startswith("Diane Ellison is already on ")
    assert await _people(database) == people

    close = await _say(fake_api, CLERK, "/member add Diane Elison")
    added = await _press_for_reply(
        fake_api, CLERK, close, texts.BUTTON_ADD_AS_NEW.format(name="Diane Elison")
    )
    assert added.plain_text.startswith(f"Diane Elison is now a member of {BOARD}.")
    assert LINK.search(added.plain_text)
    assert await _people(database) == people + 1


async def test_a_member_added_in_chat_opens_their_invite_and_a_role_changes(
    running_bot: Any, fake_api: FakeBotApi, database: Database, board: int
) -> None:
    added = await _say(fake_api, CLERK, "/member add Priya Patel officer Head of Housing")
    lines = added.plain_text.splitlines()
    assert lines[0] == f"Priya Patel is now an officer of {BOARD} (Head of Housing)."
    assert lines[1].startswith("Send them this invite link; it works once, until ")
    match = LINK.search(added.plain_text)
    assert match is not None
    welcome = await _say(fake_api, PRIYA, f"/start {match.group(1)}")
    assert welcome.plain_text.startswith("Welcome, Priya Patel!")

    changed = await _say(fake_api, CLERK, "/member role Mike Sandys chair")
    assert changed.plain_text == f"Mike Sandys is now the chair of {BOARD} (was a vice-chair)."
    refused = await _say(fake_api, CLERK, "/member role Mike Sandys treasurer")
    assert refused.plain_text.startswith("'treasurer' is not a role; use one of: chair")

    usage = await _say(fake_api, CLERK, "/member")
    assert usage.plain_text.startswith("Members of your board")
    # /members, the list, is still the list.
    listing = await _say(fake_api, CLERK, "/members")
    assert "Priya Patel" in listing.plain_text


async def test_a_clerk_invitation_makes_its_opener_a_clerk_and_works_once(
    running_bot: Any, fake_api: FakeBotApi, database: Database, board: int
) -> None:
    last = await _say(fake_api, CLERK, "/clerk remove Carol Clerk")
    assert last.plain_text.startswith(f"Carol Clerk is the only clerk of {BOARD}")
    issued = await _say(fake_api, CLERK, "/clerk invite")
    assert issued.plain_text.startswith(f"Clerk invitation for {BOARD}, valid until ")
    match = LINK.search(issued.plain_text)
    assert match is not None
    people = await _people(database)
    welcome = await _say(fake_api, SAM, f"/start {match.group(1)}")
    assert welcome.plain_text.startswith("Welcome, Sam Okafor!")
    assert f"{BOARD} (clerk)" in welcome.plain_text
    assert await _people(database) == people + 1
    refused = await _say(fake_api, EVE, f"/start {match.group(1)}")
    assert refused.plain_text == texts.INVITE_NOT_VALID
    # The new clerk may now do a clerk's work, including removing the old clerk.
    removed = await _say(fake_api, SAM, "/clerk remove Carol Clerk")
    assert removed.plain_text == f"Carol Clerk is no longer a clerk of {BOARD}."
    refused = await _say(fake_api, CLERK, "/member add Pat Lee")
    assert refused.plain_text == texts.CLERK_ONLY
    usage = await _say(fake_api, SAM, "/clerk")
    assert usage.plain_text.startswith("Clerks of your board")


async def test_members_who_are_not_clerks_are_told_politely(
    running_bot: Any, fake_api: FakeBotApi, database: Database, board: int
) -> None:
    people = await _people(database)
    for command in ("/member add Pat Lee", "/member remove Zoe Adams", "/clerk invite"):
        reply = await _say(fake_api, DIANE, command)
        assert reply.plain_text == texts.CLERK_ONLY
    assert await _people(database) == people


async def test_a_clerk_of_two_boards_picks_the_board_with_a_button(
    running_bot: Any, fake_api: FakeBotApi, database: Database, board: int
) -> None:
    other = replace(
        make_pack(
            body="Westshire Parish Council",
            start=datetime(2023, 10, 5, 19, tzinfo=LONDON),
            members=[Member(name="Olive Other", role=Role.CHAIR)],
        ),
        organisation="Westshire Parish Council",
    )
    await import_pack(
        database,
        pack=other,
        board_name="Westshire Parish Council",
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    await link_telegram(
        database,
        board_name="Westshire Parish Council",
        person_name="Carol Clerk",
        telegram_user_id=CLERK.id,
        role="clerk",
    )
    asked = await _say(fake_api, CLERK, "/member add Priya Patel")
    assert asked.plain_text == texts.PEOPLE_WHICH_BOARD
    assert _labels(asked) == [BOARD, "Westshire Parish Council"]
    added = await _press_for_reply(fake_api, CLERK, asked, "Westshire Parish Council")
    assert added.plain_text.startswith("Priya Patel is now a member of Westshire Parish Council.")
    listing = await _say(fake_api, CLERK, "/members")
    westshire = listing.plain_text.split("Westshire Parish Council", 1)[1]
    assert "Priya Patel" in westshire
