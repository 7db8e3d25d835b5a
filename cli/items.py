"""``quorum meeting new`` and ``quorum item add|edit|move|drop``: a meeting of a board that has
no pack, and an agenda built or corrected from the shell.

The same services as the bot's /meeting new and /item: a change to an agenda members were sent
is stored with its notice in one transaction, and the running bot sends it (it looks for queued
work at least once a minute). Registered in :mod:`cli.app` and :mod:`cli.meeting`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated

import typer

from calendars.zones import format_when, local_to_utc
from cli import common
from core.clock import SystemClock
from language.dates import parse_when
from notify.dispatcher import SWEEP_SECONDS
from services import agenda_edit
from services.agenda_edit import AgendaEdited
from services.views import MeetingView
from storage.engine import Database

item_app = typer.Typer(
    help="Build or correct a meeting's agenda: add, edit, move or drop an item.",
    no_args_is_help=True,
)

Board = Annotated[str, typer.Option("--board", help="The board (its name, any case).")]
MeetingDay = Annotated[
    str | None,
    typer.Option(
        "--meeting",
        help="The meeting's date (YYYY-MM-DD) in the board's time zone; default: the next one.",
        metavar="DATE",
    ),
]
Number = Annotated[str, typer.Argument(help="The item's number as printed, e.g. 5 or 8A.")]


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        common.fail(f'{option} "{text}" is not a date like "2027-01-14".', 2)


def _meeting_line(meeting: MeetingView) -> str:
    place = f", {meeting.location}" if meeting.location else ""
    return (
        f"Meeting {meeting.id} ({meeting.board_name}): "
        f"{format_when(meeting.starts_at_utc, meeting.zone)}{place}"
    )


def _print_agenda(headline: str, edited: AgendaEdited) -> None:
    typer.echo(headline)
    typer.echo(_meeting_line(edited.agenda.meeting))
    if not edited.agenda.items:
        typer.echo("  (no items)")
    for item in edited.agenda.items:
        exempt = " [exempt]" if item.exempt else ""
        presenter = f" ({item.presenter})" if item.presenter else ""
        typer.echo(f"  {item.number}. {item.title}{presenter}{exempt}")
    if edited.members_told:
        typer.echo(
            f"{edited.members_told} member(s) will be told of the change by the running bot "
            f"(within {int(SWEEP_SECONDS)} seconds)."
        )


def meeting_new(
    board: Board,
    day: Annotated[
        str, typer.Option("--date", help="The day, YYYY-MM-DD, in the board's time zone.")
    ],
    at: Annotated[str, typer.Option("--time", help='The start, e.g. "19:00" or "7pm".')],
    place: Annotated[str | None, typer.Option("--place", help="Where it meets.")] = None,
    link: Annotated[str | None, typer.Option("--link", help="A link to join online.")] = None,
) -> None:
    """A meeting of a board that has no pack (a parish council, an NHS group); its reminders
    are planned at once."""
    when = _day(day, "--date")
    read = parse_when(f"{when.isoformat()} {at}", today=when)
    if read is None or read.at is None:
        common.fail(f'--time "{at}" is not a time like "19:00" or "7pm".', 2)
    start = read.at
    settings = common.load()

    async def work() -> MeetingView:
        async with common.database(settings) as db:
            board_id = await agenda_edit.board_id_named(db, name=board)
            zone = await agenda_edit.board_zone(db, board_id=board_id)
            return await agenda_edit.new_meeting(
                db,
                viewer=None,
                board_id=board_id,
                starts_at_utc=local_to_utc(when, start, zone),
                location=place,
                join_link=link,
                now=SystemClock().now(),
            )

    meeting = common.run_async(work())
    typer.echo(f"Created. {_meeting_line(meeting)}")
    typer.echo(f"Add items with: quorum item add --board {board!r} TITLE")


def _edit(
    board: str,
    meeting_day: str | None,
    change: Callable[[Database, int, datetime], Awaitable[AgendaEdited]],
) -> AgendaEdited:
    """Run ``change`` on the board's meeting of ``meeting_day`` (else its next one)."""
    on = _day(meeting_day, "--meeting") if meeting_day is not None else None
    settings = common.load()

    async def work() -> AgendaEdited:
        now = SystemClock().now()
        async with common.database(settings) as db:
            board_id = await agenda_edit.board_id_named(db, name=board)
            meeting = await agenda_edit.meeting_to_edit(
                db, viewer=None, board_id=board_id, on=on, now=now
            )
            return await change(db, meeting.id, now)

    return common.run_async(work())


