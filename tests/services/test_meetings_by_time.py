"""A meeting named by time (a day, a month, a weekday, the previous one, the one after next):
which one find_meeting picks, in each board's own zone, on the viewer's boards only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from language.dates import MeetingWords
from services.meetings import find_meeting
from services.views import BoardRole, MeetingView, Viewer
from storage.engine import Database
from storage.models import Board, Meeting
from tests.auxil.packs import LONDON
from tests.auxil.world import NOW, World

NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = 1
THURSDAY = 3


def _month(year: int, month: int) -> MeetingWords:
    return MeetingWords(kind="month", year=year, month=month)


def _weekday(weekday: int) -> MeetingWords:
    return MeetingWords(kind="weekday", weekday=weekday)


PREVIOUS = MeetingWords(kind="previous")
AFTER_NEXT = MeetingWords(kind="after next")
NEXT = MeetingWords(kind="next")


async def _set_status(database: Database, meeting_id: int, status: str) -> None:
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = status
        session.add(meeting)


async def _board(database: Database, name: str, zone: str, starts: Sequence[datetime]) -> Viewer:
    """A board in ``zone`` meeting at ``starts``, and a member who sees only it."""
    async with database.write() as session:
        board = Board(name=name, slug=name.lower().replace(" ", "-"), timezone=zone)
        session.add(board)
        await session.flush()
        assert board.id is not None
        board_id = board.id
        for start in starts:
            session.add(Meeting(board_id=board_id, starts_at_utc=start.astimezone(UTC)))
    return Viewer(person_id=0, full_name="A member", boards=(BoardRole(board_id, name, "member"),))


async def _starts(
    database: Database, viewer: Viewer, now: datetime, asked: MeetingWords
) -> datetime | None:
    found: MeetingView | None = await find_meeting(database, viewer=viewer, now=now, asked=asked)
    return None if found is None else found.starts_at_utc.astimezone(found.zone)


# -- a month -------------------------------------------------------------------------------------


async def test_a_month_gives_its_first_meeting_to_come_or_the_last_held_in_it(
    database: Database, world: World
) -> None:
    diane = world.diane
    found = await find_meeting(database, viewer=diane, now=NOW, asked=_month(2024, 1))
    assert found is not None and found.id == world.january_id
    found = await find_meeting(database, viewer=diane, now=NOW, asked=_month(2023, 6))
    assert found is not None and found.id == world.june_id  # a month already over
    assert await find_meeting(database, viewer=diane, now=NOW, asked=_month(2024, 6)) is None
    # Mike's two boards both meet in October: the first to come, Northshire on the 5th.
    found = await find_meeting(database, viewer=world.mike, now=NOW, asked=_month(2023, 10))
    assert found is not None and found.id == world.north_id
    # Another board's month shows nothing of it.
    assert await find_meeting(database, viewer=world.diane, now=NOW, asked=_month(2023, 7)) is None


async def test_a_month_already_under_way_gives_its_next_meeting_then_its_last_held(
    database: Database,
) -> None:
    viewer = await _board(
        database,
        "Monthly Board",
        "Europe/London",
        [datetime(2023, 10, day, 18, tzinfo=LONDON) for day in (2, 16, 30)],
    )
    october = _month(2023, 10)
    assert await _starts(database, viewer, NOW, october) == datetime(
        2023, 10, 16, 18, tzinfo=LONDON
    )
    late = datetime(2023, 10, 31, 12, tzinfo=UTC)
    assert await _starts(database, viewer, late, october) == datetime(
        2023, 10, 30, 18, tzinfo=LONDON
    )
    early = datetime(2023, 9, 1, tzinfo=UTC)
    assert await _starts(database, viewer, early, october) == datetime(
        2023, 10, 2, 18, tzinfo=LONDON
    )


async def test_a_cancelled_meeting_is_given_for_a_month_only_when_it_has_no_other(
    database: Database, world: World
) -> None:
    await _set_status(database, world.north_id, "cancelled")
    found = await find_meeting(database, viewer=world.mike, now=NOW, asked=_month(2023, 10))
    assert found is not None and found.id == world.october_id  # not the cancelled 5 October
    await _set_status(database, world.january_id, "cancelled")
    found = await find_meeting(database, viewer=world.diane, now=NOW, asked=_month(2024, 1))
    assert found is not None and found.id == world.january_id and found.status == "cancelled"


async def test_a_month_is_counted_in_the_boards_own_zone(database: Database) -> None:
    # 00:30 on 1 November in London (GMT) is 1 November in UTC too; 20:00 on 31 October in New
    # York is 1 November in UTC, but October there.
    london = await _board(
        database, "London Board", "Europe/London", [datetime(2023, 11, 1, 0, 30, tzinfo=LONDON)]
    )
    new_york = await _board(
        database,
        "New York Board",
        "America/New_York",
        [datetime(2023, 10, 31, 20, tzinfo=NEW_YORK)],
    )
    assert await _starts(database, london, NOW, _month(2023, 11)) is not None
    assert await _starts(database, london, NOW, _month(2023, 10)) is None
    assert await _starts(database, new_york, NOW, _month(2023, 10)) is not None
    assert await _starts(database, new_york, NOW, _month(2023, 11)) is None


# -- a weekday -----------------------------------------------------------------------------------


async def test_tuesday_on_a_tuesday_without_a_meeting_is_the_next_tuesday_with_one(
    database: Database, world: World
) -> None:
    # NOW is Tuesday 3 October: Testshire's next Tuesday meeting is on the 10th.
    found = await find_meeting(database, viewer=world.diane, now=NOW, asked=_weekday(TUESDAY))
    assert found is not None and found.id == world.october_id
    found = await find_meeting(database, viewer=world.mike, now=NOW, asked=_weekday(THURSDAY))
    assert found is not None and found.id == world.north_id
    assert await find_meeting(database, viewer=world.diane, now=NOW, asked=_weekday(0)) is None
    # Diane does not see Northshire's Thursday.
    assert (
        await find_meeting(database, viewer=world.diane, now=NOW, asked=_weekday(THURSDAY)) is None
    )
    found = await find_meeting(
        database, viewer=world.mike, now=NOW, board="testshire", asked=_weekday(TUESDAY)
    )
    assert found is not None and found.id == world.october_id


async def test_a_weekday_today_counts_until_its_meeting_is_over(
    database: Database, world: World
) -> None:
    morning = datetime(2023, 10, 10, 8, tzinfo=UTC)  # the meeting is at 2pm (13:00 UTC)
    found = await find_meeting(database, viewer=world.diane, now=morning, asked=_weekday(TUESDAY))
    assert found is not None and found.id == world.october_id
    evening = datetime(2023, 10, 10, 18, tzinfo=UTC)
    found = await find_meeting(database, viewer=world.diane, now=evening, asked=_weekday(TUESDAY))
    assert found is not None and found.id == world.january_id


async def test_cancelled_meetings_and_those_over_a_year_ahead_are_not_a_weekdays(
    database: Database, world: World
) -> None:
    await _set_status(database, world.october_id, "cancelled")
    found = await find_meeting(database, viewer=world.diane, now=NOW, asked=_weekday(TUESDAY))
    assert found is not None and found.id == world.january_id
    far_day = NOW + timedelta(days=400)
    far = await _board(database, "Far Board", "Europe/London", [far_day])
    assert (
        await find_meeting(database, viewer=far, now=NOW, asked=_weekday(far_day.weekday())) is None
    )
    nearer = far_day - timedelta(days=60)
    assert await _starts(database, far, nearer, _weekday(far_day.weekday())) is not None


async def test_a_weekday_is_found_beyond_many_meetings_on_other_days(database: Database) -> None:
    mondays = [datetime(2023, 10, 9, 10, tzinfo=LONDON) + timedelta(days=7 * n) for n in range(40)]
    fortnightly = [
        datetime(2023, 10, 9, 18, tzinfo=LONDON) + timedelta(days=14 * n) for n in range(20)
    ]
    friday = datetime(2024, 8, 2, 10, tzinfo=LONDON)
    viewer = await _board(database, "Busy Board", "Europe/London", [*mondays, *fortnightly, friday])
    assert await _starts(database, viewer, NOW, _weekday(4)) == friday


async def test_a_meeting_just_after_midnight_counts_for_its_local_day_in_summer_and_winter(
    database: Database,
) -> None:
    # Tuesday 24 October 2023 00:30 BST is Monday 23:30 UTC; Tuesday 7 November 00:30 GMT is
    # Tuesday in UTC as well.
    summer = datetime(2023, 10, 24, 0, 30, tzinfo=LONDON)
    winter = datetime(2023, 11, 7, 0, 30, tzinfo=LONDON)
    assert summer.astimezone(UTC).weekday() == 0
    viewer = await _board(database, "Night Board", "Europe/London", [summer, winter])
    assert await _starts(database, viewer, NOW, _weekday(TUESDAY)) == summer
    assert await _starts(database, viewer, NOW, _weekday(0)) is None
    after_summer = datetime(2023, 10, 25, tzinfo=UTC)
    assert await _starts(database, viewer, after_summer, _weekday(TUESDAY)) == winter
    for day, expected in (
        (date(2023, 10, 24), summer),
        (date(2023, 10, 23), None),
        (date(2023, 11, 7), winter),
        (date(2023, 11, 6), None),
    ):
        found = await find_meeting(database, viewer=viewer, now=NOW, on=day)
        assert (found and found.starts_at_utc) == (expected and expected.astimezone(UTC)), day


# -- previous, next, after next ------------------------------------------------------------------


async def test_previous_is_the_latest_meeting_held_and_after_next_the_second_to_come(
    database: Database, world: World
) -> None:
    found = await find_meeting(database, viewer=world.diane, now=NOW, asked=PREVIOUS)
    assert found is not None and found.id == world.june_id
    found = await find_meeting(database, viewer=world.diane, now=NOW, asked=AFTER_NEXT)
    assert found is not None and found.id == world.january_id
    found = await find_meeting(database, viewer=world.diane, now=NOW, asked=NEXT)
    assert found is not None and found.id == world.october_id
    # Mike: Northshire's 5 October comes first, so after next is Testshire's 10 October; the
    # latest held is Northshire's 6 July (from its minutes), unless he names Testshire.
    found = await find_meeting(database, viewer=world.mike, now=NOW, asked=AFTER_NEXT)
    assert found is not None and found.id == world.october_id
    found = await find_meeting(database, viewer=world.mike, now=NOW, asked=PREVIOUS)
    assert found is not None and found.board_id == world.northshire_id
    found = await find_meeting(
        database, viewer=world.mike, now=NOW, board="testshire", asked=PREVIOUS
    )
    assert found is not None and found.id == world.june_id


async def test_a_meeting_under_way_is_not_yet_the_previous_one(
    database: Database, world: World
) -> None:
    during = datetime(2023, 10, 10, 14, tzinfo=UTC)  # an hour into the 2pm meeting
    found = await find_meeting(database, viewer=world.diane, now=during, asked=PREVIOUS)
    assert found is not None and found.id == world.june_id
    later = datetime(2023, 10, 11, tzinfo=UTC)
    found = await find_meeting(database, viewer=world.diane, now=later, asked=PREVIOUS)
    assert found is not None and found.id == world.october_id


async def test_no_previous_or_after_next_meeting_is_none(database: Database, world: World) -> None:
    await _set_status(database, world.june_id, "cancelled")  # a cancelled meeting was not held
    assert await find_meeting(database, viewer=world.diane, now=NOW, asked=PREVIOUS) is None
    after_october = datetime(2023, 10, 11, tzinfo=UTC)
    assert (
        await find_meeting(database, viewer=world.diane, now=after_october, asked=AFTER_NEXT)
        is None
    )


async def test_after_next_with_a_board_named_is_that_boards_second_meeting(
    database: Database, world: World
) -> None:
    # Across Mike's boards the second to come is Testshire's 10 October (after Northshire's
    # 5 October); named, Testshire's second is 16 January, and Northshire has no second.
    found = await find_meeting(
        database, viewer=world.mike, now=NOW, board="testshire", asked=AFTER_NEXT
    )
    assert found is not None and found.id == world.january_id
    assert (
        await find_meeting(
            database, viewer=world.mike, now=NOW, board="northshire", asked=AFTER_NEXT
        )
        is None
    )
