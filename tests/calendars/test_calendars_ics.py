"""Calendar files read back by three independent parsers: icalendar, vobject and (for feeds)
recurring-ical-events. Every instant is checked exactly, around both British clock changes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from calendars.events import ActionDue, AgendaLine, MeetingEvent, Person
from calendars.ics import (
    ACTION_SUMMARY_CHARS,
    PRODID,
    _fast_action_block,
    _fast_meeting_block,
    _reference_action_block,
    _reference_meeting_block,
    action_uid,
    clear_feed_cache,
    feed_from_blocks,
    feed_ics,
    feed_meeting_block,
    feed_order,
    meeting_ics,
    meeting_invite,
    meeting_uid,
    serialize,
)
from calendars.zones import local_to_utc

LONDON = ZoneInfo("Europe/London")
DOMAIN = "quorum.example"
NOW = datetime(2026, 1, 2, 9, 30, tzinfo=UTC)
BOARD = "Rutland Health and Wellbeing Board"
CLERK = Person(name="Sam Clerk", email="clerk@rutland.example")
MEMBERS = (
    Person(name="Diane Ellison", email="diane@rutland.example"),
    Person(name="Ellison, Mike; Vice-chair", email="mike@rutland.example"),
)
AGENDA = (
    AgendaLine(number="1", title="Welcome and apologies"),
    AgendaLine(number="8A", title="Rutland Health Plan: update", presenter="Debra Mitchell"),
    AgendaLine(number="9", title="Café – Règlement intérieur", presenter="Zoë Ørsted"),
)


@dataclass(frozen=True)
class Case:
    """A London wall-clock time, the UTC instant it must be, and how DESCRIPTION shows it."""

    name: str
    day: date
    at: time
    utc: datetime
    shown: str


CASES = [
    Case(
        "winter",
        date(2026, 1, 15),
        time(10, 0),
        datetime(2026, 1, 15, 10, 0, tzinfo=UTC),
        "Thursday 15 January 2026, 10:00am (GMT)",
    ),
    Case(
        "summer",
        date(2026, 7, 15),
        time(14, 0),
        datetime(2026, 7, 15, 13, 0, tzinfo=UTC),
        "Wednesday 15 July 2026, 2:00pm (BST)",
    ),
    Case(
        "spring-forward-morning",
        date(2026, 3, 29),
        time(10, 0),
        datetime(2026, 3, 29, 9, 0, tzinfo=UTC),
        "Sunday 29 March 2026, 10:00am (BST)",
    ),
    Case(
        "spring-forward-before-the-gap",
        date(2026, 3, 29),
        time(0, 30),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        "Sunday 29 March 2026, 12:30am (GMT)",
    ),
    Case(  # 01:30 does not exist that night: carried forward to 02:30 BST
        "spring-forward-in-the-gap",
        date(2026, 3, 29),
        time(1, 30),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        "Sunday 29 March 2026, 2:30am (BST)",
    ),
    Case(
        "fall-back-morning",
        date(2026, 10, 25),
        time(10, 0),
        datetime(2026, 10, 25, 10, 0, tzinfo=UTC),
        "Sunday 25 October 2026, 10:00am (GMT)",
    ),
    Case(
        "fall-back-before-the-repeat",
        date(2026, 10, 25),
        time(0, 30),
        datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
        "Sunday 25 October 2026, 12:30am (BST)",
    ),
    Case(  # 01:30 happens twice that night: the first (BST) is taken
        "fall-back-in-the-repeat",
        date(2026, 10, 25),
        time(1, 30),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        "Sunday 25 October 2026, 1:30am (BST)",
    ),
]
CASE_IDS = [case.name for case in CASES]

EXPORTS = ["publish", "request", "cancel-publish", "cancel-request", "feed", "feed-cancelled"]


def meeting(starts: datetime, **overrides: Any) -> MeetingEvent:
    values: dict[str, Any] = {
        "meeting_id": 42,
        "summary": BOARD,
        "starts_at_utc": starts,
        "ends_at_utc": starts + timedelta(hours=2, minutes=30),
        "location": "Council Chamber, Catmose; Oakham",
        "url": "https://example.zoom.us/j/123456",
        "agenda": AGENDA,
        "sequence": 3,
        "categories": ("Board meeting", BOARD),
        "last_modified_utc": datetime(2025, 12, 1, 8, 15, tzinfo=UTC),
    }
    values.update(overrides)
    return MeetingEvent(**values)


def cancelled(event: MeetingEvent) -> MeetingEvent:
    return replace(event, cancelled=True, sequence=event.sequence + 1)


def export(kind: str, event: MeetingEvent) -> bytes:
    if kind.startswith("cancel-"):
        event, kind = cancelled(event), kind.removeprefix("cancel-")
    if kind == "feed-cancelled":
        event, kind = cancelled(event), "feed"
    if kind == "publish":
        return meeting_ics(event, domain=DOMAIN, now=NOW)
    if kind == "request":
        return meeting_invite(event, domain=DOMAIN, now=NOW, organizer=CLERK, attendees=MEMBERS)
    assert kind == "feed"
    return feed_ics(name=BOARD, events=[event], domain=DOMAIN)


def by_icalendar(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def by_vobject(data: bytes) -> Any:
    return vobject.readOne(data.decode("utf-8"))


def the_vevent(data: bytes) -> Any:
    """The one VEVENT, as icalendar reads it (Any: icalendar's property types are a union)."""
    [vevent] = by_icalendar(data).walk("VEVENT")
    return vevent


def vevents_of(data: bytes) -> dict[str, Any]:
    return {str(vevent["UID"]): vevent for vevent in by_icalendar(data).walk("VEVENT")}


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


# --- instants, with both parsers ---------------------------------------------------------------


def test_the_cases_are_the_london_times_they_claim_to_be() -> None:
    for case in CASES:
        assert local_to_utc(case.day, case.at, LONDON) == case.utc, case.name


@pytest.mark.parametrize("kind", EXPORTS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_every_export_keeps_the_exact_instants(case: Case, kind: str) -> None:
    event = meeting(local_to_utc(case.day, case.at, LONDON))
    ends = case.utc + timedelta(hours=2, minutes=30)
    data = export(kind, event)

    assert f"DTSTART:{case.utc:%Y%m%dT%H%M%S}Z\r\n".encode() in data
    assert f"DTEND:{ends:%Y%m%dT%H%M%S}Z\r\n".encode() in data

    vevent = the_vevent(data)
    assert vevent.decoded("dtstart") == case.utc
    assert vevent.decoded("dtstart").utcoffset() == timedelta(0)
    assert vevent.decoded("dtend") == ends

    [by_vobj] = by_vobject(data).vevent_list
    assert by_vobj.dtstart.value == case.utc
    assert by_vobj.dtstart.value.utcoffset() == timedelta(0)
    assert by_vobj.dtend.value == ends


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_feed_expands_to_the_meeting_at_its_instant_only(case: Case) -> None:
    live = meeting(case.utc, meeting_id=1)
    gone = cancelled(meeting(case.utc + timedelta(days=7), meeting_id=2))
    calendar = by_icalendar(feed_ics(name=BOARD, events=[live, gone], domain=DOMAIN))
    minute = timedelta(minutes=1)

    def uids(start: datetime, end: datetime) -> list[str]:
        found = recurring_ical_events.of(calendar).between(start, end)
        return [str(vevent["UID"]) for vevent in found]

    assert uids(case.utc - minute, case.utc + minute) == [meeting_uid(1, DOMAIN)]
    [found] = recurring_ical_events.of(calendar).between(case.utc - minute, case.utc + minute)
    # recurring-ical-events shows UTC times in X-WR-TIMEZONE: compare instants, not wall times
    # (Python never calls a time in the repeated hour equal to one in another zone).
    assert found.decoded("dtstart").astimezone(UTC) == case.utc
    assert found.decoded("dtend").astimezone(UTC) == case.utc + timedelta(hours=2, minutes=30)
    # An hour's error either way would put the meeting inside one of these windows.
    assert uids(case.utc - timedelta(hours=1), case.utc - 5 * minute) == []
    ends = case.utc + timedelta(hours=2, minutes=30)
    assert uids(ends + 5 * minute, ends + timedelta(hours=1)) == []
    # The cancelled meeting is still in the feed, at its own instant, marked cancelled.
    week = case.utc + timedelta(days=7)
    [shown] = recurring_ical_events.of(calendar).between(week - minute, week + minute)
    assert str(shown["UID"]) == meeting_uid(2, DOMAIN)
    assert str(shown["STATUS"]) == "CANCELLED"


def test_the_second_half_past_one_in_autumn_through_recurring_ical_events() -> None:
    """01:30 happens twice on the night the clocks go back; the second (GMT) one must not come
    back as the first. Readers that re-zone UTC times into X-WR-TIMEZONE lose that, which is
    why feeds do not carry it."""
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT, after the clocks went back
    data = feed_ics(name=BOARD, events=[meeting(second)], domain=DOMAIN)
    assert the_vevent(data).decoded("dtstart") == second
    assert by_vobject(data).vevent.dtstart.value == second
    minute = timedelta(minutes=1)
    [found] = recurring_ical_events.of(by_icalendar(data)).between(second - minute, second + minute)
    assert found.decoded("dtstart").astimezone(UTC) == second


@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2037, 12, 31, 23, 59, 59),
        timezones=st.just(UTC),
    ).map(lambda moment: moment.replace(microsecond=0)),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"]),
)
def test_any_instant_round_trips_through_both_parsers(moment: datetime, zone: str) -> None:
    event = meeting(moment, ends_at_utc=None)
    for data in (
        meeting_ics(event, domain=DOMAIN, now=NOW),
        feed_ics(name=BOARD, events=[event], domain=DOMAIN),
    ):
        vevent = the_vevent(data)
        assert vevent.decoded("dtstart") == moment
        assert vevent.decoded("dtend") == moment + timedelta(hours=2)
        by_vobj = by_vobject(data).vevent
        assert by_vobj.dtstart.value == moment
        assert by_vobj.dtend.value == moment + timedelta(hours=2)


