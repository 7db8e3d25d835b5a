"""Storing a read pack: one transaction, so a failed import leaves the database as it was.

A pack's meeting keeps its identity across re-imports (same board, same local day, or the
same source document within a few weeks when the meeting was moved), its agenda rows are
updated in place, and what changed is returned as a :class:`ChangeSet`.

The reader returns whatever it found; storing stays strict. A document that lacks what storage
needs (a board; a meeting date, and for a coming meeting its time) is refused with
:class:`ImportNeeds`, naming what to supply. Minutes alone (no meeting summoned, no agenda)
are filed against the board's meeting on their date, created when none is on record. An
import that would remove most of a meeting's agenda items stops with
:class:`ImportWouldRemove` unless forced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import format_when, local_to_utc, to_local
from core.clock import ensure_utc
from core.errors import ImportFailed
from core.roles import Role
from notify.planning import OPEN_ACTION_STATES, plan_action, plan_board
from packs import NO_BOARD, NO_MEETING_DATE, NO_MINUTES_DATE
from packs.model import ActionRecord, Member, Pack, PreviousMeeting, Resolution
from packs.model import AgendaItem as PackItem
from packs.people import same_person
from services import messages
from services.actions.records import EVENT_CARRIED_FORWARD, EVENT_CLOSED_BY_MINUTES
from services.boards import (
    boards_of_body,
    close_board_names,
    find_board,
    get_or_create_board,
    has_boards,
    same_body,
)
from services.meeting_changes import agenda_changes, record_change
from services.names import name_key
from services.people import (
    add_alias,
    ensure_membership,
    find_person_on_board,
    person_for_board,
    retire_membership,
)
from services.views import ChangeSet, ImportSummary, ItemChange
from storage.engine import Database
from storage.models import (
    Action,
    ActionEvent,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    Decision,
    FormerMembership,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    PersonAlias,
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
_CANCELLED = MeetingStatus.CANCELLED.value
# A re-issued pack whose meeting moved to another day is still the same meeting.
MOVED_MEETING_WINDOW = timedelta(days=60)
# A re-import stops, unless forced, when it would remove more than this share of a meeting's
# stored agenda items and at least GUARD_MINIMUM of them: a damaged or partial file, or a
# misread, far more often than a revision. (Imports never remove actions, and members only
# when the clerk says they have left, so agenda items are all an import can lose unasked.)
GUARD_SHARE = 0.5
GUARD_MINIMUM = 3
# An unnumbered item (a bullet, a heading) is stored under its position on the agenda; when a
# printed item already has that number, under this mark and its position ("•4").
UNNUMBERED_MARK = "•"
# Minutes with no time of meeting, and no meeting on record that day: the meeting is stored at
# the start of that local day (never in the future, so no reminders; shown as time not stated).
UNSTATED_TIME = time(0, 0)
# Attendance lists name a role where they have no name ("the Clerk", "all members").
_ROLE_TEXT_WORDS = frozenset({"the", "all"})
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


Needed = Literal["board", "date", "time"]


class ImportNeeds(ImportFailed):
    """The document lacks something storage needs: ``needs`` is what to ask the clerk for
    ("board", "date" or "time"). Nothing was stored."""

    def __init__(self, message: str, *, needs: Needed) -> None:
        self.needs: Needed = needs
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Loss:
    """What an import would remove from a meeting on record."""

    what: Literal["items"]  # a meeting's agenda items
    removed: int
    stored: int


class ImportWouldRemove(ImportFailed):
    """The import would remove most of a stored meeting's agenda items (see
    :data:`GUARD_SHARE`); nothing was changed. Importing again with ``force_remove=True`` (a
    confirming tap) or ``force=True`` (the CLI's --force) goes on."""

    def __init__(
        self,
        message: str,
        *,
        board_name: str,
        meeting_id: int,
        starts_at_utc: datetime,
        losses: Sequence[Loss],
    ) -> None:
        self.board_name = board_name
        self.meeting_id = meeting_id
        self.starts_at_utc = starts_at_utc
        self.losses = tuple(losses)
        super().__init__(message)


class ImportWrongBoard(ImportFailed):
    """The document names another body than the chosen board (``pack_body`` against
    ``board_name``); nothing was stored. Importing again with ``force_board=True`` (a
    confirming tap) or ``force=True`` (the CLI's --force) goes on."""

    def __init__(self, message: str, *, pack_body: str, board_name: str) -> None:
        self.pack_body = pack_body
        self.board_name = board_name
        super().__init__(message)


class ImportNewBoard(ImportFailed):
    """The board named is not on record; nothing was stored. ``suggestions`` are the close
    names of boards that are ("did you mean ..."); ``new_board=True`` (--new-board, or a
    confirming tap) creates it."""

    def __init__(self, message: str, *, board_name: str, suggestions: Sequence[str]) -> None:
        self.board_name = board_name
        self.suggestions = tuple(suggestions)
        super().__init__(message)


def removes_most(removed: int, stored: int) -> bool:
    """Whether losing ``removed`` of ``stored`` rows is "most" of them (the guard's rule)."""
    return removed >= GUARD_MINIMUM and removed > GUARD_SHARE * stored


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


def _printed_number(item: PackItem) -> str | None:
    """The item's number as printed; None for an unnumbered one."""
    return item.number


def _stored_numbers(items: Sequence[PackItem]) -> list[str]:
    """Each item's number as stored: as printed, else its position (see UNNUMBERED_MARK).

    A number printed twice (two sections that each restart at "A", a misprint) is stored the
    second time as "A (2)", so the agenda imports whole and both items can be told apart."""
    printed = {number for item in items if (number := _printed_number(item)) is not None}
    numbers: list[str] = []
    taken: set[str] = set()
    for position, item in enumerate(items, start=1):
        number = _printed_number(item)
        if number is None:
            number = str(position)
            if number in printed:
                number = f"{UNNUMBERED_MARK}{position}"
        stored, repeat = number, 1
        while stored in taken:
            repeat += 1
            stored = f"{number} ({repeat})"
        taken.add(stored)
        numbers.append(stored)
    return numbers


def _number(item: PackItem) -> str:
    """The number an item is stored under (every item of a fitted pack has one)."""
    number = _printed_number(item)
    assert number is not None, "a fitted pack numbers every item"
    return number


def _fitted_item(fit: _Fitter, item: PackItem, number: str) -> PackItem:
    number = fit.text(number, col(AgendaItem.number), f"Item {number[:20]}'s number")
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
        agenda=[
            _fitted_item(fit, item, number)
            for item, number in zip(pack.agenda, _stored_numbers(pack.agenda), strict=True)
        ],
        members=[_fitted_member(fit, member) for member in pack.members],
        previous_meeting=None
        if pack.previous_meeting is None
        else replace(
            pack.previous_meeting,
            present=[
                fit.text(name, col(Person.full_name), "A name in the minutes' attendance")
                for name in pack.previous_meeting.present
            ],
            apologies=[
                fit.text(name, col(Person.full_name), "A name in the minutes' apologies")
                for name in pack.previous_meeting.apologies
            ],
        ),
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
    if meeting.source_id is not None:
        # Synced from the council's site: its time and place come from there, never a pack.
        return _MeetingUpsert(meeting=meeting, created=False, changes=changes)
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
    wanted = {_number(item) for item in items}
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
        number = _number(item)
        row = existing.get(number)
        if row is None:
            session.add(AgendaItem(meeting_id=meeting.id, number=number, **values))
            changes.items_added.append(
                ItemChange(number=number, title=item.title, exempt=item.exempt)
            )
            continue
        if row.title != item.title:
            changes.items_retitled.append(
                ItemChange(
                    number=number,
                    title=item.title,
                    previous_title=row.title,
                    exempt=item.exempt or row.exempt,
                )
            )
        changed = tuple(name for name in _ITEM_DETAILS if getattr(row, name) != values[name])
        if changed:
            changes.items_updated.append(
                ItemChange(number=number, title=item.title, fields=changed)
            )
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)


