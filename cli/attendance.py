"""``quorum attendance``: a board's quorum rule, and a meeting's attendance for the minutes."""

from __future__ import annotations

import csv
import io
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from calendars.zones import format_date, format_when
from cli import common
from services import meeting_changes
from services.attendance import AttendancePicture, AttendeeView, meeting_register
from services.messages import QUORUM_RULE_HELP
from services.quorum import QuorumRuleError, QuorumSetting, parse_rule, set_quorum_rule
from storage.engine import Database

attendance_app = typer.Typer(
    help="Attendance: a board's quorum rule; a meeting's attendance for the minutes.",
    no_args_is_help=True,
)

CSV_HEADER = ("name", "role", "status", "reason", "substitute")
NO_REPLY = "no reply"


class ExportFormat(StrEnum):
    TEXT = "text"
    CSV = "csv"


@attendance_app.command("rule")
def attendance_rule(
    rule: Annotated[str, typer.Argument(help=f"The quorum: {QUORUM_RULE_HELP}.")],
    board: Annotated[str, typer.Option(help="The board's name.")],
) -> None:
    """Set how many voting members make the board's meetings quorate."""

    try:
        parse_rule(rule)
    except QuorumRuleError as exc:
        common.fail(str(exc), 2)
    settings = common.load()

    async def work() -> QuorumSetting:
        async with common.database(settings) as db:
            return await set_quorum_rule(db, board_name=board, rule_text=rule)

    setting = common.run_async(work())
    typer.echo(
        f"{setting.board_name}: quorum is {setting.rule.describe()}: {setting.required} of "
        f"{setting.voting} voting member(s) today."
    )


def _names(people: list[AttendeeView]) -> str:
    return ", ".join(person.name for person in people) or "none"


def _apology(person: AttendeeView) -> str:
    details = [person.reason] if person.reason else []
    if person.substitute:
        details.append(f"substitute: {person.substitute}")
    return f"{person.name} ({'; '.join(details)})" if details else person.name


def register_text(picture: AttendancePicture) -> str:
    """For the minutes: present (as expected), apologies with substitutes, no reply."""
    return "\n".join(
        [
            f"Present (expected): {_names(picture.attending)}",
            "Apologies: " + (", ".join(map(_apology, picture.apologies)) or "none"),
            f"No reply: {_names(picture.no_reply)}",
        ]
    )


def register_csv(picture: AttendancePicture) -> str:
    """One row per person: name, role, status (attending, apologies, no reply), reason,
    substitute."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for person in picture.people:
        writer.writerow(
            (
                person.name,
                person.role,
                person.status or NO_REPLY,
                person.reason or "",
                person.substitute or "",
            )
        )
    return out.getvalue()


def _date_option(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        common.fail(f'"{text}" is not a date like "2023-06-27".', 2)


async def _meeting_id(
    db: Database, *, meeting: int | None, on: date | None, board: str | None
) -> int:
    """The meeting ``--meeting`` or ``--date`` (and ``--board``) names, past or to come."""
    if meeting is not None:
        if meeting not in await meeting_changes.meeting_views_by_id(db, [meeting]):
            common.fail(
                f"there is no meeting {meeting}. See `quorum meeting list --past` "
                "(or without --past for those to come)."
            )
        return meeting
    assert on is not None
    found = await meeting_changes.meetings_on(db, board_name=board, day=on)
    of_board = f" of {board}" if board else ""
    if not found:
        common.fail(f"there is no meeting{of_board} on {format_date(on)}.")
    if len(found) > 1:
        listed = "; ".join(
            f"{view.id}: {view.board_name}, {format_when(view.starts_at_utc, view.zone)}"
            for view in found
        )
        common.fail(
            f"{len(found)} meetings{of_board} on {format_date(on)} ({listed}). "
            "Give --meeting ID or --board."
        )
    return found[0].id


@attendance_app.command("export")
def attendance_export(
    meeting: Annotated[
        int | None,
        typer.Option(help="The meeting's ID (see `quorum meeting list [--past]`)."),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", help="Or the day it was held (YYYY-MM-DD), past or to come."),
    ] = None,
    board: Annotated[
        str | None, typer.Option(help="With --date: the board, when several meet that day.")
    ] = None,
    output: Annotated[
        ExportFormat, typer.Option("--format", help="text for the minutes, or csv.")
    ] = ExportFormat.TEXT,
) -> None:
    """A meeting's attendance: who said they would come, apologies, and who did not reply."""

    if (meeting is None) == (on is None):
        common.fail("give the meeting: --meeting ID, or --date YYYY-MM-DD (one of them).", 2)
    day = _date_option(on) if on is not None else None
    settings = common.load()

    async def work() -> AttendancePicture:
        async with common.database(settings) as db:
            meeting_id = await _meeting_id(db, meeting=meeting, on=day, board=board)
            return await meeting_register(db, meeting_id=meeting_id)

    picture = common.run_async(work())
    if output == ExportFormat.CSV:
        typer.echo(register_csv(picture), nl=False)
    else:
        typer.echo(register_text(picture))
