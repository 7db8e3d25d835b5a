"""``quorum export``: a board's records for the people who keep them outside Quorum.

``quorum export actions --board NAME`` prints every action of the board as CSV (UTF-8) for the
minutes secretary. Registered in :mod:`cli.app`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli import common
from services.actions.reports import actions_csv

export_app = typer.Typer(help="Export a board's records (actions as CSV).", no_args_is_help=True)


class ExportFormat(StrEnum):
    CSV = "csv"


@export_app.command("actions")
def export_actions(
    board: Annotated[str, typer.Option(help="The board's name.")],
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="The output format.")
    ] = ExportFormat.CSV,
) -> None:
    """Every action of the board, all statuses, one row each; dates in the board's zone."""

    settings = common.load()

    async def work() -> str:
        async with common.database(settings) as db:
            return await actions_csv(db, board_name=board)

    text = common.run_async(work())
    # Bytes, so the file is UTF-8 whatever the terminal's encoding.
    typer.echo(text.encode("utf-8"), nl=False)
