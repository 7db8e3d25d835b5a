# ruff: noqa: E501
# (the table reads best one phrasing to a line)
"""Members' questions in their own words, end to end: what a member sees for each phrasing.

One bot for the whole table (the real PTB Application long-polling the local Bot API fake,
a real SQLite file), with the bundled Rutland Health and Wellbeing Board pack of 10 October
2023 (its minutes of 27 June 2023, its next meeting on 16 January 2024) and the Leicestershire
board's pack of 31 October 2023. The clock is Tuesday 3 October 2023, 2pm in London, as in the
demo. Several members ask, in turn, so that Telegram's one-message-a-second per chat does not
set the pace of the table.

Each row is a phrasing and what the answer must and must not show: the right item, person or
meeting, and never the whole agenda for a question about one thing.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import build_application, finish, prepare, sends_queued
from core.clock import FixedClock
from core.settings import load_settings
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from packs import read_file_async, sample_path
from services.agenda_edit import add_item
from services.attendance import my_attendance
from services.chats import link_group
from services.imports import import_pack
from services.invites import add_clerk
from services.meetings import find_meeting
from services.people import link_telegram, viewer_for
from storage.engine import Database
from tests.auxil.packs import LONDON
from tests.auxil.people import STRANGER, TEST_TOKEN

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
RUTLAND = "Rutland Health and Wellbeing Board"
LEICESTERSHIRE = "Leicestershire Health and Wellbeing Board"
NOW = datetime(2023, 10, 3, 14, 0, tzinfo=LONDON)  # a Tuesday, a week before the meeting
IMPORTED = datetime(2023, 9, 20, 9, 0, tzinfo=UTC)

# Who asks: members of the Rutland board (and Mike Sandys, of both boards), each in a chat of
# their own. "leics" sits on the Leicestershire board only.
USERS: dict[str, tuple[FakeUser, str, tuple[str, ...]]] = {
    "diane": (FakeUser(id=7101, first_name="Diane", last_name="Ellison"), "Diane Ellison", (RUTLAND,)),
    "dawn": (FakeUser(id=7102, first_name="Dawn", last_name="Godfrey"), "Dawn Godfrey", (RUTLAND,)),
    "janet": (FakeUser(id=7103, first_name="Janet"), "Janet Underwood", (RUTLAND,)),
    "kim": (FakeUser(id=7104, first_name="Kim"), "Kim Sorsky", (RUTLAND,)),
    "tim": (FakeUser(id=7105, first_name="Tim"), "Tim Smith", (RUTLAND,)),
    "katherine": (FakeUser(id=7106, first_name="Katherine"), "Katherine Willison", (RUTLAND,)),
    "mike": (FakeUser(id=7107, first_name="Mike"), "Mike Sandys", (RUTLAND, LEICESTERSHIRE)),
    "leics": (FakeUser(id=7108, first_name="Jon"), "Jon Wilson", (LEICESTERSHIRE,)),
}  # fmt: skip
ASKERS = ("diane", "dawn", "janet", "kim", "tim", "katherine")
GROUP = FakeChat(id=-7200, type="group", title="Rutland HWB")
CLERK = FakeUser(id=7199, first_name="Rutland", last_name="Clerk")

# An exempt (Part II) item on the Rutland meeting: named only to Rutland members, in private.
EXEMPT_TITLE = "PROCUREMENT OF THE DOMICILIARY CARE CONTRACT"
EXEMPT_WORDS = ("DOMICILIARY", "Domiciliary", "domiciliary")

# Titles that appear only when the whole agenda is listed.
WHOLE_AGENDA = ("ANY URGENT BUSINESS", "DATE OF NEXT MEETING", "DECLARATIONS OF INTEREST")


@dataclass(frozen=True)
class Sees:
    """What the member must see (every string in ``shows``, in the text or on a button) and
    must not (``hides``); ``one_thing``: a question about one thing, never the whole agenda."""

    shows: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()
    one_thing: bool = True
    buttons: int | None = None  # at least this many buttons
    document: bool = False


def item(number: str, *shows: str, hides: tuple[str, ...] = ()) -> Sees:
    return Sees(shows=(f"Item {number}", *shows), hides=hides)


def choices(*numbers: str) -> Sees:
    return Sees(shows=tuple(f"{number}." for number in numbers), buttons=len(numbers))


def person(name: str, *shows: str) -> Sees:
    return Sees(shows=(name, *shows))


def meeting(*shows: str) -> Sees:
    return Sees(shows=shows, one_thing=False)


def listing(*shows: str, hides: tuple[str, ...] = ()) -> Sees:
    return Sees(shows=shows, hides=hides, one_thing=False)


GREETING = Sees(shows=("Hello",), buttons=3)
WELCOME = Sees(shows=("welcome",), buttons=3)
SUGGESTED = Sees(buttons=2)
OCT_10 = "10 October 2023"
JAN_16 = "16 January 2024"
JUNE_27 = "27 June 2023"

# (kind, text, what the member sees); the askers take turns.
TABLE: list[tuple[str, str, Sees]] = [
    # -- one item named by its words: who presents it --------------------------------------
    ("item-presenter", "who is presenting the better care fund item?", item("11", "Katherine Willison")),
    ("item-presenter", "who presents the better care fund", item("11", "Katherine Willison")),
    ("item-presenter", "who's presenting the send inspection report", item("10B", "Dawn Godfrey")),
    ("item-presenter", "who is presentng the mental helth strategy", item("10C", "Emma Jane Hollands")),
    ("item-presenter", "who will present the communication and engagement plan", item("10A", "Katherine Willison")),
    ("item-presenter", "who is presenting the joint strategic needs assessment", item("9", "Adrian Allen")),
    ("item-presenter", "presenter for the rutland health plan", item("8A", "Debra Mitchell")),
    ("item-presenter", "WHO IS PRESENTING THE BETTER CARE FUND", item("11", "Katherine Willison")),
    ("item-presenter", "who presents the neighborhood strategy", item("10C", "Emma Jane Hollands")),
    ("item-presenter", "who is introducing the area send inspection", item("10B", "Dawn Godfrey")),
    ("item-presenter", "who is presenting the terms of reference", item("12", "presenter")),
    # -- its pages and papers -----------------------------------------------------------------
    ("item-pages", "what page is the better care fund report on?", item("11", "137–170")),
    ("item-pages", "which pages are the send inspection report", item("10B", "109–122")),
    ("item-pages", "page numbers for the communication and engagement plan", item("10A", "83–108")),
    ("item-pages", "where is the terms of reference in the pack", item("12", "171–176")),
    ("item-pages", "what pages is the forward plan on", item("13", "177–180")),
    ("item-pages", "whats the page for the mental health strategy", item("10C", "123–136")),
    ("item-pages", "papers for the better care fund", item("11", "137–170")),
    # -- its duration -------------------------------------------------------------------------
    ("item-duration", "how long is the send inspection item", item("10B", "10 minutes")),
    ("item-duration", "how much time is allowed for the rutland health plan", item("8A", "30 minutes")),
    ("item-duration", "how long is the joint strategic needs assessment item", item("9", "15 minutes")),
    ("item-duration", "how many minutes for the forward plan", item("13", "5 minutes")),
    # -- its purpose --------------------------------------------------------------------------
    ("item-purpose", "what is the better care fund item for", item("11", "information")),
    ("item-purpose", "is the mental health strategy for approval", item("10C", "approval")),
    ("item-purpose", "what's the purpose of the terms of reference item", item("12", "review")),
    ("item-purpose", "why is the rutland health plan on the agenda", item("8A", "discussion")),
    # -- its report number --------------------------------------------------------------------
    ("item-report", "what is the report number for the better care fund", item("11", "146/2023")),
    ("item-report", "which report number is the send inspection", item("10B", "151/2023")),
    ("item-report", "report number of the engagement plan", item("10A", "150/2023")),
    # -- by number, as before -------------------------------------------------------------------
    ("item-number", "who is presenting 10B?", item("10B", "Dawn Godfrey")),
    ("item-number", "who is presentng 10b", item("10B", "Dawn Godfrey")),
    ("item-number", "what page is item 11 on", item("11", "137–170")),
    ("item-number", "how long is item 8a", item("8A", "30 minutes")),
    ("item-number", "papers for item 10", item("10", "19–82")),
    ("item-number", "tell me about item six", item("6", "QUESTIONS WITH NOTICE")),
    ("item-number", "10c", item("10C", "MENTAL HEALTH")),
    ("item-number", "whats item 9 about", item("9", "JOINT STRATEGIC NEEDS ASSESSMENT")),
    # -- named by words alone -----------------------------------------------------------------
    ("item-words", "show me the better care fund item", item("11", "BETTER CARE FUND")),
    ("item-words", "details of the send inspection report", item("10B", "AREA SEND INSPECTION")),
    ("item-words", "the rutland health plan item please", item("8A", "RUTLAND HEALTH PLAN")),
    ("item-words", "better care fund", item("11", "BETTER CARE FUND")),
    ("item-words", "send inspection", item("10B", "AREA SEND INSPECTION")),
    ("item-words", "what are the declarations of interest", item("4", "DECLARATIONS OF INTEREST")),
    ("item-words", "what is the send report", item("10B", "AREA SEND INSPECTION")),
    # -- several close: a short list, never the agenda -----------------------------------------
    ("item-choices", "who is presenting the update", choices("8A", "10", "12")),
    ("item-choices", "who presents the strategy item", choices("10", "10C")),
    ("item-choices", "what page is the plan on", choices("8A", "10A", "10C", "13")),
    # -- people, by name or by role -----------------------------------------------------------
    ("person", "who is the chair?", person("Diane Ellison", "Portfolio Holder")),
    ("person", "who's the vice chair", person("Mike Sandys", "Director of Public Health")),
    ("person", "who is the vice-chairman", person("Mike Sandys")),
    ("person", "who is the chairman", person("Diane Ellison")),
    ("person", "who is dawn godfrey", person("Dawn Godfrey", "Strategic Director of Children")),
    ("person", "what is Dawn Godfrey presenting?", person("Dawn Godfrey", "10B")),
    ("person", "what does katherine willison present", person("Katherine Willison", "11", "10A")),
    ("person", "who is katherine wilison", person("Katherine Willison", "Integration Lead")),
    ("person", "what's janet underwood's role", person("Janet Underwood", "Healthwatch")),
    ("person", "who is Kim Sorsky", person("Kim Sorsky", "Adult Services")),
    ("person", "is debra mitchell presenting anything", person("Debra Mitchell", "8A")),
    ("person", "tell me about mike sandys", person("Mike Sandys", "vice-chair")),
    ("person", "who is emma jane hollands", person("Emma Jane Hollands", "Community Care")),
    ("person", "who's adrian allen", person("Adrian Allen", "Public Health")),
    ("person", "what is tim smith's job", person("Tim Smith", "Children")),
    ("person", "who is sarah prema", person("Sarah Prema", "Chief Strategy Officer")),
    ("person", "what are diane ellison's actions", person("Diane Ellison", "#")),
    # -- meetings by time or name ---------------------------------------------------------------
    ("meeting", "/agenda 16 January", meeting(JAN_16)),
    ("meeting", "/agenda Tuesday", meeting(OCT_10, "BETTER CARE FUND")),
    ("meeting", "when is the january meeting", meeting(JAN_16)),
    ("meeting", "agenda for january", meeting(JAN_16)),
    ("meeting", "what's on the agenda on 16 january", meeting(JAN_16)),
    ("meeting", "what was on the agenda in june", meeting(JUNE_27)),
    ("meeting", "what was on the agenda at the last meeting", meeting(JUNE_27)),
    ("meeting", "agenda of the previous meeting", meeting(JUNE_27)),
    ("meeting", "when is the meeting after next", meeting(JAN_16)),
    ("meeting", "whats on tuesday", meeting(OCT_10)),
    ("meeting", "agenda for tuesday 10 october", meeting(OCT_10)),
    ("meeting", "/agenda 10/10", meeting(OCT_10)),
    ("meeting", "when is the next meeting", meeting(OCT_10)),
    ("meeting", "next meeting", meeting(OCT_10)),
    ("meeting", "when's the nxt meeting?", meeting(OCT_10)),
    ("meeting", "what meetings are coming up", meeting(OCT_10, JAN_16)),
    ("meeting", "past meetings", meeting(JUNE_27)),
    ("meeting", "when was the last meeting", meeting(JUNE_27)),
    ("meeting", "/next january", meeting(JAN_16)),
    ("meeting", "agenda for october", meeting(OCT_10)),
    ("meeting", "where is the meeting", meeting("Catmose")),
    # -- the agenda as a whole ----------------------------------------------------------------
    ("agenda", "how many items are on the agenda", listing("20 items")),
    ("agenda", "how big is the agenda", listing("20 items")),
    ("agenda", "what's the running order", listing("BETTER CARE FUND", "ANY URGENT BUSINESS")),
    ("agenda-end", "what's first on the agenda", item("1", "WELCOME AND APOLOGIES", hides=("ANY URGENT BUSINESS",))),
    ("agenda-end", "which item comes first?", item("1", "WELCOME AND APOLOGIES", hides=("ANY URGENT BUSINESS",))),
    ("agenda", "order of business", listing("WELCOME AND APOLOGIES", "DATE OF NEXT MEETING")),
    ("agenda", "what's for approval", listing("10C", hides=("10B.",))),
    ("agenda", "what do we have to approve", listing("10C", hides=("10B.",))),
    ("agenda", "what is for information", listing("10A", "10B", "11", hides=("10C.",))),
    ("agenda", "whats for discussion", listing("8A", "9", hides=("11.",))),
    ("agenda", "what do i need to read before the meeting", listing("137–170", "19–82")),
    ("agenda", "what should I prepare", listing("137–170")),
    ("agenda", "reading list for the next meeting", listing("pages")),
    ("agenda", "what's on the agenda?", listing("BETTER CARE FUND", "DATE OF NEXT MEETING")),
    ("agenda", "agenda pls", listing("BETTER CARE FUND")),
    ("agenda", "whats on the agnda", listing("BETTER CARE FUND")),
    # -- small talk and help ------------------------------------------------------------------
    ("smalltalk", "hello", GREETING),
    ("smalltalk", "hi there", GREETING),
    ("smalltalk", "Good morning!", Sees(buttons=3)),
    ("smalltalk", "hey quorum", GREETING),
    ("smalltalk", "thanks", WELCOME),
    ("smalltalk", "thank you 🙏", WELCOME),
    ("smalltalk", "cheers", WELCOME),
    ("smalltalk", "thanks for your help", WELCOME),
    ("smalltalk", "thank you for sending the agenda", WELCOME),
    ("smalltalk", "cheers for letting me know", WELCOME),
    ("smalltalk", "how are you?", Sees(buttons=3)),
    ("smalltalk", "bye", Sees(shows=("Goodbye",))),
    ("help", "help", listing("/agenda")),
    ("help", "what can you do", listing("/agenda")),
    ("unknown", "what's the weather like", SUGGESTED),
    ("unknown", "blah blah", SUGGESTED),
    ("unknown", "better care stuff", SUGGESTED),
    # -- actions, decisions, search, members, calendar, apologies ------------------------------
    ("actions", "what are my actions", listing("#12")),
    ("actions", "my tsks", listing("#12")),
    ("actions", "anything outstanding for me?", listing("#12")),
    ("decisions", "what did we decide about the better care fund", listing("Better Care Fund", JUNE_27)),
    ("decisions", "was the annual report approved?", listing("Annual Report")),
    ("decisions", "descisions about the primary care strategy", listing("Primary Care Strategy")),
    ("decisions", "what was agreed at the last meeting", listing(JUNE_27)),
    ("search", "find mental health", listing("MENTAL HEALTH")),
    ("search", "search for better care", listing("BETTER CARE FUND")),
    ("search", "anything about falls", listing("falls")),
    ("members", "who is on the board", listing("Diane Ellison", "Mike Sandys")),
    ("members", "who are the memebrs", listing("Diane Ellison")),
    ("calendar", "add the next meeting to my calendar", Sees(one_thing=False, document=True)),
    ("calendar", "add to my calender", Sees(one_thing=False, document=True)),
    ("apologies", "I can't make it", meeting(OCT_10, "Send apologies")),
    ("apologies", "i wont be able to attend on tuesday", meeting(OCT_10, "Send apologies")),
    ("apologies", "I apologize, I can't attend the january meeting", meeting(JAN_16, "Send apologies")),
    # -- an item a meeting's agenda does not have (June: minutes only), job titles, statements --
    ("decisions", "who presented the better care fund in june", listing("Better Care Fund", JUNE_27, hides=("Who do you mean",))),
    ("decisions", "who introduced the annual report at the last meeting", listing("Annual Report", JUNE_27, hides=("Who do you mean",))),
    ("search", "who presents the care homes report", listing("care homes", hides=("Who do you mean", "Item 8", "Item 11"))),
    ("person", "who is the healthwatch chair", person("Janet Underwood")),
    ("person", "who's the director of public health", person("Mike Sandys")),
    ("meeting", "wen is the nxt meeting", meeting(OCT_10)),
    ("agenda", "what's on in january", meeting(JAN_16)),
    ("agenda", "which items need a decision", listing("for decision", hides=("ANY URGENT BUSINESS",))),
    ("item-purpose", "do we need to decide anything on the comms plan", item("10A", "information")),
]  # fmt: skip


@dataclass
class Bench:
    fake: FakeBotApi
    db: Database
    seen: Counter[int] = field(default_factory=Counter)

    async def ask(self, who: str, text: str, *, chat: FakeChat | None = None) -> list[SentMessage]:
        """``who`` sends ``text``; the bot's messages in answer (waits for the first, then
        until nothing more comes for a moment)."""
        user = USERS[who][0] if who in USERS else STRANGER
        chat_id = chat.id if chat is not None else user.id
        before = len(self.fake.messages_to(chat_id))
        await self.fake.user_sends(user, text, chat=chat)
        await self.fake.wait_for_messages(chat_id, before + 1, timeout=15)
        while True:
            count = len(self.fake.messages_to(chat_id))
            await asyncio.sleep(0.15)
            if len(self.fake.messages_to(chat_id)) == count:
                return self.fake.messages_to(chat_id)[before:]

    async def quiet(self, who: str, text: str, *, chat: FakeChat) -> list[SentMessage]:
        """``who`` sends ``text`` in ``chat``; whatever the bot says there within a second."""
        before = len(self.fake.messages_to(chat.id))
        await self.fake.user_sends(USERS[who][0], text, chat=chat)
        await self.fake.wait_until_quiet(timeout=15)
        return self.fake.messages_to(chat.id)[before:]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bench(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bench]:
    path = tmp_path_factory.mktemp("questions") / "quorum.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    await db.upgrade()
    for pack_path, new_board in (
        (sample_path(), True),
        (SEEDS / "leicestershire-hwb-2023-10-31.txt", True),
    ):
        pack = await read_file_async(pack_path, zone=LONDON)
        await import_pack(
            db,
            pack=pack,
            board_name=None,
            timezone="Europe/London",
            now=IMPORTED,
            new_board=new_board,
        )
    for user, name, boards in USERS.values():
        for board in boards:
            await link_telegram(
                db,
                board_name=board,
                person_name=name,
                telegram_user_id=user.id,
                role=None,
                now=IMPORTED,
            )
    clerk = await add_clerk(
        db, board_name=RUTLAND, telegram_user_id=CLERK.id, name="Rutland Clerk", now=IMPORTED
    )
    await link_group(
        db, viewer=clerk, chat_id=GROUP.id, title=GROUP.title, board_name=RUTLAND, now=IMPORTED
    )
    upcoming = await find_meeting(db, viewer=clerk, now=NOW)
    assert upcoming is not None
    await add_item(
        db, viewer=None, meeting_id=upcoming.id, title=EXEMPT_TITLE, exempt=True, now=IMPORTED
    )
    fake = FakeBotApi()
    await fake.start()
    settings = load_settings(
        telegram_token=TEST_TOKEN,
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        database_url=f"sqlite+aiosqlite:///{path}",
    )
    application = build_application(
        settings=settings, db=db, clock=FixedClock(NOW), token=TEST_TOKEN
    )
    fake.bot_busy = sends_queued(application)
    async with application:
        await prepare(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        # Reminders due at the clock's time go first, so they are not taken for answers.
        await fake.wait_until_quiet(timeout=30)
        yield Bench(fake=fake, db=db)
        await application.updater.stop()
        await finish(application)
        await application.stop()
    await fake.stop()
    await db.dispose()


def _everything(messages: list[SentMessage]) -> str:
    """The text a member sees, with the buttons' labels."""
    parts: list[str] = []
    for message in messages:
        parts.append(message.plain_text)
        parts.extend(label for row in message.buttons for label, _ in row)
    return "\n".join(parts)


