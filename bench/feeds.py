"""Calendar feeds on a big board: rendering, full GETs and conditional GETs, against their limits.

    python bench/feeds.py [--meetings 1000] [--items 10] [--runs 50] [--fast-runs 1000]

Builds a SQLite database at the current schema with one board of --meetings meetings (weekly,
Tuesday 2pm in Europe/London, across the clock changes) of --items agenda items each (every
fourth meeting has an exempt item), a member with a calendar token and 20 open actions with due
dates. Starts the real Starlette application under uvicorn on 127.0.0.1 (a free port) and
measures, --runs times each (after 3 untimed warm-ups):

* render: the service call that renders the board's feed, both caches cleared first (the
  rendered bodies and the ICS builder's VEVENTs): the cost of a feed that changed;
* GET cold: a full HTTP GET of the board's and of the personal feed, caches cleared first;
* GET 1 changed: a full HTTP GET of the board's feed after a write changed one of its meetings
  (another one each run): the common case of a feed that changed, where only that meeting's
  VEVENT is read and written again;
* GET cached: a full HTTP GET of an unchanged feed (a client without validators);
* 304: a conditional GET (If-None-Match) of an unchanged feed, client-observed.

HTTP times are observed by an aiohttp client on the same event loop, over a kept-alive
connection. Prints p50/p99 and their ratio to the limit (render and full GETs < 200 ms,
304 < 5 ms), and the load average before and after. Exits 0 when every p99 is within its
limit.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from sqlmodel import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calendars.ics import clear_feed_cache  # noqa: E402
from calendars.zones import local_to_utc  # noqa: E402
from core.roles import Role  # noqa: E402
from core.settings import load_settings  # noqa: E402
from packs.model import Member  # noqa: E402
from services import calendar_feeds  # noqa: E402
from services.imports import import_pack  # noqa: E402
from storage.engine import Database  # noqa: E402
from storage.models import Action, AgendaItem, Meeting, Person  # noqa: E402
from tests.auxil.packs import make_pack  # noqa: E402
from web.app import create_web_app  # noqa: E402
from web.server import WebServer  # noqa: E402

LONDON = ZoneInfo("Europe/London")
BOARD = "Benchshire Health and Wellbeing Board"
SLUG = "benchshire-health-and-wellbeing-board"
MEMBER = "Diane Ellison"
DOMAIN = "quorum.bench"
RENDER_LIMIT_MS = 200.0
NOT_MODIFIED_LIMIT_MS = 5.0
WARMUP = 3
ACTIONS = 20
FIRST_DAY = date(2015, 1, 6)  # a Tuesday
NOW = datetime(2024, 6, 1, 9, tzinfo=UTC)
TITLES = (
    "Welcome, introductions and apologies for absence",
    "Declarations of interest",
    "Minutes of the previous meeting and matters arising",
    "Better Care Fund quarterly return and section 75 agreement",
    "Joint Strategic Needs Assessment: children and young people chapter",
    "Pharmaceutical Needs Assessment: consultation response",
    "Integrated Care Board five-year joint forward plan refresh",
    "Mental health waiting times: report of the task and finish group",
    "Health protection assurance annual report",
    "Forward plan and any other business",
)
PRESENTERS = ("Katherine Willison", "Mike Sandys", "Dawn Godfrey", None)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    limit_ms: float
    seconds: list[float]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p99 of 50 samples is the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def build(db: Database, *, meetings: int, items: int) -> str:
    """The board, its meetings and items, a member with a token and actions. Returns the token."""
    first = datetime.combine(FIRST_DAY, clock_time(14), LONDON)
    await import_pack(
        db,
        pack=make_pack(body=BOARD, start=first, members=[Member(name=MEMBER, role=Role.CHAIR)]),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    async with db.write() as session:
        board_meeting = await session.get(Meeting, 1)
        assert board_meeting is not None
        board_id = board_meeting.board_id
        rows = [
            Meeting(
                board_id=board_id,
                starts_at_utc=local_to_utc(
                    FIRST_DAY + timedelta(weeks=week), clock_time(14), LONDON
                ),
                location="Council Chamber, County Hall, Oakham",
                remote_link="https://example.zoom.us/j/123456789",
                created_at_utc=NOW,
                updated_at_utc=NOW,
            )
            for week in range(1, meetings)
        ]
        session.add_all(rows)
        await session.flush()
        session.add_all(
            AgendaItem(
                meeting_id=meeting.id or 0,
                position=position,
                number=str(position),
                title=TITLES[(position - 1) % len(TITLES)],
                presenter=PRESENTERS[position % len(PRESENTERS)],
                exempt=position == 7 and week % 4 == 0,
            )
            for week, meeting in enumerate(rows, start=1)
            for position in range(1, items + 1)
        )
        diane = (await session.exec(select(Person).where(Person.full_name == MEMBER))).one()
        assert diane.id is not None
        session.add_all(
            Action(
                board_id=board_id,
                description=f"Report back on item {n} with the figures for the quarter",
                owner_id=diane.id,
                owner_name=MEMBER,
                due_on=date(2024, 6, 1) + timedelta(days=7 * n),
                created_at_utc=NOW,
                updated_at_utc=NOW,
            )
            for n in range(ACTIONS)
        )
        person_id = diane.id
    return await calendar_feeds.calendar_token(db, person_id)


def clear_caches() -> None:
    calendar_feeds.clear_rendered_feeds()
    clear_feed_cache()


async def touch_meeting(db: Database, run: int, meetings: int) -> None:
    """A write that changes one meeting of the board (another each run), as an edit does: its
    ``updated_at_utc`` moves on, so the feed's ETag changes."""
    async with db.write() as session:
        meeting = await session.get(Meeting, 1 + run % meetings)
        assert meeting is not None
        meeting.location = f"Committee Room {run}"
        meeting.updated_at_utc = NOW + timedelta(minutes=run + 1)
        session.add(meeting)