def test_a_missing_or_backwards_end_gives_the_default_two_hours() -> None:
    start = datetime(2026, 1, 15, 10, tzinfo=UTC)
    for end in (None, start, start - timedelta(hours=1)):
        vevent = the_vevent(meeting_ics(meeting(start, ends_at_utc=end), domain=DOMAIN, now=NOW))
        assert vevent.decoded("dtend") == start + timedelta(hours=2)


def test_times_given_in_another_zone_are_written_in_utc() -> None:
    local = datetime(2026, 7, 15, 14, tzinfo=LONDON)
    data = meeting_ics(meeting(local), domain=DOMAIN, now=NOW)
    assert b"DTSTART:20260715T130000Z\r\n" in data
    with pytest.raises(ValueError, match="naive"):
        meeting_ics(meeting(datetime(2026, 7, 15, 14)), domain=DOMAIN, now=NOW)


# --- identity, method, status, alarm -------------------------------------------------------------


def test_the_uid_is_derived_from_the_id_and_the_same_in_every_export() -> None:
    assert meeting_uid(42, DOMAIN) == "meeting-42@quorum.example"
    assert action_uid(7, DOMAIN) == "action-7@quorum.example"
    event = meeting(CASES[0].utc)
    uids = {str(the_vevent(export(kind, event))["UID"]) for kind in EXPORTS}
    assert uids == {"meeting-42@quorum.example"}
    other = meeting(CASES[0].utc, meeting_id=43)
    assert str(the_vevent(export("publish", other))["UID"]) == "meeting-43@quorum.example"


