"""Recording what happened to a send, and what follows from it, in one transaction.

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
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
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
    now = ensure_utc(now)
    async with db.write() as session:
        row = await session.get(Notification, item.id)
        if row is None:
            return  # its subject was deleted meanwhile
        if isinstance(outcome, Delivered):
            if row.state == SENT:
                return
            row.state = SENT
            row.sent_at_utc = now
            row.telegram_message_id = outcome.message_id
            row.last_error = None
        elif row.state != SENDING or row.lease_owner != owner:
            # Our lease ran out and someone else has the row now; theirs is the record.
            log.warning("outbox: %s was taken over while we sent it", row.dedupe_key)
            return
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
            if outcome.blocked and row.person_id is not None:
                await mark_unreachable(session, row.person_id, reason=outcome.reason, now=now)
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
        session.add(row)
        if row.state == SENT and row.kind == ACTION_OVERDUE and row.action_id is not None:
            await session.flush()
            await plan_action(session, row.action_id, now=now)
        if (
            row.broadcast_id is not None
            and row.kind != BROADCAST_REPORT
            and row.state not in OPEN_STATES
        ):
            await session.flush()
            await finish_broadcast_if_done(session, row.broadcast_id, now=now)


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
