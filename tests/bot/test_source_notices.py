"""The three notices a sync queues, as the dispatcher renders them when they fall due (rows
may be stale): the clerk's "announce it?" with [Publish] / [Not now], the clerk's failure
notice, a member's supplement with its link. Real syncs against the local Modern.Gov fake,
a real SQLite file; the board's zone in GMT and in BST."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.html import visible_text
from bot.notices import Outgoing, render
from core.settings import Settings
from notify.outcomes import Claimed, Skipped
from services import broadcasts, sources, sync
from services.boards import create_board
from services.members import retire_member
from services.people import link_telegram
from services.views import Viewer
from sources.registry import MODERNGOV, SourceOptions, opener
from storage.engine import Database
from storage.models import (
    Document,
    Meeting,
    Notification,
    NotificationKind,
    Person,
    SyncSource,
)
from tests.auxil.moderngov import (
    SAMPLE,
    Failure,
    FakeModernGov,
    FakeSite,
    add_late_document,
    sample_site,
)
from tests.auxil.packs import LONDON

BOARD = "Eastshire Health and Wellbeing Board"
CLERK_ID = 9001
JANE_ID = 9101
QUICK = opener(SourceOptions(timeout=10, attempts=1, backoff=0.01, allow_private=True))
# (today, the published agenda as the board reads it 12 days later, its instant in UTC)
ZONES = [
    pytest.param(
        (date(2023, 10, 3), "Sunday 15 October 2023, 10:00am", datetime(2023, 10, 15, 9, 0)),
        id="BST",
    ),
    pytest.param(
        (date(2024, 1, 9), "Sunday 21 January 2024, 10:00am", datetime(2024, 1, 21, 10, 0)),
        id="GMT",
    ),
]


@dataclasses.dataclass
class Synced:
    site: FakeSite
    server: FakeModernGov
    source_id: int
    clerk: Viewer
    now: datetime

    async def sync(self, database: Database) -> sync.SyncReport:
        return await sync.sync_source(
            database, source_id=self.source_id, now=self.now, opener=QUICK
        )


async def _synced(database: Database, today: date) -> AsyncIterator[Synced]:
    """A board with a clerk, synced once from the sample site of ``today``."""
    site = sample_site(today)
    now = datetime(today.year, today.month, today.day, 9, 0, tzinfo=LONDON).astimezone(UTC)
    async with FakeModernGov(site) as server:
        await create_board(database, name=BOARD, timezone="Europe/London")
        clerk = await link_telegram(
            database,
            board_name=BOARD,
            person_name="Clara Clerk",
            telegram_user_id=CLERK_ID,
            role="clerk",
        )
        added = await sources.add_source(
            database,
            board_name=BOARD,
            kind=MODERNGOV,
            base_url=server.base_url,
            committee_id=SAMPLE.committee,
            viewer=None,
            now=now,
        )
        synced = Synced(site, server, added.id, clerk, now)
        report = await synced.sync(database)
        assert report.ok and report.meetings_added == 6
        yield synced


@pytest.fixture(params=ZONES)
async def synced(
    request: pytest.FixtureRequest, database: Database
) -> AsyncIterator[tuple[Synced, str, datetime]]:
    today, local, utc = request.param
    async for made in _synced(database, today):
        yield made, local, utc.replace(tzinfo=UTC)


async def _rows(database: Database, kind: NotificationKind) -> list[Notification]:
    async with database.read() as session:
        found = await session.exec(
            select(Notification)
            .where(Notification.kind == kind.value)
            .order_by(col(Notification.id))
        )
        return list(found.all())


async def _render(
    database: Database, settings: Settings, row: Notification | Claimed, now: datetime
) -> Outgoing | Skipped:
    item = row if isinstance(row, Claimed) else Claimed.of(row)
    rendered = await render(database, item, now=now, settings=settings)
    assert isinstance(rendered, Outgoing | Skipped), rendered
    return rendered


async def _agenda_meeting(database: Database) -> Meeting:
    async with database.read() as session:
        return (
            await session.exec(select(Meeting).where(Meeting.external_id == SAMPLE.agenda))
        ).one()


async def test_the_clerk_is_asked_with_the_time_in_the_boards_zone_until_it_is_published(
    database: Database, settings: Settings, synced: tuple[Synced, str, datetime]
) -> None:
    made, local, utc = synced
    meeting = await _agenda_meeting(database)
    assert meeting.starts_at_utc.replace(tzinfo=UTC) == utc
    [row] = await _rows(database, NotificationKind.SITE_PUBLISHED)
    assert row.person_id == made.clerk.person_id and row.meeting_id == meeting.id

    prompt = await _render(database, settings, row, made.now)
    assert isinstance(prompt, Outgoing) and prompt.chat_id == CLERK_ID
    assert visible_text(prompt.text) == (
        f"🌐 The agenda for {BOARD} on {local} is published on the council's site — announce it?"
    )
    assert prompt.keyboard is not None
    buttons = [(b.text, b.callback_data) for line in prompt.keyboard.inline_keyboard for b in line]
    assert buttons == [("Publish", f"sp:p:{meeting.id}"), ("Not now", f"sp:n:{meeting.id}")]

    # Announced meanwhile (by /publish): the row, still queued, says nothing.
    assert meeting.id is not None
    await broadcasts.start_publication(
        database, viewer=made.clerk, meeting_id=meeting.id, now=made.now
    )
    assert await _render(database, settings, row, made.now) == Skipped("published since")


async def test_a_prompt_for_a_meeting_cancelled_since_says_nothing(
    database: Database, settings: Settings, synced: tuple[Synced, str, datetime]
) -> None:
    made, _, _ = synced
    [row] = await _rows(database, NotificationKind.SITE_PUBLISHED)
    made.site.meeting(SAMPLE.agenda).status = "Cancelled"
    assert (await made.sync(database)).ok
    assert await _render(database, settings, row, made.now) == Skipped("meeting cancelled")
    # A second sync asks nothing again.
    assert len(await _rows(database, NotificationKind.SITE_PUBLISHED)) == 1


async def test_a_failing_source_is_told_with_reason_and_advice_until_it_works_again(
    database: Database, settings: Settings, synced: tuple[Synced, str, datetime]
) -> None:
    made, _, _ = synced
    made.server.fail(Failure.FORBIDDEN)
    report = await made.sync(database)
    assert not report.ok and report.clerks_told
    assert not (await made.sync(database)).clerks_told  # once per failing spell
    [row] = await _rows(database, NotificationKind.SOURCE_FAILED)
    notice = await _render(database, settings, row, made.now)
    assert isinstance(notice, Outgoing) and notice.chat_id == CLERK_ID
    text = visible_text(notice.text)
    assert text.startswith(
        f"⚠️ I could not sync {BOARD} from 127.0.0.1 (Health and Wellbeing Board): "
    )
    assert report.failure is not None and report.advice is not None
    assert report.failure.rstrip(".") in text and report.advice.rstrip(".") in text
    assert text.endswith(
        "The last synced meetings stay as they were; I will try again at the next scheduled sync."
    )
    assert text.count("try again") == 1  # said once, in the bot's own voice
    assert "<html" not in text.lower()  # the firewall's page is never shown

    made.server.heal()
    assert (await made.sync(database)).ok
    assert await _render(database, settings, row, made.now) == Skipped("the source works again")
    async with database.write() as session:
        source = await session.get(SyncSource, made.source_id)
        await session.delete(source)
    assert await _render(database, settings, row, made.now) == Skipped(
        "the source no longer exists"
    )


async def _supplement_rows(
    database: Database, made: Synced
) -> tuple[Notification, list[Notification]]:
    """Publish the agenda, add a late paper to item 3, sync: (Jane's row, every row)."""
    await link_telegram(
        database,
        board_name=BOARD,
        person_name="Jane Smith",
        telegram_user_id=JANE_ID,
        role=None,
    )
    meeting = await _agenda_meeting(database)
    assert meeting.id is not None
    await broadcasts.start_publication(
        database, viewer=made.clerk, meeting_id=meeting.id, now=made.now
    )
    add_late_document(made.site, today=made.now.date())
    report = await made.sync(database)
    assert report.ok and report.supplements > 0
    rows = await _rows(database, NotificationKind.SUPPLEMENT)
    async with database.read() as session:
        paper = await session.get(Document, int(rows[0].lead or 0))
    assert paper is not None and paper.external_id == SAMPLE.late_doc
    linked = [row for row in rows if await _telegram_of(database, row) == JANE_ID]
    assert len(linked) == 1
    return linked[0], rows


async def _telegram_of(database: Database, row: Notification) -> int | None:
    async with database.read() as session:
        person = await session.get(Person, row.person_id)
        return person.telegram_user_id if person is not None else None


async def _edit_document(database: Database, row: Notification, **values: object) -> None:
    async with database.write() as session:
        document = await session.get(Document, int(row.lead or 0))
        assert document is not None
        for name, value in values.items():
            setattr(document, name, value)
        session.add(document)


async def test_a_member_gets_the_late_paper_as_a_link_in_their_private_chat_only(
    database: Database, settings: Settings, synced: tuple[Synced, str, datetime]
) -> None:
    made, local, _ = synced
    row, rows = await _supplement_rows(database, made)
    assert len({item.person_id for item in rows}) == len(rows)  # one per member
    notice = await _render(database, settings, row, made.now)
    assert isinstance(notice, Outgoing) and notice.chat_id == JANE_ID
    assert visible_text(notice.text).splitlines() == [
        "📎 Supplement for item 3: Supplementary information - Children's Services",
        f"{BOARD} ({local})",
        "Read the paper",
    ]
    url = f"{made.server.base_url}/mgConvert2PDF.aspx?ID={SAMPLE.late_doc}"
    assert f'<a href="{url}">Read the paper</a>' in notice.text or (
        f'<a href="{url.replace("http://", "https://")}">' in notice.text
    )

    # Never to a group.
    group = dataclasses.replace(Claimed.of(row), person_id=None, chat_id=-900100)
    assert await _render(database, settings, group, made.now) == Skipped(
        "supplements go to members' private chats only"
    )

    # Only http(s) addresses become links; everything is escaped; a paper of the whole meeting;
    # a restricted paper is marked (members' private chats only).
    await _edit_document(
        database,
        row,
        url='javascript:alert("x")',
        item_id=None,
        title="Tea & <b>cakes</b>",
        restricted=True,
    )
    odd = await _render(database, settings, row, made.now)
    assert isinstance(odd, Outgoing)
    assert "<a " not in odd.text and "<b>cakes" not in odd.text
    day = local.split(",")[0]
    assert visible_text(odd.text).splitlines() == [
        f"📎 Supplement for the meeting of {day}: Tea & <b>cakes</b>",
        f"{BOARD} ({local})",
        'javascript:alert("x")',
        "🔒 A restricted paper: please keep it confidential.",
    ]


async def test_a_supplement_is_not_sent_once_the_member_left_or_the_meeting_is_over(
    database: Database, settings: Settings, synced: tuple[Synced, str, datetime]
) -> None:
    made, _, utc = synced
    row, _ = await _supplement_rows(database, made)
    later = utc + timedelta(minutes=1)
    assert await _render(database, settings, row, later) == Skipped("meeting has started")
    await retire_member(database, name="Jane Smith", board_name=BOARD, now=made.now)
    assert await _render(database, settings, row, made.now) == Skipped(
        "no longer a member of the board"
    )
    async with database.write() as session:
        document = await session.get(Document, int(row.lead or 0))
        assert document is not None
        document.withdrawn_at_utc = made.now
        session.add(document)
    assert await _render(database, settings, row, made.now) == Skipped(
        "the paper was withdrawn from the council's site"
    )
    async with database.write() as session:
        document = await session.get(Document, int(row.lead or 0))
        await session.delete(document)
    assert await _render(database, settings, row, made.now) == Skipped("the paper no longer exists")
