"""Calendar feeds and invitations in the service, on a real SQLite database built by the import
and linking services, read back with two independent parsers (icalendar and vobject)."""

from __future__ import annotations

from datetime import timedelta

import vobject
from sqlmodel import col, select

from calendars.ics import clear_feed_cache, meeting_ics
from services import calendar_feeds, meeting_changes
from services.calendar_events import meeting_event
from services.imports import import_pack
from storage.engine import Database
from storage.models import AgendaItem, Meeting
from tests.auxil.feeds import (
    CLOCK_STARTS,
    CLOCKSHIRE,
    DOMAIN,
    NORTHSHIRE_SLUG,
    TESTSHIRE_SLUG,
    events_by_uid,
    parsed,
    statements,
    uid,
)
from tests.auxil.packs import make_pack
from tests.auxil.world import NOW, World


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


# -- the queries a feed takes ----------------------------------------------------------------------


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


async def test_after_one_meeting_changes_only_it_is_read_again_and_the_feed_is_as_if_afresh(
    database: Database, world: World
) -> None:
    """The meetings' VEVENTs are kept between renders: a changed meeting (its agenda edited,
    ``updated_at_utc`` moved on, as every write does) is read and written again, the others are
    reused, and the feed is byte for byte the one rendered with nothing kept."""
    calendar_feeds.clear_rendered_feeds()
    before = await calendar_feeds.board_feed(database, TESTSHIRE_SLUG, domain=DOMAIN)
    assert before is not None
    async with database.write() as session:
        item = (
            await session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == world.october_id)
                .order_by(col(AgendaItem.position))
            )
        ).first()
        meeting = await session.get(Meeting, world.october_id)
        assert item is not None and meeting is not None
        item.title = "Winter pressures: the renamed item"
        meeting.updated_at_utc = NOW + timedelta(days=1)
        session.add_all((item, meeting))
    with statements(database) as seen:
        after = await calendar_feeds.board_feed(database, TESTSHIRE_SLUG, domain=DOMAIN)
    assert after is not None and after.stamp.etag != before.stamp.etag
    agenda_reads = [sql for sql in seen if "FROM agenda_item" in sql]
    # Only the changed meeting's items, by its id: not every meeting of the board.
    assert len(agenda_reads) == 1 and "board_id" not in agenda_reads[0], agenda_reads
    events = events_by_uid(after.body)
    assert "Winter pressures: the renamed item" in str(
        events[uid("meeting", world.october_id)].get("DESCRIPTION")
    )
    calendar_feeds.clear_rendered_feeds()
    clear_feed_cache()
    afresh = await calendar_feeds.board_feed(database, TESTSHIRE_SLUG, domain=DOMAIN)
    assert afresh is not None and afresh.body == after.body
    unchanged = {
        key: value for key, value in events.items() if key != uid("meeting", world.october_id)
    }
    assert unchanged and all(
        str(event.get("DESCRIPTION")) == str(events_by_uid(before.body)[key].get("DESCRIPTION"))
        for key, event in unchanged.items()
    )