@pytest.mark.parametrize(
    ("kind", "method"),
    [
        ("publish", "PUBLISH"),
        ("request", "REQUEST"),
        ("cancel-publish", "CANCEL"),
        ("cancel-request", "CANCEL"),
        ("feed", "PUBLISH"),
        ("feed-cancelled", "PUBLISH"),
    ],
)
def test_method(kind: str, method: str) -> None:
    data = export(kind, meeting(CASES[1].utc))
    assert str(by_icalendar(data)["METHOD"]) == method
    assert by_vobject(data).method.value == method
    assert str(by_icalendar(data)["PRODID"]) == PRODID
    assert str(by_icalendar(data)["VERSION"]) == "2.0"


@pytest.mark.parametrize("kind", ["cancel-publish", "cancel-request", "feed-cancelled"])
def test_a_cancellation_is_cancelled_with_a_higher_sequence_and_no_alarm(kind: str) -> None:
    event = meeting(CASES[0].utc)
    before = the_vevent(export("publish", event))
    after = the_vevent(export(kind, event))
    assert str(before["STATUS"]) == "CONFIRMED"
    assert str(after["STATUS"]) == "CANCELLED"
    assert after.decoded("sequence") == event.sequence + 1 > before.decoded("sequence")
    assert after.walk("VALARM") == []
    assert b"BEGIN:VALARM" not in export(kind, event)
    assert "This meeting has been cancelled." in str(after["DESCRIPTION"])
    assert by_vobject(export(kind, event)).vevent.status.value == "CANCELLED"


