"""Calendar feeds: the service, and HTTP through the real uvicorn server (port 0) with an aiohttp
client, on a real SQLite database built by the import and linking services. Feeds are read back
with two independent parsers (icalendar and vobject), as calendar clients would.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import vobject
from icalendar import Calendar, Event
from multidict import CIMultiDict
from sqlalchemy import event
from sqlmodel import select
from typer.testing import CliRunner, Result

from calendars.ics import meeting_ics
from cli.app import app
from core.errors import SettingsError
from core.settings import Settings, load_settings
from fakegram import FakeBotApi
from packs.model import Member
from services import calendar_feeds, meeting_changes
from services.calendar_events import meeting_event
from services.imports import import_pack
from storage.engine import Database
from storage.models import Meeting, MeetingStatus, Person
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.processes import quorum_env, spawn_quorum
from tests.auxil.world import MEMBERS, NOW, OCTOBER_ITEMS, TESTSHIRE, World, build_world
from tests.conftest import TEST_TOKEN
from web.app import create_web_app
from web.server import WebServer, WebServerError

DOMAIN = "quorum.test"
TESTSHIRE_SLUG = "testshire-health-and-wellbeing-board"
NORTHSHIRE_SLUG = "northshire-health-and-wellbeing-board"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
EXEMPT_TITLES = ("Sale of the Oakham depot", "Contract award for home care")


# -- fixtures and helpers ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Web:
    base_url: str
    client: aiohttp.ClientSession

    async def fetch(self, path: str, *, method: str = "GET", **headers: str) -> Fetched:
        async with self.client.request(method, self.base_url + path, headers=headers) as response:
            return Fetched(response.status, CIMultiDict(response.headers), await response.read())


@pytest.fixture
def feed_settings(db_url: str) -> Settings:
    return load_settings(database_url=db_url, calendar_domain=DOMAIN, http_port=0)


@pytest.fixture
async def world(database: Database) -> World:
    return await build_world(database)


@pytest.fixture
async def web(database: Database, feed_settings: Settings) -> AsyncIterator[Web]:
    server = WebServer(
        create_web_app(db=database, settings=feed_settings), host="127.0.0.1", port=0
    )
    await server.start()
    try:
        async with aiohttp.ClientSession() as client:
            yield Web(server.base_url, client)
    finally:
        await server.stop()


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
    calendar = Calendar.from_ical(body)
    assert isinstance(calendar, Calendar)
    return calendar


def events_by_uid(body: bytes) -> dict[str, Event]:
    return {str(vevent.uid): vevent for vevent in parsed(body).events}


def vobject_events(body: bytes) -> dict[str, Any]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {vevent.uid.value: vevent for vevent in calendar.contents.get("vevent", [])}


def unfolded(body: bytes) -> str:
    """The feed's text with folded lines joined again (RFC 5545 §3.1), for searching."""
    return body.decode("utf-8").replace("\r\n ", "")


def uid(kind: str, row_id: int) -> str:
    return f"{kind}-{row_id}@{DOMAIN}"


async def token_of(database: Database, person_id: int) -> str:
    return await calendar_feeds.calendar_token(database, person_id)


async def personal_body(web: Web, database: Database, person_id: int) -> bytes:
    response = await web.fetch(personal(await token_of(database, person_id)))
    assert response.status == 200
    return response.body


def personal(token: str) -> str:
    return calendar_feeds.personal_feed_path(token)


def board(slug: str) -> str:
    return calendar_feeds.board_feed_path(slug)


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)
    monkeypatch.setenv("QUORUM_CALENDAR_DOMAIN", DOMAIN)


# -- what the feeds say -----------------------------------------------------------------------

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


