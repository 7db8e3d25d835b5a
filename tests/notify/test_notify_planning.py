"""Reminder planning: lead times across the clock changes, quiet hours, and the outbox rows that
follow meetings as they move, are cancelled, or get apologies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from notify.leads import QuietHours, parse_lead, parse_leads
from notify.planning import plan_action, plan_meeting
from services.attendance import set_attendance
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Action, Meeting, MeetingStatus, Notification, Person
from tests.auxil.packs import LONDON, make_pack

pytestmark = pytest.mark.wallclock

BOARD = "Testshire Health and Wellbeing Board"
NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# -- lead times and the clocks ---------------------------------------------------------------


def test_a_day_lead_keeps_the_local_time_across_the_autumn_change() -> None:
    # Clocks go back at 02:00 BST on Sunday 29 October 2023.
    monday = datetime(2023, 10, 30, 10, 0, tzinfo=LONDON)  # 10:00 GMT = 10:00Z
    assert parse_lead("1d").before(monday, LONDON) == utc(2023, 10, 29, 10, 0)  # Sunday 10:00
    # A week before is still summer time: 10:00 BST is 09:00Z, not 24 x 7 hours earlier.
    assert parse_lead("7d").before(monday, LONDON) == utc(2023, 10, 23, 9, 0)
    # On the day of the change itself, one day before a 2pm meeting is 2pm BST on Saturday.
    sunday = datetime(2023, 10, 29, 14, 0, tzinfo=LONDON)
    assert parse_lead("1d").before(sunday, LONDON) == utc(2023, 10, 28, 13, 0)
    # Hour leads are exact durations.
    assert parse_lead("2h").before(monday, LONDON) == utc(2023, 10, 30, 8, 0)


def test_a_day_lead_keeps_the_local_time_across_the_spring_change() -> None:
    # Clocks go forward at 01:00 GMT on Sunday 26 March 2023.
    monday = datetime(2023, 3, 27, 10, 0, tzinfo=LONDON)  # 10:00 BST = 09:00Z
    assert parse_lead("1d").before(monday, LONDON) == utc(2023, 3, 26, 9, 0)
    assert parse_lead("7d").before(monday, LONDON) == utc(2023, 3, 20, 10, 0)  # 10:00 GMT
    sunday = datetime(2023, 3, 26, 14, 0, tzinfo=LONDON)  # 13:00Z
    assert parse_lead("1d").before(sunday, LONDON) == utc(2023, 3, 25, 14, 0)
    assert parse_lead("2h").before(sunday, LONDON) == utc(2023, 3, 26, 11, 0)


def test_lead_texts_are_parsed_and_refused_clearly() -> None:
    assert [str(lead) for lead in parse_leads("2h, 7d,1d 7d")] == ["7d", "1d", "2h"]
    assert parse_leads("") == ()
    for bad in ("7", "7 weeks", "0d", "99d", "-1d"):
        with pytest.raises(ValueError, match="lead time"):
            parse_leads(bad)


def test_quiet_hours_move_a_reminder_to_the_morning_or_back_to_the_evening() -> None:
    quiet = QuietHours()  # 21:00-08:00
    late = datetime(2023, 10, 9, 22, 30, tzinfo=LONDON)
    assert quiet.contains(late, LONDON)
    assert not quiet.contains(datetime(2023, 10, 9, 8, 0, tzinfo=LONDON), LONDON)
    assert quiet.place(late, LONDON) == datetime(2023, 10, 10, 8, 0, tzinfo=LONDON)
    early = datetime(2023, 10, 10, 6, 0, tzinfo=LONDON)
    assert quiet.place(early, LONDON) == datetime(2023, 10, 10, 8, 0, tzinfo=LONDON)
    # When the morning is too late (the next reminder takes over at 07:00), go the evening before.
    deadline = datetime(2023, 10, 10, 7, 0, tzinfo=LONDON)
    assert quiet.place(late, LONDON, deadline=deadline) == datetime(
        2023, 10, 9, 20, 59, tzinfo=LONDON
    )
    assert QuietHours(9 * 60, 17 * 60).contains(datetime(2023, 1, 2, 12, tzinfo=LONDON), LONDON)
    assert not QuietHours(0, 0).contains(late, LONDON)
    assert QuietHours().label() == "21:00–08:00"


def test_quiet_hours_end_at_the_local_hour_on_the_morning_the_clocks_change() -> None:
    quiet = QuietHours()
    night = datetime(2023, 10, 28, 23, 0, tzinfo=LONDON)  # Saturday, BST
    assert quiet.ends_after(night, LONDON) == utc(2023, 10, 29, 8, 0)  # 08:00 GMT


# -- rows in the outbox ----------------------------------------------------------------------


async def _board_with_meeting(database: Database, start: datetime) -> tuple[int, int, int]:
    """Import a meeting, link Diane; return (meeting id, Diane's person id, Mike's)."""
    summary = await import_pack(
        database, pack=make_pack(start=start), board_name=None, timezone="Europe/London", now=NOW
    )
    diane = await link_telegram(
        database,
        board_name=BOARD,
        person_name="Diane Ellison",
        telegram_user_id=101,
        role=None,
        now=NOW,
    )
    async with database.read() as session:
        mike = (await session.exec(select(Person).where(Person.full_name == "Mike Sandys"))).one()
    assert mike.id is not None
    return summary.meeting_id, diane.person_id, mike.id


async def _rows(database: Database, **where: object) -> list[Notification]:
    async with database.read() as session:
        query = select(Notification).order_by(col(Notification.due_at_utc))
        for name, value in where.items():
            query = query.where(getattr(Notification, name) == value)
        return list((await session.exec(query)).all())


async def test_linked_members_get_one_row_per_lead_and_unlinked_members_none(
    database: Database,
) -> None:
    start = datetime(2023, 10, 30, 10, 0, tzinfo=LONDON)  # the Monday after the change
    meeting_id, diane, _mike = await _board_with_meeting(database, start)
    rows = await _rows(database, meeting_id=meeting_id)
    assert {row.person_id for row in rows} == {diane}  # Mike has no Telegram account
    assert [(row.lead, row.due_at_utc, row.state) for row in rows] == [
        ("7d", utc(2023, 10, 23, 9, 0), "pending"),
        ("1d", utc(2023, 10, 29, 10, 0), "pending"),
        ("2h", utc(2023, 10, 30, 8, 0), "pending"),
    ]
    # Each is useful until the next takes over; the last until the start.
    assert [row.expires_at_utc for row in rows] == [
        utc(2023, 10, 29, 10, 0),
        utc(2023, 10, 30, 8, 0),
        start.astimezone(UTC),
    ]
    # Planning again changes nothing and adds nothing.
    async with database.write() as session:
        await plan_meeting(session, meeting_id, now=NOW)
    assert [(r.id, r.due_at_utc) for r in await _rows(database, meeting_id=meeting_id)] == [
        (r.id, r.due_at_utc) for r in rows
    ]


async def test_a_meeting_known_by_its_date_alone_gets_its_day_reminders_in_the_morning(
    database: Database,
) -> None:
    # A council's site gives the date of Monday 30 October 2023 (GMT) but no time yet.
    start = datetime(2023, 10, 30, 0, 0, tzinfo=LONDON)
    meeting_id, diane, _mike = await _board_with_meeting(database, start)
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.time_stated = False
        session.add(meeting)
        await plan_meeting(session, meeting_id, now=NOW)
    rows = await _rows(database, meeting_id=meeting_id, state="pending")
    # 09:00 local on each day: a week before is still BST (08:00Z), the day before is GMT; no
    # "2 hours before" an unknown time.
    assert [(row.lead, row.due_at_utc) for row in rows] == [
        ("7d", utc(2023, 10, 23, 8, 0)),
        ("1d", utc(2023, 10, 29, 9, 0)),
    ]
    assert {row.person_id for row in rows} == {diane}


async def test_a_moved_meeting_re_times_its_reminders_and_keeps_none_at_the_old_times(
    database: Database,
) -> None:
    meeting_id, _diane, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON)
    )
    reminders = {"meeting_id": meeting_id, "kind": "meeting-reminder"}
    before = await _rows(database, **reminders)
    # The re-issued pack moves it to 10:00 on Wednesday 18th, in the same import transaction.
    await import_pack(
        database,
        pack=make_pack(start=datetime(2023, 10, 18, 10, 0, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW + timedelta(hours=1),
    )
    after = await _rows(database, **reminders)
    assert [row.id for row in after] == [row.id for row in before]  # same rows, re-timed
    assert [(row.lead, row.due_at_utc) for row in after] == [
        ("7d", utc(2023, 10, 11, 9, 0)),
        ("1d", utc(2023, 10, 17, 9, 0)),
        ("2h", utc(2023, 10, 18, 7, 0)),
    ]
    assert all(row.next_attempt_at_utc == row.due_at_utc for row in after)
    old_times = {row.due_at_utc for row in before}
    assert not old_times & {row.due_at_utc for row in after}
    # And each member is told it moved (Mike too: the clerk's report names him unreachable).
    notices = await _rows(database, meeting_id=meeting_id, kind="meeting-change")
    assert len(notices) == 2 and {row.state for row in notices} == {"pending"}


async def test_a_cancelled_meeting_kills_its_reminders(database: Database) -> None:
    meeting_id, _, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON)
    )
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED.value
        session.add(meeting)
        await session.flush()
        await plan_meeting(session, meeting_id, now=NOW)
    rows = await _rows(database, meeting_id=meeting_id)
    assert {(row.state, row.last_error) for row in rows} == {("dead", "meeting cancelled")}


async def test_apologies_stop_reminders_and_attending_brings_them_back(
    database: Database,
) -> None:
    meeting_id, diane, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON)
    )
    viewer = await link_telegram(
        database,
        board_name=BOARD,
        person_name="Diane Ellison",
        telegram_user_id=101,
        role=None,
        now=NOW,
    )
    await set_attendance(
        database, viewer=viewer, meeting_id=meeting_id, status="apologies", now=NOW
    )
    rows = await _rows(database, meeting_id=meeting_id, person_id=diane)
    assert {(row.state, row.last_error) for row in rows} == {("dead", "apologies sent")}
    await set_attendance(
        database, viewer=viewer, meeting_id=meeting_id, status="attending", now=NOW
    )
    rows = await _rows(database, meeting_id=meeting_id, person_id=diane)
    assert {row.state for row in rows} == {"pending"}
    assert len(rows) == 3


async def test_reminders_whose_moment_has_passed_are_not_queued(database: Database) -> None:
    # Imported two days before the meeting: the 7-day reminder is already history.
    meeting_id, _, _ = await _board_with_meeting(
        database, datetime(2023, 10, 5, 14, 0, tzinfo=LONDON)
    )
    assert [row.lead for row in await _rows(database, meeting_id=meeting_id)] == ["1d", "2h"]


async def test_a_members_quiet_hours_move_an_evening_meetings_day_reminders(
    database: Database,
) -> None:
    # A 10pm meeting: day reminders would fall at 10pm; the 2-hour one may ring at 8pm anyway.
    meeting_id, _diane, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 22, 0, tzinfo=LONDON)
    )
    rows = {row.lead: row for row in await _rows(database, meeting_id=meeting_id)}
    assert rows["7d"].due_at_utc == datetime(2023, 10, 11, 8, 0, tzinfo=LONDON)
    assert rows["1d"].due_at_utc == datetime(2023, 10, 17, 8, 0, tzinfo=LONDON)
    assert rows["2h"].due_at_utc == datetime(2023, 10, 17, 20, 0, tzinfo=LONDON)


async def test_action_nudges_follow_the_due_date_and_stop_when_done(database: Database) -> None:
    meeting_id, diane, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON)
    )
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        action = Action(
            board_id=meeting.board_id,
            description="Circulate the BCF return",
            owner_id=diane,
            due_on=date(2023, 10, 31),
        )
        session.add(action)
        await session.flush()
        assert action.id is not None
        action_id = action.id
        await plan_action(session, action_id, now=NOW)
    rows = await _rows(database, action_id=action_id)
    assert [(row.kind, row.lead, row.due_at_utc) for row in rows] == [
        ("action-nudge", "7d", datetime(2023, 10, 24, 9, 0, tzinfo=LONDON)),
        ("action-nudge", "1d", datetime(2023, 10, 30, 9, 0, tzinfo=LONDON)),
        ("action-nudge", "due", datetime(2023, 10, 31, 9, 0, tzinfo=LONDON)),
        ("action-overdue", "week-1", datetime(2023, 11, 7, 9, 0, tzinfo=LONDON)),
    ]
    # No clerk is on Telegram, so nobody to escalate to yet; the due-day nudge is at 9am GMT.
    assert rows[2].due_at_utc == utc(2023, 10, 31, 9, 0)
    async with database.write() as session:
        stored = await session.get(Action, action_id)
        assert stored is not None
        stored.status = "done"
        session.add(stored)
        await session.flush()
        await plan_action(session, action_id, now=NOW)
    assert {(r.state, r.last_error) for r in await _rows(database, action_id=action_id)} == {
        ("dead", "action closed")
    }


async def test_an_overdue_action_escalates_to_the_clerk_once(database: Database) -> None:
    meeting_id, diane, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON)
    )
    clerk = await link_telegram(
        database,
        board_name=BOARD,
        person_name="Carol Clerk",
        telegram_user_id=104,
        role="clerk",
        now=NOW,
    )
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        action = Action(
            board_id=meeting.board_id,
            description="Report back",
            owner_id=diane,
            due_on=date(2023, 10, 2),  # already overdue "now"
        )
        session.add(action)
        await session.flush()
        assert action.id is not None
        await plan_action(session, action.id, now=NOW)
        action_id = action.id
    rows = await _rows(database, action_id=action_id)
    escalations = [row for row in rows if row.kind == "action-escalation"]
    assert [(row.person_id, row.due_at_utc) for row in escalations] == [
        (clerk.person_id, datetime(2023, 10, 16, 9, 0, tzinfo=LONDON))
    ]
    overdue = [row for row in rows if row.kind == "action-overdue"]
    assert [(row.lead, row.due_at_utc) for row in overdue] == [
        ("week-1", datetime(2023, 10, 9, 9, 0, tzinfo=LONDON))
    ]
    # Nudges before the due date are history: none queued.
    assert not [row for row in rows if row.kind == "action-nudge"]


async def test_rows_are_only_planned_for_a_meeting_that_has_not_started(
    database: Database,
) -> None:
    meeting_id, _, _ = await _board_with_meeting(
        database, datetime(2023, 10, 17, 14, 0, tzinfo=LONDON)
    )
    async with database.write() as session:
        await plan_meeting(session, meeting_id, now=utc(2023, 10, 17, 13, 30))
    rows = await _rows(database, meeting_id=meeting_id)
    assert {(row.state, row.last_error) for row in rows} == {("dead", "meeting has started")}
