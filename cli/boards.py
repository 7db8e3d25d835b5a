"""``quorum board``: a board's settings (meeting reminder lead times, when overdue actions are
escalated to its clerks). A Typer sub-app, registered in :mod:`cli.app`."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import common
from core.clock import SystemClock
from notify.leads import describe_lead, format_leads
from services.preferences import (
    ESCALATION_DAYS,
    BoardReminderConfig,
    PreferenceError,
    parse_board_leads,
    set_board_escalation,
    set_board_leads,
)

board_app = typer.Typer(
    help="A board's settings: meeting reminders, escalation of overdue actions.",
    no_args_is_help=True,
)


def _leads_phrase(config: BoardReminderConfig) -> str:
    described = [describe_lead(lead) for lead in config.leads]
    if len(described) == 1:
        return described[0]
    return ", ".join(described[:-1]) + " and " + described[-1]


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
