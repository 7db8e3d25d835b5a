"""Reminders and deliveries, end to end: rows queued by the planner, sent by a real dispatcher
through the running bot and the HTTP Bot API fake, with Telegram's failures injected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.delivery import outcome_of
from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat, FakeUser
from notify.dispatcher import Dispatcher
from notify.outcomes import Delivered, Failed, Outcome, RetryLater, Unreachable
from notify.planning import plan_action, plan_meeting
from services import chats
from services.broadcasts import start_publication
from storage.engine import Database
from storage.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    BoardChat,
    Meeting,
    MeetingStatus,
    MutedBoard,
    Notification,
    Person,
)
from tests.auxil.packs import LONDON
from tests.auxil.world import TESTSHIRE, World, build_world

pytestmark = pytest.mark.wallclock

DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")
MIKE = FakeUser(id=102, first_name="Mike", last_name="Sandys")
NORA = FakeUser(id=103, first_name="Nora", last_name="Batty")
CAROL = FakeUser(id=104, first_name="Carol", last_name="Clerk")
GROUP = FakeChat.group(-300800, "Testshire HWB")
SUPERGROUP_ID = -1003008000001


@pytest.fixture
async def world(database: Database, fake_api: FakeBotApi) -> World:
    """Testshire (Diane, Mike and the clerk Carol on Telegram) and Northshire (Nora, Mike)."""
    built = await build_world(database)
    for user in (DIANE, MIKE, NORA, CAROL):
        fake_api.add_chat(FakeChat.private(user))
    return built


async def drain(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    """Let the dispatcher send everything due at the clock's time, and the fake go quiet."""
    dispatcher.poke()
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1)


async def _plan_october(database: Database, world: World, clock: FixedClock) -> None:
    async with database.write() as session:
        await plan_meeting(session, world.october_id, now=clock.now())


async def _reminder_row(database: Database, world: World, person: str, lead: str) -> Notification:
    async with database.read() as session:
        return (
            await session.exec(
                select(Notification)
                .join(Person, col(Person.id) == col(Notification.person_id))
                .where(
                    Notification.meeting_id == world.october_id,
                    Person.full_name == person,
                    Notification.lead == lead,
                )
            )
        ).one()


def _texts(fake: FakeBotApi, user: FakeUser) -> list[str]:
    return [message.plain_text for message in fake.messages_to(user.id)]


# -- meeting reminders -------------------------------------------------------------------------


