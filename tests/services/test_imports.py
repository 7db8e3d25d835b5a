from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from core.errors import ImportFailed
from core.roles import Role
from packs import read_file
from packs.model import ActionRecord, AgendaItem, MeetingInfo, Member, Pack, PreviousMeeting
from services.access import AccessDenied
from services.imports import import_pack
from services.meetings import agenda, next_meeting
from services.members import add_member
from services.people import link_telegram, viewer_for
from services.views import ItemChange
from storage.engine import Database
from storage.models import Action, Board, Meeting, Membership, Person, PersonAlias
from storage.models import AgendaItem as AgendaRow
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 1, 9, tzinfo=UTC)


async def test_import_stores_meeting_items_and_members(database: Database) -> None:
    summary = await import_pack(
        database,
        pack=make_pack(next_start=datetime(2024, 1, 16, 14, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    assert summary.board_name == "Testshire Health and Wellbeing Board"
    assert summary.meeting_created and summary.board_created
    assert summary.starts_at_utc == datetime(2023, 10, 10, 13, tzinfo=UTC)
    assert (summary.items, summary.members) == (3, 2)
    async with database.read() as session:
        meetings = (await session.exec(select(Meeting).order_by(col(Meeting.starts_at_utc)))).all()
        items = (await session.exec(select(AgendaRow).order_by(col(AgendaRow.position)))).all()
        roles = (await session.exec(select(Membership.role))).all()
    assert [m.starts_at_utc for m in meetings] == [
        datetime(2023, 10, 10, 13, tzinfo=UTC),
        datetime(2024, 1, 16, 14, tzinfo=UTC),  # the next meeting, in GMT
    ]
    assert [i.number for i in items] == ["1", "2", "3"]
    assert (items[1].pages_first, items[1].pages_last) == (137, 170)
    assert sorted(roles) == ["chair", "vice-chair"]


async def test_importing_the_same_pack_twice_changes_nothing(database: Database) -> None:
    pack = make_pack()
    await import_pack(database, pack=pack, board_name=None, timezone="Europe/London", now=NOW)
    again = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert not again.meeting_created and not again.board_created
    async with database.read() as session:
        assert len((await session.exec(select(Board))).all()) == 1
        meetings = (await session.exec(select(Meeting))).all()
        assert len(meetings) == 1 and meetings[0].ics_sequence == 0
        assert len((await session.exec(select(AgendaRow))).all()) == 3
        assert len((await session.exec(select(Person))).all()) == 2
        assert len((await session.exec(select(Membership))).all()) == 2


async def test_revised_pack_updates_the_meeting_in_place(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    revised = make_pack(
        start=datetime(2023, 10, 10, 15, 30, tzinfo=LONDON),
        items=[AgendaItem(number="1", title="Welcome"), AgendaItem(number="2", title="New item")],
    )
    await import_pack(database, pack=revised, board_name=None, timezone="Europe/London", now=NOW)
    async with database.read() as session:
        meeting = (await session.exec(select(Meeting))).one()
        titles = (
            await session.exec(select(AgendaRow.title).order_by(col(AgendaRow.position)))
        ).all()
    assert meeting.starts_at_utc == datetime(2023, 10, 10, 14, 30, tzinfo=UTC)
    assert meeting.ics_sequence == 1
    assert titles == ["Welcome", "New item"]


async def test_failed_import_leaves_the_database_as_it_was(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    # Minutes of a meeting "held" next week: refused once the new board is already written.
    ahead = Pack(
        source="minutes.txt",
        body="Another Board",
        organisation=None,
        meeting=MeetingInfo(start=None),
        previous_meeting=PreviousMeeting(date=date(2023, 10, 10), present=["Ann Baird"]),
    )
    with pytest.raises(ImportFailed, match="2023-10-10"):
        await import_pack(
            database,
            pack=ahead,
            board_name=None,
            timezone="Europe/London",
            now=NOW,
            new_board=True,
        )
    async with database.read() as session:
        assert [b.name for b in (await session.exec(select(Board))).all()] == [
            "Testshire Health and Wellbeing Board"
        ]
        assert len((await session.exec(select(Meeting))).all()) == 1


async def test_a_number_printed_twice_is_kept_apart(database: Database) -> None:
    pack = make_pack(
        items=[
            AgendaItem(number="A", title="Closed session"),
            AgendaItem(number="1", title="Roll call"),
            AgendaItem(number="A", title="Consent calendar"),
            AgendaItem(number="A", title="Public hearing"),
        ]
    )
    await import_pack(database, pack=pack, board_name=None, timezone="Europe/London", now=NOW)
    async with database.read() as session:
        rows = (
            await session.exec(
                select(AgendaRow.number, AgendaRow.title).order_by(col(AgendaRow.position))
            )
        ).all()
    assert rows == [
        ("A", "Closed session"),
        ("1", "Roll call"),
        ("A (2)", "Consent calendar"),
        ("A (3)", "Public hearing"),
    ]


async def test_text_too_long_for_its_column_is_cut_alike_on_every_database(
    database: Database,
) -> None:
    """PostgreSQL refuses text wider than its column, where SQLite would keep it whole: a
    pack's over-long text is cut to fit (and said so), so both store the same."""
    title = "Joint strategic needs assessment " * 40  # 1,320 characters
    presenter = "Director of Public Health and " * 10
    member = "Councillor " + "Ellison-" * 30
    link = "https://example.zoom.us/j/" + "1" * 1000
    pack = replace(
        make_pack(
            items=[AgendaItem(number="1", title=title, presenter=presenter)],
            members=[Member(name=member, role=Role.CHAIR)],
            remote_link=link,
        ),
        actions=[ActionRecord(ref="A1", description="Report back. " * 400, owner=member)],
    )
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.warnings == [
        "The meeting's link was longer than 1000 characters and was left out",
        "Item 1's title was longer than 1000 characters and was cut short",
        "Item 1's presenter was longer than 200 characters and was cut short",
        "A member's name was longer than 200 characters and was cut short",
        "An action's description was longer than 4000 characters and was cut short",
        "An action owner's name was longer than 200 characters and was cut short",
    ]
    async with database.read() as session:
        [item] = (await session.exec(select(AgendaRow))).all()
        [person] = (await session.exec(select(Person))).all()
        meeting = (await session.exec(select(Meeting))).one()
    assert item.title == title[:999].rstrip() + "…" and len(item.title) <= 1000
    assert item.presenter is not None and len(item.presenter) <= 200
    assert person.full_name == member[:199] + "…"
    assert meeting.remote_link is None
    # Read again, the same pack changes nothing and adds nobody.
    again = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert again.changes.is_empty
    async with database.read() as session:
        assert len((await session.exec(select(Person))).all()) == 1
        assert len((await session.exec(select(Action))).all()) == 1


async def test_pack_without_a_meeting_date_is_refused(database: Database) -> None:
    pack = replace(make_pack(), meeting=MeetingInfo(start=None))
    with pytest.raises(ImportFailed, match="no meeting date"):
        await import_pack(database, pack=pack, board_name=None, timezone="Europe/London", now=NOW)


async def test_members_see_only_their_boards(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    other = make_pack(body="Other Board", start=datetime(2023, 10, 5, 10, tzinfo=LONDON))
    await import_pack(
        database, pack=other, board_name=None, timezone="Europe/London", now=NOW, new_board=True
    )
    # Someone not in the pack is added by a clerk first: linking never creates a person.
    await add_member(
        database, name="Newcomer", board_name="Testshire Health and Wellbeing Board", now=NOW
    )
    viewer = await link_telegram(
        database,
        board_name="Testshire Health and Wellbeing Board",
        person_name="Newcomer",
        telegram_user_id=99,
        role=None,
    )
    assert [b.board_name for b in viewer.boards] == ["Testshire Health and Wellbeing Board"]
    upcoming = await next_meeting(database, viewer=viewer, now=NOW)
    assert upcoming is not None
    # The other board meets earlier, but this member is not on it.
    assert upcoming.starts_at_utc == datetime(2023, 10, 10, 13, tzinfo=UTC)
    async with database.read() as session:
        other_meeting = (
            await session.exec(
                select(Meeting).where(Meeting.starts_at_utc < upcoming.starts_at_utc)
            )
        ).one()
    assert other_meeting.id is not None
    with pytest.raises(AccessDenied):
        await agenda(database, viewer=viewer, meeting_id=other_meeting.id, include_exempt=True)


async def test_exempt_items_are_withheld_unless_allowed(database: Database) -> None:
    summary = await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    viewer = await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=7,
        role=None,
    )
    public = await agenda(
        database, viewer=viewer, meeting_id=summary.meeting_id, include_exempt=False
    )
    private = await agenda(
        database, viewer=viewer, meeting_id=summary.meeting_id, include_exempt=True
    )
    assert public is not None and private is not None
    assert [i.number for i in public.items] == ["1", "2"] and public.withheld_exempt == 1
    assert [i.number for i in private.items] == ["1", "2", "3"]


async def test_linking_matches_the_existing_member_by_name(database: Database) -> None:
    summary = await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    viewer = await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="diane  ELLISON",
        telegram_user_id=7,
        role="clerk",
    )
    assert viewer.full_name == "Diane Ellison"
    assert sorted(b.role for b in viewer.boards) == ["chair", "clerk"]
    assert await viewer_for(database, telegram_user_id=8) is None


async def test_next_meeting_skips_past_and_cancelled_meetings(database: Database) -> None:
    summary = await import_pack(
        database,
        pack=make_pack(next_start=datetime(2024, 1, 16, 14, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    viewer = await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=7,
        role=None,
    )
    after = datetime(2023, 10, 11, tzinfo=UTC)
    upcoming = await next_meeting(database, viewer=viewer, now=after)
    assert upcoming is not None and upcoming.starts_at_utc == datetime(2024, 1, 16, 14, tzinfo=UTC)
    async with database.write() as session:
        meeting = await session.get(Meeting, upcoming.id)
        assert meeting is not None
        meeting.status = "cancelled"
        session.add(meeting)
    assert await next_meeting(database, viewer=viewer, now=after) is None


SAMPLE = Path(__file__).parents[1] / "fixtures" / "seeds" / "rutland-hwb-2023-10-10.txt"


def _edited_sample(tmp_path: Path) -> Path:
    """The real pack, re-issued: the meeting an hour later and item 9 retitled."""
    text = SAMPLE.read_text()
    moved = text.replace("commencing at **2.00 pm**", "commencing at **3.00 pm**", 1)
    retitled = moved.replace(
        "9) JOINT STRATEGIC NEEDS ASSESSMENT: UPDATES & TIMELINE",
        "9) JOINT STRATEGIC NEEDS ASSESSMENT: REFRESH",
        1,
    )
    assert retitled.count("3.00 pm") > text.count("3.00 pm") and retitled != moved
    edited = tmp_path / "rutland-hwb-2023-10-10-revised.txt"
    edited.write_text(retitled)
    return edited


async def test_reimport_of_an_edited_pack_reports_exactly_what_changed(
    database: Database, tmp_path: Path
) -> None:
    original = read_file(SAMPLE)
    first = await import_pack(
        database, pack=original, board_name=None, timezone="Europe/London", now=NOW
    )
    assert first.meeting_created and first.changes.is_empty
    async with database.read() as session:
        item_ids = (await session.exec(select(AgendaRow.id).order_by(col(AgendaRow.id)))).all()

    revised = read_file(_edited_sample(tmp_path))
    second = await import_pack(
        database, pack=revised, board_name=None, timezone="Europe/London", now=NOW
    )
    changes = second.changes
    assert not second.meeting_created and second.meeting_id == first.meeting_id
    assert changes.moved_from_utc == datetime(2023, 10, 10, 13, tzinfo=UTC)
    assert changes.moved_to_utc == datetime(2023, 10, 10, 14, tzinfo=UTC)
    assert changes.items_retitled == [
        ItemChange(
            number="9",
            title="JOINT STRATEGIC NEEDS ASSESSMENT: REFRESH",
            previous_title="JOINT STRATEGIC NEEDS ASSESSMENT: UPDATES & TIMELINE",
        )
    ]
    assert changes.items_added == changes.items_removed == changes.items_updated == []
    assert not changes.re_placed and not changes.remote_link_changed
    async with database.read() as session:
        meetings = (await session.exec(select(Meeting))).all()
        this_one = [m for m in meetings if m.id == first.meeting_id]
        # The summoned meeting, the past one its minutes are of, and the next one it
        # announces: no duplicate.
        assert len(meetings) == 3 and len(this_one) == 1
        assert this_one[0].ics_sequence == 1
        # Agenda rows keep their identity; only the retitled one changed.
        assert (
            await session.exec(select(AgendaRow.id).order_by(col(AgendaRow.id)))
        ).all() == item_ids

    third = await import_pack(
        database, pack=revised, board_name=None, timezone="Europe/London", now=NOW
    )
    assert third.changes.is_empty


async def test_reimport_reports_added_removed_and_re_placed(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    revised = make_pack(
        location="Committee Room 2",
        items=[
            AgendaItem(number="1", title="Welcome and apologies"),
            AgendaItem(number="2", title="Better Care Fund", pages=(1, 2)),
            AgendaItem(number="4", title="Urgent business"),
        ],
    )
    summary = await import_pack(
        database, pack=revised, board_name=None, timezone="Europe/London", now=NOW
    )
    changes = summary.changes
    assert (changes.place_from, changes.place_to) == (
        "Council Chamber, County Hall",
        "Committee Room 2",
    )
    assert [c.number for c in changes.items_added] == ["4"]
    assert [(c.number, c.title) for c in changes.items_removed] == [("3", "Contract award")]
    assert changes.items_retitled == []
    [updated] = changes.items_updated
    assert updated.number == "2"
    assert set(updated.fields) == {
        "presenter",
        "presenter_role",
        "report_number",
        "pages_first",
        "pages_last",
        "duration_minutes",
        "purpose",
    }
    assert not changes.moved


async def test_meeting_moved_to_another_day_by_a_reissued_pack_keeps_its_identity(
    database: Database,
) -> None:
    first = await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    postponed = make_pack(start=datetime(2023, 10, 17, 14, tzinfo=LONDON))
    second = await import_pack(
        database, pack=postponed, board_name=None, timezone="Europe/London", now=NOW
    )
    assert second.meeting_id == first.meeting_id and not second.meeting_created
    assert second.changes.moved_to_utc == datetime(2023, 10, 17, 13, tzinfo=UTC)


async def test_a_member_written_another_way_in_a_later_pack_is_the_same_person(
    database: Database,
) -> None:
    first = make_pack(members=[Member(name="Richard Clifton", role=Role.CHAIR)])
    later = make_pack(
        start=datetime(2024, 1, 16, 14, tzinfo=LONDON),
        members=[Member(name="Cllr R Clifton", role=Role.CHAIR), Member(name="Sarah Prema")],
    )
    for pack in (first, later):
        await import_pack(database, pack=pack, board_name=None, timezone="Europe/London", now=NOW)
    async with database.read() as session:
        people = (await session.exec(select(Person.full_name).order_by(col(Person.id)))).all()
        aliases = (
            await session.exec(select(PersonAlias.alias).order_by(col(PersonAlias.id)))
        ).all()
    assert people == ["Richard Clifton", "Sarah Prema"]
    assert aliases == ["Richard Clifton", "Cllr R Clifton", "Sarah Prema"]
