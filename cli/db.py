"""``quorum db``: database maintenance."""

from __future__ import annotations

import typer

from cli import common

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations up to the latest."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings):
            pass  # opening it upgrades it

    common.run_async(work())
    typer.echo("Database is up to date.")
