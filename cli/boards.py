"""``quorum board``: a board's settings (meeting reminder lead times, when overdue actions are
escalated to its clerks, how its papers write numeric dates). A Typer sub-app, registered in
:mod:`cli.app`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli import common
from core.clock import SystemClock
from notify.leads import describe_lead, format_leads
from services.boards import CreatedBoard, ReadingConventions, create_board, set_date_order
from services.preferences import (
    ESCALATION_DAYS,
    BoardReminderConfig,
    PreferenceError,
    parse_board_leads,
    set_board_escalation,
    set_board_leads,
)
from services.sources import set_autopublish
from storage.models import DateOrder

board_app = typer.Typer(
    help="Boards: add one without a pack; its settings (meeting reminders, escalation of"
    " overdue actions, date order).",
    no_args_is_help=True,
)


def _leads_phrase(config: BoardReminderConfig) -> str:
    described = [describe_lead(lead) for lead in config.leads]
    if len(described) == 1:
        return described[0]
    return ", ".join(described[:-1]) + " and " + described[-1]


@board_app.command("add")
def board_add(
    name: Annotated[str, typer.Argument(help="The board's name, as its papers print it.")],
    timezone: Annotated[
        str | None, typer.Option(help="Its time zone (default: QUORUM_TIMEZONE).")
    ] = None,
    organisation: Annotated[
        str | None, typer.Option(help="The council or body it belongs to.")
    ] = None,
) -> None:
    """Add a board that has no pack yet (then `quorum clerk add` and `/meeting new`)."""
    settings = common.load()
    zone = timezone or settings.timezone
    common.check_zone(zone)

    async def work() -> CreatedBoard:
        async with common.database(settings) as db:
            return await create_board(db, name=name, organisation=organisation, timezone=zone)

    board = common.run_async(work())
    if board.created:
        typer.echo(f"Added board {board.name} ({board.timezone}).")
    else:
        typer.echo(f"{board.name} is already a board ({board.timezone}); nothing changed.")


@board_app.command("reminders")
def board_reminders(
    name: Annotated[str, typer.Argument(help="The board's name.")],
    leads: Annotated[str, typer.Argument(help="Lead times before each meeting, e.g. 7d,1d,2h.")],
) -> None:
    """Set how long before each meeting its members are reminded."""

    try:
        parse_board_leads(leads)
    except PreferenceError as exc:
        common.fail(str(exc), 2)
    settings = common.load()

    async def work() -> BoardReminderConfig:
        async with common.database(settings) as db:
            return await set_board_leads(
                db, board_name=name, leads_text=leads, now=SystemClock().now()
            )

    config = common.run_async(work())
    typer.echo(
        f"{config.board_name}: meeting reminders {_leads_phrase(config)} before "
        f"({format_leads(config.leads)}). Members who chose their own lead times keep them."
    )


@board_app.command("escalation")
def board_escalation(
    name: Annotated[str, typer.Argument(help="The board's name.")],
    days: Annotated[
        int,
        typer.Argument(
            min=ESCALATION_DAYS.start,
            max=ESCALATION_DAYS.stop - 1,
            help="Days an action may be overdue before the board's clerks are told.",
        ),
    ],
) -> None:
    """Set after how many days overdue an action is escalated to the board's clerks."""

    settings = common.load()

    async def work() -> BoardReminderConfig:
        async with common.database(settings) as db:
            return await set_board_escalation(
                db, board_name=name, days=days, now=SystemClock().now()
            )

    config = common.run_async(work())
    typer.echo(
        f"{config.board_name}: overdue actions are escalated to the clerks "
        f"{config.escalate_after_days} day{'' if config.escalate_after_days == 1 else 's'} "
        "after they were due."
    )


class DateOrderChoice(StrEnum):
    DAY_FIRST = DateOrder.DAY_FIRST.value
    MONTH_FIRST = DateOrder.MONTH_FIRST.value
    ZONE = "zone"


# 03/04/2024 as each order reads it.
_EXAMPLE = {
    DateOrder.DAY_FIRST: "03/04/2024 is 3 April 2024",
    DateOrder.MONTH_FIRST: "03/04/2024 is March 4, 2024",
}


@board_app.command("dates")
def board_dates(
    name: Annotated[str, typer.Argument(help="The board's name.")],
    order: Annotated[
        DateOrderChoice,
        typer.Argument(
            help="How its papers write numeric dates: day-first (03/04 is 3 April), "
            "month-first (03/04 is March 4), or zone: as is usual in the board's time zone "
            "(month-first in the Americas, day-first elsewhere)."
        ),
    ],
) -> None:
    """Set how the board's papers write numeric dates (read so from the next import on)."""

    settings = common.load()
    chosen = None if order is DateOrderChoice.ZONE else DateOrder(order.value)

    async def work() -> ReadingConventions:
        async with common.database(settings) as db:
            return await set_date_order(db, board_name=name, order=chosen)

    conventions = common.run_async(work())
    effective = conventions.effective_order
    how = (
        f"as is usual in {conventions.timezone}: {effective.value}"
        if conventions.date_order is None
        else effective.value
    )
    typer.echo(
        f"{conventions.board_name}: numeric dates in its papers are read {how} "
        f"({_EXAMPLE[effective]})."
    )


class OnOff(StrEnum):
    ON = "on"
    OFF = "off"


@board_app.command("autopublish")
def board_autopublish(
    name: Annotated[str, typer.Argument(help="The board's name.")],
    setting: Annotated[
        OnOff,
        typer.Argument(
            help="on: an agenda found published on the council's site is announced to members "
            "at once; off: the clerks are asked first."
        ),
    ],
) -> None:
    """Whether agendas the council's site publishes are announced at once (synced boards)."""

    settings = common.load()

    async def work() -> bool:
        async with common.database(settings) as db:
            return await set_autopublish(db, board_name=name, on=setting is OnOff.ON, viewer=None)

    on = common.run_async(work())
    if on:
        typer.echo(
            f"{name}: an agenda published on the council's site is announced to members at once."
        )
    else:
        typer.echo(
            f"{name}: when the council's site publishes an agenda, the clerks are asked "
            "whether to announce it."
        )
