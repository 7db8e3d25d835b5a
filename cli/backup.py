"""``quorum backup FILE``: an online copy of the SQLite database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli import common
from storage.backup import BackupResult, backup_sqlite


def backup_report(result: BackupResult) -> str:
    """``Backed up quorum.db to /backups/q.db (1,234 KB, schema 0005, 3 meetings, 20 people)``."""
    kilobytes = max(1, round(result.size_bytes / 1024))
    details = [f"{kilobytes:,} KB", f"schema {result.schema_version or 'none'}"]
    for table, one, many in (
        ("board", "board", "boards"),
        ("meeting", "meeting", "meetings"),
        ("person", "person", "people"),
    ):
        if table in result.row_counts:
            count = result.row_counts[table]
            details.append(f"{count:,} {one if count == 1 else many}")
    return f"Backed up {result.source.name} to {result.target} ({', '.join(details)})"


def backup(
    file: Annotated[
        Path,
        typer.Argument(help="Where to write the copy, e.g. /var/backups/quorum-2024-01-31.db."),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Copy the SQLite database to FILE while the bot runs (PostgreSQL: use pg_dump)."""

    settings = common.load()
    result = common.run_async(backup_sqlite(settings.database_url, file, overwrite=force))
    typer.echo(backup_report(result))
