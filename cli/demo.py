"""``quorum demo``: the real bot, a local Bot API fake, a sample pack, and a chat in the terminal.

Nothing here is simulated on the bot's side: the PTB Application long-polls the fake over HTTP
on 127.0.0.1 exactly as it would poll Telegram, and the database is a real SQLite file.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application, finish, prepare, sends_queued
from bot.deps import deps_of_application
from calendars.zones import format_when
from core.clock import OffsetClock, SystemClock, ensure_utc
from core.roles import Role
from core.settings import Settings
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from packs import read_file_async, sample_path
from packs.model import Member, Pack
from services.boards import create_board
from services.calendar_feeds import board_feed_path
from services.imports import import_pack
from services.invites import add_clerk
from services.names import slugify
from services.people import link_telegram
from storage.engine import Database
from web.app import create_web_app
from web.server import WebServer

DEMO_TOKEN = "123456789:QUORUM-OFFLINE-DEMO"
DEMO_USER = FakeUser(id=1001, first_name="Demo", last_name="Member", username="demo_member")
DEMO_CLERK = FakeUser(id=1002, first_name="Demo", last_name="Clerk", username="demo_clerk")
DEMO_LEAD = timedelta(days=7)
REPLY_TIMEOUT = 10.0
# How long the demo waits for the bot to read a pack sent as a document (a scan is OCR'd).
READ_TIMEOUT = 120.0
QUIET = 0.25
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "q"})
# In the clerk's demo: send the bundled pack to the bot as a document (Telegram's paperclip).
SEND_WORDS = frozenset({"send", "/send", "send pack", "send the pack"})
_MIME_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html"}

Printer = Callable[[str], None]


def _demo_member(pack: Pack) -> Member:
    """Who the person at the keyboard plays: the chair if the pack names one."""
    for member in pack.members:
        if member.role == Role.CHAIR:
            return member
    return pack.members[0] if pack.members else Member(name="Demo Member")


@dataclass
class TerminalChat:
    """Turns what the user types into updates, and what the bot sent into terminal lines."""

    fake: FakeBotApi
    user: FakeUser
    out: Printer
    # The file "send" sends as a document (the clerk's demo); None: "send" is just text.
    document: Path | None = None
    seen_messages: dict[int, int] = field(default_factory=dict)  # message_id -> edits seen
    buttons: list[tuple[str, str | None, str | None, SentMessage]] = field(default_factory=list)

    async def catch_up(self) -> None:
        """Show what the bot sent on its own (reminders due as the demo starts)."""
        await self.fake.wait_until_quiet(quiet=QUIET, timeout=REPLY_TIMEOUT)
        self._show_new(0)

    async def say(self, text: str, *, echo: bool = True) -> None:
        if echo:
            self.out(f"you> {text}")
        mark = len(self.fake.requests)
        if text.strip().isdigit() and self.buttons:
            if not await self._press(int(text.strip())):
                return
        elif self.document is not None and text.strip().lower() in SEND_WORDS:
            await self._send_document(self.document)
        else:
            await self.fake.user_sends(self.user, text)
        await self._settle(mark)
        self._show_new(mark)

    async def _send_document(self, path: Path) -> None:
        """Send ``path`` as the user's document and wait for the bot's answer with buttons
        (reading a pack takes longer than a reply: the chat action alone is not the answer)."""
        self.out(f"     (sending {path.name} as a document)")
        before = {message.message_id for message in self.fake.messages_to(self.user.id)}
        await self.fake.user_sends_document(
            self.user,
            path.name,
            await asyncio.to_thread(path.read_bytes),
            mime_type=_MIME_TYPES.get(path.suffix.lower(), "text/plain"),
        )
        with contextlib.suppress(TimeoutError):
            await self.fake.wait_for_message(
                self.user.id,
                lambda message: message.message_id not in before and bool(message.buttons),
                timeout=READ_TIMEOUT,
            )

    async def _press(self, number: int) -> bool:
        if not 1 <= number <= len(self.buttons):
            self.out(f"     (there is no button {number})")
            return False
        label, data, url, message = self.buttons[number - 1]
        if url is not None:
            self.out(f"     ({label} opens {url})")
            return False
        assert data is not None
        if data not in message.callback_data:
            # The bot took the keyboard away (sent, imported, cancelled): as in Telegram, the
            # button is no longer there to press.
            self.out(f"     (the button {number} is gone: the bot removed it)")
            return False
        await self.fake.user_presses(self.user, message, data)
        return True

    async def _settle(self, mark: int) -> None:
        """Wait for the bot to answer, then for it to fall quiet."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REPLY_TIMEOUT
        while loop.time() < deadline:
            if any(r.method != "getUpdates" for r in self.fake.requests[mark:]):
                break
            await asyncio.sleep(0.02)
        await self.fake.wait_until_quiet(quiet=QUIET, timeout=REPLY_TIMEOUT)

    def _show_new(self, mark: int) -> None:
        for request in self.fake.requests[mark:]:
            if request.method == "answerCallbackQuery" and request.params.get("text"):
                self.out(f"bot> ({request.params['text']})")
        for message in self.fake.messages_to(self.user.id):
            if self.seen_messages.get(message.message_id) == message.edits:
                continue
            edited = message.message_id in self.seen_messages
            self.seen_messages[message.message_id] = message.edits
            self._print_message(message, edited=edited)

    def _print_message(self, message: SentMessage, *, edited: bool) -> None:
        lines = (message.plain_text or "").split("\n")
        prefix = "bot (edited)> " if edited else "bot> "
        self.out(prefix + lines[0])
        for line in lines[1:]:
            self.out("     " + line)
        if message.document is not None:
            self.out(f"     [file: {message.document.filename}]")
        if not message.buttons and any(shown is message for *_, shown in self.buttons):
            self.buttons = []  # the keyboard the numbers pressed was taken away
        if message.buttons:
            self.buttons = []
            labels = []
            for row in message.buttons:
                for label, target in row:
                    is_url = target is not None and target.startswith(("http://", "https://"))
                    self.buttons.append(
                        (label, None if is_url else target, target if is_url else None, message)
                    )
                    labels.append(f"[{len(self.buttons)}] {label}")
            self.out("     " + "   ".join(labels))
        self.out("")


