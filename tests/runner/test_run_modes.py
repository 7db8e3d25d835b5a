"""``quorum run`` as a real process: SIGTERM, webhook mode, one poller, one SQLite process.

Each test starts the real command against the fake Bot API over HTTP, with the database of
the pass (a SQLite file, or PostgreSQL on the PostgreSQL pass).
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import col, select

from core.settings import load_settings
from fakegram import FakeBotApi, FakeChat, FakeUser
from storage.engine import Database
from storage.models import Instance, Notification, Person
from tests.auxil.crowd import crowd_in_chat, queue_due_reminders
from tests.auxil.people import TEST_TOKEN
from tests.auxil.processes import start_quorum, until

pytestmark = pytest.mark.wallclock

MEMBERS = 150
FIRST_ID = 500_000
CLERK = FakeUser(id=9_300, first_name="Clerk", last_name="Crowd")
VISITOR = FakeUser(id=9_400, first_name="Vera", last_name="Visitor")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _queued_here() -> Any:
    """The reminders this module queued (the planner queues the clerk's own as well)."""
    return col(Notification.dedupe_key).like("meeting:%:person:%:1d") & col(
        Notification.person_id
    ).in_(select(Person.id).where(col(Person.telegram_user_id) >= FIRST_ID))


async def _states(database: Database) -> Counter[str]:
    async with database.read() as session:
        rows = await session.exec(select(Notification.state).where(_queued_here()))
        return Counter(rows.all())


def _delivered(fake: FakeBotApi, members: list[int]) -> Counter[int]:
    return Counter({chat: len(fake.messages_to(chat)) for chat in members})


async def test_sigterm_finishes_sends_in_flight_and_gives_the_rest_back(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    crowd = await crowd_in_chat(
        database,
        fake_api,
        members=MEMBERS,
        first_user_id=FIRST_ID,
        clerk_user_id=CLERK.id,
        days_ahead=1,
        now=now,
    )
    await queue_due_reminders(database, crowd, now=now)
    # Slow answers: at any moment several sends are in flight.
    fake_api.latency = 0.3

    quorum = await start_quorum(fake_api, db_url, tmp_path, QUORUM_SEND_RATE="20")
    await until(
        lambda: sum(_delivered(fake_api, crowd.member_ids).values()) >= 30,
        within=60,
        what="30 deliveries",
    )
    text = await quorum.terminate()
    assert quorum.process.returncode == 0, text
    assert "stopped" in text

    states = await _states(database)
    delivered = _delivered(fake_api, crowd.member_ids)
    got = sum(delivered.values())
    # Every send the fake answered is recorded as sent; nothing is left claimed; the rest
    # wait as pending, their attempt given back.
    assert states["sent"] == got
    assert states["sending"] == 0
    assert states["pending"] == MEMBERS - got > 0
    async with database.read() as session:
        attempts = (
            await session.exec(select(Notification.attempts).where(Notification.state == "pending"))
        ).all()
        assert set(attempts) == {0}
        assert (await session.exec(select(Instance))).all() == []

    fake_api.latency = 0.0
    quorum = await start_quorum(fake_api, db_url, tmp_path, name="again")
    try:
        await until(
            lambda: sum(_delivered(fake_api, crowd.member_ids).values()) >= MEMBERS,
            within=60,
            what="the rest",
        )
    finally:
        text = await quorum.terminate()
    assert quorum.process.returncode == 0, text
    assert set(_delivered(fake_api, crowd.member_ids).values()) == {1}


def _update(user: FakeUser, text: str, update_id: int) -> dict[str, Any]:
    person = {"id": user.id, "is_bot": False, "first_name": user.first_name}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": person,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_run_with_webhook_sets_it_and_answers_updates_posted_with_the_secret(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    fake_api.add_chat(FakeChat.private(VISITOR))
    port = _free_port()
    quorum = await start_quorum(
        fake_api,
        db_url,
        tmp_path,
        "--webhook",
        "https://quorum.example.org",
        QUORUM_HTTP_PORT=str(port),
    )
    settings = load_settings(telegram_token=TEST_TOKEN)
    endpoint = f"http://127.0.0.1:{port}/telegram/{settings.webhook_path_value}"
    try:
        await until(lambda: bool(fake_api.webhook_url), within=60, what="setWebhook")
        [call] = fake_api.calls("setWebhook")
        assert call.params["url"] == (
            f"https://quorum.example.org/telegram/{settings.webhook_path_value}"
        )
        assert call.params["secret_token"] == settings.webhook_secret_value
        async with aiohttp.ClientSession() as http:
            async with http.post(
                endpoint,
                json=_update(VISITOR, "/help", 1),
                headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            ) as response:
                assert response.status == 403
            async with http.post(
                endpoint,
                json=_update(VISITOR, "/help", 2),
                headers={"X-Telegram-Bot-Api-Secret-Token": settings.webhook_secret_value},
            ) as response:
                assert response.status == 200
        await fake_api.wait_for_message(VISITOR.id, lambda message: True, timeout=30)
        # It never polls: Telegram would refuse getUpdates while a webhook is set.
        assert fake_api.calls("getUpdates") == []
    finally:
        text = await quorum.terminate()
    assert quorum.process.returncode == 0, text
    assert len(fake_api.messages_to(VISITOR.id)) == 1  # the forged update did nothing


@pytest.mark.sqlite_only
async def test_a_second_quorum_run_on_one_sqlite_file_is_refused(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    first = await start_quorum(fake_api, db_url, tmp_path, name="first")
    try:
        await until(lambda: bool(fake_api.calls("getUpdates")), within=60, what="polling")
        second = await start_quorum(fake_api, db_url, tmp_path, name="second")
        await asyncio.wait_for(second.process.wait(), timeout=60)
        assert second.process.returncode == 1
        assert "another quorum run" in second.log_text()
        assert "SQLite serves one process only" in second.log_text()
    finally:
        text = await first.terminate()
    assert first.process.returncode == 0, text


@pytest.mark.postgres_only
async def test_one_instance_polls_and_a_standby_takes_over_when_it_stops(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    fake_api.add_chat(FakeChat.private(VISITOR))
    tokens = [f"{fake_api.bot_id}:poller-{n}" for n in range(3)]
    ports = [_free_port() for _ in tokens]
    started = [
        await start_quorum(
            fake_api, db_url, tmp_path, token=token, name=f"p{n}", QUORUM_HTTP_PORT=str(port)
        )
        for n, (token, port) in enumerate(zip(tokens, ports, strict=True))
    ]
    try:
        await until(lambda: bool(fake_api.calls("getUpdates")), within=60, what="polling")

        # Wait for every instance to be up (each beats in the instance table).
        async def instances() -> list[Instance]:
            async with database.read() as session:
                return list((await session.exec(select(Instance))).all())

        for _ in range(600):
            rows = await instances()
            if len(rows) == 3 and all(row.role != "starting" for row in rows):
                break
            await asyncio.sleep(0.1)
        roles = Counter(row.role for row in await instances())
        assert roles == Counter({"leader": 1, "standby": 2})
        # Each one's /healthz tells its own role and lists the three.
        async with aiohttp.ClientSession() as http:
            for token, port in zip(tokens, ports, strict=True):
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    health = await response.json()
                assert response.status == 200, health
                assert health["updates"]["polling"] in ("leader", "standby")
                assert len(health["instances"]) == 3
                assert token not in str(health)
        pollers = {call.token for call in fake_api.calls("getUpdates")}
        assert len(pollers) == 1
        [leader] = pollers
        await fake_api.user_sends(VISITOR, "/help")
        await fake_api.wait_for_message(VISITOR.id, lambda message: True, timeout=30)

        index = tokens.index(leader)
        leading = started[index]
        text = await leading.terminate()
        assert leading.process.returncode == 0, text
        stopped_at = asyncio.get_running_loop().time()
        await fake_api.user_sends(VISITOR, "/help")
        await until(
            lambda: len(fake_api.messages_to(VISITOR.id)) == 2, within=30, what="a new poller"
        )
        after = {call.token for call in fake_api.calls("getUpdates") if call.time > stopped_at}
        assert len(after) == 1 and leader not in after
    finally:
        for one in started:
            await one.terminate()
    for one in started:
        assert one.process.returncode == 0, one.log_text()
    assert len(fake_api.messages_to(VISITOR.id)) == 2
