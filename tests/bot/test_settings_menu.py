"""/settings: lead times, quiet hours and muted boards, and the outbox rows that follow them.

Each change re-plans the member's reminders in the same transaction: the tests read the
``notification`` table right after it. The chat tests drive the real Application over HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest
from sqlmodel import col, select

from bot import texts
from core.roles import Role
from fakegram import FakeBotApi, FakeUser, SentMessage
from notify.planning import plan_meeting
from packs.model import Member
from services.access import AccessDenied
from services.imports import import_pack
from services.people import link_telegram
from services.preferences import (
    PreferenceError,
    get_settings,
    reset_leads,
    set_quiet_hours,
    toggle_lead,
    toggle_mute,
)
from services.views import Viewer
from storage.engine import Database
from storage.models import Board, MutedBoard, Notification, Person
from tests.auxil.buttons import forge, press
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)  # the clock fixture's time
TESTSHIRE = "Testshire Health and Wellbeing Board"
NORTHSHIRE = "Northshire Health and Wellbeing Board"
WESTSHIRE = "Westshire Parish Council"
DIANE = FakeUser(id=8101, first_name="Diane", last_name="Ellison")
MIKE = FakeUser(id=8102, first_name="Mike", last_name="Sandys")
STRANGER = FakeUser(id=8199, first_name="Eve")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class Reminder(NamedTuple):
    id: int | None
    state: str
    due: datetime
    expires: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class Boards:
    diane: Viewer  # on Testshire (chair) and Northshire
    mike: Viewer  # on Testshire
    testshire_meeting: int  # Tuesday 17 October 2023, 08:30 BST
    northshire_meeting: int  # Thursday 12 October 2023, 14:00 BST
    testshire_id: int
    northshire_id: int
    westshire_id: int  # Diane is not on it


@pytest.fixture
async def boards(database: Database) -> Boards:
    testshire = await import_pack(
        database,
        pack=make_pack(start=datetime(2023, 10, 17, 8, 30, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    northshire = await import_pack(
        database,
        pack=make_pack(
            body=NORTHSHIRE,
            start=datetime(2023, 10, 12, 14, 0, tzinfo=LONDON),
            members=[Member(name="Diane Ellison", role=Role.MEMBER)],
        ),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    await import_pack(
        database,
        pack=make_pack(body=WESTSHIRE, members=[Member(name="Olive Other", role=Role.CHAIR)]),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    diane = await link_telegram(
        database,
        board_name=TESTSHIRE,
        person_name="Diane Ellison",
        telegram_user_id=DIANE.id,
        role=None,
        now=NOW,
    )
    mike = await link_telegram(
        database,
        board_name=TESTSHIRE,
        person_name="Mike Sandys",
        telegram_user_id=MIKE.id,
        role=None,
        now=NOW,
    )
    ids = {board.board_name: board.board_id for board in diane.boards}
    return Boards(
        diane=diane,
        mike=mike,
        testshire_meeting=testshire.meeting_id,
        northshire_meeting=northshire.meeting_id,
        testshire_id=ids[TESTSHIRE],
        northshire_id=ids[NORTHSHIRE],
        westshire_id=await _board_id(database, WESTSHIRE),
    )


async def _board_id(database: Database, name: str) -> int:
    async with database.read() as session:
        board_id = (await session.exec(select(Board.id).where(Board.name == name))).one()
    assert board_id is not None
    return board_id


async def _reminders(database: Database, meeting_id: int, person: Viewer) -> dict[str, Reminder]:
    """lead -> one member's reminder for a meeting."""
    async with database.read() as session:
        rows = (
            await session.exec(
                select(Notification)
                .where(
                    Notification.meeting_id == meeting_id,
                    Notification.person_id == person.person_id,
                )
                .order_by(col(Notification.id))
            )
        ).all()
    return {
        str(row.lead): Reminder(
            row.id, row.state, row.due_at_utc, row.expires_at_utc, row.last_error
        )
        for row in rows
    }


def _pending(reminders: dict[str, Reminder]) -> dict[str, datetime]:
    return {lead: row.due for lead, row in reminders.items() if row.state == "pending"}


