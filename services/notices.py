"""What a due outbox row is about, decided when it is sent: rows may be stale, so relevance is
checked again (meeting cancelled or started, action done, apologies sent, board muted, member
gone), and the recipient's quiet hours applied.

:func:`due_notice` reads the database once and answers with a :class:`Due` notice (what to
say, as plain values, to which chat, silently or not), or says why nothing is sent
(:class:`~notify.outcomes.Skipped`), not yet (:class:`~notify.outcomes.Deferred`) or to nobody
(:class:`~notify.outcomes.Unreachable`). It knows no channel: the Telegram adapter
(:mod:`bot.notices`) turns a notice into a message with its buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.ics import meeting_ics
from calendars.zones import local_to_utc, to_local
from core.clock import ensure_utc
from core.roles import Role
from core.settings import Settings
from notify.broadcasts import Tally, tally
from notify.leads import parse_lead
from notify.outcomes import Claimed, Deferred, Skipped, Unreachable
from notify.planning import CHASE_LEAD, OPEN_ACTION_STATES, quiet_hours_of
from services.actions.records import RegisteredAction, registered_action
from services.calendar_events import calendar_filename, meeting_event
from services.meeting_changes import ChangeView, latest_change
from services.meetings import meeting_views
from services.views import ActionView, MeetingView
from storage.engine import Database
from storage.models import (
    Action,
    ActionEvent,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    BoardChat,
    Broadcast,
    BroadcastKind,
    Document,
    MeetingStatus,
    Membership,
    MutedBoard,
    Notification,
    NotificationKind,
    NotificationState,
    Person,
    SyncSource,
)

NOT_ON_TELEGRAM = "not on Telegram yet"
BLOCKED = "blocked the bot"

# A calendar file to attach: its file name and its bytes.
CalendarFile = tuple[str, bytes]


# -- what a notice says ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingReminder:
    """A meeting is coming (``chase``: the clerk asks whether the member is coming)."""

    meeting: MeetingView
    chase: bool


@dataclass(frozen=True, slots=True)
class ActionReminder:
    """To an action's owner: it is due soon, or overdue."""

    action: ActionView
    today: date


@dataclass(frozen=True, slots=True)
class ActionEscalation:
    """To a board's clerk: an action is overdue."""

    action: ActionView
    today: date


@dataclass(frozen=True, slots=True)
class MeetingChangeNotice:
    """What changed about a meeting, with its calendar file as it now stands. ``answerable``:
    the recipient is a member who may still say whether they come."""

    change: ChangeView
    meeting: MeetingView
    calendar: CalendarFile | None
    answerable: bool


@dataclass(frozen=True, slots=True)
class TextBroadcast:
    """A clerk's message to the board."""

    board_name: str
    text: str


@dataclass(frozen=True, slots=True)
class Publication:
    """An agenda published, with the meeting's calendar file. ``answerable``: to a member (a
    group gets no buttons)."""

    meeting: MeetingView
    public_items: int
    calendar: CalendarFile | None
    answerable: bool


@dataclass(frozen=True, slots=True)
class BroadcastReport:
    """To the clerk: how a broadcast went."""

    board_name: str
    meeting: MeetingView | None
    tally: Tally
    change: bool


@dataclass(frozen=True, slots=True)
class UnreachableNotice:
    """To a clerk: a member cannot be reached."""

    member_name: str
    board_name: str | None


@dataclass(frozen=True, slots=True)
class LateApology:
    """To a board's clerk: a member sent (or changed) apologies after the agenda went out."""

    member_name: str
    meeting: MeetingView
    reason: str | None
    substitute: str | None


@dataclass(frozen=True, slots=True)
class ActionCantDo:
    """To a board's clerk: an owner pressed [Can't do] and said why."""

    action: RegisteredAction
    owner_name: str | None
    reason: str
    at_utc: datetime


@dataclass(frozen=True, slots=True)
class SitePublished:
    """To a board's clerk: the council's site has published a meeting's agenda; announce it?"""

    meeting: MeetingView


@dataclass(frozen=True, slots=True)
class SourceFailed:
    """To a board's clerk: a sync source could not be read (``site``: its host name)."""

    board_name: str
    site: str
    committee_title: str | None
    reason: str
    advice: str


