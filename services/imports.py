"""Storing a read pack: one transaction, so a failed import leaves the database as it was.

A pack's meeting keeps its identity across re-imports (same board, same local day, or the
same source document within a few weeks when the meeting was moved), its agenda rows are
updated in place, and what changed is returned as a :class:`ChangeSet`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import local_to_utc, to_local
from core.errors import ImportFailed
from notify.planning import OPEN_ACTION_STATES, plan_action, plan_board
from packs.model import ActionRecord, Member, Pack, Resolution
from packs.model import AgendaItem as PackItem
from services import messages
from services.actions.records import EVENT_CARRIED_FORWARD, EVENT_CLOSED_BY_MINUTES
from services.boards import get_or_create_board
from services.meeting_changes import agenda_changes, record_change
from services.people import ensure_membership, person_for_board
from services.views import ChangeSet, ImportSummary, ItemChange
from storage.engine import Database
from storage.models import (
    Action,
    ActionEvent,
    ActionStatus,
    AgendaItem,
    Board,
    Decision,
    Meeting,
    Membership,
    Person,
)

# The pack's word for a finished action, mapped to the register's.
_ACTION_STATUS = {
    "open": ActionStatus.OPEN,
    "completed": ActionStatus.DONE,
    "carried-forward": ActionStatus.CARRIED_FORWARD,
}
# An action in a pack is one already on record when its words are this similar (rapidfuzz ratio
# of the case- and space-folded descriptions): a typo or two in the minutes, not another action.
CARRY_FORWARD_MATCH = 92.0
_OPEN_STATES = OPEN_ACTION_STATES
_OPEN = ActionStatus.OPEN.value
# A re-issued pack whose meeting moved to another day is still the same meeting.
MOVED_MEETING_WINDOW = timedelta(days=60)
# Agenda item details compared on re-import (the title has its own "retitled" change).
_ITEM_DETAILS = (
    "presenter",
    "presenter_role",
    "report_number",
    "pages_first",
    "pages_last",
    "duration_minutes",
    "purpose",
    "exempt",
)


def _width(column: Any) -> int:
    """How many characters a text column holds."""
    length: int = column.type.length
    return length


class _Fitter:
    """Cuts a pack's text to the width of the column it is stored in.

    A pack is read, not trusted, and PostgreSQL refuses text longer than its column where
    SQLite would keep it: cut here, both store the same. Each cut is one warning."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def __call__(self, value: str | None, column: Any, what: str) -> str | None:
        width = _width(column)
        if value is None or len(value) <= width:
            return value
        self.warnings.append(f"{what} was longer than {width} characters and was cut short")
        return value[: width - 1].rstrip() + "…"

    def whole_or_none(self, value: str | None, column: Any, what: str) -> str | None:
        """For values a cut would break (a link): left out instead."""
        width = _width(column)
        if value is None or len(value) <= width:
            return value
        self.warnings.append(f"{what} was longer than {width} characters and was left out")
        return None

    def text(self, value: str, column: Any, what: str) -> str:
        fitted = self(value, column, what)
        assert fitted is not None
        return fitted


def _fitted_item(fit: _Fitter, item: PackItem) -> PackItem:
    number = fit.text(item.number, col(AgendaItem.number), f"Item {item.number[:20]}'s number")
    return replace(
        item,
        number=number,
        title=fit.text(item.title, col(AgendaItem.title), f"Item {number}'s title"),
        presenter=fit(item.presenter, col(AgendaItem.presenter), f"Item {number}'s presenter"),
        presenter_role=fit(
            item.presenter_role, col(AgendaItem.presenter_role), f"Item {number}'s presenter's role"
        ),
        report_number=fit(
            item.report_number, col(AgendaItem.report_number), f"Item {number}'s report number"
        ),
        purpose=fit(item.purpose, col(AgendaItem.purpose), f"Item {number}'s purpose"),
    )


def _fitted_member(fit: _Fitter, member: Member) -> Member:
    name = fit.text(member.name, col(Person.full_name), "A member's name")
    return replace(
        member, name=name, title=fit(member.title, col(Membership.title), f"{name}'s title")
    )


