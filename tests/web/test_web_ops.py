"""The HTTP server's operations side: the Telegram webhook, /healthz and /metrics.

Everything runs for real: the web app under uvicorn (``WebServer`` on 127.0.0.1, port 0) talked
to with aiohttp, the PTB Application (started, but not polling: its updates come through the
webhook) talking HTTP to fakegram, a SQLite file, and PostgreSQL servers that cannot be reached.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import update
from starlette.applications import Starlette
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.app import QuorumApplication, build_application, finish, prepare, sends_queued
from bot.metrics import QuorumMetrics, ScrapeReading, failure_reason, metrics_of
from core.clock import FixedClock
from core.settings import Settings, load_settings
from fakegram import FakeBotApi, FakeUser
from notify.dispatcher import Dispatcher
from notify.outbox import NewNotification, enqueue
from notify.outcomes import Claimed, Delivered, Outcome, Unreachable
from storage.engine import Database
from storage.models import Notification
from tests.auxil.people import MEMBER, TEST_TOKEN
from web.app import SECRET_HEADER, create_web_app, webhook_path
from web.server import WebServer

# Nothing listens on port 1 of this machine: a PostgreSQL server that is down.
REFUSING_DB = "postgresql+asyncpg://quorum:not-for-your-eyes@127.0.0.1:1/quorum"
STRANGER_HELP = "To start, ask your clerk for an invite link."
BLOCKER = FakeUser(id=5002, first_name="Barry", last_name="Blocker")
OUTBOX_STATES = {"pending", "sending", "failed", "dead"}


# -- helpers and fixtures -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass(frozen=True, slots=True)
class Web:
    base_url: str
    client: aiohttp.ClientSession

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        async with self.client.request(
            method, self.base_url + path, data=body, headers=dict(headers or {})
        ) as response:
            return Answer(response.status, CIMultiDict(response.headers), await response.read())

    async def get(self, path: str) -> Answer:
        return await self.request("GET", path)


@asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[Web]:
    server = WebServer(app, host="127.0.0.1", port=0)
    await server.start()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as client:
            yield Web(server.base_url, client)
    finally:
        await server.stop()


def instrumented_application(
    settings: Settings, database: Database, clock: FixedClock
) -> QuorumApplication:
    """The bot as ``quorum run`` builds it: it counts its updates (/metrics)."""
    return build_application(settings=settings, db=database, clock=clock, token=TEST_TOKEN)


@pytest.fixture
async def webhook_bot(
    settings: Settings, database: Database, clock: FixedClock, fake_api: FakeBotApi
) -> AsyncIterator[QuorumApplication]:
    """The real Application, running but not polling: updates reach it only by the webhook."""
    application = instrumented_application(settings, database, clock)
    fake_api.bot_busy = sends_queued(application)
    async with application:
        await prepare(application)
        await application.start()
        yield application
        await finish(application)
        if application.running:
            await application.stop()


@pytest.fixture
async def web(
    webhook_bot: QuorumApplication, database: Database, settings: Settings
) -> AsyncIterator[Web]:
    app = create_web_app(db=database, settings=settings, application=webhook_bot, webhook=True)
    async with serving(app) as client:
        yield client


def secret_headers(settings: Settings, secret: str | None = None) -> dict[str, str]:
    return {
        SECRET_HEADER: settings.webhook_secret_value if secret is None else secret,
        "Content-Type": "application/json",
    }


async def post_update(
    web: Web, settings: Settings, update: Mapping[str, Any], *, secret: str | None = None
) -> Answer:
    return await web.request(
        "POST",
        webhook_path(settings),
        body=json.dumps(update).encode(),
        headers=secret_headers(settings, secret),
    )


async def handled(application: QuorumApplication) -> None:
    """Wait until every update put on the queue has been through all its handlers."""
    async with asyncio.timeout(10):
        await application.update_queue.join()


def families(body: str) -> dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    """Metric families by name: {family: {(sample name, labels): value}}, via the Prometheus
    client's own parser."""
    parsed: dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]] = {}
    for family in text_string_to_metric_families(body):
        samples = parsed.setdefault(family.name, {})
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return parsed