def _check(text: str, messages: list[SentMessage], sees: Sees) -> None:
    seen = _everything(messages)
    where = f"{text!r} was answered with:\n{seen}"
    for wanted in sees.shows:
        assert wanted.casefold() in seen.casefold(), f"{wanted!r} missing: {where}"
    for unwanted in sees.hides:
        assert unwanted not in seen, f"{unwanted!r} shown: {where}"
    if sees.one_thing:
        whole = [title for title in WHOLE_AGENDA if title in seen]
        assert len(whole) < 2, f"the whole agenda: {where}"
    if sees.buttons is not None:
        count = sum(len(row) for message in messages for row in message.buttons)
        assert count >= sees.buttons, f"{count} buttons: {where}"
    if sees.document:
        assert any(message.document is not None for message in messages), where
    # Never a bare "didn't understand": suggested questions come with it.
    buttons = sum(len(row) for message in messages for row in message.buttons)
    assert "didn't understand" not in seen or buttons >= 2, where


@pytest.mark.parametrize(
    ("kind", "text", "sees"),
    TABLE,
    ids=[f"{kind}:{text}" for kind, text, _ in TABLE],
)
async def test_phrasing(bench: Bench, kind: str, text: str, sees: Sees) -> None:
    who = ASKERS[TABLE.index((kind, text, sees)) % len(ASKERS)]
    if kind == "actions" or "diane ellison's actions" in text:
        who = "diane"  # the one with an open action in the minutes
    messages = await bench.ask(who, text)
    _check(text, messages, sees)


