"""Which reminders should exist, reconciled with the outbox in the caller's transaction.

Called wherever a cause changes: an import (meetings moved, actions added), apologies, a member
linking their Telegram account, their settings, an action closed. Pending rows are re-timed or
killed; rows already sent are never queued again (the dedupe key is unique).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import local_to_utc, to_local
from core.clock import ensure_utc
from core.roles import Role
from notify.leads import NUDGE_TIME, Lead, QuietHours, parse_leads
from notify.outbox import DEAD, FAILED, PENDING, NewNotification, cancel, enqueue
from storage.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Board,
    FormerMembership,
    Meeting,
    MeetingStatus,
    Membership,
    MutedBoard,
    Notification,
    NotificationKind,
    Person,
)

log = logging.getLogger(__name__)

MEETING_REMINDER = NotificationKind.MEETING_REMINDER.value
ACTION_NUDGE = NotificationKind.ACTION_NUDGE.value
ACTION_OVERDUE = NotificationKind.ACTION_OVERDUE.value
ACTION_ESCALATION = NotificationKind.ACTION_ESCALATION.value
ACTION_KINDS = (ACTION_NUDGE, ACTION_OVERDUE, ACTION_ESCALATION)
OPEN_ACTION_STATES = (ActionStatus.OPEN.value, ActionStatus.CARRIED_FORWARD.value)
# Nudges before an action's due date: (days before, label).
ACTION_NUDGES = ((7, "7d"), (1, "1d"), (0, "due"))


def leads_for(person: Person, board: Board) -> tuple[Lead, ...]:
    """The member's own lead times, else the board's; an unreadable value falls back."""
    for text in (person.reminder_leads, board.reminder_leads):
        if text is None:
            continue
        try:
            return parse_leads(text)
        except ValueError:
            log.warning("unreadable reminder lead times %r ignored", text)
    return parse_leads("7d,1d,2h")


def quiet_hours_of(person: Person) -> QuietHours:
    return QuietHours.of(person.quiet_start_minute, person.quiet_end_minute)


# The lead of a clerk's chase ("are you coming?"), queued on demand rather than planned.
CHASE_LEAD = "chase"


def meeting_reminder_key(meeting_id: int, person_id: int, lead: Lead | str) -> str:
    return f"meeting:{meeting_id}:person:{person_id}:{lead}"


async def _reconcile(
    session: AsyncSession,
    existing: Iterable[Notification],
    desired: dict[str, NewNotification],
    *,
    now: datetime,
    why_not: dict[int, str],
    default_reason: str,
) -> None:
    """Bring the outbox rows for one subject in line with ``desired``."""
    known: set[str] = set()
    kill: dict[str, list[int]] = {}
    for row in existing:
        assert row.id is not None
        known.add(row.dedupe_key)
        want = desired.get(row.dedupe_key)
        if row.state == PENDING:
            if want is None:
                reason = why_not.get(row.person_id or 0, default_reason)
                kill.setdefault(reason, []).append(row.id)
            elif (want.due_at_utc, want.expires_at_utc) != (row.due_at_utc, row.expires_at_utc):
                if want.due_at_utc < now:
                    kill.setdefault("its time passed when the plan changed", []).append(row.id)
                else:
                    row.due_at_utc = row.next_attempt_at_utc = want.due_at_utc
                    row.expires_at_utc = want.expires_at_utc
                    session.add(row)
        elif (
            row.state in (DEAD, FAILED)
            and want is not None
            and row.sent_at_utc is None
            and want.due_at_utc >= now
        ):
            # Wanted again (apologies withdrawn, board unmuted, member back): revive it.
            row.state = PENDING
            row.attempts = 0
            row.last_error = None
            row.due_at_utc = row.next_attempt_at_utc = want.due_at_utc
            row.expires_at_utc = want.expires_at_utc
            session.add(row)
    for reason, ids in kill.items():
        await cancel(session, ids, reason=reason)
    fresh = [want for key, want in desired.items() if key not in known and want.due_at_utc >= now]
    await enqueue(session, fresh, now=now)


async def _linked_members(
    session: AsyncSession, board_id: int, person_ids: Collection[int] | None
) -> list[Person]:
    query = (
        select(Person)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.board_id == board_id, col(Person.telegram_user_id).is_not(None))
        .distinct()
    )
    if person_ids is not None:
        query = query.where(col(Person.id).in_(list(person_ids)))
    return list((await session.exec(query)).all())


async def _muted(session: AsyncSession, board_id: int) -> set[int]:
    rows = await session.exec(select(MutedBoard.person_id).where(MutedBoard.board_id == board_id))
    return set(rows.all())


async def plan_meeting(
    session: AsyncSession,
    meeting_id: int,
    *,
    now: datetime,
    person_ids: Collection[int] | None = None,
) -> None:
    """Reminders for one meeting, for every linked member (or only ``person_ids``)."""
    now = ensure_utc(now)
    query = select(Notification).where(
        Notification.meeting_id == meeting_id,
        Notification.kind == MEETING_REMINDER,
        # A clerk's one-off chase of members who have not replied is not a planned lead.
        or_(col(Notification.lead).is_(None), col(Notification.lead) != CHASE_LEAD),
    )
    if person_ids is not None:
        query = query.where(col(Notification.person_id).in_(list(person_ids)))
    existing = list((await session.exec(query)).all())
    meeting = await session.get(Meeting, meeting_id)
    desired: dict[str, NewNotification] = {}
    why_not: dict[int, str] = {}
    if meeting is None or meeting.status == MeetingStatus.CANCELLED.value:
        reason = "meeting cancelled"
    elif meeting.starts_at_utc <= now:
        reason = "meeting has started"
    else:
        reason = "lead time no longer chosen"
        board = await session.get(Board, meeting.board_id)
        assert board is not None and meeting.id is not None
        zone = ZoneInfo(board.timezone)
        muted = await _muted(session, board.id or 0)
        apologies = set(
            (
                await session.exec(
                    select(Attendance.person_id).where(
                        Attendance.meeting_id == meeting.id,
                        Attendance.status == AttendanceStatus.APOLOGIES.value,
                    )
                )
            ).all()
        )
        for person in await _linked_members(session, meeting.board_id, person_ids):
            assert person.id is not None
            if person.id in muted:
                why_not[person.id] = "board muted"
                continue
            if person.id in apologies:
                why_not[person.id] = "apologies sent"
                continue
            desired.update(_meeting_reminders(meeting, board, person, zone))
    await _reconcile(session, existing, desired, now=now, why_not=why_not, default_reason=reason)


def _meeting_reminders(
    meeting: Meeting, board: Board, person: Person, zone: ZoneInfo
) -> dict[str, NewNotification]:
    assert meeting.id is not None and person.id is not None
    start = meeting.starts_at_utc
    quiet = quiet_hours_of(person)
    leads = leads_for(person, board)
    if meeting.time_stated:
        moments = [lead.before(start, zone) for lead in leads]
    else:
        # Known by its date alone (a council's site gives no time yet): the day reminders, each
        # in the morning; an hour's lead before an unknown time means nothing.
        leads = tuple(lead for lead in leads if lead.in_days)
        day = to_local(start, zone).date()
        moments = [_on(day - timedelta(days=lead.amount), zone) for lead in leads]
    planned: dict[str, NewNotification] = {}
    for index, lead in enumerate(leads):
        # Useful until the next, shorter reminder takes over (or the meeting starts).
        deadline = min(moments[index + 1], start) if index + 1 < len(leads) else start
        due = (
            moments[index] if lead.urgent else quiet.place(moments[index], zone, deadline=deadline)
        )
        if due >= deadline:
            continue
        key = meeting_reminder_key(meeting.id, person.id, lead)
        planned[key] = NewNotification(
            kind=MEETING_REMINDER,
            dedupe_key=key,
            due_at_utc=due,
            expires_at_utc=deadline,
            board_id=board.id,
            person_id=person.id,
            meeting_id=meeting.id,
            lead=str(lead),
        )
    return planned


def _on(day: date, zone: ZoneInfo) -> datetime:
    return local_to_utc(day, NUDGE_TIME, zone)


async def plan_action(session: AsyncSession, action_id: int, *, now: datetime) -> None:
    """Nudges to an action's owner (7 days and 1 day before, the morning it is due), a weekly
    reminder while overdue, and one escalation to the board's clerks after the board's limit."""
    now = ensure_utc(now)
    existing = list(
        (
            await session.exec(
                select(Notification).where(
                    Notification.action_id == action_id,
                    col(Notification.kind).in_(ACTION_KINDS),
                )
            )
        ).all()
    )
    action = await session.get(Action, action_id)
    desired: dict[str, NewNotification] = {}
    if action is None or action.status not in OPEN_ACTION_STATES:
        reason = "action closed"
    elif action.due_on is None:
        reason = "action has no due date"
    else:
        reason = "owner changed"
        board = await session.get(Board, action.board_id)
        assert board is not None
        desired = await _action_notices(session, action, board, now=now, existing=existing)
    await _reconcile(session, existing, desired, now=now, why_not={}, default_reason=reason)


async def _left_board(session: AsyncSession, board: Board, person: Person) -> bool:
    """Whether ``person`` was a member of ``board`` and holds no role on it now."""
    current = await session.exec(
        select(Membership.id).where(
            Membership.board_id == board.id, Membership.person_id == person.id
        )
    )
    if current.first() is not None:
        return False
    former = await session.exec(
        select(FormerMembership.id).where(
            FormerMembership.board_id == board.id, FormerMembership.person_id == person.id
        )
    )
    return former.first() is not None


async def _action_notices(
    session: AsyncSession,
    action: Action,
    board: Board,
    *,
    now: datetime,
    existing: list[Notification],
) -> dict[str, NewNotification]:
    assert action.id is not None and action.due_on is not None
    zone = ZoneInfo(board.timezone)
    due_on = action.due_on
    planned: dict[str, NewNotification] = {}

    def add(
        kind: str, key: str, due: datetime, expires: datetime | None, **who: int | None
    ) -> None:
        planned[key] = NewNotification(
            kind=kind,
            dedupe_key=key,
            due_at_utc=due,
            expires_at_utc=expires,
            board_id=board.id,
            action_id=action.id,
            lead=key.rsplit(":", 1)[-1],
            **who,
        )

    owner = await session.get(Person, action.owner_id) if action.owner_id else None
    if owner is not None and await _left_board(session, board, owner):
        # A former member (retired, or no longer listed) is not chased: the clerks' register
        # and escalation still show the action, which needs a new owner.
        owner = None
    if owner is not None and owner.telegram_user_id is not None:
        assert owner.id is not None
        quiet = quiet_hours_of(owner)
        end_of_due_day = _on(due_on + timedelta(days=1), zone)
        moments = [_on(due_on - timedelta(days=days), zone) for days, _ in ACTION_NUDGES]
        for index, (_, label) in enumerate(ACTION_NUDGES):
            deadline = moments[index + 1] if index + 1 < len(moments) else end_of_due_day
            due = quiet.place(moments[index], zone, deadline=deadline)
            key = f"action:{action.id}:person:{owner.id}:{label}"
            add(ACTION_NUDGE, key, due, deadline, person_id=owner.id)
        # Weekly while overdue: the next weekly slot from now; a slot already due but not
        # yet sent (the process was down) is kept.
        week = 1
        while _on(due_on + timedelta(weeks=week), zone) < now:
            week += 1
        prefix = f"action:{action.id}:person:{owner.id}:week-"
        for row in existing:
            if row.dedupe_key.startswith(prefix) and row.state == PENDING:
                add(
                    ACTION_OVERDUE,
                    row.dedupe_key,
                    row.due_at_utc,
                    row.expires_at_utc,
                    person_id=owner.id,
                )
        at = _on(due_on + timedelta(weeks=week), zone)
        add(
            ACTION_OVERDUE,
            f"{prefix}{week}",
            quiet.place(at, zone),
            at + timedelta(weeks=1),
            person_id=owner.id,
        )
    escalate_at = _on(due_on + timedelta(days=board.escalate_after_days), zone)
    for clerk in await board_clerks(session, board.id or 0):
        assert clerk.id is not None
        if clerk.id == action.owner_id:
            continue
        key = f"action:{action.id}:escalate:{clerk.id}"
        add(ACTION_ESCALATION, key, escalate_at, None, person_id=clerk.id)
    return planned


async def board_clerks(session: AsyncSession, board_id: int) -> list[Person]:
    """The board's clerks who can be messaged."""
    rows = await session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(
            Membership.board_id == board_id,
            Membership.role == Role.CLERK.value,
            col(Person.telegram_user_id).is_not(None),
        )
        .distinct()
    )
    return list(rows.all())