def value(
    parsed: Mapping[str, Mapping[tuple[str, tuple[tuple[str, str], ...]], float]],
    sample: str,
    **labels: str,
) -> float:
    family = next(name for name in parsed if sample.startswith(name))
    return parsed[family][(sample, tuple(sorted(labels.items())))]


async def scrape(web: Web) -> dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    answer = await web.get("/metrics")
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    return families(answer.text)


def updates_counted(application: QuorumApplication) -> float:
    parsed = families(metrics_of(application).render(ScrapeReading(database_up=True)).decode())
    return sum(
        count for (name, _), count in parsed["quorum_updates"].items() if name.endswith("_total")
    )


# -- the webhook --------------------------------------------------------------------------------


async def test_an_update_posted_with_the_secret_is_handled_and_answered(
    web: Web, webhook_bot: QuorumApplication, settings: Settings, fake_api: FakeBotApi
) -> None:
    update = await fake_api.user_sends(MEMBER, "/help")

    answer = await post_update(web, settings, update)

    assert answer.status == 200
    reply = await fake_api.wait_for_message(MEMBER.id, lambda m: STRANGER_HELP in m.plain_text)
    assert reply.plain_text.startswith("Quorum answers board members' questions")
    await handled(webhook_bot)
    assert len(fake_api.messages_to(MEMBER.id)) == 1
    assert updates_counted(webhook_bot) == 1


@pytest.mark.parametrize(
    "secret",
    [None, "", "wrong-secret", "x" * 300],
    ids=["no header", "empty", "wrong", "longer than any secret"],
)
async def test_without_the_right_secret_an_update_is_refused_and_not_processed(
    web: Web,
    webhook_bot: QuorumApplication,
    settings: Settings,
    fake_api: FakeBotApi,
    secret: str | None,
) -> None:
    update = await fake_api.user_sends(MEMBER, "/help")
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret

    answer = await web.request(
        "POST", webhook_path(settings), body=json.dumps(update).encode(), headers=headers
    )

    assert (answer.status, answer.text) == (403, "Forbidden")
    assert webhook_bot.update_queue.empty()
    await handled(webhook_bot)
    assert fake_api.messages_to(MEMBER.id) == []
    assert updates_counted(webhook_bot) == 0

    # The very same update with the secret is answered: the refusal was the secret's doing.
    assert (await post_update(web, settings, update)).status == 200
    await fake_api.wait_for_message(MEMBER.id, lambda m: STRANGER_HELP in m.plain_text)
    await handled(webhook_bot)
    assert updates_counted(webhook_bot) == 1


async def test_an_update_posted_twice_is_answered_once(
    web: Web, webhook_bot: QuorumApplication, settings: Settings, fake_api: FakeBotApi
) -> None:
    # Telegram re-sends an update whose delivery it thinks failed, with the same update_id.
    update = await fake_api.user_sends(MEMBER, "/help")

    first, again = [await post_update(web, settings, update) for _ in range(2)]

    assert (first.status, again.status) == (200, 200)
    await fake_api.wait_for_message(MEMBER.id, lambda m: STRANGER_HELP in m.plain_text)
    await handled(webhook_bot)
    assert len(fake_api.messages_to(MEMBER.id)) == 1
    assert updates_counted(webhook_bot) == 1

    # The next update (a new update_id) is answered as usual.
    assert (
        await post_update(web, settings, await fake_api.user_sends(MEMBER, "/help"))
    ).status == 200
    await fake_api.wait_for_messages(MEMBER.id, 2)
    await handled(webhook_bot)
    assert updates_counted(webhook_bot) == 2


async def test_only_the_configured_path_takes_updates(
    web: Web, webhook_bot: QuorumApplication, settings: Settings, fake_api: FakeBotApi
) -> None:
    update = json.dumps(await fake_api.user_sends(MEMBER, "/help")).encode()
    headers = secret_headers(settings)

    for path in ("/telegram/not-the-configured-path", "/telegram/", "/telegram"):
        answer = await web.request("POST", path, body=update, headers=headers)
        assert (answer.status, answer.text) == (404, "Not found"), path
    assert (await web.request("GET", webhook_path(settings))).status == 405
    await handled(webhook_bot)
    assert fake_api.messages_to(MEMBER.id) == []