@dataclass(frozen=True, slots=True)
class DemoCast:
    """Who sits at the keyboard, and what the demo printed about the board before it began."""

    user: FakeUser
    start: datetime
    board_name: str
    intro: list[str]
    try_lines: str
    document: Path | None = None


async def _as_member(
    db: Database, *, pack_path: Path, settings: Settings, now: datetime | None, zone: ZoneInfo
) -> DemoCast:
    """The member's demo: the sample pack imported, the keyboard plays its chair."""
    pack = await read_file_async(pack_path, zone=zone)
    imported_at = ensure_utc(now) if now is not None else SystemClock().now()
    summary = await import_pack(
        db, pack=pack, board_name=None, timezone=settings.timezone, now=imported_at
    )
    member = _demo_member(pack)
    start = ensure_utc(now) if now is not None else summary.starts_at_utc - DEMO_LEAD
    # Linked a moment before the demo clock starts, so the member's reminders are planned
    # and the 7-day one falls due as the demo begins.
    viewer = await link_telegram(
        db,
        board_name=summary.board_name,
        person_name=member.name,
        telegram_user_id=DEMO_USER.id,
        role=None,
        now=start - timedelta(minutes=1),
    )
    roles = ", ".join(sorted({b.role for b in viewer.boards}))
    return DemoCast(
        user=DEMO_USER,
        start=start,
        board_name=summary.board_name,
        intro=[
            f"  Sample pack:  {pack_path.name} -> {summary.board_name} ({summary.items} items)",
            f"  You are:      {viewer.full_name} ({roles})",
        ],
        try_lines=(
            "Try /next, /agenda, /item 10B, /search care, /members, /calendar, or just ask:"
            " “who is presenting 10B?”.\nA number presses a button; 'quit' leaves.\n"
        ),
    )


async def _as_clerk(
    db: Database, *, pack_path: Path, settings: Settings, now: datetime | None, zone: ZoneInfo
) -> DemoCast:
    """The clerk's demo: the board exists with its clerk and nothing else; the keyboard plays
    the clerk, who sends the pack in chat, checks the preview, imports and publishes."""
    pack = await read_file_async(pack_path, zone=zone)
    board_name = pack.body or "Demo Board"
    meeting_start = pack.meeting.start
    if now is not None:
        start = ensure_utc(now)
    elif meeting_start is not None:
        start = ensure_utc(meeting_start) - DEMO_LEAD
    else:
        start = SystemClock().now()
    await create_board(
        db, name=board_name, organisation=pack.organisation, timezone=settings.timezone
    )
    viewer = await add_clerk(
        db,
        board_name=board_name,
        telegram_user_id=DEMO_CLERK.id,
        name="Demo Clerk",
        now=start - timedelta(minutes=1),
    )
    return DemoCast(
        user=DEMO_CLERK,
        start=start,
        board_name=board_name,
        intro=[
            f"  Board:        {board_name} (no meetings yet)",
            f"  You are:      {viewer.full_name} (clerk)",
            f"  The pack:     {pack_path.name}, ready to send",
        ],
        try_lines=(
            "Type 'send' to send the pack to the bot as a document, as from Telegram's"
            " paperclip;\nthen check the preview and press [Import], try /publish (it shows"
            " a preview first),\n/member add Jane Smith, /meeting new, /item add, /meetings"
            " past.\nA number presses a button; 'quit' leaves.\n"
        ),
        document=pack_path,
    )