@pytest.mark.parametrize("kind", ["publish", "request", "feed"])
def test_exactly_one_alarm_an_hour_before(kind: str) -> None:
    data = export(kind, meeting(CASES[0].utc))
    [alarm] = the_vevent(data).walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("trigger") == -timedelta(hours=1)
    assert str(alarm["DESCRIPTION"])
    assert data.count(b"BEGIN:VALARM") == 1
    assert b"TRIGGER:-PT1H\r\n" in data
    [by_vobj] = by_vobject(data).vevent.contents["valarm"]
    assert by_vobj.trigger.value == -timedelta(hours=1)


@pytest.mark.parametrize("kind", ["request", "cancel-request"])
def test_an_invite_has_the_organizer_and_one_attendee_per_person(kind: str) -> None:
    data = export(kind, meeting(CASES[0].utc))
    vevent = the_vevent(data)
    organizer = vevent["ORGANIZER"]
    assert str(organizer) == "mailto:clerk@rutland.example"
    assert organizer.params["CN"] == "Sam Clerk"
    attendees = vevent["ATTENDEE"]
    assert [str(attendee) for attendee in attendees] == [
        "mailto:diane@rutland.example",
        "mailto:mike@rutland.example",
    ]
    assert [attendee.params["CN"] for attendee in attendees] == [
        "Diane Ellison",
        "Ellison, Mike; Vice-chair",
    ]
    for attendee in attendees:
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        assert attendee.params["CUTYPE"] == "INDIVIDUAL"
    by_vobj = by_vobject(data).vevent
    assert by_vobj.organizer.value == "mailto:clerk@rutland.example"
    assert by_vobj.organizer.params["CN"] == ["Sam Clerk"]
    assert sorted(a.value for a in by_vobj.contents["attendee"]) == [
        "mailto:diane@rutland.example",
        "mailto:mike@rutland.example",
    ]
    assert sorted(a.params["CN"][0] for a in by_vobj.contents["attendee"]) == [
        "Diane Ellison",
        "Ellison, Mike; Vice-chair",
    ]


def test_the_same_person_twice_is_invited_once() -> None:
    twice = (*MEMBERS, Person(name="Diane E.", email=" DIANE@rutland.example "))
    data = meeting_invite(
        meeting(CASES[0].utc), domain=DOMAIN, now=NOW, organizer=CLERK, attendees=twice
    )
    assert len(the_vevent(data)["ATTENDEE"]) == 2


def test_a_double_quote_in_a_name_does_not_break_the_parameter() -> None:
    quoted = Person(name='Sam "The Clerk" Smith', email="sam@rutland.example")
    data = meeting_invite(
        meeting(CASES[0].utc), domain=DOMAIN, now=NOW, organizer=quoted, attendees=[quoted]
    )
    vevent = the_vevent(data)
    assert vevent["ORGANIZER"].params["CN"] == 'Sam "The Clerk" Smith'
    assert str(vevent["ATTENDEE"]) == "mailto:sam@rutland.example"
    assert by_vobject(data).vevent.organizer.value == "mailto:sam@rutland.example"


@pytest.mark.parametrize("kind", ["publish", "cancel-publish", "feed", "feed-cancelled"])
def test_published_files_name_nobody(kind: str) -> None:
    data = export(kind, meeting(CASES[0].utc))
    assert b"ATTENDEE" not in data
    assert b"ORGANIZER" not in data


@pytest.mark.parametrize("kind", EXPORTS)
def test_no_vtimezone_and_no_rdate_anywhere(kind: str) -> None:
    for case in CASES:
        data = export(kind, meeting(case.utc))
        assert b"VTIMEZONE" not in data
        assert b"RDATE" not in data
        assert b"TZID" not in data
        assert by_icalendar(data).walk("VTIMEZONE") == []