# What a pack may fill in on the items of a synced meeting: what the council's site does not
# say. Filled when the pack gives it (the presenter's role only where none is on record).
_PACK_ONLY_DETAILS = ("report_number", "pages_first", "pages_last", "duration_minutes", "purpose")


async def _fill_synced_agenda(
    session: AsyncSession, *, meeting: Meeting, items: list[PackItem], changes: ChangeSet
) -> None:
    """Add to a synced meeting's items, matched by number, what only its pack says (pages,
    report number, timing, purpose; the presenter's role where none is on record). The site's
    list, numbers, titles, presenters and exemption stay as they are."""
    assert meeting.id is not None
    rows = {
        row.number: row
        for row in (
            await session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
        ).all()
    }
    for position, item in enumerate(items, start=1):
        row = rows.get(_number(item))
        if row is None:
            continue
        values = _item_values(item, position)
        wanted = {
            name: values[name]
            for name in _PACK_ONLY_DETAILS
            if values[name] is not None and getattr(row, name) != values[name]
        }
        if values["presenter_role"] is not None and row.presenter_role is None:
            wanted["presenter_role"] = values["presenter_role"]
        if not wanted:
            continue
        for name, value in wanted.items():
            setattr(row, name, value)
        session.add(row)
        changed = tuple(name for name in _ITEM_DETAILS if name in wanted)
        changes.items_updated.append(ItemChange(number=row.number, title=row.title, fields=changed))


