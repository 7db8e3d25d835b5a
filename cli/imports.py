"""``quorum import FILE``: read a meeting document (an agenda, a pack, minutes) and store it, or
print it as JSON."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from calendars.zones import format_date, format_when, to_local
from cli import common
from core.clock import SystemClock
from core.settings import Settings
from packs import Pack, read_file_async
from services.boards import ReadingConventions, reading_conventions
from services.imports import import_pack
from services.views import ImportSummary
from storage.engine import Database

DATE_FORMAT = "%Y-%m-%d"

TIME_FORMAT = "%H:%M"
# New members named in a summary before "and N others".
NAMES_SHOWN = 8


def _asks() -> bool:
    """Whether the clerk is at a terminal to answer a question."""
    return sys.stdin.isatty()


def _meeting_line(summary: ImportSummary) -> str:
    if summary.time_stated:
        return f"  meeting:   {format_when(summary.starts_at_utc, summary.zone)}"
    day = to_local(summary.starts_at_utc, summary.zone).date()
    return f"  meeting:   {format_date(day)} (no time stated)"


def import_report(summary: ImportSummary, name: str) -> list[str]:
    """What an import did, for the clerk: counts, then changes, then the reader's doubts."""
    if summary.minutes:
        # Minutes are filed against their meeting, new or on record: never an "update" of it.
        heading = f"Imported the minutes {name} into {summary.board_name}"
    else:
        verb = "Imported" if summary.meeting_created else "Updated"
        heading = f"{verb} {name} into {summary.board_name}"
    lines = [heading, _meeting_line(summary)]
    if not summary.minutes:
        lines += [
            f"  place:     {summary.location or 'not given'}",
            f"  items:     {summary.items}",
            f"  members:   {summary.members}",
        ]
    if summary.called_off:
        lines.append("  status:    cancelled (the notice calls the meeting off)")
    if summary.present or summary.apologies:
        lines.append(
            f"  attended:  {summary.present} present, {summary.apologies} apologies"
            + ("" if summary.minutes else " (at the minuted meeting)")
        )
    lines += [f"  actions:   {summary.actions}", f"  decisions: {summary.decisions}"]
    changes = summary.changes
    if not summary.meeting_created and not summary.minutes:
        lines.append("  changes:   none" if changes.is_empty else "  changes:")
    if changes.moved_from_utc and changes.moved_to_utc:
        lines.append(
            f"    moved from {format_when(changes.moved_from_utc, summary.zone)}"
            f" to {format_when(changes.moved_to_utc, summary.zone)}"
        )
    if changes.re_placed:
        lines.append(f"    place: {changes.place_from or 'none'} -> {changes.place_to}")
    if changes.remote_link_changed:
        lines.append("    remote link changed")
    lines += [f"    item {c.number} added: {c.title}" for c in changes.items_added]
    lines += [f"    item {c.number} removed: {c.title}" for c in changes.items_removed]
    lines += [
        f"    item {c.number} retitled: {c.previous_title} -> {c.title}"
        for c in changes.items_retitled
    ]
    lines += [
        f"    item {c.number} details changed: {', '.join(c.fields)}" for c in changes.items_updated
    ]
    lines += _membership_lines(summary)
    if summary.warnings:
        lines.append("  warnings:")
        lines += [f"    {warning}" for warning in summary.warnings]
    return lines


def _names(names: list[str]) -> str:
    """The names, cut short after :data:`NAMES_SHOWN` (as the chat's preview is)."""
    shown = ", ".join(names[:NAMES_SHOWN])
    hidden = len(names) - NAMES_SHOWN
    return shown + (f" and {hidden} others" if hidden > 0 else "")


def _membership_lines(summary: ImportSummary) -> list[str]:
    """Who the pack's membership list added, no longer lists, and (when so asked) retired."""
    lines: list[str] = []
    if summary.members_new:
        count = len(summary.members_new)
        lines.append(
            f"  +{count} new member{'' if count == 1 else 's'}: {_names(summary.members_new)}"
        )
    if summary.members_retired:
        lines.append(
            f"  {len(summary.members_retired)} retired (no longer listed): "
            + ", ".join(summary.members_retired)
        )
    elif summary.members_not_listed:
        count = len(summary.members_not_listed)
        lines.append(
            f"  {count} member{' is' if count == 1 else 's'} no longer listed: "
            + ", ".join(summary.members_not_listed)
            + " — if they have left, import again with --retire-unlisted"
            + " (or /member remove NAME)"
        )
    return lines