async def test_feed_times_are_the_stored_instants_in_winter_summer_and_on_clock_change_days(
    database: Database, web: Web
) -> None:
    meeting_ids: dict[str, int] = {}
    for season, (local_start, _) in CLOCK_STARTS.items():
        summary = await import_pack(
            database,
            pack=make_pack(
                body=CLOCKSHIRE,
                start=local_start,
                members=[Member(name="Diane Ellison", role="chair")],
            ),
            board_name=None,
            timezone="Europe/London",
            now=NOW,
        )
        meeting_ids[season] = summary.meeting_id
    async with database.read() as session:
        stored = {
            meeting.id: meeting.starts_at_utc for meeting in (await session.exec(select(Meeting)))
        }
        diane = (await session.exec(select(Person))).one()
    assert diane.id is not None
    token = await token_of(database, diane.id)

    for path in (board("clockshire-board"), personal(token)):
        response = await web.fetch(path)
        assert response.status == 200, response.body
        by_icalendar = events_by_uid(response.body)
        by_vobject = vobject_events(response.body)
        for season, (_, expected_utc) in CLOCK_STARTS.items():
            meeting_uid = uid("meeting", meeting_ids[season])
            assert stored[meeting_ids[season]] == expected_utc, season
            assert by_icalendar[meeting_uid].start == expected_utc, (path, season)
            assert by_vobject[meeting_uid].dtstart.value == expected_utc, (path, season)


async def test_invitations_files_and_cancellations_carry_the_stored_instants_in_every_season(
    database: Database,
) -> None:
    """The e-mail invitation (REQUEST), the file sent in chat (PUBLISH) and, once cancelled,
    both CANCELs: read by icalendar and vobject, at the instant the database holds."""
    meeting_ids: dict[str, int] = {}
    for season, (local_start, _) in CLOCK_STARTS.items():
        summary = await import_pack(
            database,
            pack=make_pack(body=CLOCKSHIRE, start=local_start),
            board_name=None,
            timezone="Europe/London",
            now=NOW,
        )
        meeting_ids[season] = summary.meeting_id

    async def files(meeting_id: int) -> list[tuple[str, bytes]]:
        invite = await calendar_feeds.invitation(database, meeting_id, domain=DOMAIN, now=NOW)
        async with database.read() as session:
            event = await meeting_event(session, meeting_id)
        assert invite is not None and event is not None
        return [("invite", invite), ("file", meeting_ics(event, domain=DOMAIN, now=NOW))]

    for season, (_, expected_utc) in CLOCK_STARTS.items():
        meeting_id = meeting_ids[season]
        before = await files(meeting_id)
        await meeting_changes.cancel_meeting(database, meeting_id=meeting_id, viewer=None, now=NOW)
        after = await files(meeting_id)
        async with database.read() as session:
            stored = await session.get(Meeting, meeting_id)
        assert stored is not None and stored.starts_at_utc == expected_utc
        for (kind, body), cancelled in [
            *((pair, False) for pair in before),
            *((pair, True) for pair in after),
        ]:
            [by_icalendar] = parsed(body).events
            by_vobject = vobject.readOne(body.decode("utf-8")).vevent
            where = (season, kind, cancelled)
            assert by_icalendar.start == expected_utc == by_vobject.dtstart.value, where
            assert str(by_icalendar.uid) == uid("meeting", meeting_id) == by_vobject.uid.value
            assert int(by_vobject.sequence.value) == (1 if cancelled else 0), where
            method = parsed(body).get("METHOD")
            expected_method = (
                "CANCEL" if cancelled else ("REQUEST" if kind == "invite" else "PUBLISH")
            )
            assert method == expected_method, where
            assert (by_icalendar.get("STATUS") == "CANCELLED") is cancelled, where


async def test_personal_feed_has_the_members_meetings_across_boards_and_open_actions_by_date(
    database: Database, world: World, web: Web
) -> None:
    mike = events_by_uid(
        (await web.fetch(personal(await token_of(database, world.mike.person_id)))).body
    )
    # Mike sits on both boards: every meeting of both, and his carried-forward action.
    meetings = {world.june_id, world.october_id, world.january_id, world.north_id}
    assert {f for f in mike if f.startswith("meeting-")} == {uid("meeting", m) for m in meetings}
    [mikes_action] = [vevent for key, vevent in mike.items() if key.startswith("action-")]
    assert mikes_action.start == date(2023, 7, 18)
    assert "Report on mental health waiting times" in str(mikes_action.get("SUMMARY"))

    response = await web.fetch(personal(await token_of(database, world.diane.person_id)))
    calendar = parsed(response.body)
    assert str(calendar.get("X-WR-CALNAME")) == "Quorum — Diane Ellison"
    diane = events_by_uid(response.body)
    assert {key for key in diane if key.startswith("meeting-")} == {
        uid("meeting", m) for m in (world.june_id, world.october_id, world.january_id)
    }
    assert uid("meeting", world.north_id) not in diane
    assert "Northshire" not in unfolded(response.body)
    # Open actions with a due date, as all-day DATE events; not the done one, not the undated.
    actions = {
        str(vevent.get("SUMMARY")): vevent
        for key, vevent in diane.items()
        if key.startswith("action-")
    }
    assert sorted(actions) == [
        "Action due: Book the community hall",
        "Action due: Circulate the falls data",
    ]
    assert actions["Action due: Circulate the falls data"].start == date(2023, 9, 30)
    assert actions["Action due: Book the community hall"].start == date(2023, 10, 20)
    assert b"DTSTART;VALUE=DATE:20231020" in response.body
    by_vobject = vobject_events(response.body)
    assert sorted(v.dtstart.value for k, v in by_vobject.items() if k.startswith("action-")) == [
        date(2023, 9, 30),
        date(2023, 10, 20),
    ]

    nora = events_by_uid(
        (await web.fetch(personal(await token_of(database, world.nora.person_id)))).body
    )
    assert set(nora) == {
        uid("meeting", world.north_id),
        *(k for k in nora if k.startswith("action-")),
    }
    assert not any("Testshire" in str(vevent.get("DESCRIPTION")) for vevent in nora.values())


