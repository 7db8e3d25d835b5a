"""Issue 18's acceptance, end to end: a board synced from a local Modern.Gov fake, the notices the
running bot's dispatcher delivers through the fake Bot API, the board's calendar feed read back
with icalendar, and what a group and a stranger may see.

- a first sync stores the committee's meetings at the right instants (GMT and BST), the
  cancelled one CANCELLED, items in the calendar's DESCRIPTION; a second sync changes nothing;
- a meeting moved on the site gives one change notice per member;
- a published flag flipping asks the clerk once; a late paper sends one supplement notice;
- restricted items and papers never reach a group, a feed or a non-member;
- a site that answers 403, hangs, or sends malformed XML leaves the data as it was and tells the
  clerk once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import pytest
from sqlalchemy import func
from sqlmodel import select

from core.clock import FixedClock
from fakegram import FakeBotApi, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from services import sources, sync
from services.calendar_feeds import board_feed_named
from sources.registry import MODERNGOV, SourceOpener, SourceOptions, opener
from storage.engine import Database
from storage.models import (
    AgendaItem,
    Decision,
    Document,
    Meeting,
    Membership,
    Notification,
    NotificationKind,
)
from tests.auxil.moderngov import (
    SAMPLE,
    Failure,
    FakeItem,
    FakeModernGov,
    add_late_document,
    sample_site,
)
from tests.auxil.southshire import BOARD, CLERK, GROUP, USERS, Southshire, build_southshire

# The bot's clock (tests/conftest.py): Tuesday 3 October 2023, 09:00 BST.
TODAY = date(2023, 10, 3)
# Generous for answers that come (a loaded machine is slow); short where the site hangs.
OPEN = opener(SourceOptions(timeout=10.0, attempts=1, backoff=0.01, allow_private=True))
IMPATIENT = opener(SourceOptions(timeout=1.0, attempts=1, backoff=0.01, allow_private=True))
STRANGER = FakeUser(id=7999, first_name="Stan", last_name="Ranger")


@pytest.fixture
async def southshire(database: Database, fake_api: FakeBotApi) -> Southshire:
    return await build_southshire(database, fake_api)


@pytest.fixture
async def site() -> AsyncIterator[FakeModernGov]:
    async with FakeModernGov(sample_site(TODAY), hang_seconds=5.0) as fake:
        yield fake


async def _add(database: Database, site: FakeModernGov, clock: FixedClock) -> int:
    view = await sources.add_source(
        database,
        board_name=BOARD,
        kind=MODERNGOV,
        base_url=site.base_url,
        committee_id=SAMPLE.committee,
        viewer=None,
        now=clock.now(),
    )
    return view.id


async def _sync(
    database: Database, source_id: int, clock: FixedClock, *, opener: SourceOpener = OPEN
) -> sync.SyncReport:
    return await sync.sync_source(database, source_id=source_id, now=clock.now(), opener=opener)


async def _settle(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    dispatcher.poke()
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.1)


async def _synced(database: Database, source_id: int) -> dict[str, Meeting]:
    async with database.read() as session:
        rows = (await session.exec(select(Meeting).where(Meeting.source_id == source_id))).all()
        return {row.external_id or "": row for row in rows}


async def _counts(database: Database) -> dict[str, int]:
    """Rows of every table a sync writes, and the meetings' versions."""
    counts: dict[str, int] = {}
    async with database.read() as session:
        for table in (Meeting, AgendaItem, Document, Decision, Membership, Notification):
            counts[table.__name__] = int(
                (await session.exec(select(func.count()).select_from(table))).one()
            )
        for meeting in (await session.exec(select(Meeting))).all():
            counts[f"seq{meeting.id}"] = meeting.ics_sequence
            counts[f"at{meeting.id}"] = int(meeting.updated_at_utc.timestamp())
    return counts


def _texts(fake: FakeBotApi, user: FakeUser, words: str) -> list[SentMessage]:
    return [m for m in fake.messages_to(user.id) if words in m.plain_text]


async def _exactly(
    dispatcher: Dispatcher, fake: FakeBotApi, user: FakeUser, words: str, count: int
) -> list[SentMessage]:
    """The messages to ``user`` containing ``words``, once ``count`` of them have arrived (a
    busy machine may deliver late) and the outbox has settled (so a duplicate would show)."""
    async with asyncio.timeout(20):
        while len(_texts(fake, user, words)) < count:
            await _settle(dispatcher, fake)
    await _settle(dispatcher, fake)
    found = _texts(fake, user, words)
    assert len(found) == count, [m.plain_text for m in found]
    return found