def _fitted(pack: Pack) -> Pack:
    """``pack`` with every text that will be stored no wider than its column."""
    fit = _Fitter()
    fitted = replace(
        pack,
        source=fit.text(pack.source, col(Meeting.source), "The pack's file name"),
        body=fit(pack.body, col(Board.name), "The board's name"),
        organisation=fit(pack.organisation, col(Board.organisation), "The organisation's name"),
        meeting=replace(
            pack.meeting,
            location=fit(pack.meeting.location, col(Meeting.location), "The meeting's place"),
            remote_link=fit.whole_or_none(
                pack.meeting.remote_link, col(Meeting.remote_link), "The meeting's link"
            ),
        ),
        next_meeting=None
        if pack.next_meeting is None
        else replace(
            pack.next_meeting,
            location=fit(
                pack.next_meeting.location, col(Meeting.location), "The next meeting's place"
            ),
        ),
        agenda=[_fitted_item(fit, item) for item in pack.agenda],
        members=[_fitted_member(fit, member) for member in pack.members],
        actions=[
            replace(
                action,
                ref=fit(action.ref, col(Action.ref), "An action's reference"),
                description=fit.text(
                    action.description, col(Action.description), "An action's description"
                ),
                owner=fit(action.owner, col(Action.owner_name), "An action owner's name"),
            )
            for action in pack.actions
        ],
        resolutions=[
            replace(
                resolution,
                item=fit(resolution.item, col(Decision.item), "A resolution's item number"),
                text=fit.text(resolution.text, col(Decision.text), "A resolution's text"),
            )
            for resolution in pack.resolutions
        ],
    )
    fitted.warnings = [*pack.warnings, *fit.warnings]
    return fitted


@dataclass(slots=True)
class _MeetingUpsert:
    meeting: Meeting
    created: bool
    changes: ChangeSet


async def _find_meeting(
    session: AsyncSession, *, board: Board, starts_at: datetime, source: str | None
) -> Meeting | None:
    """The board's meeting on the same local day, else one from the same document nearby."""
    assert board.id is not None
    zone = ZoneInfo(board.timezone)
    day = to_local(starts_at, zone).date()
    meetings = (
        await session.exec(
            select(Meeting)
            .where(Meeting.board_id == board.id)
            .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
        )
    ).all()
    for meeting in meetings:
        if to_local(meeting.starts_at_utc, zone).date() == day:
            return meeting
    if source is None:
        return None
    nearby = [
        meeting
        for meeting in meetings
        if meeting.source == source
        and abs(meeting.starts_at_utc - starts_at) <= MOVED_MEETING_WINDOW
    ]
    return min(nearby, key=lambda m: abs(m.starts_at_utc - starts_at), default=None)


async def _upsert_meeting(
    session: AsyncSession,
    *,
    board: Board,
    starts_at: datetime,
    location: str | None,
    remote_link: str | None,
    source: str | None,
    now: datetime,
) -> _MeetingUpsert:
    """Find the board's meeting (see :func:`_find_meeting`) and update it, or create it."""
    assert board.id is not None
    starts_at = starts_at.astimezone(UTC)
    meeting = await _find_meeting(session, board=board, starts_at=starts_at, source=source)
    if meeting is None:
        meeting = Meeting(
            board_id=board.id,
            starts_at_utc=starts_at,
            location=location,
            remote_link=remote_link,
            source=source,
            created_at_utc=now,
            updated_at_utc=now,
        )
        session.add(meeting)
        await session.flush()
        return _MeetingUpsert(meeting=meeting, created=True, changes=ChangeSet())
    changes = ChangeSet()
    if source is None and meeting.source is not None:
        # Another pack's mention of this meeting ("next meeting: ...") never overrides the
        # meeting's own pack.
        return _MeetingUpsert(meeting=meeting, created=False, changes=changes)
    if meeting.starts_at_utc != starts_at:
        changes.moved_from_utc, changes.moved_to_utc = meeting.starts_at_utc, starts_at
        meeting.starts_at_utc = starts_at
    if location and meeting.location != location:
        changes.place_from, changes.place_to = meeting.location, location
        meeting.location = location
    if remote_link and meeting.remote_link != remote_link:
        changes.remote_link_changed = True
        meeting.remote_link = remote_link
    if source is not None:
        meeting.source = source
    session.add(meeting)
    return _MeetingUpsert(meeting=meeting, created=False, changes=changes)


