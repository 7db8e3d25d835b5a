"""The outbox at scale: 100,000 pending reminders.

    python bench/reminders.py [--rows 100000] [--due 6000] [--samples 100]

Builds a SQLite outbox (real schema, real file) holding --rows pending reminders spread over
the next 60 days, --due of them already due. Then measures, and prints:

- memory: the process's resident set before and after the rows exist, and while a running
  Dispatcher idles over them (the dispatcher keeps no per-row state);
- the claim query (``notify.outbox.claim``, 60 rows, lease and compare-and-set) p50/p99 over
  --samples claims, and the next-wake query (``notify.outbox.next_wake``);
- scheduler wake-ups: a Dispatcher with a 0.5 s sweep idles for 5 s over 100 pending rows and
  then over all of them: its APScheduler job count and its wake-ups must be the same.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import delete, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.clock import FixedClock  # noqa: E402
from notify.dispatcher import Dispatcher  # noqa: E402
from notify.outbox import NewNotification, claim, enqueue, next_wake  # noqa: E402
from notify.outcomes import Claimed, Delivered, Outcome  # noqa: E402
from storage.engine import Database  # noqa: E402
from storage.models import Notification  # noqa: E402

NOW = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def fill(db: Database, rows: int, due: int) -> float:
    started = time.perf_counter()
    batch: list[NewNotification] = []
    for n in range(rows):
        at = (
            NOW - timedelta(seconds=n % 600)
            if n < due
            else NOW + timedelta(minutes=5 + (n * 37) % (60 * 24 * 60))
        )
        batch.append(
            NewNotification(
                kind="meeting-reminder",
                dedupe_key=f"bench:{n}",
                due_at_utc=at,
                expires_at_utc=at + timedelta(days=1),
                lead="1d",
            )
        )
        if len(batch) == 5000:
            async with db.write() as session:
                await enqueue(session, batch, now=NOW)
            batch = []
    if batch:
        async with db.write() as session:
            await enqueue(session, batch, now=NOW)
    return time.perf_counter() - started


class Nothing:
    """A sender for a dispatcher that must find nothing due (it would record otherwise)."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, item: Claimed) -> Outcome:
        self.calls += 1
        return Delivered(None)


async def idle_dispatcher(db: Database, seconds: float) -> tuple[int, int, int]:
    """(jobs, wake-ups, sends) of a dispatcher idling over the outbox for ``seconds``."""
    sender = Nothing()
    dispatcher = Dispatcher(db, FixedClock(NOW - timedelta(days=1)), sender, sweep_seconds=0.5)
    await dispatcher.start()
    await asyncio.sleep(seconds)
    jobs = dispatcher.job_count()
    await dispatcher.stop()
    return jobs, dispatcher.wakeups, sender.calls


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="quorum-reminders-") as folder:
        return await measure(args, Path(folder))


async def measure(args: argparse.Namespace, workdir: Path) -> int:
    """The figures above, the outbox in ``workdir``; 0 if wake-ups stay flat and counts add up."""
    db = Database(f"sqlite+aiosqlite:///{workdir / 'outbox.db'}")
    await db.upgrade()
    base = rss_mb()

    await fill(db, 100, 0)
    small = await idle_dispatcher(db, 5.0)
    async with db.write() as session:
        await session.exec(delete(Notification))

    took = await fill(db, args.rows, args.due)
    filled = rss_mb()
    big = await idle_dispatcher(db, 5.0)
    idle = rss_mb()

    claims: list[float] = []
    wakes: list[float] = []
    claimed = 0
    for _ in range(args.samples):
        started = time.perf_counter()
        items = await claim(db, now=NOW, owner="bench", limit=60)
        claims.append((time.perf_counter() - started) * 1000)
        claimed += len(items)
        started = time.perf_counter()
        await next_wake(db)
        wakes.append((time.perf_counter() - started) * 1000)
    pending = args.rows - claimed
    size = (workdir / "outbox.db").stat().st_size / 1e6
    async with db.read() as session:
        left = (
            await session.exec(
                select(func.count())
                .select_from(Notification)
                .where(Notification.state == "pending")
            )
        ).one()
    await db.dispose()

    print(
        f"Outbox: {args.rows:,} pending rows ({args.due:,} due now), filled in {took:.1f} s; "
        f"database {size:.0f} MB"
    )
    print(
        f"Memory (RSS): {base:.0f} MB empty, {filled:.0f} MB after filling, "
        f"{idle:.0f} MB with a dispatcher idling over them"
    )
    print()
    print("| query | p50 ms | p99 ms | max ms |")
    print("|---|---|---|---|")
    for name, values in (("claim 60 due rows", claims), ("next wake (min due)", wakes)):
        print(
            f"| {name} | {statistics.median(values):.2f} | {percentile(values, 0.99):.2f} "
            f"| {max(values):.2f} |"
        )
    print(
        f"\n{claimed:,} rows claimed in {args.samples} claims; {left:,} still pending "
        f"(expected {pending:,})"
    )
    print()
    print("| pending rows | scheduler jobs | wake-ups in 5 s (0.5 s sweep) | sends |")
    print("|---|---|---|---|")
    print(f"| 100 | {small[0]} | {small[1]} | {small[2]} |")
    print(f"| {args.rows:,} | {big[0]} | {big[1]} | {big[2]} |")
    same = small[0] == big[0] and abs(small[1] - big[1]) <= 1 and big[2] == small[2] == 0
    print("\nwake-ups do not grow with the number pending:", "yes" if same else "NO")
    if claimed == 0:
        print("measured nothing: no due row was claimed")
        return 1
    return 0 if same and left == pending else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=6_000)
    parser.add_argument("--samples", type=int, default=100)
    sys.exit(asyncio.run(main(parser.parse_args())))