async def test_board_feed_is_public_information_only(world: World, web: Web) -> None:
    response = await web.fetch(board(TESTSHIRE_SLUG))
    assert response.status == 200
    assert str(parsed(response.body).get("X-WR-CALNAME")) == TESTSHIRE
    found = events_by_uid(response.body)
    assert set(found) == {
        uid("meeting", m) for m in (world.june_id, world.october_id, world.january_id)
    }
    text = unfolded(response.body)
    assert "Better Care Fund" in text
    for title in EXEMPT_TITLES:
        assert title not in text
    assert "action-" not in text
    assert "Northshire" not in text


async def _cancel(database: Database, meeting_id: int) -> None:
    """What cancelling does to the row: status, a higher SEQUENCE, a new change time."""
    async with database.write() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED.value
        meeting.ics_sequence += 1
        meeting.updated_at_utc = NOW + timedelta(hours=1)
        session.add(meeting)


async def test_a_cancelled_meeting_stays_in_both_feeds_as_cancelled(
    database: Database, world: World, web: Web
) -> None:
    paths = (board(TESTSHIRE_SLUG), personal(await token_of(database, world.diane.person_id)))
    before = {path: await web.fetch(path) for path in paths}
    await _cancel(database, world.october_id)
    for path in paths:
        response = await web.fetch(path)
        assert response.headers["ETag"] != before[path].headers["ETag"]
        cancelled = events_by_uid(response.body)[uid("meeting", world.october_id)]
        assert cancelled.status == "CANCELLED"
        assert cancelled.sequence == 1
        assert vobject_events(response.body)[uid("meeting", world.october_id)].status.value == (
            "CANCELLED"
        )
        others = events_by_uid(response.body)[uid("meeting", world.january_id)]
        assert others.status == "CONFIRMED"


# -- HTTP -------------------------------------------------------------------------------------


async def test_feeds_carry_type_validators_and_caching_rules(
    database: Database, world: World, web: Web
) -> None:
    token = await token_of(database, world.diane.person_id)
    for path, scope, filename in (
        (personal(token), "private", "quorum-diane-ellison.ics"),
        (board(TESTSHIRE_SLUG), "public", f"{TESTSHIRE_SLUG}.ics"),
    ):
        response = await web.fetch(path)
        assert response.status == 200
        assert response.headers["Content-Type"] == CALENDAR_TYPE
        etag = response.headers["ETag"]
        assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
        last_modified = parsedate_to_datetime(response.headers["Last-Modified"])
        assert last_modified.tzinfo is not None
        assert response.headers["Cache-Control"].startswith(f"{scope}, max-age=")
        assert response.headers["Content-Disposition"] == f'inline; filename="{filename}"'
        assert int(response.headers["Content-Length"]) == len(response.body)
        assert response.body.startswith(b"BEGIN:VCALENDAR\r\n")
        head = await web.fetch(path, method="HEAD")
        assert head.status == 200 and head.body == b""
        assert head.headers["ETag"] == etag
        assert head.headers["Content-Length"] == response.headers["Content-Length"]