def test_dtstamp_is_now_in_files_and_the_last_change_in_feeds() -> None:
    event = meeting(CASES[0].utc)
    assert the_vevent(export("publish", event)).decoded("dtstamp") == NOW
    assert the_vevent(export("request", event)).decoded("dtstamp") == NOW
    feed = the_vevent(export("feed", event))
    assert feed.decoded("dtstamp") == event.last_modified_utc
    assert feed.decoded("last-modified") == event.last_modified_utc
    never_changed = replace(event, last_modified_utc=None)
    fallback = the_vevent(export("feed", never_changed))
    assert fallback.decoded("dtstamp") == event.starts_at_utc
    assert "LAST-MODIFIED" not in fallback


def test_created_is_written_when_known() -> None:
    created = datetime(2025, 11, 3, 12, tzinfo=UTC)
    event = meeting(CASES[0].utc, created_utc=created)
    assert the_vevent(export("publish", event)).decoded("created") == created
    assert "CREATED" not in the_vevent(export("publish", meeting(CASES[0].utc)))


# --- what the event says ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_description_has_the_local_time_link_and_agenda(case: Case) -> None:
    for kind in ("publish", "request", "feed"):
        vevent = the_vevent(export(kind, meeting(case.utc)))
        lines = str(vevent["DESCRIPTION"]).split("\n")
        assert lines[0] == case.shown
        assert lines[1] == "Join online: https://example.zoom.us/j/123456"
        assert lines[-3:] == [
            "1. Welcome and apologies",
            "8A. Rutland Health Plan: update — Debra Mitchell",
            "9. Café – Règlement intérieur — Zoë Ørsted",
        ]


def test_description_without_link_or_agenda_is_just_the_time() -> None:
    event = meeting(CASES[0].utc, url=None, agenda=())
    vevent = the_vevent(export("publish", event))
    assert str(vevent["DESCRIPTION"]) == CASES[0].shown
    assert "URL" not in vevent


def test_the_event_fields() -> None:
    data = export("publish", meeting(CASES[1].utc))
    vevent = the_vevent(data)
    assert str(vevent["SUMMARY"]) == BOARD
    assert str(vevent["LOCATION"]) == "Council Chamber, Catmose; Oakham"
    assert str(vevent["URL"]) == "https://example.zoom.us/j/123456"
    assert vevent.decoded("sequence") == 3
    assert str(vevent["TRANSP"]) == "OPAQUE"
    assert list(vevent["CATEGORIES"].cats) == ["Board meeting", BOARD]
    assert b"LOCATION:Council Chamber\\, Catmose\\; Oakham\r\n" in data
    by_vobj = by_vobject(data).vevent
    assert by_vobj.location.value == "Council Chamber, Catmose; Oakham"
    assert by_vobj.categories.value == ["Board meeting", BOARD]


def test_non_ascii_text_is_utf8_and_folded_without_splitting_characters() -> None:
    title = "Café – Règlement; Zoë's board, très long " * 4
    event = meeting(CASES[0].utc, summary=title.strip(), location="Salle 1, Hôtel; Ville")
    for kind in EXPORTS:
        data = export(kind, event)
        vevent = the_vevent(data)
        assert str(vevent["SUMMARY"]) == title.strip()
        assert str(vevent["LOCATION"]) == "Salle 1, Hôtel; Ville"
        assert by_vobject(data).vevent.summary.value == title.strip()
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert b"\r" not in data.replace(b"\r\n", b"")
        assert data.endswith(b"END:VCALENDAR\r\n")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # a fold never cuts a character in two


# --- feeds ---------------------------------------------------------------------------------------


def actions() -> list[ActionDue]:
    return [
        ActionDue(
            action_id=7,
            description="Circulate the revised terms of reference to every member of the "
            "board and to the partnership group before the next meeting",
            due_on=date(2026, 3, 29),
            board_name=BOARD,
            label="#7 [A12]",
            last_modified_utc=datetime(2026, 1, 5, 16, tzinfo=UTC),
        ),
        ActionDue(
            action_id=8,
            description="Book the room",
            due_on=date(2026, 10, 25),
            board_name=BOARD,
            label="#8",
        ),
    ]


def a_feed_events() -> list[MeetingEvent]:
    """A meeting for every case (meeting_id = its position in CASES, from 1); the third is
    cancelled."""
    events = [meeting(case.utc, meeting_id=number) for number, case in enumerate(CASES, 1)]
    events[2] = cancelled(events[2])
    return events


