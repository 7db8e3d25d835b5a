"""Meetings, agendas and single items as services: what a member may see, without Telegram."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from packs import read_file
from services.access import AccessDenied, may_see_exempt
from services.imports import import_pack
from services.meetings import (
    agenda,
    find_meeting,
    item,
    match_boards,
    meetings_overview,
    next_meeting,
    normalise_number,
)
from services.people import link_telegram
from services.views import ItemView, Viewer
from storage.engine import Database
from storage.models import Decision, Meeting
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.world import NORTHSHIRE, NOW, TESTSHIRE, World

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"


async def _cancel(database: Database, meeting_id: int) -> None:
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = "cancelled"
        session.add(meeting)


async def _item(
    database: Database, viewer: Viewer, number: str, *, exempt: bool
) -> ItemView | None:
    return await item(database, viewer=viewer, now=NOW, number=number, include_exempt=exempt)


# -- next meeting, overview, finding a meeting -------------------------------------------------


async def test_next_meeting_can_be_narrowed_to_one_of_the_viewers_boards(
    database: Database, world: World
) -> None:
    soonest = await next_meeting(database, viewer=world.mike, now=NOW)
    assert soonest is not None and soonest.id == world.north_id  # 5 October, Northshire
    own = await next_meeting(database, viewer=world.mike, now=NOW, board_id=world.testshire_id)
    assert own is not None and own.id == world.october_id
    assert own.board_name == TESTSHIRE and own.item_count == 4
    with pytest.raises(AccessDenied):
        await next_meeting(database, viewer=world.diane, now=NOW, board_id=world.northshire_id)


async def test_overview_lists_coming_soonest_first_and_past_latest_first_with_cancellations(
    database: Database, world: World
) -> None:
    await _cancel(database, world.january_id)
    upcoming, recent = await meetings_overview(database, viewer=world.mike, now=NOW)
    assert [m.id for m in upcoming] == [world.north_id, world.october_id, world.january_id]
    assert [m.status for m in upcoming] == ["scheduled", "scheduled", "cancelled"]
    # Latest first: Northshire's meeting of 6 July (its pack's minutes are of it), then June's.
    assert [m.board_name for m in recent] == [NORTHSHIRE, TESTSHIRE]
    assert recent[-1].id == world.june_id and not recent[0].time_stated
    assert [m.item_count for m in upcoming] == [4, 4, 0]

    # Diane sees none of Northshire's meetings; the limits are respected.
    upcoming, recent = await meetings_overview(
        database, viewer=world.diane, now=NOW, upcoming=1, recent=0
    )
    assert [m.id for m in upcoming] == [world.october_id] and recent == []

    later = datetime(2024, 2, 1, tzinfo=UTC)
    upcoming, recent = await meetings_overview(database, viewer=world.diane, now=later)
    assert upcoming == []
    assert [m.id for m in recent] == [world.january_id, world.october_id, world.june_id]


async def test_boards_are_matched_by_name_slug_initials_or_loosely_among_the_viewers_own(
    world: World,
) -> None:
    mike = world.mike
    both = sorted([world.northshire_id, world.testshire_id])
    assert match_boards(mike, TESTSHIRE.upper()) == [world.testshire_id]
    assert match_boards(mike, "northshire-health-and-wellbeing-board") == [world.northshire_id]
    assert match_boards(mike, "NHWB") == [world.northshire_id]
    assert match_boards(mike, "Northshire HWB") == [world.northshire_id]
    assert match_boards(mike, "nshire") == [world.northshire_id]  # an abbreviation
    assert sorted(match_boards(mike, "hwb")) == both
    assert match_boards(mike, "testshire") == [world.testshire_id]
    assert match_boards(mike, "testshir") == [world.testshire_id]  # a typo
    assert sorted(match_boards(mike, "health and wellbeing")) == both
    assert match_boards(mike, "planning committee") == []
    # Diane is not on Northshire: its name finds nothing for her.
    assert match_boards(world.diane, "Northshire") == []


async def test_find_meeting_by_board_or_local_date(database: Database, world: World) -> None:
    found = await find_meeting(database, viewer=world.mike, now=NOW)
    assert found is not None and found.id == world.north_id
    found = await find_meeting(database, viewer=world.mike, now=NOW, board="testshire")
    assert found is not None and found.id == world.october_id
    found = await find_meeting(database, viewer=world.mike, now=NOW, on=date(2023, 6, 27))
    assert found is not None and found.id == world.june_id
    found = await find_meeting(
        database, viewer=world.mike, now=NOW, board="Northshire", on=date(2023, 10, 5)
    )
    assert found is not None and found.id == world.north_id
    assert await find_meeting(database, viewer=world.mike, now=NOW, on=date(2023, 6, 28)) is None
    assert (
        await find_meeting(
            database, viewer=world.mike, now=NOW, board="Northshire", on=date(2023, 6, 27)
        )
        is None
    )
    # Another board's name or date shows nothing of it.
    assert await find_meeting(database, viewer=world.diane, now=NOW, board="Northshire") is None
    assert await find_meeting(database, viewer=world.diane, now=NOW, on=date(2023, 10, 5)) is None


async def test_find_meeting_on_a_date_uses_the_boards_zone(database: Database) -> None:
    # 00:30 on 1 July in London is still 30 June in UTC.
    summary = await import_pack(
        database,
        pack=make_pack(start=datetime(2023, 7, 1, 0, 30, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    viewer = await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=1,
        role=None,
    )
    found = await find_meeting(database, viewer=viewer, now=NOW, on=date(2023, 7, 1))
    assert found is not None and found.id == summary.meeting_id
    assert await find_meeting(database, viewer=viewer, now=NOW, on=date(2023, 6, 30)) is None


# -- agenda -----------------------------------------------------------------------------------


async def test_agenda_of_another_boards_meeting_is_refused_and_a_missing_one_is_none(
    database: Database, world: World
) -> None:
    with pytest.raises(AccessDenied):
        await agenda(database, viewer=world.diane, meeting_id=world.north_id, include_exempt=False)
    assert (
        await agenda(database, viewer=world.diane, meeting_id=999_999, include_exempt=True) is None
    )
    view = await agenda(
        database, viewer=world.nora, meeting_id=world.north_id, include_exempt=False
    )
    assert view is not None and view.meeting.board_name == NORTHSHIRE


async def test_agenda_withholds_exempt_items_unless_allowed(
    database: Database, world: World
) -> None:
    public = await agenda(
        database,
        viewer=world.diane,
        meeting_id=world.october_id,
        include_exempt=may_see_exempt(world.diane, world.testshire_id, private_chat=False),
    )
    private = await agenda(
        database,
        viewer=world.diane,
        meeting_id=world.october_id,
        include_exempt=may_see_exempt(world.diane, world.testshire_id, private_chat=True),
    )
    assert public is not None and private is not None
    assert [i.number for i in public.items] == ["1", "2", "4"] and public.withheld_exempt == 1
    assert [i.number for i in private.items] == ["1", "2", "3", "4"]
    assert private.withheld_exempt == 0 and private.items[2].exempt
    assert public.items[1].pages == (137, 170) and public.items[1].report_number == "146/2023"


# -- one item ---------------------------------------------------------------------------------


def test_item_numbers_are_compared_without_case_or_spaces() -> None:
    assert {normalise_number(n) for n in ("8A", "8a", "8 A", " 8 a ")} == {"8A"}


async def test_item_comes_from_the_next_meeting_then_the_latest_past_one(
    database: Database, world: World
) -> None:
    found = await _item(database, world.diane, "2", exempt=False)
    assert found is not None and found.meeting.id == world.october_id
    assert found.item.title == "Better Care Fund"
    # Decisions are minuted against the meeting that took them (June), not this one.
    assert found.decisions == ()

    found = await _item(database, world.diane, "8 a", exempt=False)
    assert found is not None and found.meeting.id == world.june_id
    assert found.item.title == "Pharmaceutical Needs Assessment"
    assert [d.outcomes for d in found.decisions] == [("APPROVED",), ("AGREED",)]
    assert found.decisions[0].meeting_starts_at_utc == datetime(2023, 6, 27, 13, tzinfo=UTC)
    assert found.decisions[0].board_name == TESTSHIRE

    assert await _item(database, world.diane, "77", exempt=True) is None
    assert await _item(database, world.diane, "  ", exempt=True) is None


async def test_item_of_a_given_meeting_and_its_decisions(database: Database, world: World) -> None:
    june = await item(
        database,
        viewer=world.diane,
        now=NOW,
        number="2",
        meeting_id=world.june_id,
        include_exempt=False,
    )
    assert june is not None and june.item.title == "Better Care Fund quarterly return"
    assert [d.text for d in june.decisions] == [
        "That the Board NOTED the Better Care Fund quarterly return."
    ]
    assert june.item.pages == (11, 24)
    missing = await item(
        database,
        viewer=world.diane,
        now=NOW,
        number="4",
        meeting_id=world.june_id,
        include_exempt=False,
    )
    assert missing is None


async def test_a_multi_board_member_gets_the_item_from_whichever_next_meeting_has_it(
    database: Database, world: World
) -> None:
    # Northshire meets first and has an 8A; Testshire's 8A was in June.
    found = await _item(database, world.mike, "8A", exempt=False)
    assert found is not None and found.meeting.id == world.north_id
    # Item 4 is not on Northshire's agenda, so Testshire's next meeting answers.
    found = await _item(database, world.mike, "4", exempt=False)
    assert found is not None and found.meeting.id == world.october_id


async def test_exempt_items_only_with_include_exempt(database: Database, world: World) -> None:
    assert await _item(database, world.diane, "3", exempt=False) is None
    shown = await _item(database, world.diane, "3", exempt=True)
    assert shown is not None and shown.item.exempt
    # June's exempt item 9, found through the fallback to past meetings.
    assert await _item(database, world.diane, "9", exempt=False) is None
    shown = await _item(database, world.diane, "9", exempt=True)
    assert shown is not None and shown.meeting.id == world.june_id


async def test_another_boards_items_are_not_reachable(database: Database, world: World) -> None:
    # Northshire's exempt item 5 and its "Northshire dental access" are not Diane's.
    assert await _item(database, world.diane, "5", exempt=True) is None
    with pytest.raises(AccessDenied):
        await item(
            database,
            viewer=world.diane,
            now=NOW,
            number="8A",
            meeting_id=world.north_id,
            include_exempt=True,
        )
    found = await _item(database, world.diane, "8A", exempt=True)
    assert found is not None and found.meeting.board_name == TESTSHIRE


async def test_cancelled_meetings_are_skipped_when_looking_for_an_item(
    database: Database, world: World
) -> None:
    await _cancel(database, world.october_id)
    # No next meeting with an item 2 now: June's is the latest held.
    found = await _item(database, world.diane, "2", exempt=False)
    assert found is not None and found.meeting.id == world.june_id


# -- the real Rutland pack --------------------------------------------------------------------


async def test_item_10b_of_the_real_rutland_pack(database: Database) -> None:
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    viewer = await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=5001,
        role=None,
    )
    for asked in ("10B", "10b", "10 B"):
        found = await _item(database, viewer, asked, exempt=False)
        assert found is not None, asked
        assert found.meeting.id == summary.meeting_id
        assert found.item.number == "10B"
        assert found.item.presenter == "Dawn Godfrey"
        assert found.item.pages == (109, 122)
    # After the meeting, the same question still finds it (the latest past meeting with 10B).
    after = datetime(2024, 2, 1, tzinfo=UTC)
    found = await item(database, viewer=viewer, now=after, number="10b", include_exempt=False)
    assert found is not None and found.meeting.id == summary.meeting_id
    assert found.item.presenter == "Dawn Godfrey"


async def test_resolutions_are_stored_against_the_previous_meeting(database: Database) -> None:
    # The Rutland pack's minutes are of 27 June 2023, which is not on record: the import files
    # them against a past meeting it creates that day (its time not stated).
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    async with database.read() as session:
        meeting_ids = set((await session.exec(select(Decision.meeting_id))).all())
        [minuted] = (
            await session.exec(select(Meeting).where(col(Meeting.id).in_(meeting_ids)))
        ).all()
    assert minuted.starts_at_utc.astimezone(LONDON).date() == date(2023, 6, 27)
    assert not minuted.time_stated

    # The June meeting's own pack fills in its time; re-importing October's files nothing twice.
    june = await import_pack(
        database,
        pack=make_pack(body=summary.board_name, start=datetime(2023, 6, 27, 14, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    again = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    assert again.meeting_id == summary.meeting_id
    async with database.read() as session:
        rows = (await session.exec(select(Decision).order_by(col(Decision.id)))).all()
    assert june.meeting_id == minuted.id
    assert {row.meeting_id for row in rows} == {june.meeting_id}
    assert len(rows) == len(pack.resolutions)