async def test_a_due_meeting_reminder_arrives_with_agenda_and_apologies_buttons(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    await _plan_october(database, world, clock)
    await drain(dispatcher, fake_api)
    assert fake_api.messages_to(DIANE.id) == []  # nothing is due yet

    clock.set(datetime(2023, 10, 3, 14, 0, tzinfo=LONDON))  # 7 days before 2pm on the 10th
    await drain(dispatcher, fake_api)
    [reminder] = fake_api.messages_to(DIANE.id)
    assert reminder.plain_text.splitlines() == [
        f"⏰ Reminder: {TESTSHIRE} meets in 7 days",
        "🗓 Tuesday 10 October 2023, 2:00pm",
        "📍 Council Chamber, County Hall",
        "💻 Join online",
    ]
    october = world.october_id
    assert reminder.buttons == [
        [("Agenda", f"ag:{october}:0")],
        [("Attending", f"at:{october}:0"), ("Send apologies", f"ap:{october}:0")],
    ]
    assert len(fake_api.messages_to(MIKE.id)) == 1 and len(fake_api.messages_to(CAROL.id)) == 1
    assert fake_api.messages_to(NORA.id) == []  # Northshire only

    # The button works like the meeting card's.
    await fake_api.user_presses(DIANE, reminder, reminder.button_data("Agenda"))
    [_, agenda] = await fake_api.wait_for_messages(DIANE.id, 2)
    assert agenda.plain_text.startswith(f"Agenda: {TESTSHIRE}")

    row = await _reminder_row(database, world, "Diane Ellison", "7d")
    assert (row.state, row.telegram_message_id) == ("sent", reminder.message_id)


async def test_a_late_reminder_says_the_time_actually_left_and_expired_ones_are_dropped(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    await _plan_october(database, world, clock)
    # The bot was down from before the 7-day reminder until after the 2-hour one was due.
    clock.set(datetime(2023, 10, 10, 12, 10, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    assert _texts(fake_api, DIANE) == [
        f"⏰ Reminder: {TESTSHIRE} meets in 1 hour 50 minutes\n"
        "🗓 Tuesday 10 October 2023, 2:00pm\n"
        "📍 Council Chamber, County Hall\n"
        "💻 Join online"
    ]
    for lead in ("7d", "1d"):
        row = await _reminder_row(database, world, "Diane Ellison", lead)
        assert (row.state, row.last_error) == ("dead", "expired")


async def test_a_reminder_for_a_cancelled_meeting_is_not_sent(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    await _plan_october(database, world, clock)
    async with database.write() as session:  # cancelled without re-planning: stale rows
        meeting = await session.get(Meeting, world.october_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED.value
        session.add(meeting)
    clock.set(datetime(2023, 10, 3, 14, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    assert fake_api.messages_to(DIANE.id) == [] and fake_api.messages_to(MIKE.id) == []
    row = await _reminder_row(database, world, "Diane Ellison", "7d")
    assert (row.state, row.last_error) == ("dead", "meeting cancelled")


async def test_no_reminder_after_apologies_or_for_a_muted_board(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    await _plan_october(database, world, clock)
    async with database.write() as session:  # recorded without re-planning: stale rows
        session.add(
            Attendance(
                meeting_id=world.october_id,
                person_id=world.diane.person_id,
                status=AttendanceStatus.APOLOGIES.value,
            )
        )
        session.add(MutedBoard(person_id=world.mike.person_id, board_id=world.testshire_id))
    clock.set(datetime(2023, 10, 3, 14, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    assert fake_api.messages_to(DIANE.id) == [] and fake_api.messages_to(MIKE.id) == []
    assert len(fake_api.messages_to(CAROL.id)) == 1
    diane = await _reminder_row(database, world, "Diane Ellison", "7d")
    mike = await _reminder_row(database, world, "Mike Sandys", "7d")
    assert (diane.state, diane.last_error) == ("dead", "apologies sent")
    assert (mike.state, mike.last_error) == ("dead", "board muted")


async def test_a_day_reminder_in_quiet_hours_waits_until_they_end(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    await _plan_october(database, world, clock)
    async with database.write() as session:  # Diane now keeps 1pm to 3pm quiet
        diane = await session.get(Person, world.diane.person_id)
        assert diane is not None
        diane.quiet_start_minute, diane.quiet_end_minute = 13 * 60, 15 * 60
        session.add(diane)
    clock.set(datetime(2023, 10, 3, 14, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    assert fake_api.messages_to(DIANE.id) == []
    assert len(fake_api.messages_to(MIKE.id)) == 1
    row = await _reminder_row(database, world, "Diane Ellison", "7d")
    assert (row.state, row.attempts) == ("pending", 0)
    assert row.next_attempt_at_utc == datetime(2023, 10, 3, 14, 0, tzinfo=UTC)  # 3pm London

    clock.set(datetime(2023, 10, 3, 15, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    [reminder] = fake_api.messages_to(DIANE.id)
    assert reminder.plain_text.startswith(f"⏰ Reminder: {TESTSHIRE} meets in 7 days")


async def test_the_two_hour_reminder_is_delivered_in_quiet_hours(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    async with database.write() as session:
        diane = await session.get(Person, world.diane.person_id)
        assert diane is not None
        diane.quiet_start_minute, diane.quiet_end_minute = 11 * 60, 13 * 60
        session.add(diane)
        await session.flush()
        await plan_meeting(session, world.october_id, now=clock.now())
    clock.set(datetime(2023, 10, 10, 12, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    [reminder] = fake_api.messages_to(DIANE.id)
    assert reminder.plain_text.startswith(f"⏰ Reminder: {TESTSHIRE} meets in 2 hours")


# -- actions -----------------------------------------------------------------------------------


async def _action_id(database: Database, description: str) -> int:
    async with database.read() as session:
        action_id = (
            await session.exec(select(Action.id).where(Action.description == description))
        ).one()
    assert action_id is not None
    return action_id


async def test_an_action_nudge_has_done_and_update_buttons_and_stops_once_done(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    action_id = await _action_id(database, "Book the community hall")  # Diane's, due 20 Oct
    async with database.write() as session:
        await plan_action(session, action_id, now=clock.now())
    clock.set(datetime(2023, 10, 13, 9, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    [nudge] = fake_api.messages_to(DIANE.id)
    assert nudge.plain_text.splitlines() == [
        "📌 Your action is due in 7 days",
        TESTSHIRE,
        f"#{action_id} [5] Book the community hall",
        "Due: Friday 20 October 2023",
        "",
        "Press Done when it is finished, or add an update for your clerk.",
    ]
    assert nudge.buttons == [
        [("Done", f"ad:{action_id}"), ("Add update", f"au:{action_id}")],
        [("Can't do — tell the clerk", f"ac:{action_id}")],
    ]

    async with database.write() as session:  # marked done elsewhere; the rows are stale
        action = await session.get(Action, action_id)
        assert action is not None
        action.status = ActionStatus.DONE.value
        session.add(action)
    clock.set(datetime(2023, 10, 20, 9, 0, tzinfo=LONDON))
    await drain(dispatcher, fake_api)
    assert len(fake_api.messages_to(DIANE.id)) == 1
    async with database.read() as session:
        states = (
            await session.exec(
                select(Notification.lead, Notification.last_error).where(
                    Notification.action_id == action_id, Notification.state == "dead"
                )
            )
        ).all()
    assert ("due", "action closed") in states


async def test_the_clerk_hears_of_an_action_overdue_past_the_boards_limit(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    action_id = await _action_id(database, "Circulate the falls data")  # Diane's, due 30 Sep
    async with database.write() as session:
        await plan_action(session, action_id, now=clock.now())
    clock.set(datetime(2023, 10, 14, 9, 0, tzinfo=LONDON))  # 14 days overdue
    await drain(dispatcher, fake_api)
    [escalation] = fake_api.messages_to(CAROL.id)
    assert escalation.plain_text.splitlines() == [
        "⚠️ An action is 14 days overdue",
        f"{TESTSHIRE} · owner: Diane Ellison",
        f"#{action_id} [1] Circulate the falls data",
        "Due: Saturday 30 September 2023",
    ]
    assert escalation.buttons == []


# -- Telegram's failures -----------------------------------------------------------------------


async def _publish(database: Database, world: World, clock: FixedClock, fake: FakeBotApi) -> int:
    await chats.link_group(
        database,
        viewer=world.clerk,
        chat_id=GROUP.id,
        title=GROUP.title,
        board_name=None,
        now=clock.now(),
    )
    fake.add_chat(GROUP)
    started = await start_publication(
        database, viewer=world.clerk, meeting_id=None, now=clock.now()
    )
    return started.broadcast_id


def _sends(fake: FakeBotApi, chat_id: int) -> list[int | None]:
    """Status of every sendDocument call to ``chat_id``."""
    return [
        call.status for call in fake.calls("sendDocument") if call.params.get("chat_id") == chat_id
    ]


async def test_a_429_and_a_500_are_retried_and_each_member_gets_exactly_one_copy(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    fake_api.fail_next(
        "sendDocument",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        chat_id=DIANE.id,
    )
    fake_api.fail_next(
        "sendDocument", error_code=500, description="Internal Server Error", chat_id=MIKE.id
    )
    await _publish(database, world, clock, fake_api)
    await drain(dispatcher, fake_api)
    assert fake_api.messages_to(MIKE.id) == []  # backing off

    clock.advance(timedelta(minutes=1))
    await drain(dispatcher, fake_api)
    for user in (DIANE, MIKE, CAROL):
        assert len([m for m in fake_api.messages_to(user.id) if m.document is not None]) == 1
    assert _sends(fake_api, DIANE.id) == [429, 200]
    assert _sends(fake_api, MIKE.id) == [500, 200]
    report = fake_api.messages_to(CAROL.id)[-1]
    assert report.plain_text.splitlines()[1] == "Delivered to 3 of 7 members."


async def test_a_group_that_became_a_supergroup_gets_the_post_at_its_new_id(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    fake_api.fail_next(
        "sendDocument",
        error_code=400,
        description="Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=SUPERGROUP_ID,
        chat_id=GROUP.id,
    )
    await _publish(database, world, clock, fake_api)
    await drain(dispatcher, fake_api)
    assert fake_api.messages_to(GROUP.id) == []
    [post] = fake_api.messages_to(SUPERGROUP_ID)
    assert post.plain_text.startswith(f"📢 Agenda published: {TESTSHIRE}")
    async with database.read() as session:
        linked = (
            await session.exec(
                select(BoardChat.chat_id).where(BoardChat.board_id == world.testshire_id)
            )
        ).all()
    assert linked == [SUPERGROUP_ID]
    report = fake_api.messages_to(CAROL.id)[-1]
    assert report.plain_text.splitlines()[-1] == "Posted in 1 of 1 group."


async def test_chat_not_found_fails_with_its_reason_and_is_not_retried(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    fake_api.fail_next(
        "sendDocument", error_code=400, description="Bad Request: chat not found", chat_id=MIKE.id
    )
    await _publish(database, world, clock, fake_api)
    await drain(dispatcher, fake_api)
    clock.advance(timedelta(hours=1))
    await drain(dispatcher, fake_api)
    assert _sends(fake_api, MIKE.id) == [400]
    assert fake_api.messages_to(MIKE.id) == []
    report = fake_api.messages_to(CAROL.id)[-1]
    assert report.plain_text.splitlines()[1:4] == [
        "Delivered to 2 of 7 members.",
        "Unreachable (4, not on Telegram yet, or they blocked Quorum): "
        "Adam Young, Angela Hillery, Katherine Willison, Zoe Adams",
        "Failed (1): Mike Sandys (Chat not found)",
    ]


async def test_an_announcement_in_someones_quiet_hours_arrives_silently(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    world: World,
    dispatcher: Dispatcher,
) -> None:
    async with database.write() as session:  # it is 9am; Diane keeps 8am to 10am quiet
        diane = await session.get(Person, world.diane.person_id)
        assert diane is not None
        diane.quiet_start_minute, diane.quiet_end_minute = 8 * 60, 10 * 60
        session.add(diane)
    await _publish(database, world, clock, fake_api)
    await drain(dispatcher, fake_api)
    silent = {
        call.params["chat_id"]: call.params.get("disable_notification", False)
        for call in fake_api.calls("sendDocument")
    }
    assert silent == {DIANE.id: True, MIKE.id: False, CAROL.id: False, GROUP.id: False}


@pytest.mark.parametrize(
    ("error", "kind", "after_seconds"),
    [
        (RetryAfter(timedelta(seconds=7)), RetryLater, 7.0),
        (Forbidden("Forbidden: bot was blocked by the user"), Unreachable, None),
        (BadRequest("Bad Request: can't parse entities"), Failed, None),
        (TimedOut(), RetryLater, None),
        (NetworkError("Bad Gateway (502)"), RetryLater, None),
    ],
)
def test_telegram_errors_map_to_outcomes(
    error: TelegramError, kind: type[Outcome], after_seconds: float | None
) -> None:
    outcome = outcome_of(error)
    assert type(outcome) is kind
    assert not isinstance(outcome, Delivered) and str(error) in outcome.reason
    assert getattr(outcome, "after_seconds", None) == after_seconds
    if isinstance(outcome, Unreachable):
        assert outcome.blocked  # the person gets marked and their clerks told