def a_feed(**overrides: Any) -> bytes:
    values: dict[str, Any] = {
        "name": BOARD,
        "events": a_feed_events(),
        "actions": actions(),
        "domain": DOMAIN,
        "description": "Meetings and actions of the Rutland board",
    }
    values.update(overrides)
    return feed_ics(**values)


def test_a_feed_is_the_same_bytes_for_the_same_inputs() -> None:
    clear_feed_cache()
    cold = a_feed()
    warm = a_feed()
    assert cold == warm
    clear_feed_cache()
    assert a_feed() == cold
    shuffled = a_feed(events=list(reversed(a_feed_events())), actions=list(reversed(actions())))
    assert shuffled == cold


def test_an_unhashable_event_is_rendered_uncached_but_the_same() -> None:
    events = a_feed_events()
    listed = [replace(events[0], agenda=list(AGENDA))]  # type: ignore[arg-type]
    assert a_feed(events=listed) == a_feed(events=events[:1])


def test_a_changed_meeting_changes_the_feed() -> None:
    before = a_feed()
    events = a_feed_events()
    events[0] = replace(events[0], starts_at_utc=events[0].starts_at_utc + timedelta(hours=1))
    moved = a_feed(events=events)
    assert moved != before
    assert b"DTSTART:20260115T110000Z" in moved
    assert b"DTSTART:20260115T100000Z" not in moved
    assert a_feed(domain="other.example") != before


def test_a_feed_lists_every_meeting_and_action_once() -> None:
    data = a_feed(events=[*a_feed_events(), *a_feed_events()])
    calendar = by_icalendar(data)
    uids = [str(vevent["UID"]) for vevent in calendar.walk("VEVENT")]
    # Meetings in start order (the case numbers of CASES), then actions in due order.
    assert uids == [
        *(meeting_uid(number, DOMAIN) for number in (1, 4, 5, 3, 2, 7, 8, 6)),
        action_uid(7, DOMAIN),
        action_uid(8, DOMAIN),
    ]
    with pytest.raises(ValueError, match="twice"):
        a_feed(events=[meeting(CASES[0].utc), meeting(CASES[1].utc)])


def test_feed_calendar_properties() -> None:
    data = a_feed()
    calendar = by_icalendar(data)
    assert str(calendar["X-WR-CALNAME"]) == BOARD
    assert str(calendar["NAME"]) == BOARD
    # No X-WR-TIMEZONE: times are UTC instants, and readers that apply it re-zone them
    # (recurring-ical-events loses the repeated autumn hour that way).
    assert "X-WR-TIMEZONE" not in calendar
    assert str(calendar["X-WR-CALDESC"]) == "Meetings and actions of the Rutland board"
    assert str(calendar["DESCRIPTION"]) == "Meetings and actions of the Rutland board"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    assert str(calendar["METHOD"]) == "PUBLISH"
    by_vobj = by_vobject(data)
    assert by_vobj.contents["x-wr-calname"][0].value == BOARD
    assert len(by_vobj.vevent_list) == len(CASES) + 2
    plain = by_icalendar(a_feed(description=None))
    assert "X-WR-CALDESC" not in plain
    assert "DESCRIPTION" not in plain


def test_cancelled_meetings_stay_in_the_feed() -> None:
    vevents = vevents_of(a_feed())
    gone = vevents[meeting_uid(3, DOMAIN)]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert gone.walk("VALARM") == []
    assert str(vevents[meeting_uid(1, DOMAIN)]["STATUS"]) == "CONFIRMED"
    assert len(vevents[meeting_uid(1, DOMAIN)].walk("VALARM")) == 1


