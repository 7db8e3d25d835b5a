"""Build packs in code, so bot and storage tests don't depend on the reader's heuristics."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.roles import Role
from packs.model import AgendaItem, MeetingInfo, Member, NextMeeting, Pack

LONDON = ZoneInfo("Europe/London")


def make_pack(
    *,
    body: str = "Testshire Health and Wellbeing Board",
    start: datetime = datetime(2023, 10, 10, 14, 0, tzinfo=LONDON),
    location: str | None = "Council Chamber, County Hall",
    remote_link: str | None = "https://example.zoom.us/j/123",
    items: list[AgendaItem] | None = None,
    members: list[Member] | None = None,
    next_start: datetime | None = None,
) -> Pack:
    return Pack(
        source="test-pack.txt",
        body=body,
        organisation="Testshire County Council",
        meeting=MeetingInfo(start=start, location=location, remote_link=remote_link),
        agenda=items
        if items is not None
        else [
            AgendaItem(number="1", title="Welcome and apologies"),
            AgendaItem(
                number="2",
                title="Better Care Fund",
                presenter="Katherine Willison",
                presenter_role="Health and Integration Lead",
                report_number="146/2023",
                pages=(137, 170),
                duration_minutes=10,
                purpose="information",
            ),
            AgendaItem(number="3", title="Contract award", exempt=True),
        ],
        next_meeting=NextMeeting(start=next_start) if next_start else None,
        members=members
        if members is not None
        else [
            Member(name="Diane Ellison", role=Role.CHAIR, title="Portfolio Holder"),
            Member(name="Mike Sandys", role=Role.VICE_CHAIR, title="Director of Public Health"),
        ],
    )