async def test_the_table_is_big_and_varied() -> None:
    assert len(TABLE) >= 120
    assert len({text for _, text, _ in TABLE}) == len(TABLE)
    kinds = Counter(kind for kind, _, _ in TABLE)
    for kind in (
        "item-presenter",
        "item-pages",
        "item-duration",
        "item-purpose",
        "person",
        "meeting",
        "agenda",
        "smalltalk",
    ):
        assert kinds[kind] >= 4, kind
    # Several different items, people and meetings, not one.
    items = {
        s.shows[0] for kind, _, s in TABLE if kind.startswith("item-") and kind != "item-choices"
    }
    people = {s.shows[0] for kind, _, s in TABLE if kind == "person"}
    meetings = {show for kind, _, s in TABLE if kind == "meeting" for show in s.shows}
    assert len(items) >= 10 and len(people) >= 10
    assert {OCT_10, JAN_16, JUNE_27} <= meetings


# -- an exempt item, whichever way it is asked about --------------------------------------------

EXEMPT_QUESTIONS = (
    "who is presenting the domiciliary care contract",
    "domiciliary care",
    "what page is the domicilary care contract on",
    "tell me about the procurement item",
    "item 16",
    "what's for decision",
    "how many items are on the agenda",
    "what do i need to read",
    "hello",
)