# The roles of a board's voting members: those a membership list decides (a clerk, an officer
# or an observer added by hand is never asked about, nor retired, by an import).
_VOTING_ROLES = frozenset({Role.CHAIR.value, Role.VICE_CHAIR.value, Role.MEMBER.value})
_CHAIR_ROLES = (Role.CHAIR.value, Role.VICE_CHAIR.value)


@dataclass(slots=True)
class _Listed:
    """Who a pack's membership list names: person id -> the roles it gives them, and the names
    of those it adds to the board."""

    roles: dict[int, set[str]]
    new: list[str]


async def _former_person(session: AsyncSession, *, board: Board, name: str) -> Person | None:
    """The one former member of ``board`` (no role on it now) known by ``name``, or by a
    compatible spelling of it ("Cllr R Clifton" for "Richard Clifton")."""
    rows = (
        await session.exec(
            select(Person, PersonAlias.alias, PersonAlias.alias_key)
            .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
            .join(FormerMembership, col(FormerMembership.person_id) == col(Person.id))
            .where(FormerMembership.board_id == board.id)
        )
    ).all()
    key = name_key(name)
    exact = {person.id: person for person, _, alias_key in rows if alias_key == key}
    if not exact:
        exact = {person.id: person for person, alias, _ in rows if same_person(name, alias)}
    if len(exact) != 1:
        return None
    person = next(iter(exact.values()))
    return None if await _on_board(session, board=board, person=person) else person


async def _person_named(session: AsyncSession, *, board: Board, name: str) -> Person:
    """The board's member called ``name``, else its former member so called, else
    :func:`person_for_board` (someone elsewhere, or someone new)."""
    assert board.id is not None
    if await find_person_on_board(session, board_id=board.id, name=name) is None:
        former = await _former_person(session, board=board, name=name)
        if former is not None:
            await add_alias(session, person=former, alias=name.strip())
            return former
    return await person_for_board(session, board=board, name=name)


async def _left_board(session: AsyncSession, *, board: Board, person: Person) -> bool:
    """Whether ``person`` once held a role on ``board`` and holds none now."""
    former = await session.exec(
        select(FormerMembership.id).where(
            FormerMembership.board_id == board.id, FormerMembership.person_id == person.id
        )
    )
    return former.first() is not None and not await _on_board(session, board=board, person=person)


async def _store_members(
    session: AsyncSession, *, board: Board, pack: Pack, latest: bool
) -> _Listed:
    """Find or create the pack's members as people of the board, with their role and title.

    Only the list of the board's latest meeting (``latest``) changes its membership: an older
    pack imported after a newer one adds nobody (its members may have left long since) and
    changes no role or title."""
    listed = _Listed(roles={}, new=[])
    if not latest:
        return listed
    for member in pack.members:
        person = await _person_named(session, board=board, name=member.name)
        assert person.id is not None
        on_board = await _on_board(session, board=board, person=person)
        await ensure_membership(
            session, board=board, person=person, role=member.role.value, title=member.title
        )
        if not on_board and person.id not in listed.roles:
            listed.new.append(person.full_name)
        listed.roles.setdefault(person.id, set()).add(member.role.value)
    return listed


async def _follow_list(
    session: AsyncSession, *, board: Board, listed: _Listed, retire_unlisted: bool, now: datetime
) -> tuple[list[str], list[str]]:
    """Bring the board's voting members in line with the latest membership list.

    The chair(s) and vice-chair(s) are those the list names, when it names any: anyone else
    holding the role loses it (they stay a member if the list names them; one it does not
    name is kept as a member, to be asked about like the others). Voting members whom the list
    does not name as such (clerks aside) are returned as no longer listed, and with
    ``retire_unlisted`` retired. Returns (names no longer listed, names retired)."""
    rows = (
        await session.exec(
            select(Membership, Person)
            .join(Person, col(Person.id) == col(Membership.person_id))
            .where(Membership.board_id == board.id)
            .order_by(col(Person.full_name), col(Person.id))
        )
    ).all()
    held: dict[int, list[Membership]] = {}
    people: dict[int, Person] = {}
    for membership, person in rows:
        held.setdefault(membership.person_id, []).append(membership)
        people[membership.person_id] = person
    for role in _CHAIR_ROLES:
        named = {person_id for person_id, roles in listed.roles.items() if role in roles}
        if not named:
            continue
        for person_id, memberships in held.items():
            for membership in list(memberships):
                if membership.role != role or person_id in named:
                    continue
                await retire_membership(session, membership, now=now)
                memberships.remove(membership)
                if person_id not in listed.roles and not any(
                    m.role in _VOTING_ROLES for m in memberships
                ):
                    kept = Membership(
                        board_id=membership.board_id,
                        person_id=person_id,
                        role=Role.MEMBER.value,
                        title=membership.title,
                    )
                    session.add(kept)
                    memberships.append(kept)
    not_listed: list[str] = []
    retired: list[str] = []
    for person_id, memberships in held.items():
        voting = [m for m in memberships if m.role in _VOTING_ROLES]
        if (
            not voting
            or any(m.role == Role.CLERK.value for m in memberships)
            or listed.roles.get(person_id, set()) & _VOTING_ROLES
        ):
            continue
        name = people[person_id].full_name
        not_listed.append(name)
        if retire_unlisted:
            for membership in voting:
                await retire_membership(session, membership, now=now)
            retired.append(name)
    return not_listed, retired