async def _person(database: Database, viewer: Viewer) -> Person:
    async with database.read() as session:
        person = await session.get(Person, viewer.person_id)
    assert person is not None
    return person


# -- the service ---------------------------------------------------------------------------------


async def test_toggling_lead_times_retimes_kills_and_revives_pending_reminders(
    database: Database, boards: Boards
) -> None:
    async with database.write() as session:
        await plan_meeting(session, boards.testshire_meeting, now=NOW)
    before = await _reminders(database, boards.testshire_meeting, boards.diane)
    assert _pending(before) == {
        "7d": utc(2023, 10, 10, 7, 30),
        "1d": utc(2023, 10, 16, 7, 30),
        "2h": utc(2023, 10, 17, 5, 30),
    }
    assert before["1d"].expires == utc(2023, 10, 17, 5, 30)  # until the 2-hour reminder takes over
    mikes = await _reminders(database, boards.testshire_meeting, boards.mike)

    settings = await toggle_lead(database, viewer=boards.diane, lead="2h", now=NOW)
    assert [str(lead) for lead in settings.leads] == ["7d", "1d"] and settings.own_leads
    after = await _reminders(database, boards.testshire_meeting, boards.diane)
    assert (after["2h"].id, after["2h"].state) == (before["2h"].id, "dead")
    assert after["2h"].error == "lead time no longer chosen"
    # The day-before reminder is now useful until the start, on the same row.
    assert (after["1d"].id, after["1d"].state) == (before["1d"].id, "pending")
    assert after["1d"].expires == utc(2023, 10, 17, 7, 30)

    await toggle_lead(database, viewer=boards.diane, lead="3d", now=NOW)
    assert (await _person(database, boards.diane)).reminder_leads == "7d,3d,1d"
    after = await _reminders(database, boards.testshire_meeting, boards.diane)
    assert _pending(after) == {
        "7d": utc(2023, 10, 10, 7, 30),
        "3d": utc(2023, 10, 14, 7, 30),
        "1d": utc(2023, 10, 16, 7, 30),
    }
    assert after["7d"].expires == utc(2023, 10, 14, 7, 30)

    # Chosen again before its time: the same row comes back to life.
    await toggle_lead(database, viewer=boards.diane, lead="2h", now=NOW)
    after = await _reminders(database, boards.testshire_meeting, boards.diane)
    assert after["2h"][:3] == (before["2h"].id, "pending", utc(2023, 10, 17, 5, 30))
    # Another member's reminders are not touched.
    assert await _reminders(database, boards.testshire_meeting, boards.mike) == mikes


async def test_the_last_lead_time_cannot_be_removed_and_nothing_changes(
    database: Database, boards: Boards
) -> None:
    await toggle_lead(database, viewer=boards.diane, lead="7d", now=NOW)
    await toggle_lead(database, viewer=boards.diane, lead="2h", now=NOW)
    rows = await _reminders(database, boards.testshire_meeting, boards.diane)
    with pytest.raises(PreferenceError, match=r"at least one reminder.*mute the board"):
        await toggle_lead(database, viewer=boards.diane, lead="1d", now=NOW)
    assert (await _person(database, boards.diane)).reminder_leads == "1d"
    assert await _reminders(database, boards.testshire_meeting, boards.diane) == rows
    for offered_nowhere in ("59d", "2w", "0h"):
        with pytest.raises(PreferenceError):
            await toggle_lead(database, viewer=boards.diane, lead=offered_nowhere, now=NOW)
    assert (await _person(database, boards.diane)).reminder_leads == "1d"


async def test_back_to_the_boards_lead_times(database: Database, boards: Boards) -> None:
    await toggle_lead(database, viewer=boards.diane, lead="1d", now=NOW)
    assert set(_pending(await _reminders(database, boards.testshire_meeting, boards.diane))) == {
        "7d",
        "2h",
    }
    settings = await reset_leads(database, viewer=boards.diane, now=NOW)
    assert not settings.own_leads and [str(lead) for lead in settings.leads] == ["7d", "1d", "2h"]
    assert (await _person(database, boards.diane)).reminder_leads is None
    assert set(_pending(await _reminders(database, boards.testshire_meeting, boards.diane))) == {
        "7d",
        "1d",
        "2h",
    }


