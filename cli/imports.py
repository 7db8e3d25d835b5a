"""``quorum import FILE``: read an agenda pack and store it, or print it as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from calendars.zones import format_when
from cli import common
from core.clock import SystemClock
from packs import read_file_async
from services.imports import import_pack
from services.views import ImportSummary


def import_report(summary: ImportSummary, name: str) -> list[str]:
    """What an import did, for the clerk: counts, then changes, then the reader's doubts."""
    verb = "Imported" if summary.meeting_created else "Updated"
    lines = [
        f"{verb} {name} into {summary.board_name}",
        f"  meeting:   {format_when(summary.starts_at_utc, summary.zone)}",
        f"  place:     {summary.location or 'not given'}",
        f"  items:     {summary.items}",
        f"  members:   {summary.members}",
        f"  actions:   {summary.actions}",
        f"  decisions: {summary.decisions}",
    ]
    changes = summary.changes
    if not summary.meeting_created:
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
    if summary.warnings:
        lines.append("  warnings:")
        lines += [f"    {warning}" for warning in summary.warnings]
    return lines


def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="The agenda pack: PDF (with a text layer), HTML, markdown or plain text."
        ),
    ],
    board: Annotated[
        str | None, typer.Option(help="The board's name; defaults to the name in the pack.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was read as JSON and store nothing.")
    ] = False,
) -> None:
    """Read an agenda pack and store it (or, with --json, just print it)."""
    settings = common.load()

    async def work() -> None:
        pack = await read_file_async(file, zone=settings.zone)
        if as_json:
            typer.echo(json.dumps(pack.to_json(), indent=2, ensure_ascii=False))
            return
        async with common.database(settings) as db:
            summary = await import_pack(
                db,
                pack=pack,
                board_name=board,
                timezone=settings.timezone,
                now=SystemClock().now(),
            )
        for line in import_report(summary, file.name):
            typer.echo(line)

    common.run_async(work())
