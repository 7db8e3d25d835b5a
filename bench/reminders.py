"""The outbox at scale: reminders on time with 100,000 pending, and the morning release.

    python bench/reminders.py [--rows 100000] [--due 6000] [--samples 100] [--singles 10]
                              [--no-fake]
    python bench/reminders.py --morning 60000 [--live 1000]

The default run builds SQLite outboxes (real schema, real files) and prints:

- lateness: from a reminder's due instant to its hand-over to the sender (the moment the
  Dispatcher calls ``deliver``), on the real clock: rows are queued due ~2 s ahead and the
  dispatcher wakes by its alarm (it claims a moment early and hands over at the due instant).
  One reminder due alone (--singles samples, each due at its own
  instant) and 1,000 due at once, over 100 and over --rows pending rows; with a sender that does
  nothing, and with the real bot (PTB, our pacer) against the local Bot API fake enforcing
  Telegram's limits (--no-fake skips it). Targets: one reminder <= 10 ms (median of the samples,
  both senders); 1,000 at once p99 <= 1 s (no-op sender; through the fake 1,000 cannot all go
  within a second at 30 messages/s, so its figures are printed without a target);
- memory: the resident set before and after --rows rows exist, and while a dispatcher idles;
- the claim query (60 rows, lease and compare-and-set) and the next-wake query, p50/p99;
- scheduler wake-ups: a dispatcher with a 0.5 s sweep idles 5 s over 100 pending rows and over
  all of them: the same job count and wake-ups.

``--morning N``: N rows (meeting reminders 2 hours, 1 day and 7 days before, action nudges,
meeting-change notices, publication copies) all due at 08:00, released by the real Dispatcher
through a sender paced at 30 messages/s on a virtual clock (the clock moves 1/30 s per send, or
by the real time taken when the dispatcher is slower than that), so the 33 minutes of a 60,000
release take about a minute. Prints when the last of each kind went against its floor (the rows
that must go before it, plus its own, at 30/s), that none was dropped, and the order (no "2 hours
before" behind a "7 days before"). Then --live reminders are released through the real bot and
the fake at Telegram's limits while a member asks the bot things: the replies' latency shows
interactive answers still go first.

Exits non-zero when a target is missed or a count does not add up.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, delete, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application, finish, prepare, sends_queued  # noqa: E402
from bot.deps import deps_of_application  # noqa: E402
from core.clock import FixedClock, SystemClock  # noqa: E402
from core.settings import load_settings  # noqa: E402
from fakegram import FakeBotApi, FakeChat, FakeUser  # noqa: E402
from notify.dispatcher import Dispatcher  # noqa: E402
from notify.outbox import NewNotification, claim, enqueue, next_wake  # noqa: E402
from notify.outcomes import Claimed, Delivered, Outcome  # noqa: E402
from storage.engine import Database  # noqa: E402
from storage.models import Notification, NotificationKind, Person  # noqa: E402
from tests.auxil.crowd import crowd_board  # noqa: E402

NOW = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
MORNING = datetime(2024, 3, 12, 8, 0, tzinfo=UTC)
# Rows are queued due this far ahead of the real clock: the dispatcher is idle by then.
AHEAD = timedelta(seconds=2)
RATE = 30.0
TOKEN = "123456789:BENCH-TOKEN"
ASKER = FakeUser(id=9_000, first_name="Clerk", last_name="Crowd")
FIRST_ID = 300_000
REMINDER = NotificationKind.MEETING_REMINDER.value

SINGLE_TARGET = 0.010
MANY_TARGET = 1.0


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def verdict(value: float, target: float) -> str:
    return f"{value / target:.2f} ({'ok' if value <= target else 'OVER'})"


async def fill(db: Database, rows: int, due: int, *, at: datetime = NOW) -> float:
    """``rows`` pending reminders, ``due`` of them due at ``at``, the rest over 60 days after."""
    started = time.perf_counter()
    batch: list[NewNotification] = []
    for n in range(rows):
        moment = (
            at - timedelta(seconds=n % 600)
            if n < due
            else at + timedelta(minutes=5 + (n * 37) % (60 * 24 * 60))
        )
        batch.append(
            NewNotification(
                kind=REMINDER,
                dedupe_key=f"bench:{n}",
                due_at_utc=moment,
                expires_at_utc=moment + timedelta(days=1),
                lead="1d",
            )
        )
        if len(batch) == 5000:
            async with db.write() as session:
                await enqueue(session, batch, now=at)
            batch = []
    if batch:
        async with db.write() as session:
            await enqueue(session, batch, now=at)
    return time.perf_counter() - started


class Nothing:
    """A sender that does nothing (and counts its calls)."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, item: Claimed) -> Outcome:
        self.calls += 1
        return Delivered(None)