async def _is_latest(session: AsyncSession, *, board: Board, meeting: Meeting) -> bool:
    """Whether ``meeting`` is the board's latest meeting on record from a document of its own
    (a next meeting a pack merely announces does not count)."""
    later = await session.exec(
        select(Meeting.id).where(
            Meeting.board_id == board.id,
            Meeting.id != meeting.id,
            col(Meeting.source).is_not(None),
            Meeting.starts_at_utc > meeting.starts_at_utc,
        )
    )
    return later.first() is None


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
    db: Database,
    *,
    pack: Pack,
    board_name: str | None,
    timezone: str,
    now: datetime,
    meeting_date: date | None = None,
    meeting_time: time | None = None,
    zone: str | None = None,
    force: bool = False,
    force_board: bool = False,
    force_remove: bool = False,
    new_board: bool = False,
    retire_unlisted: bool = False,
    rehearse: bool = False,
) -> ImportSummary:
    """Store ``pack`` for the board (named, or as the pack names it). Re-importing is idempotent.

    ``rehearse`` runs every step and rolls the transaction back: the summary says exactly what
    importing would store and change (the preview a clerk sees before [Import]), and nothing is
    kept, not even the reminders it would plan.

    ``timezone`` is a new board's zone. ``meeting_date`` and ``meeting_time`` supply (or
    correct) what the reader did not find: the summoned meeting's date and time, or for minutes
    alone the date of the minuted meeting; they are local times in ``zone`` (None: the
    board's). ``force_board`` goes on into a chosen board that is another body
    (:class:`ImportWrongBoard`), ``force_remove`` goes on where the import would remove most of
    a meeting's items (:class:`ImportWouldRemove`); ``force`` is both (the CLI's --force). Each
    is a confirmation of its own: confirming the board still asks about the removal.

    The board: ``board_name`` (else the body the pack names) as on record, by name or slug;
    else the one board on record that is the same body by its distinctive words
    (:func:`services.boards.same_body`: "Rutland County Council Health and Wellbeing Board" is
    "Rutland Health and Wellbeing Board"); else a new board, created only when no board is on
    record yet (a first import) or with ``new_board``.

    Membership follows the packs. When the pack's meeting is the board's latest on record
    (from a document of its own), its membership list adds whom it names
    (``summary.members_new``), decides the chair(s) and vice-chair(s) when it names any
    (others lose those roles, no questions asked), and names the voting members (chair,
    vice-chair, member; clerks aside) it no longer lists (``summary.members_not_listed``);
    ``retire_unlisted`` retires them (``summary.members_retired``), moving their roles to
    :class:`FormerMembership`. An older pack adds, retires or changes nobody, and minutes
    never bring back a former member.

    Every step runs in one transaction: a failed import changes nothing.

    Raises:
        ImportNeeds: no board, no meeting date (or, for a coming meeting, no time).
        ImportFailed: a board name too long to store; minutes dated in the future.
        ImportWouldRemove: the import would remove most of a stored meeting's agenda items
            (unless ``force_remove`` or ``force``).
        ImportWrongBoard: ``board_name`` is given and the pack names another body (unless
            ``force_board`` or ``force``).
        ImportNewBoard: the board is not on record, other boards are, and not ``new_board``.
    """
    pack = _fitted(pack)
    name = _board_name_of(pack, board_name)
    minutes = _is_minutes_alone(pack)
    _check_dated(pack, minutes=minutes, meeting_date=meeting_date, meeting_time=meeting_time)
    now = ensure_utc(now)
    try:
        return await _import(
            db,
            pack=pack,
            name=name,
            minutes=minutes,
            timezone=timezone,
            now=now,
            meeting_date=meeting_date,
            meeting_time=meeting_time,
            zone=zone,
            force_board=force or force_board,
            force_remove=force or force_remove,
            chosen=board_name is not None and bool(board_name.strip()),
            new_board=new_board,
            retire_unlisted=retire_unlisted,
            rehearse=rehearse,
        )
    except _Rehearsed as rehearsal:
        return rehearsal.summary