async def run_demo(
    *,
    settings: Settings,
    now: datetime | None,
    say: Sequence[str],
    zone: ZoneInfo,
    out: Printer = print,
    sample: Path | None = None,
    as_clerk: bool = False,
) -> None:
    """Run the offline demo; with ``say`` messages it runs them and returns (no prompt).
    ``as_clerk``: the keyboard plays the board's clerk instead of its chair."""
    workdir = Path(tempfile.mkdtemp(prefix="quorum-demo-"))
    db = Database(f"sqlite+aiosqlite:///{workdir / 'demo.db'}")
    fake = FakeBotApi(bot_username="quorum_demo_bot")
    web: WebServer | None = None
    try:
        await db.upgrade()
        pack_path = sample or sample_path()
        cast_as = _as_clerk if as_clerk else _as_member
        cast = await cast_as(db, pack_path=pack_path, settings=settings, now=now, zone=zone)
        await fake.start()
        # The person opened the bot before (an invite link): Telegram knows their chat.
        fake.add_chat(FakeChat.private(cast.user))
        # Calendar feeds, served for as long as the demo runs, on a free local port.
        web = WebServer(create_web_app(db=db, settings=settings), host="127.0.0.1", port=0)
        await web.start()
        demo_settings = settings.model_copy(
            update={
                "telegram_api_url": fake.base_url,
                "telegram_file_url": fake.base_file_url,
                "public_url": web.base_url,
                "bot_username": fake.bot_user["username"],
            }
        )
        application = build_application(
            settings=demo_settings, db=db, clock=OffsetClock(cast.start), token=DEMO_TOKEN
        )
        fake.bot_busy = sends_queued(application)
        out("Quorum demo: offline, no Telegram token needed.")
        out(f"  Bot API fake: {fake.base_url} (the real bot talks to it over HTTP)")
        for line in cast.intro:
            out(line)
        out(
            f"  Demo clock:   {format_when(cast.start, zone)}"
            + (" (a week before the meeting; --now to change)" if now is None else "")
        )
        out(f"  Feeds:        {web.base_url + board_feed_path(slugify(cast.board_name))}")
        out(cast.try_lines)
        async with application:
            await prepare(application)
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=1)
            chat = TerminalChat(fake=fake, user=cast.user, out=out, document=cast.document)
            dispatcher = deps_of_application(application).outbox.dispatcher
            if dispatcher is not None:
                await dispatcher.settled(within=REPLY_TIMEOUT)
            await chat.catch_up()
            try:
                if say:
                    for text in say:
                        await chat.say(text)
                else:
                    await _interactive(chat)
            finally:
                await application.updater.stop()
                await finish(application)
                await application.stop()
    finally:
        if web is not None:
            await web.stop()
        await fake.stop()
        await db.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


class LineReader:
    """Reads stdin one line at a time on request, on a daemon thread (None at end of input).

    A daemon thread, unlike ``asyncio.to_thread``, does not keep the process alive at Ctrl-C
    while it waits for a line that will never come. Lines are read only when asked for, so the
    prompt appears after the bot's answer has been printed.
    """

    def __init__(self, prompt: str) -> None:
        self._prompt = prompt
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._wanted = threading.Event()
        threading.Thread(target=self._read, name="demo-stdin", daemon=True).start()

    def _read(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                line: str | None = input(self._prompt)
            except (EOFError, OSError):
                line = None
            self._loop.call_soon_threadsafe(self._lines.put_nowait, line)
            if line is None:
                return

    async def next_line(self) -> str | None:
        self._wanted.set()
        return await self._lines.get()


async def _interactive(chat: TerminalChat) -> None:
    # Piped input is echoed so the transcript reads like a conversation.
    typed = sys.stdin.isatty()
    reader = LineReader("you> " if typed else "")
    while True:
        text = await reader.next_line()
        if text is None or text.strip().lower() in QUIT_WORDS:
            return
        if text.strip():
            await chat.say(text, echo=not typed)
