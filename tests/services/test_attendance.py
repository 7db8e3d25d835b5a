"""Members answering for a meeting: attending, or apologies with a reason and a substitute."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import pytest
from sqlmodel import select

from core.errors import NotFoundError, QuorumError
from services.access import AccessDenied
from services.attendance import (
    AttendanceDetailsError,
    AttendanceView,
    attendance_picture,
    chase_no_replies,
    my_attendance,
    set_attendance,
)
from services.imports import import_pack
from services.people import link_telegram
from services.quorum import QuorumRuleError, parse_rule, set_quorum_rule
from services.views import BoardRole, Viewer
from storage.engine import Database
from storage.models import Attendance, Meeting, MeetingStatus, Notification
from tests.auxil.attendance import BOARD, NOW, START, Board, build_board, late_rows
from tests.auxil.packs import make_pack


async def _meeting(db: Database, body: str = "Testshire Health and Wellbeing Board") -> int:
    summary = await import_pack(
        db,
        pack=make_pack(body=body, start=START),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
        new_board=True,
    )
    return summary.meeting_id


@pytest.fixture
async def diane(database: Database) -> Viewer:
    await _meeting(database)
    return await link_telegram(
        database,
        board_name="Testshire Health and Wellbeing Board",
        person_name="Diane Ellison",
        telegram_user_id=5001,
        role=None,
    )


async def _rows(db: Database) -> list[Attendance]:
    async with db.read() as session:
        return list((await session.exec(select(Attendance))).all())


async def _meeting_ids(db: Database) -> list[int]:
    async with db.read() as session:
        return [m.id for m in (await session.exec(select(Meeting))).all() if m.id is not None]


async def test_apologies_then_attending_replace_each_other(
    database: Database, diane: Viewer
) -> None:
    [meeting_id] = await _meeting_ids(database)
    assert await my_attendance(database, viewer=diane, meeting_id=meeting_id) is None

    sent = await set_attendance(
        database,
        viewer=diane,
        meeting_id=meeting_id,
        status="apologies",
        now=NOW,
        reason="  On leave\n that week ",
        substitute="Cllr Andrew Brown",
    )
    assert sent == AttendanceView(
        meeting_id=meeting_id,
        person_name="Diane Ellison",
        status="apologies",
        reason="On leave that week",
        substitute="Cllr Andrew Brown",
    )
    assert await my_attendance(database, viewer=diane, meeting_id=meeting_id) == "apologies"

    later = NOW + timedelta(days=2)
    changed = await set_attendance(
        database, viewer=diane, meeting_id=meeting_id, status="attending", now=later
    )
    assert changed.status == "attending"
    assert changed.reason is None and changed.substitute is None
    [row] = await _rows(database)
    assert (row.status, row.reason, row.substitute) == ("attending", None, None)
    assert row.updated_at_utc == later
    assert row.person_id == diane.person_id
    assert await my_attendance(database, viewer=diane, meeting_id=meeting_id) == "attending"


async def test_another_boards_meeting_is_refused(database: Database, diane: Viewer) -> None:
    elsewhere = await _meeting(database, body="Otherton Health and Wellbeing Board")
    with pytest.raises(AccessDenied):
        await set_attendance(
            database, viewer=diane, meeting_id=elsewhere, status="apologies", now=NOW
        )
    with pytest.raises(NotFoundError):
        await set_attendance(database, viewer=diane, meeting_id=99999, status="attending", now=NOW)
    assert await _rows(database) == []


async def test_a_meeting_that_has_started_is_closed(database: Database, diane: Viewer) -> None:
    [meeting_id] = await _meeting_ids(database)
    for now in (START, START + timedelta(days=30)):
        with pytest.raises(QuorumError, match="already started"):
            await set_attendance(
                database, viewer=diane, meeting_id=meeting_id, status="apologies", now=now
            )
    minute_before = START - timedelta(minutes=1)
    sent = await set_attendance(
        database, viewer=diane, meeting_id=meeting_id, status="apologies", now=minute_before
    )
    assert sent.status == "apologies"


async def test_a_cancelled_meeting_is_refused(database: Database, diane: Viewer) -> None:
    [meeting_id] = await _meeting_ids(database)
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED.value
        session.add(meeting)
    with pytest.raises(QuorumError, match="cancelled"):
        await set_attendance(
            database, viewer=diane, meeting_id=meeting_id, status="attending", now=NOW
        )
    assert await _rows(database) == []


async def test_answers_must_make_sense(database: Database, diane: Viewer) -> None:
    [meeting_id] = await _meeting_ids(database)
    with pytest.raises(QuorumError, match="substitute"):
        await set_attendance(
            database,
            viewer=diane,
            meeting_id=meeting_id,
            status="attending",
            now=NOW,
            substitute="Someone Else",
        )
    with pytest.raises(AttendanceDetailsError, match="under 500"):
        await set_attendance(
            database,
            viewer=diane,
            meeting_id=meeting_id,
            status="apologies",
            now=NOW,
            reason="x" * 501,
        )
    with pytest.raises(QuorumError, match="Unknown attendance"):
        await set_attendance(
            database,
            viewer=diane,
            meeting_id=meeting_id,
            status="maybe",  # type: ignore[arg-type]
            now=NOW,
        )
    assert await _rows(database) == []


async def test_a_group_audience_cannot_answer(database: Database, diane: Viewer) -> None:
    # The public audience of a board's group chat is not a person.
    [meeting_id] = await _meeting_ids(database)
    board_id = diane.boards[0].board_id
    audience = Viewer(
        person_id=0,
        full_name="Testshire Health and Wellbeing Board",
        boards=(BoardRole(board_id, "Testshire Health and Wellbeing Board", "public"),),
    )
    with pytest.raises(AccessDenied):
        await set_attendance(
            database, viewer=audience, meeting_id=meeting_id, status="attending", now=NOW
        )
    assert await my_attendance(database, viewer=audience, meeting_id=meeting_id) is None


# -- apologies given again, late apologies -------------------------------------------------------


@pytest.fixture
async def board(database: Database) -> Board:
    """Five voting members (Adam and Bob not on Telegram), an officer, two clerks."""
    return await build_board(database)


async def test_apologies_again_keep_the_reason_unless_replaced(
    database: Database, board: Board
) -> None:
    diane = board.people["diane"]

    async def apologise(
        reason: str | None = None, substitute: str | None = None, *, keep: bool = False
    ) -> AttendanceView:
        return await set_attendance(
            database,
            viewer=diane,
            meeting_id=board.meeting_id,
            status="apologies",
            now=NOW,
            reason=reason,
            substitute=substitute,
            keep_details=keep,
        )

    await apologise("On leave", "Cllr Jones")
    again = await apologise(keep=True)
    assert (again.reason, again.substitute) == ("On leave", "Cllr Jones")
    newer = await apologise("Ill", keep=True)
    assert (newer.reason, newer.substitute) == ("Ill", "Cllr Jones")
    plain = await apologise()
    assert (plain.reason, plain.substitute) == (None, None)


async def test_apologies_before_the_agenda_is_published_tell_nobody(
    database: Database, board: Board
) -> None:
    sent = await set_attendance(
        database,
        viewer=board.people["diane"],
        meeting_id=board.meeting_id,
        status="apologies",
        now=NOW,
    )
    assert sent.clerks_told == 0
    assert await late_rows(database) == []


# -- quorum ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text", "voting", "required"),
    [
        ("1/3", "1/3", 5, 2),
        ("1/3", "1/3", 6, 2),
        ("1/3", "1/3", 7, 3),
        ("one third", "1/3", 9, 3),
        ("5", "5", 3, 5),
        (" 50 % ", "50%", 5, 3),
        ("half", "1/2", 4, 2),
        ("two thirds", "2/3", 10, 7),
        ("Majority", "majority", 4, 3),
        ("majority", "majority", 5, 3),
        ("1/3", "1/3", 0, 1),
    ],
)
def test_quorum_rules_are_read_and_round_up(
    rule: str, text: str, voting: int, required: int
) -> None:
    parsed = parse_rule(rule)
    assert parsed.text == text
    assert parsed.required(voting) == required


@pytest.mark.parametrize("rule", ["", "0", "1000", "4/3", "0/2", "150%", "most", "1/0", "-2"])
def test_nonsense_quorum_rules_are_refused(rule: str) -> None:
    with pytest.raises(QuorumRuleError):
        parse_rule(rule)


async def test_the_picture_counts_voting_members_and_forecasts_the_quorum(
    database: Database, board: Board
) -> None:
    carol = board.people["carol"]
    meeting_id = board.meeting_id

    async def answer(
        who: str,
        status: Literal["attending", "apologies"],
        reason: str | None = None,
        substitute: str | None = None,
    ) -> None:
        await set_attendance(
            database,
            viewer=board.people[who],
            meeting_id=meeting_id,
            status=status,
            now=NOW,
            reason=reason,
            substitute=substitute,
        )

    picture = await attendance_picture(database, viewer=carol, meeting_id=meeting_id)
    assert [person.name for person in picture.expected] == [
        "Adam Young",
        "Bob Brown",
        "Diane Ellison",
        "Mike Sandys",
        "Zoe Adams",
    ]
    assert picture.rule.text == "1/3" and picture.required == 2
    assert not picture.quorate and picture.can_be_quorate
    assert len(picture.no_reply) == 5

    await answer("diane", "attending")
    await answer("katherine", "attending")  # an officer: listed, not counted
    await answer("mike", "apologies", reason="On leave", substitute="Cllr Jones")
    picture = await attendance_picture(database, viewer=carol, meeting_id=meeting_id)
    assert [(p.name, p.voting) for p in picture.attending] == [
        ("Diane Ellison", True),
        ("Katherine Willison", False),
    ]
    assert picture.voting_attending == 1 and not picture.quorate
    [mike] = picture.apologies
    assert (mike.reason, mike.substitute) == ("On leave", "Cllr Jones")
    assert [p.name for p in picture.no_reply] == ["Adam Young", "Bob Brown", "Zoe Adams"]

    await answer("zoe", "attending")
    picture = await attendance_picture(database, viewer=carol, meeting_id=meeting_id)
    assert picture.quorate

    setting = await set_quorum_rule(database, board_name=BOARD, rule_text="majority")
    assert (setting.voting, setting.required) == (5, 3)
    picture = await attendance_picture(database, viewer=carol, meeting_id=meeting_id)
    assert not picture.quorate and picture.can_be_quorate
    await set_quorum_rule(database, board_name=BOARD, rule_text="5")
    picture = await attendance_picture(database, viewer=carol, meeting_id=meeting_id)
    assert not picture.can_be_quorate  # Mike sent apologies: five can no longer come

    with pytest.raises(AccessDenied):
        await attendance_picture(database, viewer=board.people["diane"], meeting_id=meeting_id)
    with pytest.raises(NotFoundError):
        await set_quorum_rule(database, board_name="Nowhere Board", rule_text="3")


async def test_chasing_reminds_linked_members_without_a_reply_once_a_day(
    database: Database, board: Board
) -> None:
    carol = board.people["carol"]
    await set_attendance(
        database,
        viewer=board.people["diane"],
        meeting_id=board.meeting_id,
        status="attending",
        now=NOW,
    )
    chased = await chase_no_replies(database, viewer=carol, meeting_id=board.meeting_id, now=NOW)
    assert (chased.queued, chased.already) == (2, 0)
    assert chased.not_on_telegram == ("Adam Young", "Bob Brown")
    async with database.read() as session:
        rows = (await session.exec(select(Notification).where(Notification.lead == "chase"))).all()
    assert sorted(row.person_id or 0 for row in rows) == sorted(
        [board.people["mike"].person_id, board.people["zoe"].person_id]
    )
    assert {(row.kind, row.due_at_utc) for row in rows} == {("meeting-reminder", NOW)}
    again = await chase_no_replies(
        database, viewer=carol, meeting_id=board.meeting_id, now=NOW + timedelta(hours=1)
    )
    assert (again.queued, again.already) == (0, 2)
    tomorrow = await chase_no_replies(
        database, viewer=carol, meeting_id=board.meeting_id, now=NOW + timedelta(days=1)
    )
    assert tomorrow.queued == 2
    with pytest.raises(AccessDenied):
        await chase_no_replies(
            database, viewer=board.people["diane"], meeting_id=board.meeting_id, now=NOW
        )