async def test_a_body_that_is_not_an_update_is_refused(
    web: Web, webhook_bot: QuorumApplication, settings: Settings, fake_api: FakeBotApi
) -> None:
    path = webhook_path(settings)
    headers = secret_headers(settings)
    for body in (b"{not json", b"\xff\xfe", b"[1, 2]", b'"update"', b'{"message": {}}'):
        answer = await web.request("POST", path, body=body, headers=headers)
        assert answer.status == 400, body
    too_large = json.dumps({"update_id": 1, "padding": "x" * (1024 * 1024)}).encode()
    assert (await web.request("POST", path, body=too_large, headers=headers)).status == 413
    assert webhook_bot.update_queue.empty()
    assert updates_counted(webhook_bot) == 0


async def test_a_stopping_bot_asks_telegram_to_send_the_update_again(
    settings: Settings, database: Database, clock: FixedClock, fake_api: FakeBotApi
) -> None:
    application = instrumented_application(settings, database, clock)
    app = create_web_app(db=database, settings=settings, application=application, webhook=True)
    update = await fake_api.user_sends(MEMBER, "/help")
    async with application, serving(app) as web:
        await prepare(application)
        await application.start()
        await finish(application)
        await application.stop()

        answer = await post_update(web, settings, update)

        assert answer.status == 503
        assert answer.headers["Retry-After"] == "5"
        assert application.update_queue.empty()
    assert fake_api.messages_to(MEMBER.id) == []


# -- /healthz -----------------------------------------------------------------------------------


async def test_a_healthy_bot_reports_its_database_dispatcher_and_role(
    web: Web, webhook_bot: QuorumApplication, settings: Settings, fake_api: FakeBotApi
) -> None:
    since = datetime(2023, 10, 3, 7, 59, tzinfo=UTC)
    webhook_bot.bot_data["quorum.role"] = {"mode": "polling", "polling": "leader", "since": since}

    answer = await web.get("/healthz")

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Cache-Control"] == "no-store"
    report = answer.json()
    assert report["status"] == "ok"
    assert report["database"]["ok"] is True
    assert report["database"]["latency_ms"] >= 0
    assert "error" not in report["database"]
    assert report["dispatcher"] == {"alive": True, "processed": 0, "last_delivery": None}
    assert report["last_successful_send"] is None
    assert report["updates"] == {
        "mode": "polling",
        "polling": "leader",
        "since": "2023-10-03T07:59:00+00:00",
    }
    assert isinstance(report["version"], str)
    for secret in (settings.webhook_secret_value, settings.webhook_path_value, TEST_TOKEN):
        assert secret not in answer.text


async def test_the_last_successful_send_is_the_latest_in_the_whole_outbox(
    web: Web, webhook_bot: QuorumApplication, database: Database, clock: FixedClock
) -> None:
    # A send by another instance sharing the database (queued and sent in one transaction
    # here, so this process's dispatcher never sees it pending): this process sent nothing.
    sent_at = datetime(2023, 10, 3, 7, 45, 12, tzinfo=UTC)
    async with database.write() as session:
        await enqueue(
            session,
            [NewNotification(kind="broadcast", dedupe_key="elsewhere", due_at_utc=sent_at)],
            now=sent_at,
        )
        await session.exec(
            update(Notification).values(state="sent", sent_at_utc=sent_at, attempts=1)
        )

    report = (await web.get("/healthz")).json()

    assert report["last_successful_send"] == "2023-10-03T07:45:12+00:00"
    assert report["dispatcher"]["last_delivery"] is None


async def test_a_stopped_dispatcher_makes_the_bot_unhealthy(
    web: Web, webhook_bot: QuorumApplication
) -> None:
    await finish(webhook_bot)

    answer = await web.get("/healthz")

    assert answer.status == 503
    report = answer.json()
    assert report["status"] == "unhealthy"
    assert report["database"]["ok"] is True
    assert report["dispatcher"]["alive"] is False