@item_app.command("add")
def item_add(
    title: Annotated[str, typer.Argument(help="The item's title.")],
    board: Board,
    meeting: MeetingDay = None,
    number: Annotated[
        str | None, typer.Option(help="Its printed number (default: after its neighbour).")
    ] = None,
    after: Annotated[
        str | None, typer.Option(help="Put it after this item (default: at the end).")
    ] = None,
    presenter: Annotated[str | None, typer.Option(help="Who presents it.")] = None,
    exempt: Annotated[
        bool, typer.Option("--exempt", help="Exempt (Part II): never shown outside.")
    ] = False,
) -> None:
    """Add an item to a meeting's agenda."""
    edited = _edit(
        board,
        meeting,
        lambda db, meeting_id, now: agenda_edit.add_item(
            db,
            viewer=None,
            meeting_id=meeting_id,
            title=title,
            number=number,
            after=after,
            presenter=presenter,
            exempt=exempt,
            now=now,
        ),
    )
    _print_agenda(f"Added item {edited.number}.", edited)


def _pages(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    first, _, last = text.partition("-")
    if not first.strip().isdigit() or not last.strip().isdigit():
        common.fail(f'--pages "{text}" is not a page range like "11-24".', 2)
    return int(first), int(last)


@item_app.command("edit")
def item_edit(
    number: Number,
    board: Board,
    meeting: MeetingDay = None,
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    presenter: Annotated[str | None, typer.Option(help='Who presents it ("" for nobody).')] = None,
    duration: Annotated[int | None, typer.Option(help="Minutes allowed for it.")] = None,
    pages: Annotated[str | None, typer.Option(help='Its pages, e.g. "11-24".')] = None,
    exempt: Annotated[
        bool | None, typer.Option("--exempt/--not-exempt", help="Exempt (Part II) or not.")
    ] = None,
    new_number: Annotated[
        str | None, typer.Option("--new-number", help="A new printed number.")
    ] = None,
) -> None:
    """Correct an item: only what is given changes."""
    page_range = _pages(pages)
    edited = _edit(
        board,
        meeting,
        lambda db, meeting_id, now: agenda_edit.edit_item(
            db,
            viewer=None,
            meeting_id=meeting_id,
            number=number,
            new_number=new_number,
            title=title,
            presenter=presenter,
            duration=duration,
            pages=page_range,
            exempt=exempt,
            now=now,
        ),
    )
    _print_agenda(f"Changed item {edited.number}.", edited)


@item_app.command("move")
def item_move(
    number: Number,
    board: Board,
    meeting: MeetingDay = None,
    to: Annotated[int | None, typer.Option("--to", help="Its new position (1 is first).")] = None,
    before: Annotated[str | None, typer.Option(help="Put it before this item.")] = None,
    after: Annotated[str | None, typer.Option(help="Put it after this item.")] = None,
) -> None:
    """Move an item; printed numbers are kept."""
    edited = _edit(
        board,
        meeting,
        lambda db, meeting_id, now: agenda_edit.move_item(
            db,
            viewer=None,
            meeting_id=meeting_id,
            number=number,
            to_position=to,
            before=before,
            after=after,
            now=now,
        ),
    )
    _print_agenda(f"Moved item {edited.number}.", edited)


@item_app.command("drop")
def item_drop(number: Number, board: Board, meeting: MeetingDay = None) -> None:
    """Take an item off the agenda."""
    edited = _edit(
        board,
        meeting,
        lambda db, meeting_id, now: agenda_edit.drop_item(
            db, viewer=None, meeting_id=meeting_id, number=number, now=now
        ),
    )
    _print_agenda(f"Dropped item {number}.", edited)
