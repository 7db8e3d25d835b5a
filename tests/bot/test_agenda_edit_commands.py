"""A parish council's clerk builds a meeting and its agenda in chat, through the real PTB
Application and the HTTP fake: /meeting new with words or question by question, /item
add|edit|move|drop, and a councillor's /agenda showing the result."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot import texts
from core.clock import FixedClock
from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from services import agenda_edit, broadcasts
from storage.engine import Database
from storage.models import Board, Meeting, Membership, Person
from tests.auxil.buttons import forge, press
from tests.services.test_agenda_edit import (
    CLERK_ID,
    MEMBER_IDS,
    MEMBER_NAMES,
    PARISH,
    Parish,
    build_parish,
)

CLERK = FakeUser(id=CLERK_ID, first_name="Cathy", last_name="Clerk")
PENNY = FakeUser(id=MEMBER_IDS[0], first_name="Penny", last_name="Parker")


@pytest.fixture
async def parish(database: Database, fake_api: FakeBotApi) -> Parish:
    built = await build_parish(database)
    for user in (CLERK, PENNY):
        fake_api.add_chat(FakeChat.private(user))
    return built


async def _ask(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    messages = await fake.wait_for_messages(user.id, before + 1)
    return messages[before]


async def _meetings(database: Database) -> int:
    async with database.read() as session:
        return int((await session.exec(select(func.count()).select_from(Meeting))).one())


async def test_a_clerk_makes_a_meeting_and_its_agenda_and_a_councillor_reads_it(
    running_bot: Any, fake_api: FakeBotApi, database: Database, parish: Parish
) -> None:
    question = await _ask(
        fake_api,
        CLERK,
        "/meeting new 14 November 2023 7pm, Village Hall, https://meet.example/x",
    )
    assert question.plain_text == (
        f"Create a meeting of {PARISH} on Tuesday 14 November 2023, 7:00pm?\n"
        "📍 Village Hall\n🔗 https://meet.example/x"
    )
    assert await _meetings(database) == 0
    create = question.button_data("Create")
    await press(fake_api, CLERK, question, "Create")
    assert question.plain_text.startswith(
        f"Created: {PARISH}, Tuesday 14 November 2023, 7:00pm (ID "
    )
    # A second press of the same button (a slow client still showing it) creates nothing more.
    second = await forge(fake_api, CLERK, question, create)
    assert second.text == texts.MEETING_NEW_EXPIRED
    assert await _meetings(database) == 1

    for title in ("Apologies", "Minutes of the last meeting", "Planning applications"):
        await _ask(fake_api, CLERK, f"/item add {title}")
    added = await _ask(fake_api, CLERK, "/item add Declarations of interest after 1")
    assert added.plain_text.splitlines()[:7] == [
        "Added item 1A.",
        "",
        f"Agenda: {PARISH}",
        "Tuesday 14 November 2023, 7:00pm · Village Hall",
        "",
        "1. Apologies",
        "1A. Declarations of interest",
    ]
    edited = await _ask(fake_api, CLERK, "/item edit 3 presenter Rosa Reed")
    assert edited.plain_text.startswith("Changed item 3.")
    assert "Rosa Reed" in edited.plain_text
    moved = await _ask(fake_api, CLERK, "/item move 3 to 1")
    assert moved.plain_text.splitlines()[5].startswith("3. Planning applications")

    dropping = await _ask(fake_api, CLERK, "/item drop 2")
    assert dropping.plain_text.startswith("Drop item 2 (Minutes of the last meeting)")
    await press(fake_api, CLERK, dropping, "Drop it")
    assert dropping.plain_text.startswith("Dropped item 2.")
    assert "Minutes of the last meeting" not in dropping.plain_text

    agenda = await _ask(fake_api, PENNY, "/agenda")
    assert [line for line in agenda.plain_text.splitlines() if line[:1].isdigit()] == [
        "3. Planning applications",
        "1. Apologies",
        "1A. Declarations of interest",
    ]
    # A councillor's /item N is still the member's view; the clerk's verbs are not theirs.
    item = await _ask(fake_api, PENNY, "/item 1A")
    assert "Declarations of interest" in item.plain_text
    refused = await _ask(fake_api, PENNY, "/item add Cricket pavilion")
    assert refused.plain_text == texts.CLERK_ONLY


async def test_meeting_new_asks_one_question_at_a_time(
    running_bot: Any, fake_api: FakeBotApi, database: Database, parish: Parish
) -> None:
    asked = await _ask(fake_api, CLERK, "/meeting new")
    assert asked.plain_text.startswith("When is the meeting?")
    unreadable = await _ask(fake_api, CLERK, "soonish")
    assert unreadable.plain_text.startswith("I couldn't read “soonish”")
    time_asked = await _ask(fake_api, CLERK, "21 Nov")
    assert time_asked.plain_text.startswith("At what time on Tuesday 21 November 2023?")
    place_asked = await _ask(fake_api, CLERK, "7:30pm")
    assert place_asked.plain_text.startswith("Where?")
    link_asked = await _ask(fake_api, CLERK, "none")
    assert link_asked.plain_text.startswith("A link to join online?")
    bad_link = await _ask(fake_api, CLERK, "meet.example/y")
    assert "https://" in bad_link.plain_text and "A link to join online?" in bad_link.plain_text
    confirm = await _ask(fake_api, CLERK, "none")
    assert confirm.plain_text == (
        f"Create a meeting of {PARISH} on Tuesday 21 November 2023, 7:30pm?\n📍 no place given"
    )
    await press(fake_api, CLERK, confirm, "Create")
    assert confirm.plain_text.startswith("Created:")
    assert await _meetings(database) == 1
    # A second meeting that day is refused with the first one named.
    again = await _ask(fake_api, CLERK, "/meeting new 21 Nov 10am")
    await press(fake_api, CLERK, again, "Create")
    answer = fake_api.callback_answers[-1].text or ""
    assert "already has a meeting on Tuesday 21 November 2023, 7:30pm" in answer
    assert await _meetings(database) == 1
    # /cancel drops a draft still being asked for.
    await _ask(fake_api, CLERK, "/meeting new")
    cancelled = await _ask(fake_api, CLERK, "/cancel")
    assert cancelled.plain_text == texts.MEETING_NEW_CANCELLED


async def test_item_commands_explain_themselves(
    running_bot: Any, fake_api: FakeBotApi, parish: Parish
) -> None:
    nothing = await _ask(fake_api, CLERK, "/item add Apologies")
    assert nothing.plain_text == (
        f"{PARISH} has no meeting coming up. Create one with /meeting new."
    )
    usage = await _ask(fake_api, CLERK, "/item move 5")
    assert usage.plain_text.startswith("Change an agenda")


async def test_a_clerk_of_two_boards_is_asked_which_and_items_go_to_the_soonest_meeting(
    running_bot: Any, fake_api: FakeBotApi, database: Database, parish: Parish
) -> None:
    async with database.write() as session:
        board = Board(name="Great Snoring Parish Council", slug="great-snoring-parish-council")
        session.add(board)
        await session.flush()
        assert board.id is not None and parish.clerk.person_id
        session.add(
            Membership(board_id=board.id, person_id=parish.clerk.person_id, role=Role.CLERK.value)
        )
    asked = await _ask(fake_api, CLERK, "/meeting new")
    assert asked.plain_text == (
        "Which board is the meeting for? Great Snoring Parish Council, "
        "Little Snoring Parish Council"
    )
    when = await _ask(fake_api, CLERK, "great snoring")
    assert when.plain_text.startswith("When is the meeting?")
    await _ask(fake_api, CLERK, "2 Nov 2023 6pm")
    await _ask(fake_api, CLERK, "Church Room")
    confirm = await _ask(fake_api, CLERK, "none")
    assert confirm.plain_text.startswith(
        "Create a meeting of Great Snoring Parish Council on Thursday 2 November 2023, 6:00pm?"
    )
    await press(fake_api, CLERK, confirm, "Create")
    # With words, the board is named first.
    named = await _ask(fake_api, CLERK, "/meeting new Little Snoring, 9 Nov 7pm, Village Hall")
    assert named.plain_text.startswith(f"Create a meeting of {PARISH} on Thursday 9 November")
    await press(fake_api, CLERK, named, "Create")
    soonest = await _ask(fake_api, CLERK, "/item add Apologies")
    assert "Agenda: Great Snoring Parish Council" in soonest.plain_text
    dated = await _ask(fake_api, CLERK, "/item add 9 Nov Apologies")
    assert f"Agenda: {PARISH}" in dated.plain_text
    assert "Thursday 9 November 2023, 7:00pm · Village Hall" in dated.plain_text


async def test_members_sent_the_agenda_are_told_once_of_an_item_added_in_chat(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    parish: Parish,
    dispatcher: Dispatcher,
    clock: FixedClock,
) -> None:
    others = [
        FakeUser(id=user_id, first_name=name.split()[0], last_name=name.split()[1])
        for user_id, name in zip(MEMBER_IDS[1:], MEMBER_NAMES[1:], strict=True)
    ]
    for user in others:
        fake_api.add_chat(FakeChat.private(user))
    now = clock.now()
    meeting = await agenda_edit.new_meeting(
        database,
        viewer=parish.clerk,
        board_id=parish.board_id,
        starts_at_utc=now + timedelta(days=30),
        location="Village Hall",
        now=now,
    )
    for title in ("Apologies", "Finance"):
        await agenda_edit.add_item(
            database, viewer=parish.clerk, meeting_id=meeting.id, title=title, now=now
        )
    await broadcasts.start_publication(
        database, viewer=parish.clerk, meeting_id=meeting.id, now=now
    )
    await dispatcher.settled()
    await fake_api.wait_until_quiet(quiet=0.1)
    # A councillor not on Telegram yet is counted apart: the notice cannot reach them.
    async with database.write() as session:
        sam = Person(full_name="Sam Smith")
        session.add(sam)
        await session.flush()
        assert sam.id is not None
        session.add(Membership(board_id=parish.board_id, person_id=sam.id, role=Role.MEMBER.value))
    added = await _ask(fake_api, CLERK, "/item add Village green")
    assert "4 members on Telegram will be told of the change." in added.plain_text
    assert "1 member not on Telegram yet will not be told." in added.plain_text
    await dispatcher.settled()
    await fake_api.wait_until_quiet(quiet=0.1)
    for user in (PENNY, *others):
        notices = [
            m
            for m in fake_api.messages_to(user.id)
            if m.plain_text.startswith("🔁 Meeting changed")
        ]
        assert len(notices) == 1, [m.plain_text for m in notices]
        assert "3 added: Village green" in notices[0].plain_text