async def timed(
    runs: int,
    work: Callable[[], Awaitable[object]],
    before: Callable[[], None] | None = None,
    change: Callable[[int], Awaitable[None]] | None = None,
) -> list[float]:
    """``work``'s duration, ``runs`` times after the warm-ups; ``before`` and ``change`` (given
    the run's number) run untimed before each."""
    seconds = []
    # The previous series' garbage (megabytes of feeds) is collected before this one starts,
    # not in the middle of it.
    gc.collect()
    for run in range(WARMUP + runs):
        if before is not None:
            before()
        if change is not None:
            await change(run)
        started = time.perf_counter()
        await work()
        if run >= WARMUP:
            seconds.append(time.perf_counter() - started)
    return seconds


async def measure(args: argparse.Namespace, db: Database, token: str) -> list[Row]:
    settings = load_settings(database_url=db.url, calendar_domain=DOMAIN, http_port=0)
    server = WebServer(create_web_app(db=db, settings=settings), host="127.0.0.1", port=0)
    await server.start()
    board_path = calendar_feeds.board_feed_path(SLUG)
    personal_path = calendar_feeds.personal_feed_path(token)
    try:
        async with aiohttp.ClientSession(base_url=server.base_url) as client:

            async def get(path: str, expect: int = 200, **headers: str) -> bytes:
                async with client.get(path, headers=headers) as response:
                    body = await response.read()
                    if response.status != expect:
                        raise AssertionError(f"{path}: {response.status}, expected {expect}")
                    return body

            async def render() -> None:
                feed = await calendar_feeds.board_feed(db, SLUG, domain=DOMAIN)
                assert feed is not None

            etags = {}
            for path in (board_path, personal_path):
                async with client.get(path) as response:
                    await response.read()
                    etags[path] = response.headers["ETag"]
            runs = args.runs
            return [
                Row(
                    "render board feed (cold)",
                    RENDER_LIMIT_MS,
                    await timed(runs, render, clear_caches),
                ),
                Row(
                    "GET board feed (cold)",
                    RENDER_LIMIT_MS,
                    await timed(runs, lambda: get(board_path), clear_caches),
                ),
                Row(
                    "GET personal feed (cold)",
                    RENDER_LIMIT_MS,
                    await timed(runs, lambda: get(personal_path), clear_caches),
                ),
                Row(
                    "GET board feed (cached)",
                    RENDER_LIMIT_MS,
                    await timed(runs, lambda: get(board_path)),
                ),
                Row(
                    "GET personal feed (cached)",
                    RENDER_LIMIT_MS,
                    await timed(runs, lambda: get(personal_path)),
                ),
                Row(
                    "304 board feed",
                    NOT_MODIFIED_LIMIT_MS,
                    await timed(
                        args.fast_runs,
                        lambda: get(board_path, 304, **{"If-None-Match": etags[board_path]}),
                    ),
                ),
                Row(
                    "304 personal feed",
                    NOT_MODIFIED_LIMIT_MS,
                    await timed(
                        args.fast_runs,
                        lambda: get(personal_path, 304, **{"If-None-Match": etags[personal_path]}),
                    ),
                ),
                # Last: it changes the board, so the ETags above no longer hold.
                Row(
                    "GET board feed (1 changed)",
                    RENDER_LIMIT_MS,
                    await timed(
                        runs,
                        lambda: get(board_path),
                        change=lambda run: touch_meeting(db, run, args.meetings),
                    ),
                ),
            ]
    finally:
        await server.stop()


