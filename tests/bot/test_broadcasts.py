"""A clerk's /publish and /broadcast, end to end: the real PTB Application and a real dispatcher
sending through the HTTP Bot API fake, with a real SQLite file; and what the bot renders (reports,
captions, progress messages) from the rows the services queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot import templates
from bot.app import finish
from bot.delivery import TelegramDelivery
from bot.html import visible_length
from bot.notices import Outgoing, render
from core.clock import FixedClock
from core.roles import Role
from core.settings import Settings
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.broadcasts import Tally
from notify.dispatcher import Dispatcher
from notify.outcomes import Claimed, Skipped
from packs.model import AgendaItem, Member
from services import broadcasts
from services.broadcasts import AlreadyPublished
from services.imports import import_pack
from services.meetings import meeting_views
from services.people import link_telegram
from services.views import MeetingView
from storage.engine import Database
from storage.models import Broadcast, Notification, Person
from tests.auxil.eastshire import (
    AMY,
    BEN,
    CARA,
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
from tests.auxil.packs import LONDON, make_pack


@pytest.fixture
async def eastshire(database: Database, fake_api: FakeBotApi) -> Eastshire:
    """Eastshire: 20 members (16 on Telegram, Cara never opened the bot), a clerk, a group."""
    return await build_eastshire(database, fake_api)


def is_report(message: SentMessage) -> bool:
    return message.plain_text.startswith("📊 Report")


def report_after(message_id: int) -> Callable[[SentMessage], bool]:
    """A report sent after the message ``message_id``."""
    return lambda message: is_report(message) and message.message_id > message_id


async def _person(database: Database, name: str) -> Person:
    async with database.read() as session:
        return (await session.exec(select(Person).where(Person.full_name == name))).one()


def _calls_to(fake: FakeBotApi, method: str, chat_id: int) -> int:
    return sum(1 for call in fake.calls(method) if call.params.get("chat_id") == chat_id)


async def _settle(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1)


def _send_label(message: SentMessage) -> str:
    """The label of a preview's [Send to N members]."""
    [label] = [label for row in message.buttons for label, _ in row if label.startswith("Send to")]
    return label


async def _preview_and_send(fake: FakeBotApi, command: str) -> SentMessage:
    """The clerk sends ``command``, gets its preview, and presses [Send to N members]."""
    before = len(fake.messages_to(CLERK.id))
    await fake.user_sends(CLERK, command)
    preview = (await fake.wait_for_messages(CLERK.id, before + 1))[before]
    await fake.user_presses(CLERK, preview, preview.button_data(_send_label(preview)))
    return preview


