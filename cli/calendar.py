"""``quorum calendar`` (a board's feed, a meeting's e-mail invitation, the organizer address) and
``quorum member email``. Typer commands, registered in :mod:`cli.app`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli import common
from core.clock import SystemClock
from services.calendar_feeds import (
    InvalidEmail,
    board_feed_named,
    invitation,
    normalise_email,
    set_member_email,
    set_organizer_email,
)

calendar_app = typer.Typer(
    help="Calendars: a board's feed, e-mail invitations, the organizer address.",
    no_args_is_help=True,
)


def _write_bytes(data: bytes) -> None:
    """The exact bytes (CRLF line ends and all): what the HTTP feed serves, byte for byte."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _checked_email(email: str) -> str:

    try:
        return normalise_email(email)
    except InvalidEmail as exc:
        common.fail(str(exc), 2)


@calendar_app.command("export")
def calendar_export(
    board: Annotated[str, typer.Option(help="The board's name.")],
) -> None:
    """Print the board's public calendar feed (.ics), as /calendars/boards/<slug>.ics serves it."""

    settings = common.load()

    async def work() -> bytes:
        async with common.database(settings) as db:
            feed = await board_feed_named(db, board, domain=settings.calendar_domain)
        return feed.body

    _write_bytes(common.run_async(work()))


@calendar_app.command("invite")
def calendar_invite(
    meeting_id: Annotated[int, typer.Argument(help="The meeting's id.")],
) -> None:
    """Print the meeting's e-mail invitation (.ics, METHOD:REQUEST; CANCEL once cancelled)."""

    settings = common.load()

    async def work() -> bytes | None:
        async with common.database(settings) as db:
            return await invitation(
                db, meeting_id, domain=settings.calendar_domain, now=SystemClock().now()
            )

    data = common.run_async(work())
    if data is None:
        common.fail(f"there is no meeting {meeting_id}.")
    _write_bytes(data)


@calendar_app.command("organizer")
def calendar_organizer(
    board: Annotated[str, typer.Option(help="The board's name.")],
    email: Annotated[str, typer.Argument(help="The address invitations come from.")],
) -> None:
    """Set the ORGANIZER address of the board's e-mail invitations (replies go there)."""

    address = _checked_email(email)
    settings = common.load()

    async def work() -> str:
        async with common.database(settings) as db:
            return await set_organizer_email(db, board_name=board, email=address)

    name = common.run_async(work())
    typer.echo(f"{name}: invitations are sent as {address}.")


def member_email(
    board: Annotated[str, typer.Option(help="The board's name.")],
    person: Annotated[str, typer.Option(help="The member's name, as in the pack.")],
    email: Annotated[str, typer.Argument(help="Their e-mail address.")],
) -> None:
    """Record a member's e-mail address (they are an attendee of e-mailed invitations)."""

    address = _checked_email(email)
    settings = common.load()

    async def work() -> str:
        async with common.database(settings) as db:
            return await set_member_email(db, board_name=board, person_name=person, email=address)

    name = common.run_async(work())
    typer.echo(f"{name}: e-mail {address}.")
