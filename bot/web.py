"""Quorum over HTTP: calendar subscription feeds (later also the Telegram webhook, /healthz and
/metrics). A plain Starlette route list: add routes to :func:`create_web_app`'s list.

Feeds answer conditional GETs from a stamp (:mod:`services.calendar_feeds`) without rendering:
calendar clients poll every few minutes to hours, and nearly every poll finds nothing new.
"""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from core.settings import Settings
from services import calendar_feeds
from services.calendar_feeds import FeedStamp, RenderedFeed
from storage.engine import Database

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


async def _not_found(request: Request, exc: Exception) -> Response:
    return not_found()


def create_web_app(*, db: Database, settings: Settings) -> Starlette:
    """The ASGI application ``quorum run`` serves (and tests and benches run under uvicorn)."""
    routes: list[BaseRoute] = [
        *calendar_routes(CalendarFeeds(db=db, settings=settings)),
    ]
    # Any other path gets the feeds' answer to an unknown token: one 404 that says nothing.
    return Starlette(routes=routes, exception_handlers={404: _not_found})
