"""``quorum meeting``: list a board's meetings, move, re-place or cancel one from the shell.

A change made here is stored with its notices in one transaction; the running bot sends them
(it looks for queued work at least once a minute). Registered in :mod:`cli.app`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from bot.templates import change_phrase
from calendars.zones import format_date, format_when, local_to_utc, to_local
from cli import common
from cli.items import meeting_new
from core.clock import SystemClock
from notify.dispatcher import SWEEP_SECONDS
from services import meeting_changes
from services.meeting_changes import ChangeView
from services.views import MeetingView

meeting_app = typer.Typer(
    help="A board's meetings: list them; move, re-place or cancel one (members are told).",
    no_args_is_help=True,
)

meeting_app.command("new")(meeting_new)

WHEN_FORMAT = "%Y-%m-%d %H:%M"
MeetingId = Annotated[int, typer.Argument(help="The meeting's ID (see `quorum meeting list`).")]


def _told(change: ChangeView, meeting: MeetingView) -> str:
    what = change_phrase(change, meeting.zone) or "changed"
    if not change.members:
        return f"Meeting {change.meeting_id} ({change.board_name}): {what}. Nobody needed telling."
    groups = f" and {change.groups} group(s)" if change.groups else ""
    return (
        f"Meeting {change.meeting_id} ({change.board_name}): {what}.\n"
        f"{change.members} member(s){groups} will be told, with an updated calendar file, by the "
        f"running bot (within {int(SWEEP_SECONDS)} seconds)."
    )


async def _view(meeting_id: int) -> MeetingView:

    async with common.database(common.load()) as db:
        found = await meeting_changes.meeting_views_by_id(db, [meeting_id])
    if meeting_id not in found:
        common.fail(f"there is no meeting {meeting_id}.")
    return found[meeting_id]


@meeting_app.command("list")
def meeting_list(
    board: Annotated[str | None, typer.Option(help="Only this board's meetings.")] = None,
    past: Annotated[
        bool, typer.Option("--past", help="Meetings already held, newest first.")
    ] = False,
) -> None:
    """Meetings still to come (or, with --past, those held), with the IDs the other commands
    take."""

    settings = common.load()

    async def work() -> list[MeetingView]:
        async with common.database(settings) as db:
            listing = meeting_changes.past_meetings if past else meeting_changes.upcoming_meetings
            return await listing(db, board_name=board, now=SystemClock().now())

    meetings = common.run_async(work())
    if not meetings:
        typer.echo("No past meetings on record." if past else "No meetings to come.")
        return
    for meeting in meetings:
        status = " (cancelled)" if meeting.status == meeting_changes.CANCELLED else ""
        place = f", {meeting.location}" if meeting.location else ""
        when = (
            format_when(meeting.starts_at_utc, meeting.zone)
            if meeting.time_stated
            # Known by its date alone: no time is shown rather than a made-up midnight.
            else format_date(to_local(meeting.starts_at_utc, meeting.zone).date())
            + ", time not set"
        )
        typer.echo(f"{meeting.id:>6}  {when}  {meeting.board_name}{place}{status}")


@meeting_app.command("move")
def meeting_move(
    meeting_id: MeetingId,
    when: Annotated[
        str, typer.Argument(help='The new start, in the board\'s time zone: "YYYY-MM-DD HH:MM".')
    ],
) -> None:
    """Move a meeting (its length is kept); every member is told what changed."""

    try:
        local = datetime.strptime(when.strip(), WHEN_FORMAT)
    except ValueError:
        common.fail(f'"{when}" is not a date and time like "2026-11-14 14:30".', 2)
    settings = common.load()

    async def work() -> tuple[ChangeView, MeetingView]:
        view = await _view(meeting_id)
        starts = local_to_utc(local.date(), local.time(), view.zone)
        async with common.database(settings) as db:
            change = await meeting_changes.move_meeting(
                db,
                meeting_id=meeting_id,
                starts_at_utc=starts,
                viewer=None,
                now=SystemClock().now(),
            )
        return change, view

    change, view = common.run_async(work())
    typer.echo(_told(change, view))


@meeting_app.command("place")
def meeting_place(
    meeting_id: MeetingId,
    place: Annotated[str, typer.Argument(help="Where the meeting now takes place.")],
) -> None:
    """Give a meeting a new place; every member is told."""

    settings = common.load()

    async def work() -> tuple[ChangeView, MeetingView]:
        view = await _view(meeting_id)
        async with common.database(settings) as db:
            change = await meeting_changes.place_meeting(
                db, meeting_id=meeting_id, location=place, viewer=None, now=SystemClock().now()
            )
        return change, view

    change, view = common.run_async(work())
    typer.echo(_told(change, view))


@meeting_app.command("cancel")
def meeting_cancel(meeting_id: MeetingId) -> None:
    """Cancel a meeting: it stays in calendars as cancelled, members are told."""

    settings = common.load()

    async def work() -> tuple[ChangeView, MeetingView]:
        view = await _view(meeting_id)
        async with common.database(settings) as db:
            change = await meeting_changes.cancel_meeting(
                db, meeting_id=meeting_id, viewer=None, now=SystemClock().now()
            )
        return change, view

    change, view = common.run_async(work())
    typer.echo(_told(change, view))
