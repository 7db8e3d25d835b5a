"""Recording what happened to sends, and what follows from it, in one transaction.

- Delivered: the row is sent; an overdue reminder queues next week's.
- RetryLater: back to pending with Telegram's retry_after or exponential backoff, until the
  attempts run out (then failed).
- Unreachable (blocked): failed; the person is marked unreachable and their clerks are told once.
- Failed / Skipped: failed / dead, with the reason.
- Deferred: pending again at the given time; the attempt is given back.
When the last row of a broadcast settles, the clerk's report is queued in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from core.roles import Role
from notify.outbox import (
    DEAD,
    FAILED,
    MAX_ATTEMPTS,
    OPEN_STATES,
    PENDING,
    SENDING,
    SENT,
    UNREACHABLE,
    NewNotification,
    backoff,
    enqueue,
)
from notify.outcomes import (
    Claimed,
    Deferred,
    Delivered,
    Failed,
    Outcome,
    RetryLater,
    Skipped,
    Unreachable,
)
from notify.planning import plan_action, plan_person
from storage.engine import Database
from storage.models import (
    Broadcast,
    Membership,
    Notification,
    NotificationKind,
    Person,
)

log = logging.getLogger(__name__)

BROADCAST_REPORT = NotificationKind.BROADCAST_REPORT.value
UNREACHABLE_NOTICE = NotificationKind.UNREACHABLE_NOTICE.value
ACTION_OVERDUE = NotificationKind.ACTION_OVERDUE.value


async def record(
    db: Database,
    item: Claimed,
    outcome: Outcome,
    *,
    now: datetime,
    owner: str,
    max_attempts: int = MAX_ATTEMPTS,
) -> None:
    """Record one send's outcome (see :func:`record_many`)."""
    await record_many(db, [(item, outcome)], now=now, owner=owner, max_attempts=max_attempts)


async def record_many(
    db: Database,
    results: Sequence[tuple[Claimed, Outcome]],
    *,
    now: datetime,
    owner: str,
    max_attempts: int = MAX_ATTEMPTS,
) -> None:
    """Record the outcomes of several finished sends in one transaction, each row by the same
    rules as alone: a delivery always counts; any other outcome only while ``owner`` still
    holds the lease. What follows (an unreachable member's clerks told, an overdue action's
    next reminder, a broadcast's report when its last row settles) comes after every row is
    written, persons and broadcasts locked in id order so that two writers never wait on each
    other in a circle."""
    if not results:
        return
    now = ensure_utc(now)
    delivered = [(item, outcome) for item, outcome in results if isinstance(outcome, Delivered)]
    unreachable: dict[int, str] = {}
    overdue: set[int] = set()
    settled: set[int] = set()
    async with db.write() as session:
        if delivered:
            # A delivery counts whoever holds the lease: no need to read the rows first. One
            # statement for them all (what follows from a row sent twice is done once anyway).
            await session.exec(
                update(Notification)
                .where(
                    col(Notification.id) == bindparam("row_id"),
                    col(Notification.state) != SENT,
                )
                .values(
                    state=SENT,
                    sent_at_utc=now,
                    telegram_message_id=bindparam("message_id"),
                    last_error=None,
                    lease_until_utc=None,
                    lease_owner=None,
                )
                .execution_options(dml_strategy="core_only"),
                params=[
                    {"row_id": item.id, "message_id": outcome.message_id}
                    for item, outcome in delivered
                    if isinstance(outcome, Delivered)
                ],
            )
            for item, _ in delivered:
                if item.kind == ACTION_OVERDUE and item.action_id is not None:
                    overdue.add(item.action_id)
                if item.broadcast_id is not None and item.kind != BROADCAST_REPORT:
                    settled.add(item.broadcast_id)
        results = [
            (item, outcome) for item, outcome in results if not isinstance(outcome, Delivered)
        ]
        ids = sorted({item.id for item, _ in results})
        rows = (
            {
                row.id: row
                for row in (
                    await session.exec(
                        select(Notification)
                        .where(col(Notification.id).in_(ids))
                        .order_by(col(Notification.id))
                    )
                ).all()
            }
            if ids
            else {}
        )
        for item, outcome in results:
            row = rows.get(item.id)
            if row is None:
                continue  # its subject was deleted meanwhile
            if not _apply(row, outcome, now=now, owner=owner, max_attempts=max_attempts):
                continue
            session.add(row)
            if isinstance(outcome, Unreachable) and outcome.blocked and row.person_id is not None:
                unreachable.setdefault(row.person_id, outcome.reason)
            if (
                row.broadcast_id is not None
                and row.kind != BROADCAST_REPORT
                and row.state not in OPEN_STATES
            ):
                settled.add(row.broadcast_id)
        if not (unreachable or overdue or settled):
            return
        await session.flush()
        for person_id in sorted(unreachable):
            await mark_unreachable(session, person_id, reason=unreachable[person_id], now=now)
        for action_id in sorted(overdue):
            await plan_action(session, action_id, now=now)
        for broadcast_id in sorted(settled):
            await finish_broadcast_if_done(session, broadcast_id, now=now)


