"""A board with hundreds of members on Telegram, built in one transaction (crash tests, benches)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from fakegram import FakeBotApi, FakeChat
from notify.outbox import NewNotification, enqueue
from packs.model import Member
from services.imports import import_pack
from services.people import link_telegram
from services.preferences import QUIET_OFF, QUIET_PRESETS
from services.views import Viewer
from storage.engine import Database
from storage.models import Meeting, Membership, NotificationKind, Person
from tests.auxil.packs import make_pack

CROWD_BOARD = "Crowdshire Health and Wellbeing Board"


@dataclass(frozen=True, slots=True)
class Crowd:
    """The crowd's board and meeting, its members' Telegram ids and its clerk."""

    board_id: int
    meeting_id: int
    member_ids: list[int]  # Telegram user ids, in order
    clerk: Viewer


async def crowd_board(
    db: Database,
    *,
    members: int,
    first_user_id: int,
    clerk_user_id: int,
    start: datetime,
    now: datetime,
) -> Crowd:
    """``members`` people linked to Telegram ids first_user_id.., a clerk, one meeting.

    The members have chosen no quiet hours (the /settings choice "off"): what a crowd measures
    (throughput, recovery) then does not depend on the hour the test or bench runs at.
    """
    window = QUIET_PRESETS[QUIET_OFF]
    assert window is not None
    quiet_start, quiet_end = window
    summary = await import_pack(
        db,
        pack=make_pack(body=CROWD_BOARD, start=start, members=[Member(name="Chair Person")]),
        board_name=None,
        timezone="Europe/London",
        now=now,
        new_board=True,
    )
    user_ids = [first_user_id + n for n in range(members)]
    async with db.write() as session:
        meeting = await session.get(Meeting, summary.meeting_id)
        assert meeting is not None
        board_id = meeting.board_id
        people = [
            Person(
                full_name=f"Member {n:04d}",
                telegram_user_id=user_id,
                quiet_start_minute=quiet_start,
                quiet_end_minute=quiet_end,
            )
            for n, user_id in enumerate(user_ids)
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            Membership(board_id=board_id, person_id=person.id or 0) for person in people
        )
    clerk = await link_telegram(
        db,
        board_name=CROWD_BOARD,
        person_name="Clerk Crowd",
        telegram_user_id=clerk_user_id,
        role="clerk",
        now=now,
    )
    return Crowd(
        board_id=board_id,
        meeting_id=summary.meeting_id,
        member_ids=user_ids,
        clerk=clerk,
    )


async def crowd_in_chat(
    db: Database,
    fake: FakeBotApi,
    *,
    members: int,
    first_user_id: int,
    clerk_user_id: int,
    days_ahead: int,
    now: datetime,
) -> Crowd:
    """A crowd board (see ``crowd_board``) whose meeting is ``days_ahead`` days after ``now``, to
    the minute, and a private chat with each member that ``fake`` knows about (the clerk's is
    left to the test: some tests want the clerk unreachable)."""
    crowd = await crowd_board(
        db,
        members=members,
        first_user_id=first_user_id,
        clerk_user_id=clerk_user_id,
        start=(now + timedelta(days=days_ahead)).replace(second=0, microsecond=0),
        now=now,
    )
    for user_id in crowd.member_ids:
        fake.add_chat(FakeChat(id=user_id, type="private", first_name=f"M{user_id}"))
    return crowd


async def queue_due_reminders(
    db: Database, crowd: Crowd, *, now: datetime, lead: str = "1d"
) -> list[int]:
    """One meeting reminder per member of the crowd, due a minute ago, in one transaction.
    Returns the members' person ids (the rows' ``person_id``)."""
    async with db.write() as session:
        people = [
            person_id
            for person_id in (
                await session.exec(
                    select(Person.id).where(col(Person.telegram_user_id).in_(crowd.member_ids))
                )
            ).all()
            if person_id is not None
        ]
        await enqueue(
            session,
            [
                NewNotification(
                    kind=NotificationKind.MEETING_REMINDER.value,
                    dedupe_key=f"meeting:{crowd.meeting_id}:person:{person_id}:{lead}",
                    due_at_utc=now - timedelta(minutes=1),
                    expires_at_utc=now + timedelta(hours=2),
                    board_id=crowd.board_id,
                    person_id=person_id,
                    meeting_id=crowd.meeting_id,
                    lead=lead,
                )
                for person_id in people
            ],
            now=now,
        )
    return people
