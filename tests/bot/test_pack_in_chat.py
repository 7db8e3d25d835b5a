"""A pack sent in chat: a clerk's document downloaded from the HTTP fake (getFile and the file
download), read, previewed, and stored only on [Import], through the real PTB Application and a
real SQLite file; what members then see and are told."""

from __future__ import annotations

import asyncio
import pickle
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fpdf import FPDF
from sqlmodel import col, select
from telegram.constants import InlineKeyboardButtonLimit

from bot import texts
from bot.handlers import packs as packs_handlers
from core.clock import FixedClock
from core.errors import SettingsError
from core.settings import Settings, load_settings
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from packs import read_file
from services.imports import import_pack
from services.members import remove_clerk
from services.people import link_telegram
from storage.engine import Database
from storage.models import Board, Meeting
from tests.auxil.buttons import press
from tests.auxil.southshire import AMY, BEN, BOARD, CLERK, Southshire, build_southshire

LONDON = ZoneInfo("Europe/London")
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
STRANGER = FakeUser(id=7999, first_name="Eve", last_name="Stranger")
RUTLAND_CLERK = FakeUser(id=7801, first_name="Rita", last_name="Rutland")
PDF = "application/pdf"
ITEMS = [
    "Welcome and apologies",
    "Declarations of interest",
    "Minutes of the previous meeting",
    "Better Care Fund",
    "Joint Health and Wellbeing Strategy",
    "Any other business",
]
TIME_LINE = "Time: 2.00 pm"
READING = re.compile("📄 (?:Reading|Read|Could not read) ")


@pytest.fixture
def clock() -> FixedClock:
    """After Southshire's 10 October meeting: the pack's 14 November one is the next."""
    return FixedClock(datetime(2023, 10, 20, 9, 0, tzinfo=LONDON))


@pytest.fixture
async def southshire(database: Database, fake_api: FakeBotApi) -> Southshire:
    return await build_southshire(database, fake_api)


def pack_text(*, items: list[str] = ITEMS, time_line: str | None = TIME_LINE) -> str:
    lines = [
        BOARD,
        "",
        "Date: Tuesday, 14 November 2023",
        *([time_line] if time_line else []),
        "Venue: Council Chamber, County Hall, Southtown",
        "",
        "Membership",
        "Amy Archer (Chair)",
        "Ben Bishop",
        "Cara Cole",
        "Dev Dutta",
        "Una Linked",
        "",
        "AGENDA",
        *(f"{number}. {title}" for number, title in enumerate(items, start=1)),
    ]
    return "\n".join(lines) + "\n"