async def test_an_exempt_item_is_named_to_a_member_in_a_private_chat(bench: Bench) -> None:
    messages = await bench.ask("diane", "who is presenting the domiciliary care contract")
    seen = _everything(messages)
    assert "Item 16" in seen and "DOMICILIARY" in seen, seen


@pytest.mark.parametrize("text", EXEMPT_QUESTIONS)
async def test_an_exempt_item_is_never_named_to_another_boards_member(
    bench: Bench, text: str
) -> None:
    seen = _everything(await bench.ask("leics", text))
    # Their own words quoted back ("Nothing found for “domiciliary care contract”") name nothing.
    for quoted in re.findall(r"“([^”]*)”", seen):
        if quoted.casefold() in text.casefold():
            seen = seen.replace(f"“{quoted}”", "“…”")
    assert not any(word in seen for word in EXEMPT_WORDS), seen


@pytest.mark.parametrize("text", EXEMPT_QUESTIONS[:3])
async def test_an_exempt_item_is_never_named_to_a_stranger(bench: Bench, text: str) -> None:
    seen = _everything(await bench.ask("stranger", text))
    assert not any(word in seen for word in EXEMPT_WORDS), seen
    assert "Rutland" not in seen, seen


@pytest.mark.parametrize(
    "text",
    [*EXEMPT_QUESTIONS[:4], "/agenda", "/item 16", "/agenda tuesday", "/next after next"],
)
async def test_an_exempt_item_is_never_named_in_the_boards_group(bench: Bench, text: str) -> None:
    seen = _everything(await bench.quiet("diane", text, chat=GROUP))
    assert not any(word in seen for word in EXEMPT_WORDS), seen


