"""Calendar feeds' test kit: the domain and slugs, a served web app and its client, parsers'
views of a feed, and a recorder of the SQL a block runs. Loaded as a pytest plugin by
``tests/conftest.py``: its fixtures ``feed_settings`` and ``web`` serve every feed test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
import vobject
from icalendar import Calendar, Event
from multidict import CIMultiDict
from sqlalchemy import event

from core.settings import Settings, load_settings
from services import calendar_feeds
from storage.engine import Database
from storage.models import Meeting, MeetingStatus
from tests.auxil.packs import LONDON
from tests.auxil.world import NOW
from web.app import create_web_app
from web.server import WebServer

DOMAIN = "quorum.test"
TESTSHIRE_SLUG = "testshire-health-and-wellbeing-board"
NORTHSHIRE_SLUG = "northshire-health-and-wellbeing-board"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
EXEMPT_TITLES = ("Sale of the Oakham depot", "Contract award for home care")


@dataclass(frozen=True, slots=True)
class Fetched:
    """An HTTP answer: status, headers and body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Web:
    """The served web app's base URL and a client session for it."""

    base_url: str
    client: aiohttp.ClientSession

    async def fetch(self, path: str, *, method: str = "GET", **headers: str) -> Fetched:
        async with self.client.request(method, self.base_url + path, headers=headers) as response:
            return Fetched(response.status, CIMultiDict(response.headers), await response.read())


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Every SQL statement the database runs inside the block (the web server's included)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    engine = database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def parsed(body: bytes) -> Calendar:
    """The calendar icalendar reads from ``body``."""
    calendar = Calendar.from_ical(body)
    assert isinstance(calendar, Calendar)
    return calendar


def events_by_uid(body: bytes) -> dict[str, Event]:
    """The feed's events by UID, as icalendar reads them."""
    return {str(vevent.uid): vevent for vevent in parsed(body).events}


def vobject_events(body: bytes) -> dict[str, Any]:
    """The feed's events by UID, as vobject reads them."""
    calendar = vobject.readOne(body.decode("utf-8"))
    return {vevent.uid.value: vevent for vevent in calendar.contents.get("vevent", [])}


def unfolded(body: bytes) -> str:
    """The feed's text with folded lines joined again (RFC 5545 §3.1), for searching."""
    return body.decode("utf-8").replace("\r\n ", "")


def uid(kind: str, row_id: int) -> str:
    """The UID a feed gives the ``kind`` row ``row_id``."""
    return f"{kind}-{row_id}@{DOMAIN}"


async def token_of(database: Database, person_id: int) -> str:
    """The person's calendar token (made on first use)."""
    return await calendar_feeds.calendar_token(database, person_id)


def personal(token: str) -> str:
    """The path of a personal feed."""
    return calendar_feeds.personal_feed_path(token)


def board(slug: str) -> str:
    """The path of a board's public feed."""
    return calendar_feeds.board_feed_path(slug)


CLOCKSHIRE = "Clockshire Board"

# Local wall-clock starts: winter (GMT), summer (BST), and the two days the clocks change.
CLOCK_STARTS = {
    "winter": (datetime(2026, 1, 13, 14, 0, tzinfo=LONDON), datetime(2026, 1, 13, 14, tzinfo=UTC)),
    "summer": (datetime(2026, 7, 14, 14, 0, tzinfo=LONDON), datetime(2026, 7, 14, 13, tzinfo=UTC)),
    "spring": (datetime(2026, 3, 29, 10, 0, tzinfo=LONDON), datetime(2026, 3, 29, 9, tzinfo=UTC)),
    "autumn": (
        datetime(2026, 10, 25, 10, 0, tzinfo=LONDON),
        datetime(2026, 10, 25, 10, tzinfo=UTC),
    ),
}


async def mark_cancelled(database: Database, meeting_id: int) -> None:
    """What cancelling does to the row: status, a higher SEQUENCE, a new change time."""
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED.value
        meeting.ics_sequence += 1
        meeting.updated_at_utc = NOW + timedelta(hours=1)
        session.add(meeting)


def feed_settings_for(db_url: str) -> Settings:
    """Settings for ``db_url``, the feeds' domain and a free port."""
    return load_settings(database_url=db_url, calendar_domain=DOMAIN, http_port=0)


@asynccontextmanager
async def serve_feeds(database: Database, settings: Settings) -> AsyncIterator[Web]:
    """The web app served on a free port of 127.0.0.1, and an HTTP client for it."""
    server = WebServer(create_web_app(db=database, settings=settings), host="127.0.0.1", port=0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as client:
            yield Web(server.base_url, client)
    finally:
        await server.stop()


@pytest.fixture
def feed_settings(db_url: str) -> Settings:
    """Settings for the test's database, the feeds' domain and a free port."""
    return feed_settings_for(db_url)


@pytest.fixture
async def web(database: Database, feed_settings: Settings) -> AsyncIterator[Web]:
    """The web app served on a free port, and a client for it."""
    async with serve_feeds(database, feed_settings) as served:
        yield served