class _Rehearsed(Exception):
    """Raised at the end of a rehearsal so that the write transaction rolls back."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary
        super().__init__("rehearsal")


async def _import(
    db: Database,
    *,
    pack: Pack,
    name: str,
    minutes: bool,
    timezone: str,
    now: datetime,
    meeting_date: date | None,
    meeting_time: time | None,
    zone: str | None,
    force_board: bool,
    force_remove: bool,
    chosen: bool,
    new_board: bool,
    retire_unlisted: bool,
    rehearse: bool,
) -> ImportSummary:
    """The steps of :func:`import_pack`, in one write transaction."""
    async with db.write() as session:
        board, board_created = await _board_for(
            session,
            pack=pack,
            name=name,
            chosen=chosen,
            timezone=timezone,
            force=force_board,
            new_board=new_board,
        )
        local = ZoneInfo(zone or board.timezone)
        if minutes:
            upsert = await _store_minuted_meeting(
                session,
                board=board,
                day=meeting_date or _minutes_date(pack),
                at=meeting_time,
                zone=local,
                now=now,
            )
            minuted: Meeting | None = upsert.meeting
        else:
            starts_at = _summoned_start(pack, meeting_date, meeting_time, local)
            upsert = await _store_meeting(
                session, board=board, pack=pack, starts_at=starts_at, now=now, force=force_remove
            )
            minuted = await _previous_meeting(
                session, board=board, pack=pack, summoned=upsert.meeting, zone=local, now=now
            )
        usual = upsert.meeting if upsert.meeting.time_stated else None
        next_meeting_id = await _store_next_meeting(
            session, board=board, pack=pack, usual=usual, zone=local, now=now
        )
        latest = await _is_latest(session, board=board, meeting=upsert.meeting)
        listed = await _store_members(session, board=board, pack=pack, latest=latest)
        for record in pack.actions:
            await _store_action(
                session, board=board, meeting=upsert.meeting, record=record, now=now
            )
        present, apologies = await _store_attendance(
            session,
            board=board,
            meeting=minuted,
            minutes=pack.previous_meeting,
            now=now,
            join_board=not pack.members,
        )
        not_listed: list[str] = []
        retired: list[str] = []
        if pack.members and latest:
            not_listed, retired = await _follow_list(
                session, board=board, listed=listed, retire_unlisted=retire_unlisted, now=now
            )
        await _store_resolutions(session, board=board, pack=pack, minuted=minuted)
        await _plan_reminders(session, board=board, now=now)
        summary = _summary(
            pack,
            board=board,
            board_created=board_created,
            upsert=upsert,
            next_meeting_id=next_meeting_id,
        )
        summary.minutes = minutes
        summary.time_stated = upsert.meeting.time_stated
        summary.present, summary.apologies = present, apologies
        summary.called_off = upsert.meeting.status == _CANCELLED and _calls_off(pack)
        summary.members_new = listed.new
        summary.members_not_listed = not_listed
        summary.members_retired = retired
        if upsert.meeting.source_id is not None and not minutes:
            summary.warnings.append(
                messages.IMPORT_SYNCED_MEETING.format(
                    meeting=f"{board.name}'s meeting of "
                    + format_when(upsert.meeting.starts_at_utc, ZoneInfo(board.timezone))
                )
            )
        if rehearse:
            raise _Rehearsed(summary)
        return summary


async def _board_for(
    session: AsyncSession,
    *,
    pack: Pack,
    name: str,
    chosen: bool,
    timezone: str,
    force: bool,
    new_board: bool,
) -> tuple[Board, bool]:
    """The board to store the pack under (see :func:`import_pack`), and whether it is new.
    ``chosen``: ``name`` is the clerk's choice, not the pack's own body.

    Raises:
        ImportWrongBoard: a chosen board is another body than the pack's (unless ``force``).
        ImportNewBoard: the board is not on record, others are, and not ``new_board``.
    """
    board = await find_board(session, name=name)
    if board is None:
        organisation = None if chosen else pack.organisation
        fits = await boards_of_body(session, name=name, organisation=organisation)
        if len(fits) == 1:
            board = fits[0]
        elif not new_board and await has_boards(session):
            close = [b.name for b in fits] or await close_board_names(session, name=name)
            raise _new_board_error(boards=await _board_names(session), name=name, close=close)
    if chosen and not force and pack.body:
        chosen_name = board.name if board is not None else name
        if not same_body(
            pack.body,
            pack.organisation,
            board_name=chosen_name,
            board_organisation=board.organisation if board is not None else None,
        ):
            raise ImportWrongBoard(
                messages.IMPORT_WRONG_BOARD.format(body=pack.body, board=chosen_name),
                pack_body=pack.body,
                board_name=chosen_name,
            )
    if board is not None:
        # A pack forced into a board (another body's) does not name its organisation.
        if pack.organisation and not board.organisation and not (chosen and force):
            board.organisation = pack.organisation
            session.add(board)
        return board, False
    return await get_or_create_board(
        session, name=name, organisation=pack.organisation, timezone=timezone
    )


async def _board_names(session: AsyncSession) -> list[str]:
    return list((await session.exec(select(Board.name).order_by(col(Board.name)))).all())


def _new_board_error(*, boards: Sequence[str], name: str, close: Sequence[str]) -> ImportNewBoard:
    """The refusal to create board ``name`` unasked, with the ``close`` names ("did you mean")."""
    if close:
        message = messages.IMPORT_NEW_BOARD_DID_YOU_MEAN.format(
            name=name, suggestions=" or ".join(f"“{board}”" for board in close)
        )
    else:
        message = messages.IMPORT_NEW_BOARD.format(name=name, boards=", ".join(boards))
    return ImportNewBoard(message, board_name=name, suggestions=close)


def _board_name_of(pack: Pack, board_name: str | None) -> str:
    """The board the pack is for, checked before anything is stored.

    Raises:
        ImportNeeds: no board name.
        ImportFailed: one too long to store.
    """
    name = (board_name or pack.body or "").strip()
    if not name:
        raise ImportNeeds(messages.PACK_NAMES_NO_BOARD, needs="board")
    width = _width(col(Board.name))
    if len(name) > width:
        raise ImportFailed(messages.BOARD_NAME_TOO_LONG.format(width=width))
    return name


def _minutes_taken(minutes: PreviousMeeting | None) -> bool:
    """Whether the document carries minutes (attendance), not only a previous meeting's date."""
    return minutes is not None and bool(minutes.present or minutes.apologies)


