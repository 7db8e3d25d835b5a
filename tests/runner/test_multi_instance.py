"""Several ``quorum run`` processes on one PostgreSQL database.

Real processes, a real PostgreSQL server and the fake Bot API over HTTP. Each process uses a
token of its own (same bot id: the fake treats them as one bot), so the fake can tell which
process made each call, and can make one of them hang mid-send before it is killed.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from fakegram import FakeBotApi, FakeChat, FakeUser
from storage.engine import Database
from storage.models import Instance, Notification, Person
from tests.auxil.crowd import crowd_in_chat, queue_due_reminders
from tests.auxil.processes import Running, start_quorum, until

pytestmark = [pytest.mark.postgres_only, pytest.mark.wallclock]

ROWS = 10_000
INSTANCES = 4
LEASE_SECONDS = 6
FIRST_ID = 400_000
CLERK = FakeUser(id=9_100, first_name="Clerk", last_name="Crowd")
VISITOR = FakeUser(id=9_200, first_name="Vera", last_name="Visitor")


def _token(fake: FakeBotApi, n: int) -> str:
    return f"{fake.bot_id}:instance-{n}-of-quorum"


async def _start(fake: FakeBotApi, db_url: str, workdir: Path, n: int) -> Running:
    return await start_quorum(
        fake,
        db_url,
        workdir,
        token=_token(fake, n),
        name=f"instance-{n}",
        QUORUM_SEND_RATE="400",
        QUORUM_OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
    )


async def _stop_all(running: list[Running]) -> None:
    for one in running:  # all at once, then wait for each
        one.signal_stop()
    for one in running:
        await one.terminate()


def _pollers(fake: FakeBotApi, since: float = 0.0) -> set[str]:
    return {call.token for call in fake.calls("getUpdates") if call.time >= since}


def _reminders_sent_by(fake: FakeBotApi, members: set[int]) -> dict[int, list[str]]:
    """Chat id -> the tokens that delivered a message to it (answered 200)."""
    senders: dict[int, list[str]] = {}
    for call in fake.calls("sendMessage"):
        chat = int(call.params.get("chat_id", 0))
        if chat in members and call.status == 200:
            senders.setdefault(chat, []).append(call.token)
    return senders


async def _claims_of(database: Database, pid: int) -> set[int]:
    """Rows a process (by pid) holds in state sending: lease owners are host:pid:suffix."""
    async with database.read() as session:
        rows = await session.exec(
            select(Notification.id, Notification.lease_owner).where(Notification.state == "sending")
        )
        pattern = re.compile(rf":{pid}:")
        return {
            row_id
            for row_id, owner in rows.all()
            if row_id is not None and owner and pattern.search(owner)
        }


async def test_four_instances_drain_10000_each_once_and_take_over_a_killed_ones_claims(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    crowd = await crowd_in_chat(
        database,
        fake_api,
        members=ROWS,
        first_user_id=FIRST_ID,
        clerk_user_id=CLERK.id,
        days_ahead=1,
        now=now,
    )
    members = set(crowd.member_ids)
    people = await queue_due_reminders(database, crowd, now=now)
    assert len(people) == ROWS
    fake_api.add_chat(FakeChat.private(CLERK))
    fake_api.add_chat(FakeChat.private(VISITOR))

    def delivered() -> int:
        return len(_reminders_sent_by(fake_api, members))

    running = [await _start(fake_api, db_url, tmp_path, n) for n in range(INSTANCES)]
    loop = asyncio.get_running_loop()
    try:
        await until(lambda: bool(_pollers(fake_api)), within=60, what="a process to poll")
        await until(lambda: delivered() >= ROWS // 5, within=120, what="2,000 deliveries")
        # Exactly one process takes updates; kill that one, midway through the outbox.
        [leader_token] = _pollers(fake_api)
        [victim] = [one for one in running if one.token == leader_token]
        # It hangs mid-send (its calls get no answer and are not carried out), then dies.
        fake_api.hold_calls_from(victim.token)
        await until(lambda: fake_api.held_calls > 0, within=30, what="the victim to hang")
        await asyncio.sleep(1.0)  # sends answered before the hang get recorded
        victim.process.kill()
        await victim.process.wait()
        killed_at = loop.time()
        orphaned = await _claims_of(database, victim.process.pid)
        delivered_at_kill = delivered()
        assert orphaned, "the killed process held no claims"
        assert delivered_at_kill < ROWS, "the kill was not midway"

        await until(lambda: delivered() >= ROWS, within=300, what="all 10,000 deliveries")
        # Another process took over polling: a member's message is answered once.
        await until(
            lambda: bool(_pollers(fake_api, since=killed_at)), within=30, what="a new poller"
        )
        takeover = _pollers(fake_api, since=killed_at + 1)
        await fake_api.user_sends(VISITOR, "/help")
        await fake_api.wait_for_message(VISITOR.id, lambda message: True, timeout=30)
    finally:
        await _stop_all(running)

    senders = _reminders_sent_by(fake_api, members)
    # Each member got exactly one reminder: none lost, none twice.
    assert len(senders) == ROWS
    assert Counter(len(tokens) for tokens in senders.values()) == Counter({1: ROWS})
    # The killed process's claims went out later, through the others.
    chat_of = await _chats_of(database, orphaned)
    assert {senders[chat][0] for chat in chat_of.values()}.isdisjoint({victim.token})
    async with database.read() as session:
        rows = (
            await session.exec(
                select(Notification.id, Notification.state, Notification.attempts).where(
                    col(Notification.person_id).in_(people)
                )
            )
        ).all()
    assert Counter(state for _, state, _ in rows) == Counter({"sent": ROWS})
    # Claimed once by the dead process (its lease expired), once by the one that sent it.
    assert {attempts for row_id, _, attempts in rows if row_id in orphaned} == {2}
    # All four sent a share; the rest were answered by the three left.
    by_token = Counter(tokens[0] for tokens in senders.values())
    assert set(by_token) == {one.token for one in running}
    assert sum(by_token.values()) == ROWS
    # Polling passed to exactly one of the survivors, and the visitor got one answer.
    assert len(takeover) == 1 and victim.token not in takeover
    assert len(fake_api.messages_to(VISITOR.id)) == 1
    for one in running:
        if one is not victim:
            assert one.process.returncode == 0, one.log_text()
            assert "Traceback" not in one.log_text(), one.log_text()
    async with database.read() as session:
        left = (await session.exec(select(Instance.name))).all()
    # Clean stops forget their rows; only the killed process's row is left (it stops beating).
    assert len(left) == 1


async def _chats_of(database: Database, notification_ids: set[int]) -> dict[int, int]:
    async with database.read() as session:
        rows = (
            await session.exec(
                select(Notification.id, Person.telegram_user_id)
                .join(Person, col(Person.id) == col(Notification.person_id))
                .where(col(Notification.id).in_(notification_ids))
            )
        ).all()
    return {int(row_id or 0): int(user_id or 0) for row_id, user_id in rows}
