"""``quorum source``: a board's sync sources (its council's Modern.Gov site): add one, list the
site's committees to choose from, list and remove sources, sync now, set how often they sync.

The running bot syncs each source when it falls due (every 30 minutes by default); notices a
sync queues here are sent by the running bot. Registered in :mod:`cli.app`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from cli import common
from core.clock import Clock, SystemClock
from core.settings import Settings
from notify.dispatcher import SWEEP_SECONDS
from runner.syncing import queued_anything, source_opener
from services import sources as source_service
from services import sync as sync_service
from services.boards import reading_conventions
from services.sources import MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, SourceView
from services.sync import SyncReport
from sources.base import SourceFailure
from sources.model import RemoteCommittee
from sources.registry import KINDS, MODERNGOV, normalise_base_url
from storage.engine import Database

# The commands' clock (tests put a fixed one here).
clock: Clock = SystemClock()

source_app = typer.Typer(
    help="Sync sources: a board's meetings, items and papers from its council's Modern.Gov site.",
    no_args_is_help=True,
)

SourceId = Annotated[int, typer.Argument(help="The source's ID (see `quorum source list`).")]
BoardOption = Annotated[str | None, typer.Option("--board", help="Only this board's sources.")]
SourceOption = Annotated[int | None, typer.Option("--source", help="Only this source (its ID).")]
WHEN_FORMAT = "%Y-%m-%d %H:%M"


def _checked_base_url(text: str) -> str:
    try:
        return normalise_base_url(MODERNGOV, text)
    except ValueError as exc:
        common.fail(str(exc), 2)


def interval(minutes: int) -> str:
    """``30 minutes``, ``1 hour``, ``2 hours``."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def every(minutes: int) -> str:
    """``every 30 minutes``, ``every hour``, ``every 2 hours``."""
    text = interval(minutes)
    return "every hour" if text == "1 hour" else f"every {text}"


def _meetings(count: int) -> str:
    return f"{count} meeting{'' if count == 1 else 's'}"


def _site(source: SourceView) -> str:
    return f"{KINDS.get(source.kind, source.kind)} {source.base_url}"


def _committee(source: SourceView) -> str:
    if source.committee_title:
        return f"{source.committee_id} ({source.committee_title})"
    return source.committee_id


def _failure(exc: SourceFailure, base_url: str) -> str:
    return f"cannot read {base_url}: {exc.reason}\n{exc.advice}"


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(zone).strftime(WHEN_FORMAT)


async def _zones(
    db: Database, sources: list[SourceView], fallback: ZoneInfo
) -> dict[str, ZoneInfo]:
    """Each board's zone (times are shown as the board reads them)."""
    zones: dict[str, ZoneInfo] = {}
    for source in sources:
        if source.board_name not in zones:
            conventions = await reading_conventions(db, name=source.board_name)
            zones[source.board_name] = (
                fallback if conventions is None else ZoneInfo(conventions.timezone)
            )
    return zones


@source_app.command("add")
def source_add(
    board: Annotated[str, typer.Option(help="The board's name.")],
    modgov: Annotated[
        str,
        typer.Option(
            "--modgov",
            help="The Modern.Gov site's root, e.g. https://democracy.example.gov.uk or "
            "https://www.example.gov.uk/moderngov.",
            metavar="BASE_URL",
        ),
    ],
    committee: Annotated[
        str,
        typer.Option(
            help="The committee's ID on that site (see `quorum source committees BASE_URL`).",
            metavar="ID",
        ),
    ],
) -> None:
    """Sync a board from a committee on its council's Modern.Gov site."""

    base_url = _checked_base_url(modgov)
    committee_id = committee.strip()
    if not committee_id:
        common.fail("--committee: give the committee's ID (see `quorum source committees`).", 2)
    settings = common.load()

    async def work() -> SourceView:
        async with common.database(settings) as db:
            return await source_service.add_source(
                db,
                board_name=board,
                kind=MODERNGOV,
                base_url=base_url,
                committee_id=committee_id,
                viewer=None,
                now=clock.now(),
            )

    source = common.run_async(work())
    typer.echo(
        f"Added source {source.id} to {source.board_name}: {_site(source)}, committee "
        f"{_committee(source)}, synced {every(source.interval_minutes)}.\n"
        f'Run `quorum source sync --board "{source.board_name}"` to sync it now; otherwise the '
        f"running bot syncs it within {int(SWEEP_SECONDS)} seconds."
    )


@source_app.command("committees")
def source_committees(
    base_url: Annotated[
        str,
        typer.Argument(
            help="The Modern.Gov site's root, e.g. https://democracy.example.gov.uk.",
            metavar="BASE_URL",
        ),
    ],
    words: Annotated[
        list[str] | None,
        typer.Argument(help="Only committees whose titles have all these words, e.g. health."),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Deleted and expired committees too.")
    ] = False,
) -> None:
    """List the site's current committees ("ID  TITLE"), to choose one for `quorum source add`."""

    base = _checked_base_url(base_url)
    settings = common.load()
    opener = source_opener(settings)

    async def everything() -> list[RemoteCommittee]:
        source = opener(MODERNGOV, base)
        try:
            listed = await source.committees()
        finally:
            await source.aclose()
        return sorted(listed, key=lambda c: (c.title.casefold(), c.id))

    async def work() -> list[RemoteCommittee]:
        if show_all:
            return await everything()
        return await sync_service.committees(MODERNGOV, base, opener=opener)

    try:
        found = common.run_async(work())
    except SourceFailure as exc:
        common.fail(_failure(exc, base))
    wanted = [word.casefold() for word in words or ()]
    found = [c for c in found if all(word in c.title.casefold() for word in wanted)]
    if not found:
        kind = "" if show_all else "current "
        matching = f" with {' '.join(words or ())!r} in the title" if wanted else ""
        typer.echo(f"{base} lists no {kind}committees{matching}.")
        return
    width = max(len(c.id) for c in found)
    for listed in found:
        note = "" if listed.current else "  (deleted or expired)"
        typer.echo(f"{listed.id:<{width}}  {listed.title}{note}")


