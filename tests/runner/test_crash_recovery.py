"""Kill -9 in the middle of a broadcast: nothing lost, duplicates only from in-flight sends.

`quorum run` runs as a real process against the fake Bot API, which enforces Telegram's
limits. The clerk publishes to 500 members; the process is killed with SIGKILL part-way; a
reminder falls due (and another expires) while it is down; then it is started again.

The sends the killed process had claimed are sent by the new one: at once on SQLite (one
process, so every lease found at start is a dead one's), after their lease runs out on
PostgreSQL (another instance might still hold them); the test's leases are short.
"""

from __future__ import annotations

import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from fakegram import FakeBotApi, FakeChat, FakeUser
from notify.outbox import NewNotification, enqueue
from storage.engine import Database
from storage.models import Notification, NotificationKind, Person
from tests.auxil.crowd import crowd_in_chat
from tests.auxil.processes import Running, start_quorum, until

pytestmark = pytest.mark.wallclock

MEMBERS = 500
FIRST_ID = 200_000
CLERK = FakeUser(id=9_000, first_name="Clerk", last_name="Crowd")
LEASE_SECONDS = 10


async def _start(fake: FakeBotApi, db_url: str, cwd: Path, name: str) -> Running:
    return await start_quorum(
        fake, db_url, cwd, name=name, QUORUM_OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS)
    )


def _documents(fake: FakeBotApi, chat_id: int) -> int:
    return sum(1 for message in fake.messages_to(chat_id) if message.document is not None)


def _texts(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [message.plain_text for message in fake.messages_to(chat_id)]


async def _states(database: Database) -> Counter[str]:
    async with database.read() as session:
        rows = await session.exec(
            select(Notification.state).where(
                Notification.kind == NotificationKind.PUBLICATION.value
            )
        )
        return Counter(rows.all())


async def test_a_broadcast_killed_midway_is_finished_on_restart_without_loss(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    crowd = await crowd_in_chat(
        database,
        fake_api,
        members=MEMBERS,
        first_user_id=FIRST_ID,
        clerk_user_id=CLERK.id,
        days_ahead=3,
        now=now,
    )
    fake_api.add_chat(FakeChat.private(CLERK))
    fake_api.enforce_limits()

    killed = await _start(fake_api, db_url, tmp_path, "killed")
    try:
        await fake_api.user_sends(CLERK, "/publish")
        preview = await fake_api.wait_for_message(
            CLERK.id, lambda message: message.plain_text.startswith("👀 Preview"), timeout=30
        )
        [send] = [label for row in preview.buttons for label, _ in row if label.startswith("Send")]
        await fake_api.user_presses(CLERK, preview, preview.button_data(send))
        await until(
            lambda: sum(_documents(fake_api, uid) > 0 for uid in crowd.member_ids) >= 150,
            within=60,
            what="150 deliveries",
        )
    finally:
        killed.process.kill()  # SIGKILL: no shutdown code runs
        await killed.process.wait()
    assert killed.process.returncode == -signal.SIGKILL
    at_kill = await _states(database)
    in_flight = at_kill["sending"]
    delivered_before = sum(_documents(fake_api, uid) > 0 for uid in crowd.member_ids)
    assert 150 <= delivered_before < MEMBERS
    assert at_kill["pending"] > 0  # the kill really was midway

    # While it is down: one reminder falls due, one expires.
    down = datetime.now(UTC)
    async with database.write() as session:
        [first, second] = (
            await session.exec(
                select(Person.id)
                .where(col(Person.telegram_user_id).in_(crowd.member_ids[:2]))
                .order_by(col(Person.telegram_user_id))
            )
        ).all()

        def reminder(person_id: int | None, expires: datetime) -> NewNotification:
            return NewNotification(
                kind=NotificationKind.MEETING_REMINDER.value,
                dedupe_key=f"meeting:{crowd.meeting_id}:person:{person_id}:2h",
                due_at_utc=down - timedelta(minutes=5),
                expires_at_utc=expires,
                board_id=crowd.board_id,
                person_id=person_id,
                meeting_id=crowd.meeting_id,
                lead="2h",
            )

        await enqueue(
            session,
            [reminder(first, down + timedelta(hours=1)), reminder(second, down)],
            now=down,
        )

    again = await _start(fake_api, db_url, tmp_path, "again")
    try:
        await until(
            lambda: any("Report" in text for text in _texts(fake_api, CLERK.id)),
            within=90,
            what="the clerk's report",
        )
        await until(
            lambda: any("Reminder" in t for t in _texts(fake_api, crowd.member_ids[0])),
            within=30,
            what="the reminder due while down",
        )
    finally:
        text = await again.terminate()
    assert again.process.returncode == 0, text

    counts = [_documents(fake_api, uid) for uid in crowd.member_ids]
    assert min(counts) == 1, "a member got nothing"
    duplicates = sum(count - 1 for count in counts)
    assert duplicates <= in_flight, (duplicates, in_flight)
    assert fake_api.rate_limited == []
    # Every member is counted once: the 500, the clerk (who sits on the board) and the chair
    # named in the pack, who is not on Telegram.
    [report] = [text for text in _texts(fake_api, CLERK.id) if "Report" in text]
    assert f"Delivered to {MEMBERS + 1} of {MEMBERS + 2} members." in report
    assert "Unreachable (1, not on Telegram yet, or they blocked Quorum): Chair Person" in report
    assert await _states(database) == Counter({"sent": MEMBERS + 1, "failed": 1})
    # The expired reminder died instead of going out late.
    assert not any("Reminder" in t for t in _texts(fake_api, crowd.member_ids[1]))
    async with database.read() as session:
        expired = (
            await session.exec(
                select(Notification).where(
                    Notification.kind == NotificationKind.MEETING_REMINDER.value,
                    col(Notification.dedupe_key).endswith(":2h"),
                    col(Notification.person_id) == second,
                )
            )
        ).one()
    assert (expired.state, expired.last_error) == ("dead", "expired")
