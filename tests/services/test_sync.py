"""Applying a source's snapshot: meetings at the right instants (GMT and BST), items, papers,
attendees as members, minutes as decisions; a second sync writes nothing; changes go through the
usual change notices; a published agenda asks the clerks once (or is announced at once); a late
paper sends one supplement notice per member; a failure leaves the data and tells the clerks once
per failing spell. Snapshots are built by hand; one test syncs through the Modern.Gov fake."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from calendars.zones import local_to_utc
from core.errors import QuorumError
from core.roles import Role
from core.settings import Settings
from notify.outcomes import Claimed, Skipped
from packs.model import AgendaItem as PackItem
from services import messages, sync
from services import sources as source_service
from services.imports import import_pack
from services.meeting_changes import ADDED, REMOVED, RETITLED, decode_agenda
from services.notices import due_notice
from services.people import add_alias
from sources.base import FailureKind, SourceFailure
from sources.model import (
    Cached,
    RemoteAttendee,
    RemoteDocument,
    RemoteItem,
    RemoteMeeting,
    Snapshot,
)
from sources.registry import SourceOptions, opener
from storage.engine import Database
from storage.models import (
    AgendaItem,
    Attendance,
    Board,
    Broadcast,
    BroadcastKind,
    Decision,
    Document,
    ExternalPerson,
    FormerMembership,
    Meeting,
    MeetingChange,
    MeetingStatus,
    Membership,
    Notification,
    NotificationKind,
    Person,
    SourceResponse,
    SyncSource,
)
from tests.auxil.moderngov import SAMPLE, Failure, FakeModernGov, sample_site
from tests.auxil.packs import make_pack

LONDON = ZoneInfo("Europe/London")
BOARD = "Northwold Planning Committee"
# Monday 15 January 2024, 10:00 GMT.
NOW = datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
SITE = "https://democracy.northwold.gov.uk"

PAST = RemoteMeeting(
    id="900",
    day=date(2023, 11, 14),
    start=time(18, 30),
    location="Council Chamber",
    status="Confirmed",
    agenda_published=True,
    minutes_published=True,
    items=(
        RemoteItem(id="p1", number="1", title="Apologies", minute="Apologies from Cllr Brown."),
        RemoteItem(
            id="p2",
            number="5",
            title="Land at Mill Lane",
            is_decision=True,
            minute="RESOLVED: that permission be granted.",
        ),
        RemoteItem(
            id="p3", number="6", title="Enforcement case", restricted=True, minute="Secret."
        ),
    ),
    attendees=(RemoteAttendee(id="m9", name="Councillor Olga Oldham", role="Committee Member"),),
)
WINTER = RemoteMeeting(
    id="901",
    day=date(2024, 2, 20),  # GMT
    start=time(10, 0),
    finish=time(12, 30),
    location="Council Chamber, Town Hall",
    status="Confirmed",
    items=(
        RemoteItem(id="a1", number="1", title="Apologies for absence"),
        RemoteItem(id="a2", number="2", title="Minutes of the previous meeting"),
        RemoteItem(id="a3", number="3", title="Land at Mill Lane", presenter="Head of Planning"),
        RemoteItem(id="a4", number="4", title="Enforcement: 12 High Street", restricted=True),
        RemoteItem(id="a5", number="", title="Any other business"),
    ),
    documents=(
        RemoteDocument(
            id="d1",
            title="Mill Lane report",
            url=f"{SITE}/documents/d1.pdf",
            published_on=date(2024, 2, 12),
            item_id="a3",
        ),
        RemoteDocument(
            id="d2",
            title="Enforcement report (exempt)",
            url=f"{SITE}/documents/d2.pdf",
            restricted=True,
            item_id="a4",
        ),
        RemoteDocument(id="d3", title="Agenda frontsheet", url=f"{SITE}/documents/d3.pdf"),
    ),
    attendees=(
        RemoteAttendee(id="m1", name="Councillor Jane Smith", role="Chair"),
        RemoteAttendee(id="m2", name="Cllr Bob Jones", role="Vice-Chairman"),
        RemoteAttendee(id="m3", name="Dr Mary Brown", role="Committee Member"),
        RemoteAttendee(id="m4", name="Councillor Sam Swap", role="Substitute"),
        RemoteAttendee(id="m5", name="Mr Tom Wright", role="Planning Officer"),
    ),
)
SUMMER = RemoteMeeting(
    id="902", day=date(2024, 6, 18), start=time(14, 0), location="Town Hall", status="Confirmed"
)
UNTIMED = RemoteMeeting(id="903", day=date(2024, 3, 19), start=None, status="Confirmed")
# An agenda members may see (a published agenda without one is nothing to announce).
ITEMS = (RemoteItem(id="s1", number="1", title="Apologies for absence"),)


def snapshot(*meetings: RemoteMeeting, responses: tuple[Cached, ...] = ()) -> Snapshot:
    return Snapshot(
        committee_id="140",
        committee_title="Planning Committee",
        first_day=date(2023, 1, 14),
        last_day=date(2025, 1, 15),
        meetings=meetings,
        responses=responses,
    )


FIRST = snapshot(PAST, WINTER, SUMMER, UNTIMED)


@dataclass(frozen=True, slots=True)
class Setup:
    board_id: int
    source_id: int
    clerks: tuple[int, ...]
    officer: int  # added by hand


async def _setup(database: Database, *, autopublish: bool = False) -> Setup:
    async with database.write() as session:
        board = Board(name=BOARD, slug="northwold", timezone="Europe/London")
        board.autopublish = autopublish
        session.add(board)
        people = [Person(full_name=name) for name in ("Clara Clerk", "Colin Clerk", "Olive Hand")]
        session.add_all(people)
        await session.flush()
        assert board.id is not None
        roles = (Role.CLERK, Role.CLERK, Role.OFFICER)
        for person, role in zip(people, roles, strict=True):
            assert person.id is not None
            session.add(Membership(board_id=board.id, person_id=person.id, role=role.value))
        board_id = board.id
        ids = [person.id for person in people if person.id is not None]
    added = await source_service.add_source(
        database,
        board_name=BOARD,
        kind="modgov",
        base_url=SITE,
        committee_id="140",
        viewer=None,
        now=NOW - timedelta(days=1),
    )
    return Setup(board_id=board_id, source_id=added.id, clerks=(ids[0], ids[1]), officer=ids[2])


async def _meeting(database: Database, external_id: str) -> Meeting:
    async with database.read() as session:
        meeting = (
            await session.exec(select(Meeting).where(Meeting.external_id == external_id))
        ).one()
    return meeting


async def _items(database: Database, meeting_id: int) -> list[AgendaItem]:
    async with database.read() as session:
        rows = await session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.position))
        )
        return list(rows.all())


async def _rows(database: Database, kind: NotificationKind) -> list[Notification]:
    async with database.read() as session:
        rows = await session.exec(
            select(Notification)
            .where(Notification.kind == kind.value)
            .order_by(col(Notification.id))
        )
        return list(rows.all())


async def _member_ids(database: Database, board_id: int) -> set[int]:
    async with database.read() as session:
        rows = await session.exec(
            select(Membership.person_id).where(Membership.board_id == board_id).distinct()
        )
        return set(rows.all())


async def _roles(database: Database, board_id: int) -> dict[str, set[tuple[str, str | None]]]:
    async with database.read() as session:
        rows = await session.exec(
            select(Person.full_name, Membership.role, Membership.title)
            .join(Membership, col(Membership.person_id) == col(Person.id))
            .where(Membership.board_id == board_id)
        )
        found: dict[str, set[tuple[str, str | None]]] = {}
        for name, role, title in rows.all():
            found.setdefault(name, set()).add((role, title))
        return found


async def _counts(database: Database) -> dict[str, int]:
    tables: dict[str, Any] = {
        "meetings": Meeting,
        "items": AgendaItem,
        "documents": Document,
        "decisions": Decision,
        "memberships": Membership,
        "former": FormerMembership,
        "people": Person,
        "links": ExternalPerson,
        "notifications": Notification,
        "broadcasts": Broadcast,
        "changes": MeetingChange,
    }
    async with database.read() as session:
        return {
            name: int((await session.exec(select(func.count()).select_from(table))).one())
            for name, table in tables.items()
        }


async def _apply(
    database: Database, setup: Setup, shot: Snapshot, *, at: datetime = NOW
) -> sync.SyncReport:
    report = await sync.apply_snapshot(database, source_id=setup.source_id, snapshot=shot, now=at)
    assert report.ok, report.failure
    return report


# -- the first sync ---------------------------------------------------------------------------


async def test_a_first_sync_stores_meetings_items_papers_members_and_decisions(
    database: Database,
) -> None:
    setup = await _setup(database)
    responses = (Cached(url=f"{SITE}/mgWebService.asmx/GetMeeting?lMeetingId=901", etag='"v1"',
                        last_modified=None, body=b"<meeting/>"),)  # fmt: skip
    report = await _apply(
        database, setup, snapshot(PAST, WINTER, SUMMER, UNTIMED, responses=responses)
    )
    assert (report.meetings_added, report.meetings_changed, report.meetings_unchanged) == (4, 0, 0)
    assert report.documents_added == 3
    assert report.summary.startswith("4 meetings added, 0 changed, 0 unchanged")

    winter = await _meeting(database, "901")
    assert winter.starts_at_utc == datetime(2024, 2, 20, 10, 0, tzinfo=UTC)  # GMT
    assert winter.ends_at_utc == datetime(2024, 2, 20, 12, 30, tzinfo=UTC)
    assert winter.location == "Council Chamber, Town Hall"
    assert winter.source_id == setup.source_id and winter.time_stated
    assert winter.source == f"modgov:{SITE}#901"
    summer = await _meeting(database, "902")
    assert summer.starts_at_utc == datetime(2024, 6, 18, 13, 0, tzinfo=UTC)  # BST
    untimed = await _meeting(database, "903")
    assert not untimed.time_stated
    assert untimed.starts_at_utc == datetime(2024, 3, 19, 0, 0, tzinfo=UTC)
    past = await _meeting(database, "900")
    assert past.site_agenda_published and past.site_minutes_published

    items = await _items(database, winter.id or 0)
    assert [(i.number, i.title, i.exempt) for i in items] == [
        ("1", "Apologies for absence", False),
        ("2", "Minutes of the previous meeting", False),
        ("3", "Land at Mill Lane", False),
        ("4", "Enforcement: 12 High Street", True),
        ("5", "Any other business", False),  # printed without a number: its position
    ]
    assert items[2].presenter == "Head of Planning"
    assert [i.external_id for i in items] == ["a1", "a2", "a3", "a4", "a5"]

    async with database.read() as session:
        documents = {
            d.external_id: d
            for d in (
                await session.exec(select(Document).where(Document.meeting_id == winter.id))
            ).all()
        }
        decisions = (
            await session.exec(
                select(Decision.item, Decision.text)
                .where(Decision.meeting_id == past.id)
                .order_by(col(Decision.item))
            )
        ).all()
        source = await session.get(SyncSource, setup.source_id)
        cached = (await session.exec(select(SourceResponse))).all()
    assert documents["d1"].item_id == items[2].id
    assert documents["d1"].published_on == date(2024, 2, 12)
    assert documents["d2"].restricted and documents["d2"].item_id == items[3].id
    assert documents["d3"].item_id is None
    # The exempt item's minute is not a decision (decisions reach groups), nor is the
    # procedural minute of apologies.
    assert list(decisions) == [("5", "RESOLVED: that permission be granted.")]
    assert source is not None
    assert source.last_success_at_utc == NOW and source.failures == 0
    assert source.next_sync_at_utc == NOW + timedelta(minutes=30)
    assert source.committee_title == "Planning Committee"
    assert source.last_result == report.summary
    assert [(c.url, c.etag, c.body) for c in cached] == [(responses[0].url, '"v1"', b"<meeting/>")]

    # Members follow the nearest meeting ahead that lists attendees (not the past one's).
    assert await _roles(database, setup.board_id) == {
        "Clara Clerk": {("clerk", None)},
        "Colin Clerk": {("clerk", None)},
        "Olive Hand": {("officer", None)},
        "Jane Smith": {("chair", None)},
        "Bob Jones": {("vice-chair", None)},
        "Mary Brown": {("member", None)},
        "Sam Swap": {("member", "Substitute")},
        "Tom Wright": {("officer", "Planning Officer")},
    }
    # Nothing published ahead: nobody asked; nothing announced.
    assert await _rows(database, NotificationKind.SITE_PUBLISHED) == []
    assert await _rows(database, NotificationKind.MEETING_CHANGE) == []


async def test_a_second_identical_sync_writes_nothing(database: Database) -> None:
    setup = await _setup(database)
    published = replace(WINTER, agenda_published=True)
    await _apply(database, setup, snapshot(PAST, published, SUMMER, UNTIMED))
    before = await _counts(database)
    stamps = {
        m: (
            (await _meeting(database, m)).updated_at_utc,
            (await _meeting(database, m)).ics_sequence,
        )
        for m in ("900", "901", "902", "903")
    }
    report = await _apply(
        database, setup, snapshot(PAST, published, SUMMER, UNTIMED), at=NOW + timedelta(hours=1)
    )
    assert (report.meetings_added, report.meetings_changed, report.meetings_unchanged) == (0, 0, 4)
    assert (report.publication_prompts, report.supplements, report.documents_added) == (0, 0, 0)
    assert await _counts(database) == before
    for meeting_id, stamp in stamps.items():
        meeting = await _meeting(database, meeting_id)
        assert (meeting.updated_at_utc, meeting.ics_sequence) == stamp


# -- changes go through the change notices ------------------------------------------------------


async def test_a_moved_and_re_placed_meeting_tells_each_member_once(database: Database) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    members = await _member_ids(database, setup.board_id)
    moved = replace(
        WINTER,
        day=date(2024, 2, 21),
        start=time(14, 0),
        finish=time(16, 0),
        location="Room 2, Town Hall",
    )
    report = await _apply(database, setup, snapshot(PAST, moved, SUMMER, UNTIMED))
    assert report.meetings_changed == 1 and report.change_notices == len(members)

    notices = await _rows(database, NotificationKind.MEETING_CHANGE)
    assert sorted(n.person_id for n in notices if n.person_id) == sorted(members)
    meeting = await _meeting(database, "901")
    async with database.read() as session:
        change = (await session.exec(select(MeetingChange))).one()
    assert change.old_starts_at_utc == datetime(2024, 2, 20, 10, 0, tzinfo=UTC)
    assert change.new_starts_at_utc == datetime(2024, 2, 21, 14, 0, tzinfo=UTC)
    assert (change.old_location, change.new_location) == (
        "Council Chamber, Town Hall",
        "Room 2, Town Hall",
    )
    assert meeting.ends_at_utc == datetime(2024, 2, 21, 16, 0, tzinfo=UTC)
    assert meeting.ics_sequence == 1

    # Synced again as it is now: nobody hears of it twice.
    await _apply(database, setup, snapshot(PAST, moved, SUMMER, UNTIMED), at=NOW + timedelta(1))
    assert len(await _rows(database, NotificationKind.MEETING_CHANGE)) == len(notices)


async def test_a_cancelled_meeting_is_told_and_a_re_placed_one_too(database: Database) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    members = await _member_ids(database, setup.board_id)
    called_off = replace(SUMMER, status="Cancelled", cancelled=True)
    re_placed = replace(WINTER, location="Committee Room 1, Town Hall")
    await _apply(database, setup, snapshot(PAST, re_placed, called_off, UNTIMED))

    summer = await _meeting(database, "902")
    assert summer.status == "cancelled"
    async with database.read() as session:
        changes = {c.meeting_id: c for c in (await session.exec(select(MeetingChange))).all()}
    winter = await _meeting(database, "901")
    assert changes[summer.id or 0].new_status == "cancelled"
    assert changes[winter.id or 0].new_location == "Committee Room 1, Town Hall"
    assert changes[winter.id or 0].new_starts_at_utc is None
    notices = await _rows(database, NotificationKind.MEETING_CHANGE)
    for meeting_id in (summer.id, winter.id):
        told = [n.person_id for n in notices if n.meeting_id == meeting_id and n.person_id]
        assert sorted(told) == sorted(members)


async def test_items_added_retitled_renumbered_and_removed(database: Database) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    winter = await _meeting(database, "901")
    before = {i.external_id: i.id for i in await _items(database, winter.id or 0)}
    # A new item first: the others move down; "Minutes" and the exempt item are gone.
    items = (
        RemoteItem(id="a9", number="1", title="Declarations of interest"),
        RemoteItem(id="a1", number="2", title="Apologies for absence"),
        RemoteItem(id="a3", number="3", title="Land at Mill Lane, Northwold"),
        RemoteItem(id="a5", number="", title="Any other business"),
    )
    await _apply(database, setup, snapshot(PAST, replace(WINTER, items=items), SUMMER, UNTIMED))
    after = await _items(database, winter.id or 0)
    assert [(i.number, i.title, i.external_id) for i in after] == [
        ("1", "Declarations of interest", "a9"),
        ("2", "Apologies for absence", "a1"),
        ("3", "Land at Mill Lane, Northwold", "a3"),
        ("4", "Any other business", "a5"),
    ]
    # Rows kept by their external id, whatever their number now.
    assert after[1].id == before["a1"] and after[2].id == before["a3"]
    async with database.read() as session:
        change = (await session.exec(select(MeetingChange))).one()
        d2 = (await session.exec(select(Document).where(Document.external_id == "d2"))).one()
    agenda = {(c.kind, c.number, c.title, c.previous_title) for c in decode_agenda(change.agenda)}
    # The exempt item's removal is not told (notices reach groups).
    assert agenda == {
        (ADDED, "1", "Declarations of interest", None),
        (REMOVED, "2", "Minutes of the previous meeting", None),
        (RETITLED, "3", "Land at Mill Lane, Northwold", "Land at Mill Lane"),
    }
    assert d2.item_id is None  # its item has gone
    # The agenda was never announced: members are not told of agenda changes.
    assert await _rows(database, NotificationKind.MEETING_CHANGE) == []


async def test_a_pack_imported_meeting_on_the_same_day_is_adopted(database: Database) -> None:
    setup = await _setup(database)
    imported = await import_pack(
        database,
        pack=make_pack(
            body=BOARD,
            start=datetime(2024, 2, 20, 10, 0, tzinfo=LONDON),
            location="Council Chamber, Town Hall",
            remote_link=None,
            items=[
                PackItem(number="1", title="Apologies for absence"),
                PackItem(number="2", title="Minutes of the last meeting"),
            ],
            members=[],
        ),
        board_name=BOARD,
        timezone="Europe/London",
        now=NOW,
    )
    pack_items = {i.number: i.id for i in await _items(database, imported.meeting_id)}
    report = await _apply(database, setup, FIRST)
    assert report.meetings_added == 3  # the fourth was adopted
    winter = await _meeting(database, "901")
    assert winter.id == imported.meeting_id and winter.source_id == setup.source_id
    items = await _items(database, winter.id or 0)
    assert [i.external_id for i in items] == ["a1", "a2", "a3", "a4", "a5"]
    assert items[0].id == pack_items["1"] and items[1].id == pack_items["2"]
    assert items[1].title == "Minutes of the previous meeting"
    async with database.read() as session:
        count = (
            await session.exec(
                select(func.count()).select_from(Meeting).where(Meeting.board_id == setup.board_id)
            )
        ).one()
    assert count == 4
    # The pack's wording against the site's is not news; nothing else changed.
    assert await _rows(database, NotificationKind.MEETING_CHANGE) == []


# -- members --------------------------------------------------------------------------------------


async def test_members_no_longer_listed_are_retired_but_clerks_and_hand_added_stay(
    database: Database,
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    attendees = (
        RemoteAttendee(id="m2", name="Cllr Bob Jones", role="Chair"),  # now the chair
        RemoteAttendee(id="m3", name="Dr Mary Brown", role="Deputy Chair"),
        RemoteAttendee(id="m6", name="Councillor Nina New", role="Member"),
    )
    short = snapshot(PAST, replace(WINTER, attendees=attendees), SUMMER, UNTIMED)
    await _apply(database, setup, short)
    # One short list retires nobody: those it leaves out keep their roles for now.
    roles = await _roles(database, setup.board_id)
    assert roles["Jane Smith"] == {("chair", None)}
    assert roles["Sam Swap"] == {("member", "Substitute")}
    assert roles["Tom Wright"] == {("officer", "Planning Officer")}
    assert roles["Nina New"] == {("member", None)}
    await _apply(database, setup, short, at=NOW + timedelta(minutes=15))
    assert await _roles(database, setup.board_id) == {
        "Clara Clerk": {("clerk", None)},
        "Colin Clerk": {("clerk", None)},
        "Olive Hand": {("officer", None)},
        "Bob Jones": {("chair", None)},
        "Mary Brown": {("vice-chair", None)},
        "Nina New": {("member", None)},
    }
    async with database.read() as session:
        former = (
            await session.exec(
                select(Person.full_name, FormerMembership.role)
                .join(FormerMembership, col(FormerMembership.person_id) == col(Person.id))
                .order_by(col(Person.full_name), col(FormerMembership.role))
            )
        ).all()
    assert list(former) == [
        ("Bob Jones", "vice-chair"),
        ("Jane Smith", "chair"),
        ("Mary Brown", "member"),
        ("Sam Swap", "member"),
        ("Tom Wright", "officer"),
    ]


def test_roles_from_role_descriptions() -> None:
    assert sync.role_of("Chair") == ("chair", None)
    assert sync.role_of("Chairman") == ("chair", None)
    assert sync.role_of("Chair of the Committee") == ("chair", None)
    assert sync.role_of("Vice-Chair") == ("vice-chair", None)
    assert sync.role_of("Vice Chairman") == ("vice-chair", None)
    assert sync.role_of("Deputy Chair") == ("vice-chair", None)
    assert sync.role_of("Committee Member") == ("member", None)
    assert sync.role_of(None) == ("member", None)
    assert sync.role_of("Substitute") == ("member", "Substitute")
    assert sync.role_of("Substitute Member") == ("member", "Substitute Member")
    assert sync.role_of("Co-opted Member") == ("member", "Co-opted Member")
    assert sync.role_of("Officer") == ("officer", "Officer")
    assert sync.role_of("Clerk") == ("officer", "Clerk")
    assert sync.role_of("Legal Advisor") == ("officer", "Legal Advisor")
    assert sync.role_of("Clerk to the Committee") == ("officer", "Clerk to the Committee")
    assert sync.role_of("Democratic Services") == ("officer", "Democratic Services")
    assert sync.role_of("Lead Officer") == ("officer", "Lead Officer")
    assert sync.role_of("Director of Public Health") == ("officer", "Director of Public Health")
    assert sync.role_of("Officer in attendance") == ("officer", "Officer in attendance")
    assert sync.role_of("Cabinet Member for Public Health") == (
        "member",
        "Cabinet Member for Public Health",
    )
    assert sync.role_of("Non-voting member") == ("for-information", "Non-voting member")
    # Not on the board at all (a role holder would see exempt items).
    for visitor in (
        "In attendance",
        "Observer",
        "Press",
        "Guest",
        "Public",
        "Member of the public",
        "Also present",
        "Councillor in attendance",
        "Invited guest",
    ):
        assert sync.role_of(visitor) is None, visitor


# -- publication -------------------------------------------------------------------------------


async def test_a_published_flag_flipping_asks_each_clerk_once(database: Database) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    published = replace(WINTER, agenda_published=True)
    report = await _apply(database, setup, snapshot(PAST, published, SUMMER, UNTIMED))
    assert report.publication_prompts == 2
    asked = await _rows(database, NotificationKind.SITE_PUBLISHED)
    winter = await _meeting(database, "901")
    assert sorted(n.person_id for n in asked if n.person_id) == sorted(setup.clerks)
    assert {(n.meeting_id, n.board_id) for n in asked} == {(winter.id, setup.board_id)}
    assert winter.site_agenda_published

    # Synced again, unpublished and published again: nobody is asked twice.
    await _apply(database, setup, snapshot(PAST, published, SUMMER, UNTIMED), at=NOW + timedelta(1))
    await _apply(database, setup, FIRST, at=NOW + timedelta(2))
    report = await _apply(
        database, setup, snapshot(PAST, published, SUMMER, UNTIMED), at=NOW + timedelta(3)
    )
    assert report.publication_prompts == 0
    assert len(await _rows(database, NotificationKind.SITE_PUBLISHED)) == 2
    assert await _rows(database, NotificationKind.PUBLICATION) == []


async def test_a_meeting_first_seen_published_asks_unless_it_is_past(database: Database) -> None:
    setup = await _setup(database)
    await _apply(
        database, setup, snapshot(PAST, replace(SUMMER, agenda_published=True, items=ITEMS))
    )
    asked = await _rows(database, NotificationKind.SITE_PUBLISHED)
    summer = await _meeting(database, "902")
    # PAST is published too, but already held: nobody is asked about it.
    assert {n.meeting_id for n in asked} == {summer.id}
    assert len(asked) == 2


async def test_autopublish_announces_the_agenda_instead(database: Database) -> None:
    setup = await _setup(database, autopublish=True)
    await _apply(database, setup, FIRST)
    report = await _apply(
        database, setup, snapshot(PAST, replace(WINTER, agenda_published=True), SUMMER, UNTIMED)
    )
    assert report.autopublished == 1 and report.publication_prompts == 0
    winter = await _meeting(database, "901")
    async with database.read() as session:
        broadcast = (await session.exec(select(Broadcast))).one()
    assert broadcast.kind == BroadcastKind.PUBLICATION.value
    assert (broadcast.meeting_id, broadcast.created_by_person_id) == (winter.id, None)
    deliveries = await _rows(database, NotificationKind.PUBLICATION)
    assert sorted(n.person_id for n in deliveries if n.person_id) == sorted(
        await _member_ids(database, setup.board_id)
    )
    assert await _rows(database, NotificationKind.SITE_PUBLISHED) == []


# -- supplements ---------------------------------------------------------------------------------


async def test_a_late_paper_on_an_announced_meeting_sends_one_supplement_per_member(
    database: Database,
) -> None:
    setup = await _setup(database, autopublish=True)
    published = replace(WINTER, agenda_published=True)
    await _apply(database, setup, snapshot(PAST, published, SUMMER, UNTIMED))
    # Announced with its papers: none of them is a supplement.
    assert await _rows(database, NotificationKind.SUPPLEMENT) == []

    late = RemoteDocument(
        id="d7",
        title="Supplementary report: Mill Lane",
        url=f"{SITE}/documents/d7.pdf",
        item_id="a3",
        published_on=date(2024, 1, 15),
    )
    with_late = replace(published, documents=(*published.documents, late))
    report = await _apply(
        database, setup, snapshot(PAST, with_late, SUMMER, UNTIMED), at=NOW + timedelta(hours=1)
    )
    members = await _member_ids(database, setup.board_id)
    assert report.supplements == len(members) and report.documents_added == 1
    rows = await _rows(database, NotificationKind.SUPPLEMENT)
    async with database.read() as session:
        paper = (await session.exec(select(Document).where(Document.external_id == "d7"))).one()
    winter = await _meeting(database, "901")
    assert sorted(n.person_id for n in rows if n.person_id) == sorted(members)
    assert {(n.lead, n.meeting_id, n.board_id, n.chat_id) for n in rows} == {
        (str(paper.id), winter.id, setup.board_id, None)
    }

    # Again: nothing more.
    await _apply(
        database, setup, snapshot(PAST, with_late, SUMMER, UNTIMED), at=NOW + timedelta(hours=2)
    )
    assert len(await _rows(database, NotificationKind.SUPPLEMENT)) == len(members)


async def test_a_late_paper_on_an_unannounced_meeting_sends_nothing(database: Database) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    late = RemoteDocument(id="d7", title="Late paper", url=f"{SITE}/documents/d7.pdf")
    later = replace(WINTER, documents=(*WINTER.documents, late))
    report = await _apply(database, setup, snapshot(PAST, later, SUMMER, UNTIMED))
    assert report.documents_added == 1 and report.supplements == 0
    assert await _rows(database, NotificationKind.SUPPLEMENT) == []


# -- failures ---------------------------------------------------------------------------------


FORBIDDEN = SourceFailure(
    FailureKind.FORBIDDEN,
    "The council's site refused Quorum's requests (403 Forbidden).",
    "Ask the council's web team to allow Quorum's User-Agent.",
)


async def test_a_failure_keeps_the_data_and_tells_each_clerk_once_per_spell(
    database: Database,
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    before = await _counts(database)

    first = await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=NOW + timedelta(hours=1)
    )
    assert not first.ok and first.clerks_told and first.failure == FORBIDDEN.reason
    told = await _rows(database, NotificationKind.SOURCE_FAILED)
    assert sorted(n.person_id for n in told if n.person_id) == sorted(setup.clerks)
    assert {(n.lead, n.board_id) for n in told} == {(str(setup.source_id), setup.board_id)}
    async with database.read() as session:
        source = await session.get(SyncSource, setup.source_id)
    assert source is not None
    assert source.failure == f"{FORBIDDEN.reason}\n{FORBIDDEN.advice}"
    assert source.failing_since_utc == NOW + timedelta(hours=1) and source.failures == 1
    assert source.next_sync_at_utc == NOW + timedelta(hours=1, minutes=30)
    assert source.last_success_at_utc == NOW

    second = await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=NOW + timedelta(hours=2)
    )
    assert not second.clerks_told
    assert len(await _rows(database, NotificationKind.SOURCE_FAILED)) == 2
    async with database.read() as session:
        source = await session.get(SyncSource, setup.source_id)
    assert source is not None
    assert source.failing_since_utc == NOW + timedelta(hours=1) and source.failures == 2
    assert source.next_sync_at_utc == NOW + timedelta(hours=3)  # backing off
    # The data is as it was (two outbox rows aside).
    assert await _counts(database) == {**before, "notifications": before["notifications"] + 2}

    # Back to good, then failing again: a new spell, told again.
    await _apply(database, setup, FIRST, at=NOW + timedelta(hours=3))
    async with database.read() as session:
        source = await session.get(SyncSource, setup.source_id)
    assert source is not None and source.failure is None and source.failing_since_utc is None
    third = await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=NOW + timedelta(hours=4)
    )
    assert third.clerks_told
    assert len(await _rows(database, NotificationKind.SOURCE_FAILED)) == 4


def test_the_retry_delay_grows_and_is_capped() -> None:
    assert sync.retry_delay(30, 1) == timedelta(minutes=30)
    assert sync.retry_delay(30, 2) == timedelta(hours=1)
    assert sync.retry_delay(30, 4) == timedelta(hours=4)
    assert sync.retry_delay(30, 40) == timedelta(hours=6)
    assert sync.retry_delay(24 * 60, 5) == timedelta(days=1)


# -- through the Modern.Gov fake -------------------------------------------------------------------


@pytest.mark.parametrize("when", [NOW, datetime(2024, 7, 15, 9, 0, tzinfo=UTC)])
async def test_a_sync_through_the_moderngov_fake_then_a_403(
    database: Database, when: datetime
) -> None:
    today = when.astimezone(LONDON).date()
    site = sample_site(today)
    quick = opener(SourceOptions(timeout=2, attempts=1, backoff=0.01, allow_private=True))
    async with FakeModernGov(site) as server:
        setup = await _setup(database)
        async with database.write() as session:
            source = await session.get(SyncSource, setup.source_id)
            assert source is not None
            source.base_url, source.committee_id = server.base_url, SAMPLE.committee
            session.add(source)
        report = await sync.sync_source(database, source_id=setup.source_id, now=when, opener=quick)
        assert report.ok, report.failure
        assert report.meetings_added == 6
        agenda = await _meeting(database, SAMPLE.agenda)
        local = agenda.starts_at_utc.astimezone(LONDON)
        assert (local.date(), local.time()) == (today + timedelta(days=12), time(10, 0))
        assert (await _meeting(database, SAMPLE.cancelled)).status == "cancelled"
        assert not (await _meeting(database, SAMPLE.last)).time_stated
        # The published agenda ahead: each clerk asked once.
        assert len(await _rows(database, NotificationKind.SITE_PUBLISHED)) == 2
        before = await _counts(database)

        again = await sync.sync_source(
            database, source_id=setup.source_id, now=when + timedelta(hours=1), opener=quick
        )
        assert again.ok and (again.meetings_added, again.meetings_changed) == (0, 0)
        assert await _counts(database) == before

        server.fail(Failure.FORBIDDEN)
        failed = await sync.sync_source(
            database, source_id=setup.source_id, now=when + timedelta(hours=2), opener=quick
        )
        assert not failed.ok and failed.clerks_told
        counts = await _counts(database)
        assert counts == {**before, "notifications": before["notifications"] + 2}


# -- the schedule ---------------------------------------------------------------------------------


async def test_due_sources_are_leased_and_synced_once(database: Database) -> None:
    setup = await _setup(database)
    site = sample_site(NOW.date())
    quick = opener(SourceOptions(timeout=2, attempts=1, backoff=0.01, allow_private=True))
    async with FakeModernGov(site) as server:
        async with database.write() as session:
            source = await session.get(SyncSource, setup.source_id)
            assert source is not None
            source.base_url, source.committee_id = server.base_url, SAMPLE.committee
            session.add(source)
        assert await sync.next_sync_at(database) == NOW - timedelta(days=1)
        reports = await sync.sync_due(database, now=NOW, owner="test", opener=quick)
        assert [r.source_id for r in reports] == [setup.source_id] and reports[0].ok
        assert await sync.sync_due(database, now=NOW, owner="test", opener=quick) == []
        assert await sync.next_sync_at(database) == NOW + timedelta(minutes=30)
        async with database.read() as session:
            source = await session.get(SyncSource, setup.source_id)
        assert source is not None and source.lease_owner is None


async def _point_at(database: Database, source_id: int, base_url: str) -> None:
    async with database.write() as session:
        source = await session.get(SyncSource, source_id)
        assert source is not None
        source.base_url, source.committee_id = base_url, SAMPLE.committee
        session.add(source)


async def _source(database: Database, source_id: int) -> SyncSource:
    async with database.read() as session:
        source = await session.get(SyncSource, source_id)
    assert source is not None
    return source


async def _second_source(database: Database, base_url: str) -> int:
    async with database.write() as session:
        session.add(Board(name="Northwold Licensing Committee", slug="licensing"))
    added = await source_service.add_source(
        database,
        board_name="Northwold Licensing Committee",
        kind="modgov",
        base_url=base_url,
        committee_id=SAMPLE.committee,
        viewer=None,
        now=NOW - timedelta(hours=2),
    )
    return added.id


QUICK = opener(SourceOptions(timeout=2, attempts=1, backoff=0.01, allow_private=True))


async def test_due_sources_are_claimed_one_at_a_time_each_with_its_own_now(
    database: Database,
) -> None:
    setup = await _setup(database)
    async with FakeModernGov(sample_site(NOW.date())) as server:
        await _point_at(database, setup.source_id, server.base_url)
        second = await _second_source(database, server.base_url)
        moments = iter([NOW, NOW + timedelta(hours=2), NOW + timedelta(hours=4)])
        reports = await sync.sync_due(
            database, now=NOW, owner="test", opener=QUICK, clock=lambda: next(moments)
        )
        # The second was claimed (and synced) only after the first: its lease never waited.
        assert sorted(r.source_id for r in reports) == sorted([setup.source_id, second])
        assert all(r.ok for r in reports)
        first_row = await _source(database, reports[0].source_id)
        second_row = await _source(database, reports[1].source_id)
        assert first_row.last_success_at_utc == NOW
        assert second_row.last_success_at_utc == NOW + timedelta(hours=2)
        assert second_row.next_sync_at_utc == NOW + timedelta(hours=2, minutes=30)
        assert first_row.lease_owner is None and second_row.lease_owner is None


async def test_a_lost_lease_stores_nothing_and_records_no_failure(database: Database) -> None:
    setup = await _setup(database)
    assert await sync.claim_next(database, now=NOW, owner="slow") == setup.source_id
    assert await sync.claim_next(database, now=NOW, owner="other") is None  # held
    # The slow one outlived its lease: another instance took the source over.
    later = NOW + sync.LEASE + timedelta(minutes=1)
    assert await sync.claim_next(database, now=later, owner="other") == setup.source_id
    before = await _counts(database)
    late = await sync.apply_snapshot(
        database, source_id=setup.source_id, snapshot=FIRST, now=later, owner="slow"
    )
    assert late.superseded and not late.ok
    failed = await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=later, owner="slow"
    )
    assert failed.superseded and not failed.clerks_told
    assert await _counts(database) == before
    source = await _source(database, setup.source_id)
    assert (source.lease_owner, source.failures, source.last_success_at_utc) == ("other", 0, None)
    # The holder stores, and lets go.
    held = await sync.apply_snapshot(
        database, source_id=setup.source_id, snapshot=FIRST, now=later, owner="other"
    )
    assert held.ok and held.meetings_added == 4
    assert (await _source(database, setup.source_id)).lease_owner is None


async def test_a_manual_sync_takes_the_lease_and_refuses_while_another_holds_it(
    database: Database,
) -> None:
    setup = await _setup(database)
    async with FakeModernGov(sample_site(NOW.date())) as server:
        await _point_at(database, setup.source_id, server.base_url)
        assert await sync.claim_next(database, now=NOW, owner="runner") == setup.source_id
        with pytest.raises(QuorumError) as refused:
            await sync.sync_source(
                database, source_id=setup.source_id, now=NOW + timedelta(minutes=5), opener=QUICK
            )
        assert str(refused.value) == messages.SOURCE_SYNC_UNDER_WAY
        assert server.requests == []
        source = await _source(database, setup.source_id)
        assert source.lease_owner == "runner"  # the holder keeps it
        assert source.lease_until_utc == NOW + sync.LEASE

        # Once that lease has run out (its holder died), a manual sync goes ahead...
        later = NOW + sync.LEASE + timedelta(minutes=1)
        report = await sync.sync_source(
            database, source_id=setup.source_id, now=later, opener=QUICK
        )
        assert report.ok and report.meetings_added == 6
        assert (await _source(database, setup.source_id)).lease_owner is None
        # ... and the dead holder, waking, stores nothing over it.
        stale = await sync.apply_snapshot(
            database, source_id=setup.source_id, snapshot=FIRST, now=later, owner="runner"
        )
        assert stale.superseded


async def test_two_instances_syncing_at_once_sync_a_source_once(database: Database) -> None:
    setup = await _setup(database)
    async with FakeModernGov(sample_site(NOW.date())) as server:
        await _point_at(database, setup.source_id, server.base_url)
        first, second = await asyncio.gather(
            sync.sync_due(database, now=NOW, owner="instance-a", opener=QUICK),
            sync.sync_due(database, now=NOW, owner="instance-b", opener=QUICK),
        )
        reports = [*first, *second]
        assert [(r.source_id, r.ok) for r in reports] == [(setup.source_id, True)]
        assert len([r for r in server.requests if r.operation == "GetMeetings"]) == 1
        source = await _source(database, setup.source_id)
        assert source.lease_owner is None and source.last_success_at_utc == NOW
        assert (await _counts(database))["meetings"] == 6


# -- minutes as decisions --------------------------------------------------------------------


async def _decisions(database: Database, meeting_id: int | None) -> list[tuple[str | None, str]]:
    async with database.read() as session:
        rows = await session.exec(
            select(Decision.item, Decision.text)
            .where(Decision.meeting_id == meeting_id)
            .order_by(col(Decision.item))
        )
        return list(rows.all())


async def test_an_item_becoming_restricted_loses_its_decision(database: Database) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    past = await _meeting(database, "900")
    assert ("5", "RESOLVED: that permission be granted.") in await _decisions(database, past.id)
    items = tuple(replace(i, restricted=True) if i.id == "p2" else i for i in PAST.items)
    await _apply(database, setup, snapshot(replace(PAST, items=items), WINTER, SUMMER, UNTIMED))
    assert await _decisions(database, past.id) == []


async def test_only_published_minutes_become_decisions(database: Database) -> None:
    setup = await _setup(database)
    draft = replace(PAST, minutes_published=False, decisions_published=False)
    await _apply(database, setup, snapshot(draft, WINTER))
    past = await _meeting(database, "900")
    assert await _decisions(database, past.id) == []
    decided = replace(draft, decisions_published=True)
    await _apply(database, setup, snapshot(decided, WINTER), at=NOW + timedelta(hours=1))
    assert [item for item, _ in await _decisions(database, past.id)] == ["5"]


# -- who the attendees are -----------------------------------------------------------------------


async def test_the_press_and_observers_are_not_members_and_officers_stay_officers(
    database: Database,
) -> None:
    setup = await _setup(database)
    attendees = (
        *WINTER.attendees,
        RemoteAttendee(id="v1", name="Pat Press", role="Press"),
        RemoteAttendee(id="v2", name="Olly Observer", role="Observer"),
        RemoteAttendee(id="v3", name="Gina Guest", role="Guest"),
        RemoteAttendee(id="v4", name="Paula Public", role="Member of the public"),
        RemoteAttendee(id="v5", name="Cllr Ada Also", role="Also present"),
        RemoteAttendee(id="v6", name="Ian Attend", role="In attendance"),
        RemoteAttendee(id="o1", name="Cath Clerk", role="Clerk to the Committee"),
        RemoteAttendee(id="o2", name="Dan Services", role="Democratic Services"),
        RemoteAttendee(id="o3", name="Dee Director", role="Director"),
    )
    await _apply(database, setup, snapshot(PAST, replace(WINTER, attendees=attendees)))
    roles = await _roles(database, setup.board_id)
    for visitor in ("Pat Press", "Olly Observer", "Gina Guest", "Paula Public", "Ada Also"):
        assert visitor not in roles
    assert "Ian Attend" not in roles
    assert roles["Cath Clerk"] == {("officer", "Clerk to the Committee")}
    assert roles["Dan Services"] == {("officer", "Democratic Services")}
    assert roles["Dee Director"] == {("officer", "Director")}
    async with database.read() as session:
        linked = (await session.exec(select(ExternalPerson.external_id))).all()
    assert not {"v1", "v2", "v3", "v4", "v5", "v6"} & set(linked)


async def test_an_attendee_never_becomes_a_namesake_from_another_board(
    database: Database,
) -> None:
    setup = await _setup(database)
    async with database.write() as session:
        other = Board(name="Southwold Parish Council", slug="southwold")
        namesake = Person(full_name="Jane Smith")
        session.add_all([other, namesake])
        await session.flush()
        assert other.id is not None and namesake.id is not None
        session.add(Membership(board_id=other.id, person_id=namesake.id, role="member"))
        await add_alias(session, person=namesake, alias="Jane Smith")
        namesake_id = namesake.id
    await _apply(database, setup, FIRST)
    async with database.read() as session:
        janes = (
            await session.exec(
                select(Person.id, Membership.board_id)
                .join(Membership, col(Membership.person_id) == col(Person.id))
                .where(Person.full_name == "Jane Smith")
            )
        ).all()
    ours = [person_id for person_id, board_id in janes if board_id == setup.board_id]
    assert len(ours) == 1 and ours[0] != namesake_id
    assert (namesake_id, other.id) in set(janes)

    # A former member of this board listed again (under a new id) is the same person.
    without = tuple(a for a in WINTER.attendees if a.id != "m1")
    await _apply(database, setup, snapshot(PAST, replace(WINTER, attendees=without)))
    back = (*without, RemoteAttendee(id="m1-new", name="Cllr Jane Smith", role="Chair"))
    await _apply(database, setup, snapshot(PAST, replace(WINTER, attendees=back)))
    async with database.read() as session:
        chair = (
            await session.exec(
                select(Membership.person_id).where(
                    Membership.board_id == setup.board_id, Membership.role == "chair"
                )
            )
        ).one()
    assert chair == ours[0]


# -- kept answers ----------------------------------------------------------------------------------


async def test_only_answers_with_a_validator_are_kept(database: Database) -> None:
    setup = await _setup(database)
    url = f"{SITE}/mgWebService.asmx/GetMeeting?lMeetingId="
    answers = (
        Cached(url=f"{url}1", etag='"v1"', last_modified=None, body=b"<a/>"),
        Cached(
            url=f"{url}2", etag=None, last_modified="Mon, 15 Jan 2024 09:00:00 GMT", body=b"<b/>"
        ),
        Cached(url=f"{url}3", etag=None, last_modified=None, body=b"<c/>"),
    )
    await _apply(database, setup, snapshot(PAST, responses=answers))
    async with database.read() as session:
        kept = sorted((await session.exec(select(SourceResponse.url))).all())
    assert kept == [f"{url}1", f"{url}2"]
    # An answer that no longer carries a validator is dropped.
    again = (replace(answers[0], etag=None), answers[1])
    await _apply(database, setup, snapshot(PAST, responses=again), at=NOW + timedelta(hours=1))
    async with database.read() as session:
        kept = sorted((await session.exec(select(SourceResponse.url))).all())
    assert kept == [f"{url}2"]


# -- meetings with no stated time ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "end_of_day"),
    [
        (date(2024, 3, 19), datetime(2024, 3, 20, 0, 0, tzinfo=UTC)),  # GMT
        (date(2024, 6, 18), datetime(2024, 6, 18, 23, 0, tzinfo=UTC)),  # BST
    ],
)
async def test_an_untimed_meeting_is_prompted_for_until_its_day_is_over(
    database: Database, day: date, end_of_day: datetime, settings: Settings
) -> None:
    setup = await _setup(database)
    untimed = RemoteMeeting(id="903", day=day, start=None, status="Confirmed", items=ITEMS)
    # Mid-morning on the day itself (10:00 local): stored at 00:00, yet not over.
    morning = local_to_utc(day, time(10, 0), LONDON)
    await _apply(database, setup, snapshot(untimed), at=morning - timedelta(days=1))
    report = await _apply(
        database, setup, snapshot(replace(untimed, agenda_published=True)), at=morning
    )
    assert report.publication_prompts == 2
    asked = await _rows(database, NotificationKind.SITE_PUBLISHED)
    assert {n.expires_at_utc for n in asked} == {end_of_day}
    claimed = Claimed.of(asked[0])
    assert not isinstance(
        await due_notice(database, claimed, now=morning, settings=settings), Skipped
    )
    gone = await due_notice(database, claimed, now=end_of_day, settings=settings)
    assert isinstance(gone, Skipped) and gone.reason == "meeting has started"


async def test_a_late_paper_on_an_untimed_meeting_on_its_day_sends_supplements(
    database: Database,
) -> None:
    setup = await _setup(database, autopublish=True)
    day = date(2024, 3, 19)
    untimed = RemoteMeeting(
        id="903", day=day, start=None, status="Confirmed", agenda_published=True, items=ITEMS
    )
    await _apply(database, setup, snapshot(PAST, WINTER, untimed), at=NOW)
    late = RemoteDocument(id="d9", title="Late paper", url=f"{SITE}/documents/d9.pdf")
    noon = local_to_utc(day, time(12, 0), LONDON)
    report = await _apply(
        database, setup, snapshot(PAST, WINTER, replace(untimed, documents=(late,))), at=noon
    )
    assert report.supplements > 0
    rows = await _rows(database, NotificationKind.SUPPLEMENT)
    assert {n.expires_at_utc for n in rows} == {datetime(2024, 3, 20, 0, 0, tzinfo=UTC)}


# -- a failure told in the reply ---------------------------------------------------------------


async def _live(database: Database, kind: NotificationKind) -> list[int]:
    """Who will be sent a notice of ``kind`` (rows not killed)."""
    return sorted(
        n.person_id
        for n in await _rows(database, kind)
        if n.person_id is not None and n.state != "dead"
    )


async def test_a_failed_manual_sync_is_told_to_the_clerk_who_asked_only_in_the_reply(
    database: Database,
) -> None:
    setup = await _setup(database)
    asker, other = setup.clerks
    async with FakeModernGov(sample_site(NOW.date())) as server:
        await _point_at(database, setup.source_id, server.base_url)
        server.fail(Failure.FORBIDDEN)
        failed = await sync.sync_source(
            database, source_id=setup.source_id, now=NOW, opener=QUICK, told_person_id=asker
        )
    assert not failed.ok and failed.clerks_told
    # The other clerk is told once; the one who asked saw the reason in the reply.
    assert await _live(database, NotificationKind.SOURCE_FAILED) == [other]
    # Failing again in the same spell (the runner's sync): nobody is told again.
    again = await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=NOW + timedelta(hours=1)
    )
    assert not again.clerks_told
    assert await _live(database, NotificationKind.SOURCE_FAILED) == [other]
    # A new spell: both are told (the asker too, when they did not ask this time).
    await _apply(database, setup, FIRST, at=NOW + timedelta(hours=2))
    await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=NOW + timedelta(hours=3)
    )
    assert await _live(database, NotificationKind.SOURCE_FAILED) == sorted([asker, other, other])


# -- a finish not after the start --------------------------------------------------------------


@pytest.mark.parametrize("meeting", [WINTER, replace(WINTER, day=date(2024, 6, 18))])  # GMT, BST
async def test_a_finish_not_after_the_start_is_no_end(
    database: Database, meeting: RemoteMeeting
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, snapshot(meeting))
    first = await _meeting(database, "901")
    assert first.ends_at_utc == local_to_utc(meeting.day, time(12, 30), LONDON)
    # The site moved the start to 2 pm and kept its 12.30 finish: no 22.5-hour meeting, and
    # no stale end either.
    moved = replace(meeting, start=time(14, 0))
    await _apply(database, setup, snapshot(moved), at=NOW + timedelta(hours=1))
    after = await _meeting(database, "901")
    assert after.starts_at_utc == local_to_utc(meeting.day, time(14, 0), LONDON)
    assert after.ends_at_utc is None
    # A meeting first seen with such a finish has no end; one equal to its start neither.
    await _apply(
        database,
        setup,
        snapshot(moved, replace(SUMMER, finish=time(14, 0))),
        at=NOW + timedelta(hours=2),
    )
    assert (await _meeting(database, "902")).ends_at_utc is None


# -- a committee not on the site ---------------------------------------------------------------


async def test_a_committee_not_on_the_site_is_a_failure_not_zero_meetings(
    database: Database,
) -> None:
    setup = await _setup(database)
    site = sample_site(NOW.date())
    async with FakeModernGov(site) as server:
        await _point_at(database, setup.source_id, server.base_url)
        async with database.write() as session:
            source = await session.get(SyncSource, setup.source_id)
            assert source is not None
            source.committee_id = "999"
            session.add(source)
        report = await sync.sync_source(database, source_id=setup.source_id, now=NOW, opener=QUICK)
        host = server.base_url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
        assert not report.ok and report.clerks_told
        assert report.failure == f"Committee 999 is not on {host}."
        assert report.advice is not None and "/source committees" in report.advice
        assert report.committee == "committee 999"
        assert report.summary == f"Failed: Committee 999 is not on {host}."
        source = await _source(database, setup.source_id)
        assert source.failures == 1 and source.last_success_at_utc is None

        # A committee on the site with no title and no meetings in the window is not that.
        site.committees.append(replace(site.committees[0], id="777", title="", meetings=[]))
        async with database.write() as session:
            row = await session.get(SyncSource, setup.source_id)
            assert row is not None
            row.committee_id = "777"
            session.add(row)
        empty = await sync.sync_source(
            database, source_id=setup.source_id, now=NOW + timedelta(hours=1), opener=QUICK
        )
        assert empty.ok and empty.meetings_added == 0


# -- the committee in the report ------------------------------------------------------------------


async def test_the_report_names_the_committee(database: Database) -> None:
    setup = await _setup(database)
    failed = await sync.record_failure(
        database, source_id=setup.source_id, failure=FORBIDDEN, now=NOW
    )
    assert failed.committee == "committee 140"  # no title known yet
    report = await _apply(database, setup, FIRST, at=NOW + timedelta(hours=1))
    assert report.committee == "Planning Committee"
    untitled = replace(FIRST, committee_title=None)
    assert (await _apply(database, setup, untitled, at=NOW + timedelta(hours=2))).committee == (
        "Planning Committee"  # the title known from before
    )


# -- nothing to announce yet --------------------------------------------------------------------


@pytest.mark.parametrize("autopublish", [False, True])
async def test_a_published_agenda_without_public_items_is_not_offered_yet(
    database: Database, autopublish: bool
) -> None:
    setup = await _setup(database, autopublish=autopublish)
    secret = (RemoteItem(id="x1", number="1", title="Exempt business", restricted=True),)
    for hours, items in enumerate([(), secret]):
        bare = replace(SUMMER, agenda_published=True, items=items)
        report = await _apply(database, setup, snapshot(bare), at=NOW + timedelta(hours=hours))
        assert (report.publication_prompts, report.autopublished) == (0, 0)
    assert await _rows(database, NotificationKind.SITE_PUBLISHED) == []
    # Its first public item: now it is offered (or announced), once.
    ready = replace(SUMMER, agenda_published=True, items=(*secret, *ITEMS))
    for hours in (3, 4):
        report = await _apply(database, setup, snapshot(ready), at=NOW + timedelta(hours=hours))
        expected = (0, 1) if autopublish else (2, 0)
        assert (report.publication_prompts, report.autopublished) == (
            expected if hours == 3 else (0, 0)
        )
    summer = await _meeting(database, "902")
    async with database.read() as session:
        broadcasts = (await session.exec(select(Broadcast))).all()
    if autopublish:
        assert [b.meeting_id for b in broadcasts] == [summer.id]
    else:
        assert broadcasts == []
        asked = await _rows(database, NotificationKind.SITE_PUBLISHED)
        assert sorted(n.person_id for n in asked if n.person_id) == sorted(setup.clerks)


# -- which minutes are decisions ----------------------------------------------------------------


def test_a_minute_is_a_decision_only_when_it_records_one() -> None:
    assert sync.decision_of("Apologies were received from Sarah Green.") is None
    assert sync.decision_of("Councillor Smith declared an interest in item 5.") is None
    assert sync.decision_of("Members discussed the report at length.") is None
    minute = (
        "The Head of Planning presented the report.\n"
        "Members asked about parking.\n"
        "It was RESOLVED that permission be GRANTED\n"
        "subject to the conditions in the report."
    )
    decided = sync.decision_of(minute)
    assert decided is not None
    assert decided.text == (
        "It was RESOLVED that permission be GRANTED\nsubject to the conditions in the report."
    )
    assert decided.outcomes == ["GRANTED"]
    for marked in ("RESOLVED: that the plan be adopted.", "Resolved that the plan be adopted.",
                   "AGREED - to defer the item.", "decided to defer the item."):  # fmt: skip
        found = sync.decision_of(f"Members debated it.\n{marked}")
        assert found is not None and found.text == marked
    # No marker, but outcome words printed: the whole minute.
    whole = "The report was considered.\nThe application was REFUSED."
    found = sync.decision_of(whole)
    assert found is not None and (found.text, found.outcomes) == (whole, ["REFUSED"])


async def test_procedural_minutes_are_not_decisions_and_outcomes_are_kept(
    database: Database,
) -> None:
    setup = await _setup(database)
    items = (
        RemoteItem(id="p1", number="1", title="Apologies", minute="RESOLVED: to note."),
        RemoteItem(
            id="p2",
            number="5",
            title="Land at Mill Lane",
            minute="The officer presented the report.\nRESOLVED: that permission be GRANTED.",
        ),
    )
    await _apply(database, setup, snapshot(replace(PAST, items=items)))
    past = await _meeting(database, "900")
    async with database.read() as session:
        rows = (
            await session.exec(
                select(Decision.item, Decision.outcomes, Decision.text)
                .where(Decision.meeting_id == past.id)
                .order_by(col(Decision.item))
            )
        ).all()
    assert list(rows) == [
        ("1", "", "RESOLVED: to note."),
        ("5", "GRANTED", "RESOLVED: that permission be GRANTED."),
    ]
    # The first minute corrected to a procedural one: its decision goes.
    procedural = replace(items[0], minute="Apologies were received from Sarah Green.")
    report = await _apply(
        database,
        setup,
        snapshot(replace(PAST, items=(procedural, items[1]))),
        at=NOW + timedelta(hours=1),
    )
    assert report.meetings_changed == 1
    assert [item for item, _ in await _decisions(database, past.id)] == ["5"]


# -- apologies the site lists ---------------------------------------------------------------------


def test_attendance_words_that_mean_apologies() -> None:
    for said in ("Apologies", "APOLOGIES", "Sent apologies", "Apologies received", "apologised"):
        assert sync.sent_apologies(said), said
    for other in ("Expected", "Present", "Attended", "Absent", "No apologies", "", None):
        assert not sync.sent_apologies(other), other


async def test_apologies_on_the_site_are_recorded_for_members_who_have_not_answered(
    database: Database,
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    winter = await _meeting(database, "901")
    people = {
        name: person_id
        for name, person_id in (
            await _people(database, "Jane Smith", "Bob Jones", "Mary Brown", "Sam Swap")
        ).items()
    }
    # Bob answered for himself in Quorum: his own answer stands. Jane and Mary use Telegram.
    async with database.write() as session:
        session.add(
            Attendance(meeting_id=_id(winter), person_id=people["Bob Jones"], status="attending")
        )
        for telegram, name in enumerate(("Jane Smith", "Mary Brown"), start=5001):
            person = await session.get(Person, people[name])
            assert person is not None
            person.telegram_user_id = telegram
            session.add(person)
    said = {"m1": "Expected", "m2": "Sent apologies", "m3": "Apologies", "m4": "Present"}
    attendees = tuple(replace(a, attendance=said.get(a.id)) for a in WINTER.attendees)
    # The past meeting's apologies are history, not an answer.
    past = replace(PAST, attendees=(replace(PAST.attendees[0], attendance="Apologies"),))
    listed = snapshot(past, replace(WINTER, attendees=attendees), SUMMER, UNTIMED)
    report = await _apply(database, setup, listed, at=NOW + timedelta(hours=1))
    assert report.apologies == 1
    assert report.summary.endswith("apologies recorded for 1 member")
    assert await _answers(database) == {
        (_id(winter), people["Bob Jones"], "attending"),
        (_id(winter), people["Mary Brown"], "apologies"),
    }
    # Her reminders for that meeting stop, as when she sends apologies herself.
    async with database.read() as session:
        reminders = (
            await session.exec(
                select(Notification).where(
                    Notification.kind == NotificationKind.MEETING_REMINDER.value,
                    Notification.meeting_id == winter.id,
                    Notification.state == "pending",
                )
            )
        ).all()
    waiting = {n.person_id for n in reminders}
    assert people["Mary Brown"] not in waiting and people["Jane Smith"] in waiting
    # Again: nothing more.
    again = await _apply(database, setup, listed, at=NOW + timedelta(hours=2))
    assert again.apologies == 0 and len(await _answers(database)) == 2


async def _people(database: Database, *names: str) -> dict[str, int]:
    async with database.read() as session:
        rows = (
            await session.exec(
                select(Person.full_name, Person.id).where(col(Person.full_name).in_(names))
            )
        ).all()
    return {name: person_id for name, person_id in rows if person_id is not None}


async def _answers(database: Database) -> set[tuple[int, int, str]]:
    async with database.read() as session:
        rows = (await session.exec(select(Attendance))).all()
    return {(a.meeting_id, a.person_id, a.status) for a in rows}


def _id(row: Meeting) -> int:
    assert row.id is not None
    return row.id


# -- review fixes ---------------------------------------------------------------------------------


async def _document(database: Database, external_id: str) -> Document:
    async with database.read() as session:
        return (
            await session.exec(select(Document).where(Document.external_id == external_id))
        ).one()


async def test_a_paper_that_drops_out_and_comes_back_is_no_supplement(
    database: Database,
) -> None:
    setup = await _setup(database, autopublish=True)
    published = replace(WINTER, agenda_published=True)
    await _apply(database, setup, snapshot(PAST, published, SUMMER, UNTIMED))
    first = await _document(database, "d1")
    assert first.withdrawn_at_utc is None

    # One answer leaves it out: kept, marked withdrawn.
    without = replace(published, documents=published.documents[1:])
    later = NOW + timedelta(hours=1)
    await _apply(database, setup, snapshot(PAST, without, SUMMER, UNTIMED), at=later)
    gone = await _document(database, "d1")
    assert gone.id == first.id and gone.withdrawn_at_utc == later

    # Back again: the same paper, not a new one; nobody is sent a supplement.
    report = await _apply(
        database, setup, snapshot(PAST, published, SUMMER, UNTIMED), at=NOW + timedelta(hours=2)
    )
    back = await _document(database, "d1")
    assert back.id == first.id and back.withdrawn_at_utc is None
    assert report.documents_added == 0 and report.supplements == 0
    assert await _rows(database, NotificationKind.SUPPLEMENT) == []

    # A really new paper is keyed by meeting and the paper's external id.
    late = RemoteDocument(id="d7", title="Late paper", url=f"{SITE}/documents/d7.pdf")
    with_late = replace(published, documents=(*published.documents, late))
    await _apply(
        database, setup, snapshot(PAST, with_late, SUMMER, UNTIMED), at=NOW + timedelta(hours=3)
    )
    winter = await _meeting(database, "901")
    rows = await _rows(database, NotificationKind.SUPPLEMENT)
    assert rows and {n.dedupe_key for n in rows} == {
        f"supplement:{winter.id}:d7:{n.person_id}" for n in rows
    }


async def test_a_paper_of_a_restricted_item_is_restricted(database: Database) -> None:
    setup = await _setup(database)
    loose = RemoteDocument(
        id="d4", title="Enforcement photos", url=f"{SITE}/documents/d4.pdf", item_id="a4"
    )
    winter = replace(WINTER, documents=(*WINTER.documents, loose))
    await _apply(database, setup, snapshot(PAST, winter, SUMMER, UNTIMED))
    assert (await _document(database, "d4")).restricted
    assert not (await _document(database, "d1")).restricted


async def test_the_sync_keeps_to_its_own_decisions(database: Database) -> None:
    setup = await _setup(database)
    draft = replace(PAST, minutes_published=False, decisions_published=False)
    await _apply(database, setup, snapshot(draft, WINTER))
    past = await _meeting(database, "900")
    async with database.write() as session:
        session.add(
            Decision(board_id=setup.board_id, meeting_id=past.id, item="5", text="From the pack.")
        )
    published = replace(draft, minutes_published=True)
    await _apply(database, setup, snapshot(published, WINTER), at=NOW + timedelta(hours=1))
    assert await _decisions(database, past.id) == [
        ("5", "From the pack."),
        ("5", "RESOLVED: that permission be granted."),
    ] or await _decisions(database, past.id) == [
        ("5", "RESOLVED: that permission be granted."),
        ("5", "From the pack."),
    ]
    async with database.read() as session:
        made = (
            await session.exec(select(Decision.external_id).where(Decision.meeting_id == past.id))
        ).all()
    assert sorted(made, key=str) == sorted([None, "p2"], key=str)

    # The minute changes: only the sync's own decision follows it.
    items = tuple(
        replace(i, minute="RESOLVED: that permission be refused.") if i.id == "p2" else i
        for i in published.items
    )
    await _apply(
        database,
        setup,
        snapshot(replace(published, items=items), WINTER),
        at=NOW + timedelta(hours=2),
    )
    assert sorted(await _decisions(database, past.id), key=lambda d: d[1]) == [
        ("5", "From the pack."),
        ("5", "RESOLVED: that permission be refused."),
    ]

    # The item becomes restricted: the sync's decision goes, the pack's stays.
    secret = tuple(replace(i, restricted=True) if i.id == "p2" else i for i in published.items)
    await _apply(
        database,
        setup,
        snapshot(replace(published, items=secret), WINTER),
        at=NOW + timedelta(hours=3),
    )
    assert await _decisions(database, past.id) == [("5", "From the pack.")]


async def test_a_meeting_deleted_on_the_site_is_cancelled_after_two_syncs(
    database: Database,
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    members = await _member_ids(database, setup.board_id)
    # SUMMER (BST) ahead and PAST (held) both left out; a listing in between resets the count.
    without = snapshot(WINTER, UNTIMED)
    await _apply(database, setup, without, at=NOW + timedelta(hours=1))
    await _apply(database, setup, FIRST, at=NOW + timedelta(hours=2))
    assert (await _meeting(database, "902")).site_missing == 0
    await _apply(database, setup, without, at=NOW + timedelta(hours=3))
    summer = await _meeting(database, "902")
    assert (summer.status, summer.site_missing) == (MeetingStatus.SCHEDULED.value, 1)

    report = await _apply(database, setup, without, at=NOW + timedelta(hours=4))
    summer = await _meeting(database, "902")
    assert (summer.status, summer.site_missing) == (MeetingStatus.CANCELLED.value, 2)
    assert report.change_notices == len(members)
    # A held meeting missing from the answer is left as it was.
    past = await _meeting(database, "900")
    assert (past.status, past.site_missing) == (MeetingStatus.SCHEDULED.value, 0)
    changes = await _rows(database, NotificationKind.MEETING_CHANGE)
    assert len(changes) == len(members)

    # Listed again: reinstated, the count reset (the cancellation, not sent yet, is folded
    # away by record_change: nothing is left to tell).
    report = await _apply(database, setup, FIRST, at=NOW + timedelta(hours=5))
    summer = await _meeting(database, "902")
    assert (summer.status, summer.site_missing) == (MeetingStatus.SCHEDULED.value, 0)
    assert report.meetings_changed >= 1


async def test_a_meeting_outside_the_snapshot_window_is_not_counted_missing(
    database: Database,
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    narrow = replace(snapshot(WINTER, UNTIMED), last_day=date(2024, 4, 1))
    for hours in (1, 2, 3):
        await _apply(database, setup, narrow, at=NOW + timedelta(hours=hours))
    summer = await _meeting(database, "902")
    assert (summer.status, summer.site_missing) == (MeetingStatus.SCHEDULED.value, 0)


async def test_a_member_listed_again_before_a_second_short_list_stays(
    database: Database,
) -> None:
    setup = await _setup(database)
    await _apply(database, setup, FIRST)
    short = replace(WINTER, attendees=WINTER.attendees[:3])
    for hours, winter in ((1, short), (2, WINTER), (3, short)):
        await _apply(
            database,
            setup,
            snapshot(PAST, winter, SUMMER, UNTIMED),
            at=NOW + timedelta(hours=hours),
        )
    roles = await _roles(database, setup.board_id)
    assert roles["Sam Swap"] == {("member", "Substitute")}
    assert roles["Tom Wright"] == {("officer", "Planning Officer")}
    async with database.read() as session:
        counts = dict(
            (
                await session.exec(select(ExternalPerson.external_id, ExternalPerson.missing_lists))
            ).all()
        )
    assert counts["m4"] == counts["m5"] == 1 and counts["m1"] == 0
    await _apply(
        database, setup, snapshot(PAST, short, SUMMER, UNTIMED), at=NOW + timedelta(hours=4)
    )
    roles = await _roles(database, setup.board_id)
    assert "Sam Swap" not in roles and "Tom Wright" not in roles


async def test_one_broken_source_does_not_stall_the_others(database: Database) -> None:
    setup = await _setup(database)
    async with FakeModernGov(sample_site(NOW.date())) as server:
        await _point_at(database, setup.source_id, server.base_url)
        second = await _second_source(database, server.base_url)
        # A board whose zone cannot be read breaks its source's sync before any request.
        async with database.write() as session:
            board = await session.get(Board, setup.board_id)
            assert board is not None
            board.timezone = "Nowhere/Atlantis"
            session.add(board)
        reports = await sync.sync_due(database, now=NOW, owner="test", opener=QUICK)
        assert [(r.source_id, r.ok) for r in reports] == [(second, True)]
        broken = await _source(database, setup.source_id)
        assert broken.lease_owner is None and broken.lease_until_utc is None
        assert broken.next_sync_at_utc == NOW + sync.retry_delay(broken.interval_minutes, 1)
        # Not tried again before its time.
        assert await sync.sync_due(database, now=NOW + timedelta(minutes=1), owner="test",
                                   opener=QUICK) == []  # fmt: skip
