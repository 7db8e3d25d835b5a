"""Quorum over HTTP: calendar subscription feeds, the Telegram webhook, ``/healthz`` and
``/metrics``. A plain Starlette route list: add routes to :func:`create_web_app`'s list.

Feeds answer conditional GETs from a stamp (:mod:`services.calendar_feeds`) without rendering:
calendar clients poll every few minutes to hours, and nearly every poll finds nothing new.

The webhook is PTB's custom-webhook pattern: check Telegram's secret header, turn the JSON
into an :class:`telegram.Update`, put it on the application's ``update_queue`` and answer at
once; the application's own update fetcher processes it as it would a polled one. An update
Telegram sends again (same ``update_id``, to this instance or another) is answered 200 and
dropped (:mod:`services.received_updates`).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Update

from bot.metrics import QuorumMetrics, ScrapeReading, metrics_of
from core.settings import Settings
from services import calendar_feeds, received_updates
from services.calendar_feeds import FeedStamp, RenderedFeed
from services.health import describe_error
from services.outbox_admin import outbox_figures
from storage.engine import Database
from web import health

if TYPE_CHECKING:
    from bot.app import QuorumApplication

log = logging.getLogger(__name__)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
# Clients and proxies may reuse a feed this long without asking; after that a conditional GET
# costs us a stamp, not a render.
MAX_AGE_SECONDS = 300
NOT_FOUND = "Not found"
FEED_METHODS = ["GET", "HEAD"]


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 If-None-Match: ``*``, or a list of tags compared weakly (``W/`` ignored)."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


def not_modified(request: Request, stamp: FeedStamp) -> bool:
    """Whether the client's copy is current: If-None-Match decides when present, else
    If-Modified-Since (to the second, as HTTP dates go); an unreadable date is ignored."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag_matches(if_none_match, stamp.etag)
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        return False
    return stamp.last_modified_utc.replace(microsecond=0) <= since


def feed_headers(stamp: FeedStamp) -> dict[str, str]:
    """Validators and caching rules, the same on a 200 and a 304."""
    scope = "private" if stamp.personal else "public"
    return {
        "ETag": stamp.etag,
        "Last-Modified": format_datetime(stamp.last_modified_utc, usegmt=True),
        "Cache-Control": f"{scope}, max-age={MAX_AGE_SECONDS}",
        "X-Content-Type-Options": "nosniff",
    }