async def test_muting_a_board_kills_its_reminders_and_unmuting_revives_them(
    database: Database, boards: Boards
) -> None:
    north = await _reminders(database, boards.northshire_meeting, boards.diane)
    test = await _reminders(database, boards.testshire_meeting, boards.diane)
    assert set(_pending(north)) == {"7d", "1d", "2h"}

    settings = await toggle_mute(
        database, viewer=boards.diane, board_id=boards.northshire_id, now=NOW
    )
    assert settings.muted_board_ids == {boards.northshire_id}
    muted = await _reminders(database, boards.northshire_meeting, boards.diane)
    assert {lead: row.state for lead, row in muted.items()} == {
        "7d": "dead",
        "1d": "dead",
        "2h": "dead",
    }
    assert {row.error for row in muted.values()} == {"board muted"}
    assert await _reminders(database, boards.testshire_meeting, boards.diane) == test

    await toggle_mute(database, viewer=boards.diane, board_id=boards.northshire_id, now=NOW)
    revived = await _reminders(database, boards.northshire_meeting, boards.diane)
    assert {lead: row[:3] for lead, row in revived.items()} == {
        lead: (row.id, "pending", row.due) for lead, row in north.items()
    }
    async with database.read() as session:
        assert (await session.exec(select(MutedBoard))).all() == []


async def test_a_board_the_member_is_not_on_cannot_be_muted(
    database: Database, boards: Boards
) -> None:
    with pytest.raises(AccessDenied):
        await toggle_mute(database, viewer=boards.diane, board_id=boards.westshire_id, now=NOW)
    async with database.read() as session:
        assert (await session.exec(select(MutedBoard))).all() == []


@pytest.mark.wallclock
async def test_quiet_hours_move_a_day_before_reminder_out_of_the_new_window(
    database: Database, boards: Boards
) -> None:
    before = await _reminders(database, boards.testshire_meeting, boards.diane)
    # 08:30 the day before is outside the default 21:00-08:00 ...
    assert before["1d"].due == utc(2023, 10, 16, 7, 30)
    settings = await set_quiet_hours(database, viewer=boards.diane, preset="20-09", now=NOW)
    assert settings.quiet_preset == "20-09" and settings.quiet.label() == "20:00–09:00"
    after = await _reminders(database, boards.testshire_meeting, boards.diane)
    # ... but inside 20:00-09:00: it waits for 09:00 BST, on the same row.
    assert after["1d"][:3] == (before["1d"].id, "pending", utc(2023, 10, 16, 8, 0))
    assert after["7d"].due == utc(2023, 10, 10, 8, 0)
    assert after["2h"].due == before["2h"].due  # short notice goes through quiet hours

    await set_quiet_hours(database, viewer=boards.diane, preset="off", now=NOW)
    person = await _person(database, boards.diane)
    assert person.quiet_start_minute == person.quiet_end_minute
    assert (await _reminders(database, boards.testshire_meeting, boards.diane))["1d"].due == utc(
        2023, 10, 16, 7, 30
    )
    await set_quiet_hours(database, viewer=boards.diane, preset="21-08", now=NOW)
    person = await _person(database, boards.diane)
    assert (person.quiet_start_minute, person.quiet_end_minute) == (None, None)
    with pytest.raises(PreferenceError, match="not a quiet-hours choice"):
        await set_quiet_hours(database, viewer=boards.diane, preset="23-06", now=NOW)
    assert (await get_settings(database, viewer=boards.diane)).quiet_preset == "21-08"


# -- in chat -----------------------------------------------------------------------------------


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


def _labels(message: SentMessage) -> list[list[str]]:
    return [[label for label, _ in row] for row in message.buttons]