def test_actions_are_all_day_events() -> None:
    data = a_feed()
    vevents = vevents_of(data)
    long_one, short_one = vevents[action_uid(7, DOMAIN)], vevents[action_uid(8, DOMAIN)]
    assert b"DTSTART;VALUE=DATE:20260329\r\n" in data
    assert b"DTEND;VALUE=DATE:20260330\r\n" in data
    start, end = long_one.decoded("dtstart"), long_one.decoded("dtend")
    assert type(start) is date and type(end) is date
    assert (start, end) == (date(2026, 3, 29), date(2026, 3, 30))
    assert str(long_one["TRANSP"]) == "TRANSPARENT"
    assert "VALARM" not in data.decode().split(f"UID:{action_uid(7, DOMAIN)}")[1]

    summary = str(long_one["SUMMARY"])
    assert summary.startswith("Action due: #7 [A12] Circulate the revised terms")
    assert summary.endswith("…")
    assert len(summary) <= len("Action due: #7 [A12] ") + ACTION_SUMMARY_CHARS
    description = str(long_one["DESCRIPTION"])
    assert actions()[0].description in description
    assert f"Board: {BOARD}\nAction: #7 [A12]\nDue: Sunday 29 March 2026" in description
    assert long_one.decoded("dtstamp") == actions()[0].last_modified_utc
    assert str(short_one["SUMMARY"]) == "Action due: #8 Book the room"
    assert "\nAction: #8\n" in str(short_one["DESCRIPTION"])

    by_vobj = {v.uid.value: v for v in by_vobject(data).vevent_list}
    action = by_vobj[action_uid(7, DOMAIN)]
    assert type(action.dtstart.value) is date
    assert action.dtstart.value == date(2026, 3, 29)
    assert action.dtend.value == date(2026, 3, 30)

    calendar = by_icalendar(data)
    on_the_day = recurring_ical_events.of(calendar).between(date(2026, 3, 29), date(2026, 3, 30))
    assert action_uid(7, DOMAIN) in [str(v["UID"]) for v in on_the_day]
    next_day = recurring_ical_events.of(calendar).between(date(2026, 3, 30), date(2026, 3, 31))
    assert action_uid(7, DOMAIN) not in [str(v["UID"]) for v in next_day]


# --- the fast folder is icalendar's folder -------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from([*"ab ,;:\\^\"'\n", "é", "–", "€", "𝄞", "ß", "Z"]),
    max_size=400,
)


@settings(max_examples=200, deadline=None)
@given(summary=TEXT, location=TEXT, name=TEXT)
def test_serialize_is_byte_identical_to_icalendar(summary: str, location: str, name: str) -> None:
    vevent = Event()
    vevent.add("uid", "x@y")
    vevent.add("summary", summary)
    vevent.add("location", location)
    vevent.add("description", summary + location)
    vevent.add("x-long-" + "a" * 70, "b")
    if name:
        vevent.add("organizer", "mailto:a@b.example", parameters={"CN": name})
    assert serialize(vevent) == vevent.to_ical()


def test_feed_lines_are_crlf_terminated_and_unfold_to_the_properties() -> None:
    data = a_feed()
    assert not re.search(rb"[^\r]\n", data)
    lines = unfolded(data)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(CASES) + 2


# --- the feed's fast VEVENTs are icalendar's VEVENTs -------------------------------------------

# Everything TEXT escaping and folding care about: , ; \\ and \\N, CR and LF, the ^ of RFC 6868,
# and characters of two, three and four octets (so folds fall next to and inside them).
AWKWARD = st.text(
    alphabet=st.sampled_from(
        [*"ab N:,;\\^\"'\n\r\t", "é", "–", "€", "ß", "𝄞", "😀", "\U0001f1ec", "\U0001f1e7"]
    ),
    max_size=200,
)
ZONES = st.sampled_from(
    [
        UTC,
        LONDON,
        ZoneInfo("America/New_York"),
        ZoneInfo("Australia/Lord_Howe"),
        ZoneInfo("Asia/Kolkata"),
    ]
)
INSTANTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31, 23, 59, 59), timezones=ZONES
)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31))
IDS = st.integers(min_value=0, max_value=2**63)
AGENDA_LINES = st.builds(
    AgendaLine,
    number=st.text(alphabet="0123456789AB;,", max_size=4),
    title=AWKWARD,
    presenter=st.none() | AWKWARD,
)
MEETINGS = st.builds(
    MeetingEvent,
    meeting_id=IDS,
    summary=AWKWARD,
    starts_at_utc=INSTANTS,
    ends_at_utc=st.none() | INSTANTS,
    location=st.none() | AWKWARD,
    url=st.none() | AWKWARD,
    agenda=st.lists(AGENDA_LINES, max_size=4).map(tuple),
    sequence=st.integers(),
    cancelled=st.booleans(),
    categories=st.lists(AWKWARD, max_size=3).map(tuple),
    last_modified_utc=st.none() | INSTANTS,
    zone=st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"]),
    created_utc=st.none() | INSTANTS,
)
ACTIONS = st.builds(
    ActionDue,
    action_id=IDS,
    description=AWKWARD,
    due_on=DAYS,
    board_name=AWKWARD,
    label=AWKWARD,
    last_modified_utc=st.none() | INSTANTS,
)
DOMAINS = st.sampled_from([DOMAIN, "quorum.example,second;third", "bücher.example"])