@dataclass(frozen=True, slots=True)
class Supplement:
    """To a member, in their private chat only: a paper added to a published meeting.
    ``item_number`` / ``item_title``: the item it belongs to (both None: the meeting as a
    whole; an unnumbered item has number "")."""

    meeting: MeetingView
    item_number: str | None
    item_title: str | None
    title: str
    url: str
    restricted: bool


Notice = (
    MeetingReminder
    | ActionReminder
    | ActionEscalation
    | MeetingChangeNotice
    | TextBroadcast
    | Publication
    | BroadcastReport
    | UnreachableNotice
    | LateApology
    | ActionCantDo
    | SitePublished
    | SourceFailed
    | Supplement
)


@dataclass(frozen=True, slots=True)
class Due:
    """A notice to send now to ``chat_id``; ``silent``: without a notification sound (the
    recipient's quiet hours)."""

    notice: Notice
    chat_id: int
    silent: bool = False


@dataclass(frozen=True, slots=True)
class _Say:
    notice: Notice
    silent: bool = False


@dataclass(frozen=True, slots=True)
class _Row:
    """One row being decided, with what every kind needs."""

    session: AsyncSession
    item: Claimed
    person: Person | None
    now: datetime
    settings: Settings


_Decision = _Say | Skipped | Deferred


async def due_notice(
    db: Database, item: Claimed, *, now: datetime, settings: Settings
) -> Due | Skipped | Deferred | Unreachable:
    """What ``item`` says as things stand at ``now`` (one read of the database)."""
    now = ensure_utc(now)
    async with db.read() as session:
        person: Person | None = None
        if item.person_id is not None:
            person = await session.get(Person, item.person_id)
            if person is None:
                return Skipped("the recipient no longer exists")
        elif item.chat_id is None:
            return Skipped("the row has no recipient")
        decide = _DECISIONS.get(item.kind)
        if decide is None:
            return Skipped(f"unknown kind of notification {item.kind!r}")
        decision = await decide(_Row(session, item, person, now, settings))
    if isinstance(decision, Skipped):
        return decision
    if person is not None:
        if person.telegram_user_id is None:
            return Unreachable(NOT_ON_TELEGRAM, blocked=False)
        if person.unreachable_since_utc is not None:
            # Already marked (and the clerks told): Telegram would only refuse again.
            return Unreachable(BLOCKED, blocked=False)
        chat_id = person.telegram_user_id
    else:
        assert item.chat_id is not None
        chat_id = item.chat_id
    if isinstance(decision, Deferred):
        return decision
    return Due(decision.notice, chat_id=chat_id, silent=decision.silent)


# -- shared checks -----------------------------------------------------------------------------


async def _meeting(session: AsyncSession, meeting_id: int | None) -> MeetingView | None:
    if meeting_id is None:
        return None
    return (await meeting_views(session, [meeting_id])).get(meeting_id)


def _meeting_gone(
    meeting: MeetingView | None, now: datetime, *, whole_day: bool = False
) -> Skipped | None:
    """``whole_day``: a meeting whose time is not stated (stored at the start of its day)
    counts as started only once its local day is over."""
    if meeting is None:
        return Skipped("the meeting no longer exists")
    if meeting.status == MeetingStatus.CANCELLED.value:
        return Skipped("meeting cancelled")
    started = meeting.starts_at_utc
    if whole_day and not meeting.time_stated:
        day = to_local(started, meeting.zone).date()
        started = local_to_utc(day + timedelta(days=1), time(), meeting.zone)
    if started <= now:
        return Skipped("meeting has started")
    return None


async def _roles(session: AsyncSession, person_id: int | None, board_id: int) -> set[str]:
    if person_id is None:
        return set()
    rows = await session.exec(
        select(Membership.role).where(
            Membership.person_id == person_id, Membership.board_id == board_id
        )
    )
    return set(rows.all())


async def _zone_of(session: AsyncSession, board_id: int) -> tuple[str, ZoneInfo]:
    board = await session.get(Board, board_id)
    if board is None:
        return "", ZoneInfo("UTC")
    return board.name, ZoneInfo(board.timezone)


def _quiet_now(row: _Row, zone: ZoneInfo) -> bool:
    return row.person is not None and quiet_hours_of(row.person).contains(row.now, zone)


