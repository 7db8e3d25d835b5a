"""Storing every kind of meeting document the reader returns: minutes alone, documents that
lack a date or time, unnumbered agenda items, and the guard against a damaged re-import."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from core.errors import ImportFailed, NotFoundError
from packs import NO_BOARD, NO_MEETING_DATE, read_file, read_text
from packs.model import (
    ActionRecord,
    AgendaItem,
    MeetingInfo,
    NextMeeting,
    Pack,
    PreviousMeeting,
    Resolution,
)
from services.boards import reading_conventions, set_date_order
from services.imports import (
    GUARD_MINIMUM,
    ImportNeeds,
    ImportWouldRemove,
    Loss,
    import_pack,
    removes_most,
)
from storage.engine import Database
from storage.models import (
    Action,
    Attendance,
    Board,
    DateOrder,
    Decision,
    Meeting,
    Membership,
    Person,
)
from storage.models import AgendaItem as AgendaRow
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.world import TESTSHIRE, World

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)
SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "rutland-hwb-2023-10-10.txt"
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
# An unnumbered item: the model's ``number`` is ``str | None`` (bullets and headings).
UNNUMBERED: Any = None


def _minutes(
    *,
    body: str | None = "Govan Community Council",
    held: date | None = date(2023, 9, 4),
    present: list[str] | None = None,
    apologies: list[str] | None = None,
    actions: list[ActionRecord] | None = None,
    resolutions: list[Resolution] | None = None,
) -> Pack:
    """Minutes alone, as the reader returns them: no meeting summoned, no agenda."""
    return Pack(
        source="govan-minutes.txt",
        body=body,
        organisation=None,
        meeting=MeetingInfo(start=None),
        agenda=[],
        previous_meeting=PreviousMeeting(
            date=held,
            present=["Ann Baird", "Colin Dunn", "Morag Reid", "the Clerk"]
            if present is None
            else present,
            apologies=["Iain Shaw"] if apologies is None else apologies,
        ),
        actions=[
            ActionRecord(ref=None, description="Ask the council about the bins", owner="Ann Baird"),
            ActionRecord(
                ref=None,
                description="Write to the police about parking",
                owner="Colin Dunn",
                status="completed",
            ),
        ]
        if actions is None
        else actions,
        resolutions=[Resolution(item="4", outcomes=["AGREED"], text="To fund the gala.")]
        if resolutions is None
        else resolutions,
    )


async def _counts(database: Database) -> dict[str, int]:
    """How many rows each table the importer writes holds."""
    tables: dict[str, Any] = {
        "boards": Board,
        "meetings": Meeting,
        "items": AgendaRow,
        "people": Person,
        "memberships": Membership,
        "attendance": Attendance,
        "actions": Action,
        "decisions": Decision,
    }
    async with database.read() as session:
        return {
            name: len((await session.exec(select(table))).all()) for name, table in tables.items()
        }


async def test_minutes_alone_create_their_past_meeting_and_record_attendance(
    database: Database,
) -> None:
    summary = await import_pack(
        database, pack=_minutes(), board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.minutes and summary.meeting_created and not summary.time_stated
    assert (summary.present, summary.apologies) == (3, 1)
    # No time in the minutes: stored at the start of the local day (BST: 23:00 UTC before).
    assert summary.starts_at_utc == datetime(2023, 9, 3, 23, 0, tzinfo=UTC)
    async with database.read() as session:
        meeting = (await session.exec(select(Meeting))).one()
        answers = (
            await session.exec(
                select(Person.full_name, Attendance.status)
                .join(Attendance, col(Attendance.person_id) == col(Person.id))
                .order_by(col(Person.full_name))
            )
        ).all()
        roles = (await session.exec(select(Membership.role))).all()
        actions = (await session.exec(select(Action).order_by(col(Action.id)))).all()
        decision = (await session.exec(select(Decision))).one()
    assert meeting.id == summary.meeting_id and meeting.source is None
    assert answers == [
        ("Ann Baird", "attending"),
        ("Colin Dunn", "attending"),
        ("Iain Shaw", "apologies"),
        ("Morag Reid", "attending"),
    ]
    # Those named in the attendance are the board's members ("the Clerk" names nobody).
    assert roles == ["member"] * 4
    assert [(a.status, a.meeting_id) for a in actions] == [
        ("open", meeting.id),
        ("done", meeting.id),
    ]
    assert decision.meeting_id == meeting.id

    # The same minutes again change nothing.
    before = await _counts(database)
    again = await import_pack(
        database, pack=_minutes(), board_name=None, timezone="Europe/London", now=NOW
    )
    assert not again.meeting_created and again.meeting_id == summary.meeting_id
    assert await _counts(database) == before


async def test_minutes_alone_are_filed_against_the_meeting_on_record(
    database: Database, world: World
) -> None:
    """Testshire met on 27 June: its minutes close the action they record as done, and replace
    what a member answered beforehand."""
    async with database.write() as session:
        session.add(
            Attendance(
                meeting_id=world.june_id,
                person_id=world.diane.person_id,
                status="apologies",
                reason="On leave",
            )
        )
    minutes = _minutes(
        body=TESTSHIRE,
        held=date(2023, 6, 27),
        present=["Diane Ellison", "Mike Sandys"],
        apologies=["Zoe Adams"],
        actions=[ActionRecord(ref="1", description="Circulate the falls data", status="completed")],
        resolutions=[],
    )
    before = await _counts(database)
    summary = await import_pack(
        database, pack=minutes, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.meeting_id == world.june_id and not summary.meeting_created
    assert summary.time_stated and summary.minutes
    async with database.read() as session:
        answers = {
            row.person_id: (row.status, row.reason)
            for row in (
                await session.exec(select(Attendance).where(Attendance.meeting_id == world.june_id))
            ).all()
        }
        falls = (
            await session.exec(
                select(Action).where(Action.description == "Circulate the falls data")
            )
        ).one()
    assert answers[world.diane.person_id] == ("attending", None)
    assert answers[world.mike.person_id] == ("attending", None)
    assert sorted(status for status, _ in answers.values()) == [
        "apologies",
        "attending",
        "attending",
    ]
    assert falls.status == "done"
    after = await _counts(database)
    # No meeting, person or membership more: everyone named was already on the board.
    assert {k: after[k] - before[k] for k in after} == {
        "boards": 0,
        "meetings": 0,
        "items": 0,
        "people": 0,
        "memberships": 0,
        "attendance": 2,
        "actions": 0,
        "decisions": 0,
    }


async def test_a_packs_minutes_record_attendance_when_their_meeting_is_on_record(
    database: Database, world: World
) -> None:
    pack = replace(
        make_pack(start=datetime(2023, 10, 10, 14, tzinfo=LONDON)),
        previous_meeting=PreviousMeeting(
            date=date(2023, 6, 27), present=["Mike Sandys"], apologies=["Diane Ellison"]
        ),
    )
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.meeting_id == world.october_id and not summary.minutes
    assert (summary.present, summary.apologies) == (1, 1)
    async with database.read() as session:
        rows = (
            await session.exec(select(Attendance).where(Attendance.meeting_id == world.june_id))
        ).all()
    assert {(row.person_id, row.status) for row in rows} == {
        (world.mike.person_id, "attending"),
        (world.diane.person_id, "apologies"),
    }


async def test_undated_minutes_need_a_date_and_store_nothing_until_given(
    database: Database,
) -> None:
    with pytest.raises(ImportNeeds, match="--date") as refused:
        await import_pack(
            database, pack=_minutes(held=None), board_name=None, timezone="Europe/London", now=NOW
        )
    assert refused.value.needs == "date"
    assert set((await _counts(database)).values()) == {0}
    summary = await import_pack(
        database,
        pack=_minutes(held=None),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        meeting_date=date(2023, 9, 4),
        meeting_time=time(19, 0),
    )
    assert summary.time_stated
    assert summary.starts_at_utc == datetime(2023, 9, 4, 18, 0, tzinfo=UTC)


async def test_minutes_dated_in_the_future_are_refused(database: Database) -> None:
    with pytest.raises(ImportFailed, match="still to come"):
        await import_pack(
            database,
            pack=_minutes(held=date(2023, 10, 4)),
            board_name=None,
            timezone="Europe/London",
            now=NOW,
        )
    assert set((await _counts(database)).values()) == {0}


async def test_a_document_naming_no_board_needs_one(database: Database) -> None:
    with pytest.raises(ImportNeeds, match="--board") as refused:
        await import_pack(
            database, pack=_minutes(body=None), board_name=None, timezone="Europe/London", now=NOW
        )
    assert refused.value.needs == "board"
    assert set((await _counts(database)).values()) == {0}


async def test_an_agenda_without_its_date_or_time_needs_them(database: Database) -> None:
    undated = replace(make_pack(), meeting=MeetingInfo(start=None, location="Village Hall"))
    with pytest.raises(ImportNeeds, match="no meeting date") as no_date:
        await import_pack(
            database, pack=undated, board_name=None, timezone="Europe/London", now=NOW
        )
    assert no_date.value.needs == "date"
    with pytest.raises(ImportNeeds, match="--time") as no_time:
        await import_pack(
            database,
            pack=undated,
            board_name=None,
            timezone="Europe/London",
            now=NOW,
            meeting_date=date(2024, 3, 4),
        )
    assert no_time.value.needs == "time" and "2024-03-04" in str(no_time.value)
    assert set((await _counts(database)).values()) == {0}
    summary = await import_pack(
        database,
        pack=undated,
        board_name=None,
        timezone="America/New_York",
        now=NOW,
        meeting_date=date(2024, 3, 4),
        meeting_time=time(18, 30),
    )
    # A new board in its zone: 6:30pm EST is 23:30 UTC.
    assert summary.starts_at_utc == datetime(2024, 3, 4, 23, 30, tzinfo=UTC)
    assert summary.location == "Village Hall" and summary.items == 3


async def test_a_supplied_date_corrects_the_read_one_and_keeps_its_time(
    database: Database,
) -> None:
    summary = await import_pack(
        database,
        pack=make_pack(),  # 10 October 2023, 2pm in London
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        meeting_date=date(2023, 11, 14),
    )
    assert summary.starts_at_utc == datetime(2023, 11, 14, 14, 0, tzinfo=UTC)  # GMT by then


async def test_unnumbered_items_are_stored_under_their_position(database: Database) -> None:
    bullets = make_pack(
        items=[
            AgendaItem(number=UNNUMBERED, title="Call to order"),
            AgendaItem(number="1", title="Minutes of the last meeting"),
            AgendaItem(number=UNNUMBERED, title="Public comment"),
            AgendaItem(number="2", title="Budget"),
        ]
    )
    summary = await import_pack(
        database, pack=bullets, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.items == 4
    async with database.read() as session:
        stored = (
            await session.exec(
                select(AgendaRow.number, AgendaRow.title).order_by(col(AgendaRow.position))
            )
        ).all()
    # Position 1 is printed item "1"'s number: marked; position 3 is free.
    assert stored == [
        ("•1", "Call to order"),
        ("1", "Minutes of the last meeting"),
        ("3", "Public comment"),
        ("2", "Budget"),
    ]
    again = await import_pack(
        database, pack=bullets, board_name=None, timezone="Europe/London", now=NOW
    )
    assert again.changes.is_empty


def test_most_means_more_than_half_and_at_least_the_minimum() -> None:
    assert GUARD_MINIMUM == 3
    assert not removes_most(2, 2)  # all, but only two
    assert not removes_most(3, 6)  # half
    assert removes_most(3, 5)
    assert removes_most(19, 19)


def _partial_seed() -> Pack:
    """The seed pack, re-issued damaged: only its summons letter, before the agenda."""
    text = SEED.read_text()
    cut = text.index("A G E N D A")
    return read_text(text[:cut], source=SEED.name)


async def test_a_reimport_that_would_remove_most_items_stops_unless_forced(
    database: Database,
) -> None:
    first = await import_pack(
        database, pack=read_file(SEED), board_name=None, timezone="Europe/London", now=NOW
    )
    assert first.items == 19
    partial = _partial_seed()
    assert partial.meeting.start is not None and partial.agenda == []
    async with database.read() as session:
        items_before = (await session.exec(select(AgendaRow.id).order_by(col(AgendaRow.id)))).all()
        meeting_before = await session.get(Meeting, first.meeting_id)
    counts = await _counts(database)

    with pytest.raises(ImportWouldRemove, match="19 of the 19 agenda items") as stopped:
        await import_pack(
            database, pack=partial, board_name=None, timezone="Europe/London", now=NOW
        )
    assert stopped.value.meeting_id == first.meeting_id
    assert stopped.value.losses == (Loss(what="items", removed=19, stored=19),)
    assert "--force" in str(stopped.value)
    async with database.read() as session:
        items_after = (await session.exec(select(AgendaRow.id).order_by(col(AgendaRow.id)))).all()
        meeting_after = await session.get(Meeting, first.meeting_id)
    assert items_after == items_before and await _counts(database) == counts
    assert meeting_before is not None and meeting_after is not None
    assert meeting_after.ics_sequence == meeting_before.ics_sequence

    forced = await import_pack(
        database, pack=partial, board_name=None, timezone="Europe/London", now=NOW, force=True
    )
    assert forced.meeting_id == first.meeting_id and forced.items == 0
    assert len(forced.changes.items_removed) == 19
    async with database.read() as session:
        assert (await session.exec(select(AgendaRow))).all() == []


async def test_a_revision_removing_a_few_items_goes_through(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    fewer = make_pack(items=[AgendaItem(number="1", title="Welcome and apologies")])
    summary = await import_pack(
        database, pack=fewer, board_name=None, timezone="Europe/London", now=NOW
    )
    assert [change.number for change in summary.changes.items_removed] == ["2", "3"]


async def test_a_boards_date_order_is_stored(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(), board_name=None, timezone="America/Chicago", now=NOW
    )
    found = await reading_conventions(database, name="testshire health and wellbeing board")
    assert found is not None and found.timezone == "America/Chicago"
    assert found.day_first is None and found.effective_order is DateOrder.MONTH_FIRST
    changed = await set_date_order(database, board_name=TESTSHIRE, order=DateOrder.DAY_FIRST)
    assert changed.day_first is True
    found = await reading_conventions(database, name=TESTSHIRE)
    assert found is not None and found.date_order is DateOrder.DAY_FIRST
    back = await set_date_order(database, board_name=TESTSHIRE, order=None)
    assert back.date_order is None and back.effective_order is DateOrder.MONTH_FIRST
    assert await reading_conventions(database, name="Nowhere") is None
    with pytest.raises(NotFoundError):
        await set_date_order(database, board_name="Nowhere", order=DateOrder.MONTH_FIRST)


async def test_an_agenda_dated_without_a_time_needs_only_the_time(database: Database) -> None:
    dated = replace(make_pack(), meeting=MeetingInfo(start=None, day=date(2024, 3, 4)))
    with pytest.raises(ImportNeeds, match="2024-03-04") as refused:
        await import_pack(database, pack=dated, board_name=None, timezone="Europe/London", now=NOW)
    assert refused.value.needs == "time"
    summary = await import_pack(
        database,
        pack=dated,
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        meeting_time=time(10, 0),
    )
    assert summary.starts_at_utc == datetime(2024, 3, 4, 10, 0, tzinfo=UTC)


async def test_a_cancellation_notice_cancels_the_meeting_and_keeps_its_agenda(
    database: Database,
) -> None:
    first = await import_pack(
        database, pack=make_pack(), board_name=None, timezone="Europe/London", now=NOW
    )
    notice = replace(make_pack(items=[]), source="notice.pdf", kind="notice", status="cancelled")
    summary = await import_pack(
        database, pack=notice, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.meeting_id == first.meeting_id and summary.called_off
    async with database.read() as session:
        meeting = await session.get(Meeting, first.meeting_id)
        items = (await session.exec(select(AgendaRow))).all()
    assert meeting is not None and meeting.status == "cancelled" and meeting.ics_sequence == 1
    assert len(items) == 3


async def test_a_next_meeting_printed_as_a_date_alone_keeps_the_usual_time(
    database: Database,
) -> None:
    """ "Date of next meeting: 14 November" after a 14:00 meeting: 14 November at 14:00 local
    time (GMT by then, so 14:00 UTC, where October's was 13:00 UTC)."""
    pack = make_pack()
    pack.next_meeting = NextMeeting(start=None, day=date(2023, 11, 14))
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.next_meeting_id is not None
    async with database.read() as session:
        following = await session.get(Meeting, summary.next_meeting_id)
    assert following is not None
    assert following.starts_at_utc.replace(tzinfo=UTC) == datetime(2023, 11, 14, 14, 0, tzinfo=UTC)


async def test_minutes_without_a_time_add_no_next_meeting_at_a_guessed_time(
    database: Database,
) -> None:
    pack = _minutes()
    pack.next_meeting = NextMeeting(start=None, day=date(2023, 10, 2))
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.next_meeting_id is None
    async with database.read() as session:
        assert len((await session.exec(select(Meeting))).all()) == 1


async def test_warnings_the_clerk_settled_are_not_repeated_in_the_summary(
    database: Database,
) -> None:
    """An agenda that names neither its board nor its date, stored with both supplied."""
    pack = read_file(CORPUS / "wye-valley-community-council-agenda-2024-09-30.txt")
    assert NO_BOARD in pack.warnings and NO_MEETING_DATE in pack.warnings
    summary = await import_pack(
        database,
        pack=pack,
        board_name="Wye Valley Community Council",
        timezone="Europe/London",
        now=NOW,
        meeting_date=date(2024, 9, 30),
        meeting_time=time(19, 0),
    )
    assert summary.items == len(pack.agenda) > 10
    assert NO_BOARD not in summary.warnings and NO_MEETING_DATE not in summary.warnings
    assert set(summary.warnings) == set(pack.warnings) - {NO_BOARD, NO_MEETING_DATE}