def _labels(message: SentMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


def _events(feed: bytes) -> dict[datetime, Any]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {event.decoded("DTSTART"): event for event in calendar.walk("VEVENT")}


async def test_a_first_sync_stores_the_meetings_and_a_second_changes_nothing(
    running_bot: Any,
    database: Database,
    southshire: Southshire,
    site: FakeModernGov,
    clock: FixedClock,
) -> None:
    source_id = await _add(database, site, clock)
    report = await _sync(database, source_id, clock)
    assert report.ok, report.failure
    meetings = await _synced(database, source_id)
    assert set(meetings) == {
        SAMPLE.oldest,
        SAMPLE.minuted,
        SAMPLE.agenda,
        SAMPLE.cancelled,
        SAMPLE.planned,
        SAMPLE.last,
    }

    feed = await board_feed_named(database, BOARD, domain="quorum.test")
    events = _events(feed.body)
    # 14 November 2022 10.00 am is GMT (10:00 UTC); 15 October 2023 10.00 am is BST (09:00 UTC).
    oldest = site.site.meeting(SAMPLE.oldest)
    agenda = site.site.meeting(SAMPLE.agenda)
    assert oldest is not None and agenda is not None
    gmt = datetime.combine(oldest.day, datetime.min.time(), UTC).replace(hour=10)
    bst = datetime.combine(agenda.day, datetime.min.time(), UTC).replace(hour=9)
    assert gmt in events and bst in events
    assert meetings[SAMPLE.oldest].starts_at_utc == gmt
    assert meetings[SAMPLE.agenda].starts_at_utc == bst
    cancelled = meetings[SAMPLE.cancelled].starts_at_utc
    assert str(events[cancelled]["STATUS"]) == "CANCELLED"
    description = str(events[bst]["DESCRIPTION"])
    public = [item for item in agenda.items if not item.restricted]
    assert "Apologies for absence" in description and len(public) >= 3
    # The restricted item never reaches a feed.
    [restricted] = [item for item in agenda.items if item.restricted]
    assert restricted.title not in description

    before = await _counts(database)
    again = await _sync(database, source_id, clock)
    assert again.ok and again.meetings_added == 0 and again.meetings_changed == 0
    assert await _counts(database) == before


async def test_a_moved_meeting_gives_one_change_notice_per_member(
    running_bot: Any,
    dispatcher: Dispatcher,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    site: FakeModernGov,
    clock: FixedClock,
) -> None:
    source_id = await _add(database, site, clock)
    assert (await _sync(database, source_id, clock)).ok
    await _settle(dispatcher, fake_api)

    planned = site.site.meeting(SAMPLE.planned)
    assert planned is not None
    planned.day += timedelta(days=1)
    planned.time = "10.00 am"
    report = await _sync(database, source_id, clock)
    assert report.ok and report.meetings_changed == 1
    for user in USERS:
        await _exactly(dispatcher, fake_api, user, "🔁 Meeting changed", 1)
    # One row per member of the board (the synced attendees included), none twice.
    meeting = (await _synced(database, source_id))[SAMPLE.planned]
    async with database.read() as session:
        rows = (
            await session.exec(
                select(Notification).where(
                    Notification.meeting_id == meeting.id,
                    Notification.kind == NotificationKind.MEETING_CHANGE.value,
                    Notification.chat_id.is_(None),  # type: ignore[union-attr]
                )
            )
        ).all()
        people = {
            m.person_id
            for m in (
                await session.exec(
                    select(Membership).where(Membership.board_id == meeting.board_id)
                )
            ).all()
        }
    assert sorted(row.person_id or 0 for row in rows) == sorted(people)
    # Synced again: nothing more.
    assert (await _sync(database, source_id, clock)).meetings_changed == 0
    for user in USERS:
        await _exactly(dispatcher, fake_api, user, "🔁 Meeting changed", 1)


async def test_publication_asks_the_clerk_once_and_a_late_paper_sends_one_supplement(
    running_bot: Any,
    dispatcher: Dispatcher,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    site: FakeModernGov,
    clock: FixedClock,
) -> None:
    planned = site.site.meeting(SAMPLE.planned)
    assert planned is not None
    source_id = await _add(database, site, clock)
    assert (await _sync(database, source_id, clock)).ok
    # The meeting already published on the site is offered once.
    await _exactly(dispatcher, fake_api, CLERK, "The agenda for", 1)

    # The site publishes the agenda of a later meeting (once it has items: an empty one is not
    # offered).
    planned.items.append(FakeItem("7199", 1, "1.", "Apologies for absence"))
    planned.agenda_published = True
    report = await _sync(database, source_id, clock)
    assert report.publication_prompts == 1
    await _sync(database, source_id, clock)
    asked = await _exactly(dispatcher, fake_api, CLERK, "The agenda for", 2)
    assert "published on the council's site" in asked[-1].plain_text
    assert {"Publish", "Not now"} <= set(_labels(asked[0]))

    # The clerk announces the first one; then a paper is added on the site.
    count = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_presses(CLERK, asked[0], asked[0].button_data("Publish"))
    preview = (await fake_api.wait_for_messages(CLERK.id, count + 1))[-1]
    label = next(b for b in _labels(preview) if b.startswith("Send"))
    await fake_api.user_presses(CLERK, preview, preview.button_data(label))
    await _settle(dispatcher, fake_api)

    doc = add_late_document(site.site, today=TODAY)
    report = await _sync(database, source_id, clock)
    assert report.supplements > 0
    await _sync(database, source_id, clock)
    for user in USERS:
        [supplement] = await _exactly(dispatcher, fake_api, user, "Supplement for", 1)
        assert doc.title in supplement.plain_text
    # Not to the group.
    assert not _texts_in(fake_api, GROUP.id, "Supplement for")


def _texts_in(fake: FakeBotApi, chat_id: int, words: str) -> list[SentMessage]:
    return [m for m in fake.messages_to(chat_id) if words in m.plain_text]


async def test_restricted_items_and_papers_never_reach_a_group_or_a_stranger(
    running_bot: Any,
    dispatcher: Dispatcher,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    site: FakeModernGov,
    clock: FixedClock,
) -> None:
    source_id = await _add(database, site, clock)
    assert (await _sync(database, source_id, clock)).ok
    agenda = site.site.meeting(SAMPLE.agenda)
    assert agenda is not None
    [restricted] = [item for item in agenda.items if item.restricted]
    secret_papers = [doc.title for doc in agenda.docs if doc.restricted]
    assert secret_papers

    # A member in private sees the restricted paper of the next synced meeting's agenda.
    before = len(fake_api.messages_to(USERS[0].id))
    await fake_api.user_sends(USERS[0], "/papers 15/10/2023")
    answer = (await fake_api.wait_for_messages(USERS[0].id, before + 1))[before:]
    assert any(title in m.plain_text for m in answer for title in secret_papers)

    # The group never does.
    fake_api.add_chat(GROUP)
    before = len(fake_api.messages_to(GROUP.id))
    await fake_api.user_sends(USERS[0], "/papers 15/10/2023", chat=GROUP)
    group = (await fake_api.wait_for_messages(GROUP.id, before + 1))[before:]
    for message in group:
        assert restricted.title not in message.plain_text
        assert not any(title in message.plain_text for title in secret_papers)

    # A stranger learns nothing of the board.
    from fakegram import FakeChat

    fake_api.add_chat(FakeChat.private(STRANGER))
    await fake_api.user_sends(STRANGER, "/papers")
    [reply] = await fake_api.wait_for_messages(STRANGER.id, 1)
    assert BOARD not in reply.plain_text
    assert not any(title in reply.plain_text for title in secret_papers)


@pytest.mark.parametrize("failure", [Failure.FORBIDDEN, Failure.HANG, Failure.MALFORMED])
async def test_a_failing_site_keeps_the_data_and_tells_the_clerk_once(
    running_bot: Any,
    dispatcher: Dispatcher,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    site: FakeModernGov,
    clock: FixedClock,
    failure: Failure,
) -> None:
    source_id = await _add(database, site, clock)
    assert (await _sync(database, source_id, clock)).ok
    await _settle(dispatcher, fake_api)
    before = await _counts(database)

    planned = site.site.meeting(SAMPLE.planned)
    assert planned is not None
    planned.day += timedelta(days=2)  # a change the failure must not half-apply
    site.fail(failure, operation="GetMeeting" if failure != Failure.FORBIDDEN else None)
    first = await _sync(database, source_id, clock, opener=IMPATIENT)
    clock.advance(timedelta(hours=1))
    second = await _sync(database, source_id, clock, opener=IMPATIENT)
    assert not first.ok and not second.ok
    assert first.failure and first.advice
    told = await _exactly(dispatcher, fake_api, CLERK, "⚠️ I could not sync", 1)
    assert first.failure.rstrip(".") in told[0].plain_text
    after = await _counts(database)
    # Only the notice to the clerk(s) was added.
    assert {k: v for k, v in after.items() if k != "Notification"} == {
        k: v for k, v in before.items() if k != "Notification"
    }