@dataclass
class Handovers:
    """Wraps a sender: notes when each row was handed over, against its due instant."""

    deliver: Callable[[Claimed], Awaitable[Outcome]]
    late: dict[str, float] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    wanted: int = 0

    async def __call__(self, item: Claimed) -> Outcome:
        handed = datetime.now(UTC)
        if item.dedupe_key.startswith("late:"):
            self.late[item.dedupe_key] = (handed - item.due_at_utc).total_seconds()
            if len(self.late) >= self.wanted:
                self.arrived.set()
        return await self.deliver(item)


def due_rows(
    tag: str,
    count: int,
    *,
    at: datetime,
    spacing: timedelta,
    people: list[int] | None = None,
    meeting_id: int | None = None,
) -> list[NewNotification]:
    """``count`` reminders due from ``at``, ``spacing`` apart (0: all at once)."""
    return [
        NewNotification(
            kind=REMINDER,
            dedupe_key=f"late:{tag}:{n}",
            due_at_utc=at + spacing * n,
            expires_at_utc=at + timedelta(hours=2),
            person_id=people[n] if people else None,
            meeting_id=meeting_id,
            lead="1d",
        )
        for n in range(count)
    ]


async def noop_lateness(db: Database, tag: str, count: int, spacing: timedelta) -> list[float]:
    """Lateness (s) of ``count`` rows due ``spacing`` apart, through a sender doing nothing."""
    recorder = Handovers(Nothing(), wanted=count)
    dispatcher = Dispatcher(db, SystemClock(), recorder)
    await dispatcher.start()
    try:
        at = datetime.now(UTC) + AHEAD
        async with db.write() as session:
            await enqueue(session, due_rows(tag, count, at=at, spacing=spacing), now=at)
        dispatcher.poke()
        async with asyncio.timeout(60 + spacing.total_seconds() * count):
            await recorder.arrived.wait()
    finally:
        await dispatcher.stop()
    return list(recorder.late.values())


@dataclass
class Live:
    """The real bot against the fake at Telegram's limits, over one database."""

    db: Database
    fake: FakeBotApi
    people: list[int]
    meeting_id: int


