"""Time-zone rules: the one place where UTC becomes a board's local time and back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def to_local(moment: datetime, zone: ZoneInfo) -> datetime:
    """An aware instant shown in ``zone``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store and pass UTC-aware values")
    return moment.astimezone(zone)


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on ``day`` in ``zone``, as UTC.

    In the repeated autumn hour the first occurrence (summer time) is taken; a time inside the
    skipped spring hour is carried forward by the gap (01:30 becomes 02:30 BST), as clocks do.
    """
    local = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    return local.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """``2:00pm``, ``12:30pm``, ``9:05am``: the style UK committee papers use."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d}{suffix}"


def format_date(day: date) -> str:
    """``Tuesday 10 October 2023``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_when(moment: datetime, zone: ZoneInfo) -> str:
    """``Tuesday 10 October 2023, 2:00pm`` in the board's zone."""
    local = to_local(moment, zone)
    return f"{format_date(local.date())}, {format_time(local)}"


def format_brief(moment: datetime, zone: ZoneInfo, *, year: bool = False) -> str:
    """``Tue 10 Oct 2:00pm`` (``Tue 10 Oct 2023 2:00pm`` with ``year``) in ``zone``."""
    local = to_local(moment, zone)
    day = f"{local:%a} {local.day} {local:%b}" + (f" {local.year}" if year else "")
    return f"{day} {format_time(local)}"