async def test_publish_reaches_each_member_once_and_the_clerk_sees_progress_and_a_report(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    fake_api.fail_next(
        "sendDocument",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=BEN.id,
    )
    preview = await _preview_and_send(fake_api, "/publish")
    report = await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)

    reached = [user for user in USERS if user not in (BEN, CARA)]
    for user in reached:
        [post] = fake_api.messages_to(user.id)
        assert post.document is not None and post.document.filename.endswith(".ics")
        assert post.plain_text.splitlines()[:2] == [
            f"📢 Agenda published: {EASTSHIRE}",
            "🗓 Tuesday 10 October 2023, 2:00pm",
        ]
        assert "📋 2 agenda items" in post.plain_text
        assert [[label for label, _ in row] for row in post.buttons] == [
            ["Agenda"],
            ["Attending", "Send apologies"],
        ]
    calendar = fake_api.messages_to(AMY.id)[0].document
    assert calendar is not None
    unfolded = calendar.data.replace(b"\r\n ", b"")  # a fold can fall inside a phrase
    assert b"METHOD:PUBLISH" in unfolded and b"Better Care Fund" in unfolded
    assert b"Contract award" not in unfolded  # the exempt item never leaves
    assert fake_api.messages_to(BEN.id) == [] and fake_api.messages_to(CARA.id) == []
    assert _calls_to(fake_api, "sendDocument", CARA.id) == 1  # chat not found: not retried

    [group_post] = fake_api.messages_to(GROUP.id)
    assert group_post.document is not None and group_post.buttons == []
    assert group_post.plain_text.startswith(f"📢 Agenda published: {EASTSHIRE}")
    assert "Contract award" not in group_post.plain_text

    ben = await _person(database, "Ben Bishop")
    assert ben.unreachable_since_utc is not None

    # The clerk: the preview (its buttons gone with the press), the progress message (edited,
    # not repeated), their own copy, one notice about Ben, and the report.
    clerk_chat = fake_api.messages_to(CLERK.id)
    assert len(clerk_chat) == 5
    assert clerk_chat[0] is preview and preview.buttons == []
    progress = clerk_chat[1]
    assert progress.edits >= 1
    assert progress.history[0].startswith("⏳ Publishing the agenda for")
    assert progress.plain_text == (
        f"✅ Published the agenda for {EASTSHIRE} (Tuesday 10 October 2023, 2:00pm): "
        "15 of 21 members reached, 5 unreachable, 1 failed. Posted in 1 of 1 group."
    )
    [notice] = [m for m in clerk_chat if "can no longer be reached" in m.plain_text]
    assert notice.plain_text.startswith(f"Ben Bishop ({EASTSHIRE}) can no longer be reached")
    assert report.plain_text.splitlines() == [
        f"📊 Report on the agenda for {EASTSHIRE} (Tuesday 10 October 2023, 2:00pm)",
        "Delivered to 15 of 21 members.",
        "Unreachable (5, not on Telegram yet, or they blocked Quorum): "
        "Ben Bishop, Quin Quade, Rosa Reid, Sam Stone, Tara Todd",
        "Failed (1): Cara Cole (Chat not found)",
        "Posted in 1 of 1 group.",
    ]


async def test_a_member_who_is_not_a_clerk_cannot_publish_or_broadcast(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    for command in ("/publish", "/broadcast Free cake for everyone"):
        await fake_api.user_sends(AMY, command)
        await fake_api.wait_until_quiet(quiet=0.2)
    answers = [message.plain_text for message in fake_api.messages_to(AMY.id)]
    assert answers == ["Only the board's clerk can do that."] * 2
    assert await count_rows(database, Broadcast) == 0
    assert await count_rows(database, Notification) == 0
    assert fake_api.messages_to(BEN.id) == [] and fake_api.messages_to(GROUP.id) == []


async def test_publishing_the_same_agenda_again_asks_first_and_a_double_press_sends_once(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
    clock: FixedClock,
) -> None:
    await _preview_and_send(fake_api, "/publish")
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    clock.advance(timedelta(hours=2))

    # Named by its board or by its date, it is the same meeting: its preview says it was
    # published already and asks before sending it again.
    for command in ("/publish eastshire", "/publish 10 October"):
        before = len(fake_api.messages_to(CLERK.id))
        await fake_api.user_sends(CLERK, command)
        [question] = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before:]
        assert (
            f"The agenda for {EASTSHIRE} (Tuesday 10 October 2023, 2:00pm) was already published "
            "on Tuesday 3 October 2023, 9:00am, and it has not changed since. Publish it again? "
            "Every member will get it a second time."
        ) in question.plain_text.splitlines()
    assert await count_rows(database, Broadcast) == 1
    assert len(fake_api.messages_to(AMY.id)) == 1

    await fake_api.user_presses(CLERK, question, question.button_data(_send_label(question)))
    await fake_api.wait_for_message(CLERK.id, report_after(question.message_id))
    await _settle(dispatcher, fake_api)
    assert question.buttons == []  # the button went with the press
    assert await count_rows(database, Broadcast) == 2
    assert [len(fake_api.messages_to(user.id)) for user in (AMY, USERS[5])] == [2, 2]

    # A double tap delivers the same press twice; the second one is asked about the new
    # publication instead of sending everything a third time.
    async with database.read() as session:
        first, second = (await session.exec(select(Broadcast.id).order_by(col(Broadcast.id)))).all()
    with pytest.raises(AlreadyPublished) as asked:
        await broadcasts.start_publication(
            database,
            viewer=eastshire.clerk,
            meeting_id=eastshire.meeting_id,
            now=clock.now(),
            confirm=True,
            seen_broadcast_id=first,
        )
    assert asked.value.broadcast_id == second
    assert await count_rows(database, Broadcast) == 2