def _wait_for_morning(row: _Row, zone: ZoneInfo) -> Deferred | Skipped | None:
    """Inside the recipient's quiet hours: wait until they end, unless the row expires first."""
    if row.person is None or not _quiet_now(row, zone):
        return None
    until = quiet_hours_of(row.person).ends_after(row.now, zone)
    expires = row.item.expires_at_utc
    if expires is not None and until >= ensure_utc(expires):
        return Skipped("quiet hours until it expired")
    return Deferred(until, "quiet hours")


def _day_lead(lead: str | None) -> bool:
    """Whether a meeting reminder's lead is in days (those wait out quiet hours)."""
    if lead is None:
        return True
    try:
        return parse_lead(lead).in_days
    except ValueError:
        return True


# -- meeting reminders -------------------------------------------------------------------------


async def _meeting_reminder(row: _Row) -> _Decision:
    session, person = row.session, row.person
    meeting = await _meeting(session, row.item.meeting_id)
    gone = _meeting_gone(meeting, row.now)
    if gone is not None:
        return gone
    assert meeting is not None
    if person is None or not await _roles(session, person.id, meeting.board_id):
        return Skipped("no longer a member of the board")
    muted = await session.get(MutedBoard, (person.id, meeting.board_id))
    if muted is not None:
        return Skipped("board muted")
    answer = (
        await session.exec(
            select(Attendance.status).where(
                Attendance.meeting_id == meeting.id, Attendance.person_id == person.id
            )
        )
    ).first()
    if answer == AttendanceStatus.APOLOGIES.value:
        return Skipped("apologies sent")
    chase = row.item.lead == CHASE_LEAD
    if chase and answer is not None:
        return Skipped("answered since the clerk asked")
    if _day_lead(row.item.lead):
        waiting = _wait_for_morning(row, meeting.zone)
        if waiting is not None:
            return waiting
    return _Say(MeetingReminder(meeting, chase=chase))


# -- actions -----------------------------------------------------------------------------------


async def _open_action(row: _Row) -> tuple[Action, str, ZoneInfo, date] | Skipped:
    action = await row.session.get(Action, row.item.action_id) if row.item.action_id else None
    if action is None:
        return Skipped("the action no longer exists")
    if action.status not in OPEN_ACTION_STATES:
        return Skipped("action closed")
    if action.due_on is None:
        return Skipped("action has no due date")
    board_name, zone = await _zone_of(row.session, action.board_id)
    return action, board_name, zone, to_local(row.now, zone).date()


def _action_view(
    action: Action, board_name: str, today: date, *, mine: bool, owner_name: str | None = None
) -> ActionView:
    assert action.id is not None
    return ActionView(
        id=action.id,
        board_id=action.board_id,
        board_name=board_name,
        ref=action.ref,
        description=action.description,
        owner_name=owner_name or action.owner_name,
        due_on=action.due_on,
        status=action.status,
        overdue=action.due_on is not None and action.due_on < today,
        mine=mine,
    )


async def _action_reminder(row: _Row) -> _Decision:
    found = await _open_action(row)
    if isinstance(found, Skipped):
        return found
    action, board_name, zone, today = found
    assert action.id is not None and action.due_on is not None
    if row.person is None or action.owner_id != row.person.id:
        return Skipped("owner changed")
    overdue_kind = row.item.kind == NotificationKind.ACTION_OVERDUE.value
    if overdue_kind and action.due_on >= today:
        return Skipped("no longer overdue")
    waiting = _wait_for_morning(row, zone)
    if waiting is not None:
        return waiting
    view = _action_view(action, board_name, today, mine=True)
    return _Say(ActionReminder(view, today))


async def _action_escalation(row: _Row) -> _Decision:
    found = await _open_action(row)
    if isinstance(found, Skipped):
        return found
    action, board_name, zone, today = found
    assert action.due_on is not None
    if action.due_on >= today:
        return Skipped("no longer overdue")
    person_id = row.person.id if row.person is not None else None
    if Role.CLERK.value not in await _roles(row.session, person_id, action.board_id):
        return Skipped("no longer the board's clerk")
    waiting = _wait_for_morning(row, zone)
    if waiting is not None:
        return waiting
    owner = await row.session.get(Person, action.owner_id) if action.owner_id else None
    owner_name = owner.full_name if owner is not None else None
    view = _action_view(action, board_name, today, mine=False, owner_name=owner_name)
    return _Say(ActionEscalation(view, today))


