"""Our calendar files stored in a real CalDAV server (Radicale on 127.0.0.1) and found again by a
time-range REPORT, so an hour's error in a GMT or BST meeting would show.

RFC 4791 §4.1 says a calendar object resource must not contain METHOD. Radicale 3.9 neither
refuses nor strips it: the PUBLISH, REQUEST and CANCEL files are stored with their METHOD, so
these tests PUT exactly what calendars.ics produces (no METHOD-stripping step is needed here).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from calendars.events import AgendaLine, MeetingEvent, Person
from calendars.ics import DEFAULT_DURATION, meeting_ics, meeting_invite, meeting_uid
from calendars.zones import local_to_utc
from tests.auxil.caldav import CalDAV, caldav_fixture, radicale_fixture  # noqa: F401 (fixtures)

LONDON = ZoneInfo("Europe/London")
DOMAIN = "quorum.example"
NOW = datetime(2026, 1, 2, 9, tzinfo=UTC)
CLERK = Person(name="Sam Clerk", email="clerk@rutland.example")
MEMBERS = (
    Person(name="Diane Ellison", email="diane@rutland.example"),
    Person(name="Mike Ellison", email="mike@rutland.example"),
)
GMT_MEETING = local_to_utc(date(2026, 1, 15), time(10, 0), LONDON)  # 10:00Z
BST_MEETING = local_to_utc(date(2026, 7, 15), time(14, 0), LONDON)  # 13:00Z
FIVE_MINUTES = timedelta(minutes=5)
RESOURCE = "meeting-42.ics"


def meeting(starts: datetime, **overrides: Any) -> MeetingEvent:
    values: dict[str, Any] = {
        "meeting_id": 42,
        "summary": "Café – Règlement: Rutland Health and Wellbeing Board",
        "starts_at_utc": starts,
        "location": "Council Chamber, Catmose; Oakham",
        "url": "https://example.zoom.us/j/123456",
        "agenda": (AgendaLine("1", "Welcome"), AgendaLine("8A", "Health Plan", "Debra Mitchell")),
        "sequence": 0,
    }
    values.update(overrides)
    return MeetingEvent(**values)


def produce(kind: str, event: MeetingEvent) -> bytes:
    if kind == "publish":
        return meeting_ics(event, domain=DOMAIN, now=NOW)
    assert kind == "request"
    return meeting_invite(event, domain=DOMAIN, now=NOW, organizer=CLERK, attendees=MEMBERS)


def stored_vevent(body: bytes) -> Any:
    [vevent] = Calendar.from_ical(body).walk("VEVENT")
    return vevent


async def found_at(caldav: CalDAV, start: datetime, end: datetime) -> bool:
    hrefs = await caldav.events_between(start, end)
    assert hrefs in ([], [f"{caldav.collection}{RESOURCE}"]), hrefs
    return bool(hrefs)


@pytest.mark.parametrize("kind", ["publish", "request"])
async def test_what_we_produce_is_stored_and_read_back(caldav: CalDAV, kind: str) -> None:
    event = meeting(GMT_MEETING)
    created = await caldav.put(RESOURCE, produce(kind, event))
    assert created.status == 201, (created, caldav.server.log_tail())

    fetched = await caldav.get(RESOURCE)
    assert fetched.status == 200
    assert fetched.etag
    calendar = Calendar.from_ical(fetched.body)
    # What Radicale did with METHOD: kept it, verbatim (see the module docstring).
    assert str(calendar["METHOD"]) == {"publish": "PUBLISH", "request": "REQUEST"}[kind]
    vevent = stored_vevent(fetched.body)
    assert str(vevent["UID"]) == meeting_uid(42, DOMAIN)
    assert vevent.decoded("dtstart") == GMT_MEETING
    assert vevent.decoded("dtend") == GMT_MEETING + DEFAULT_DURATION
    assert vevent.decoded("sequence") == 0
    assert str(vevent["SUMMARY"]) == event.summary
    assert str(vevent["LOCATION"]) == "Council Chamber, Catmose; Oakham"
    assert len(vevent.walk("VALARM")) == 1
    assert len(vevent.get("ATTENDEE", [])) == (2 if kind == "request" else 0)
    assert vobject.readOne(fetched.body.decode("utf-8")).vevent.dtstart.value == GMT_MEETING


@pytest.mark.parametrize("starts", [GMT_MEETING, BST_MEETING], ids=["GMT", "BST"])
async def test_a_time_range_report_finds_the_meeting_at_its_instant_only(
    caldav: CalDAV, starts: datetime
) -> None:
    created = await caldav.put(RESOURCE, produce("publish", meeting(starts)))
    assert created.status == 201, (created, caldav.server.log_tail())
    ends = starts + DEFAULT_DURATION

    assert await found_at(caldav, starts - FIVE_MINUTES, starts + FIVE_MINUTES)
    # Stored an hour early, it would overlap the hour before the start; an hour late, the hour
    # after the end.
    assert not await found_at(caldav, starts - timedelta(hours=1), starts - FIVE_MINUTES)
    assert not await found_at(caldav, ends + FIVE_MINUTES, ends + timedelta(hours=1))
    assert await found_at(caldav, ends - FIVE_MINUTES, ends + FIVE_MINUTES)


@pytest.mark.parametrize("kind", ["publish", "request"])
async def test_a_moved_meeting_replaces_the_old_one(caldav: CalDAV, kind: str) -> None:
    original = meeting(GMT_MEETING)
    assert (await caldav.put(RESOURCE, produce(kind, original))).status == 201
    before = await caldav.get(RESOURCE)

    moved = replace(original, starts_at_utc=BST_MEETING, sequence=original.sequence + 1)
    replaced = await caldav.put(RESOURCE, produce(kind, moved))
    assert replaced.status in (201, 204), (replaced, caldav.server.log_tail())

    assert await found_at(caldav, BST_MEETING - FIVE_MINUTES, BST_MEETING + FIVE_MINUTES)
    assert not await found_at(caldav, GMT_MEETING - FIVE_MINUTES, GMT_MEETING + FIVE_MINUTES)
    everything = await caldav.events_between(datetime(2025, 1, 1, tzinfo=UTC), NOW.replace(2027))
    assert everything == [f"{caldav.collection}{RESOURCE}"]

    fetched = await caldav.get(RESOURCE)
    assert fetched.etag != before.etag
    vevent = stored_vevent(fetched.body)
    assert vevent.decoded("sequence") == 1
    assert vevent.decoded("dtstart") == BST_MEETING
    assert str(vevent["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize("kind", ["publish", "request"])
async def test_a_cancellation_marks_it_cancelled(caldav: CalDAV, kind: str) -> None:
    original = meeting(BST_MEETING, sequence=2)
    assert (await caldav.put(RESOURCE, produce(kind, original))).status == 201

    cancelled = replace(original, cancelled=True, sequence=original.sequence + 1)
    replaced = await caldav.put(RESOURCE, produce(kind, cancelled))
    assert replaced.status in (201, 204), (replaced, caldav.server.log_tail())

    fetched = await caldav.get(RESOURCE)
    assert str(Calendar.from_ical(fetched.body)["METHOD"]) == "CANCEL"
    vevent = stored_vevent(fetched.body)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent.decoded("sequence") == 3 > original.sequence
    assert vevent.walk("VALARM") == []
    assert vevent.decoded("dtstart") == BST_MEETING
    by_vobject = vobject.readOne(fetched.body.decode("utf-8")).vevent
    assert by_vobject.status.value == "CANCELLED"
    assert by_vobject.sequence.value == "3"
