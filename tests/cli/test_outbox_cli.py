"""``quorum outbox`` and ``quorum board``: listing the outbox, retrying failed rows, and a board's
reminder settings, through the real command line (typer's runner, in a worker thread because
each command runs its own event loop).

The commands use the system clock, so the meeting here is far in the future: its reminders are
neither due nor expired whenever the tests run.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner, Result

from cli.app import app
from notify.outbox import NewNotification, enqueue
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Board, BoardChat, Notification
from tests.auxil.packs import LONDON, make_pack

pytestmark = pytest.mark.wallclock

BOARD = "Testshire Health and Wellbeing Board"
START = datetime(2099, 10, 13, 14, 0, tzinfo=LONDON)
BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass(frozen=True, slots=True)
class Outbox:
    board_id: int
    blocked: int  # Diane's 7-day reminder, failed: she had blocked the bot
    group: int  # the publication to the board's group, failed: chat not found
    stale: int  # Mike's 7-day reminder, failed, and past its expiry
    dead: int  # Mike's 1-day reminder, killed
    pending: list[int]  # the rest, soonest first


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


async def _rows(database: Database) -> dict[int, Notification]:
    async with database.read() as session:
        rows = await session.exec(select(Notification).order_by(col(Notification.id)))
        return {row.id or 0: row for row in rows.all()}


@pytest.fixture
async def outbox(database: Database, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Outbox:
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)
    now = datetime.now(UTC)
    await import_pack(
        database, pack=make_pack(start=START), board_name=None, timezone="Europe/London", now=now
    )
    for name, user_id in (("Diane Ellison", 9101), ("Mike Sandys", 9102)):
        await link_telegram(
            database, board_name=BOARD, person_name=name, telegram_user_id=user_id, role=None
        )
    async with database.write() as session:
        board_id = (await session.exec(select(Board.id))).one()
        assert board_id is not None
        session.add(BoardChat(board_id=board_id, chat_id=-100500, title="Testshire members"))
        await enqueue(
            session,
            [
                NewNotification(
                    kind="publication",
                    dedupe_key="publication:test:group",
                    due_at_utc=now,
                    board_id=board_id,
                    chat_id=-100500,
                )
            ],
            now=now,
        )
    rows = await _rows(database)
    by_key = {row.dedupe_key: row_id for row_id, row in rows.items()}
    [diane_7d] = [i for key, i in by_key.items() if key.endswith(":7d") and rows[i].person_id == 1]
    [mike_7d] = [i for key, i in by_key.items() if key.endswith(":7d") and rows[i].person_id == 2]
    [mike_1d] = [i for key, i in by_key.items() if key.endswith(":1d") and rows[i].person_id == 2]
    group = by_key["publication:test:group"]
    changes: dict[int, dict[str, Any]] = {
        diane_7d: {"state": "failed", "attempts": 1, "last_error": BLOCKED},
        group: {"state": "failed", "attempts": 1, "last_error": "Bad Request: chat not found"},
        mike_7d: {
            "state": "failed",
            "attempts": 8,
            "last_error": "Timed out",
            "expires_at_utc": now - timedelta(days=1),
        },
        mike_1d: {"state": "dead", "last_error": "apologies sent"},
    }
    async with database.write() as session:
        for row_id, values in changes.items():
            row = await session.get(Notification, row_id)
            assert row is not None
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
    pending = sorted(
        (row.due_at_utc, row_id)
        for row_id, row in (await _rows(database)).items()
        if row.state == "pending"
    )
    return Outbox(
        board_id=board_id,
        blocked=diane_7d,
        group=group,
        stale=mike_7d,
        dead=mike_1d,
        pending=[row_id for _, row_id in pending],
    )


async def test_outbox_summary_shows_counts_failed_rows_and_what_is_next(outbox: Outbox) -> None:
    result = await cli("outbox")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Outbox: 3 pending, 0 sending, 0 sent, 3 failed, 1 dead"
    assert lines[1].split() == ["kind", "pending", "sending", "sent", "failed", "dead"]
    assert lines[2].split() == ["meeting-reminder", "3", "0", "0", "2", "1"]
    assert lines[3].split() == ["publication", "0", "0", "0", "1", "0"]
    failed = lines.index("Failed, latest first (3):")
    assert lines[failed + 1].split() == [
        "id",
        "kind",
        "recipient",
        "due",
        "attempts",
        "last",
        "error",
    ]
    group, blocked = lines[failed + 2], lines[failed + 4]
    assert group.split()[:5] == [str(outbox.group), "publication", "group", "Testshire", "members"]
    assert group.endswith("Bad Request: chat not found")
    assert blocked.split()[:4] == [str(outbox.blocked), "meeting-reminder", "Diane", "Ellison"]
    assert blocked.split()[4:] == ["2099-10-06", "14:00", "BST", "1", *BLOCKED.split()]
    assert "Send them again with: quorum outbox retry --failed" in lines
    upcoming = lines.index("Next pending (3):")
    assert [int(line.split()[0]) for line in lines[upcoming + 2 : upcoming + 5]] == outbox.pending
    assert "Diane Ellison  2099-10-12 14:00 BST" in lines[upcoming + 2]  # the day before
    assert "Mike Sandys    2099-10-13 12:00 BST" in lines[upcoming + 4]  # two hours before
    assert lines[-1] == "Times are in each board's time zone (UTC for rows without a board)."


async def test_outbox_lists_one_state_and_refuses_unknown_ones(outbox: Outbox) -> None:
    result = await cli("outbox", "--state", "failed", "--limit", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Failed rows, latest first:"
    assert [int(line.split()[0]) for line in lines[2:4]] == sorted(
        (outbox.blocked, outbox.group, outbox.stale), reverse=True
    )[:2]
    assert len(lines) == 5
    assert (await cli("outbox", "--state", "sent")).stdout == "No sent rows.\n"
    wrong = await cli("outbox", "--state", "lost")
    assert wrong.exit_code == 2 and "lost" in wrong.stderr


async def test_retry_by_id_makes_a_failed_row_pending_and_reports_the_rest(
    outbox: Outbox, database: Database
) -> None:
    started = datetime.now(UTC)
    result = await cli(
        "outbox", "retry", str(outbox.blocked), str(outbox.dead), str(outbox.stale), "999999"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"Retried 1 failed row: #{outbox.blocked}",
        "A running bot sends them within 60 seconds; otherwise when it next starts.",
        f"#{outbox.dead}: not failed (dead), left as it is.",
        f"#{outbox.stale}: past its expiry (a reminder after its moment is no use), left failed.",
    ]
    assert result.stderr == "quorum: no such row: #999999\n"
    rows = await _rows(database)
    retried = rows[outbox.blocked]
    assert (retried.state, retried.attempts, retried.last_error) == ("pending", 0, None)
    assert started <= retried.next_attempt_at_utc <= datetime.now(UTC)
    assert rows[outbox.dead].state == "dead" and rows[outbox.stale].state == "failed"
    assert rows[outbox.group].state == "failed"


async def test_retry_failed_sends_every_failed_row_again_but_expired_ones(
    outbox: Outbox, database: Database
) -> None:
    result = await cli("outbox", "retry", "--failed")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"Retried 2 failed rows: #{min(outbox.blocked, outbox.group)}, "
        f"#{max(outbox.blocked, outbox.group)}"
    )
    rows = await _rows(database)
    assert {row_id for row_id, row in rows.items() if row.state == "failed"} == {outbox.stale}
    both = await cli("outbox", "retry", "--failed", str(outbox.stale))
    neither = await cli("outbox", "retry")
    assert both.exit_code == neither.exit_code == 2
    assert "give row ids or --failed" in neither.stderr


async def test_board_reminders_and_escalation_are_set_and_checked(
    outbox: Outbox, database: Database
) -> None:
    result = await cli("board", "reminders", "testshire health and wellbeing board", "3d, 1h")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{BOARD}: meeting reminders 3 days and 1 hour before (3d,1h). "
        "Members who chose their own lead times keep them.\n"
    )
    pending = {
        row.dedupe_key.rsplit(":", 1)[1]
        for row in (await _rows(database)).values()
        if row.state == "pending" and row.kind == "meeting-reminder"
    }
    assert pending == {"3d", "1h"}

    before = await _rows(database)
    bad = await cli("board", "reminders", BOARD, "7d,soon")
    assert bad.exit_code == 2
    assert bad.stderr == "quorum: 'soon' is not a lead time: write it like 7d, 2h or 30m.\n"
    empty = await cli("board", "reminders", BOARD, " , ")
    assert empty.exit_code == 2 and "at least one lead time" in empty.stderr
    unknown = await cli("board", "reminders", "Nowhere", "7d")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "quorum: There is no board called 'Nowhere'. Import a pack for it first.\n"
    )
    assert {i: (r.state, r.due_at_utc) for i, r in (await _rows(database)).items()} == {
        i: (r.state, r.due_at_utc) for i, r in before.items()
    }

    escalation = await cli("board", "escalation", BOARD, "21")
    assert escalation.exit_code == 0, escalation.output
    assert escalation.stdout == (
        f"{BOARD}: overdue actions are escalated to the clerks 21 days after they were due.\n"
    )
    assert (await cli("board", "escalation", BOARD, "0")).exit_code == 2
    assert (await cli("board", "escalation", "Nowhere", "7")).exit_code == 1
    async with database.read() as session:
        board = await session.get(Board, outbox.board_id)
    assert board is not None
    assert (board.reminder_leads, board.escalate_after_days) == ("3d,1h", 21)
