"""``quorum member``, ``quorum clerk`` and ``quorum invite``: board members, their Telegram
accounts, clerks, and single-use invite links."""

from __future__ import annotations

from typing import Annotated

import typer

from calendars.zones import format_date, to_local
from cli import common
from cli.calendar import member_email
from core.clock import SystemClock
from core.settings import Settings, normalise_bot_username
from services.invites import (
    IssuedInvite,
    add_clerk,
    create_invite,
    create_invites_for_unlinked,
    invite_link,
)
from services.members import (
    CloseToKnown,
    add_member,
    create_clerk_invite,
    remove_clerk,
    retire_member,
    set_role,
)
from services.people import link_telegram

member_app = typer.Typer(help="Board members and their Telegram accounts.", no_args_is_help=True)
clerk_app = typer.Typer(help="Board clerks.", no_args_is_help=True)
member_app.command("email")(member_email)

NO_BOT_USERNAME = (
    "Invite links need the bot's username: pass --bot-username NAME or set QUORUM_BOT_USERNAME\n"
    "(the name ending in 'bot' that @BotFather gave it, as in t.me/NAME)."
)


@member_app.command("link")
def member_link(
    board: Annotated[str, typer.Option(help="The board's name.")],
    person: Annotated[str, typer.Option(help="The member's name, as in the pack.")],
    telegram_id: Annotated[int, typer.Option(help="Their numeric Telegram user id.")],
    role: Annotated[
        str | None, typer.Option(help="Add this role on the board (e.g. clerk).")
    ] = None,
) -> None:
    """Link a Telegram account to a board member directly (without an invite link).

    The member must be on the board already (add them with ``member add``): an unknown name is
    answered with the close names, and nobody is created."""
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


def _optional_username(settings: Settings, option: str | None) -> str | None:
    """The bot's username when one is given or configured (for printing invite links)."""
    return _bot_username(option, settings) if option is not None else settings.bot_username


@member_app.command("add")
def member_add(
    board: Annotated[str, typer.Option(help="The board's name.")],
    name: Annotated[str, typer.Option(help="The new member's full name.")],
    role: Annotated[
        str, typer.Option(help="chair, vice-chair, member, officer or for-information.")
    ] = "member",
    title: Annotated[
        str | None, typer.Option(help="Their title, e.g. 'Director of Public Health'.")
    ] = None,
    new: Annotated[
        bool,
        typer.Option("--new", help="Add them even though their name is close to someone known."),
    ] = False,
    bot_username: Annotated[
        str | None,
        typer.Option(help="The bot's Telegram username; defaults to QUORUM_BOT_USERNAME."),
    ] = None,
) -> None:
    """Add a member to a board and print their single-use invite link."""
    settings = common.load()
    username = _optional_username(settings, bot_username)

    async def work() -> None:
        async with common.database(settings) as db:
            try:
                added = await add_member(
                    db,
                    board_name=board,
                    name=name,
                    role=role,
                    title=title,
                    now=SystemClock().now(),
                    confirm_new=new,
                )
            except CloseToKnown as close:
                common.fail(f"{close} Pass --new to add them as someone new.")
        described = f"{added.person_name} is now {added.role} of {added.board_name}"
        typer.echo(described + (f" ({added.title})." if added.title else "."))
        if added.invite is None:
            typer.echo("They are already linked to Telegram.")
        elif username is not None:
            typer.echo(invite_line(added.invite, username, settings))
        else:
            typer.echo(
                "No invite link printed: the bot's username is not set. " + NO_BOT_USERNAME_HINT
            )

    common.run_async(work())


NO_BOT_USERNAME_HINT = (
    "Set QUORUM_BOT_USERNAME (or pass --bot-username), then run: quorum invite --board BOARD "
    "--person NAME"
)


@member_app.command("remove")
def member_remove(
    board: Annotated[str, typer.Option(help="The board's name.")],
    name: Annotated[str, typer.Option(help="The member's name.")],
) -> None:
    """Retire a member: history kept; no more reminders or chasing; out of the quorum count."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings) as db:
            retired = await retire_member(db, board_name=board, name=name, now=SystemClock().now())
        roles = ", ".join(retired.roles)
        typer.echo(
            f"{retired.person_name} ({roles}) has left {retired.board_name}; "
            f"{retired.reminders_cancelled} queued message(s) called off."
        )

    common.run_async(work())


@member_app.command("role")
def member_role(
    board: Annotated[str, typer.Option(help="The board's name.")],
    name: Annotated[str, typer.Option(help="The member's name.")],
    role: Annotated[
        str, typer.Option(help="chair, vice-chair, member, officer or for-information.")
    ],
) -> None:
    """Give a member another role on the board (the old one is kept in the board's history)."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings) as db:
            change = await set_role(
                db, board_name=board, name=name, role=role, now=SystemClock().now()
            )
        was = f" (was {', '.join(change.old_roles)})" if change.old_roles else ""
        typer.echo(f"{change.person_name} is now {change.role} of {change.board_name}{was}.")

    common.run_async(work())


@clerk_app.command("invite")
def clerk_invite(
    board: Annotated[str, typer.Option(help="The board's name.")],
    bot_username: Annotated[
        str | None,
        typer.Option(help="The bot's Telegram username; defaults to QUORUM_BOT_USERNAME."),
    ] = None,
) -> None:
    """Print a single-use link (valid 14 days) that makes whoever opens it a clerk of the board."""
    settings = common.load()
    username = _bot_username(bot_username, settings)

    async def work() -> IssuedInvite:
        async with common.database(settings) as db:
            return await create_clerk_invite(db, board_name=board, now=SystemClock().now())

    issued = common.run_async(work())
    expires = format_date(to_local(issued.expires_at_utc, settings.zone).date())
    typer.echo(
        f"Clerk of {issued.board_name}: {invite_link(username, issued.token)} (expires {expires})"
    )


@clerk_app.command("remove")
def clerk_remove(
    board: Annotated[str, typer.Option(help="The board's name.")],
    name: Annotated[str, typer.Option(help="The clerk's name.")],
) -> None:
    """Take the clerk role from someone (never the board's last clerk)."""
    settings = common.load()

    async def work() -> None:
        async with common.database(settings) as db:
            removed = await remove_clerk(db, board_name=board, name=name, now=SystemClock().now())
        typer.echo(f"{removed.person_name} is no longer a clerk of {removed.board_name}.")

    common.run_async(work())