def pdf_of(text: str) -> bytes:
    """``text`` typeset as a PDF, one line after another."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in text.split("\n"):
        if line:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    return bytes(pdf.output())


def has_button(label: str) -> Callable[[SentMessage], bool]:
    def wanted(message: SentMessage) -> bool:
        return any(text == label for row in message.buttons for text, _ in row)

    return wanted


async def send_pack(
    fake: FakeBotApi, user: FakeUser, data: bytes, name: str = "agenda.pdf"
) -> SentMessage:
    """Send ``data`` as a document; the message that answers it (past any "Reading..." note)."""
    seen = max((message.message_id for message in fake.messages_to(user.id)), default=0)
    await fake.user_sends_document(user, name, data, mime_type=PDF)
    answer = await fake.wait_for_message(
        user.id, lambda m: m.message_id > seen and not READING.match(m.plain_text)
    )
    await fake.wait_until_quiet(quiet=0.2)
    return answer


async def say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    messages = await fake.wait_for_messages(user.id, before + 1, timeout=30)
    await fake.wait_until_quiet(quiet=0.2)
    return messages[before]


async def tap(fake: FakeBotApi, user: FakeUser, message: SentMessage, label: str) -> SentMessage:
    """Press ``label`` and return the latest message in the chat once the bot is quiet."""
    await press(fake, user, message, label)
    await fake.wait_until_quiet(quiet=0.2)
    return fake.messages_to(user.id)[-1]


async def meetings_on(database: Database, board: str, day: date) -> list[Meeting]:
    async with database.read() as session:
        rows = await session.exec(select(Meeting).join(Board).where(col(Board.name) == board))
        return [
            meeting
            for meeting in rows.all()
            if meeting.starts_at_utc.replace(tzinfo=UTC).astimezone(LONDON).date() == day
        ]


async def answers_after(fake: FakeBotApi, before: int, count: int) -> list[Any]:
    """The bot's answers to the presses made since ``before`` answers, once there are
    ``count``."""

    async def enough() -> None:
        while len(fake.callback_answers) < before + count:  # noqa: ASYNC110
            await asyncio.sleep(0.01)

    await asyncio.wait_for(enough(), timeout=30)
    await fake.wait_until_quiet(quiet=0.2)
    return fake.callback_answers[before:]


async def settle(dispatcher: Dispatcher, fake: FakeBotApi) -> None:
    await dispatcher.settled()
    await fake.wait_until_quiet(quiet=0.2)


NOVEMBER_14 = date(2023, 11, 14)


async def test_clerk_sends_a_pdf_previews_it_imports_it_and_a_member_sees_it_in_next(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    preview = await send_pack(fake_api, CLERK, pdf_of(pack_text()))

    assert len(fake_api.calls("getFile")) == 1
    assert (CLERK.id, "typing") in fake_api.chat_actions
    text = preview.plain_text
    assert text.startswith("📄 agenda.pdf: nothing is stored until you press Import.")
    assert f"Board: {BOARD}" in text
    assert "Meeting: Tuesday 14 November 2023, 2:00pm" in text
    assert "Place: Council Chamber, County Hall, Southtown" in text
    assert "Agenda (6 items)" in text
    assert "4. Better Care Fund" in text and "…and 1 more" in text
    assert "6. Any other business" not in text
    assert "Members: 5" in text
    assert texts.PACK_NEW_MEETING in text
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []  # nothing stored yet

    everything = await tap(fake_api, CLERK, preview, "Show all 6 items")
    assert everything.message_id == preview.message_id
    assert "6. Any other business" in preview.plain_text

    agenda = await tap(fake_api, CLERK, preview, "Show agenda")
    assert agenda.plain_text.startswith("Agenda as read from agenda.pdf\n1. Welcome")
    assert agenda.plain_text.endswith("6. Any other business")
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []

    done = await tap(fake_api, CLERK, preview, "Import")
    assert done.plain_text.startswith(f"✅ Imported agenda.pdf into {BOARD}.")
    assert done.button_data("Publish now") and done.button_data("Later")
    [stored] = await meetings_on(database, BOARD, NOVEMBER_14)
    assert stored.location == "Council Chamber, County Hall, Southtown"

    answer = await say(fake_api, AMY, "/next")
    assert "14 November 2023" in answer.plain_text or "14 Nov" in answer.plain_text
    assert "Better Care Fund" in answer.plain_text or "2:00pm" in answer.plain_text


async def test_a_pack_without_its_time_asks_for_it_and_2pm_is_stored_at_14_00_local(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    question = await send_pack(fake_api, CLERK, pdf_of(pack_text(time_line=None)))
    assert "but not its time" in question.plain_text
    assert "14 November 2023" in question.plain_text

    unclear = await say(fake_api, CLERK, "after lunch")
    assert unclear.plain_text.startswith("I could not read “after lunch” as a time.")

    preview = await say(fake_api, CLERK, "2pm")
    assert "Meeting: Tuesday 14 November 2023, 2:00pm" in preview.plain_text
    await tap(fake_api, CLERK, preview, "Import")

    [stored] = await meetings_on(database, BOARD, NOVEMBER_14)
    local = stored.starts_at_utc.replace(tzinfo=UTC).astimezone(LONDON)
    assert (local.hour, local.minute) == (14, 0)


async def test_the_same_pack_again_changes_nothing_and_a_revised_one_tells_members_once(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    southshire: Southshire,
    dispatcher: Dispatcher,
) -> None:
    first = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    done = await tap(fake_api, CLERK, first, "Import")
    preview = await tap(fake_api, CLERK, done, "Publish now")
    await settle(dispatcher, fake_api)
    assert preview.plain_text.startswith("👀 Preview.")
    assert not fake_api.messages_to(AMY.id)  # nothing before [Send to N members]
    [send] = [label for row in preview.buttons for label, _ in row if label.startswith("Send")]
    await tap(fake_api, CLERK, preview, send)
    await settle(dispatcher, fake_api)
    told_before = len(fake_api.messages_to(AMY.id))
    published = fake_api.messages_to(AMY.id)[-1].plain_text
    assert published.startswith(f"📢 Agenda published: {BOARD}\n🗓 Tuesday 14 November 2023")

    again = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    assert texts.PACK_UNCHANGED in again.plain_text
    cancelled = await tap(fake_api, CLERK, again, "Cancel")
    assert cancelled.plain_text == "Cancelled: nothing from agenda.pdf was stored."

    revised_items = [
        *ITEMS[:3],
        "Better Care Fund Plan 2023-25",
        *ITEMS[4:],
        "Date of next meeting",
    ]
    revised = await send_pack(fake_api, CLERK, pdf_of(pack_text(items=revised_items)), "v2.pdf")
    assert "What importing would change" in revised.plain_text
    assert "• item 4 retitled: Better Care Fund → Better Care Fund Plan 2023-25" in (
        revised.plain_text
    )
    assert "• item 7 added: Date of next meeting" in revised.plain_text
    await settle(dispatcher, fake_api)
    assert len(fake_api.messages_to(AMY.id)) == told_before  # a preview tells nobody

    await tap(fake_api, CLERK, revised, "Import")
    await settle(dispatcher, fake_api)
    [imported] = [m for m in fake_api.messages_to(CLERK.id) if "from v2.pdf" in m.plain_text]
    assert imported.plain_text.startswith(f"✅ Updated {BOARD} from v2.pdf.")
    assert "• item 4 retitled: Better Care Fund → Better Care Fund Plan 2023-25" in (
        imported.plain_text
    )
    news = fake_api.messages_to(AMY.id)[told_before:]
    assert len(news) == 1
    assert "Better Care Fund Plan 2023-25" in news[0].plain_text
    assert len(await meetings_on(database, BOARD, NOVEMBER_14)) == 1


async def test_a_document_from_a_member_or_a_stranger_is_never_downloaded(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    fake_api.add_chat(FakeChat.private(STRANGER))
    for user in (AMY, STRANGER):
        answer = await send_pack(fake_api, user, pdf_of(pack_text()))
        assert answer.plain_text == texts.PACK_CLERKS_ONLY
    assert fake_api.calls("getFile") == []
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []


async def test_a_document_over_the_download_limit_is_not_downloaded_and_the_cli_is_offered(
    running_bot: Any, fake_api: FakeBotApi, southshire: Southshire
) -> None:
    big = b"%PDF-1.7\n" + b"0" * 21_000_000
    answer = await send_pack(fake_api, CLERK, big, "big.pdf")
    assert answer.plain_text.startswith("That file is 21 MB, and I only download files of up to 20")
    assert "quorum import FILE on the server" in answer.plain_text
    assert "local Bot API server and raise QUORUM_TELEGRAM_DOWNLOAD_LIMIT_MB" in answer.plain_text
    assert fake_api.calls("getFile") == []


async def test_a_raised_download_limit_lets_the_bot_fetch_a_file_over_20_mb(
    running_bot: Any, fake_api: FakeBotApi, settings: Settings, southshire: Southshire
) -> None:
    settings.telegram_download_limit_mb = 30  # as with a local Bot API server
    big = b"%PDF-1.7\n" + b"0" * 21_000_000
    answer = await send_pack(fake_api, CLERK, big, "big.pdf")
    # Under the raised limit the bot asks for the file; the fake is Telegram's own server,
    # whose limit then refuses it.
    assert len(fake_api.calls("getFile")) == 1
    assert answer.plain_text.startswith("I could not fetch that file from Telegram")
    settings.telegram_download_limit_mb = 10
    refused = await send_pack(fake_api, CLERK, big, "big.pdf")
    assert refused.plain_text.startswith(
        "That file is 21 MB, and I only download files of up to 10 MB"
    )
    assert len(fake_api.calls("getFile")) == 1


def test_the_download_limit_setting_must_be_positive() -> None:
    assert Settings.model_fields["telegram_download_limit_mb"].default == 20
    assert load_settings(telegram_download_limit_mb=50).telegram_download_limit_mb == 50
    with pytest.raises(SettingsError, match="QUORUM_TELEGRAM_DOWNLOAD_LIMIT_MB"):
        load_settings(telegram_download_limit_mb=0)


async def test_an_unreadable_file_is_refused_politely_and_nothing_is_stored(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    answer = await send_pack(fake_api, CLERK, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.png")
    assert answer.plain_text.startswith("I could not read that file, so nothing was stored.")
    assert "PNG image" in answer.plain_text


async def test_import_pressed_twice_imports_once(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    preview = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    data = preview.button_data("Import")
    answers_before = len(fake_api.callback_answers)
    await fake_api.user_presses(CLERK, preview, data)
    await fake_api.user_presses(CLERK, preview, data)  # a double tap, before any answer
    answers = await answers_after(fake_api, answers_before, 2)
    assert len(answers) == 2
    assert answers[1].text == texts.PACK_ALREADY_IMPORTED
    imported = [m for m in fake_api.messages_to(CLERK.id) if m.plain_text.startswith("✅")]
    assert len(imported) == 1
    assert len(await meetings_on(database, BOARD, NOVEMBER_14)) == 1
    # The preview's buttons are gone; a press from an older copy still changes nothing.
    assert preview.buttons == []


async def test_cancel_stores_nothing(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    preview = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    data = preview.button_data("Import")
    cancelled = await tap(fake_api, CLERK, preview, "Cancel")
    assert cancelled.plain_text == "Cancelled: nothing from agenda.pdf was stored."
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []
    assert preview.buttons == []

    answers_before = len(fake_api.callback_answers)
    fake_api.add_update(
        {
            "callback_query": {
                "id": "late-import",
                "from": CLERK.to_api(),
                "message": preview.to_api(),
                "chat_instance": "1",
                "data": data,
            }
        }
    )
    [late] = await answers_after(fake_api, answers_before, 1)
    assert late.text == texts.PACK_GONE
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []


@pytest.fixture
async def rutland(database: Database, fake_api: FakeBotApi) -> str:
    """Rutland's board, from its 2023 pack, with a clerk on Telegram."""
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    summary = await import_pack(
        database,
        pack=pack,
        board_name=None,
        timezone="Europe/London",
        now=datetime(2023, 10, 1, tzinfo=UTC),
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name=pack.members[0].name,
        telegram_user_id=RUTLAND_CLERK.id,
        role="clerk",
    )
    fake_api.add_chat(FakeChat.private(RUTLAND_CLERK))
    return summary.board_name