async def plan_board(session: AsyncSession, board_id: int, *, now: datetime) -> None:
    """Everything ahead for one board: its upcoming meetings and open actions."""
    now = ensure_utc(now)
    meetings = await session.exec(
        select(Meeting.id).where(Meeting.board_id == board_id, Meeting.starts_at_utc > now)
    )
    for meeting_id in list(meetings.all()):
        assert meeting_id is not None
        await plan_meeting(session, meeting_id, now=now)
    actions = await session.exec(
        select(Action.id).where(
            Action.board_id == board_id,
            col(Action.status).in_(OPEN_ACTION_STATES),
            col(Action.due_on).is_not(None),
        )
    )
    for action_id in list(actions.all()):
        assert action_id is not None
        await plan_action(session, action_id, now=now)


async def plan_person(session: AsyncSession, person_id: int, *, now: datetime) -> None:
    """Everything ahead for one person (after linking Telegram, changing settings)."""
    now = ensure_utc(now)
    boards = list(
        (
            await session.exec(
                select(Membership.board_id).where(Membership.person_id == person_id).distinct()
            )
        ).all()
    )
    if not boards:
        return
    meetings = await session.exec(
        select(Meeting.id).where(col(Meeting.board_id).in_(boards), Meeting.starts_at_utc > now)
    )
    for meeting_id in list(meetings.all()):
        assert meeting_id is not None
        await plan_meeting(session, meeting_id, now=now, person_ids=[person_id])
    actions = await session.exec(
        select(Action.id).where(
            col(Action.board_id).in_(boards),
            col(Action.status).in_(OPEN_ACTION_STATES),
            col(Action.due_on).is_not(None),
        )
    )
    for action_id in list(actions.all()):
        assert action_id is not None
        await plan_action(session, action_id, now=now)
