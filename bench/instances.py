"""Several ``quorum run`` processes on one PostgreSQL database drain one outbox.

    python bench/instances.py [--instances 4] [--messages 1000] [--postgres URL]

Real processes, a real PostgreSQL server (a scratch database made and dropped here) and the
local Bot API fake, which enforces Telegram's limits (30 messages/s per bot, 1/s per private
chat) and answers 429 to anything over them. ``--messages`` meeting reminders fall due at
once, one per member; the instances share ``QUORUM_SEND_RATE`` (30): each takes 30 // live,
and the first 30 % live by start one more, so the shares add up to 30. The clock runs from the
first member's reminder to the last. Prints the time, the rate against Telegram's 30/s (target:
at least 0.97 of it), the 429s, each instance's share, members who got nothing and duplicates.
Exits 0 when the rate meets the target with zero 429s, zero lost, zero duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from fakegram import FakeBotApi, FakeChat  # noqa: E402
from storage.engine import Database  # noqa: E402
from tests.auxil.crowd import crowd_board, queue_due_reminders  # noqa: E402
from tests.auxil.pg import ScratchDatabases  # noqa: E402
from tests.auxil.processes import Running, end_process_groups, start_quorum  # noqa: E402

FIRST_ID = 700_000
CLERK_ID = 9_700
TELEGRAM_LIMIT = 30.0
TARGET = 0.97


async def queue_reminders(db: Database, members: int) -> list[int]:
    now = datetime.now(UTC)
    crowd = await crowd_board(
        db,
        members=members,
        first_user_id=FIRST_ID,
        clerk_user_id=CLERK_ID,
        start=(now + timedelta(days=1)).replace(second=0, microsecond=0),
        now=now,
    )
    await queue_due_reminders(db, crowd, now=now)
    return crowd.member_ids


async def main(args: argparse.Namespace) -> int:
    scratch = ScratchDatabases(args.postgres)
    scratch.create_template()
    name = scratch.create()
    url = scratch.url_of(name)
    db = Database(url)
    fake = FakeBotApi()
    instances: list[Running] = []
    with tempfile.TemporaryDirectory(prefix="quorum-instances-") as folder:
        workdir = Path(folder)
        try:
            members = await queue_reminders(db, args.messages)
            await fake.start()
            for user_id in members:
                fake.add_chat(FakeChat(id=user_id, type="private", first_name=f"M{user_id}"))
            fake.enforce_limits()
            loop = asyncio.get_running_loop()
            started = loop.time()
            for n in range(args.instances):
                instances.append(
                    await start_quorum(
                        fake,
                        url,
                        workdir,
                        token=f"{fake.bot_id}:bench-instance-{n}",
                        name=f"instance-{n}",
                    )
                )
            wanted = set(members)
            first_send: float | None = None
            deadline = started + args.messages / TELEGRAM_LIMIT * 3 + 120
            while True:
                got = {c for c, n in fake.message_counts().items() if c in wanted and n > 0}
                if got and first_send is None:
                    first_send = loop.time()
                if len(got) == len(wanted) or loop.time() > deadline:
                    break
                await asyncio.sleep(0.05)
            finished = loop.time()
            for instance in instances:
                instance.process.send_signal(signal.SIGTERM)
            await asyncio.gather(*(instance.process.wait() for instance in instances))
            failed = [i for i in instances if i.process.returncode != 0]
            # The logs go with the temporary folder: show the end of any instance's that failed.
            for instance in failed:
                print(f"--- {instance.log.name} (exit {instance.process.returncode}):")
                print("\n".join(instance.log_text().splitlines()[-20:]))
        finally:
            end_process_groups()
            await fake.stop()
            await db.dispose()
            scratch.drop(name)
            scratch.drop_template()

    counts = fake.message_counts()
    delivered = sum(1 for user_id in members if counts.get(user_id, 0) > 0)
    lost = len(members) - delivered
    duplicates = sum(max(0, counts.get(user_id, 0) - 1) for user_id in members)
    shares = Counter(
        call.token.split(":")[1]
        for call in fake.calls("sendMessage")
        if call.status == 200 and int(call.params.get("chat_id", 0)) in wanted
    )
    # The fake's own times of the first and last reminder it accepted.
    accepted = sorted(
        call.time
        for call in fake.calls("sendMessage")
        if call.status == 200 and int(call.params.get("chat_id", 0)) in wanted
    )
    sending = accepted[-1] - accepted[0] if accepted else finished - (first_send or started)
    rate = delivered / sending if sending > 0 else 0.0
    print(f"instances: {args.instances}, messages: {args.messages}")
    print(f"from start of the processes to the last reminder: {finished - started:.1f} s")
    print(f"from the first reminder to the last: {sending:.1f} s")
    ratio = rate / TELEGRAM_LIMIT
    print(
        f"rate: {rate:.1f}/s = {ratio:.3f} of Telegram's {TELEGRAM_LIMIT:.0f}/s "
        f"(target >= {TARGET:.2f})"
    )
    print(f"429s: {len(fake.rate_limited)}, lost: {lost}, duplicates: {duplicates}")
    for token, count in sorted(shares.items()):
        print(f"  {token}: {count}")
    print(f"exit codes: {[instance.process.returncode for instance in instances]}")
    if delivered == 0:
        print("measured nothing: no reminder was delivered")
        return 1
    ok = ratio >= TARGET and not fake.rate_limited and lost == 0 and duplicates == 0
    ok = ok and not failed
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=4)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument(
        "--postgres", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    sys.exit(asyncio.run(main(parser.parse_args())))