@source_app.command("list")
def source_list(board: BoardOption = None) -> None:
    """Sources with their IDs, how often they sync, when they last did, and how it went."""

    settings = common.load()

    async def work() -> tuple[list[SourceView], dict[str, ZoneInfo]]:
        async with common.database(settings) as db:
            found = await source_service.list_sources(db, board_name=board, viewer=None)
            return found, await _zones(db, found, settings.zone)

    found, zones = common.run_async(work())
    if not found:
        where = f"{board} has" if board else "There are"
        typer.echo(f"{where} no sources. Add one with `quorum source add`.")
        return
    header = ("ID", "BOARD", "KIND", "SITE", "COMMITTEE", "EVERY", "LAST SYNCED", "STATUS")
    rows = [header]
    advice: dict[int, list[str]] = {}
    for source in found:
        zone = zones[source.board_name]
        if source.failure is not None:
            since = _local(source.failing_since_utc, zone)
            reason, *rest = source.failure.strip().splitlines() or [""]
            status = f"failing since {since}: {reason}"
            advice[len(rows)] = [line.strip() for line in rest if line.strip()]
        elif source.last_success_at_utc is None:
            status = "not synced yet"
        else:
            status = f"ok, {_meetings(source.meetings)}"
            if source.last_result:
                status += f"; last sync: {source.last_result}"
        rows.append(
            (
                str(source.id),
                source.board_name,
                KINDS.get(source.kind, source.kind),
                source.base_url,
                _committee(source),
                interval(source.interval_minutes),
                _local(source.last_success_at_utc, zone),
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[-1]]).rstrip())
        for line in advice.get(index, []):
            typer.echo(f"    {line}")


@source_app.command("remove")
def source_remove(source_id: SourceId) -> None:
    """Stop syncing a source. The meetings it brought stay (no longer synced)."""

    settings = common.load()

    async def work() -> SourceView:
        async with common.database(settings) as db:
            return await source_service.remove_source(db, source_id=source_id, viewer=None)

    source = common.run_async(work())
    typer.echo(
        f"Removed source {source.id} from {source.board_name}: {_site(source)}, committee "
        f"{_committee(source)}. Its {_meetings(source.meetings)} stay, no longer synced."
    )


def _print_report(report: SyncReport) -> None:
    line = f"Source {report.source_id} ({report.board_name}): {report.summary}"
    if report.ok:
        typer.echo(line)
        return
    typer.echo(f"quorum: {line}", err=True)
    if report.advice and report.advice not in report.summary:
        typer.echo(report.advice, err=True)


async def _sync(settings: Settings, board: str | None, source_id: int | None) -> list[SyncReport]:
    opener = source_opener(settings)
    async with common.database(settings) as db:
        if source_id is not None:
            ids = [source_id]
        else:
            listed = await source_service.list_sources(db, board_name=board, viewer=None)
            ids = [source.id for source in listed]
        reports = []
        for each in ids:
            report = await sync_service.sync_source(
                db, source_id=each, now=clock.now(), opener=opener
            )
            _print_report(report)
            reports.append(report)
        return reports


@source_app.command("sync")
def source_sync(board: BoardOption = None, source: SourceOption = None) -> None:
    """Sync now: one source, a board's sources, or all of them. Exit 1 if any failed."""

    if board is not None and source is not None:
        common.fail("give --board or --source, not both.", 2)
    settings = common.load()
    # The report below says what failed; the service's own log lines would repeat it.
    common.configure_logs(logging.ERROR, settings=settings)
    reports = common.run_async(_sync(settings, board, source))
    if not reports:
        where = f"{board} has" if board else "There are"
        typer.echo(f"{where} no sources to sync. Add one with `quorum source add`.")
        return
    if any(queued_anything(report) and report.ok for report in reports):
        typer.echo(
            f"Any notices are sent by the running bot (within {int(SWEEP_SECONDS)} seconds)."
        )
    if not all(report.ok for report in reports):
        raise typer.Exit(1)


@source_app.command("sync-interval")
def source_sync_interval(
    minutes: Annotated[
        int,
        typer.Argument(
            min=MIN_INTERVAL_MINUTES,
            max=MAX_INTERVAL_MINUTES,
            help=f"Minutes between syncs ({MIN_INTERVAL_MINUTES} to {MAX_INTERVAL_MINUTES}).",
        ),
    ],
    board: BoardOption = None,
    source: SourceOption = None,
) -> None:
    """Set how often sources sync: one (--source), a board's (--board), or all of them."""

    settings = common.load()

    async def work() -> tuple[list[SourceView], dict[str, ZoneInfo]]:
        async with common.database(settings) as db:
            changed = await source_service.set_sync_interval(
                db,
                minutes=minutes,
                board_name=board,
                source_id=source,
                viewer=None,
                now=clock.now(),
            )
            return changed, await _zones(db, changed, settings.zone)

    changed, zones = common.run_async(work())
    if not changed:
        typer.echo("No sources to change. Add one with `quorum source add`.")
        return
    for view in changed:
        typer.echo(
            f"Source {view.id} ({view.board_name}): synced {every(view.interval_minutes)}; next "
            f"sync {_local(view.next_sync_at_utc, zones[view.board_name])}."
        )
