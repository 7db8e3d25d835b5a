"""``quorum demo``: the real bot, a local Bot API fake, a sample pack, and a chat in the terminal.

Nothing here is simulated on the bot's side: the PTB Application long-polls the fake over HTTP
on 127.0.0.1 exactly as it would poll Telegram, and the database is a real SQLite file.
"""

from __future__ import annotations

import asyncio
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
from services.calendar_feeds import board_feed_path
from services.imports import import_pack
from services.names import slugify
from services.people import link_telegram
from storage.engine import Database
from web.app import create_web_app
from web.server import WebServer

DEMO_TOKEN = "123456789:QUORUM-OFFLINE-DEMO"
DEMO_USER = FakeUser(id=1001, first_name="Demo", last_name="Member", username="demo_member")
DEMO_LEAD = timedelta(days=7)
REPLY_TIMEOUT = 10.0
QUIET = 0.25
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "q"})

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
        else:
            await self.fake.user_sends(self.user, text)
        await self._settle(mark)
        self._show_new(mark)

    async def _press(self, number: int) -> bool:
        if not 1 <= number <= len(self.buttons):
            self.out(f"     (there is no button {number})")
            return False
        label, data, url, message = self.buttons[number - 1]
        if url is not None:
            self.out(f"     ({label} opens {url})")
            return False
        assert data is not None
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


async def run_demo(
    *,
    settings: Settings,
    now: datetime | None,
    say: Sequence[str],
    zone: ZoneInfo,
    out: Printer = print,
    sample: Path | None = None,
) -> None:
    """Run the offline demo; with ``say`` messages it runs them and returns (no prompt)."""
    workdir = Path(tempfile.mkdtemp(prefix="quorum-demo-"))
    db = Database(f"sqlite+aiosqlite:///{workdir / 'demo.db'}")
    fake = FakeBotApi(bot_username="quorum_demo_bot")
    web: WebServer | None = None
    try:
        await db.upgrade()
        pack_path = sample or sample_path()
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
        await fake.start()
        # The member opened the bot before (an invite link): Telegram knows their chat.
        fake.add_chat(FakeChat.private(DEMO_USER))
        # Calendar feeds, served for as long as the demo runs, on a free local port.
        web = WebServer(create_web_app(db=db, settings=settings), host="127.0.0.1", port=0)
        await web.start()
        demo_settings = settings.model_copy(
            update={
                "telegram_api_url": fake.base_url,
                "telegram_file_url": fake.base_file_url,
                "public_url": web.base_url,
            }
        )
        application = build_application(
            settings=demo_settings, db=db, clock=OffsetClock(start), token=DEMO_TOKEN
        )
        fake.bot_busy = sends_queued(application)
        roles = ", ".join(sorted({b.role for b in viewer.boards}))
        out("Quorum demo: offline, no Telegram token needed.")
        out(f"  Bot API fake: {fake.base_url} (the real bot talks to it over HTTP)")
        out(f"  Sample pack:  {pack_path.name} -> {summary.board_name} ({summary.items} items)")
        out(
            f"  Demo clock:   {format_when(start, zone)}"
            + (" (a week before the meeting; --now to change)" if now is None else "")
        )
        out(f"  You are:      {viewer.full_name} ({roles})")
        out(f"  Feeds:        {web.base_url + board_feed_path(slugify(summary.board_name))}")
        out(
            "Try /next, /agenda, /item 10B, /search care, /members, /calendar, or just ask:"
            " “who is presenting 10B?”.\nA number presses a button; 'quit' leaves.\n"
        )
        async with application:
            await prepare(application)
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=1)
            chat = TerminalChat(fake=fake, user=DEMO_USER, out=out)
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
