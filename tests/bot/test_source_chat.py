"""A clerk's sync sources in chat (/source), and what the sync then tells people in Telegram:
the clerk's "announce it?" prompt with [Publish] / [Not now], a member's supplement notice,
the clerk's failure notice. The real PTB Application and dispatcher over the HTTP Bot API
fake, the local Modern.Gov fake, a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest
from sqlmodel import func, select

from bot import texts
from bot.deps import attach, deps_of_application
from bot.html import visible_text
from core.clock import FixedClock
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from services import messages, sync
from services.boards import create_board
from services.people import link_telegram
from sources.registry import SourceOptions, opener
from storage.engine import Database
from storage.models import Broadcast, BroadcastKind, Meeting, SyncSource
from tests.auxil.buttons import forge, press
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
TODAY = date(2023, 10, 3)  # BST; the published agenda is 12 days ahead: Sunday 15 October
CLERK = FakeUser(id=9001, first_name="Clara", last_name="Clerk")
JANE = FakeUser(id=9101, first_name="Jane", last_name="Smith")
OLIVE = FakeUser(id=9102, first_name="Olive", last_name="Other")  # on no board
CLIVE = FakeUser(id=9002, first_name="Clive", last_name="Clerk")  # the board's other clerk
GROUP = FakeChat.group(-900100, "Eastshire HWB")
PROMPT = "🌐 The agenda for"
SOURCE = f"{BOARD} from 127.0.0.1 (Health and Wellbeing Board)"
FAILED = "⚠️ I could not sync"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2023, 10, 3, 9, 0, tzinfo=LONDON))


@dataclass
class Council:
    site: FakeSite
    server: FakeModernGov


@pytest.fixture
async def council() -> AsyncIterator[Council]:
    site = sample_site(TODAY)
    async with FakeModernGov(site) as server:
        yield Council(site, server)


@pytest.fixture
async def eastshire(database: Database, fake_api: FakeBotApi, running_bot: Any) -> None:
    """A board with a clerk and no meetings; the bot opens sites with short timeouts."""
    await create_board(database, name=BOARD, timezone="Europe/London")
    await link_telegram(
        database,
        board_name=BOARD,
        person_name="Clara Clerk",
        telegram_user_id=CLERK.id,
        role="clerk",
    )
    for user in (CLERK, CLIVE, JANE, OLIVE):
        fake_api.add_chat(FakeChat.private(user))
    fake_api.add_chat(GROUP)
    deps = deps_of_application(running_bot)
    quick = opener(SourceOptions(timeout=10, attempts=1, backoff=0.01, allow_private=True))
    attach(running_bot, replace(deps, source_opener=quick))


# Notices the dispatcher may deliver while a command is answered (a failure is told to the
# clerk who asked for the sync by its report only).
NOTICES = (PROMPT, "📎 Supplement", "📢 Agenda published")


# What the bot answers at once before it reads the site; the result follows.
ACKNOWLEDGED = ("Syncing ", "Looking up the committees on ", "Added #")


async def _ask(
    fake: FakeBotApi, user: FakeUser, text: str, skip: tuple[str, ...] = ()
) -> SentMessage:
    """Send ``text``; the bot's answer (its first message since that is not a notice, nor
    starts with one of ``skip``)."""
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    while True:
        messages = await fake.wait_for_messages(user.id, before + 1, timeout=30)
        answers = [m for m in messages[before:] if not m.plain_text.startswith(NOTICES + skip)]
        if answers:
            return answers[0]
        before = len(messages)


async def _result(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    """Send ``text``; the result the bot sends once it has read the site (after saying it is
    on it)."""
    return await _ask(fake, user, text, skip=ACKNOWLEDGED)


async def _settle(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.2)


def _starting(fake: FakeBotApi, chat_id: int, start: str) -> list[SentMessage]:
    return [m for m in fake.messages_to(chat_id) if m.plain_text.startswith(start)]


async def _count(database: Database, model: type[Meeting] | type[SyncSource]) -> int:
    async with database.read() as session:
        return int((await session.exec(select(func.count()).select_from(model))).one())


async def _publications(database: Database) -> int:
    """Agendas announced (a cancellation's change notice is a broadcast of another kind)."""
    async with database.read() as session:
        rows = await session.exec(
            select(Broadcast).where(Broadcast.kind == BroadcastKind.PUBLICATION.value)
        )
        return len(rows.all())


async def _add_and_sync(fake: FakeBotApi, council: Council) -> SentMessage:
    """/source add URL 123: the "added" line, then the sync's report (returned), which names
    the committee by the title the site gave."""
    await fake.user_sends(CLERK, f"/source add {council.server.base_url} 123")
    report = await fake.wait_for_message(CLERK.id, lambda m: m.plain_text.startswith("✅"))
    [added] = _starting(fake, CLERK.id, "Added #")
    assert added.plain_text.startswith(
        f"Added #1: {BOARD} now syncs from 127.0.0.1, committee 123."
    )
    assert report.plain_text.startswith(f"✅ Synced {SOURCE}: 6 meetings added")
    return report


async def test_a_clerk_finds_the_committee_adds_it_with_a_button_and_syncs_it(
    eastshire: None, fake_api: FakeBotApi, database: Database, council: Council
) -> None:
    empty = await _ask(fake_api, CLERK, "/source")
    assert empty.plain_text.startswith("None of your boards syncs from a council's site yet.")

    url = council.server.base_url
    listing = await _result(fake_api, CLERK, f"/source committees {url}")
    # Current committees only (the deleted and the expired one are not offered), by title.
    assert listing.plain_text.splitlines() == [
        f"Committees on 127.0.0.1: press one to sync it to {BOARD}.",
        "124 — Cabinet",
        "123 — Health and Wellbeing Board",
    ]
    # Reading the site happens after the bot said it is on it.
    looking = _starting(fake_api, CLERK.id, "Looking up")
    assert [m.plain_text for m in looking] == ["Looking up the committees on 127.0.0.1…"]
    assert fake_api.messages_to(CLERK.id).index(looking[0]) < (
        fake_api.messages_to(CLERK.id).index(listing)
    )
    filtered = await _result(fake_api, CLERK, f"/source committees {url} health board")
    assert filtered.plain_text.splitlines()[1:] == ["123 — Health and Wellbeing Board"]

    before = len(fake_api.messages_to(CLERK.id))
    await press(fake_api, CLERK, listing, "123 — Health and Wellbeing Board")
    await fake_api.wait_for_message(CLERK.id, lambda m: m.plain_text.startswith("✅"))
    [added] = _starting(fake_api, CLERK.id, "Added #")
    [report] = _starting(fake_api, CLERK.id, "✅")
    assert added.plain_text.startswith(
        f"Added #1: {BOARD} now syncs from 127.0.0.1, committee 123 (Health and Wellbeing Board)."
    )
    assert report.plain_text.startswith(f"✅ Synced {SOURCE}: 6 meetings added")
    assert await _count(database, Meeting) == 6

    listed = await _ask(fake_api, CLERK, "/source list")
    lines = listed.plain_text.splitlines()
    assert lines[2:5] == [
        f"#1 {BOARD}",
        "127.0.0.1, committee 123 (Health and Wellbeing Board)",
        "Every 30 minutes",
    ]
    assert lines[5].startswith("Last synced Tue 3 Oct 2023 9:00am: 6 meetings added")

    again = await _result(fake_api, CLERK, "/source sync")
    [syncing] = _starting(fake_api, CLERK.id, "Syncing ")
    assert syncing.plain_text == f"Syncing {SOURCE}… I will tell you when it is done."
    assert again.plain_text == f"✅ Synced {SOURCE}: 0 meetings added, 0 changed, 6 unchanged"
    every = await _ask(fake_api, CLERK, "/source every 60")
    assert every.plain_text == f"{BOARD} now syncs every 60 minutes."
    assert "Every 60 minutes" in (await _ask(fake_api, CLERK, "/source")).plain_text

    # Removing asks first; [Keep it] changes nothing, [Remove] removes it and keeps meetings.
    confirm = await _ask(fake_api, CLERK, "/source remove 1")
    assert confirm.plain_text == (
        f"Stop syncing {BOARD} from 127.0.0.1, committee 123 (Health and Wellbeing Board)? "
        "Its meetings stay as they are."
    )
    keep = await press(fake_api, CLERK, confirm, "Keep it")
    assert keep.text == texts.SOURCE_KEPT and confirm.buttons == []
    async with database.read() as session:
        assert len((await session.exec(select(SyncSource))).all()) == 1
    confirm = await _ask(fake_api, CLERK, "/source remove 1")
    before = len(fake_api.messages_to(CLERK.id))
    await press(fake_api, CLERK, confirm, "Remove")
    [removed] = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before:]
    assert removed.plain_text == (
        f"Removed: {BOARD} no longer syncs from 127.0.0.1. Its meetings stay as they are."
    )
    async with database.read() as session:
        assert (await session.exec(select(SyncSource))).all() == []
    assert await _count(database, Meeting) == 6