async def _mark_sent(database: Database, broadcast_id: int, count: int | None) -> None:
    async with database.write() as session:
        rows = (
            await session.exec(
                select(Notification)
                .where(Notification.broadcast_id == broadcast_id, Notification.state == "pending")
                .order_by(col(Notification.id))
                .limit(count)
            )
        ).all()
        for row in rows:
            row.state = "sent"
            session.add(row)
        if count is None:
            broadcast = await session.get(Broadcast, broadcast_id)
            assert broadcast is not None
            broadcast.finished_at_utc = NOW
            session.add(broadcast)


async def test_progress_is_edited_at_most_every_three_seconds_and_once_more_at_the_end(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    clock: FixedClock,
    settings: Settings,
) -> None:
    # This test plays the dispatcher's part itself: the bot's own must not send the rows
    # (on PostgreSQL, queueing them would wake it).
    await finish(running_bot)
    started = await broadcasts.start_publication(
        database, viewer=eastshire.clerk, meeting_id=None, now=clock.now()
    )
    sent = await running_bot.bot.send_message(CLERK.id, "Publishing…")
    await broadcasts.set_progress_message(
        database, broadcast_id=started.broadcast_id, chat_id=CLERK.id, message_id=sent.message_id
    )
    seconds = [100.0]
    delivery = TelegramDelivery(
        running_bot.bot, database, clock, settings, monotonic=lambda: seconds[0]
    )
    ids = {started.broadcast_id}
    [progress] = fake_api.messages_to(CLERK.id)

    await delivery.report_progress(ids)
    assert progress.edits == 1 and "0 delivered, 0 unreachable, 0 failed so far" in progress.text
    await _mark_sent(database, started.broadcast_id, 5)
    seconds[0] += 2.5
    await delivery.report_progress(ids)
    assert progress.edits == 1  # too soon
    seconds[0] += 0.5
    await delivery.report_progress(ids)
    assert progress.edits == 2 and "\n5 delivered, 0 unreachable" in progress.text
    seconds[0] += 5
    await delivery.report_progress(ids)
    assert progress.edits == 2  # nothing new to say
    await _mark_sent(database, started.broadcast_id, None)
    seconds[0] += 0.1
    await delivery.report_progress(ids)
    assert progress.edits == 3 and progress.plain_text.startswith("✅ Published the agenda")
    await _mark_sent(database, started.broadcast_id, None)
    seconds[0] += 60
    await delivery.report_progress(ids)
    assert progress.edits == 3