def _item_values(item: PackItem, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "title": item.title,
        "presenter": item.presenter,
        "presenter_role": item.presenter_role,
        "report_number": item.report_number,
        "pages_first": item.pages[0] if item.pages else None,
        "pages_last": item.pages[1] if item.pages else None,
        "duration_minutes": item.duration_minutes,
        "purpose": item.purpose,
        "exempt": item.exempt,
    }


async def _sync_agenda(
    session: AsyncSession, *, meeting: Meeting, items: list[PackItem], changes: ChangeSet
) -> None:
    """Make the meeting's agenda rows match ``items``, keeping the rows of unchanged numbers."""
    assert meeting.id is not None
    existing = {
        row.number: row
        for row in (
            await session.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting.id)
                .order_by(col(AgendaItem.position))
            )
        ).all()
    }
    wanted = {item.number for item in items}
    for number, gone in existing.items():
        if number not in wanted:
            changes.items_removed.append(
                ItemChange(number=number, title=gone.title, exempt=gone.exempt)
            )
            await session.delete(gone)
    # Park kept rows on negative positions first: (meeting, position) is unique.
    for kept in existing.values():
        if kept.number in wanted:
            kept.position = -kept.position - 1
            session.add(kept)
    await session.flush()
    for position, item in enumerate(items, start=1):
        values = _item_values(item, position)
        row = existing.get(item.number)
        if row is None:
            session.add(AgendaItem(meeting_id=meeting.id, number=item.number, **values))
            changes.items_added.append(
                ItemChange(number=item.number, title=item.title, exempt=item.exempt)
            )
            continue
        if row.title != item.title:
            changes.items_retitled.append(
                ItemChange(
                    number=item.number,
                    title=item.title,
                    previous_title=row.title,
                    exempt=item.exempt or row.exempt,
                )
            )
        changed = tuple(name for name in _ITEM_DETAILS if getattr(row, name) != values[name])
        if changed:
            changes.items_updated.append(
                ItemChange(number=item.number, title=item.title, fields=changed)
            )
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)


async def _store_members(session: AsyncSession, *, board: Board, pack: Pack) -> None:
    """Find or create the pack's members as people of the board, with their role and title."""
    for member in pack.members:
        person = await person_for_board(session, board=board, name=member.name)
        await ensure_membership(
            session, board=board, person=person, role=member.role, title=member.title
        )


def _description_key(text: str) -> str:
    """A description compared case- and space-insensitively."""
    return " ".join(text.casefold().split())


async def _known_action(
    session: AsyncSession, *, board: Board, meeting: Meeting, record: ActionRecord
) -> Action | None:
    """The board's action this record is about: same ref and words, else the same words
    (case, spacing and a typo or two aside) on an action from another meeting or a clerk, or
    of the same ref at this meeting (a re-issued pack)."""
    exact = (
        await session.exec(
            select(Action)
            .where(
                Action.board_id == board.id,
                Action.ref == record.ref,
                Action.description == record.description,
            )
            .order_by(col(Action.id))
        )
    ).first()
    if exact is not None:
        return exact
    key = _description_key(record.description)
    best: tuple[float, bool, bool, datetime] | None = None
    found: Action | None = None
    # In id order, so that equal ranks fall to the same action on every database.
    others = await session.exec(
        select(Action)
        .where(Action.board_id == board.id, Action.meeting_id != meeting.id)
        .order_by(col(Action.id))
    )
    nulls = await session.exec(
        select(Action)
        .where(Action.board_id == board.id, col(Action.meeting_id).is_(None))
        .order_by(col(Action.id))
    )
    # A re-issued pack of the same meeting: its own action of the same ref, words corrected.
    reissued = await session.exec(
        select(Action)
        .where(
            Action.board_id == board.id,
            Action.meeting_id == meeting.id,
            col(Action.ref).is_not(None),
            Action.ref == record.ref,
        )
        .order_by(col(Action.id))
    )
    for action in [*others.all(), *nulls.all(), *reissued.all()]:
        score = fuzz.ratio(key, _description_key(action.description))
        if score < CARRY_FORWARD_MATCH:
            continue
        # Best words first; then the same ref, an open action, the latest.
        rank = (
            score,
            action.ref == record.ref,
            action.status in _OPEN_STATES,
            action.created_at_utc,
        )
        if best is None or rank > best:
            best, found = rank, action
    return found