def _is_minutes_alone(pack: Pack) -> bool:
    """Minutes that summon no meeting: no meeting date, no agenda, and minutes (so said by the
    reader, or attendance, actions or resolutions found)."""
    return (
        pack.meeting.start is None
        and pack.meeting.day is None
        and not pack.agenda
        and (
            pack.kind == "minutes"
            or _minutes_taken(pack.previous_meeting)
            or bool(pack.actions or pack.resolutions)
        )
    )


def _calls_off(pack: Pack) -> bool:
    """A notice that its meeting is cancelled, or adjourned (to ``next_meeting``, if given)."""
    return pack.kind == "notice" and pack.status in ("cancelled", "adjourned")


def _minutes_date(pack: Pack) -> date | None:
    return pack.previous_meeting.date if pack.previous_meeting is not None else None


def _found_day(pack: Pack) -> date | None:
    """The summoned meeting's date, when the reader found one (with or without its time)."""
    start = pack.meeting.start
    return start.date() if start is not None else pack.meeting.day


def _check_dated(
    pack: Pack, *, minutes: bool, meeting_date: date | None, meeting_time: time | None
) -> None:
    """Refuse, before anything is stored, a document whose meeting cannot be placed in time."""
    if minutes:
        if meeting_date is None and _minutes_date(pack) is None:
            raise ImportNeeds(messages.MINUTES_UNDATED, needs="date")
        return
    if isinstance(pack.meeting.start, datetime):
        return
    day = meeting_date or _found_day(pack)
    if day is None:
        raise ImportNeeds(messages.NO_MEETING_DATE, needs="date")
    if meeting_time is None:
        raise ImportNeeds(messages.NO_MEETING_TIME.format(day=day.isoformat()), needs="time")


def _summoned_start(
    pack: Pack, meeting_date: date | None, meeting_time: time | None, zone: ZoneInfo
) -> datetime:
    """When the summoned meeting starts: as read, with the clerk's date or time (local in
    ``zone``) in place of the reader's where given. :func:`_check_dated` came first."""
    found = pack.meeting.start
    if isinstance(found, datetime):
        if meeting_date is None and meeting_time is None:
            return found
        local = to_local(found, zone)
        return local_to_utc(meeting_date or local.date(), meeting_time or local.time(), zone)
    day = meeting_date or _found_day(pack)
    assert day is not None and meeting_time is not None
    return local_to_utc(day, meeting_time, zone)