async def test_the_published_agenda_asks_the_clerk_once_and_publish_reaches_the_members(
    eastshire: None,
    fake_api: FakeBotApi,
    database: Database,
    council: Council,
    dispatcher: Dispatcher,
) -> None:
    await _add_and_sync(fake_api, council)
    await _settle(dispatcher, fake_api)
    # The sync brought the members; Jane links her Telegram account.
    await link_telegram(
        database, board_name=BOARD, person_name="Jane Smith", telegram_user_id=JANE.id, role=None
    )
    [prompt] = _starting(fake_api, CLERK.id, PROMPT)
    assert prompt.plain_text == (
        f"🌐 The agenda for {BOARD} on Sunday 15 October 2023, 10:00am is published on the "
        "council's site — announce it?"
    )
    assert [[label for label, _ in row] for row in prompt.buttons] == [["Publish", "Not now"]]

    # A second sync asks nothing again.
    await _result(fake_api, CLERK, "/source sync")
    await _settle(dispatcher, fake_api)
    assert len(_starting(fake_api, CLERK.id, PROMPT)) == 1

    # [Publish]: the usual preview; its [Send to N members] announces the agenda.
    before = len(fake_api.messages_to(CLERK.id))
    await press(fake_api, CLERK, prompt, "Publish")
    [preview] = (await fake_api.wait_for_messages(CLERK.id, before + 1))[before:]
    assert preview.plain_text.startswith("👀 Preview. Members will get this")
    assert f"📢 Agenda published: {BOARD}" in preview.plain_text
    assert prompt.buttons == []
    send = next(label for row in preview.buttons for label, _ in row if label.startswith("Send"))
    await press(fake_api, CLERK, preview, send)
    await _settle(dispatcher, fake_api)
    assert await _publications(database) == 1
    [announced] = fake_api.messages_to(JANE.id)
    assert announced.plain_text.startswith(f"📢 Agenda published: {BOARD}")

    # A paper added later: one supplement notice for Jane, with its link.
    add_late_document(council.site, today=TODAY)
    await _result(fake_api, CLERK, "/source sync")
    await _settle(dispatcher, fake_api)
    [supplement] = fake_api.messages_to(JANE.id)[1:]
    assert supplement.plain_text.splitlines() == [
        "📎 Supplement for item 3: Supplementary information - Children's Services",
        f"{BOARD} (Sunday 15 October 2023, 10:00am)",
        "Read the paper",
    ]
    assert 'href="http' in supplement.text and "mgConvert2PDF.aspx?ID=8099" in supplement.text
    await _result(fake_api, CLERK, "/source sync")
    await _settle(dispatcher, fake_api)
    assert len(fake_api.messages_to(JANE.id)) == 2