async def test_an_unreachable_database_is_reported_unhealthy(settings: Settings) -> None:
    down = Database(REFUSING_DB)
    try:
        async with serving(create_web_app(db=down, settings=settings)) as web:
            answer = await web.get("/healthz")
    finally:
        await down.dispose()

    assert answer.status == 503
    report = answer.json()
    assert report["status"] == "unhealthy"
    assert report["database"]["ok"] is False
    assert report["database"]["error"]
    assert report["dispatcher"] is None
    assert "not-for-your-eyes" not in answer.text


async def test_a_database_that_never_answers_is_not_waited_for(settings: Settings) -> None:
    """A server that accepts connections and then says nothing (a hung host, a black-holing
    firewall): the check gives up after its deadline and says so."""
    accepted: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    listener = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    hung = Database(f"postgresql+asyncpg://quorum@127.0.0.1:{port}/quorum")
    try:
        async with serving(create_web_app(db=hung, settings=settings)) as web:
            answer = await web.get("/healthz")
            metrics = await scrape(web)
    finally:
        for writer in accepted:
            writer.close()
        listener.close()
        await listener.wait_closed()
        await hung.dispose()

    assert answer.status == 503
    database = answer.json()["database"]
    assert (database["ok"], database["error"]) == (False, "no answer in time")
    assert accepted, "the check did reach the silent server"
    assert value(metrics, "quorum_database_up") == 0


# -- /metrics -----------------------------------------------------------------------------------


async def test_metrics_count_updates_messages_and_the_outbox(
    web: Web,
    webhook_bot: QuorumApplication,
    settings: Settings,
    database: Database,
    clock: FixedClock,
    fake_api: FakeBotApi,
) -> None:
    tomorrow = clock.now() + timedelta(days=1)
    async with database.write() as session:
        await enqueue(
            session,
            [NewNotification(kind="broadcast", dedupe_key="tomorrow", due_at_utc=tomorrow)],
            now=clock.now(),
        )
    help_update = await fake_api.user_sends(MEMBER, "/help")
    assert (await post_update(web, settings, help_update)).status == 200
    await fake_api.wait_for_message(MEMBER.id, lambda m: STRANGER_HELP in m.plain_text)
    await handled(webhook_bot)

    metrics = await scrape(web)

    assert value(metrics, "quorum_updates_total", type="message", outcome="ok") == 1
    assert value(metrics, "quorum_updates_total", type="message", outcome="error") == 0
    assert value(metrics, "quorum_updates_total", type="callback_query", outcome="ok") == 0
    assert value(metrics, "quorum_update_seconds_count") == 1
    assert value(metrics, "quorum_update_seconds_sum") > 0
    assert value(metrics, "quorum_messages_sent_total", method="sendMessage") == 1
    assert value(metrics, "quorum_messages_failed_total", reason="forbidden") == 0
    assert value(metrics, "quorum_database_up") == 1
    assert value(metrics, "quorum_dispatcher_alive") == 1
    rows = {
        dict(labels)["state"]: count for (_, labels), count in metrics["quorum_outbox_rows"].items()
    }
    assert rows == {"pending": 1, "sending": 0, "failed": 0, "dead": 0}
    assert value(metrics, "quorum_outbox_due") == 0
    assert value(metrics, "quorum_outbox_lateness_seconds") == 0
    assert "quorum_last_send_timestamp_seconds" not in metrics


async def test_a_reply_telegram_refuses_counts_as_a_failed_update_and_a_forbidden_send(
    web: Web, webhook_bot: QuorumApplication, settings: Settings, fake_api: FakeBotApi
) -> None:
    fake_api.user_blocks_bot(BLOCKER)
    [blocked] = fake_api.pending_updates()
    assert (await post_update(web, settings, blocked)).status == 200
    help_update = await fake_api.user_sends(BLOCKER, "/help")
    assert (await post_update(web, settings, help_update)).status == 200
    await handled(webhook_bot)

    metrics = await scrape(web)

    assert value(metrics, "quorum_updates_total", type="my_chat_member", outcome="ok") == 1
    assert value(metrics, "quorum_updates_total", type="message", outcome="error") == 1
    # The reply, then the error handler's apology: both refused.
    assert value(metrics, "quorum_messages_failed_total", reason="forbidden") == 2
    assert metrics["quorum_messages_sent"] == {}
    assert fake_api.messages_to(BLOCKER.id) == []