async def test_a_clerk_of_two_boards_chooses_the_board(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    await import_pack(
        database,
        pack=make_pack(
            body=WESTSHIRE,
            start=datetime(2023, 10, 5, 19, tzinfo=LONDON),
            items=[AgendaItem(number="1", title="Allotment rents")],
            members=[Member(name="Olive Other", role=Role.CHAIR)],
        ),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    for name, user_id, role in (
        ("Olive Other", OLIVE.id, None),
        ("Clara Clerk", CLERK.id, "clerk"),
    ):
        await link_telegram(
            database, board_name=WESTSHIRE, person_name=name, telegram_user_id=user_id, role=role
        )
    fake_api.add_chat(FakeChat.private(OLIVE))

    await fake_api.user_sends(CLERK, "/publish")
    [which] = await fake_api.wait_for_messages(CLERK.id, 1)
    assert which.plain_text == (
        f"You are the clerk of 2 boards ({EASTSHIRE}, {WESTSHIRE}). Say which one, "
        f"for example: /publish {EASTSHIRE}"
    )
    await fake_api.user_sends(CLERK, "/publish northshire")
    [unknown] = (await fake_api.wait_for_messages(CLERK.id, 2))[1:]
    assert unknown.plain_text.startswith("None of your boards matches “northshire”.")

    await fake_api.user_sends(CLERK, "/broadcast The hall is closed on Thursday.")
    [picker] = (await fake_api.wait_for_messages(CLERK.id, 3))[2:]
    assert picker.plain_text == (
        "You are the clerk of several boards. Which board should get this message?"
    )
    assert [[label for label, _ in row] for row in picker.buttons] == [[EASTSHIRE], [WESTSHIRE]]
    await fake_api.user_presses(CLERK, picker, picker.button_data(WESTSHIRE))
    [preview] = (await fake_api.wait_for_messages(CLERK.id, 4))[3:]
    assert fake_api.messages_to(OLIVE.id) == []  # nothing before [Send]
    await fake_api.user_presses(CLERK, preview, preview.button_data("Send to 2 members"))
    [message] = await fake_api.wait_for_messages(OLIVE.id, 1)
    await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    assert message.plain_text == (
        f"📣 Message from the clerk of {WESTSHIRE}:\n\nThe hall is closed on Thursday."
    )
    assert fake_api.messages_to(AMY.id) == [] and fake_api.messages_to(GROUP.id) == []
    # The draft was used up: the picker has no buttons left to press twice.
    assert picker.buttons == []

    # A date means the meeting held that day on one of the clerk's boards.
    before = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_sends(CLERK, "/publish 11 October")
    no_meeting = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before]
    assert no_meeting.plain_text == "None of your boards meets on Wednesday 11 October 2023."


async def test_broadcast_text_arrives_escaped_with_its_line_breaks(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    words = "Room change: <b>Committee Room 2</b> & tea at 1:45\nBring your papers <script>"
    await _preview_and_send(fake_api, f"/broadcast {words}")
    report = await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    [message] = fake_api.messages_to(AMY.id)
    assert message.plain_text == f"📣 Message from the clerk of {EASTSHIRE}:\n\n{words}"
    assert "&lt;b&gt;Committee Room 2&lt;/b&gt; &amp; tea" in message.text
    # Only the heading is bold: the clerk's angle brackets stayed text.
    assert [entity["type"] for entity in message.entities] == ["bold"]
    [group_post] = fake_api.messages_to(GROUP.id)
    assert group_post.plain_text == message.plain_text and group_post.buttons == []
    assert report.plain_text.splitlines()[:2] == [
        f"📊 Report on your message to {EASTSHIRE}",
        "Delivered to 16 of 21 members.",
    ]


async def test_broadcast_without_text_explains_how_and_sends_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    await fake_api.user_sends(CLERK, "/broadcast")
    [usage] = await fake_api.wait_for_messages(CLERK.id, 1)
    assert usage.plain_text.startswith("What should I send? Write the message after the command")
    await fake_api.user_sends(CLERK, "/broadcast " + "x" * 3501)
    [too_long] = (await fake_api.wait_for_messages(CLERK.id, 2))[1:]
    assert too_long.plain_text == (
        "That message is 3,501 characters long; the limit is 3,500. "
        "Please shorten it, or send it in two parts."
    )
    assert await count_rows(database, Broadcast) == 0


async def test_a_member_who_blocks_the_bot_is_marked_and_skipped_until_they_return(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    fake_api.user_blocks_bot(AMY)
    notice = await fake_api.wait_for_message(CLERK.id, lambda m: "Amy Archer" in m.plain_text)
    assert notice.plain_text == (
        f"Amy Archer ({EASTSHIRE}) can no longer be reached on Telegram (they blocked Quorum or "
        "left). They will not get reminders or announcements until they open the bot again."
    )
    assert (await _person(database, "Amy Archer")).unreachable_since_utc is not None

    # A publication does not even try Amy's chat, and the clerk is not told twice.
    await _preview_and_send(fake_api, "/publish")
    report = await fake_api.wait_for_message(CLERK.id, is_report)
    await _settle(dispatcher, fake_api)
    assert _calls_to(fake_api, "sendDocument", AMY.id) == 0
    assert "Amy Archer" in report.plain_text.splitlines()[2]
    notices = [
        m for m in fake_api.messages_to(CLERK.id) if "can no longer be reached" in m.plain_text
    ]
    assert notices == [notice]

    fake_api.user_unblocks_bot(AMY)
    await fake_api.wait_until_quiet(quiet=0.2)
    assert (await _person(database, "Amy Archer")).unreachable_since_utc is None


async def test_my_chat_member_from_a_stranger_or_a_group_changes_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    eastshire: Eastshire,
    dispatcher: Dispatcher,
) -> None:
    fake_api.user_blocks_bot(FakeUser(id=9999, first_name="Stranger"))
    fake_api.add_update(
        {
            "my_chat_member": {
                "chat": GROUP.to_api(),
                "from": AMY.to_api(),
                "date": 0,
                "old_chat_member": {"status": "member", "user": fake_api.bot_user},
                "new_chat_member": {"status": "left", "user": fake_api.bot_user},
            }
        }
    )
    await fake_api.wait_until_quiet(quiet=0.3)
    assert (await _person(database, "Amy Archer")).unreachable_since_utc is None
    assert await count_rows(database, Notification) == 0


def _meeting(name: str = EASTSHIRE, location: str | None = "County Hall") -> MeetingView:
    return MeetingView(
        id=1,
        board_id=1,
        board_name=name,
        zone=LONDON,
        starts_at_utc=datetime(2023, 10, 10, 13, tzinfo=UTC),
        location=location,
        remote_link="https://example.zoom.us/j/" + "9" * 900,
        status="scheduled",
        item_count=12,
    )


def test_a_report_on_a_thousand_members_fits_one_message() -> None:
    tally = Tally(
        members=1500,
        delivered=400,
        unreachable=[f"Unreachable Member Number {n}" for n in range(600)],
        failed=[(f"Failed Member {n}", "Bad request: " + "x" * 300) for n in range(300)],
        not_sent=[(f"Gone Member {n}", "no longer a member of the board") for n in range(200)],
        groups=2,
        groups_delivered=1,
        groups_failed=["Chat not found"],
    )
    text = templates.broadcast_report(
        board_name="B" * 200, meeting=_meeting("B" * 200), tally=tally
    )
    assert visible_length(text) <= 4096
    lines = text.splitlines()
    assert lines[2].startswith("Unreachable (600, ") and lines[2].endswith(" more")
    assert lines[3].startswith("Failed (300): Failed Member 0 (Bad request: xxx")
    assert "Group posts that failed: Chat not found" in lines


def test_a_publication_caption_fits_telegrams_caption_limit() -> None:
    caption = templates.publication_caption(_meeting("B" * 200, "Room " * 100), public_items=40)
    assert visible_length(caption) <= 1024
    assert "📋 40 agenda items" in caption


async def test_render_checks_the_meeting_again_when_the_row_is_sent(
    database: Database,
    fake_api: FakeBotApi,
    eastshire: Eastshire,
    settings: Settings,
    clock: FixedClock,
) -> None:
    started = await broadcasts.start_publication(
        database, viewer=eastshire.clerk, meeting_id=None, now=clock.now()
    )
    async with database.read() as session:
        row = (
            await session.exec(
                select(Notification).where(
                    Notification.broadcast_id == started.broadcast_id,
                    Notification.person_id == eastshire.clerk.person_id,
                )
            )
        ).one()
        [view] = (await meeting_views(session, [eastshire.meeting_id])).values()
    item = Claimed.of(row)
    ready = await render(database, item, now=clock.now(), settings=settings)
    assert isinstance(ready, Outgoing) and ready.chat_id == CLERK.id
    assert ready.document is not None
    assert ready.document[0] == "eastshire-health-and-wellbeing-board-2023-10-10.ics"
    late = await render(database, item, now=view.starts_at_utc, settings=settings)
    assert late == Skipped("meeting has started")