async def test_a_leicestershire_pack_offered_to_the_rutland_board_is_refused_naming_both(
    running_bot: Any, fake_api: FakeBotApi, database: Database, rutland: str
) -> None:
    data = (SEEDS / "leicestershire-hwb-2023-10-31.txt").read_bytes()
    question = await send_pack(fake_api, RUTLAND_CLERK, data, "leics.txt")
    assert question.plain_text.startswith(
        "This pack is for Leicestershire Health and Wellbeing Board, which is not one of your "
        "boards."
    )

    refusal = await tap(fake_api, RUTLAND_CLERK, question, rutland)
    assert "Leicestershire" in refusal.plain_text and "Rutland" in refusal.plain_text
    assert has_button(f"Import into {rutland} anyway")(refusal)
    assert not has_button("Import")(refusal)
    print(
        "\n----\n".join(
            m.plain_text + str(m.buttons) for m in fake_api.messages_to(RUTLAND_CLERK.id)
        )
    )
    assert await meetings_on(database, rutland, date(2023, 10, 31)) == []


async def test_members_no_longer_listed_are_retired_only_when_the_clerk_says_they_have_left(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    text = pack_text().replace("Dev Dutta\n", "").replace("Una Linked\n", "Zoe Zhang\n")
    preview = await send_pack(fake_api, CLERK, pdf_of(text))
    assert "+1 new: Zoe Zhang" in preview.plain_text
    assert "2 no longer listed: Dev Dutta, Una Linked" in preview.plain_text
    assert texts.PACK_MEMBERS_STAYING in preview.plain_text

    await tap(fake_api, CLERK, preview, "They have left")
    assert texts.PACK_MEMBERS_LEAVING in preview.plain_text
    assert has_button("They are still members")(preview)

    done = await tap(fake_api, CLERK, preview, "Import")
    assert "Retired (no longer members): Dev Dutta, Una Linked" in done.plain_text
    assert "New members: Zoe Zhang" in done.plain_text


async def test_a_pack_that_would_remove_most_items_asks_first_and_shows_the_removals(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    first = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    await tap(fake_api, CLERK, first, "Import")

    partial = await send_pack(fake_api, CLERK, pdf_of(pack_text(items=ITEMS[:1])), "part.pdf")
    assert partial.plain_text.startswith(
        f"⚠️ This pack would remove 5 of the 6 agenda items of {BOARD}'s meeting on "
        "Tuesday 14 November 2023"
    )
    assert not has_button("Import")(partial)

    preview = await tap(fake_api, CLERK, partial, "Import anyway")
    assert "• item 6 removed: Any other business" in preview.plain_text
    assert has_button("Import")(preview)


async def test_cancel_while_the_time_is_asked_drops_the_pack_and_frees_the_next_text(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    question = await send_pack(fake_api, CLERK, pdf_of(pack_text(time_line=None)))
    assert "but not its time" in question.plain_text

    cancelled = await say(fake_api, CLERK, "/cancel")
    assert cancelled.plain_text == "Cancelled: nothing from agenda.pdf was stored."
    after = await say(fake_api, CLERK, "2pm")
    assert not after.plain_text.startswith("📄")
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []


async def test_a_slow_read_is_announced_and_the_announcement_edited_when_it_ends(
    running_bot: Any,
    fake_api: FakeBotApi,
    southshire: Southshire,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(packs_handlers, "READING_NOTICE_AFTER", 0.0)
    preview = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    notice = fake_api.messages_to(CLERK.id)[-2]
    assert notice.history and notice.history[0].startswith("📄 Reading <b>agenda.pdf</b>…")
    assert notice.plain_text == "📄 Read agenda.pdf."
    assert preview.plain_text.startswith("📄 agenda.pdf: nothing is stored")


def test_every_pack_button_fits_in_64_bytes_and_reads_back() -> None:
    big, draft = 2**63 - 1, str(2**63 - 1)
    steps = [
        packs_handlers.pack_button(step, draft)
        for step in ("i", "a", "s", "l", "x", "f", "n", "p", "w")
    ]
    choices = [packs_handlers.pack_button(step, draft, big) for step in ("b", "g")]
    for data in [*steps, *choices]:
        assert len(data.encode()) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
        parsed = packs_handlers.parse_pack_button(data)
        assert parsed is not None and parsed.draft == draft
    assert packs_handlers.parse_pack_button("pk:i:1:2") is None
    assert packs_handlers.parse_pack_button("pk:b:1") is None
    assert packs_handlers.parse_pack_button("pk:zz:1") is None


def test_a_waiting_pack_survives_pickling_for_the_shared_conversation_state() -> None:
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    draft = packs_handlers.PackDraft(
        name="rutland.txt", chat_id=1, pack=pack, board_name=pack.body, meeting_time=time(14)
    )
    assert pickle.loads(pickle.dumps(draft)) == draft


async def test_the_board_question_takes_a_typed_name_and_asks_again_when_none_fits(
    running_bot: Any, fake_api: FakeBotApi, database: Database, rutland: str
) -> None:
    data = (SEEDS / "leicestershire-hwb-2023-10-31.txt").read_bytes()
    question = await send_pack(fake_api, RUTLAND_CLERK, data, "leics.txt")
    assert question.plain_text.startswith("This pack is for Leicestershire")

    again = await say(fake_api, RUTLAND_CLERK, "Westshire parish")
    assert again.plain_text.endswith("Tap a board above or type its name, or /cancel.")
    refusal = await say(fake_api, RUTLAND_CLERK, "rutland")
    assert refusal.plain_text.startswith("⚠️ This pack is for Leicestershire Health and Wellbeing")
    assert question.buttons == []  # the question was answered: its buttons are gone


@pytest.fixture
async def ben_clerks_two_boards(database: Database, southshire: Southshire) -> str:
    """Ben Bishop (a Southshire member) made a clerk of Southshire and of Rutland."""
    rutland = await import_pack(
        database,
        pack=read_file(SEEDS / "rutland-hwb-2023-10-10.txt"),
        board_name=None,
        timezone="Europe/London",
        now=datetime(2023, 10, 1, tzinfo=UTC),
        new_board=True,
    )
    for board in (BOARD, rutland.board_name):
        await link_telegram(
            database,
            board_name=board,
            person_name="Ben Bishop",
            telegram_user_id=BEN.id,
            role="clerk",
        )
    return rutland.board_name


async def test_a_body_named_in_other_words_is_the_board_and_a_clerk_removed_cannot_import(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    ben_clerks_two_boards: str,
) -> None:
    text = pack_text().replace(BOARD, "Southshire County Council Health and Wellbeing Board")
    preview = await send_pack(fake_api, BEN, pdf_of(text))
    # Of Ben's two boards one is that body: no question, straight to the preview.
    assert preview.plain_text.startswith("📄 agenda.pdf: nothing is stored until you press Import.")
    assert f"Board: {BOARD}" in preview.plain_text

    await remove_clerk(database, name="Ben Bishop", board_name=BOARD, now=clock.now())
    refused = await tap(fake_api, BEN, preview, "Import")
    assert refused.plain_text == (
        f"You no longer clerk {BOARD}, so nothing from agenda.pdf was stored. Ask whoever runs "
        "Quorum if that is a mistake."
    )
    assert await meetings_on(database, BOARD, NOVEMBER_14) == []
    assert preview.buttons == []


async def test_confirming_another_board_still_asks_about_the_items_it_would_remove(
    running_bot: Any, fake_api: FakeBotApi, database: Database, southshire: Southshire
) -> None:
    first = await send_pack(fake_api, CLERK, pdf_of(pack_text()))
    await tap(fake_api, CLERK, first, "Import")

    other = pack_text(items=ITEMS[:1]).replace(BOARD, "Northshire Health and Wellbeing Board")
    question = await send_pack(fake_api, CLERK, pdf_of(other), "north.pdf")
    assert question.plain_text.startswith("This pack is for Northshire Health and Wellbeing Board")
    refusal = await tap(fake_api, CLERK, question, BOARD)
    assert has_button(f"Import into {BOARD} anyway")(refusal)

    guard = await tap(fake_api, CLERK, refusal, f"Import into {BOARD} anyway")
    assert guard.plain_text.startswith(
        f"⚠️ This pack would remove 5 of the 6 agenda items of {BOARD}'s meeting"
    )
    assert not has_button("Import")(guard)
    preview = await tap(fake_api, CLERK, guard, "Import anyway")
    assert "• item 6 removed: Any other business" in preview.plain_text
    await tap(fake_api, CLERK, preview, "Import")
    done = [m for m in fake_api.messages_to(CLERK.id) if m.plain_text.startswith("✅")]
    assert done[-1].plain_text.startswith(f"✅ Updated {BOARD} from north.pdf.")
    assert len(await meetings_on(database, BOARD, NOVEMBER_14)) == 1
