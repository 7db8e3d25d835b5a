"""A clerk publishes an agenda to 1,000 members: how close to Telegram's limit do we go?

    python bench/broadcast.py [--members 1000] [--latency 0.0]

Runs the real PTB Application (with Quorum's pacer and outbox dispatcher) against the local
Bot API fake, which enforces Telegram's limits (30 messages/s overall, 1/s per private chat,
20/min per group) and answers 429 to anything over them. The fake runs on its own event loop
in its own thread (:mod:`bench.fakehost`), as Telegram does not share the bot's loop. A clerk
sends /publish; the clock runs from that update until the last member's copy reaches the fake.
The floor is members / 30 s (33.3 s for 1,000). Prints the time, its ratio to the floor
(target: at most 1.03), the 429s, members who got nothing, duplicates, and the sending rate per
second. ``--latency`` adds a network round trip to every call of the fake. Exits 0 when the
target is met with zero 429s, zero lost and zero duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application, finish, prepare, sends_queued  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.settings import load_settings  # noqa: E402
from fakegram import FakeBotApi, FakeChat, FakeUser  # noqa: E402
from storage.engine import Database  # noqa: E402
from tests.auxil.crowd import crowd_board  # noqa: E402
from tests.auxil.fakehost import FakeHost  # noqa: E402

TOKEN = "123456789:BENCH-TOKEN"
CLERK = FakeUser(id=9_000, first_name="Clerk", last_name="Crowd")
FIRST_ID = 300_000
TARGET = 1.03


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="quorum-broadcast-") as folder:
        return await measure(args, Path(folder))


async def measure(args: argparse.Namespace, workdir: Path) -> int:
    """The broadcast to ``args.members`` members, its database in ``workdir``; 0 within limits."""
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    db = Database(url)
    fake = FakeBotApi()
    try:
        await db.upgrade()
        now = datetime.now(UTC)
        crowd = await crowd_board(
            db,
            members=args.members,
            first_user_id=FIRST_ID,
            clerk_user_id=CLERK.id,
            start=(now + timedelta(days=3)).replace(second=0, microsecond=0),
            now=now,
        )
        for user_id in crowd.member_ids:
            fake.add_chat(FakeChat(id=user_id, type="private", first_name=f"M{user_id}"))
        fake.add_chat(FakeChat.private(CLERK))
        fake.enforce_limits()
        fake.latency = args.latency
        async with FakeHost(fake) as host:
            return await publish(args, db, url, host, crowd.member_ids)
    finally:
        await db.dispose()


async def publish(
    args: argparse.Namespace, db: Database, url: str, host: FakeHost, member_ids: list[int]
) -> int:
    """The clerk publishes; prints the figures; 0 within the target and limits."""
    fake = host.fake
    settings = load_settings(
        telegram_token=TOKEN,
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        database_url=url,
    )
    application = build_application(settings=settings, db=db, clock=SystemClock(), token=TOKEN)
    fake.bot_busy = sends_queued(application)
    wanted = set(member_ids)

    def member_sends() -> list[float]:
        return sorted(
            r.time
            for r in fake.requests[mark:]
            if r.method == "sendDocument" and r.status == 200 and r.params.get("chat_id") in wanted
        )

    async with application:
        await prepare(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        loop = asyncio.get_running_loop()
        await host.run(fake.wait_until_quiet())
        mark = await host.read(lambda: len(fake.requests))
        started = loop.time()
        await host.run(fake.user_sends(CLERK, "/publish"))
        # /publish shows a preview first: the clerk presses [Send to N members].
        preview = await host.run(
            fake.wait_for_message(CLERK.id, lambda message: bool(message.buttons))
        )
        send = preview.buttons[0][0][0]
        await host.run(fake.user_presses(CLERK, preview, preview.button_data(send)))
        # Watch the calls answered since the last look (cheap: the fake shares the GIL).
        missing = set(wanted)
        seen = mark

        def look() -> None:
            nonlocal seen
            calls = fake.requests
            # A call not answered yet is looked at again next time; long polls are skipped.
            while seen < len(calls) and (
                calls[seen].status is not None or calls[seen].method == "getUpdates"
            ):
                call = calls[seen]
                if call.method == "sendDocument" and call.status == 200:
                    missing.discard(call.params.get("chat_id"))
                seen += 1

        while missing and loop.time() - started < 30 + args.members:
            await host.read(look)
            await asyncio.sleep(0.05)
        await host.run(fake.wait_until_quiet(timeout=60))
        await application.updater.stop()
        await finish(application)
        await application.stop()
    counts = Counter({chat: fake.message_counts().get(chat, 0) for chat in member_ids})
    lost = sum(1 for count in counts.values() if count == 0)
    duplicates = sum(count - 1 for count in counts.values() if count > 1)
    sends = member_sends()
    if not sends:
        print(f"measured nothing: none of the {args.members:,} members got a copy")
        return 1
    took = sends[-1] - started
    floor = args.members / 30
    ratio = took / floor
    per_second = Counter(int(t - started) for t in sends)
    busiest = max(per_second.values())
    report = [m.plain_text for m in fake.messages_to(CLERK.id) if "Report" in m.plain_text]
    print(f"Members: {args.members:,}; fake latency {args.latency * 1000:.0f} ms per call")
    print()
    print("| figure | value |")
    print("|---|---|")
    print(f"| time to the last member's copy | {took:.1f} s |")
    print(f"| floor (members / 30 per s) | {floor:.1f} s |")
    print(f"| time / floor | {ratio:.3f} (target <= {TARGET:.2f}) |")
    print(f"| first member's copy after /publish | {sends[0] - started:.2f} s |")
    print(f"| mean rate | {len(sends) / took:.1f} messages/s (limit 30) |")
    print(f"| busiest whole second | {busiest} member messages |")
    print(f"| 429 answers | {len(fake.rate_limited)} |")
    print(f"| members who got nothing | {lost} |")
    print(f"| duplicate copies | {duplicates} |")
    print(f"| clerk's report | {report[0].splitlines()[1] if report else 'MISSING'} |")
    ok = ratio <= TARGET and not fake.rate_limited and lost == 0 and duplicates == 0
    return 0 if ok and report else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.0)
    arguments = parser.parse_args()
    if arguments.members < 1:
        parser.error("--members must be at least 1")
    sys.exit(asyncio.run(main(arguments)))