# -- broadcasts --------------------------------------------------------------------------------


async def _calendar_file(meeting: MeetingView, row: _Row) -> CalendarFile | None:
    """The meeting's .ics as it stands now (public items only), and its file name."""
    event = await meeting_event(row.session, meeting.id)
    if event is None:
        return None
    data = meeting_ics(event, domain=row.settings.calendar_domain, now=row.now)
    return calendar_filename(meeting), data


async def _left_the_board(row: _Row, board_id: int) -> Skipped | None:
    """Skipped when the recipient is no longer the board's: a member who left, a group linked
    to another board since."""
    if row.person is not None:
        if not await _roles(row.session, row.person.id, board_id):
            return Skipped("no longer a member of the board")
        return None
    linked_to = (
        await row.session.exec(
            select(BoardChat.board_id).where(BoardChat.chat_id == row.item.chat_id)
        )
    ).first()
    # An unknown id may be a group that became a supergroup: delivery follows it.
    if linked_to is not None and linked_to != board_id:
        return Skipped("the group is now linked to another board")
    return None


async def _meeting_change(row: _Row) -> _Decision:
    """What changed about a meeting, with its calendar file as it now stands."""
    session, item = row.session, row.item
    change = await latest_change(session, item.broadcast_id) if item.broadcast_id else None
    if change is None:
        return Skipped("the change was withdrawn")
    left = await _left_the_board(row, change.board_id)
    if left is not None:
        return left
    meeting = await _meeting(session, change.meeting_id)
    if meeting is None:
        return Skipped("the meeting no longer exists")
    was = change.old_starts_at_utc or meeting.starts_at_utc
    if max(meeting.starts_at_utc, was) <= row.now:
        return Skipped("meeting has started")
    if change.cancelled is False and meeting.status == MeetingStatus.CANCELLED.value:
        # Cancelled since: the cancellation notice says what matters.
        return Skipped("meeting cancelled since")
    notice = MeetingChangeNotice(
        change,
        meeting,
        calendar=await _calendar_file(meeting, row),
        answerable=row.person is not None and meeting.status == MeetingStatus.SCHEDULED.value,
    )
    return _Say(notice, silent=_quiet_now(row, meeting.zone))


async def _announcement(row: _Row) -> _Decision:
    """An agenda publication or a clerk's message, to one member or one linked group."""
    session, item = row.session, row.item
    broadcast = await session.get(Broadcast, item.broadcast_id) if item.broadcast_id else None
    if broadcast is None:
        return Skipped("the announcement was withdrawn")
    board_name, zone = await _zone_of(session, broadcast.board_id)
    left = await _left_the_board(row, broadcast.board_id)
    if left is not None:
        return left
    silent = _quiet_now(row, zone)
    if item.kind == NotificationKind.BROADCAST.value:
        return _Say(TextBroadcast(board_name, broadcast.text or ""), silent=silent)
    meeting = await _meeting(session, broadcast.meeting_id)
    gone = _meeting_gone(meeting, row.now)
    if gone is not None:
        return gone
    assert meeting is not None
    public_items = (
        await session.exec(
            select(func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, col(AgendaItem.exempt).is_(False))
        )
    ).one()
    notice = Publication(
        meeting,
        int(public_items),
        calendar=await _calendar_file(meeting, row),
        answerable=row.person is not None,
    )
    return _Say(notice, silent=silent)


async def _report(row: _Row) -> _Decision:
    session = row.session
    broadcast = (
        await session.get(Broadcast, row.item.broadcast_id) if row.item.broadcast_id else None
    )
    if broadcast is None or broadcast.id is None:
        return Skipped("the announcement no longer exists")
    board_name, zone = await _zone_of(session, broadcast.board_id)
    meeting = await _meeting(session, broadcast.meeting_id)
    figures = await tally(session, broadcast.id)
    notice = BroadcastReport(
        board_name=board_name,
        meeting=meeting,
        tally=figures,
        change=broadcast.kind == BroadcastKind.CHANGE.value,
    )
    return _Say(notice, silent=_quiet_now(row, zone))