async def test_outbox_depth_and_lateness_come_from_the_database(database: Database) -> None:
    settings = load_settings(database_url=database.url)
    now = datetime.now(UTC)
    rows = [
        NewNotification(
            kind="broadcast", dedupe_key="late", due_at_utc=now - timedelta(seconds=90)
        ),
        NewNotification(
            kind="broadcast", dedupe_key="later", due_at_utc=now - timedelta(seconds=5)
        ),
        NewNotification(kind="broadcast", dedupe_key="future", due_at_utc=now + timedelta(days=2)),
    ]
    async with database.write() as session:
        await enqueue(session, rows, now=now)

    async with serving(create_web_app(db=database, settings=settings)) as web:
        metrics = await scrape(web)

    assert value(metrics, "quorum_outbox_rows", state="pending") == 3
    assert value(metrics, "quorum_outbox_due") == 2
    assert 90 <= value(metrics, "quorum_outbox_lateness_seconds") < 3600
    # No application here: nothing to say about a dispatcher.
    assert "quorum_dispatcher_alive" not in metrics


async def test_metrics_still_answer_when_the_database_is_down(settings: Settings) -> None:
    down = Database(REFUSING_DB)
    try:
        async with serving(create_web_app(db=down, settings=settings)) as web:
            metrics = await scrape(web)
    finally:
        await down.dispose()

    assert value(metrics, "quorum_database_up") == 0
    for family in ("quorum_outbox_rows", "quorum_outbox_due", "quorum_outbox_lateness_seconds"):
        assert family not in metrics
    assert value(metrics, "quorum_messages_failed_total", reason="timeout") == 0


async def test_the_dispatcher_reports_every_outcome(database: Database, clock: FixedClock) -> None:
    metrics = QuorumMetrics()

    async def deliver(item: Claimed) -> Outcome:
        if item.dedupe_key == "blocked":
            return Unreachable("Forbidden: bot was blocked by the user")
        return Delivered(message_id=1)

    async with database.write() as session:
        await enqueue(
            session,
            [
                NewNotification(kind="broadcast", dedupe_key=key, due_at_utc=clock.now())
                for key in ("one", "two", "blocked")
            ],
            now=clock.now(),
        )
    dispatcher = Dispatcher(database, clock, deliver, on_outcome=metrics.outbox_outcome)
    await dispatcher.start()
    try:
        await dispatcher.settled()
    finally:
        await dispatcher.stop()

    parsed = families(metrics.render(ScrapeReading(database_up=True)).decode())
    assert value(parsed, "quorum_outbox_outcomes_total", outcome="delivered") == 2
    assert value(parsed, "quorum_outbox_outcomes_total", outcome="unreachable") == 1
    assert value(parsed, "quorum_outbox_outcomes_total", outcome="retry") == 0


def test_telegram_errors_map_to_failure_reasons() -> None:
    assert failure_reason(RetryAfter(5)) == "retry_after"
    assert failure_reason(Forbidden("Forbidden: bot was blocked by the user")) == "forbidden"
    assert failure_reason(BadRequest("Bad Request: chat not found")) == "bad_request"
    assert failure_reason(TimedOut()) == "timeout"
    assert failure_reason(NetworkError("connection reset")) == "network"
    assert failure_reason(ChatMigrated(-1001)) == "other"
    assert failure_reason(RuntimeError("bug")) == "other"


def test_each_application_has_its_own_registry(
    settings: Settings, database: Database, clock: FixedClock
) -> None:
    first = instrumented_application(settings, database, clock)
    second = instrumented_application(settings, database, clock)
    metrics_of(first).message_sent("sendMessage")

    def sent(application: QuorumApplication) -> float:
        body = metrics_of(application).render(ScrapeReading(database_up=True)).decode()
        return value(families(body), "quorum_messages_sent_total", method="sendMessage")

    assert (sent(first), metrics_of(second).registry is metrics_of(first).registry) == (1, False)
    with pytest.raises(KeyError):
        sent(second)
