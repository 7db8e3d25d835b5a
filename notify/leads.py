"""Reminder timing: lead times ("7d", "2h") and quiet hours, in the board's local time.

A lead in days keeps the local time of day: "1 day before" a 10:00 meeting is 10:00 the day
before, whatever the clocks did in between. Leads in hours or minutes are exact durations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendars.zones import local_to_utc, to_local

DEFAULT_LEADS = "7d,1d,2h"
# What /settings offers; boards may configure others.
LEAD_CHOICES = ("7d", "3d", "1d", "2h", "1h")
# Action nudges and overdue notices go out at this local time of day.
NUDGE_TIME = time(9, 0)
DEFAULT_QUIET_START = 21 * 60
DEFAULT_QUIET_END = 8 * 60

_LEAD = re.compile(r"(\d{1,3})\s*([dhm])")
_UNIT_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}
_MAX_MINUTES = 60 * 24 * 60


@dataclass(frozen=True, slots=True)
class Lead:
    """How long before the start a reminder goes out."""

    amount: int
    unit: str  # "d", "h" or "m"

    @property
    def minutes(self) -> int:
        return self.amount * _UNIT_MINUTES[self.unit]

    @property
    def in_days(self) -> bool:
        return self.unit == "d"

    @property
    def urgent(self) -> bool:
        """Short leads (under a day) are delivered even in quiet hours."""
        return not self.in_days

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def before(self, start: datetime, zone: ZoneInfo) -> datetime:
        """The instant (UTC) of this reminder for a meeting starting at ``start``."""
        if not self.in_days:
            return start - timedelta(minutes=self.minutes)
        local = to_local(start, zone)
        return local_to_utc(local.date() - timedelta(days=self.amount), local.time(), zone)


def parse_lead(text: str) -> Lead:
    match = _LEAD.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(f"{text!r} is not a lead time: write it like 7d, 2h or 30m.")
    lead = Lead(int(match[1]), match[2])
    if not 0 < lead.minutes <= _MAX_MINUTES:
        raise ValueError(f"{text!r}: a lead time must be between 1 minute and 60 days.")
    return lead


def parse_leads(text: str) -> tuple[Lead, ...]:
    """ "7d, 1d,2h" -> the leads, longest first, without repeats. An empty text is no leads."""
    leads = {parse_lead(part) for part in re.split(r"[,\s]+", text.strip()) if part}
    return tuple(sorted(leads, key=lambda lead: lead.minutes, reverse=True))


def format_leads(leads: Iterable[Lead]) -> str:
    return ",".join(str(lead) for lead in leads)


def describe_lead(lead: Lead) -> str:
    """``7 days``, ``1 day``, ``2 hours``, ``30 minutes``."""
    word = {"d": "day", "h": "hour", "m": "minute"}[lead.unit]
    return f"{lead.amount} {word}{'' if lead.amount == 1 else 's'}"


def _minute_of(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _at_minute(day: date, minute: int, zone: ZoneInfo) -> datetime:
    return local_to_utc(day, time(minute // 60, minute % 60), zone)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly window (local time) when only urgent reminders are delivered.

    ``start_minute == end_minute`` means no quiet hours.
    """

    start_minute: int = DEFAULT_QUIET_START
    end_minute: int = DEFAULT_QUIET_END

    @classmethod
    def of(cls, start_minute: int | None, end_minute: int | None) -> QuietHours:
        if start_minute is None or end_minute is None:
            return cls()
        return cls(start_minute, end_minute)

    @property
    def off(self) -> bool:
        return self.start_minute == self.end_minute

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        if self.off:
            return False
        minute = _minute_of(to_local(moment, zone))
        if self.start_minute < self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute

    def ends_after(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """When the quiet spell containing ``moment`` ends (UTC)."""
        local = to_local(moment, zone)
        day = local.date()
        if self.start_minute > self.end_minute and _minute_of(local) >= self.start_minute:
            day += timedelta(days=1)
        return _at_minute(day, self.end_minute, zone)

    def began_before(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """When the quiet spell containing ``moment`` began (UTC)."""
        local = to_local(moment, zone)
        day = local.date()
        if self.start_minute > self.end_minute and _minute_of(local) < self.end_minute:
            day -= timedelta(days=1)
        return _at_minute(day, self.start_minute, zone)

    def place(self, due: datetime, zone: ZoneInfo, *, deadline: datetime | None = None) -> datetime:
        """Move ``due`` out of quiet hours: to their end, or, when that is past ``deadline``
        (the moment the reminder stops being useful), to just before they began."""
        if not self.contains(due, zone):
            return due
        later = self.ends_after(due, zone)
        if deadline is None or later < deadline:
            return later
        return self.began_before(due, zone) - timedelta(minutes=1)

    def label(self) -> str:
        if self.off:
            return "off"
        return f"{_clock(self.start_minute)}–{_clock(self.end_minute)}"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