async def _store_meeting(
    session: AsyncSession,
    *,
    board: Board,
    pack: Pack,
    starts_at: datetime,
    now: datetime,
    force: bool,
) -> _MeetingUpsert:
    """Find or create the pack's meeting and bring it and its agenda up to date. A meeting on
    record that changed gets a higher SEQUENCE, re-timed reminders and notices to its members,
    all in this transaction. Unless ``force``, refuses to remove most of its stored items."""
    upsert = await _upsert_meeting(
        session,
        board=board,
        starts_at=starts_at,
        location=pack.meeting.location,
        remote_link=pack.meeting.remote_link,
        source=pack.source,
        now=now,
    )
    meeting, changes = upsert.meeting, upsert.changes
    if meeting.source_id is not None:
        # The council's site owns its time, place, status and agenda: a pack only fills in
        # what the site does not say. Nothing here is news for members.
        if pack.kind != "notice":
            await _fill_synced_agenda(session, meeting=meeting, items=pack.agenda, changes=changes)
        if changes.items_updated:
            meeting.updated_at_utc = now
            session.add(meeting)
        return upsert
    meeting.time_stated = True  # a pack states its meeting's time (minutes alone may not)
    assert meeting.id is not None
    # A notice (adjourned, cancelled, moved) carries no agenda: the meeting's is kept.
    if pack.kind != "notice":
        if not upsert.created and not force:
            await _guard_agenda(session, board=board, meeting=meeting, items=pack.agenda)
        await _sync_agenda(session, meeting=meeting, items=pack.agenda, changes=changes)
    old_status = None
    if _calls_off(pack) and meeting.status != _CANCELLED:
        old_status, meeting.status = meeting.status, _CANCELLED
        session.add(meeting)
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
        old_status=old_status,
        agenda=agenda_changes(changes),
        now=now,
    )
    if not changes.is_empty or old_status is not None:
        # Calendar feeds are stamped from this: any change to what they show bumps it.
        meeting.updated_at_utc = now
        session.add(meeting)
    return upsert


async def _guard_agenda(
    session: AsyncSession, *, board: Board, meeting: Meeting, items: list[PackItem]
) -> None:
    """Raise :class:`ImportWouldRemove` when ``items`` would remove most of the meeting's
    stored agenda items (:func:`removes_most`). Runs before anything of the agenda changes."""
    stored = (
        await session.exec(select(AgendaItem.number).where(AgendaItem.meeting_id == meeting.id))
    ).all()
    wanted = {_number(item) for item in items}
    removed = sum(1 for number in stored if number not in wanted)
    if not removes_most(removed, len(stored)):
        return
    assert meeting.id is not None
    raise ImportWouldRemove(
        messages.IMPORT_WOULD_REMOVE_ITEMS.format(
            removed=removed,
            stored=len(stored),
            board=board.name,
            when=format_when(meeting.starts_at_utc, ZoneInfo(board.timezone)),
        ),
        board_name=board.name,
        meeting_id=meeting.id,
        starts_at_utc=meeting.starts_at_utc,
        losses=[Loss(what="items", removed=removed, stored=len(stored))],
    )


async def _store_minuted_meeting(
    session: AsyncSession,
    *,
    board: Board,
    day: date | None,
    at: time | None,
    zone: ZoneInfo,
    now: datetime,
) -> _MeetingUpsert:
    """The board's meeting on ``day`` that minutes alone are of: the one on record (left as
    it is), else a past meeting created at ``at`` (else at :data:`UNSTATED_TIME`)."""
    assert board.id is not None and day is not None
    if day > to_local(now, zone).date():
        raise ImportFailed(messages.MINUTES_DATED_AHEAD.format(day=day.isoformat()))
    meeting = await _meeting_on(session, board=board, day=day)
    if meeting is not None:
        return _MeetingUpsert(meeting=meeting, created=False, changes=ChangeSet())
    # No source: the meeting's own pack, if it is imported later, is its source.
    meeting = Meeting(
        board_id=board.id,
        starts_at_utc=local_to_utc(day, at or UNSTATED_TIME, zone),
        time_stated=at is not None,
        created_at_utc=now,
        updated_at_utc=now,
    )
    session.add(meeting)
    await session.flush()
    return _MeetingUpsert(meeting=meeting, created=True, changes=ChangeSet())


async def _previous_meeting(
    session: AsyncSession,
    *,
    board: Board,
    pack: Pack,
    summoned: Meeting,
    zone: ZoneInfo,
    now: datetime,
) -> Meeting | None:
    """The meeting a pack's minutes are of: the one on record that day, else, when the pack
    carries its minutes (attendance or resolutions) and the day is before the summoned meeting
    and not in the future, a past meeting created for them (as for minutes alone), so that
    decisions and attendance keep the date of the meeting that made them."""
    day = _minutes_date(pack)
    if day is None:
        return None
    meeting = await _meeting_on(session, board=board, day=day)
    if meeting is not None:
        return meeting
    carries_minutes = _minutes_taken(pack.previous_meeting) or bool(pack.resolutions)
    before = day < to_local(summoned.starts_at_utc, zone).date()
    if not (carries_minutes and before and day <= to_local(now, zone).date()):
        return None
    upsert = await _store_minuted_meeting(
        session, board=board, day=day, at=None, zone=zone, now=now
    )
    return upsert.meeting


