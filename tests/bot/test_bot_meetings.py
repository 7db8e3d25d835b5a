"""End to end: the real PTB Application long-polling the local Bot API fake over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.clock import FixedClock
from core.roles import Role
from fakegram import FakeBotApi
from packs.model import AgendaItem, Member
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.people import MEMBER, STRANGER

NOW = datetime(2023, 10, 1, tzinfo=UTC)


async def _member_of(database: Database, **pack_args: Any) -> str:
    summary = await import_pack(
        database,
        pack=make_pack(**pack_args),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=MEMBER.id,
        role=None,
    )
    return summary.board_name


async def test_next_shows_board_date_place_link_and_buttons(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/next")
    [card] = await fake_api.wait_for_messages(MEMBER.id, 1)
    assert card.plain_text.splitlines() == [
        "Testshire Health and Wellbeing Board",
        "🗓 Tuesday 10 October 2023, 2:00pm (in 7 days)",
        "📍 Council Chamber, County Hall",
        "💻 https://example.zoom.us/j/123",
        "📋 3 agenda items",
    ]
    assert card.parse_mode == "HTML"
    assert [[label for label, _ in row] for row in card.buttons] == [
        ["Agenda", "Add to calendar"],
        ["Attending", "Send apologies"],
        ["My actions"],
        ["Join online"],
    ]


async def test_agenda_lists_numbers_titles_presenters_and_pages(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/agenda")
    [message] = await fake_api.wait_for_messages(MEMBER.id, 1)
    lines = message.plain_text.splitlines()
    assert lines[0] == "Agenda: Testshire Health and Wellbeing Board"
    assert lines[1] == "Tuesday 10 October 2023, 2:00pm · Council Chamber, County Hall"
    assert "1. Welcome and apologies" in lines
    assert "2. Better Care Fund" in lines
    assert (
        "Katherine Willison, Health and Integration Lead · Report 146/2023 · pages 137–170"
        " · 10 min · for information"
    ) in [line.strip() for line in lines]
    # A linked member in a private chat sees the exempt item, marked as such.
    assert "3. Contract award 🔒 exempt" in lines


async def test_agenda_button_on_the_card_sends_the_agenda(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/next")
    [card] = await fake_api.wait_for_messages(MEMBER.id, 1)
    agenda_data = card.buttons[0][0][1]
    assert agenda_data is not None and len(agenda_data.encode()) <= 64
    await fake_api.user_presses(MEMBER, card, agenda_data)
    messages = await fake_api.wait_for_messages(MEMBER.id, 2)
    assert messages[1].plain_text.startswith("Agenda: Testshire Health and Wellbeing Board")
    answers = [r for r in fake_api.requests if r.method == "answerCallbackQuery"]
    assert len(answers) == 1


async def test_stranger_is_asked_for_an_invite_and_sees_no_board(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    for command in ("/start", "/next", "/agenda"):
        await fake_api.user_sends(STRANGER, command)
    messages = await fake_api.wait_for_messages(STRANGER.id, 3)
    for message in messages:
        assert "ask your clerk for an invite link" in message.plain_text
        assert "Testshire" not in message.plain_text
        assert "Council Chamber" not in message.plain_text


async def test_stale_or_forged_agenda_button_changes_nothing(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/next")
    [card] = await fake_api.wait_for_messages(MEMBER.id, 1)
    # A button for a meeting that does not exist (deleted, or on another board).
    fake_api.add_update(
        {
            "callback_query": {
                "id": "forged-1",
                "from": {"id": MEMBER.id, "is_bot": False, "first_name": MEMBER.first_name},
                "chat_instance": "1",
                "data": "agenda:999999",
                "message": card.to_api(),
            }
        }
    )
    await fake_api.wait_until_quiet()
    answers = [r for r in fake_api.requests if r.method == "answerCallbackQuery"]
    assert answers[-1].params["text"] == "That button no longer works. Send /next for the latest."
    assert len(fake_api.messages_to(MEMBER.id)) == 1


async def test_start_greets_a_member_by_name_with_their_boards(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/start")
    [message] = await fake_api.wait_for_messages(MEMBER.id, 1)
    assert message.plain_text.startswith("Hello Diane Ellison! You're on:")
    assert "• Testshire Health and Wellbeing Board (chair)" in message.plain_text


async def test_unknown_command_and_free_text_get_a_pointer_to_help(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/frobnicate")
    await fake_api.user_sends(MEMBER, "hello there")
    first, second = await fake_api.wait_for_messages(MEMBER.id, 2)
    assert first.plain_text == "Sorry, I don't know /frobnicate. Send /help to see what I can do."
    assert "/help" in second.plain_text


async def test_help_and_command_menu(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _member_of(database)
    await fake_api.user_sends(MEMBER, "/help")
    [message] = await fake_api.wait_for_messages(MEMBER.id, 1)
    assert "/next" in message.plain_text and "/agenda" in message.plain_text
    menu = fake_api.bot_commands(scope={"type": "all_private_chats"})
    assert [c["command"] for c in menu] == [
        "next", "agenda", "meetings", "item", "papers", "actions", "apologies", "decisions",
        "search", "members", "who", "settings", "calendar", "help",
    ]  # fmt: skip


async def test_hostile_names_are_escaped(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    # The fake rejects malformed HTML as Telegram does, so an unescaped value fails the send.
    await _member_of(
        database,
        body="<b>Smith & Sons</b> Board",
        location="Room <1> & 2",
        items=[
            AgendaItem(number="1", title="<script>alert('x')</script> & AT&T", presenter="A <i>B")
        ],
        members=[Member(name="Diane Ellison", role=Role.CHAIR)],
    )
    await fake_api.user_sends(MEMBER, "/next")
    await fake_api.user_sends(MEMBER, "/agenda")
    card, agenda = await fake_api.wait_for_messages(MEMBER.id, 2)
    assert card.plain_text.startswith("<b>Smith & Sons</b> Board\n")
    assert "📍 Room <1> & 2" in card.plain_text
    assert "1. <script>alert('x')</script> & AT&T" in agenda.plain_text
    assert "&lt;b&gt;Smith &amp; Sons&lt;/b&gt;" in card.text


async def test_long_agenda_is_split_into_messages_within_the_limit(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    items = [
        AgendaItem(number=str(n), title=f"Report {n}: " + "a long title with many words " * 6)
        for n in range(1, 121)
    ]
    await _member_of(database, items=items)
    await fake_api.user_sends(MEMBER, "/agenda")
    await fake_api.wait_until_quiet()
    parts = fake_api.messages_to(MEMBER.id)
    assert len(parts) >= 3
    assert all(len(part.plain_text) <= 4096 for part in parts)
    numbers = [
        line.split(".")[0]
        for part in parts
        for line in part.plain_text.splitlines()
        if line.split(".")[0].isdigit()
    ]
    assert numbers == [str(n) for n in range(1, 121)]


async def test_next_is_counted_in_the_boards_days_across_the_clock_change(
    running_bot: Any, fake_api: FakeBotApi, database: Database, clock: FixedClock
) -> None:
    # Saturday evening before the clocks go back; the meeting is on Monday afternoon (GMT).
    clock.set(datetime(2024, 10, 26, 23, 30, tzinfo=LONDON))
    await _member_of(database, start=datetime(2024, 10, 28, 14, 0, tzinfo=LONDON))
    await fake_api.user_sends(MEMBER, "/next")
    [card] = await fake_api.wait_for_messages(MEMBER.id, 1)
    assert "🗓 Monday 28 October 2024, 2:00pm (in 2 days)" in card.plain_text
    # Now the Sunday morning before the spring change, for a Sunday-afternoon meeting (BST).
    clock.set(datetime(2024, 3, 31, 0, 30, tzinfo=LONDON))
    await _member_of(
        database, body="Spring Board", start=datetime(2024, 3, 31, 14, 0, tzinfo=LONDON)
    )
    await fake_api.user_sends(MEMBER, "/next")
    _, spring = await fake_api.wait_for_messages(MEMBER.id, 2)
    assert "🗓 Sunday 31 March 2024, 2:00pm (today)" in spring.plain_text


async def test_member_with_no_upcoming_meeting_is_told_so(
    running_bot: Any, fake_api: FakeBotApi, database: Database, clock: FixedClock
) -> None:
    await _member_of(database)
    clock.set(datetime(2025, 1, 1, tzinfo=UTC))
    await fake_api.user_sends(MEMBER, "/next")
    [message] = await fake_api.wait_for_messages(MEMBER.id, 1)
    assert message.plain_text.startswith("There are no upcoming meetings on your boards yet.")