# -- the examples of issue 17's "Why", each as a member would expect --------------------------


async def test_who_is_presenting_the_better_care_fund_item(bench: Bench) -> None:
    [answer] = await bench.ask("janet", "who is presenting the better care fund item?")
    first, *rest = answer.plain_text.splitlines()
    assert "Katherine Willison" in first and "11" in first
    assert "Item 11. BETTER CARE FUND: 2023-2025" in rest
    assert "AREA SEND INSPECTION REPORT" not in answer.plain_text  # not the whole agenda


async def test_who_is_presentng_10b_still_works_by_number(bench: Bench) -> None:
    [answer] = await bench.ask("kim", "who is presentng 10b")
    assert "Dawn Godfrey" in answer.plain_text.splitlines()[0]
    assert "Item 10B. AREA SEND INSPECTION REPORT" in answer.plain_text


async def test_what_page_is_the_better_care_fund_report_on(bench: Bench) -> None:
    [answer] = await bench.ask("tim", "what page is the better care fund report on?")
    first = answer.plain_text.splitlines()[0]
    assert "11" in first and "137–170" in first
    assert "didn't understand" not in answer.plain_text


async def test_hello_is_greeted_with_three_suggested_questions(bench: Bench) -> None:
    [answer] = await bench.ask("dawn", "hello")
    assert answer.plain_text.startswith("Hello Dawn")
    assert sum(len(row) for row in answer.buttons) == 3
    # A suggestion answers when pressed.
    label, data = answer.buttons[0][0]
    before = len(bench.fake.messages_to(USERS["dawn"][0].id))
    await bench.fake.user_presses(USERS["dawn"][0], answer, data)
    [reply] = (await bench.fake.wait_for_messages(USERS["dawn"][0].id, before + 1))[before:]
    assert "didn't understand" not in reply.plain_text, (label, reply.plain_text)