def _apply(
    row: Notification, outcome: Outcome, *, now: datetime, owner: str, max_attempts: int
) -> bool:
    """Write ``outcome`` (anything but a delivery) on ``row``; False when the row is not ours
    to change."""
    assert not isinstance(outcome, Delivered)
    if row.state != SENDING or row.lease_owner != owner:
        # Our lease ran out and someone else has the row now; theirs is the record.
        log.warning("outbox: %s was taken over while we sent it", row.dedupe_key)
        return False
    elif isinstance(outcome, RetryLater):
        if row.attempts >= max_attempts:
            row.state = FAILED
            row.last_error = f"gave up after {row.attempts} attempts: {outcome.reason}"[:500]
        else:
            wait = outcome.after_seconds
            row.state = PENDING
            row.next_attempt_at_utc = now + timedelta(
                seconds=wait if wait is not None else backoff(row.attempts)
            )
            row.last_error = outcome.reason[:500]
    elif isinstance(outcome, Deferred):
        row.state = PENDING
        row.attempts = max(0, row.attempts - 1)
        row.next_attempt_at_utc = ensure_utc(outcome.until)
        row.last_error = None
    elif isinstance(outcome, Unreachable):
        row.state = FAILED
        row.last_error = f"{UNREACHABLE}{outcome.reason}"[:500]
    elif isinstance(outcome, Failed):
        row.state = FAILED
        row.last_error = outcome.reason[:500]
        log.warning("outbox: %s failed: %s", row.dedupe_key, outcome.reason)
    else:
        assert isinstance(outcome, Skipped)
        row.state = DEAD
        row.last_error = outcome.reason[:500]
        log.info("outbox: %s not sent: %s", row.dedupe_key, outcome.reason)
    row.lease_until_utc = None
    row.lease_owner = None
    return True


async def finish_broadcast_if_done(
    session: AsyncSession, broadcast_id: int, *, now: datetime
) -> bool:
    """When no delivery of the broadcast is still open, queue the clerk's report (once).

    The broadcast's row is locked first. On PostgreSQL the last two deliveries may be recorded
    at once, each transaction still seeing the other's row open: without the lock neither would
    queue the report. With it the second waits, then counts after the first has committed.
    (SQLite's writers take turns anyway.)"""
    broadcast = (
        await session.exec(
            select(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).first()
    if broadcast is None or broadcast.finished_at_utc is not None:
        return False
    still_open = (
        await session.exec(
            select(func.count())
            .select_from(Notification)
            .where(
                Notification.broadcast_id == broadcast_id,
                Notification.kind != BROADCAST_REPORT,
                col(Notification.state).in_(OPEN_STATES),
            )
        )
    ).one()
    if still_open:
        return False
    broadcast.finished_at_utc = now
    session.add(broadcast)
    if broadcast.created_by_person_id is not None:
        key = f"broadcast:{broadcast_id}:report"
        await enqueue(
            session,
            [
                NewNotification(
                    kind=BROADCAST_REPORT,
                    dedupe_key=key,
                    due_at_utc=now,
                    board_id=broadcast.board_id,
                    person_id=broadcast.created_by_person_id,
                    broadcast_id=broadcast_id,
                )
            ],
            now=now,
        )
    return True


async def mark_unreachable(
    session: AsyncSession, person_id: int, *, reason: str, now: datetime
) -> None:
    """Telegram refuses messages to this person: note it, and tell their clerks once.

    The person's row is locked first, so that two sends refused at once (PostgreSQL: recorded
    side by side) do not both find them reachable and tell the clerks twice."""
    person = (
        await session.exec(
            select(Person)
            .where(Person.id == person_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).first()
    if person is None or person.unreachable_since_utc is not None:
        return
    person.unreachable_since_utc = now
    person.unreachable_reason = reason[:200]
    session.add(person)
    boards = select(Membership.board_id).where(Membership.person_id == person_id)
    clerks = (
        await session.exec(
            select(Membership.person_id, Membership.board_id)
            .join(Person, col(Person.id) == col(Membership.person_id))
            .where(
                col(Membership.board_id).in_(boards),
                Membership.role == Role.CLERK.value,
                Membership.person_id != person_id,
                col(Person.telegram_user_id).is_not(None),
            )
            .order_by(col(Membership.board_id))
        )
    ).all()
    told: dict[int, int] = {}
    for clerk_id, board_id in clerks:
        told.setdefault(clerk_id, board_id)
    stamp = int(now.timestamp())
    await enqueue(
        session,
        [
            NewNotification(
                kind=UNREACHABLE_NOTICE,
                dedupe_key=f"unreachable:{person_id}:{stamp}:to:{clerk_id}",
                due_at_utc=now,
                board_id=board_id,
                person_id=clerk_id,
                about_person_id=person_id,
            )
            for clerk_id, board_id in told.items()
        ],
        now=now,
    )
    log.info("person %s is unreachable (%s); %d clerk(s) told", person_id, reason, len(told))


async def mark_reachable(session: AsyncSession, person_id: int, *, now: datetime) -> bool:
    """The person can be messaged again (they unblocked the bot or wrote to it).

    Their reminders are planned again. Returns whether anything changed."""
    person = await session.get(Person, person_id)
    if person is None or person.unreachable_since_utc is None:
        return False
    person.unreachable_since_utc = None
    person.unreachable_reason = None
    session.add(person)
    await session.flush()
    await plan_person(session, person_id, now=now)
    return True