async def test_conditional_gets_are_answered_304_without_a_body(
    database: Database, world: World, web: Web
) -> None:
    token = await token_of(database, world.diane.person_id)
    for path in (personal(token), board(TESTSHIRE_SLUG)):
        first = await web.fetch(path)
        etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
        for if_none_match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            again = await web.fetch(path, **{"If-None-Match": if_none_match})
            assert again.status == 304, if_none_match
            assert again.body == b""
            assert again.headers["ETag"] == etag
            assert "Content-Type" not in again.headers
        since = await web.fetch(path, **{"If-Modified-Since": last_modified})
        assert since.status == 304 and since.body == b""
        later = format_datetime(
            parsedate_to_datetime(last_modified) + timedelta(days=1), usegmt=True
        )
        assert (await web.fetch(path, **{"If-Modified-Since": later})).status == 304
        earlier = format_datetime(
            parsedate_to_datetime(last_modified) - timedelta(seconds=1), usegmt=True
        )
        assert (await web.fetch(path, **{"If-Modified-Since": earlier})).status == 200
        assert (await web.fetch(path, **{"If-Modified-Since": "yesterday"})).status == 200
        # If-None-Match decides when both are sent.
        both = await web.fetch(
            path, **{"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
        )
        assert both.status == 200 and both.body == first.body


async def test_a_304_runs_only_the_stamp_queries_and_a_repeated_get_renders_once(
    database: Database, world: World, web: Web
) -> None:
    token = await token_of(database, world.diane.person_id)
    for path in (personal(token), board(TESTSHIRE_SLUG)):
        calendar_feeds.clear_rendered_feeds()
        with statements(database) as cold:
            first = await web.fetch(path)
        assert any("agenda_item" in sql for sql in cold)
        with statements(database) as conditional:
            unchanged = await web.fetch(path, **{"If-None-Match": first.headers["ETag"]})
        assert unchanged.status == 304
        selects = [sql for sql in conditional if sql.lstrip().upper().startswith("SELECT")]
        assert 1 <= len(selects) <= 3, selects
        assert not any("agenda_item" in sql for sql in conditional)
        with statements(database) as warm:
            again = await web.fetch(path)
        assert again.body == first.body
        assert not any("agenda_item" in sql for sql in warm)


async def test_rendering_a_feed_takes_the_same_queries_however_many_meetings(
    database: Database, world: World
) -> None:
    counts = []
    for slug in (NORTHSHIRE_SLUG, TESTSHIRE_SLUG):  # one meeting, three meetings
        calendar_feeds.clear_rendered_feeds()
        with statements(database) as seen:
            feed = await calendar_feeds.board_feed(database, slug, domain=DOMAIN)
        assert feed is not None
        counts.append(len(seen))
    assert counts[0] == counts[1]


async def test_a_moved_meeting_changes_the_etag_and_the_served_time(
    database: Database, world: World, web: Web
) -> None:
    token = await token_of(database, world.diane.person_id)
    paths = (personal(token), board(TESTSHIRE_SLUG))
    before = {path: await web.fetch(path) for path in paths}
    moved_to = datetime(2023, 10, 10, 16, 30, tzinfo=LONDON)
    summary = await import_pack(
        database,
        pack=make_pack(items=OCTOBER_ITEMS, members=MEMBERS, start=moved_to),
        board_name=None,
        timezone="Europe/London",
        now=NOW + timedelta(days=1),
    )
    assert summary.meeting_id == world.october_id and summary.changes.moved
    for path in paths:
        stale = before[path].headers["ETag"]
        response = await web.fetch(path, **{"If-None-Match": stale})
        assert response.status == 200
        assert response.headers["ETag"] != stale
        moved = events_by_uid(response.body)[uid("meeting", world.october_id)]
        assert moved.start == datetime(2023, 10, 10, 15, 30, tzinfo=UTC)
        assert moved.sequence >= 1
        assert parsedate_to_datetime(response.headers["Last-Modified"]) >= (
            parsedate_to_datetime(before[path].headers["Last-Modified"])
        )


async def test_unknown_tokens_and_slugs_are_404_with_no_detail(
    database: Database, world: World, web: Web
) -> None:
    real = await token_of(database, world.diane.person_id)
    for path in (
        personal("A" * 43),
        personal(real[:-1]),
        personal("not a token!"),
        personal("boards"),
        board("nowhere"),
        board(real),
        "/calendars/boards/" + TESTSHIRE_SLUG,  # no .ics
        "/calendars/" + real,
    ):
        response = await web.fetch(path)
        assert response.status == 404, path
        assert response.body == b"Not found"
        assert "ETag" not in response.headers
    assert (await web.fetch(personal(real))).status == 200


async def test_a_reset_token_stops_the_old_link_at_once(
    database: Database, world: World, web: Web
) -> None:
    old = await token_of(database, world.diane.person_id)
    assert await token_of(database, world.diane.person_id) == old  # made once, then kept
    assert (await web.fetch(personal(old))).status == 200
    new = await calendar_feeds.calendar_token(database, world.diane.person_id, reset=True)
    assert new != old and len(new) >= 43
    assert (await web.fetch(personal(old))).status == 404
    assert (await web.fetch(personal(new))).status == 200


async def test_the_web_server_listens_on_a_free_port_and_stops(
    database: Database, feed_settings: Settings
) -> None:
    server = WebServer(
        create_web_app(db=database, settings=feed_settings), host="127.0.0.1", port=0
    )
    await server.start()
    assert server.port > 0
    taken = WebServer(
        create_web_app(db=database, settings=feed_settings), host="127.0.0.1", port=server.port
    )
    with pytest.raises(WebServerError, match=f"cannot listen on 127.0.0.1:{server.port}"):
        await taken.start()
    url = f"{server.base_url}{board('nowhere')}"
    async with aiohttp.ClientSession() as client:
        async with client.get(url) as response:
            assert response.status == 404
        await server.stop()
        with pytest.raises(aiohttp.ClientConnectionError):
            async with client.get(url):
                pass


# -- settings ---------------------------------------------------------------------------------


def test_http_settings_default_to_localhost_8080_and_build_the_public_base() -> None:
    settings = load_settings()
    assert (settings.http_host, settings.http_port, settings.public_url) == (
        "127.0.0.1",
        8080,
        None,
    )
    assert settings.public_base == "http://127.0.0.1:8080"
    proxied = load_settings(public_url="https://quorum.example.org/board/")
    assert proxied.public_base == "https://quorum.example.org/board"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("http_port", "65536", "QUORUM_HTTP_PORT: "),
        ("http_port", "-1", "QUORUM_HTTP_PORT: "),
        ("public_url", "quorum.example.org", "QUORUM_PUBLIC_URL: 'quorum.example.org' is not"),
        ("public_url", "ftp://quorum.example.org", "QUORUM_PUBLIC_URL: "),
        ("public_url", "https://x.org/?a=1", "QUORUM_PUBLIC_URL: "),
    ],
)
def test_malformed_http_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(f"QUORUM_{name.upper()}", value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(message)


# -- the command line -------------------------------------------------------------------------


async def test_calendar_export_prints_the_http_body_byte_for_byte(
    world: World, web: Web, cli_env: None
) -> None:
    served = await web.fetch(board(TESTSHIRE_SLUG))
    exported = await cli("calendar", "export", "--board", "testshire health and wellbeing board")
    assert exported.exit_code == 0, exported.output
    assert exported.stdout_bytes == served.body
    unknown = await cli("calendar", "export", "--board", "Nowhere")
    assert unknown.exit_code == 1
    assert "There is no board called 'Nowhere'" in unknown.stderr


async def test_calendar_invite_is_a_request_from_the_organizer_to_members_with_addresses(
    database: Database, world: World, cli_env: None
) -> None:
    no_addresses = await cli("calendar", "invite", str(world.october_id))
    assert no_addresses.exit_code == 0, no_addresses.output
    fallback = events_by_uid(no_addresses.stdout_bytes)[uid("meeting", world.october_id)]
    assert str(fallback.get("ORGANIZER")) == f"mailto:clerk@{DOMAIN}"
    assert fallback.get("ATTENDEE") is None

    for person, email in (
        ("Diane Ellison", "diane@testshire.example"),
        ("Mike Sandys", "mike@testshire.example"),
        ("Carol Clerk", "carol@testshire.example"),
    ):
        recorded = await cli("member", "email", "--board", TESTSHIRE, "--person", person, email)
        assert recorded.exit_code == 0, recorded.output
        assert email in recorded.stdout
    # Without a board address, the clerk's own address organizes.
    by_clerk = await cli("calendar", "invite", str(world.october_id))
    clerk_event = events_by_uid(by_clerk.stdout_bytes)[uid("meeting", world.october_id)]
    assert str(clerk_event.get("ORGANIZER")) == "mailto:carol@testshire.example"

    organizer = await cli(
        "calendar", "organizer", "--board", TESTSHIRE, "democratic.services@testshire.example"
    )
    assert organizer.exit_code == 0, organizer.output
    invite = await cli("calendar", "invite", str(world.october_id))
    assert invite.exit_code == 0, invite.output
    calendar = parsed(invite.stdout_bytes)
    assert str(calendar.get("METHOD")) == "REQUEST"
    vevent = events_by_uid(invite.stdout_bytes)[uid("meeting", world.october_id)]
    assert str(vevent.get("ORGANIZER")) == "mailto:democratic.services@testshire.example"
    attendees = vevent.get("ATTENDEE")
    assert sorted(str(a) for a in attendees) == [
        "mailto:carol@testshire.example",
        "mailto:diane@testshire.example",
        "mailto:mike@testshire.example",
    ]
    assert {str(a.params["CN"]) for a in attendees} == {
        "Carol Clerk",
        "Diane Ellison",
        "Mike Sandys",
    }
    assert "Contract award for home care" not in unfolded(invite.stdout_bytes)
    assert "Better Care Fund" in unfolded(invite.stdout_bytes)
    assert vobject.readOne(invite.stdout).vevent.organizer.value == (
        "mailto:democratic.services@testshire.example"
    )

    await _cancel(database, world.october_id)
    cancelled = await cli("calendar", "invite", str(world.october_id))
    assert str(parsed(cancelled.stdout_bytes).get("METHOD")) == "CANCEL"


async def test_addresses_are_checked_and_people_found_as_member_link_finds_them(
    database: Database, world: World, cli_env: None
) -> None:
    bad = await cli("calendar", "organizer", "--board", TESTSHIRE, "not an address")
    assert bad.exit_code == 2
    assert "'not an address' is not an e-mail address" in bad.stderr
    assert (
        await cli("member", "email", "--board", TESTSHIRE, "--person", "Diane Ellison", "d@x")
    ).exit_code == 2
    stranger = await cli(
        "member", "email", "--board", TESTSHIRE, "--person", "Nora Batty", "nora@north.example"
    )
    assert stranger.exit_code == 1
    assert "has no member called 'Nora Batty'" in stranger.stderr
    # Another spelling of a member's name finds them, as `quorum member link` does.
    alias = await cli(
        "member", "email", "--board", TESTSHIRE, "--person", "Councillor Ellison", "d@t.example"
    )
    assert alias.exit_code == 0, alias.output
    async with database.read() as session:
        diane = await session.get(Person, world.diane.person_id)
    assert diane is not None and diane.email == "d@t.example"
    missing = await cli("calendar", "invite", "999999")
    assert missing.exit_code == 1 and "there is no meeting 999999" in missing.stderr


# -- quorum run -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.wallclock
async def test_quorum_run_serves_the_feeds_next_to_long_polling(
    fake_api: FakeBotApi, database: Database, db_url: str, world: World, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        "QUORUM_TELEGRAM_TOKEN": TEST_TOKEN,
        "QUORUM_TELEGRAM_API_URL": fake_api.base_url,
        "QUORUM_DATABASE_URL": db_url,
        "QUORUM_HTTP_PORT": str(port),
        "QUORUM_PUBLIC_URL": "https://quorum.example.org/",
    }
    process = await spawn_quorum("run", env=quorum_env(**env), cwd=tmp_path)
    url = f"http://127.0.0.1:{port}{board(TESTSHIRE_SLUG)}"
    try:
        async with aiohttp.ClientSession() as client:
            status = await _first_answer(client, url, process)
        assert status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert b"Calendar links start with https://quorum.example.org" in stderr
    assert b"Traceback" not in stderr


async def _first_answer(
    client: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process
) -> int:
    """The status of the first request the starting server answers (it starts after the bot's
    own start-up, so connections are refused until then)."""
    async with asyncio.timeout(60):
        while True:
            if process.returncode is not None:
                raise AssertionError("quorum run exited before serving")
            try:
                async with client.get(url) as response:
                    return response.status
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