async def test_thanks_is_understood(bench: Bench) -> None:
    [answer] = await bench.ask("katherine", "thanks")
    assert "welcome" in answer.plain_text.casefold()
    assert "didn't understand" not in answer.plain_text


async def test_agenda_16_january_is_the_next_16_january(bench: Bench) -> None:
    messages = await bench.ask("diane", "/agenda 16 January")
    assert "Tuesday 16 January 2024" in messages[0].plain_text
    assert "couldn't find" not in messages[0].plain_text


async def test_agenda_tuesday_on_a_tuesday_is_the_next_tuesday_with_a_meeting(
    bench: Bench,
) -> None:
    # The clock says Tuesday 3 October; the meeting is on Tuesday 10 October.
    messages = await bench.ask("janet", "/agenda Tuesday")
    assert messages[0].plain_text.startswith("Agenda: Rutland Health and Wellbeing Board")
    assert "Tuesday 10 October 2023" in messages[0].plain_text


async def test_i_cant_make_it_shows_the_card_and_says_the_button_sends_apologies(
    bench: Bench,
) -> None:
    user = USERS["tim"][0]
    [card] = await bench.ask("tim", "I can't make it")
    assert "Tuesday 10 October 2023" in card.plain_text
    assert "nothing is recorded until you do" in card.plain_text
    assert any(label == "Send apologies" for row in card.buttons for label, _ in row)
    tim = await viewer_for(bench.db, telegram_user_id=user.id)
    assert tim is not None
    upcoming = await find_meeting(bench.db, viewer=tim, now=NOW)
    assert upcoming is not None
    assert await my_attendance(bench.db, viewer=tim, meeting_id=upcoming.id) is None
