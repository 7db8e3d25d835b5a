"""A meeting known only from minutes that give no time is shown by its date alone (an all-day
event in calendars), until its own pack, which states the time, is imported."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from sqlmodel import select

from bot import templates
from calendars.events import MeetingEvent
from calendars.ics import feed_ics, meeting_ics
from packs.model import MeetingInfo, Pack, PreviousMeeting
from services.calendar_events import meeting_ics_file
from services.calendar_feeds import board_feed_named
from services.imports import import_pack
from services.meetings import meeting_views
from services.views import MeetingView
from storage.engine import Database
from storage.models import Meeting
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
BOARD = "Govan Community Council"
HELD = date(2023, 9, 4)
DOMAIN = "quorum.example"


def _minutes() -> Pack:
    """Minutes alone, dated but with no time."""
    return Pack(
        source="govan-minutes.txt",
        body=BOARD,
        organisation=None,
        meeting=MeetingInfo(start=None),
        agenda=[],
        previous_meeting=PreviousMeeting(date=HELD, present=["Ann Baird", "Colin Dunn"]),
    )


async def _view(database: Database, meeting_id: int) -> MeetingView:
    async with database.read() as session:
        return (await meeting_views(session, [meeting_id]))[meeting_id]


async def test_minutes_without_a_time_show_the_date_alone_until_the_pack_states_it(
    database: Database,
) -> None:
    summary = await import_pack(
        database, pack=_minutes(), board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.meeting_created and not summary.time_stated
    assert summary.meeting_id is not None
    async with database.read() as session:
        stored = (await session.exec(select(Meeting))).one()
    assert not stored.time_stated

    view = await _view(database, summary.meeting_id)
    assert not view.time_stated
    line = templates.meeting_line(view)
    assert "Monday 4 September 2023" in line
    assert "12:00am" not in line and ", " not in line.split("🗓 ")[1]
    assert templates.meeting_when(view) == "Monday 4 September 2023"

    # The board's feed and the meeting's own file: an all-day event on the local date.
    feed = await board_feed_named(database, BOARD, domain=DOMAIN)
    for body in (
        feed.body,
        await meeting_ics_file(database, summary.meeting_id, domain=DOMAIN, now=NOW),
    ):
        assert body is not None
        (vevent,) = Calendar.from_ical(body).walk("VEVENT")
        assert vevent.decoded("dtstart") == HELD
        assert vevent.decoded("dtend") == HELD + timedelta(days=1)
        assert b"DTSTART;VALUE=DATE:20230904" in body
        assert not vevent.walk("VALARM")
        assert "12:00am" not in str(vevent.get("description"))

    # The meeting's own pack states the time: it is shown, and a timed event, from then on.
    pack = make_pack(body=BOARD, start=datetime(2023, 9, 4, 19, 0, tzinfo=LONDON), members=[])
    again = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert again.meeting_id == summary.meeting_id and again.time_stated
    async with database.read() as session:
        stored = (await session.exec(select(Meeting))).one()
    assert stored.time_stated
    view = await _view(database, summary.meeting_id)
    assert templates.meeting_when(view) == "Monday 4 September 2023, 7:00pm"
    body = await meeting_ics_file(database, summary.meeting_id, domain=DOMAIN, now=NOW)
    assert body is not None
    (vevent,) = Calendar.from_ical(body).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2023, 9, 4, 18, 0, tzinfo=UTC)


async def test_minutes_with_no_time_for_a_meeting_on_record_keep_its_stated_time(
    database: Database,
) -> None:
    pack = make_pack(body=BOARD, start=datetime(2023, 9, 4, 19, 0, tzinfo=LONDON), members=[])
    first = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    summary = await import_pack(
        database, pack=_minutes(), board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.meeting_id == first.meeting_id and summary.time_stated
    assert summary.meeting_id is not None
    view = await _view(database, summary.meeting_id)
    assert templates.meeting_when(view) == "Monday 4 September 2023, 7:00pm"


def test_an_event_with_no_stated_time_is_all_day_in_feeds_and_files_alike() -> None:
    """On its local date (BST: the UTC instant is the evening before), with no alarm."""
    event = MeetingEvent(
        meeting_id=7,
        summary=BOARD,
        starts_at_utc=datetime(2023, 9, 3, 23, 0, tzinfo=UTC),
        last_modified_utc=NOW,
        time_stated=False,
    )
    single = Calendar.from_ical(meeting_ics(event, domain=DOMAIN, now=NOW))
    feed = Calendar.from_ical(feed_ics(name=BOARD, events=[event], domain=DOMAIN))
    for calendar in (single, feed):
        (vevent,) = calendar.walk("VEVENT")
        assert vevent.decoded("dtstart") == HELD
        assert vevent.decoded("dtend") == date(2023, 9, 5)
        assert str(vevent.get("description")) == "Monday 4 September 2023"
        assert not vevent.walk("VALARM")
    timed = Calendar.from_ical(
        feed_ics(name=BOARD, events=[MeetingEvent(7, BOARD, NOW)], domain=DOMAIN)
    )
    (vevent,) = timed.walk("VEVENT")
    assert vevent.decoded("dtstart") == NOW and vevent.walk("VALARM")
