"""/publish and /broadcast show a preview first: the member's message as the dispatcher renders
it, who gets it, and [Send to N members] [Who?] [Cancel]. Nothing is stored before [Send]; a
second press, or a stale preview, sends nothing twice. The real PTB Application and dispatcher
over the HTTP Bot API fake, with a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat, SentMessage
from notify.dispatcher import Dispatcher
from packs.model import Member
from services import meeting_changes
from services.boards import create_board
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Broadcast, Notification
from tests.auxil.buttons import forge
from tests.auxil.eastshire import (
    AMY,
    CLERK,
    EASTSHIRE,
    GROUP,
    NOW,
    OLIVE,
    USERS,
    WESTSHIRE,
    Eastshire,
    build_eastshire,
    count_rows,
)
from tests.auxil.packs import make_pack

SEND = "Send to 17 members"  # 16 members and the clerk are on Telegram; 4 are not


@pytest.fixture
async def eastshire(database: Database, fake_api: FakeBotApi) -> Eastshire:
    return await build_eastshire(database, fake_api)


def is_report(message: SentMessage) -> bool:
    return message.plain_text.startswith("📊 Report")


async def _settle(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.2)


async def _ask(fake: FakeBotApi, command: str) -> SentMessage:
    before = len(fake.messages_to(CLERK.id))
    await fake.user_sends(CLERK, command)
    return (await fake.wait_for_messages(CLERK.id, before + 1))[before]


def _counts(fake: FakeBotApi) -> dict[int, int]:
    """How many messages each member and the group have received."""
    return {chat: len(fake.messages_to(chat)) for chat in [*(user.id for user in USERS), GROUP.id]}


async def test_publish_sends_nothing_until_send_and_pressing_it_twice_sends_once(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    preview = await _ask(fake_api, "/publish")
    await fake_api.wait_until_quiet(quiet=0.3)
    lines = preview.plain_text.splitlines()
    # The member's message exactly as they get it, then who gets it.
    assert lines[0].startswith("👀 Preview. Members will get this")
    assert lines[2:4] == [
        f"📢 Agenda published: {EASTSHIRE}",
        "🗓 Tuesday 10 October 2023, 2:00pm",
    ]
    assert "📋 2 agenda items" in lines
    assert "Contract award" not in preview.plain_text  # the exempt item is not announced
    assert (
        "17 members on Telegram, 4 not yet (no Telegram linked or unreachable). "
        "Also posted in 1 linked group."
    ) in lines
    assert [[label for label, _ in row] for row in preview.buttons] == [
        [SEND],
        ["Who?", "Cancel"],
    ]
    # Nothing is stored or sent before the press.
    assert await count_rows(database, Broadcast) == 0
    assert await count_rows(database, Notification) == 0
    assert set(_counts(fake_api).values()) == {0}

    # [Who?]: the names by channel; still nothing sent.
    await fake_api.user_presses(CLERK, preview, preview.button_data("Who?"))
    who = await fake_api.wait_for_message(CLERK.id, lambda m: m.plain_text.startswith("Who"))
    assert who.plain_text.splitlines()[2] == (
        "Not yet, no Telegram linked or unreachable (4): Quin Quade, Rosa Reid, Sam Stone, "
        "Tara Todd"
    )
    assert who.plain_text.splitlines()[1].startswith("On Telegram (17): Amy Archer, Ben Bishop")
    assert await count_rows(database, Broadcast) == 0

    # A double tap: both presses arrive before the bot removes the button.
    data = preview.button_data(SEND)
    await fake_api.user_presses(CLERK, preview, data)
    await fake_api.user_presses(CLERK, preview, data)
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)

    assert await count_rows(database, Broadcast) == 1
    counts = _counts(fake_api)
    cara = USERS[2].id  # linked, but never opened the bot: Telegram refuses
    assert counts.pop(cara) == 0
    assert set(counts.values()) == {1}  # every other member, and the group, exactly once
    [post] = fake_api.messages_to(AMY.id)
    assert post.plain_text == "\n".join(lines[2 : 2 + len(post.plain_text.splitlines())])
    assert preview.buttons == []
    answers = [answer.text for answer in fake_api.callback_answers if answer.text]
    assert any(text.startswith("Already sent on ") for text in answers)


async def test_a_stale_preview_sends_nothing_once_the_meeting_was_published(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    first = await _ask(fake_api, "/publish")
    second = await _ask(fake_api, "/publish 10 October")
    await fake_api.user_presses(CLERK, first, first.button_data(SEND))
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    assert len(fake_api.messages_to(AMY.id)) == 1

    # The second preview predates the publication: its [Send] is refused, not repeated.
    await fake_api.user_presses(CLERK, second, second.button_data(SEND))
    await fake_api.wait_until_quiet(quiet=0.3)
    await _settle(dispatcher, fake_api)
    assert await count_rows(database, Broadcast) == 1
    assert len(fake_api.messages_to(AMY.id)) == 1
    refusal = fake_api.callback_answers[-1].text or ""
    assert refusal.startswith("Already sent on ") and refusal.endswith(": nothing was sent twice.")
    assert fake_api.callback_answers[-1].show_alert
    assert second.buttons == []

    # A new /publish says it was published, and [Send] then sends it a second time.
    again = await _ask(fake_api, "/publish")
    published_on = refusal.removeprefix("Already sent on ").removesuffix(
        ": nothing was sent twice."
    )
    assert f"was already published on {published_on}, and it has not changed" in again.plain_text
    await fake_api.user_presses(CLERK, again, again.button_data(SEND))
    await fake_api.wait_until_quiet(quiet=0.3)
    await _settle(dispatcher, fake_api)
    assert await count_rows(database, Broadcast) == 2
    assert len(fake_api.messages_to(AMY.id)) == 2


async def test_cancel_sends_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    preview = await _ask(fake_api, "/broadcast The hall is closed on Thursday.")
    await fake_api.user_presses(CLERK, preview, preview.button_data("Cancel"))
    await fake_api.wait_until_quiet(quiet=0.3)
    assert preview.buttons == []
    assert fake_api.callback_answers[-1].text == "Cancelled: nothing was sent."
    assert await count_rows(database, Broadcast) == 0
    assert await count_rows(database, Notification) == 0
    assert set(_counts(fake_api).values()) == {0}


async def test_broadcast_preview_shows_the_message_and_a_double_press_sends_once(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    words = "Room change: <b>Committee Room 2</b> & tea at 1:45"
    preview = await _ask(fake_api, f"/broadcast {words}")
    await fake_api.wait_until_quiet(quiet=0.3)
    assert preview.plain_text.splitlines()[:4] == [
        "👀 Preview. Members will get this:",
        "",
        f"📣 Message from the clerk of {EASTSHIRE}:",
        "",
    ]
    assert await count_rows(database, Broadcast) == 0
    assert set(_counts(fake_api).values()) == {0}

    data = preview.button_data(SEND)
    await fake_api.user_presses(CLERK, preview, data)
    await fake_api.user_presses(CLERK, preview, data)
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    assert await count_rows(database, Broadcast) == 1
    [message] = fake_api.messages_to(AMY.id)
    assert message.plain_text == f"📣 Message from the clerk of {EASTSHIRE}:\n\n{words}"
    assert message.plain_text in preview.plain_text
    assert len(fake_api.messages_to(GROUP.id)) == 1


async def _publications(database: Database) -> int:
    async with database.read() as session:
        rows = (await session.exec(select(Broadcast).where(Broadcast.kind == "publication"))).all()
    return len(rows)


async def test_a_preview_of_a_meeting_changed_since_sends_nothing_and_shows_the_new_one(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
    clock: FixedClock,
) -> None:
    preview = await _ask(fake_api, "/publish")
    assert "🗓 Tuesday 10 October 2023, 2:00pm" in preview.plain_text.splitlines()
    await meeting_changes.move_meeting(
        database,
        meeting_id=eastshire.meeting_id,
        starts_at_utc=datetime(2023, 10, 11, 9, tzinfo=UTC),
        viewer=None,
        now=clock.now(),
    )
    before = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_presses(CLERK, preview, preview.button_data(SEND))
    fresh = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before]
    assert fake_api.callback_answers[-1].text == (
        "The meeting has changed since that preview, so nothing was sent. Here is the new one."
    )
    assert await _publications(database) == 0
    assert preview.buttons == []
    assert "🗓 Wednesday 11 October 2023, 10:00am" in fresh.plain_text.splitlines()

    await fake_api.user_presses(CLERK, fresh, fresh.button_data(SEND))
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    assert await _publications(database) == 1


async def test_another_boards_clerk_cannot_send_or_see_who(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    # Amy is no clerk: the buttons of a forged preview refuse her, and nothing is stored.
    await fake_api.user_sends(AMY, "/help")
    [reply] = await fake_api.wait_for_messages(AMY.id, 1)
    for data in (f"sd:p:{eastshire.meeting_id}:0:0", f"sd:w:{eastshire.board_id}"):
        await forge(fake_api, AMY, reply, data)
    await fake_api.wait_until_quiet(quiet=0.3)
    refusals = [answer.text for answer in fake_api.callback_answers]
    assert refusals == ["Only the board's clerk can do that."] * 2
    assert await count_rows(database, Broadcast) == 0
    assert len(fake_api.messages_to(AMY.id)) == 1


async def test_a_clerk_of_two_boards_picks_the_board_then_sees_the_preview(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    await create_board(database, name=WESTSHIRE, timezone="Europe/London")
    await import_pack(
        database,
        pack=make_pack(body=WESTSHIRE, members=[Member(name="Olive Other")]),
        board_name=WESTSHIRE,
        timezone="Europe/London",
        now=NOW,
    )
    for name, user_id, role in (
        ("Olive Other", OLIVE.id, None),
        ("Clara Clerk", CLERK.id, "clerk"),
    ):
        await link_telegram(
            database, board_name=WESTSHIRE, person_name=name, telegram_user_id=user_id, role=role
        )
    fake_api.add_chat(FakeChat.private(OLIVE))

    picker = await _ask(fake_api, "/broadcast The hall is closed on Thursday.")
    before = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_presses(CLERK, picker, picker.button_data(WESTSHIRE))
    preview = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before]
    assert picker.buttons == []
    assert f"📣 Message from the clerk of {WESTSHIRE}:" in preview.plain_text.splitlines()
    assert "2 members on Telegram, 0 not yet" in preview.plain_text
    assert await count_rows(database, Broadcast) == 0
    assert fake_api.messages_to(OLIVE.id) == []

    data = preview.button_data("Send to 2 members")
    await fake_api.user_presses(CLERK, preview, data)
    await fake_api.user_presses(CLERK, preview, data)
    [message] = await fake_api.wait_for_messages(OLIVE.id, 1)
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    assert message.plain_text == (
        f"📣 Message from the clerk of {WESTSHIRE}:\n\nThe hall is closed on Thursday."
    )
    assert len(fake_api.messages_to(OLIVE.id)) == 1
    assert fake_api.messages_to(AMY.id) == [] and fake_api.messages_to(GROUP.id) == []
    assert await count_rows(database, Broadcast) == 1