def report(rows: Sequence[Row], sizes: dict[str, int], loads: tuple[str, str]) -> bool:
    print()
    print(f"{'measure':28} {'p50 ms':>8} {'p99 ms':>8} {'limit ms':>9} {'p99/limit':>10}  verdict")
    passed = True
    for row in rows:
        p50 = percentile(row.seconds, 50) * 1000
        p99 = percentile(row.seconds, 99) * 1000
        ok = p99 <= row.limit_ms
        passed &= ok
        print(
            f"{row.label:28} {p50:8.2f} {p99:8.2f} {row.limit_ms:9.0f} {p99 / row.limit_ms:10.2f}"
            f"  {'PASS' if ok else 'FAIL'}"
        )
    print()
    print("feed sizes: " + ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in sizes.items()))
    print(f"load average before/after: {loads[0]} / {loads[1]} on {os.cpu_count()} CPUs")
    print("every p99 within its limit" if passed else "NOT every p99 within its limit")
    return passed


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="quorum-feeds-") as folder:
        return await run(args, Path(folder))


async def run(args: argparse.Namespace, workdir: Path) -> int:
    """Build the feed's database in ``workdir``, measure, report; 0 if every p99 is in limit."""
    db = Database(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")
    try:
        await db.upgrade()
        started = time.perf_counter()
        token = await build(db, meetings=args.meetings, items=args.items)
        print(
            f"built 1 board x {args.meetings:,} meetings x {args.items} items, a member with "
            f"{ACTIONS} actions, in {time.perf_counter() - started:.1f} s; {args.runs} runs each"
        )
        board = await calendar_feeds.board_feed(db, SLUG, domain=DOMAIN)
        mine = await calendar_feeds.personal_feed(db, token, domain=DOMAIN)
        assert board is not None and mine is not None
        # As the bot does once it is up (bot.app.prepare): the long-lived heap leaves the
        # cyclic collector's full passes.
        gc.collect()
        gc.freeze()
        load_before = _load()
        rows = await measure(args, db, token)
        sizes = {"board": len(board.body), "personal": len(mine.body)}
        return 0 if report(rows, sizes, (load_before, _load())) else 1
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--fast-runs",
        type=int,
        default=1000,
        help="runs of the 304s (cheap: enough for a p99 that is not just the slowest one)",
    )
    sys.exit(asyncio.run(main(parser.parse_args())))
