"""``quorum outbox``: what is queued, sent, failed or dropped, and retrying failed messages. A
Typer sub-app, registered in :mod:`cli.app`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Annotated

import typer

from calendars.zones import to_local
from cli import common
from core.clock import SystemClock
from notify.dispatcher import SWEEP_SECONDS
from notify.retention import PruneReport, prune_outbox
from services.outbox_admin import (
    STATES,
    OutboxCount,
    OutboxRow,
    RetryResult,
    outbox_counts,
    outbox_rows,
    retry,
)
from storage.models import NotificationState

outbox_app = typer.Typer(help="The outbox: messages queued, sent, failed; retry failed ones.")

SHOWN = 20
ERROR_WIDTH = 60
TIMES_NOTE = "Times are in each board's time zone (UTC for rows without a board)."


def _due(row: OutboxRow) -> str:
    if row.zone is None:
        return row.due_at_utc.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return to_local(row.due_at_utc, row.zone).strftime("%Y-%m-%d %H:%M %Z")


def _error(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= ERROR_WIDTH else text[: ERROR_WIDTH - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns, two spaces apart; numbers right-aligned."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(width) if cell.isdigit() else cell.ljust(width)
            for cell, width in zip(cells, widths, strict=True)
        )
        return "  " + "  ".join(padded).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def rows_table(rows: Sequence[OutboxRow]) -> list[str]:
    return table(
        ("id", "kind", "recipient", "due", "attempts", "last error"),
        [
            (
                str(row.id),
                row.kind,
                row.recipient,
                _due(row),
                str(row.attempts),
                _error(row.last_error),
            )
            for row in rows
        ],
    )


def summary_lines(counts: Sequence[OutboxCount]) -> list[str]:
    """Totals by state, then a kinds-by-states table."""
    if not counts:
        return ["The outbox is empty."]
    totals = {state: 0 for state in STATES}
    by_kind: dict[str, dict[str, int]] = {}
    for count in counts:
        totals[count.state] = totals.get(count.state, 0) + count.count
        by_kind.setdefault(count.kind, {})[count.state] = count.count
    lines = ["Outbox: " + ", ".join(f"{totals[state]} {state}" for state in STATES)]
    lines += table(
        ("kind", *STATES),
        [
            (kind, *(str(states.get(state, 0)) for state in STATES))
            for kind, states in sorted(by_kind.items())
        ],
    )
    return lines


def _section(title: str, rows: Sequence[OutboxRow], total: int) -> list[str]:
    shown = f"{len(rows)} of {total}" if total > len(rows) else str(total)
    return ["", f"{title} ({shown}):", *rows_table(rows)]


@outbox_app.callback(invoke_without_command=True)
def outbox(
    context: typer.Context,
    state: Annotated[
        NotificationState | None, typer.Option(help="List only the rows in this state.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many rows to list.")] = SHOWN,
) -> None:
    """A summary of the outbox, failed rows and the next pending ones; or one state's rows."""
    if context.invoked_subcommand is not None:
        return

    settings = common.load()

    async def work() -> list[str]:
        async with common.database(settings) as db:
            if state is not None:
                rows = await outbox_rows(db, state=state.value, limit=limit)
                if not rows:
                    return [f"No {state.value} rows."]
                order = "soonest first" if state is NotificationState.PENDING else "latest first"
                return [f"{state.value.capitalize()} rows, {order}:", *rows_table(rows), TIMES_NOTE]
            counts = await outbox_counts(db)
            lines = summary_lines(counts)
            total = {
                wanted: sum(c.count for c in counts if c.state == wanted)
                for wanted in (NotificationState.FAILED, NotificationState.PENDING)
            }
            if total[NotificationState.FAILED]:
                failed = await outbox_rows(db, state=NotificationState.FAILED.value, limit=limit)
                lines += _section("Failed, latest first", failed, total[NotificationState.FAILED])
                lines.append("Send them again with: quorum outbox retry --failed")
            if total[NotificationState.PENDING]:
                pending = await outbox_rows(db, state=NotificationState.PENDING.value, limit=limit)
                lines += _section("Next pending", pending, total[NotificationState.PENDING])
            if total[NotificationState.FAILED] or total[NotificationState.PENDING]:
                lines.append(TIMES_NOTE)
            return lines

    for line in common.run_async(work()):
        typer.echo(line)


def retry_report(result: RetryResult) -> list[str]:
    lines = [
        f"Retried {len(result.retried)} failed row{'' if len(result.retried) == 1 else 's'}"
        + (": " + ", ".join(f"#{row_id}" for row_id in result.retried) if result.retried else ".")
    ]
    if result.retried:
        lines.append(
            f"A running bot sends them within {int(SWEEP_SECONDS)} seconds; "
            "otherwise when it next starts."
        )
    lines += [
        f"#{row_id}: not failed ({state}), left as it is."
        for row_id, state in sorted(result.not_failed.items())
    ]
    lines += [
        f"#{row_id}: past its expiry (a reminder after its moment is no use), left failed."
        for row_id in result.expired
    ]
    return lines


@outbox_app.command("retry")
def outbox_retry(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Ids of failed rows to send again.")
    ] = None,
    all_failed: Annotated[
        bool, typer.Option("--failed", help="Send every failed row again.")
    ] = False,
) -> None:
    """Send failed rows again: pending, due now, attempts and last error cleared."""

    if bool(ids) == all_failed:
        common.fail("give row ids or --failed (not both).", 2)
    settings = common.load()

    async def work() -> RetryResult:
        async with common.database(settings) as db:
            return await retry(db, ids=None if all_failed else ids, now=SystemClock().now())

    result = common.run_async(work())
    for line in retry_report(result):
        typer.echo(line)
    if result.unknown:
        common.fail("no such row: " + ", ".join(f"#{row_id}" for row_id in result.unknown))


@outbox_app.command("prune")
def outbox_prune(
    days: Annotated[
        int | None,
        typer.Option(
            min=1, help="Keep this many days (default: QUORUM_OUTBOX_RETENTION_DAYS, 400)."
        ),
    ] = None,
) -> None:
    """Remove sent, failed and dead rows older than the retention, now (quorum run does it
    hourly); pending rows and unreported broadcasts' rows are kept."""
    settings = common.load()
    keep_days = settings.outbox_retention_days if days is None else days
    if keep_days == 0:
        typer.echo("QUORUM_OUTBOX_RETENTION_DAYS is 0: the outbox keeps every row.")
        return

    async def work() -> PruneReport:
        async with common.database(settings) as db:
            return await prune_outbox(
                db, now=SystemClock().now(), keep_days=keep_days, budget_seconds=None
            )

    report = common.run_async(work())
    removed = report.removed
    typer.echo(
        f"Removed {removed} row{'' if removed == 1 else 's'} sent or ended more than "
        f"{keep_days} day{'' if keep_days == 1 else 's'} ago."
    )
    if not report.complete:
        typer.echo("Another instance is pruning too; it removes the rest.")
