"""A broadcast's deliveries: one outbox row per member and one per linked group, and the tally
the clerk's progress message and final report are made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.clock import ensure_utc
from notify.outbox import (
    DEAD,
    FAILED,
    OPEN_STATES,
    SENT,
    UNREACHABLE,
    NewNotification,
    enqueue,
)
from storage.models import (
    BoardChat,
    Broadcast,
    BroadcastKind,
    Membership,
    Notification,
    NotificationKind,
    Person,
)

PUBLICATION = NotificationKind.PUBLICATION.value
BROADCAST = NotificationKind.BROADCAST.value
MEETING_CHANGE = NotificationKind.MEETING_CHANGE.value
# The outbox kind of each broadcast kind's deliveries.
_DELIVERY_KIND = {
    BroadcastKind.PUBLICATION.value: PUBLICATION,
    BroadcastKind.TEXT.value: BROADCAST,
    BroadcastKind.CHANGE.value: MEETING_CHANGE,
}
BROADCAST_REPORT = NotificationKind.BROADCAST_REPORT.value


@dataclass(frozen=True, slots=True)
class Audience:
    members: int
    groups: int


async def queue_broadcast(
    session: AsyncSession, broadcast: Broadcast, *, now: datetime
) -> Audience:
    """Queue the broadcast to every member of its board (linked or not: an unlinked member is
    reported as unreachable) and to each group linked to the board, in the caller's
    transaction. ``broadcast`` must be flushed (have an id)."""
    assert broadcast.id is not None
    now = ensure_utc(now)
    kind = _DELIVERY_KIND[broadcast.kind]
    people = (
        await session.exec(
            select(Membership.person_id)
            .where(Membership.board_id == broadcast.board_id)
            .distinct()
            .order_by(col(Membership.person_id))
        )
    ).all()
    chats = (
        await session.exec(
            select(BoardChat.chat_id)
            .where(BoardChat.board_id == broadcast.board_id)
            .order_by(col(BoardChat.id))
        )
    ).all()

    def row(
        key: str, *, person_id: int | None = None, chat_id: int | None = None
    ) -> NewNotification:
        return NewNotification(
            kind=kind,
            dedupe_key=f"broadcast:{broadcast.id}:{key}",
            due_at_utc=now,
            board_id=broadcast.board_id,
            meeting_id=broadcast.meeting_id,
            broadcast_id=broadcast.id,
            person_id=person_id,
            chat_id=chat_id,
        )

    rows = [row(f"person:{pid}", person_id=pid) for pid in people]
    rows += [row(f"chat:{cid}", chat_id=cid) for cid in chats]
    await enqueue(session, rows, now=now)
    return Audience(members=len(people), groups=len(chats))


@dataclass
class Tally:
    """Where a broadcast's deliveries to members stand (group posts counted apart)."""

    members: int = 0
    delivered: int = 0
    in_progress: int = 0
    unreachable: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    not_sent: list[tuple[str, str]] = field(default_factory=list)
    groups: int = 0
    groups_delivered: int = 0
    groups_failed: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.in_progress == 0


def is_unreachable_reason(reason: str | None) -> bool:
    """Failed because the person cannot be messaged, not because something went wrong."""
    return reason is not None and reason.startswith(UNREACHABLE)


async def tally(session: AsyncSession, broadcast_id: int) -> Tally:
    rows = (
        await session.exec(
            select(Notification, Person.full_name)
            .outerjoin(Person, col(Person.id) == col(Notification.person_id))
            .where(Notification.broadcast_id == broadcast_id, Notification.kind != BROADCAST_REPORT)
            .order_by(col(Person.full_name), col(Notification.id))
        )
    ).all()
    result = Tally()
    for row, name in rows:
        if row.person_id is None:
            result.groups += 1
            if row.state == SENT:
                result.groups_delivered += 1
            elif row.state in (FAILED, DEAD):
                result.groups_failed.append(row.last_error or "unknown error")
            continue
        result.members += 1
        who = name or f"person {row.person_id}"
        if row.state == SENT:
            result.delivered += 1
        elif row.state in OPEN_STATES:
            result.in_progress += 1
        elif row.state == FAILED and is_unreachable_reason(row.last_error):
            result.unreachable.append(who)
        elif row.state == FAILED:
            result.failed.append((who, row.last_error or "unknown error"))
        else:
            result.not_sent.append((who, row.last_error or "not sent"))
    return result