async def _meeting_start(session: AsyncSession, action: Action) -> datetime:
    """When the meeting the action was last minuted at started (a clerk's: when added)."""
    stored = await session.get(Meeting, action.meeting_id) if action.meeting_id else None
    return stored.starts_at_utc if stored is not None else action.created_at_utc


async def _carry_forward(
    session: AsyncSession,
    *,
    action: Action,
    meeting: Meeting,
    record: ActionRecord,
    owner: Person | None,
    now: datetime,
) -> None:
    """Bring a stored action up to date with a pack that mentions it again.

    Completed in the minutes: closed ("closed-by-minutes"), its nudges stopped. Still open in
    a later meeting's pack: carried forward (one event per meeting). An action done or dropped
    in Quorum is never reopened, and an older pack changes nothing else.
    """
    assert action.id is not None and meeting.id is not None
    newer = meeting.starts_at_utc > await _meeting_start(session, action)
    same = action.meeting_id == meeting.id
    closed = action.status not in _OPEN_STATES
    wanted = _ACTION_STATUS[record.status]
    if wanted is ActionStatus.DONE and not closed:
        action.status = ActionStatus.DONE.value
        action.updated_at_utc = now
        session.add(action)
        session.add(
            ActionEvent(
                action_id=action.id,
                kind=EVENT_CLOSED_BY_MINUTES,
                detail=_minutes_of(meeting),
                at_utc=now,
            )
        )
        await session.flush()
        await plan_action(session, action.id, now=now)
    if not (newer or same):
        return
    changed = False
    details = {
        "ref": record.ref,
        "owner_id": owner.id if owner else None,
        "owner_name": record.owner,
        "due_on": record.due,
    }
    for name, value in details.items():
        if value is not None and getattr(action, name) != value:
            setattr(action, name, value)
            changed = True
    if newer and not closed and wanted is not ActionStatus.DONE:
        action.meeting_id = meeting.id
        action.status = ActionStatus.CARRIED_FORWARD.value
        changed = True
        session.add(
            ActionEvent(
                action_id=action.id,
                kind=EVENT_CARRIED_FORWARD,
                detail=_minutes_of(meeting),
                at_utc=now,
            )
        )
    elif same and wanted is ActionStatus.CARRIED_FORWARD and action.status == _OPEN:
        # A re-issued pack may say "carried forward"; it never turns that back into "open".
        action.status = wanted.value
        changed = True
    if changed:
        action.updated_at_utc = now
        session.add(action)


def _minutes_of(meeting: Meeting) -> str:
    return f"Meeting of {meeting.starts_at_utc.date().isoformat()} (#{meeting.id})"


async def _store_action(
    session: AsyncSession, *, board: Board, meeting: Meeting, record: ActionRecord, now: datetime
) -> None:
    """Carry forward the action ``record`` is about, or store it as a new one."""
    assert board.id is not None
    owner = (
        await person_for_board(session, board=board, name=record.owner) if record.owner else None
    )
    existing = await _known_action(session, board=board, meeting=meeting, record=record)
    if existing is not None:
        await _carry_forward(
            session, action=existing, meeting=meeting, record=record, owner=owner, now=now
        )
        return
    session.add(
        Action(
            board_id=board.id,
            description=record.description,
            created_at_utc=now,
            updated_at_utc=now,
            meeting_id=meeting.id,
            ref=record.ref,
            owner_id=owner.id if owner else None,
            owner_name=record.owner,
            due_on=record.due,
            status=_ACTION_STATUS[record.status].value,
        )
    )
    # Later records of this pack look among the actions stored so far.
    await session.flush()


