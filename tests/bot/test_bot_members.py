"""Members in chat, end to end: the real PTB Application long-polling the HTTP Bot API fake."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import vobject

from core.clock import FixedClock
from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from packs import read_file
from packs.model import AgendaItem, Member
from services.imports import import_pack
from services.invites import create_invite
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack

SAMPLE = Path(__file__).parents[1] / "fixtures" / "seeds" / "rutland-hwb-2023-10-10.txt"
RUTLAND = "Rutland Health and Wellbeing Board"
NOW = datetime(2023, 10, 1, tzinfo=UTC)
CLERK = FakeUser(id=7001, first_name="Clara", last_name="Clerk")
DIANE = FakeUser(id=7002, first_name="Diane", last_name="Ellison")
OTHER = FakeUser(id=7003, first_name="Olive", last_name="Other")
GROUP = FakeChat.group(-100500, "Rutland HWB members")
LINK = re.compile(r"https://t\.me/quorum_demo_bot\?start=([A-Za-z0-9_-]+)")


@pytest.fixture
async def rutland(database: Database) -> str:
    """The real Rutland pack, a clerk linked to it, and an unrelated board with its member."""
    summary = await import_pack(
        database, pack=read_file(SAMPLE), board_name=None, timezone="Europe/London", now=NOW
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Clara Clerk",
        telegram_user_id=CLERK.id,
        role="clerk",
    )
    other = make_pack(
        body="Westshire Parish Council",
        start=datetime(2023, 10, 5, 19, tzinfo=LONDON),
        items=[
            AgendaItem(number="1", title="Allotment rents"),
            AgendaItem(number="2", title="Secret land deal", exempt=True),
        ],
        members=[Member(name="Olive Other", role=Role.CHAIR)],
    )
    await import_pack(
        database, pack=other, board_name=None, timezone="Europe/London", now=NOW, new_board=True
    )
    await link_telegram(
        database,
        board_name="Westshire Parish Council",
        person_name="Olive Other",
        telegram_user_id=OTHER.id,
        role=None,
    )
    return summary.board_name


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def _onboard_diane(fake: FakeBotApi) -> None:
    invite = await _say(fake, CLERK, "/invite Diane Ellison")
    match = LINK.search(invite.plain_text)
    assert match is not None, invite.plain_text
    welcome = await _say(fake, DIANE, f"/start {match.group(1)}")
    assert welcome.plain_text.startswith("Welcome, Diane Ellison!")
    assert f"• {RUTLAND} (chair)" in welcome.plain_text


async def test_invite_start_next_agenda_button_and_item(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    await _onboard_diane(fake_api)
    card = await _say(fake_api, DIANE, "/next")
    assert card.plain_text.splitlines()[:2] == [
        RUTLAND,
        "🗓 Tuesday 10 October 2023, 2:00pm (in 7 days)",
    ]
    labels = [label for row in card.buttons for label, _ in row]
    assert labels == [
        "Agenda",
        "Add to calendar",
        "Attending",
        "Send apologies",
        "My actions",
        "Join online",
    ]
    before = len(fake_api.messages_to(DIANE.id))
    await fake_api.user_presses(DIANE, card, card.button_data("Agenda"))
    [agenda] = (await fake_api.wait_for_messages(DIANE.id, before + 1))[before:]
    assert "10B. AREA SEND INSPECTION REPORT" in agenda.plain_text
    item = await _say(fake_api, DIANE, "/item 10b")
    assert item.plain_text.splitlines() == [
        "Item 10B. AREA SEND INSPECTION REPORT",
        f"{RUTLAND}, Tuesday 10 October 2023, 2:00pm",
        "Presenter: Dawn Godfrey, Strategic Director of Children and Families",
        "Report: 151/2023",
        "Pages: 109–122",
        "Purpose: for information",
        "Time allowed: 10 minutes",
    ]


async def test_used_expired_and_unknown_invites_get_the_polite_answer(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, database: Database, clock: FixedClock
) -> None:
    issued = await create_invite(
        database, board_name=rutland, person_name="Mike Sandys", now=clock.now()
    )
    stranger = FakeUser(id=7100, first_name="Eve")
    reply = await _say(fake_api, stranger, "/start " + "x" * 32)
    assert "ask your clerk for an invite link" in reply.plain_text
    mike = FakeUser(id=7101, first_name="Mike")
    assert (await _say(fake_api, mike, f"/start {issued.token}")).plain_text.startswith("Welcome")
    again = await _say(fake_api, stranger, f"/start {issued.token}")
    assert "ask your clerk for an invite link" in again.plain_text
    late = await create_invite(
        database,
        board_name=rutland,
        person_name="Sarah Prema",
        now=datetime(2023, 9, 1, tzinfo=UTC),
    )
    expired = await _say(fake_api, stranger, f"/start {late.token}")
    assert "ask your clerk for an invite link" in expired.plain_text
    for command in ("/next", "/agenda", "/members", "/search care"):
        answer = await _say(fake_api, stranger, command)
        assert "ask your clerk for an invite link" in answer.plain_text
        assert "Rutland" not in answer.plain_text


async def test_a_member_of_one_board_sees_nothing_of_another(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    for command, must_not in (
        ("/next", "Westshire"),
        ("/agenda Westshire Parish Council", "Allotment"),
        ("/agenda 5 October 2023", "Allotment"),
        ("/members", "Olive"),
        ("/search allotment", "Allotment"),
        ("/meetings", "Westshire"),
    ):
        answer = await _say(fake_api, CLERK, command)
        assert must_not not in answer.plain_text, (command, answer.plain_text)
    own = await _say(fake_api, OTHER, "/agenda")
    assert "1. Allotment rents" in own.plain_text
    assert "2. Secret land deal 🔒 exempt" in own.plain_text  # her board, private chat
    assert "Rutland" not in (await _say(fake_api, OTHER, "/search care")).plain_text


async def test_a_non_clerk_cannot_invite(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    answer = await _say(fake_api, OTHER, "/invite Diane Ellison")
    assert answer.plain_text == "Only the board's clerk can do that."
    assert not LINK.search(answer.plain_text)


async def test_clerks_see_clerk_commands_in_their_menu_and_members_do_not(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    # The clerk was linked after start-up; their menu is published when they say /start.
    await _say(fake_api, CLERK, "/start")
    await _say(fake_api, OTHER, "/start")
    members_menu = [
        c["command"] for c in fake_api.bot_commands(scope={"type": "all_private_chats"})
    ]
    clerk_menu = [
        c["command"] for c in fake_api.bot_commands(scope={"type": "chat", "chat_id": CLERK.id})
    ]
    assert "invite" not in members_menu and "next" in members_menu
    assert "invite" in clerk_menu and "link" in clerk_menu
    assert fake_api.bot_commands(scope={"type": "chat", "chat_id": OTHER.id}) == []
    groups_menu = [c["command"] for c in fake_api.bot_commands(scope={"type": "all_group_chats"})]
    assert groups_menu == ["next", "agenda"]


async def test_a_group_gets_public_information_only(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, database: Database
) -> None:
    unlinked = await _group_say(fake_api, CLERK, "/next")
    assert "isn't linked to a board" in unlinked.plain_text
    linked = await _group_say(fake_api, CLERK, "/link")
    assert (
        linked.plain_text
        == f"This group is now linked to {RUTLAND}. Members can ask /next and /agenda here."
    )
    card = await _group_say(fake_api, OTHER, "/next")
    assert card.plain_text.startswith(RUTLAND)
    labels = [label for row in card.buttons for label, _ in row]
    assert "My actions" not in labels and "Send apologies" not in labels
    personal = await _group_say(fake_api, CLERK, "/actions")
    assert personal.plain_text == "That's personal, so I answer it in a private chat."
    assert personal.buttons[0][0][1].startswith("https://t.me/quorum_demo_bot?start=actions")


async def test_exempt_items_never_reach_a_group(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    summary = await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Clara Clerk",
        telegram_user_id=CLERK.id,
        role="clerk",
    )
    await _group_say(fake_api, CLERK, "/link")
    agenda = await _group_say(fake_api, CLERK, "/agenda")
    assert "Contract award" not in agenda.plain_text
    assert "1 confidential (exempt) item is not shown here." in agenda.plain_text
    card = await _group_say(fake_api, CLERK, "/next")
    before = len(fake_api.messages_to(GROUP.id))
    await fake_api.user_presses(CLERK, card, card.button_data("Agenda"))
    [pressed] = (await fake_api.wait_for_messages(GROUP.id, before + 1))[before:]
    assert "Contract award" not in pressed.plain_text
    private = await _say(fake_api, CLERK, "/agenda")
    assert "3. Contract award 🔒 exempt" in private.plain_text


async def _group_say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(GROUP.id))
    await fake.user_sends(user, text, chat=GROUP)
    await fake.wait_for_messages(GROUP.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(GROUP.id)[before]


@pytest.mark.parametrize(
    ("question", "command"),
    [
        ("when is the next meeting?", "/next"),
        ("what's on the agenda on Tuesday 10 October?", "/agenda 10 October"),
        ("tell me about item 10B", "/item 10B"),
        ("what are my actions", "/actions"),
        ("what did we decide about the better care fund", "/decisions better care fund"),
        ("who is on the board?", "/members"),
    ],
)
async def test_free_text_gives_the_same_answer_as_its_command(
    running_bot: Any,
    fake_api: FakeBotApi,
    rutland: str,
    database: Database,
    question: str,
    command: str,
) -> None:
    await link_telegram(
        database,
        board_name=rutland,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
    )
    by_command = await _say(fake_api, DIANE, command)
    by_words = await _say(fake_api, DIANE, question)
    assert by_words.plain_text == by_command.plain_text
    assert by_words.buttons == by_command.buttons


async def test_calendar_button_sends_an_ics_file_that_parses(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    card = await _say(fake_api, CLERK, "/next")
    await fake_api.user_presses(CLERK, card, card.button_data("Add to calendar"))
    await fake_api.wait_until_quiet()
    [document] = [m for m in fake_api.messages_to(CLERK.id) if m.document is not None]
    assert document.document is not None
    assert document.document.filename == "rutland-health-and-wellbeing-board-2023-10-10.ics"
    event = vobject.readOne(document.document.data.decode()).vevent
    assert event.dtstart.value == datetime(2023, 10, 10, 13, tzinfo=UTC)
    assert "10B. AREA SEND INSPECTION REPORT" in event.description.value


async def test_apologies_button_records_them(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, database: Database
) -> None:
    from services.attendance import my_attendance
    from services.people import viewer_for

    card = await _say(fake_api, CLERK, "/next")
    before = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_presses(CLERK, card, card.button_data("Send apologies"))
    [reply] = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before:]
    assert reply.plain_text.startswith(f"Your apologies for {RUTLAND}, Tuesday 10 October 2023")
    viewer = await viewer_for(database, telegram_user_id=CLERK.id)
    assert viewer is not None
    meeting_id = int(card.button_data("Agenda").split(":")[1])
    assert await my_attendance(database, viewer=viewer, meeting_id=meeting_id) == "apologies"


async def test_a_button_on_a_moved_meeting_says_so_and_shows_the_current_one(
    running_bot: Any, fake_api: FakeBotApi, rutland: str, database: Database, tmp_path: Path
) -> None:
    card = await _say(fake_api, CLERK, "/next")
    moved = tmp_path / "moved.txt"
    moved.write_text(
        SAMPLE.read_text().replace("commencing at **2.00 pm**", "commencing at **4.00 pm**", 1)
    )
    await import_pack(
        database, pack=read_file(moved), board_name=None, timezone="Europe/London", now=NOW
    )
    before = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_presses(CLERK, card, card.button_data("Agenda"))
    [current] = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before:]
    answers = [r for r in fake_api.requests if r.method == "answerCallbackQuery"]
    assert (
        answers[-1].params["text"]
        == "This has changed since that message: here is the current one."
    )
    assert "🗓 Tuesday 10 October 2023, 4:00pm" in current.plain_text


async def test_long_search_results_are_paged_with_buttons(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    items = [AgendaItem(number=str(n), title=f"Budget report part {n}") for n in range(1, 31)]
    summary = await import_pack(
        database, pack=make_pack(items=items), board_name=None, timezone="Europe/London", now=NOW
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
    )
    first = await _say(fake_api, DIANE, "/search budget report")
    assert "Page 1 of" in first.plain_text
    [[(label, data)]] = first.buttons
    assert label == "Next ›"
    await fake_api.user_presses(DIANE, first, data)
    await fake_api.wait_until_quiet()
    edited = fake_api.messages_to(DIANE.id)[-1]
    assert edited.message_id == first.message_id and edited.edits == 1
    assert "Page 2 of" in edited.plain_text


async def test_a_group_that_becomes_a_supergroup_keeps_its_board(
    running_bot: Any, fake_api: FakeBotApi, rutland: str
) -> None:
    await _group_say(fake_api, CLERK, "/link")
    supergroup = FakeChat.supergroup(-1009999, "Rutland HWB members")
    fake_api.add_chat(supergroup)
    fake_api.add_update(
        {
            "message": {
                "message_id": 900,
                "date": 1696150000,
                "chat": GROUP.to_api(),
                "from": CLERK.to_api(),
                "migrate_to_chat_id": supergroup.id,
            }
        }
    )
    await fake_api.wait_until_quiet()
    await fake_api.user_sends(OTHER, "/next", chat=supergroup)
    [card] = await fake_api.wait_for_messages(supergroup.id, 1)
    assert card.plain_text.startswith(RUTLAND)