async def test_settings_menu_shows_the_choices_and_edits_itself_in_place(
    running_bot: Any, fake_api: FakeBotApi, database: Database, boards: Boards
) -> None:
    menu = await _say(fake_api, DIANE, "/settings")
    assert menu.plain_text.splitlines()[:2] == [
        "Your reminders",
        "Before meetings: 7 days, 1 day and 2 hours before (your board's default).",
    ]
    assert "Quiet hours: 21:00–08:00 (the default)." in menu.plain_text
    assert _labels(menu) == [
        ["✓ 7 days", "3 days", "✓ 1 day"],
        ["✓ 2 hours", "1 hour"],
        ["✓ Use the board's default"],
        ["✓ Quiet 21:00–08:00", "Quiet 22:00–07:00"],
        ["Quiet 20:00–09:00", "No quiet hours"],
        [f"🔔 {NORTHSHIRE}"],
        [f"🔔 {TESTSHIRE}"],
    ]
    assert all(len(data.encode()) <= 64 for data in menu.callback_data)

    answer = await press(fake_api, DIANE, menu, "✓ 2 hours")
    assert answer.text == texts.SETTINGS_SAVED
    assert len(fake_api.messages_to(DIANE.id)) == 1  # the same message, edited
    assert menu.edits == 1
    assert "Before meetings: 7 days and 1 day before (your choice)." in menu.plain_text
    assert _labels(menu)[1:3] == [["2 hours", "1 hour"], ["Use the board's default"]]
    reminders = await _reminders(database, boards.testshire_meeting, boards.diane)
    assert set(_pending(reminders)) == {"7d", "1d"}

    await press(fake_api, DIANE, menu, "Quiet 22:00–07:00")
    await press(fake_api, DIANE, menu, f"🔔 {NORTHSHIRE}")
    assert f"Muted: {NORTHSHIRE}." in menu.plain_text
    assert _labels(menu)[3:6] == [
        ["Quiet 21:00–08:00", "✓ Quiet 22:00–07:00"],
        ["Quiet 20:00–09:00", "No quiet hours"],
        [f"🔕 {NORTHSHIRE} (muted)"],
    ]
    person = await _person(database, boards.diane)
    assert (person.quiet_start_minute, person.quiet_end_minute) == (22 * 60, 7 * 60)
    north = await _reminders(database, boards.northshire_meeting, boards.diane)
    assert _pending(north) == {}

    await press(fake_api, DIANE, menu, "Use the board's default")
    assert (await _person(database, boards.diane)).reminder_leads is None
    assert _labels(menu)[2] == ["✓ Use the board's default"]
    # Pressing what is already chosen: answered, and the menu stays as it is.
    edits = menu.edits
    assert (await press(fake_api, DIANE, menu, "✓ Use the board's default")).text == (
        texts.SETTINGS_SAVED
    )
    assert menu.edits == edits and len(fake_api.messages_to(DIANE.id)) == 1


async def test_forged_or_stale_settings_buttons_change_nothing(
    running_bot: Any, fake_api: FakeBotApi, database: Database, boards: Boards
) -> None:
    menu = await _say(fake_api, DIANE, "/settings")
    reminders = await _reminders(database, boards.testshire_meeting, boards.diane)
    not_offered = await forge(fake_api, DIANE, menu, "st:l:59d")
    assert not_offered.show_alert and "not one of the lead times" in (not_offered.text or "")
    other_board = await forge(fake_api, DIANE, menu, f"st:m:{boards.westshire_id}")
    assert other_board.text == "That belongs to a board you are not a member of."
    for nonsense in ("st:q:03-04", "st:x", "st:l:7d:extra", "st:m:abc"):
        assert (await forge(fake_api, DIANE, menu, nonsense)).text == texts.SETTINGS_STALE
    stranger = await forge(fake_api, STRANGER, menu, "st:l:7d")
    assert stranger.text == texts.STRANGER_BUTTON
    assert menu.edits == 0 and len(fake_api.messages_to(DIANE.id)) == 1
    person = await _person(database, boards.diane)
    assert (person.reminder_leads, person.quiet_start_minute) == (None, None)
    assert await _reminders(database, boards.testshire_meeting, boards.diane) == reminders
    async with database.read() as session:
        assert (await session.exec(select(MutedBoard))).all() == []


async def test_settings_for_a_stranger_is_the_not_linked_answer(
    running_bot: Any, fake_api: FakeBotApi, boards: Boards
) -> None:
    reply = await _say(fake_api, STRANGER, "/settings")
    assert "ask your clerk for an invite link" in reply.plain_text
    assert reply.buttons == []