async def test_not_now_changes_nothing_and_a_stale_prompt_is_refused_politely(
    eastshire: None,
    fake_api: FakeBotApi,
    database: Database,
    council: Council,
    dispatcher: Dispatcher,
) -> None:
    await _add_and_sync(fake_api, council)
    await _settle(dispatcher, fake_api)
    [prompt] = _starting(fake_api, CLERK.id, PROMPT)
    publish = prompt.button_data("Publish")

    answer = await press(fake_api, CLERK, prompt, "Not now")
    assert not answer.show_alert
    assert prompt.plain_text == (
        f"The agenda for {BOARD} on Sunday 15 October 2023, 10:00am was not announced. Send "
        "/publish when you want to announce it."
    )
    assert prompt.buttons == []
    assert await _publications(database) == 0

    # The meeting is cancelled on the site: the old [Publish] is refused with a polite alert.
    council.site.meeting(SAMPLE.agenda).status = "Cancelled"
    await _result(fake_api, CLERK, "/source sync")
    await _settle(dispatcher, fake_api)
    refused = await forge(fake_api, CLERK, prompt, publish)
    assert refused.show_alert and refused.text == messages.CANCELLED_NOTHING_TO_ANNOUNCE
    assert await _publications(database) == 0
    assert not _starting(fake_api, CLERK.id, "👀 Preview")


