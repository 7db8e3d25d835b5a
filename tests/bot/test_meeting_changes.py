"""Moving, re-placing and cancelling a meeting in chat: the clerk's /meeting command through the
real PTB Application and the HTTP fake, and the change notices the dispatcher delivers (merged
while unsent, after re-imports too), with calendar files read back by two parsers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
import vobject
from sqlmodel import col, select

from bot import texts
from bot.html import visible_text
from bot.notices import Outgoing, render
from core.settings import Settings
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from notify.outcomes import Claimed
from packs.model import AgendaItem, Member
from services import broadcasts, meeting_changes
from services.imports import import_pack
from storage.engine import Database
from storage.models import (
    Broadcast,
    Meeting,
    MeetingChange,
    Notification,
    NotificationKind,
    NotificationState,
)
from tests.auxil.buttons import press
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.southshire import (
    AMY,
    BOARD,
    CLERK,
    GROUP,
    NAMES,
    NOW,
    STARTS,
    UNLINKED,
    USERS,
    Southshire,
    build_southshire,
)


@pytest.fixture
async def southshire(database: Database, fake_api: FakeBotApi) -> Southshire:
    """Southshire: four members on Telegram, one who is not, a clerk and a group."""
    return await build_southshire(database, fake_api)


CHANGE = NotificationKind.MEETING_CHANGE.value


async def _ask(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    messages = await fake.wait_for_messages(user.id, before + 1)
    return messages[before]


async def _settle(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1)


def _notices(fake: FakeBotApi, chat_id: int) -> list[SentMessage]:
    return [
        m
        for m in fake.messages_to(chat_id)
        if m.plain_text.startswith(("🔁 Meeting changed", "❌ Meeting cancelled"))
    ]


def _event(data: bytes) -> tuple[Any, Any]:
    """The one VEVENT, read by icalendar and by vobject (which must agree)."""
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    other = vobject.readOne(data.decode())
    assert str(other.vevent.uid.value) == str(event["UID"])
    assert other.vevent.dtstart.value == event.decoded("DTSTART")
    assert int(other.vevent.sequence.value) == int(str(event["SEQUENCE"]))
    return event, calendar


async def _meeting(database: Database, meeting_id: int) -> Meeting:
    async with database.read() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        return meeting


async def test_move_move_cancel_reaches_every_member_once_each_with_a_rising_sequence(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    dispatcher: Dispatcher,
) -> None:
    meeting_id = southshire.meeting_id
    question = await _ask(fake_api, CLERK, f"/meeting move {meeting_id} Wed 11 Oct 10am")
    assert question.plain_text == (
        f"Move {BOARD} from Tuesday 10 October 2023, 2:00pm to "
        "Wednesday 11 October 2023, 10:00am?\n"
        "6 members will be told, with an updated calendar file."
    )
    await press(fake_api, CLERK, question, "Move it")
    await _settle(dispatcher, fake_api)
    assert question.plain_text.startswith(
        "Done: moved from Tue 10 Oct 2:00pm to Wed 11 Oct 10:00am. 6 members will be told"
    )

    uids = set()
    for user in USERS:
        [notice] = _notices(fake_api, user.id)
        assert notice.plain_text.splitlines()[:2] == [
            f"🔁 Meeting changed: {BOARD}",
            "Moved from Tue 10 Oct 2:00pm to Wed 11 Oct 10:00am.",
        ]
        assert "🗓 Wednesday 11 October 2023, 10:00am" in notice.plain_text
        assert [[label for label, _ in row] for row in notice.buttons] == [
            ["Agenda"],
            ["Attending", "Send apologies"],
        ]
        assert notice.document is not None
        event, calendar = _event(notice.document.data)
        assert calendar["METHOD"] == "PUBLISH" and int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == datetime(2023, 10, 11, 9, 0, tzinfo=UTC)
        uids.add(str(event["UID"]))
    assert uids == {f"meeting-{meeting_id}@quorum.invalid"}
    [group_notice] = _notices(fake_api, GROUP.id)
    assert group_notice.buttons == [] and group_notice.document is not None
    report = await fake_api.wait_for_message(
        CLERK.id, lambda m: m.plain_text.startswith("📊 Report on the change notice")
    )
    assert "Delivered to 5 of 6 members." in report.plain_text
    assert "Una Linked" in report.plain_text  # not on Telegram: named as unreachable

    # Moved again, then re-placed, then cancelled: one more notice each time, SEQUENCE rising.
    for command, label in (
        (f"/meeting move {meeting_id} 12/10/2023 16:30", "Move it"),
        (f"/meeting place {meeting_id} Room 2, County Hall", "Change the place"),
        (f"/meeting cancel {meeting_id}", "Cancel the meeting"),
    ):
        question = await _ask(fake_api, CLERK, command)
        await press(fake_api, CLERK, question, label)
        await _settle(dispatcher, fake_api)

    notices = _notices(fake_api, AMY.id)
    assert len(notices) == 4
    assert notices[1].plain_text.splitlines()[1] == (
        "Moved from Wed 11 Oct 10:00am to Thu 12 Oct 4:30pm."
    )
    assert notices[2].plain_text.splitlines()[1] == "Place now Room 2, County Hall."
    assert notices[3].plain_text.splitlines()[:2] == [
        f"❌ Meeting cancelled: {BOARD}",
        "The meeting on Thursday 12 October 2023, 4:30pm will not take place.",
    ]
    assert notices[3].buttons == []
    sequences = []
    for notice in notices:
        assert notice.document is not None
        event, calendar = _event(notice.document.data)
        assert str(event["UID"]) == f"meeting-{meeting_id}@quorum.invalid"
        sequences.append(int(event["SEQUENCE"]))
    assert sequences == [1, 2, 3, 4]
    assert notice.document is not None
    event, calendar = _event(notice.document.data)
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert not event.walk("VALARM")
    stored = await _meeting(database, meeting_id)
    assert stored.status == "cancelled" and stored.ics_sequence == 4
    assert event.decoded("DTSTART") == stored.starts_at_utc
    # No meeting reminders survive the cancellation.
    async with database.read() as session:
        alive = (
            await session.exec(
                select(Notification).where(
                    Notification.kind == NotificationKind.MEETING_REMINDER.value,
                    Notification.state == NotificationState.PENDING.value,
                )
            )
        ).all()
    assert alive == []


async def test_members_and_strangers_cannot_change_a_meeting_and_bad_input_changes_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
) -> None:
    meeting_id = southshire.meeting_id
    stranger = FakeUser(id=7999, first_name="Sid", last_name="Stranger")
    fake_api.add_chat(FakeChat.private(stranger))
    assert (await _ask(fake_api, AMY, f"/meeting cancel {meeting_id}")).plain_text == (
        "Only the board's clerk can do that."
    )
    answer = await _ask(fake_api, stranger, f"/meeting cancel {meeting_id}")
    assert answer.plain_text == visible_text(texts.STRANGER)
    replies = [
        await _ask(fake_api, CLERK, text)
        for text in (
            "/meeting move nine 11 Oct 10am",
            f"/meeting move {meeting_id} someday",
            f"/meeting move {meeting_id} 11 Oct",
            f"/meeting move {meeting_id} 1 Oct 2023 10am",
            "/meeting cancel 99999",
            f"/meeting place {meeting_id}",
        )
    ]
    assert [reply.plain_text.split(".")[0] for reply in replies] == [
        "“nine” is not a meeting ID",
        "I couldn't read “someday” as a date and time",
        "Give a time as well as the day, e",
        "Move Southshire Health and Wellbeing Board from Tuesday 10 October 2023, 2:00pm to "
        "Sunday 1 October 2023, 10:00am?\n6 members will be told, with an updated calendar file",
        "There is no meeting 99999",
        "Say where, e",
    ]
    # Confirming a time in the past is refused, politely, at the press.
    answer_to_past = await press(fake_api, CLERK, replies[3], "Move it")
    assert answer_to_past.show_alert and "past" in (answer_to_past.text or "")
    usage = await _ask(fake_api, CLERK, "/meeting")
    assert f"{meeting_id} Tuesday 10 October 2023, 2:00pm, {BOARD}" in usage.plain_text
    stored = await _meeting(database, meeting_id)
    assert stored.ics_sequence == 0 and stored.starts_at_utc == STARTS
    async with database.read() as session:
        assert (await session.exec(select(MeetingChange))).all() == []


async def test_a_confirmation_pressed_after_another_change_does_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    dispatcher: Dispatcher,
) -> None:
    meeting_id = southshire.meeting_id
    first = await _ask(fake_api, CLERK, f"/meeting move {meeting_id} 11 Oct 10am")
    second = await _ask(fake_api, CLERK, f"/meeting move {meeting_id} 12 Oct 10am")
    await press(fake_api, CLERK, second, "Move it")
    answer = await press(fake_api, CLERK, first, "Move it")
    assert answer.show_alert and answer.text == (
        "That meeting has changed since I asked. Send the command again."
    )
    kept = await _ask(fake_api, CLERK, f"/meeting cancel {meeting_id}")
    await press(fake_api, CLERK, kept, "Keep it as it is")
    await _settle(dispatcher, fake_api)
    assert kept.plain_text == "Nothing changed."
    stored = await _meeting(database, meeting_id)
    assert stored.starts_at_utc == datetime(2023, 10, 12, 9, 0, tzinfo=UTC)
    assert stored.ics_sequence == 1 and stored.status == "scheduled"
    assert len(_notices(fake_api, AMY.id)) == 1


async def _render(database: Database, settings: Settings, row: Notification) -> Outgoing:
    item = Claimed.of(row)
    rendered = await render(database, item, now=NOW, settings=settings)
    assert isinstance(rendered, Outgoing), rendered
    return rendered


async def _change_rows(database: Database, state: str) -> list[Notification]:
    async with database.read() as session:
        return list(
            (
                await session.exec(
                    select(Notification)
                    .where(Notification.kind == CHANGE, Notification.state == state)
                    .order_by(col(Notification.id))
                )
            ).all()
        )


async def test_changes_not_yet_sent_are_merged_into_one_notice_from_the_first_state(
    database: Database, fake_api: FakeBotApi, southshire: Southshire, settings: Settings
) -> None:
    meeting_id = southshire.meeting_id
    clerk = southshire.clerk
    await meeting_changes.move_meeting(
        database,
        meeting_id=meeting_id,
        starts_at_utc=STARTS + timedelta(days=1),
        viewer=clerk,
        now=NOW,
    )
    await meeting_changes.place_meeting(
        database, meeting_id=meeting_id, location="Room 2", viewer=clerk, now=NOW
    )
    final = await meeting_changes.move_meeting(
        database,
        meeting_id=meeting_id,
        starts_at_utc=STARTS + timedelta(days=2, hours=-4),
        viewer=clerk,
        now=NOW,
    )
    assert final.sequence == 3 and final.members == 6 and final.groups == 1
    superseded = await _change_rows(database, NotificationState.DEAD.value)
    assert len(superseded) == 2 * 7
    assert {row.last_error for row in superseded} == {"superseded by a later change"}
    pending = await _change_rows(database, NotificationState.PENDING.value)
    assert len(pending) == 7 and {row.broadcast_id for row in pending} == {final.broadcast_id}
    amy = next(row for row in pending if row.person_id == southshire.member.person_id)
    outgoing = await _render(database, settings, amy)
    assert outgoing.text.splitlines()[1] == (
        "Moved from Tue 10 Oct 2:00pm to Thu 12 Oct 10:00am; place now Room 2."
    )
    # Moving it back where it was tells nobody anything new: the pending notice goes.
    back = await meeting_changes.move_meeting(
        database, meeting_id=meeting_id, starts_at_utc=STARTS, viewer=clerk, now=NOW
    )
    assert back.moved is False and back.new_location == "Room 2" and back.members == 6


async def test_a_reimported_pack_that_moves_the_meeting_tells_members_what_changed(
    database: Database, fake_api: FakeBotApi, southshire: Southshire, settings: Settings
) -> None:
    members = [Member(name=n) for n in [*NAMES, UNLINKED]]
    # Agenda-only changes before the agenda is published: SEQUENCE up, nobody told.
    items = [
        AgendaItem(number="1", title="Welcome and apologies"),
        AgendaItem(number="2", title="Better Care Fund"),
        AgendaItem(number="3", title="Contract award", exempt=True),
        AgendaItem(number="4", title="Pharmaceutical Needs Assessment"),
    ]
    await import_pack(
        database,
        pack=make_pack(body=BOARD, members=members, items=items),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    assert (await _meeting(database, southshire.meeting_id)).ics_sequence == 1
    assert await _change_rows(database, NotificationState.PENDING.value) == []

    await broadcasts.start_publication(
        database, viewer=southshire.clerk, meeting_id=southshire.meeting_id, now=NOW
    )
    moved = make_pack(
        body=BOARD,
        members=members,
        items=[
            *items[:2],
            # An exempt item's change is never described: notices reach groups too.
            AgendaItem(number="3", title="Contract award: lot 2", exempt=True),
            AgendaItem(number="4", title="Pharmacy needs: final report"),
        ],
        start=datetime(2023, 10, 11, 10, 0, tzinfo=LONDON),
        location="Room 2, County Hall",
    )
    summary = await import_pack(
        database, pack=moved, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.meeting_id == southshire.meeting_id
    pending = await _change_rows(database, NotificationState.PENDING.value)
    assert len(pending) == 7  # six members and the group
    amy = next(row for row in pending if row.person_id == southshire.member.person_id)
    outgoing = await _render(database, settings, amy)
    assert outgoing.text.splitlines()[1:4] == [
        "Moved from Tue 10 Oct 2:00pm to Wed 11 Oct 10:00am; place now Room 2, County Hall.",
        "Agenda changes:",
        "• 4 now “Pharmacy needs: final report” (was “Pharmaceutical Needs Assessment”)",
    ]
    assert "Contract award" not in outgoing.text and len(outgoing.text.splitlines()) == 10
    assert outgoing.document is not None
    event, _ = _event(outgoing.document[1])
    assert int(event["SEQUENCE"]) == 2 and str(event["LOCATION"]) == "Room 2, County Hall"
    assert b"Contract award" not in outgoing.document[1]
    async with database.read() as session:
        kinds = (await session.exec(select(Broadcast.kind).order_by(col(Broadcast.id)))).all()
    assert kinds == ["publication", "change"]