async def _meeting_on(session: AsyncSession, *, board: Board, day: date) -> Meeting | None:
    """The board's meeting on the local ``day`` (its zone), if one is on record."""
    zone = ZoneInfo(board.timezone)
    return (
        await session.exec(
            select(Meeting)
            .where(
                col(Meeting.board_id) == board.id,
                col(Meeting.starts_at_utc) >= local_to_utc(day, time(), zone),
                col(Meeting.starts_at_utc) < local_to_utc(day + timedelta(days=1), time(), zone),
            )
            .order_by(col(Meeting.starts_at_utc))
        )
    ).first()


async def _store_resolution(
    session: AsyncSession, *, board: Board, meeting_id: int | None, resolution: Resolution
) -> None:
    """Store a resolution once; one stored before its meeting was on record is linked to it."""
    assert board.id is not None
    known = (
        await session.exec(
            select(Decision)
            .where(
                Decision.board_id == board.id,
                Decision.item == resolution.item,
                Decision.text == resolution.text,
            )
            .order_by(col(Decision.id))
        )
    ).first()
    if known is None:
        session.add(
            Decision(
                board_id=board.id,
                meeting_id=meeting_id,
                item=resolution.item,
                # The words the minutes use ("agreed", "noted"): a list cut at a whole word.
                outcomes=_joined_within(resolution.outcomes, _width(col(Decision.outcomes))),
                text=resolution.text,
            )
        )
    elif meeting_id is not None and known.meeting_id != meeting_id:
        # Stored before its meeting was on record (or against the summoned meeting).
        known.meeting_id = meeting_id
        session.add(known)


def _joined_within(words: list[str], width: int) -> str:
    joined = ""
    for word in words:
        longer = f"{joined},{word}" if joined else word
        if len(longer) > width:
            break
        joined = longer
    return joined


async def import_pack(
    db: Database, *, pack: Pack, board_name: str | None, timezone: str, now: datetime
) -> ImportSummary:
    """Store ``pack`` for the board (named, or as the pack names it). Re-importing is idempotent.

    Every step runs in one transaction: a failed import changes nothing."""
    pack = _fitted(pack)
    name = _board_name_of(pack, board_name)
    async with db.write() as session:
        board, board_created = await get_or_create_board(
            session, name=name, organisation=pack.organisation, timezone=timezone
        )
        upsert = await _store_meeting(session, board=board, pack=pack, now=now)
        next_meeting_id = await _store_next_meeting(session, board=board, pack=pack, now=now)
        await _store_members(session, board=board, pack=pack)
        for record in pack.actions:
            await _store_action(
                session, board=board, meeting=upsert.meeting, record=record, now=now
            )
        await _store_resolutions(session, board=board, pack=pack)
        await _plan_reminders(session, board=board, now=now)
        return _summary(
            pack,
            board=board,
            board_created=board_created,
            upsert=upsert,
            next_meeting_id=next_meeting_id,
        )


def _board_name_of(pack: Pack, board_name: str | None) -> str:
    """The board the pack is for, checked before anything is stored.

    Raises:
        ImportFailed: no board name, one too long to store, or a pack without a meeting time.
    """
    name = (board_name or pack.body or "").strip()
    if not name:
        raise ImportFailed(messages.PACK_NAMES_NO_BOARD)
    width = _width(col(Board.name))
    if len(name) > width:
        raise ImportFailed(messages.BOARD_NAME_TOO_LONG.format(width=width))
    if pack.meeting.start is None:
        raise ImportFailed(messages.PACK_HAS_NO_TIME)
    return name