def _zone(name: str | None) -> str | None:
    """``--timezone``, checked: a bad zone is a usage error (exit 2)."""
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        common.fail(f"--timezone: {name!r} is not a known time zone (e.g. Europe/London).", 2)
    return name


def _parsed_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text.strip(), DATE_FORMAT).date()
    except ValueError:
        common.fail(f'--date: "{text}" is not a date like "2024-03-04".', 2)


def _parsed_time(text: str | None) -> time | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text.strip(), TIME_FORMAT).time()
    except ValueError:
        common.fail(f'--time: "{text}" is not a 24-hour time like "18:30".', 2)


async def _read(
    file: Path, zone: str | None, board: ReadingConventions | None, settings: Settings
) -> Pack:
    """The document read in ``zone``, else the board's, else QUORUM_TIMEZONE; numeric dates in
    the board's order (else as is usual in that zone)."""
    name = zone or (board.timezone if board is not None else settings.timezone)
    day_first = board.day_first if board is not None else None
    return await read_file_async(file, zone=ZoneInfo(name), day_first=day_first)


async def _read_for_board(
    db: Database, file: Path, zone: str | None, board: str | None, settings: Settings
) -> Pack:
    """The document read with the conventions of the board it is for: ``--board``, else the
    board it names, when that board is on record (then it is read again if they differ)."""
    named = await reading_conventions(db, name=board) if board else None
    pack = await _read(file, zone, named, settings)
    if board is None and pack.body:
        found = await reading_conventions(db, name=pack.body)
        if found is not None and (
            found.day_first is not None or (zone is None and found.timezone != settings.timezone)
        ):
            pack = await _read(file, zone, found, settings)
    return pack


def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="The agenda, pack or minutes: PDF (with a text layer), HTML, markdown or text."
        ),
    ],
    board: Annotated[
        str | None, typer.Option(help="The board's name; defaults to the name in the document.")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="The zone the document's times are in (e.g. America/New_York); defaults to "
            "the board's, else QUORUM_TIMEZONE. A new board is created in it."
        ),
    ] = None,
    meeting_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The meeting's date (YYYY-MM-DD), when the document does not give it (or "
            "gives it wrongly); for minutes, the date of the meeting they record.",
        ),
    ] = None,
    meeting_time: Annotated[
        str | None,
        typer.Option(
            "--time", help="The meeting's start (24-hour HH:MM), when the document lacks it."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=(
                "Store it even if it would remove most of a meeting's agenda items, or the "
                "document names another body than --board."
            ),
        ),
    ] = False,
    new_board: Annotated[
        bool,
        typer.Option(
            "--new-board",
            help="Create the board if it is not on record (needed once other boards are).",
        ),
    ] = False,
    retire_unlisted: Annotated[
        bool,
        typer.Option(
            "--retire-unlisted",
            help="Retire the members the pack's membership list no longer names (only the "
            "board's latest pack does).",
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print what was read as JSON (times with their offset) and store nothing.",
        ),
    ] = False,
) -> None:
    """Read an agenda, pack or minutes and store it (or, with --json, just print it)."""
    settings = common.load()
    zone = _zone(timezone)
    day, at = _parsed_date(meeting_date), _parsed_time(meeting_time)

    async def work() -> None:
        if as_json and board is None:
            # No board to ask about: the database is not opened (or created).
            pack = await _read(file, zone, None, settings)
            typer.echo(json.dumps(pack.to_json(), indent=2, ensure_ascii=False))
            return
        async with common.database(settings) as db:
            pack = await _read_for_board(db, file, zone, board, settings)
            if as_json:
                typer.echo(json.dumps(pack.to_json(), indent=2, ensure_ascii=False))
                return

            async def store(retire: bool) -> ImportSummary:
                return await import_pack(
                    db,
                    pack=pack,
                    board_name=board,
                    timezone=zone or settings.timezone,
                    zone=zone,
                    now=SystemClock().now(),
                    meeting_date=day,
                    meeting_time=at,
                    force=force,
                    new_board=new_board,
                    retire_unlisted=retire,
                )

            summary = await store(retire_unlisted)
            for line in import_report(summary, file.name):
                typer.echo(line)
            if (
                summary.members_not_listed
                and not summary.members_retired
                and _asks()
                and typer.confirm("Have they left the board?", default=False)
            ):
                retired = await store(True)
                typer.echo(
                    f"Retired {len(retired.members_retired)}: " + ", ".join(retired.members_retired)
                )

    common.run_async(work())