async def test_a_failing_source_tells_the_clerk_once_with_the_reason_and_what_to_try(
    eastshire: None,
    fake_api: FakeBotApi,
    database: Database,
    council: Council,
    dispatcher: Dispatcher,
) -> None:
    await _add_and_sync(fake_api, council)
    await link_telegram(
        database,
        board_name=BOARD,
        person_name="Clive Clerk",
        telegram_user_id=CLIVE.id,
        role="clerk",
    )
    council.server.fail(Failure.FORBIDDEN)
    failed = await _result(fake_api, CLERK, "/source sync")
    await _settle(dispatcher, fake_api)
    async with database.read() as session:
        source = (await session.exec(select(SyncSource))).one()
    reason, advice = (source.failure or "").split("\n")
    # The clerk who asked is told once, by the report: the reason, what to try, and (once,
    # in the bot's own voice) that it is tried again.
    assert _starting(fake_api, CLERK.id, FAILED) == [failed]
    assert failed.plain_text.startswith(f"{FAILED} {SOURCE}: ")
    assert reason.rstrip(".") in failed.plain_text and advice.rstrip(".") in failed.plain_text
    assert failed.plain_text.endswith(
        "The last synced meetings stay as they were; I will try again at the next scheduled sync."
    )
    assert failed.plain_text.count("try again") == 1
    # The board's other clerk gets the notice.
    [notice] = _starting(fake_api, CLIVE.id, FAILED)
    assert notice.plain_text.startswith(f"{FAILED} {SOURCE}: ")
    assert reason.rstrip(".") in notice.plain_text and advice.rstrip(".") in notice.plain_text
    assert notice.plain_text.endswith(
        "The last synced meetings stay as they were; I will try again at the next scheduled sync."
    )
    assert notice.plain_text.count("try again") == 1
    listed = await _ask(fake_api, CLERK, "/source")
    assert "⚠️ Failing since Tue 3 Oct 2023 9:00am: " + reason in listed.plain_text

    # Failing again tells the other clerk nothing again; the meetings stay.
    again = await _result(fake_api, CLERK, "/source sync")
    await _settle(dispatcher, fake_api)
    assert _starting(fake_api, CLERK.id, FAILED) == [failed, again]
    assert len(_starting(fake_api, CLIVE.id, FAILED)) == 1
    assert await _count(database, Meeting) == 6
    council.server.heal()
    healed = await _result(fake_api, CLERK, "/source sync")
    assert healed.plain_text.startswith(f"✅ Synced {SOURCE}: 0 meetings added")