async def _unreachable_notice(row: _Row) -> _Decision:
    session, item = row.session, row.item
    about = await session.get(Person, item.about_person_id) if item.about_person_id else None
    if about is None:
        return Skipped("the member no longer exists")
    if about.unreachable_since_utc is None:
        return Skipped("the member can be reached again")
    board_name: str | None = None
    zone = row.settings.zone
    if item.board_id is not None:
        person_id = row.person.id if row.person is not None else None
        if Role.CLERK.value not in await _roles(session, person_id, item.board_id):
            return Skipped("no longer the board's clerk")
        board_name, zone = await _zone_of(session, item.board_id)
    return _Say(UnreachableNotice(about.full_name, board_name), silent=_quiet_now(row, zone))


async def _late_apology(row: _Row) -> _Decision:
    """To a board's clerk: a member sent (or changed) apologies after the agenda was published."""
    session, item = row.session, row.item
    meeting = await _meeting(session, item.meeting_id)
    gone = _meeting_gone(meeting, row.now)
    if gone is not None:
        return gone
    assert meeting is not None
    person_id = row.person.id if row.person is not None else None
    if Role.CLERK.value not in await _roles(session, person_id, meeting.board_id):
        return Skipped("no longer the board's clerk")
    about = await session.get(Person, item.about_person_id) if item.about_person_id else None
    if about is None:
        return Skipped("the member no longer exists")
    answer = (
        await session.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.person_id == about.id
            )
        )
    ).first()
    if answer is None or answer.status != AttendanceStatus.APOLOGIES.value:
        return Skipped("apologies withdrawn")
    later = (
        await session.exec(
            select(Notification.id).where(
                Notification.kind == item.kind,
                Notification.meeting_id == meeting.id,
                Notification.person_id == person_id,
                Notification.about_person_id == about.id,
                col(Notification.id) > item.id,
                Notification.state != NotificationState.DEAD.value,
            )
        )
    ).first()
    if later is not None:
        return Skipped("a later notice says what is recorded")
    notice = LateApology(
        about.full_name, meeting, reason=answer.reason, substitute=answer.substitute
    )
    return _Say(notice, silent=_quiet_now(row, meeting.zone))


async def _action_cant_do(row: _Row) -> _Decision:
    """To a board's clerk: an owner pressed [Can't do] and said why (the event's reason)."""
    session, item = row.session, row.item
    event_id = int(item.lead) if item.lead and item.lead.isdigit() else None
    event = await session.get(ActionEvent, event_id) if event_id is not None else None
    if event is None or event.action_id != item.action_id:
        return Skipped("the owner's message no longer exists")
    action = await session.get(Action, event.action_id)
    if action is None:
        return Skipped("the action no longer exists")
    if action.status not in OPEN_ACTION_STATES:
        return Skipped("action closed")
    person_id = row.person.id if row.person is not None else None
    if Role.CLERK.value not in await _roles(session, person_id, action.board_id):
        return Skipped("no longer the board's clerk")
    owner = await session.get(Person, event.person_id) if event.person_id else None
    view = await registered_action(session, action)
    notice = ActionCantDo(
        view,
        owner_name=owner.full_name if owner is not None else None,
        reason=event.detail or "",
        at_utc=event.at_utc,
    )
    return _Say(notice, silent=_quiet_now(row, view.zone))


# -- sync sources ------------------------------------------------------------------------------


def _lead_id(row: _Row) -> int | None:
    lead = row.item.lead
    return int(lead) if lead is not None and lead.isdigit() else None


async def _site_published(row: _Row) -> _Decision:
    """To a board's clerk: the council's site published the agenda; announce it?"""
    session = row.session
    meeting = await _meeting(session, row.item.meeting_id)
    gone = _meeting_gone(meeting, row.now, whole_day=True)
    if gone is not None:
        return gone
    assert meeting is not None
    person_id = row.person.id if row.person is not None else None
    if Role.CLERK.value not in await _roles(session, person_id, meeting.board_id):
        return Skipped("no longer the board's clerk")
    published = (
        await session.exec(
            select(Broadcast.id).where(
                Broadcast.meeting_id == meeting.id,
                Broadcast.kind == BroadcastKind.PUBLICATION.value,
            )
        )
    ).first()
    if published is not None:
        return Skipped("published since")
    return _Say(SitePublished(meeting), silent=_quiet_now(row, meeting.zone))


def site_name(base_url: str) -> str:
    """A source's site as people name it: its host (the URL when it has none)."""
    return urlsplit(base_url).hostname or base_url