def content_disposition(filename: str) -> str:
    """``inline`` with an ASCII filename, and the UTF-8 one (RFC 6266) when they differ."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "calendar.ics"
    value = f'inline; filename="{ascii_name}"'
    if ascii_name != filename:
        value += f"; filename*=UTF-8''{quote(filename)}"
    return value


def not_found() -> Response:
    """The same answer for every unknown token or slug: nothing to learn from it."""
    return PlainTextResponse(NOT_FOUND, status_code=404, headers={"Cache-Control": "no-store"})


def feed_response(feed: RenderedFeed) -> Response:
    headers = feed_headers(feed.stamp)
    headers["Content-Disposition"] = content_disposition(feed.stamp.filename)
    return Response(feed.body, media_type=CALENDAR_TYPE, headers=headers)


class CalendarFeeds:
    """``/calendars/<token>.ics`` (a member's own) and ``/calendars/boards/<slug>.ics``."""

    def __init__(self, *, db: Database, settings: Settings) -> None:
        self._db = db
        self._domain = settings.calendar_domain

    async def personal(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        stamp = await calendar_feeds.personal_stamp(self._db, token, domain=self._domain)
        if stamp is None:
            return not_found()
        if not_modified(request, stamp):
            return Response(status_code=304, headers=feed_headers(stamp))
        feed = await calendar_feeds.personal_feed(self._db, token, domain=self._domain)
        return not_found() if feed is None else feed_response(feed)

    async def board(self, request: Request) -> Response:
        slug = str(request.path_params["slug"])
        stamp = await calendar_feeds.board_stamp(self._db, slug, domain=self._domain)
        if stamp is None:
            return not_found()
        if not_modified(request, stamp):
            return Response(status_code=304, headers=feed_headers(stamp))
        feed = await calendar_feeds.board_feed(self._db, slug, domain=self._domain)
        return not_found() if feed is None else feed_response(feed)


def calendar_routes(feeds: CalendarFeeds) -> list[BaseRoute]:
    # The board route first: its path has a slash where a token has none, but the order keeps
    # "boards/x.ics" from ever being read as a token should the token pattern widen.
    return [
        Route(
            calendar_feeds.board_feed_path("{slug}"),
            feeds.board,
            methods=FEED_METHODS,
            name="board_feed",
        ),
        Route(
            calendar_feeds.personal_feed_path("{token}"),
            feeds.personal,
            methods=FEED_METHODS,
            name="personal_feed",
        ),
    ]


# -- the Telegram webhook -------------------------------------------------------------------

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PREFIX = "/telegram/"
# Telegram's updates are a few kilobytes; anything near this is not from Telegram.
MAX_UPDATE_BYTES = 1024 * 1024
# Telegram retries a webhook answered with an error; a stopping instance asks for that.
RETRY_AFTER_SECONDS = 5


def webhook_path(settings: Settings) -> str:
    """``/telegram/<path>``: the path to give Telegram's setWebhook after the public URL."""
    return WEBHOOK_PREFIX + settings.webhook_path_value


class TelegramWebhook:
    """``POST /telegram/<path>``: Telegram's updates, for the application to process."""

    def __init__(self, *, application: QuorumApplication, secret: str, db: Database) -> None:
        self._application = application
        self._secret = secret.encode()
        self._db = db

    def _authentic(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER)
        # Compared in constant time: the answer must not tell how much of a guess was right.
        return given is not None and hmac.compare_digest(given.encode(), self._secret)

    async def receive(self, request: Request) -> Response:
        if not self._authentic(request):
            log.warning(
                "webhook: refused a request without the right secret from %s",
                request.client.host if request.client else "an unknown address",
            )
            return PlainTextResponse("Forbidden", status_code=403)
        if not self._application.running:
            # Stopping: Telegram keeps the update and sends it again (to us or another instance).
            return PlainTextResponse(
                "Stopping; try again shortly",
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        body = await _limited_body(request, MAX_UPDATE_BYTES)
        if body is None:
            return PlainTextResponse("Too large", status_code=413)
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return PlainTextResponse("Not JSON", status_code=400)
        if not isinstance(data, dict):
            return PlainTextResponse("Not an update", status_code=400)
        try:
            update = Update.de_json(data, self._application.bot)
        except Exception:  # anything the parser trips on in untrusted JSON
            log.info("webhook: refused a body that is not an update", exc_info=True)
            return PlainTextResponse("Not an update", status_code=400)
        now = health.clock_of(self._application).now()
        if not await received_updates.first_receipt(self._db, update_id=update.update_id, now=now):
            # Telegram sent it again (or to a second instance): it is being handled already.
            log.info("webhook: update %d was received before", update.update_id)
            return Response(status_code=200)
        await self._application.update_queue.put(update)
        return Response(status_code=200)


async def _limited_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None once it is longer than ``limit`` bytes (read no further)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except ClientDisconnect:
        return b""
    return b"".join(chunks)


def webhook_routes(webhook: TelegramWebhook, settings: Settings) -> list[BaseRoute]:
    return [Route(webhook_path(settings), webhook.receive, methods=["POST"], name="telegram")]


# -- operations: /healthz and /metrics -----------------------------------------------------

NO_STORE = {"Cache-Control": "no-store"}


class Operations:
    """``/healthz`` for orchestrators and load balancers, ``/metrics`` for Prometheus."""

    def __init__(
        self,
        *,
        db: Database,
        application: QuorumApplication | None,
        timeout: float = health.DB_TIMEOUT_SECONDS,
    ) -> None:
        self._db = db
        self._application = application
        self._timeout = timeout
        self._metrics = QuorumMetrics() if application is None else metrics_of(application)

    async def healthz(self, request: Request) -> Response:
        report = await health.check_health(
            db=self._db, application=self._application, within=self._timeout
        )
        return JSONResponse(
            report.as_json(), status_code=200 if report.healthy else 503, headers=NO_STORE
        )

    async def metrics(self, request: Request) -> Response:
        reading = await self._read()
        return Response(
            self._metrics.render(reading), media_type=CONTENT_TYPE_LATEST, headers=NO_STORE
        )

    async def _read(self) -> ScrapeReading:
        application = self._application
        dispatcher = None if application is None else health.dispatcher_status(application)
        own = None if dispatcher is None else dispatcher.last_delivery
        alive = None if dispatcher is None else dispatcher.alive
        now = health.clock_of(application).now()
        try:
            async with asyncio.timeout(self._timeout):
                figures = await outbox_figures(self._db, now=now)
        except Exception as error:  # whatever the driver raises, the database is down for us
            log.warning(
                "metrics: the outbox could not be read (%s)", describe_error(self._db, error)
            )
            return ScrapeReading(database_up=False, dispatcher_alive=alive, last_send=own)
        last_send = await health.latest_of(self._db, own, within=self._timeout)
        return ScrapeReading(
            database_up=True, outbox=figures, dispatcher_alive=alive, last_send=last_send
        )


def operations_routes(operations: Operations) -> list[BaseRoute]:
    return [
        Route("/healthz", operations.healthz, methods=["GET", "HEAD"], name="healthz"),
        Route("/metrics", operations.metrics, methods=["GET"], name="metrics"),
    ]


async def _not_found(request: Request, exc: Exception) -> Response:
    return not_found()


def create_web_app(
    *,
    db: Database,
    settings: Settings,
    application: QuorumApplication | None = None,
    webhook: bool = False,
) -> Starlette:
    """The ASGI application ``quorum run`` serves (and tests and benches run under uvicorn).

    With ``application``, /healthz and /metrics also report its dispatcher, role and counters;
    with ``webhook`` too, Telegram's updates are taken at ``/telegram/<path>``.
    """
    routes: list[BaseRoute] = [
        *calendar_routes(CalendarFeeds(db=db, settings=settings)),
        *operations_routes(Operations(db=db, application=application)),
    ]
    if webhook:
        if application is None:
            raise ValueError("a webhook needs the application that processes its updates")
        secret = settings.webhook_secret_value
        receiver = TelegramWebhook(application=application, secret=secret, db=db)
        routes += webhook_routes(receiver, settings)
    # Any other path gets the feeds' answer to an unknown token: one 404 that says nothing.
    return Starlette(routes=routes, exception_handlers={404: _not_found})