async def test_looking_up_committees_that_fails_gives_the_reason_and_advice_only(
    eastshire: None, fake_api: FakeBotApi, database: Database, council: Council
) -> None:
    council.server.fail(Failure.FORBIDDEN)
    failed = await _result(fake_api, CLERK, f"/source committees {council.server.base_url}")
    assert failed.plain_text.startswith("⚠️ I could not read 127.0.0.1: ")
    assert "HTTP 403" in failed.plain_text and "web team" in failed.plain_text
    assert "try again" not in failed.plain_text
    async with database.read() as session:
        assert (await session.exec(select(SyncSource))).all() == []


async def test_several_sources_are_each_named_and_one_syncs_by_its_number(
    eastshire: None, fake_api: FakeBotApi, database: Database, council: Council
) -> None:
    await _add_and_sync(fake_api, council)
    await fake_api.user_sends(CLERK, f"/source add {council.server.base_url} 124")
    await fake_api.wait_for_message(CLERK.id, lambda m: "(Cabinet)" in m.plain_text)
    cabinet = f"{BOARD} from 127.0.0.1 (Cabinet)"
    [added] = _starting(fake_api, CLERK.id, "✅ Synced " + cabinet)
    assert added.plain_text.startswith(f"✅ Synced {cabinet}: 1 meeting added, 0 changed")

    before = len(fake_api.messages_to(CLERK.id))
    await fake_api.user_sends(CLERK, "/source sync")
    sent = await fake_api.wait_for_messages(CLERK.id, before + 3)
    syncing, *reports = [m.plain_text for m in sent[before:]]
    assert syncing.splitlines() == [
        f"Syncing {SOURCE}… I will tell you when it is done.",
        f"Syncing {cabinet}… I will tell you when it is done.",
    ]
    assert sorted(reports) == [
        f"✅ Synced {cabinet}: 0 meetings added, 0 changed, 1 unchanged",
        f"✅ Synced {SOURCE}: 0 meetings added, 0 changed, 6 unchanged",
    ]

    # One source by its number ("2" or "#2"); a number that is no source is said so.
    for number in ("2", "#2"):
        one = await _result(fake_api, CLERK, f"/source sync {number}")
        assert one.plain_text == f"✅ Synced {cabinet}: 0 meetings added, 0 changed, 1 unchanged"
    missing = await _ask(fake_api, CLERK, "/source sync 99")
    assert missing.plain_text == messages.NO_SOURCE_NUMBERED.format(source_id=99)
    # A board's name still works.
    named = await _ask(fake_api, CLERK, "/source sync Eastshire")
    assert named.plain_text.splitlines()[0] == f"Syncing {SOURCE}… I will tell you when it is done."


async def test_only_a_clerk_in_a_private_chat_manages_sources(
    eastshire: None, fake_api: FakeBotApi, database: Database, council: Council
) -> None:
    stranger = await _ask(fake_api, OLIVE, "/source")
    assert stranger.plain_text == visible_text(texts.STRANGER)
    await _add_and_sync(fake_api, council)
    await link_telegram(
        database, board_name=BOARD, person_name="Jane Smith", telegram_user_id=JANE.id, role=None
    )
    member = await _ask(fake_api, JANE, "/source sync")
    assert member.plain_text == texts.CLERK_ONLY
    # In a group, a clerk's command is pointed to the private chat as such; a personal one
    # keeps its own wording.
    for command, answer_text in [
        ("/source sync", texts.GROUP_CLERK_ONLY),
        ("/source", texts.GROUP_CLERK_ONLY),
        ("/publish", texts.GROUP_CLERK_ONLY),
        ("/member", texts.GROUP_CLERK_ONLY),
        ("/clerk", texts.GROUP_CLERK_ONLY),
        ("/apologies", texts.GROUP_PRIVATE_ONLY),
    ]:
        before = len(fake_api.messages_to(GROUP.id))
        await fake_api.user_sends(CLERK, command, chat=GROUP)
        [answer] = (await fake_api.wait_for_messages(GROUP.id, before + 1))[before:]
        assert answer.plain_text == answer_text, command
    assert texts.GROUP_CLERK_ONLY == "Clerk commands work in a private chat with me."
    async with database.read() as session:
        source = (await session.exec(select(SyncSource))).one()
    assert source.last_result is not None and "6 meetings added" in source.last_result


