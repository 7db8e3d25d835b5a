"""Calendar feeds over HTTP through the real uvicorn server (port 0) with an aiohttp client:
what the feeds say, validators and caching, 304s, unknown links; read back with two parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import aiohttp
import pytest
from sqlmodel import select

from core.roles import Role
from core.settings import Settings
from packs.model import Member
from services import calendar_feeds
from services.imports import import_pack
from storage.engine import Database
from storage.models import Action, Meeting, Person
from tests.auxil.feeds import (
    CALENDAR_TYPE,
    CLOCK_STARTS,
    CLOCKSHIRE,
    EXEMPT_TITLES,
    TESTSHIRE_SLUG,
    Web,
    board,
    events_by_uid,
    mark_cancelled,
    parsed,
    personal,
    statements,
    token_of,
    uid,
    unfolded,
    vobject_events,
)
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.world import MEMBERS, NOW, OCTOBER_ITEMS, TESTSHIRE, World
from web.app import create_web_app
from web.server import WebServer, WebServerError


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
                members=[Member(name="Diane Ellison", role=Role.CHAIR)],
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


async def test_personal_feed_has_the_members_meetings_across_boards_and_open_actions_by_date(
    database: Database, world: World, web: Web
) -> None:
    mike = events_by_uid(
        (await web.fetch(personal(await token_of(database, world.mike.person_id)))).body
    )
    # Mike sits on both boards: every meeting of both (Northshire's include the past meeting
    # its pack's minutes are of), and his carried-forward action.
    async with database.read() as session:
        meetings = {
            meeting.id
            for meeting in (await session.exec(select(Meeting))).all()
            if meeting.id is not None
        }
    assert {world.june_id, world.october_id, world.january_id, world.north_id} < meetings
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
    # Each is named as everywhere else: its handle (#id), then the pack's ref.
    async with database.read() as session:
        ids = {row.description: row.id for row in (await session.exec(select(Action))).all()}
    falls, hall = ids["Circulate the falls data"], ids["Book the community hall"]
    assert falls is not None and hall is not None
    actions = {key: vevent for key, vevent in diane.items() if key.startswith("action-")}
    assert set(actions) == {uid("action", falls), uid("action", hall)}
    falls_event, hall_event = actions[uid("action", falls)], actions[uid("action", hall)]
    assert str(falls_event.get("SUMMARY")) == f"Action due: #{falls} [1] Circulate the falls data"
    assert str(hall_event.get("SUMMARY")) == f"Action due: #{hall} [5] Book the community hall"
    assert f"Action: #{hall} [5]\n" in str(hall_event.get("DESCRIPTION"))
    assert falls_event.start == date(2023, 9, 30)
    assert hall_event.start == date(2023, 10, 20)
    assert b"DTSTART;VALUE=DATE:20231020" in response.body
    by_vobject = vobject_events(response.body)
    assert sorted(v.dtstart.value for k, v in by_vobject.items() if k.startswith("action-")) == [
        date(2023, 9, 30),
        date(2023, 10, 20),
    ]

    nora = events_by_uid(
        (await web.fetch(personal(await token_of(database, world.nora.person_id)))).body
    )
    # Northshire's meetings only: the one summoned and the past one its minutes are of.
    async with database.read() as session:
        north_meetings = (
            await session.exec(select(Meeting).where(Meeting.board_id == world.northshire_id))
        ).all()
    assert world.north_id in {meeting.id for meeting in north_meetings}
    assert set(nora) == {
        *(uid("meeting", meeting.id) for meeting in north_meetings if meeting.id is not None),
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


async def test_a_cancelled_meeting_stays_in_both_feeds_as_cancelled(
    database: Database, world: World, web: Web
) -> None:
    paths = (board(TESTSHIRE_SLUG), personal(await token_of(database, world.diane.person_id)))
    before = {path: await web.fetch(path) for path in paths}
    await mark_cancelled(database, world.october_id)
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
