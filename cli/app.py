"""The ``quorum`` command line."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from telegram.error import InvalidToken, NetworkError

from calendars.zones import format_date, format_when, to_local
from cli import common
from cli.attendance import attendance_app
from cli.backup import backup
from cli.calendar import calendar_app, member_email
from cli.export import export_app
from cli.meeting import meeting_app
from cli.outbox import board_app, outbox_app
from core.clock import SystemClock
from core.errors import QuorumError
from core.settings import Settings, normalise_bot_username
from packs import read_file_async
from services.imports import import_pack
from services.invites import (
    IssuedInvite,
    add_clerk,
    create_invite,
    create_invites_for_unlinked,
    invite_link,
)
from services.people import link_telegram
from services.views import ImportSummary

T = TypeVar("T")

app = typer.Typer(
    name="quorum",
    help="Quorum: a Telegram assistant for governance boards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
member_app = typer.Typer(help="Board members and their Telegram accounts.", no_args_is_help=True)
clerk_app = typer.Typer(help="Board clerks.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(member_app, name="member")
app.add_typer(clerk_app, name="clerk")
app.add_typer(outbox_app, name="outbox")
app.add_typer(board_app, name="board")
app.add_typer(calendar_app, name="calendar")
app.add_typer(meeting_app, name="meeting")
app.add_typer(attendance_app, name="attendance")
app.add_typer(export_app, name="export")

NO_BOT_USERNAME = (
    "Invite links need the bot's username: pass --bot-username NAME or set QUORUM_BOT_USERNAME\n"
    "(the name ending in 'bot' that @BotFather gave it, as in t.me/NAME)."
)
NO_TOKEN = (
    "No Telegram bot token: set QUORUM_TELEGRAM_TOKEN.\n"
    "Get one from @BotFather in Telegram (send /newbot, pick a name, copy the token),\n"
    "or try Quorum offline first with: quorum demo"
)


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
    from runner.process import run_process

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


@app.command("import")
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
) -> None:
    """Talk to Quorum offline: a sample pack, a local Bot API fake, the real bot."""
    from cli.demo import run_demo

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
        common.run_async(run_demo(settings=settings, now=start, say=say or [], zone=settings.zone))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations up to the latest."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings):
            pass  # opening it upgrades it

    common.run_async(work())
    typer.echo("Database is up to date.")


@member_app.command("link")
def member_link(
    board: Annotated[str, typer.Option(help="The board's name.")],
    person: Annotated[str, typer.Option(help="The member's name, as in the pack.")],
    telegram_id: Annotated[int, typer.Option(help="Their numeric Telegram user id.")],
    role: Annotated[
        str | None, typer.Option(help="Add this role on the board (e.g. clerk).")
    ] = None,
) -> None:
    """Link a Telegram account to a board member directly (without an invite link)."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings) as db:
            viewer = await link_telegram(
                db,
                board_name=board,
                person_name=person,
                telegram_user_id=telegram_id,
                role=role,
            )
        boards = ", ".join(f"{b.board_name} ({b.role})" for b in viewer.boards)
        typer.echo(f"Linked Telegram {telegram_id} to {viewer.full_name}: {boards}")

    common.run_async(work())


member_app.command("email")(member_email)
app.command("backup")(backup)


def _bot_username(option: str | None, settings: Settings) -> str:
    if option is not None:
        try:
            return normalise_bot_username(option)
        except ValueError as exc:
            common.fail(f"--bot-username: {exc}", 2)
    if settings.bot_username is None:
        common.fail(NO_BOT_USERNAME, 2)
    return settings.bot_username


def invite_line(invite: IssuedInvite, bot_username: str, settings: Settings) -> str:
    """``Name: https://t.me/Bot?start=TOKEN (expires Tuesday 17 October 2023)``."""
    expires = to_local(invite.expires_at_utc, settings.zone).date()
    link = invite_link(bot_username, invite.token)
    return f"{invite.person_name}: {link} (expires {format_date(expires)})"


@app.command()
def invite(
    board: Annotated[str, typer.Option(help="The board's name.")],
    person: Annotated[
        str | None, typer.Option(help="The member to invite, named as in the pack.")
    ] = None,
    all_unlinked: Annotated[
        bool,
        typer.Option("--all", help="Invite every member not yet linked to Telegram (not clerks)."),
    ] = False,
    bot_username: Annotated[
        str | None,
        typer.Option(help="The bot's Telegram username; defaults to QUORUM_BOT_USERNAME."),
    ] = None,
) -> None:
    """Print single-use invite links (valid 14 days) that link members' Telegram accounts."""
    if (person is None) == (not all_unlinked):
        common.fail("give exactly one of --person NAME or --all.", 2)
    settings = common.load()
    username = _bot_username(bot_username, settings)

    async def work() -> list[IssuedInvite]:
        async with common.database(settings) as db:
            now = SystemClock().now()
            if person is not None:
                return [await create_invite(db, board_name=board, person_name=person, now=now)]
            return await create_invites_for_unlinked(db, board_name=board, now=now)

    invites = common.run_async(work())
    if not invites:
        typer.echo(f"No invites: every member of {board} is already linked.", err=True)
    for issued in invites:
        typer.echo(invite_line(issued, username, settings))


@clerk_app.command("add")
def clerk_add(
    board: Annotated[str, typer.Option(help="The board's name.")],
    telegram_id: Annotated[int, typer.Option(help="The clerk's numeric Telegram user id.")],
    name: Annotated[
        str | None,
        typer.Option(help="The clerk's full name, for a Telegram account not yet linked."),
    ] = None,
) -> None:
    """Make the person behind a Telegram account a clerk of the board."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings) as db:
            viewer = await add_clerk(db, board_name=board, telegram_user_id=telegram_id, name=name)
        boards = ", ".join(f"{b.board_name} ({b.role})" for b in viewer.boards)
        typer.echo(f"Telegram {telegram_id} is {viewer.full_name}: {boards}")

    common.run_async(work())


def main() -> None:
    app()