async def test_bad_input_is_answered_with_what_to_send_and_changes_nothing(
    eastshire: None, fake_api: FakeBotApi, database: Database, council: Council
) -> None:
    usage = await _ask(fake_api, CLERK, "/source frobnicate")
    assert usage.plain_text.startswith("/source syncs your board's meetings")
    assert (await _ask(fake_api, CLERK, "/source add")).plain_text.startswith(
        "Send /source add with the site's address"
    )
    bad = await _ask(fake_api, CLERK, "/source add ftp://example.org 123")
    assert bad.plain_text.startswith("That address doesn't look right: ")
    every = await _ask(fake_api, CLERK, "/source every 1")
    assert every.plain_text.startswith("How often? Send /source every with a number of minutes")
    remove = await _ask(fake_api, CLERK, "/source remove 99")
    assert remove.plain_text == messages.NO_SOURCE_NUMBERED.format(source_id=99)
    async with database.read() as session:
        assert (await session.exec(select(SyncSource))).all() == []


async def test_a_sync_waiting_on_the_site_keeps_the_bot_answering_and_is_not_started_twice(
    eastshire: None,
    fake_api: FakeBotApi,
    database: Database,
    council: Council,
    running_bot: Any,
) -> None:
    await _add_and_sync(fake_api, council)
    await link_telegram(
        database, board_name=BOARD, person_name="Jane Smith", telegram_user_id=JANE.id, role=None
    )
    # The site stops answering, and the bot would wait for it far longer than this test takes.
    patient = opener(SourceOptions(timeout=60, attempts=1, backoff=0.01, allow_private=True))
    attach(running_bot, replace(deps_of_application(running_bot), source_opener=patient))
    council.server.fail(Failure.HANG)
    held = await _ask(fake_api, CLERK, "/source sync")
    assert held.plain_text == f"Syncing {SOURCE}… I will tell you when it is done."

    # Meanwhile another user is answered, and the same source is not synced twice at once.
    answer = await _ask(fake_api, JANE, "/next")
    assert BOARD in answer.plain_text
    again = await _ask(fake_api, CLERK, "/source sync")
    assert again.plain_text == f"{SOURCE} is already syncing. I will tell you when it is done."
    assert not _starting(fake_api, CLERK.id, FAILED)

    # The site gives up at last: the clerk gets the report, and may sync again.
    await council.server.stop()
    failed = await fake_api.wait_for_message(CLERK.id, lambda m: m.plain_text.startswith(FAILED))
    assert failed.plain_text.startswith(f"{FAILED} {SOURCE}: ")
    assert len(_starting(fake_api, CLERK.id, FAILED)) == 1
    assert await _count(database, Meeting) == 6
    retried = await _result(fake_api, CLERK, "/source sync")
    assert retried.plain_text.startswith(f"{FAILED} {SOURCE}: ")


async def test_a_source_another_instance_is_syncing_is_left_to_it_politely(
    eastshire: None,
    fake_api: FakeBotApi,
    database: Database,
    council: Council,
    clock: FixedClock,
) -> None:
    await _add_and_sync(fake_api, council)
    await sync.take_lease(database, source_id=1, owner="another instance", now=clock.now())
    busy = await _result(fake_api, CLERK, "/source sync")
    assert busy.plain_text == messages.SOURCE_SYNC_UNDER_WAY
    await sync.release_lease(database, owner="another instance")
    again = await _result(fake_api, CLERK, "/source sync")
    assert again.plain_text.startswith(f"✅ Synced {SOURCE}: 0 meetings added")
