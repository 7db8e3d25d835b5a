"""A meeting synced from a council's site (``Meeting.source_id`` set) has one owner of its time,
place and agenda: the site. A pack only fills in what the site does not say (pages, report
numbers, timings) and says so; a clerk's move, cancellation or agenda edit is refused, politely,
before anything changes; timings and pages are still the clerk's to correct. A meeting with no
source behaves as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from packs.model import AgendaItem
from services import agenda_edit, meeting_changes, messages
from services.agenda_edit import AgendaEditRefused
from services.imports import import_pack
from services.meeting_changes import ChangeRefused
from storage.engine import Database
from storage.models import AgendaItem as AgendaRow
from storage.models import Meeting, MeetingChange, Notification, SyncSource
from tests.auxil.packs import LONDON, make_pack

# Sunday 1 October 2023, 10:00 BST; the pack's meeting is Tuesday 10 October, 2pm BST.
NOW = datetime(2023, 10, 1, 9, tzinfo=UTC)
STARTS = datetime(2023, 10, 10, 13, tzinfo=UTC)
# Wednesday 6 December 2023, 9:00 GMT; the GMT pack's meeting is Tuesday 12 December, 2pm GMT.
WINTER_NOW = datetime(2023, 12, 6, 9, tzinfo=UTC)
WINTER_STARTS = datetime(2023, 12, 12, 14, tzinfo=UTC)

# What the council's site says: the pack's own numbers and titles, no pages or reports.
SITE_ITEMS = [
    AgendaItem(number="1", title="Welcome and apologies"),
    AgendaItem(number="2", title="Better Care Fund", presenter="Katherine Willison"),
    AgendaItem(number="3", title="Contract award", exempt=True),
]
REFUSAL = messages.MEETING_IS_SYNCED


async def _synced_meeting(database: Database, *, start: datetime, now: datetime) -> int:
    """A meeting as a sync brought it: stored (here by a bare pack), then linked to a source."""
    summary = await import_pack(
        database,
        pack=make_pack(start=start, items=list(SITE_ITEMS)),
        board_name=None,
        timezone="Europe/London",
        now=now,
    )
    async with database.write() as session:
        meeting = await session.get(Meeting, summary.meeting_id)
        assert meeting is not None
        source = SyncSource(
            board_id=meeting.board_id,
            kind="modgov",
            base_url="https://democracy.testshire.gov.uk",
            committee_id="140",
            next_sync_at_utc=now,
        )
        session.add(source)
        await session.flush()
        meeting.source_id, meeting.external_id = source.id, "4321"
        session.add(meeting)
    return summary.meeting_id


async def _state(database: Database, meeting_id: int) -> tuple[object, ...]:
    """Everything the site owns about the meeting, and what members would hear."""
    async with database.read() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        items = (
            await session.exec(
                select(AgendaRow)
                .where(AgendaRow.meeting_id == meeting_id)
                .order_by(col(AgendaRow.position))
            )
        ).all()
        changes = (await session.exec(select(func.count()).select_from(MeetingChange))).one()
        notices = (await session.exec(select(func.count()).select_from(Notification))).one()
    return (
        meeting.starts_at_utc,
        meeting.location,
        meeting.status,
        meeting.ics_sequence,
        [(i.number, i.title, i.presenter, i.exempt) for i in items],
        changes,
        notices,
    )


async def _pages(database: Database, meeting_id: int) -> dict[str, tuple[object, ...]]:
    async with database.read() as session:
        items = (
            await session.exec(select(AgendaRow).where(AgendaRow.meeting_id == meeting_id))
        ).all()
    return {
        i.number: (
            i.pages_first,
            i.pages_last,
            i.report_number,
            i.duration_minutes,
            i.presenter_role,
        )
        for i in items
    }


@pytest.mark.parametrize(
    ("start", "now", "starts_utc"),
    [
        (datetime(2023, 10, 10, 14, tzinfo=LONDON), NOW, STARTS),
        (datetime(2023, 12, 12, 14, tzinfo=LONDON), WINTER_NOW, WINTER_STARTS),
    ],
    ids=["BST", "GMT"],
)
async def test_a_pack_on_a_synced_meeting_fills_pages_and_moves_nothing(
    database: Database, start: datetime, now: datetime, starts_utc: datetime
) -> None:
    meeting_id = await _synced_meeting(database, start=start, now=now)
    before = await _state(database, meeting_id)
    # The pack says another time and place, retitles one item, drops one and adds one.
    pack = make_pack(
        start=start.replace(hour=16),
        location="Committee Room 2",
        items=[
            AgendaItem(number="1", title="Welcome"),
            AgendaItem(
                number="2",
                title="Better Care Fund Plan",
                presenter="Someone Else",
                presenter_role="Health and Integration Lead",
                report_number="146/2023",
                pages=(137, 170),
                duration_minutes=10,
                purpose="information",
                exempt=True,
            ),
            AgendaItem(number="9", title="Urgent business"),
        ],
    )
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=now
    )
    assert summary.meeting_id == meeting_id and not summary.meeting_created
    assert summary.starts_at_utc == starts_utc
    assert not (summary.changes.moved or summary.changes.re_placed)
    assert not (
        summary.changes.items_added
        or summary.changes.items_removed
        or summary.changes.items_retitled
    )
    assert [c.number for c in summary.changes.items_updated] == ["2"]
    assert any(
        "is synced from the council's site: its time, place and agenda come from there" in w
        for w in summary.warnings
    )
    assert await _state(database, meeting_id) == before
    assert await _pages(database, meeting_id) == {
        "1": (None, None, None, None, None),
        "2": (137, 170, "146/2023", 10, "Health and Integration Lead"),
        "3": (None, None, None, None, None),
    }
    # The pack's members were imported as usual.
    assert summary.members == 2


async def test_a_pack_keeps_a_presenter_role_already_on_record(database: Database) -> None:
    meeting_id = await _synced_meeting(
        database, start=datetime(2023, 10, 10, 14, tzinfo=LONDON), now=NOW
    )
    async with database.write() as session:
        row = (
            await session.exec(
                select(AgendaRow).where(AgendaRow.meeting_id == meeting_id, AgendaRow.number == "2")
            )
        ).one()
        row.presenter_role = "Director"
        session.add(row)
    await import_pack(
        database,
        pack=make_pack(
            items=[
                AgendaItem(
                    number="2", title="Better Care Fund", presenter_role="Lead", pages=(1, 4)
                )
            ]
        ),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        force=True,
    )
    assert (await _pages(database, meeting_id))["2"] == (1, 4, None, None, "Director")


async def test_a_clerk_cannot_move_place_or_cancel_a_synced_meeting(database: Database) -> None:
    meeting_id = await _synced_meeting(
        database, start=datetime(2023, 10, 10, 14, tzinfo=LONDON), now=NOW
    )
    before = await _state(database, meeting_id)
    with pytest.raises(ChangeRefused) as moved:
        await meeting_changes.move_meeting(
            database,
            meeting_id=meeting_id,
            starts_at_utc=datetime(2023, 10, 11, 13, tzinfo=UTC),
            viewer=None,
            now=NOW,
        )
    assert str(moved.value) == REFUSAL
    with pytest.raises(ChangeRefused, match="synced from the council's site"):
        await meeting_changes.place_meeting(
            database, meeting_id=meeting_id, location="Room 2", viewer=None, now=NOW
        )
    with pytest.raises(ChangeRefused, match="synced from the council's site"):
        await meeting_changes.cancel_meeting(database, meeting_id=meeting_id, viewer=None, now=NOW)
    assert await _state(database, meeting_id) == before


async def test_a_clerk_cannot_edit_a_synced_agenda(database: Database) -> None:
    meeting_id = await _synced_meeting(
        database, start=datetime(2023, 10, 10, 14, tzinfo=LONDON), now=NOW
    )
    before = await _state(database, meeting_id)
    attempts = [
        agenda_edit.add_item(database, viewer=None, meeting_id=meeting_id, title="AOB", now=NOW),
        agenda_edit.edit_item(
            database, viewer=None, meeting_id=meeting_id, number="2", title="BCF", now=NOW
        ),
        agenda_edit.edit_item(
            database, viewer=None, meeting_id=meeting_id, number="2", new_number="2A", now=NOW
        ),
        agenda_edit.edit_item(
            database, viewer=None, meeting_id=meeting_id, number="2", exempt=True, now=NOW
        ),
        agenda_edit.edit_item(
            database, viewer=None, meeting_id=meeting_id, number="2", presenter="", now=NOW
        ),
        # A title with a timing is refused whole: nothing of it is kept.
        agenda_edit.edit_item(
            database,
            viewer=None,
            meeting_id=meeting_id,
            number="2",
            title="BCF",
            duration=5,
            now=NOW,
        ),
        agenda_edit.move_item(
            database, viewer=None, meeting_id=meeting_id, number="2", to_position=1, now=NOW
        ),
        agenda_edit.drop_item(database, viewer=None, meeting_id=meeting_id, number="1", now=NOW),
    ]
    for attempt in attempts:
        with pytest.raises(AgendaEditRefused) as refused:
            await attempt
        assert str(refused.value) == REFUSAL
    assert await _state(database, meeting_id) == before
    assert (await _pages(database, meeting_id))["2"][3] is None


async def test_timings_and_pages_of_a_synced_agenda_are_the_clerks(database: Database) -> None:
    meeting_id = await _synced_meeting(
        database, start=datetime(2023, 10, 10, 14, tzinfo=LONDON), now=NOW
    )
    before = await _state(database, meeting_id)
    edited = await agenda_edit.edit_item(
        database,
        viewer=None,
        meeting_id=meeting_id,
        number="2",
        duration=15,
        pages=(3, 9),
        now=NOW,
    )
    assert edited.members_told == 0
    assert (await _pages(database, meeting_id))["2"][:4] == (3, 9, None, 15)
    assert await _state(database, meeting_id) == before
    shown = await agenda_edit.agenda_for_clerk(database, viewer=None, meeting_id=meeting_id)
    assert [item.number for item in shown.agenda.items] == ["1", "2", "3"]


async def test_a_meeting_without_a_source_is_changed_as_before(database: Database) -> None:
    summary = await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    revised = await import_pack(
        database,
        pack=make_pack(start=datetime(2023, 10, 10, 16, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    assert revised.changes.moved
    assert not any("synced" in warning for warning in revised.warnings)
    await agenda_edit.add_item(
        database, viewer=None, meeting_id=summary.meeting_id, title="AOB", now=NOW
    )
    await meeting_changes.cancel_meeting(
        database, meeting_id=summary.meeting_id, viewer=None, now=NOW
    )
    async with database.read() as session:
        meeting = await session.get(Meeting, summary.meeting_id)
        assert meeting is not None and meeting.status == "cancelled"
        assert meeting.starts_at_utc == datetime(2023, 10, 10, 15, tzinfo=UTC)