async def _store_meeting(
    session: AsyncSession, *, board: Board, pack: Pack, now: datetime
) -> _MeetingUpsert:
    """Find or create the pack's meeting and bring it and its agenda up to date. A meeting on
    record that changed gets a higher SEQUENCE, re-timed reminders and notices to its members,
    all in this transaction."""
    assert pack.meeting.start is not None
    upsert = await _upsert_meeting(
        session,
        board=board,
        starts_at=pack.meeting.start,
        location=pack.meeting.location,
        remote_link=pack.meeting.remote_link,
        source=pack.source,
        now=now,
    )
    meeting, changes = upsert.meeting, upsert.changes
    assert meeting.id is not None
    await _sync_agenda(session, meeting=meeting, items=pack.agenda, changes=changes)
    if upsert.created:
        # A new meeting's items are all "added": that is not news about a change.
        changes.items_added.clear()
        return upsert
    await record_change(
        session,
        meeting,
        old_starts_at_utc=changes.moved_from_utc,
        old_location=changes.place_from,
        location_changed=changes.re_placed,
        link_changed=changes.remote_link_changed,
        agenda=agenda_changes(changes),
        now=now,
    )
    if not changes.is_empty:
        # Calendar feeds are stamped from this: any change to what they show bumps it.
        meeting.updated_at_utc = now
        session.add(meeting)
    return upsert


async def _store_next_meeting(
    session: AsyncSession, *, board: Board, pack: Pack, now: datetime
) -> int | None:
    """Find or create the meeting the pack names as the next one; returns its id (None when the
    pack names none). It never overrides that meeting's own pack, but a time or place the pack
    re-states differently is a change members hear of."""
    if pack.next_meeting is None or pack.next_meeting.start is None:
        return None
    following = await _upsert_meeting(
        session,
        board=board,
        starts_at=pack.next_meeting.start,
        location=pack.next_meeting.location,
        remote_link=None,
        source=None,
        now=now,
    )
    if not following.created and not following.changes.is_empty:
        await record_change(
            session,
            following.meeting,
            old_starts_at_utc=following.changes.moved_from_utc,
            old_location=following.changes.place_from,
            location_changed=following.changes.re_placed,
            now=now,
        )
    return following.meeting.id


async def _store_resolutions(session: AsyncSession, *, board: Board, pack: Pack) -> None:
    """Store the pack's resolutions against the meeting they were passed at."""
    # Resolutions are the minutes of the previous meeting, not of the one summoned.
    minuted = (
        await _meeting_on(session, board=board, day=pack.previous_meeting.date)
        if pack.previous_meeting is not None and pack.previous_meeting.date is not None
        else None
    )
    for resolution in pack.resolutions:
        await _store_resolution(
            session,
            board=board,
            meeting_id=minuted.id if minuted is not None else None,
            resolution=resolution,
        )


async def _plan_reminders(session: AsyncSession, *, board: Board, now: datetime) -> None:
    """Reminders follow the calendar in the same transaction: new meetings get theirs, moved
    ones are re-timed, and actions' nudges are planned."""
    await session.flush()
    assert board.id is not None
    await plan_board(session, board.id, now=now)


def _summary(
    pack: Pack,
    *,
    board: Board,
    board_created: bool,
    upsert: _MeetingUpsert,
    next_meeting_id: int | None,
) -> ImportSummary:
    """What the import stored and changed, for the clerk."""
    meeting = upsert.meeting
    assert meeting.id is not None
    return ImportSummary(
        board_name=board.name,
        board_created=board_created,
        meeting_id=meeting.id,
        meeting_created=upsert.created,
        starts_at_utc=meeting.starts_at_utc,
        zone=ZoneInfo(board.timezone),
        location=meeting.location,
        items=len(pack.agenda),
        members=len(pack.members),
        actions=len(pack.actions),
        decisions=len(pack.resolutions),
        next_meeting_id=next_meeting_id,
        changes=upsert.changes,
        warnings=list(pack.warnings),
    )
