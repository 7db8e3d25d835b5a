"""The ``quorum`` command line: the Typer app, its command groups registered from their own
modules, and the commands that run the bot (``run``, ``demo``)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from enum import StrEnum
from typing import Annotated, TypeVar

import typer
from telegram.error import InvalidToken, NetworkError

from cli import common
from cli.attendance import attendance_app
from cli.backup import backup
from cli.boards import board_app
from cli.calendar import calendar_app
from cli.db import db_app
from cli.demo import run_demo
from cli.export import export_app
from cli.imports import import_command
from cli.items import item_app
from cli.meeting import meeting_app
from cli.members import clerk_app, invite, member_app
from cli.outbox import outbox_app
from cli.sources import source_app
from core.clock import SystemClock
from core.errors import QuorumError
from runner.process import run_process

T = TypeVar("T")


class DemoRole(StrEnum):
    MEMBER = "member"
    CLERK = "clerk"


app = typer.Typer(
    name="quorum",
    help="Quorum: a Telegram assistant for governance boards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(member_app, name="member")
app.add_typer(clerk_app, name="clerk")
app.add_typer(outbox_app, name="outbox")
app.add_typer(board_app, name="board")
app.add_typer(calendar_app, name="calendar")
app.add_typer(meeting_app, name="meeting")
app.add_typer(item_app, name="item")
app.add_typer(attendance_app, name="attendance")
app.add_typer(export_app, name="export")
app.add_typer(source_app, name="source")
app.command("import")(import_command)
app.command("invite")(invite)
app.command("backup")(backup)

NO_TOKEN = (
    "No Telegram bot token: set QUORUM_TELEGRAM_TOKEN.\n"
    "Get one from @BotFather in Telegram (send /newbot, pick a name, copy the token),\n"
    "or try Quorum offline first with: quorum demo"
)


@app.command()
def run(
    webhook: Annotated[
        str | None,
        typer.Option(
            help="Take updates by webhook at this public https address (a reverse proxy in "
            "front of QUORUM_HTTP_HOST:PORT); Telegram then posts to "
            "URL/telegram/<QUORUM_WEBHOOK_PATH>. Without it: long polling.",
            metavar="URL",
        ),
    ] = None,
) -> None:
    """Run the bot until SIGTERM: Telegram updates by long polling (or --webhook), the outbox
    dispatcher, and the HTTP server (calendar feeds, /healthz, /metrics) on
    QUORUM_HTTP_HOST:QUORUM_HTTP_PORT. On PostgreSQL, run as many as you like."""
    settings = common.load()
    if settings.telegram_token is None:
        common.fail(NO_TOKEN, 2)
    common.configure_logs(settings=settings)
    try:
        asyncio.run(
            run_process(
                settings,
                clock=SystemClock(),
                token=settings.telegram_token.get_secret_value(),
                webhook_url=webhook,
            )
        )
    except InvalidToken:
        common.fail("the Bot API rejected QUORUM_TELEGRAM_TOKEN; check it with @BotFather.", 2)
    except NetworkError as exc:
        common.fail(f"cannot reach the Bot API at {settings.telegram_api_url}: {exc}", 1)
    except QuorumError as exc:
        common.fail(str(exc), 1)


@app.command()
def demo(
    say: Annotated[
        list[str] | None,
        typer.Option("--say", help="Send this message, print the replies; repeatable. No prompt."),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(help="Start the demo clock at this ISO time (default: a week before)."),
    ] = None,
    as_role: Annotated[
        DemoRole,
        typer.Option(
            "--as",
            help="Who you play: the board's chair (member), or its clerk, who sends the pack"
            " in chat, imports and publishes it.",
        ),
    ] = DemoRole.MEMBER,
) -> None:
    """Talk to Quorum offline: a sample pack, a local Bot API fake, the real bot."""
    start: datetime | None = None
    if now is not None:
        try:
            start = datetime.fromisoformat(now)
        except ValueError:
            common.fail(f"--now {now!r} is not an ISO date-time (e.g. 2023-10-03T09:00+01:00).", 2)
    settings = common.load()
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=settings.zone)
    common.configure_logs(logging.WARNING)
    try:
        common.run_async(
            run_demo(
                settings=settings,
                now=start,
                say=say or [],
                zone=settings.zone,
                as_clerk=as_role is DemoRole.CLERK,
            )
        )
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


def main() -> None:
    app()