async def _source_failed(row: _Row) -> _Decision:
    """To a board's clerk: a source failed (once per failing spell); skipped once it works."""
    session = row.session
    source_id = _lead_id(row)
    source = await session.get(SyncSource, source_id) if source_id is not None else None
    if source is None:
        return Skipped("the source no longer exists")
    if source.failing_since_utc is None:
        return Skipped("the source works again")
    person_id = row.person.id if row.person is not None else None
    if Role.CLERK.value not in await _roles(session, person_id, source.board_id):
        return Skipped("no longer the board's clerk")
    board_name, zone = await _zone_of(session, source.board_id)
    reason, _, advice = (source.failure or "").partition("\n")
    notice = SourceFailed(
        board_name=board_name,
        site=site_name(source.base_url),
        committee_title=source.committee_title,
        reason=reason.strip(),
        advice=advice.strip(),
    )
    return _Say(notice, silent=_quiet_now(row, zone))


async def _supplement(row: _Row) -> _Decision:
    """To a member: a paper added to a published meeting (never to a group)."""
    session = row.session
    if row.person is None:
        return Skipped("supplements go to members' private chats only")
    document_id = _lead_id(row)
    document = await session.get(Document, document_id) if document_id is not None else None
    if document is None or document.meeting_id != row.item.meeting_id:
        return Skipped("the paper no longer exists")
    if document.withdrawn_at_utc is not None:
        return Skipped("the paper was withdrawn from the council's site")
    meeting = await _meeting(session, document.meeting_id)
    gone = _meeting_gone(meeting, row.now, whole_day=True)
    if gone is not None:
        return gone
    assert meeting is not None
    left = await _left_the_board(row, meeting.board_id)
    if left is not None:
        return left
    item = await session.get(AgendaItem, document.item_id) if document.item_id else None
    notice = Supplement(
        meeting=meeting,
        item_number=item.number if item is not None else None,
        item_title=item.title if item is not None else None,
        title=document.title,
        url=document.url,
        restricted=document.restricted,
    )
    return _Say(notice, silent=_quiet_now(row, meeting.zone))


_DECISIONS: dict[str, Callable[[_Row], Awaitable[_Decision]]] = {
    NotificationKind.MEETING_REMINDER.value: _meeting_reminder,
    NotificationKind.ACTION_NUDGE.value: _action_reminder,
    NotificationKind.ACTION_OVERDUE.value: _action_reminder,
    NotificationKind.ACTION_ESCALATION.value: _action_escalation,
    NotificationKind.PUBLICATION.value: _announcement,
    NotificationKind.BROADCAST.value: _announcement,
    NotificationKind.BROADCAST_REPORT.value: _report,
    NotificationKind.UNREACHABLE_NOTICE.value: _unreachable_notice,
    NotificationKind.MEETING_CHANGE.value: _meeting_change,
    NotificationKind.ACTION_CANT_DO.value: _action_cant_do,
    NotificationKind.LATE_APOLOGY.value: _late_apology,
    NotificationKind.SITE_PUBLISHED.value: _site_published,
    NotificationKind.SOURCE_FAILED.value: _source_failed,
    NotificationKind.SUPPLEMENT.value: _supplement,
}


# -- the clerk's progress message ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    """Where a broadcast's progress message is, and the figures it should show now."""

    chat_id: int
    message_id: int
    board_name: str
    meeting: MeetingView | None
    tally: Tally
    finished: bool
    change: bool


async def broadcast_progress(db: Database, broadcast_id: int) -> BroadcastProgress | None:
    """The progress message's place and figures; None when the broadcast has none."""
    async with db.read() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        if (
            broadcast is None
            or broadcast.progress_chat_id is None
            or broadcast.progress_message_id is None
        ):
            return None
        board_name, _ = await _zone_of(session, broadcast.board_id)
        meeting = await _meeting(session, broadcast.meeting_id)
        figures = await tally(session, broadcast_id)
        return BroadcastProgress(
            chat_id=broadcast.progress_chat_id,
            message_id=broadcast.progress_message_id,
            board_name=board_name,
            meeting=meeting,
            tally=figures,
            finished=broadcast.finished_at_utc is not None,
            change=broadcast.kind == BroadcastKind.CHANGE.value,
        )
