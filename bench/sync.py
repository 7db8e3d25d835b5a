"""Syncing a board from a Modern.Gov site: the first sync, an unchanged one, a changed one.

    python bench/sync.py [--meetings 50] [--items 15] [--papers 6] [--attendees 12] [--runs 5]

Serves a committee of --meetings meetings (fortnightly, across two years and the clock changes,
each with --items items, --papers papers and --attendees attendees, every fifth item restricted)
from the local Modern.Gov fake (tests/auxil/moderngov.py) on 127.0.0.1, and syncs it into a fresh
SQLite board through the real client and services, --runs times each:

* first: an empty board takes the whole committee (every answer fetched in full);
* unchanged: the same data again (conditional GETs answered 304; nothing written);
* changed: one meeting moved and one paper added on the site since the last sync.

Prints p50 / max seconds of each, the requests made and how many were answered 304, and the
split between reading the site and storing (apply_snapshot). The clock is fixed (15 January
2024, 10:00 UTC): the figures never depend on the day the bench runs. There is no limit in the
issue for these; the figures are for the closing note and for regressions.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services import sources, sync  # noqa: E402
from services.boards import create_board  # noqa: E402
from sources.base import Source  # noqa: E402
from sources.model import Cached, RemoteCommittee, Snapshot  # noqa: E402
from sources.registry import MODERNGOV, SourceOpener, SourceOptions, opener  # noqa: E402
from storage.engine import Database  # noqa: E402
from tests.auxil.moderngov import (  # noqa: E402
    FakeAttendee,
    FakeCommittee,
    FakeDoc,
    FakeItem,
    FakeMeeting,
    FakeModernGov,
    FakeSite,
)

NOW = datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
BOARD = "Benchshire Health and Wellbeing Board"
COMMITTEE = "501"
ROLES = ("Chair", "Vice-Chair", "Committee Member", "Substitute")


def build_site(meetings: int, items: int, papers: int, attendees: int) -> FakeSite:
    first = NOW.date() - timedelta(days=14 * (meetings // 2))
    people = [
        FakeAttendee(str(900 + n), f"Councillor Member{n} Surname{n}", ROLES[min(n, 3)])
        for n in range(attendees)
    ]
    rows = []
    for m in range(meetings):
        day = first + timedelta(days=14 * m)
        meeting_id = str(10_000 + m)
        agenda = [
            FakeItem(
                f"{meeting_id}{n:03d}",
                n + 1,
                f"{n + 1}.",
                f"Report number {n + 1} on the matter of item {n + 1}",
                text=f"<p>To consider the report on item {n + 1}.</p>",
                label1="Presented By",
                comment1=f"Officer {n}",
                restricted=n % 5 == 4,
            )
            for n in range(items)
        ]
        docs = [
            FakeDoc(
                f"{meeting_id}9{n:02d}",
                f"Paper {n + 1}",
                item_id=agenda[n % items].id,
                restricted=agenda[n % items].restricted,
                published=day - timedelta(days=7),
            )
            for n in range(papers)
        ]
        rows.append(
            FakeMeeting(
                meeting_id,
                day,
                "2.00 pm",
                location="Council Chamber, County Hall",
                agenda_published=day <= NOW.date() + timedelta(days=7),
                items=agenda,
                docs=docs,
                attendees=list(people),
            )
        )
    return FakeSite([FakeCommittee(COMMITTEE, BOARD, meetings=rows)])


@dataclass
class Run:
    seconds: float
    fetch: float
    store: float
    requests: int
    not_modified: int


class _Timed:
    """A source that adds the time its snapshots take to ``spent`` (reading the site)."""

    def __init__(self, inner: Source, spent: list[float]) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.base_url = inner.base_url
        self.spent = spent

    async def committees(self) -> list[RemoteCommittee]:
        return await self.inner.committees()

    async def snapshot(
        self, committee_id: str, *, first_day: date, last_day: date, cache: Mapping[str, Cached]
    ) -> Snapshot:
        began = time.perf_counter()
        try:
            return await self.inner.snapshot(
                committee_id, first_day=first_day, last_day=last_day, cache=cache
            )
        finally:
            self.spent.append(time.perf_counter() - began)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _sync_once(db: Database, source_id: int, fake: FakeModernGov, open_: SourceOpener) -> Run:
    """One sync, timed as a whole and split into reading the site and storing it."""
    before = len(fake.requests)
    spent: list[float] = []

    def timed_opener(kind: str, base_url: str) -> Source:
        return _Timed(open_(kind, base_url), spent)

    began = time.perf_counter()
    report = await sync.sync_source(db, source_id=source_id, now=NOW, opener=timed_opener)
    seconds = time.perf_counter() - began
    if not report.ok:
        raise SystemExit(f"sync failed: {report.failure}")
    made = fake.requests[before:]
    return Run(
        seconds=seconds,
        fetch=sum(spent),
        store=seconds - sum(spent),
        requests=len(made),
        not_modified=sum(1 for r in made if r.status == 304),
    )


async def _round(site_args: tuple[int, int, int, int]) -> dict[str, Run]:
    site = build_site(*site_args)
    open_ = opener(SourceOptions(timeout=30.0, attempts=1, backoff=0.01, allow_private=True))
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await db.upgrade()
        try:
            await create_board(db, name=BOARD, timezone="Europe/London")
            async with FakeModernGov(site) as fake:
                view = await sources.add_source(
                    db,
                    board_name=BOARD,
                    kind=MODERNGOV,
                    base_url=fake.base_url,
                    committee_id=COMMITTEE,
                    viewer=None,
                    now=NOW,
                )
                runs = {"first": await _sync_once(db, view.id, fake, open_)}
                runs["unchanged"] = await _sync_once(db, view.id, fake, open_)
                committee = site.committees[0]
                ahead = [m for m in committee.meetings if m.day > NOW.date()]
                ahead[0].day += timedelta(days=1)
                ahead[1].docs.append(FakeDoc("late1", "A late paper", item_id=ahead[1].items[0].id))
                runs["changed"] = await _sync_once(db, view.id, fake, open_)
                return runs
        finally:
            await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=50)
    parser.add_argument("--items", type=int, default=15)
    parser.add_argument("--papers", type=int, default=6)
    parser.add_argument("--attendees", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    shape = (args.meetings, args.items, args.papers, args.attendees)
    rounds = [asyncio.run(_round(shape)) for _ in range(args.runs)]
    print(
        f"Sync of {args.meetings} meetings x {args.items} items, {args.papers} papers, "
        f"{args.attendees} attendees; {args.runs} runs (first window: 12 months back and ahead)"
    )
    print(
        f"{'sync':<10} {'p50 s':>8} {'max s':>8} {'fetch p50':>10} {'store p50':>10} "
        f"{'requests':>9} {'304s':>5}"
    )
    for name in ("first", "unchanged", "changed"):
        runs = [r[name] for r in rounds]
        print(
            f"{name:<10} {statistics.median(r.seconds for r in runs):8.3f} "
            f"{max(r.seconds for r in runs):8.3f} "
            f"{statistics.median(r.fetch for r in runs):10.3f} "
            f"{statistics.median(r.store for r in runs):10.3f} "
            f"{runs[0].requests:9d} {runs[0].not_modified:5d}"
        )


if __name__ == "__main__":
    main()
