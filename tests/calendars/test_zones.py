from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from calendars.zones import format_time, format_when, local_to_utc

LONDON = ZoneInfo("Europe/London")


def test_summer_meeting_is_shown_in_bst() -> None:
    start = datetime(2023, 10, 10, 13, 0, tzinfo=UTC)
    assert format_when(start, LONDON) == "Tuesday 10 October 2023, 2:00pm"


def test_winter_meeting_is_shown_in_gmt() -> None:
    start = datetime(2024, 1, 16, 14, 0, tzinfo=UTC)
    assert format_when(start, LONDON) == "Tuesday 16 January 2024, 2:00pm"


def test_both_sides_of_the_spring_change() -> None:
    # Clocks go forward at 01:00 UTC on Sunday 31 March 2024.
    assert local_to_utc(date(2024, 3, 30), time(14), LONDON) == datetime(
        2024, 3, 30, 14, tzinfo=UTC
    )
    assert local_to_utc(date(2024, 4, 1), time(14), LONDON) == datetime(2024, 4, 1, 13, tzinfo=UTC)
    # A time in the skipped hour moves forward with the clocks.
    assert local_to_utc(date(2024, 3, 31), time(1, 30), LONDON) == datetime(
        2024, 3, 31, 1, 30, tzinfo=UTC
    )


def test_both_sides_of_the_autumn_change() -> None:
    # Clocks go back at 01:00 UTC on Sunday 27 October 2024; 01:30 happens twice.
    assert local_to_utc(date(2024, 10, 26), time(14), LONDON) == datetime(
        2024, 10, 26, 13, tzinfo=UTC
    )
    assert local_to_utc(date(2024, 10, 28), time(14), LONDON) == datetime(
        2024, 10, 28, 14, tzinfo=UTC
    )
    assert local_to_utc(date(2024, 10, 27), time(1, 30), LONDON) == datetime(
        2024, 10, 27, 0, 30, tzinfo=UTC
    )


def test_time_style_matches_committee_papers() -> None:
    assert format_time(datetime(2023, 1, 1, 0, 5)) == "12:05am"
    assert format_time(datetime(2023, 1, 1, 9, 30)) == "9:30am"
    assert format_time(datetime(2023, 1, 1, 12, 0)) == "12:00pm"
    assert format_time(datetime(2023, 1, 1, 18, 45)) == "6:45pm"
