"""Per-meeting .ics files, read back by an independent parser (vobject)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import vobject

from calendars.ics import MeetingEvent, meeting_ics

NOW = datetime(2023, 10, 3, 9, tzinfo=UTC)


def _parse(data: bytes) -> vobject.base.Component:
    return vobject.readOne(data.decode("utf-8"))


def _event(**overrides: object) -> MeetingEvent:
    values: dict[str, object] = {
        "meeting_id": 42,
        "summary": "Rutland Health and Wellbeing Board",
        "starts_at_utc": datetime(2023, 10, 10, 13, tzinfo=UTC),
        "location": "Council Chamber, Catmose, Oakham",
        "url": "https://example.zoom.us/j/1",
        "agenda_lines": ("1. Welcome", "8A. Rutland Health Plan: update — Debra Mitchell"),
        "sequence": 3,
    }
    values.update(overrides)
    return MeetingEvent(**values)  # type: ignore[arg-type]


def test_summer_meeting_is_written_in_utc_and_read_back_at_the_same_instant() -> None:
    calendar = _parse(meeting_ics(_event(), domain="quorum.example", now=NOW))
    event = calendar.vevent
    assert calendar.method.value == "PUBLISH"
    assert event.uid.value == "meeting-42@quorum.example"
    assert event.dtstart.value == datetime(2023, 10, 10, 13, tzinfo=UTC)
    assert event.dtend.value - event.dtstart.value == timedelta(hours=2)
    assert event.sequence.value == "3"
    assert event.summary.value == "Rutland Health and Wellbeing Board"
    assert event.location.value == "Council Chamber, Catmose, Oakham"
    assert "8A. Rutland Health Plan: update — Debra Mitchell" in event.description.value
    assert not hasattr(calendar, "vtimezone")


def test_winter_meeting_keeps_its_instant() -> None:
    start = datetime(2024, 1, 16, 14, tzinfo=UTC)
    event = _parse(meeting_ics(_event(starts_at_utc=start), domain="d", now=NOW)).vevent
    assert event.dtstart.value == start


def test_one_alarm_and_none_when_cancelled() -> None:
    live = _parse(meeting_ics(_event(), domain="d", now=NOW)).vevent
    assert len(live.contents["valarm"]) == 1
    assert live.valarm.trigger.value == -timedelta(hours=1)
    cancelled = _parse(meeting_ics(_event(cancelled=True, sequence=4), domain="d", now=NOW))
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"
    assert "valarm" not in cancelled.vevent.contents