async def live_lateness(
    live: Live, tag: str, count: int, spacing: timedelta, *, asks: int = 0
) -> tuple[list[float], list[float], list[float]]:
    """Lateness (s) of ``count`` reminders to crowd members, through the real bot and the fake;
    and the latency (s) of ``asks`` replies to a member asking /help before the release (the
    bot idle) and during it."""
    url = live.db.url
    settings = load_settings(
        telegram_token=TOKEN,
        telegram_api_url=live.fake.base_url,
        telegram_file_url=live.fake.base_file_url,
        database_url=url,
    )
    application = build_application(settings=settings, db=live.db, clock=SystemClock(), token=TOKEN)
    live.fake.bot_busy = sends_queued(application)
    loop = asyncio.get_running_loop()

    async def ask(times: int) -> list[float]:
        took: list[float] = []
        for _ in range(times):
            seen = len(live.fake.messages_to(ASKER.id))
            started = loop.time()
            await live.fake.user_sends(ASKER, "/help")
            await live.fake.wait_for_messages(ASKER.id, seen + 1, timeout=30)
            took.append(loop.time() - started)
            await asyncio.sleep(1.5)  # Telegram's 1 a second in a private chat
        return took

    async with application:
        await prepare(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        dispatcher = deps_of_application(application).outbox.dispatcher
        assert dispatcher is not None
        recorder = Handovers(dispatcher.deliver, wanted=count)
        dispatcher.deliver = recorder
        await live.fake.wait_until_quiet()
        idle = await ask(asks)
        at = datetime.now(UTC) + AHEAD
        async with live.db.write() as session:
            await enqueue(
                session,
                due_rows(
                    tag,
                    count,
                    at=at,
                    spacing=spacing,
                    people=live.people[:count],
                    meeting_id=live.meeting_id,
                ),
                now=at,
            )
        dispatcher.poke()
        await asyncio.sleep(AHEAD.total_seconds() + 0.5)
        during = await ask(asks)
        async with asyncio.timeout(60 + count / 10 + spacing.total_seconds() * count):
            await recorder.arrived.wait()
        await live.fake.wait_until_quiet(timeout=120)
        await application.updater.stop()
        await finish(application)
        await application.stop()
    return list(recorder.late.values()), idle, during


async def live_database(workdir: Path, name: str, pending: int, members: int) -> Live:
    """A database with ``members`` crowd members on Telegram and ``pending`` reminders due in
    the next 60 days; a fake Bot API that knows their chats."""
    db = Database(f"sqlite+aiosqlite:///{workdir / name}")
    await db.upgrade()
    now = datetime.now(UTC)
    crowd = await crowd_board(
        db,
        members=members,
        first_user_id=FIRST_ID,
        clerk_user_id=ASKER.id,
        start=(now + timedelta(days=3)).replace(second=0, microsecond=0),
        now=now,
    )
    await fill(db, pending, 0, at=now + timedelta(days=1))
    async with db.read() as session:
        people = [
            person_id
            for person_id in (
                await session.exec(
                    select(Person.id)
                    .where(col(Person.telegram_user_id).in_(crowd.member_ids))
                    .order_by(col(Person.id))
                )
            ).all()
            if person_id is not None
        ]
    fake = FakeBotApi()
    await fake.start()
    for user_id in crowd.member_ids:
        fake.add_chat(FakeChat(id=user_id, type="private", first_name=f"M{user_id}"))
    fake.add_chat(FakeChat.private(ASKER))
    fake.enforce_limits()
    return Live(db=db, fake=fake, people=people, meeting_id=crowd.meeting_id)


@dataclass
class Row:
    """One line of the lateness table."""

    sender: str
    pending: int
    due: str
    values: list[float]
    target: float | None
    figure: str  # which statistic is held to the target: "median" or "p99"

    def checked(self) -> float:
        if self.figure == "median":
            return statistics.median(self.values)
        return percentile(self.values, 0.99)

    @property
    def ok(self) -> bool:
        return self.target is None or self.checked() <= self.target

    def line(self) -> str:
        p50 = statistics.median(self.values)
        p99 = percentile(self.values, 0.99)
        worst = max(self.values)
        target = (
            f"{self.figure} <= {self.target * 1000:g} ms: {verdict(self.checked(), self.target)}"
            if self.target is not None
            else "none (30 messages/s: 1,000 take 33 s)"
        )
        return (
            f"| {self.sender} | {self.pending:,} | {self.due} | {p50 * 1000:.1f} | "
            f"{p99 * 1000:.1f} | {worst * 1000:.1f} | {target} |"
        )


async def lateness(args: argparse.Namespace, workdir: Path) -> list[Row]:
    rows: list[Row] = []
    spacing = timedelta(milliseconds=400)
    for pending in (100, args.rows):
        db = Database(f"sqlite+aiosqlite:///{workdir / f'late-{pending}.db'}")
        await db.upgrade()
        await fill(db, pending, 0, at=datetime.now(UTC) + timedelta(days=1))
        singles = await noop_lateness(db, "one", args.singles, spacing)
        rows.append(Row("no-op", pending, "1 (alone)", singles, SINGLE_TARGET, "median"))
        many = await noop_lateness(db, "many", 1000, timedelta(0))
        rows.append(Row("no-op", pending, "1,000 at once", many, MANY_TARGET, "p99"))
        await db.dispose()
    if args.no_fake:
        return rows
    for pending in (100, args.rows):
        live = await live_database(workdir, f"live-{pending}.db", pending, 1000)
        try:
            singles, _, _ = await live_lateness(live, "one", args.singles, spacing)
            rows.append(Row("bot + fake", pending, "1 (alone)", singles, SINGLE_TARGET, "median"))
            many, _, _ = await live_lateness(live, "many", 1000, timedelta(0))
            rows.append(Row("bot + fake", pending, "1,000 at once", many, None, "p99"))
        finally:
            await live.fake.stop()
            await live.db.dispose()
    return rows


async def scale(args: argparse.Namespace, workdir: Path) -> bool:
    """Memory, claim and next-wake figures, and flat wake-ups, over a fixed clock."""
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
        return False
    return same and left == pending


async def idle_dispatcher(db: Database, seconds: float) -> tuple[int, int, int]:
    """(jobs, wake-ups, sends) of a dispatcher idling over the outbox for ``seconds``."""
    sender = Nothing()
    dispatcher = Dispatcher(db, FixedClock(NOW - timedelta(days=1)), sender, sweep_seconds=0.5)
    await dispatcher.start()
    await asyncio.sleep(seconds)
    jobs = dispatcher.job_count()
    await dispatcher.stop()
    return jobs, dispatcher.wakeups, sender.calls


# -- the morning release -----------------------------------------------------------------

# (class, kind, lead, share of the release, expiry after 08:00, urgency order).
# Meeting reminders expire when the next shorter one takes over (or the meeting starts): a
# "2 hours before" for a 10:00 meeting at 10:00, a "1 day before" for tomorrow's meetings when
# tomorrow's "2 hours before" takes over, a "7 days before" when the "1 day before" does.
MIX = (
    ("meeting changes", NotificationKind.MEETING_CHANGE.value, None, 0.005, None, 0),
    ("2 hours before", REMINDER, "2h", 0.10, (timedelta(hours=2), timedelta(hours=10)), 1),
    ("1 day before", REMINDER, "1d", 0.38, (timedelta(hours=24), timedelta(hours=33)), 2),
    (
        "action due today",
        NotificationKind.ACTION_NUDGE.value,
        "due",
        0.05,
        (timedelta(hours=24), timedelta(hours=24)),
        2,
    ),
    ("publication copies", NotificationKind.PUBLICATION.value, None, 0.095, None, 3),
    ("7 days before", REMINDER, "7d", 0.32, (timedelta(days=6), timedelta(days=6, hours=9)), 4),
    (
        "action in 7 days",
        NotificationKind.ACTION_NUDGE.value,
        "7d",
        0.05,
        (timedelta(days=6), timedelta(days=6)),
        4,
    ),
)


class Paced:
    """A sender that sends 30 messages/s on a virtual clock: the n-th send goes at 08:00 +
    n/30 s, or later if the dispatcher handed it over later in real time (it could not keep up
    with the rate), counting real time from the start of the release."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.went: dict[str, float] = {}
        self.order: list[str] = []
        self.starved = 0
        self._origin = time.perf_counter()

    async def __call__(self, item: Claimed) -> Outcome:
        virtual = (self.clock.now() - MORNING).total_seconds() + 1 / RATE
        real = time.perf_counter() - self._origin
        if real > virtual:
            self.starved += 1
        moment = max(virtual, real)
        self.clock.set(MORNING + timedelta(seconds=moment))
        self.went[item.dedupe_key] = moment
        self.order.append(item.dedupe_key)
        return Delivered(None)


def morning_rows(total: int) -> tuple[list[NewNotification], dict[str, str]]:
    """The release's rows (shuffled: queue order says nothing) and each key's class."""
    chooser = random.Random(8)
    rows: list[NewNotification] = []
    klass: dict[str, str] = {}
    counts = [round(total * share) for _, _, _, share, _, _ in MIX]
    counts[-1] += total - sum(counts)
    for index, ((name, kind, lead, _, expiry, _), count) in enumerate(
        zip(MIX, counts, strict=True)
    ):
        for n in range(count):
            expires = None
            if expiry is not None:
                low, high = expiry
                minutes = chooser.randint(0, int((high - low).total_seconds() // 60))
                expires = MORNING + low + timedelta(minutes=minutes)
            key = f"morning:{index}:{n}"
            klass[key] = name
            rows.append(
                NewNotification(
                    kind=kind, dedupe_key=key, due_at_utc=MORNING, expires_at_utc=expires, lead=lead
                )
            )
    chooser.shuffle(rows)
    return rows, klass


async def morning(args: argparse.Namespace, workdir: Path) -> bool:
    total = args.morning
    db = Database(f"sqlite+aiosqlite:///{workdir / 'morning.db'}")
    await db.upgrade()
    rows, klass = morning_rows(total)
    await fill(db, args.rows, 0, at=MORNING + timedelta(days=2))
    async with db.write() as session:
        for start in range(0, len(rows), 5000):
            await enqueue(session, rows[start : start + 5000], now=MORNING - timedelta(hours=10))
    clock = FixedClock(MORNING)
    dispatcher = Dispatcher(db, clock, Nothing())
    started = time.perf_counter()
    sender = Paced(clock)
    dispatcher.deliver = sender
    await dispatcher.start()
    await dispatcher.settled(within=3600)
    await dispatcher.stop()
    took = time.perf_counter() - started
    async with db.read() as session:
        unsent = (
            await session.exec(
                select(Notification.dedupe_key, Notification.state, Notification.last_error).where(
                    col(Notification.dedupe_key).startswith("morning:"),
                    Notification.state != "sent",
                )
            )
        ).all()
    await db.dispose()

    by_class: dict[str, list[float]] = {}
    for key, moment in sender.went.items():
        by_class.setdefault(klass[key], []).append(moment)
    position = {key: n for n, key in enumerate(sender.order)}
    first = {name: min(position[k] for k in position if klass[k] == name) for name in by_class}
    last = {name: max(position[k] for k in position if klass[k] == name) for name in by_class}
    counts = Counter(klass.values())
    print(
        f"Morning release: {total:,} rows due at 08:00 over {args.rows:,} pending; paced at "
        f"{RATE:g}/s on a virtual clock (ran {took:.0f} s of real time)"
    )
    print()
    # A kind's floor: every row that must go before it, and its own, at 30/s.
    print("| kind | rows | last went (min after 08:00) | floor (min) | last / floor |")
    print("|---|---|---|---|---|")
    ahead = 0
    ranks = sorted({rank for *_, rank in MIX})
    for rank in ranks:
        names = [name for name, *_, r in MIX if r == rank]
        ahead += sum(counts[name] for name in names)
        floor = ahead / RATE / 60
        for name in names:
            went = by_class.get(name, [])
            if not went:
                print(f"| {name} | {counts[name]:,} | none sent | {floor:.1f} | - |")
                continue
            latest = max(went) / 60
            print(
                f"| {name} | {counts[name]:,} | {latest:.1f} | {floor:.1f} | {latest / floor:.3f} |"
            )
    whole = max(sender.went.values()) / 60 if sender.went else 0.0
    spread = whole / (total / RATE / 60) if total else 0.0
    ok = spread <= 1.03
    print(
        f"| all | {total:,} | {whole:.1f} | {total / RATE / 60:.1f} | "
        f"{spread:.3f} ({'ok' if ok else 'OVER'} <= 1.03) |"
    )
    print(
        f"\nThe dispatcher fell behind 30/s (the sender waited for it) on {sender.starved:,} of "
        f"{len(sender.order):,} sends."
    )
    expired = Counter(str(error) for _, state, error in unsent if state == "dead")
    other = [(key, state) for key, state, _ in unsent if state != "dead"]
    print()
    print(
        f"sent {len(sender.went):,} + not sent {len(unsent):,} = {len(sender.went) + len(unsent):,}"
        f" of {total:,}; none dropped: {'yes' if len(sender.went) + len(unsent) == total else 'NO'}"
    )
    for reason, count in expired.items():
        print(f"  not sent, {reason}: {count:,}")
    if other:
        print(f"  still open: {len(other):,}")
    before = [
        ("2 hours before", "7 days before"),
        ("2 hours before", "1 day before"),
        ("meeting changes", "2 hours before"),
        ("1 day before", "publication copies"),
        ("publication copies", "7 days before"),
    ]
    print()
    for early, late in before:
        if early in last and late in first:
            fine = last[early] < first[late]
            ok = ok and fine
            print(f"every '{early}' went before the first '{late}': {'yes' if fine else 'NO'}")
    return ok and not other and len(sender.went) + len(unsent) == total


async def morning_live(args: argparse.Namespace, workdir: Path) -> bool:
    """A release at Telegram's limits through the real bot, while a member asks things."""
    live = await live_database(workdir, "morning-live.db", args.rows, args.live)
    try:
        late, idle, replies = await live_lateness(live, "morning", args.live, timedelta(0), asks=5)
    finally:
        await live.fake.stop()
        await live.db.dispose()
    print()
    print(
        f"Live: {args.live:,} reminders released at once through the bot and the fake at "
        f"Telegram's limits, {args.rows:,} pending; a member sends /help 5 times before and 5 "
        "times during the release (the floor holds 1,000 messages for 33 s: a reply waiting "
        "behind them would take that long)"
    )
    print()
    print("| figure | p50 ms | max ms | target |")
    print("|---|---|---|---|")
    print(
        f"| reminders' hand-over after due | {statistics.median(late) * 1000:.0f} | "
        f"{max(late) * 1000:.0f} | floor {args.live / RATE * 1000:.0f} ms (30/s) |"
    )
    print(
        f"| /help reply before it (bot idle) | {statistics.median(idle) * 1000:.0f} | "
        f"{max(idle) * 1000:.0f} | - |"
    )
    reply = statistics.median(replies)
    print(
        f"| /help reply during the release | {reply * 1000:.0f} | {max(replies) * 1000:.0f} | "
        f"p50 <= 1000 ms: {verdict(reply, 1.0)} |"
    )
    return reply <= 1.0 and len(late) == args.live


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="quorum-reminders-") as folder:
        workdir = Path(folder)
        if args.morning:
            ok = await morning(args, workdir)
            ok = await morning_live(args, workdir) and ok
            return 0 if ok else 1
        rows = await lateness(args, workdir)
        print("Lateness: due instant to hand-over to the sender (real clock)")
        print()
        print("| sender | pending | due | p50 ms | p99 ms | max ms | target: ratio |")
        print("|---|---|---|---|---|---|---|")
        for row in rows:
            print(row.line())
        print()
        ok = await scale(args, workdir)
        return 0 if ok and all(row.ok for row in rows) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=6_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--singles", type=int, default=10)
    parser.add_argument("--no-fake", action="store_true", help="skip the real bot and the fake")
    parser.add_argument("--morning", type=int, default=0, help="release this many at 08:00")
    parser.add_argument("--live", type=int, default=1000, help="--morning: live release size")
    sys.exit(asyncio.run(main(parser.parse_args())))