@settings(max_examples=400, deadline=None)
@given(event=MEETINGS, domain=DOMAINS)
def test_a_fast_meeting_block_is_icalendars_block_byte_for_byte(
    event: MeetingEvent, domain: str
) -> None:
    url_breaks = event.url is not None and ("\r" in event.url or "\n" in event.url)
    if -(2**31) <= event.sequence < 2**31 and not url_breaks:
        assert _fast_meeting_block(event, domain) == _reference_meeting_block(event, domain)
        return
    # What icalendar refuses (an INTEGER beyond 32 bits, a URI with CR or LF), so does the fast
    # path: a feed never carries a broken or out-of-range line.
    with pytest.raises(ValueError, match=r"RFC 5545 range|may not contain CR or LF"):
        _reference_meeting_block(event, domain)
    with pytest.raises(ValueError, match=r"RFC 5545 range|may not contain CR or LF"):
        _fast_meeting_block(event, domain)


@settings(max_examples=300, deadline=None)
@given(action=ACTIONS, domain=DOMAINS)
def test_a_fast_action_block_is_icalendars_block_byte_for_byte(
    action: ActionDue, domain: str
) -> None:
    assert _fast_action_block(action, domain) == _reference_action_block(action, domain)


@pytest.mark.parametrize("awkward", ["😀", "€", "é", ",", "\\", "\n", "^"])
@pytest.mark.parametrize("at", range(60, 80))
def test_folds_next_to_an_awkward_character_match_icalendar(awkward: str, at: int) -> None:
    """An escape or a multi-octet character at every position around the first fold (SUMMARY:
    is 8 octets, so the character straddles octet 74 somewhere in this range)."""
    text = "a" * (at - 8) + awkward + "b" * 80 + awkward * 40
    event = meeting(CASES[0].utc, summary=text, location=text, agenda=(AgendaLine("1", text),))
    assert _fast_meeting_block(event, DOMAIN) == _reference_meeting_block(event, DOMAIN)
    action = replace(actions()[0], description=text, board_name=text)
    assert _fast_action_block(action, DOMAIN) == _reference_action_block(action, DOMAIN)


def test_a_feed_is_made_of_the_reference_blocks() -> None:
    clear_feed_cache()
    data = a_feed()
    events = sorted(a_feed_events(), key=lambda event: (event.starts_at_utc, event.meeting_id))
    blocks = [_reference_meeting_block(event, DOMAIN) for event in events]
    blocks += [_reference_action_block(action, DOMAIN) for action in actions()]
    body = b"".join(blocks)
    assert data.endswith(body + b"END:VCALENDAR\r\n")
    assert data.count(b"BEGIN:VEVENT") == len(blocks)


def test_a_feed_from_blocks_kept_per_meeting_is_the_same_feed() -> None:
    """What a caller that keeps each meeting's VEVENT assembles (services.calendar_feeds) is
    the feed, byte for byte, with the meetings in feed order whatever order they came in."""
    events = sorted(reversed(a_feed_events()), key=feed_order)
    assembled = feed_from_blocks(
        name=BOARD,
        meeting_blocks=[feed_meeting_block(event, DOMAIN) for event in events],
        actions=list(reversed(actions())),
        domain=DOMAIN,
        description="Meetings and actions of the Rutland board",
    )
    assert assembled == a_feed()
    assert all(
        feed_meeting_block(event, DOMAIN) == _reference_meeting_block(event, DOMAIN)
        for event in events
    )


@pytest.mark.parametrize("url", ["https://example.org/\nX-INJECTED:1", "https://example.org/\r"])
def test_a_line_break_in_a_url_is_refused_as_icalendar_refuses_it(url: str) -> None:
    event = meeting(CASES[0].utc, url=url)
    with pytest.raises(ValueError, match="CR or LF"):
        meeting_ics(event, domain=DOMAIN, now=NOW)
    with pytest.raises(ValueError, match="CR or LF"):
        feed_ics(name=BOARD, events=[event], domain=DOMAIN)