async def _store_next_meeting(
    session: AsyncSession,
    *,
    board: Board,
    pack: Pack,
    usual: Meeting | None,
    zone: ZoneInfo,
    now: datetime,
) -> int | None:
    """Find or create the meeting the pack names as the next one; returns its id (None when the
    pack names none, or neither a time for it nor a ``usual`` meeting whose time it keeps).

    A next meeting printed as a date alone ("Date of next meeting: 16 January") is taken to be
    at the usual time: that of the meeting this document is about, when its time is known. It
    never overrides that meeting's own pack, but a time or place the pack re-states differently
    is a change members hear of."""
    following_at = _next_start(pack, usual, zone)
    if following_at is None or pack.next_meeting is None:
        return None
    following = await _upsert_meeting(
        session,
        board=board,
        starts_at=following_at,
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


def _next_start(pack: Pack, usual: Meeting | None, zone: ZoneInfo) -> datetime | None:
    """When the next meeting starts: as printed, or on its printed day at ``usual``'s time."""
    following = pack.next_meeting
    if following is None:
        return None
    if isinstance(following.start, datetime):
        return following.start
    if following.day is None or usual is None:
        return None
    at = to_local(usual.starts_at_utc, zone).time()
    return local_to_utc(following.day, at, zone)


async def _on_board(session: AsyncSession, *, board: Board, person: Person) -> bool:
    """Whether ``person`` holds any role on ``board``."""
    found = await session.exec(
        select(Membership.id).where(
            Membership.board_id == board.id, Membership.person_id == person.id
        )
    )
    return found.first() is not None


def _is_role_text(name: str) -> bool:
    """A role printed with no name ("the Clerk", "all members"): nobody to record."""
    words = name.split()
    return not words or words[0].casefold() in _ROLE_TEXT_WORDS


async def _store_attendance(
    session: AsyncSession,
    *,
    board: Board,
    meeting: Meeting | None,
    minutes: PreviousMeeting | None,
    now: datetime,
    join_board: bool = True,
) -> tuple[int, int]:
    """Record who the minutes say was present and who sent apologies, for ``meeting`` (the
    minuted one, when on record and already held). The minutes are the record: they replace
    an answer a member gave before. Someone named who holds no role on the board joins it as
    a member (an attendance list names members; officers in attendance are not in it), unless
    they once held a role on the board and left (older minutes name former members), or the
    pack prints a membership list (``join_board`` False: the list decides who is a member;
    officers and guests in its minutes stay out of the quorum). Returns
    how many were recorded present, and with apologies."""
    if meeting is None or minutes is None or meeting.starts_at_utc > now:
        return 0, 0
    assert meeting.id is not None
    counts = {AttendanceStatus.ATTENDING: 0, AttendanceStatus.APOLOGIES: 0}
    seen: set[int] = set()
    named = [(name, AttendanceStatus.ATTENDING) for name in minutes.present] + [
        (name, AttendanceStatus.APOLOGIES) for name in minutes.apologies
    ]
    for name, status in named:
        if _is_role_text(name):
            continue
        person = await _person_named(session, board=board, name=name)
        assert person.id is not None
        if person.id in seen:
            continue  # named twice: the first mention stands
        seen.add(person.id)
        counts[status] += 1
        if (
            join_board
            and not await _on_board(session, board=board, person=person)
            and not await _left_board(session, board=board, person=person)
        ):
            await ensure_membership(
                session, board=board, person=person, role=Role.MEMBER.value, title=None
            )
        row = (
            await session.exec(
                select(Attendance).where(
                    Attendance.meeting_id == meeting.id, Attendance.person_id == person.id
                )
            )
        ).first()
        if row is None:
            row = Attendance(
                meeting_id=meeting.id, person_id=person.id, status=status.value, updated_at_utc=now
            )
        elif row.status != status.value:
            row.status, row.reason, row.substitute = status.value, None, None
            row.updated_at_utc = now
        else:
            continue
        session.add(row)
    return counts[AttendanceStatus.ATTENDING], counts[AttendanceStatus.APOLOGIES]


async def _store_resolutions(
    session: AsyncSession, *, board: Board, pack: Pack, minuted: Meeting | None
) -> None:
    """Store the pack's resolutions against the meeting they were passed at (the minuted one;
    not the one summoned), or against none while it is not on record."""
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
        warnings=_open_warnings(pack),
    )


# The reader's warnings that a stored import has settled: it was stored under a board, and its
# meeting on a date, whether the document gave them or the clerk (--board, --date, or in chat).
SETTLED_WARNINGS = frozenset({NO_BOARD, NO_MEETING_DATE, NO_MINUTES_DATE})


def _open_warnings(pack: Pack) -> list[str]:
    """The reader's warnings less those a stored import has settled."""
    return [warning for warning in pack.warnings if warning not in SETTLED_WARNINGS]
