"""A board without packs gets its meeting and agenda from its clerk: a new meeting with its
reminders, items added, corrected, moved and dropped with their positions kept in order, and one
change notice for an agenda members were already sent (none before it was published)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from core.errors import NotFoundError
from core.roles import Role
from services import agenda_edit, broadcasts
from services.access import AccessDenied
from services.agenda_edit import AgendaEditRefused, NoSuchItem
from services.meeting_changes import decode_agenda
from services.people import viewer_for
from services.views import AgendaView, Viewer
from storage.engine import Database
from storage.models import (
    AgendaItem,
    Board,
    MeetingChange,
    Membership,
    Notification,
    NotificationKind,
    NotificationState,
    Person,
)

PARISH = "Little Snoring Parish Council"
# Monday 7 December 2026, 9:00 GMT.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
# Thursday 14 January 2027, 7:00pm GMT.
STARTS = datetime(2027, 1, 14, 19, 0, tzinfo=UTC)
CLERK_ID, MEMBER_IDS = 8001, (8101, 8102, 8103)
MEMBER_NAMES = ("Penny Parker", "Quentin Quayle", "Rosa Reed")
CHANGE = NotificationKind.MEETING_CHANGE.value
REMINDER = NotificationKind.MEETING_REMINDER.value


@dataclass(frozen=True, slots=True)
class Parish:
    board_id: int
    clerk: Viewer
    member: Viewer


async def build_parish(database: Database) -> Parish:
    """A parish council with no pack ever imported: its clerk and three councillors on
    Telegram."""
    async with database.write() as session:
        board = Board(name=PARISH, slug="little-snoring-parish-council")
        session.add(board)
        await session.flush()
        assert board.id is not None
        people = [("Cathy Clerk", CLERK_ID, Role.CLERK)] + [
            (name, user_id, Role.MEMBER)
            for name, user_id in zip(MEMBER_NAMES, MEMBER_IDS, strict=True)
        ]
        for name, user_id, role in people:
            person = Person(full_name=name, telegram_user_id=user_id)
            session.add(person)
            await session.flush()
            assert person.id is not None
            session.add(Membership(board_id=board.id, person_id=person.id, role=role.value))
        board_id = board.id
    clerk = await viewer_for(database, telegram_user_id=CLERK_ID)
    member = await viewer_for(database, telegram_user_id=MEMBER_IDS[0])
    assert clerk is not None and member is not None
    return Parish(board_id=board_id, clerk=clerk, member=member)


@pytest.fixture
async def parish(database: Database) -> Parish:
    return await build_parish(database)


def _listed(agenda: AgendaView) -> list[tuple[str, str]]:
    return [(item.number, item.title) for item in agenda.items]


async def _positions(database: Database, meeting_id: int) -> list[tuple[int, str]]:
    async with database.read() as session:
        rows = (
            await session.exec(
                select(AgendaItem.position, AgendaItem.number)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position))
            )
        ).all()
    return [(position, number) for position, number in rows]


async def _count(database: Database, kind: str) -> int:
    async with database.read() as session:
        return int(
            (
                await session.exec(
                    select(func.count())
                    .select_from(Notification)
                    .where(
                        Notification.kind == kind,
                        Notification.state == NotificationState.PENDING.value,
                    )
                )
            ).one()
        )


async def _meeting_with_items(database: Database, parish: Parish) -> int:
    meeting = await agenda_edit.new_meeting(
        database,
        viewer=parish.clerk,
        board_id=parish.board_id,
        starts_at_utc=STARTS,
        location="Village Hall",
        now=NOW,
    )
    for title in ("Apologies", "Minutes of the last meeting", "Planning applications"):
        await agenda_edit.add_item(
            database, viewer=parish.clerk, meeting_id=meeting.id, title=title, now=NOW
        )
    return meeting.id


async def test_a_new_meeting_gets_its_reminders_and_numbered_items(
    database: Database, parish: Parish
) -> None:
    meeting = await agenda_edit.new_meeting(
        database,
        viewer=parish.clerk,
        board_id=parish.board_id,
        starts_at_utc=STARTS,
        location="  Village   Hall ",
        join_link="https://meet.example/x",
        now=NOW,
    )
    assert (meeting.board_name, meeting.location, meeting.remote_link) == (
        PARISH,
        "Village Hall",
        "https://meet.example/x",
    )
    assert meeting.starts_at_utc == STARTS and meeting.item_count == 0
    # Three lead times (7d, 1d, 2h) for each of the four people of the board.
    assert await _count(database, REMINDER) == 3 * 4
    first = await agenda_edit.add_item(
        database, viewer=parish.clerk, meeting_id=meeting.id, title=" Apologies ", now=NOW
    )
    assert first.number == "1" and _listed(first.agenda) == [("1", "Apologies")]
    await agenda_edit.add_item(
        database, viewer=parish.clerk, meeting_id=meeting.id, title="Finance", now=NOW
    )
    inserted = await agenda_edit.add_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting.id,
        title="Declarations of interest",
        after="1",
        presenter="Penny Parker",
        now=NOW,
    )
    assert inserted.number == "1A"
    assert _listed(inserted.agenda) == [
        ("1", "Apologies"),
        ("1A", "Declarations of interest"),
        ("2", "Finance"),
    ]
    assert inserted.agenda.items[1].presenter == "Penny Parker"
    numbered = await agenda_edit.add_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting.id,
        title="Any other business",
        number="9 b",
        now=NOW,
    )
    assert numbered.number == "9B"
    assert await _positions(database, meeting.id) == [(1, "1"), (2, "1A"), (3, "2"), (4, "9B")]
    # Nobody was sent the agenda: building it tells nobody anything.
    assert await _count(database, CHANGE) == 0


async def test_a_second_meeting_on_the_same_day_is_refused_politely(
    database: Database, parish: Parish
) -> None:
    await agenda_edit.new_meeting(
        database, viewer=parish.clerk, board_id=parish.board_id, starts_at_utc=STARTS, now=NOW
    )
    with pytest.raises(AgendaEditRefused, match="already has a meeting on Thursday 14 January"):
        await agenda_edit.new_meeting(
            database,
            viewer=parish.clerk,
            board_id=parish.board_id,
            starts_at_utc=STARTS - timedelta(hours=9),
            now=NOW,
        )
    with pytest.raises(AgendaEditRefused, match="has passed"):
        await agenda_edit.new_meeting(
            database,
            viewer=parish.clerk,
            board_id=parish.board_id,
            starts_at_utc=NOW - timedelta(days=1),
            now=NOW,
        )
    with pytest.raises(AgendaEditRefused, match="https://"):
        await agenda_edit.new_meeting(
            database,
            viewer=parish.clerk,
            board_id=parish.board_id,
            starts_at_utc=STARTS + timedelta(days=1),
            join_link="meet.example/x",
            now=NOW,
        )


async def test_move_and_drop_keep_positions_in_order_and_printed_numbers(
    database: Database, parish: Parish
) -> None:
    meeting_id = await _meeting_with_items(database, parish)
    moved = await agenda_edit.move_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="3", after="1", now=NOW
    )
    assert [number for number, _ in _listed(moved.agenda)] == ["1", "3", "2"]
    assert await _positions(database, meeting_id) == [(1, "1"), (2, "3"), (3, "2")]
    first = await agenda_edit.move_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="2", to_position=1, now=NOW
    )
    assert [number for number, _ in _listed(first.agenda)] == ["2", "1", "3"]
    last = await agenda_edit.move_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="2", before="3", now=NOW
    )
    assert [number for number, _ in _listed(last.agenda)] == ["1", "2", "3"]
    dropped = await agenda_edit.drop_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="2", now=NOW
    )
    assert dropped.number is None
    assert _listed(dropped.agenda) == [("1", "Apologies"), ("3", "Planning applications")]
    assert await _positions(database, meeting_id) == [(1, "1"), (2, "3")]
    with pytest.raises(NoSuchItem, match="no item 2 on the agenda of Thursday 14 January 2027"):
        await agenda_edit.drop_item(
            database, viewer=parish.clerk, meeting_id=meeting_id, number="2", now=NOW
        )
    with pytest.raises(AgendaEditRefused, match="before or after itself"):
        await agenda_edit.move_item(
            database, viewer=parish.clerk, meeting_id=meeting_id, number="1", after="1", now=NOW
        )


async def test_an_edit_changes_only_what_is_given_and_numbers_compare_loosely(
    database: Database, parish: Parish
) -> None:
    meeting_id = await _meeting_with_items(database, parish)
    edited = await agenda_edit.edit_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting_id,
        number="3",
        new_number="3 a",
        presenter="Quentin Quayle",
        duration=20,
        pages=(11, 24),
        now=NOW,
    )
    item = edited.agenda.items[2]
    assert (item.number, item.title, item.presenter, item.duration_minutes, item.pages) == (
        "3A",
        "Planning applications",
        "Quentin Quayle",
        20,
        (11, 24),
    )
    retitled = await agenda_edit.edit_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting_id,
        number="3a",
        title="Planning: 12 High Street",
        exempt=True,
        now=NOW,
    )
    assert retitled.agenda.items[2].title == "Planning: 12 High Street"
    assert retitled.agenda.items[2].exempt
    with pytest.raises(AgendaEditRefused, match="already an item 1"):
        await agenda_edit.edit_item(
            database,
            viewer=parish.clerk,
            meeting_id=meeting_id,
            number="2",
            new_number="1",
            now=NOW,
        )
    with pytest.raises(AgendaEditRefused, match="title"):
        await agenda_edit.edit_item(
            database, viewer=parish.clerk, meeting_id=meeting_id, number="2", title="  ", now=NOW
        )
    with pytest.raises(AgendaEditRefused, match="at most 1000"):
        await agenda_edit.add_item(
            database, viewer=parish.clerk, meeting_id=meeting_id, title="x" * 1001, now=NOW
        )
    with pytest.raises(AgendaEditRefused, match="Nothing to change"):
        await agenda_edit.edit_item(
            database, viewer=parish.clerk, meeting_id=meeting_id, number="2", now=NOW
        )


async def test_only_the_boards_clerk_may_make_meetings_or_change_items(
    database: Database, parish: Parish
) -> None:
    meeting_id = await _meeting_with_items(database, parish)
    with pytest.raises(AccessDenied, match="Only the board's clerk"):
        await agenda_edit.new_meeting(
            database,
            viewer=parish.member,
            board_id=parish.board_id,
            starts_at_utc=STARTS + timedelta(days=30),
            now=NOW,
        )
    with pytest.raises(AccessDenied):
        await agenda_edit.add_item(
            database, viewer=parish.member, meeting_id=meeting_id, title="Mine", now=NOW
        )
    with pytest.raises(AccessDenied):
        await agenda_edit.drop_item(
            database, viewer=parish.member, meeting_id=meeting_id, number="1", now=NOW
        )
    with pytest.raises(NotFoundError, match="no meeting 999"):
        await agenda_edit.add_item(
            database, viewer=parish.clerk, meeting_id=999, title="Lost", now=NOW
        )
    assert await _positions(database, meeting_id) == [(1, "1"), (2, "2"), (3, "3")]


async def test_the_meeting_to_edit_is_the_next_one_or_the_one_on_a_day(
    database: Database, parish: Parish
) -> None:
    with pytest.raises(NotFoundError, match="no meeting coming up"):
        await agenda_edit.meeting_to_edit(
            database, viewer=parish.clerk, board_id=parish.board_id, now=NOW
        )
    meeting_id = await _meeting_with_items(database, parish)
    later = await agenda_edit.new_meeting(
        database,
        viewer=parish.clerk,
        board_id=parish.board_id,
        starts_at_utc=STARTS + timedelta(days=28),
        now=NOW,
    )
    found = await agenda_edit.meeting_to_edit(
        database, viewer=parish.clerk, board_id=parish.board_id, now=NOW
    )
    assert found.id == meeting_id
    on_day = await agenda_edit.meeting_to_edit(
        database, viewer=parish.clerk, board_id=parish.board_id, on=date(2027, 2, 11), now=NOW
    )
    assert on_day.id == later.id
    with pytest.raises(NotFoundError, match="no meeting on"):
        await agenda_edit.meeting_to_edit(
            database, viewer=parish.clerk, board_id=parish.board_id, on=date(2027, 2, 12), now=NOW
        )


async def test_a_published_agenda_changed_three_times_queues_one_notice_per_member(
    database: Database, parish: Parish
) -> None:
    meeting_id = await _meeting_with_items(database, parish)
    await broadcasts.start_publication(
        database, viewer=parish.clerk, meeting_id=meeting_id, now=NOW
    )
    await agenda_edit.add_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, title="Village green", now=NOW
    )
    # Not worth a notice: an exempt item, and a new order.
    await agenda_edit.add_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting_id,
        title="Staff matters",
        exempt=True,
        now=NOW,
    )
    await agenda_edit.move_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="4", to_position=1, now=NOW
    )
    await agenda_edit.edit_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting_id,
        number="2",
        title="Minutes of 10 December",
        now=NOW,
    )
    told = await agenda_edit.drop_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="3", now=NOW
    )
    assert told.members_told == 4
    # The notices not yet sent were merged: one pending notice for each of the four people.
    assert await _count(database, CHANGE) == 4
    async with database.read() as session:
        changes = (
            await session.exec(
                select(MeetingChange)
                .where(MeetingChange.meeting_id == meeting_id)
                .order_by(col(MeetingChange.id))
            )
        ).all()
    latest = decode_agenda(changes[-1].agenda)
    assert [(change.kind, change.number, change.title) for change in latest] == [
        ("added", "4", "Village green"),
        ("retitled", "2", "Minutes of 10 December"),
        ("removed", "3", "Planning applications"),
    ]
    assert "Staff matters" not in str(changes[-1].agenda)


async def test_an_item_made_exempt_is_told_as_removed_and_a_new_number_alone_is_not_told(
    database: Database, parish: Parish
) -> None:
    meeting_id = await _meeting_with_items(database, parish)
    # A councillor not on Telegram yet: a notice is queued for them too, but cannot be sent.
    async with database.write() as session:
        person = Person(full_name="Sam Smith")
        session.add(person)
        await session.flush()
        assert person.id is not None
        session.add(
            Membership(board_id=parish.board_id, person_id=person.id, role=Role.MEMBER.value)
        )
    await broadcasts.start_publication(
        database, viewer=parish.clerk, meeting_id=meeting_id, now=NOW
    )
    renumbered = await agenda_edit.edit_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="1", new_number="1A", now=NOW
    )
    assert (renumbered.number, renumbered.members_told) == ("1A", 0)
    assert await _count(database, CHANGE) == 0
    hidden = await agenda_edit.edit_item(
        database,
        viewer=parish.clerk,
        meeting_id=meeting_id,
        number="3",
        new_number="3X",
        title="Land sale to Mr Jones",
        exempt=True,
        now=NOW,
    )
    assert (hidden.members_told, hidden.members_on_telegram) == (5, 4)
    assert await _count(database, CHANGE) == 5
    async with database.read() as session:
        change = (
            await session.exec(
                select(MeetingChange)
                .where(MeetingChange.meeting_id == meeting_id)
                .order_by(col(MeetingChange.id).desc())
            )
        ).first()
    assert change is not None
    # Told as members knew it; nothing of what it has become.
    assert [(c.kind, c.number, c.title) for c in decode_agenda(change.agenda)] == [
        ("removed", "3", "Planning applications")
    ]
    assert "Mr Jones" not in str(change.agenda) and "3X" not in str(change.agenda)


async def test_an_unpublished_agenda_is_changed_without_a_notice(
    database: Database, parish: Parish
) -> None:
    meeting_id = await _meeting_with_items(database, parish)
    await agenda_edit.edit_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="1", title="Welcome", now=NOW
    )
    await agenda_edit.drop_item(
        database, viewer=parish.clerk, meeting_id=meeting_id, number="2", now=NOW
    )
    assert await _count(database, CHANGE) == 0
