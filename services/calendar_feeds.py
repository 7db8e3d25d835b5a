"""Calendar subscriptions: a member's personal feed, a board's public feed, and e-mail invitations.

A feed has a *stamp* (a strong ETag and a Last-Modified) made from a few aggregate queries,
without loading or rendering anything, so a client polling an unchanged feed costs one
indexed SQL statements. What the stamp reads, and so which writes must touch what:

* the board: id, name, time zone (name and zone are written into the feed);
* the board's meetings: how many, ``max(updated_at_utc)``, ``sum(ics_sequence)`` and
  how many are cancelled. **A write that changes anything a feed shows about a meeting (time,
  place, link, agenda, status) must bump ``meeting.updated_at_utc``**; it is also the event's
  DTSTAMP and LAST-MODIFIED, and the Last-Modified of the feed;
* for a personal feed, also: the person (id, name), the boards they are a member of, and their
  actions with a due date: how many, their ids and ``max(action.updated_at_utc)``. **A write
  that changes an action's description, due date, status or owner must bump
  ``action.updated_at_utc``.**

Rendered bodies are kept in a small in-process cache keyed by (database, ETag), so repeated
full GETs of an unchanged feed are cheap too; and each meeting's VEVENT is kept under the
meeting's columns (with the board's name and zone), so a feed in which one meeting changed reads
and writes only that meeting again (the rule above makes that safe). Exempt items never reach a
feed: the agenda query leaves them out (and :func:`services.calendar_events.event_from` drops
them).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import secrets
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import BindParameter, ColumnElement, Select, String, bindparam, case, func, true
from sqlalchemy import select as sql_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from calendars.events import ActionDue, AgendaLine, MeetingEvent
from calendars.events import Person as Attendee
from calendars.ics import feed_from_blocks, feed_meeting_block, meeting_invite
from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from core.roles import Role
from services import messages
from services.actions.records import action_label
from services.boards import get_board
from services.calendar_events import event_with_agenda, meeting_event
from services.names import slugify
from services.people import find_person_on_board
from storage.engine import Database
from storage.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Board,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
)

# Bumped when the rendering changes shape, so clients holding an old ETag get the new body.
FEED_FORMAT = "quorum-feed-2"  # 2: an action's label (#12 [5]) in its SUMMARY and DESCRIPTION
# What `secrets.token_urlsafe(32)` gives: 43 characters of the URL-safe base64 alphabet.
TOKEN_BYTES = 32
TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
TOKEN_MAX_LENGTH = 64  # the column's width
# Actions that still need doing appear in their owner's feed.
OPEN_ACTIONS = (ActionStatus.OPEN.value, ActionStatus.CARRIED_FORWARD.value)
PERSONAL_TITLE = "Quorum — {name}"
PERSONAL_DESCRIPTION = "Meetings of your boards and the due dates of your actions, from Quorum."
BOARD_DESCRIPTION = "Meetings of {board} (public information), from Quorum."
# Rendered feeds kept: a large board's feed is ~1 MB, so both a count and a size bound.
CACHE_ENTRIES = 64
CACHE_BYTES = 32 * 1024 * 1024
# Meetings' VEVENTs kept (~1.5 KB each: ~25 MB at most).
BLOCK_ENTRIES = 16_384
# Up to this many changed meetings, a feed reads their items by id; more, all the boards' items.
AGENDAS_BY_ID = 500


def personal_feed_path(token: str) -> str:
    """``/calendars/<token>.ics``: the route the web server answers (one place for both)."""
    return f"/calendars/{token}.ics"


def board_feed_path(slug: str) -> str:
    """``/calendars/boards/<slug>.ics``."""
    return f"/calendars/boards/{slug}.ics"


@dataclass(frozen=True, slots=True)
class FeedStamp:
    """What a conditional GET is answered from: no rendering needed."""

    etag: str  # a quoted strong entity tag: "q4Nf..."
    last_modified_utc: datetime
    filename: str
    personal: bool


@dataclass(frozen=True, slots=True)
class RenderedFeed:
    stamp: FeedStamp
    body: bytes


@dataclass(frozen=True, slots=True)
class BoardLink:
    board_name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Subscription:
    """A member's personal feed token and the public feeds of their boards."""

    token: str
    boards: tuple[BoardLink, ...]


# A statement of several plain columns.
_AnySelect = Select[*tuple[Any, ...]]
_AgendaRow = tuple[int, str, str, str | None]  # meeting id, number, title, presenter
_CacheKey = tuple[str, str]  # (database URL, ETag): one process may serve two databases (tests)


class _BodyCache:
    """Rendered feed bodies by ETag; least recently used go first, by count and by size."""

    def __init__(self, entries: int, size: int) -> None:
        self._entries = entries
        self._size = size
        self._bodies: OrderedDict[_CacheKey, bytes] = OrderedDict()
        self._bytes = 0

    def get(self, key: _CacheKey) -> bytes | None:
        body = self._bodies.get(key)
        if body is not None:
            self._bodies.move_to_end(key)
        return body

    def put(self, key: _CacheKey, body: bytes) -> None:
        if len(body) > self._size:
            return
        previous = self._bodies.pop(key, None)
        if previous is not None:
            self._bytes -= len(previous)
        self._bodies[key] = body
        self._bytes += len(body)
        while len(self._bodies) > self._entries or self._bytes > self._size:
            _, dropped = self._bodies.popitem(last=False)
            self._bytes -= len(dropped)

    def clear(self) -> None:
        self._bodies.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._bodies)


FEED_CACHE = _BodyCache(CACHE_ENTRIES, CACHE_BYTES)

# A meeting's VEVENT by (database URL, domain, board name, board zone, the meeting's columns):
# when one meeting of a feed changes, only it is read and written again.
_BlockKey = tuple[str, str, str, str, tuple[Any, ...]]


class _BlockCache:
    """Meetings' VEVENTs by key; least recently used go first (a block is ~1.5 KB)."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._blocks: OrderedDict[_BlockKey, bytes] = OrderedDict()

    def get(self, key: _BlockKey) -> bytes | None:
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
        return block

    def put(self, key: _BlockKey, block: bytes) -> None:
        self._blocks[key] = block
        self._blocks.move_to_end(key)
        while len(self._blocks) > self._entries:
            self._blocks.popitem(last=False)

    def clear(self) -> None:
        self._blocks.clear()

    def __len__(self) -> int:
        return len(self._blocks)


MEETING_BLOCKS = _BlockCache(BLOCK_ENTRIES)


def clear_rendered_feeds() -> None:
    """Forget every rendered body and meeting VEVENT (benchmarks measure cold rendering with
    this)."""
    FEED_CACHE.clear()
    MEETING_BLOCKS.clear()


def well_formed_token(token: str) -> bool:
    """Whether ``token`` could be one we issued (checked before any query)."""
    return 0 < len(token) <= TOKEN_MAX_LENGTH and set(token) <= TOKEN_ALPHABET


# -- tokens -----------------------------------------------------------------------------------


async def calendar_token(db: Database, person_id: int, *, reset: bool = False) -> str:
    """The person's feed token: made on first use; with ``reset`` a new one replaces it, so the
    old link stops working at once."""
    if not reset:
        async with db.read() as session:
            person = await session.get(Person, person_id)
            if person is not None and person.calendar_token is not None:
                return person.calendar_token
    async with db.write() as session:
        person = await session.get(Person, person_id)
        if person is None:
            raise NotFoundError(messages.PERSON_GONE)
        # Made by a concurrent request meanwhile: keep it, or two links would be handed out.
        if person.calendar_token is None or reset:
            person.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
            session.add(person)
        return person.calendar_token


async def subscription(db: Database, person_id: int, *, reset: bool = False) -> Subscription:
    """The person's token (see :func:`calendar_token`) and their boards' public feeds."""
    token = await calendar_token(db, person_id, reset=reset)
    async with db.read() as session:
        rows = await session.exec(
            select(Board.name, Board.slug)
            .where(col(Board.id).in_(_board_ids_of(person_id)))
            .order_by(col(Board.name))
        )
        boards = tuple(BoardLink(board_name=name, slug=slug) for name, slug in rows.all())
    return Subscription(token=token, boards=boards)


async def board_link(db: Database, board_id: int) -> BoardLink | None:
    """One board's public feed (a group chat's board)."""
    async with db.read() as session:
        board = await session.get(Board, board_id)
    return None if board is None else BoardLink(board_name=board.name, slug=board.slug)


# -- stamps -----------------------------------------------------------------------------------


def _board_ids_of(person_id: int) -> SelectOfScalar[int]:
    """SQL: the ids of the boards ``person_id`` is a member of (in any role)."""
    return select(Membership.board_id).where(Membership.person_id == person_id)


def _meeting_aggregates() -> list[ColumnElement[Any]]:
    """SQL: what a stamp reads of a set of meetings: how many, the latest change, the sum of
    their SEQUENCEs, and how many are cancelled."""
    cancelled = case((col(Meeting.status) == MeetingStatus.CANCELLED.value, 1), else_=0)
    return [
        func.count(col(Meeting.id)),
        func.max(col(Meeting.updated_at_utc)),
        func.coalesce(func.sum(col(Meeting.ics_sequence)), 0),
        func.coalesce(func.sum(cancelled), 0),
    ]


def _action_aggregates(person_id: int | ColumnElement[Any]) -> list[ColumnElement[Any]]:
    """SQL (scalar subqueries): what a stamp reads of the person's actions with a due date."""
    owned = (col(Action.owner_id) == person_id, col(Action.due_on).is_not(None))
    return [
        sql_select(aggregate).where(*owned).scalar_subquery()
        for aggregate in (
            func.count(col(Action.id)),
            func.max(col(Action.updated_at_utc)),
            func.coalesce(func.sum(col(Action.id)), 0),
        )
    ]


def _etag(parts: Sequence[object]) -> str:
    digest = hashlib.sha256(repr((FEED_FORMAT, *parts)).encode()).digest()[:15]
    return '"' + base64.urlsafe_b64encode(digest).decode() + '"'


def _latest(moments: Sequence[datetime | None]) -> datetime:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else datetime(1970, 1, 1, tzinfo=UTC)


@cache
def _board_stamp_statement() -> Select[Any]:
    """SQL, built once: the board with the slug and the aggregates of its meetings."""
    return (
        sql_select(
            col(Board.id),
            col(Board.name),
            col(Board.timezone),
            col(Board.created_at_utc),
            *_meeting_aggregates(),
        )
        .select_from(Board)
        .outerjoin(Meeting, col(Meeting.board_id) == col(Board.id))
        .where(col(Board.slug) == bindparam("slug", type_=String))
        .group_by(col(Board.id))
    )


async def _board_stamp(
    session: AsyncSession, slug: str, *, domain: str
) -> tuple[int, FeedStamp] | None:
    """(board id, stamp) from one statement."""
    connection = await session.connection()
    row = (await connection.execute(_board_stamp_statement(), {"slug": slug})).first()
    if row is None:
        return None
    values: tuple[Any, ...] = tuple(row)
    board_id, name, zone, created_at, *meetings = values
    stamp = FeedStamp(
        etag=_etag(("board", domain, board_id, name, zone, *meetings)),
        last_modified_utc=_latest((created_at, meetings[1])),
        filename=f"{slug}.ics",
        personal=False,
    )
    return int(board_id), stamp


@dataclass(frozen=True, slots=True)
class _PersonalScope:
    person_id: int
    full_name: str
    board_ids: tuple[int, ...]


@cache
def _person_stamp_statement() -> Select[Any]:
    """SQL, built once (a 304 should not pay for building it): the person with the token and
    their boards, each row carrying the aggregates of those boards' meetings and of the
    person's actions, computed once in a subquery."""
    token = bindparam("token", type_=String)
    person_id_of_token = (
        sql_select(col(Person.id)).where(col(Person.calendar_token) == token).scalar_subquery()
    )
    their_boards = sql_select(col(Membership.board_id)).where(
        col(Membership.person_id) == person_id_of_token
    )
    aggregates_of = (
        sql_select(*_meeting_aggregates(), *_action_aggregates(person_id_of_token))
        .where(col(Meeting.board_id).in_(their_boards))
        .subquery()
    )
    return (
        sql_select(
            col(Person.id),
            col(Person.full_name),
            col(Person.created_at_utc),
            col(Board.id),
            col(Board.name),
            col(Board.timezone),
            *aggregates_of.c,
        )
        .select_from(Person)
        .outerjoin(Membership, col(Membership.person_id) == col(Person.id))
        .outerjoin(Board, col(Board.id) == col(Membership.board_id))
        .join(aggregates_of, true())
        .where(col(Person.calendar_token) == token)
        .order_by(col(Board.id))
    )


async def _person_stamp(
    session: AsyncSession, token: str, *, domain: str
) -> tuple[_PersonalScope, FeedStamp] | None:
    """(scope, stamp) from one statement of plain columns (no ORM objects: this is the whole
    cost of a 304)."""
    if not well_formed_token(token):
        return None
    connection = await session.connection()
    rows = (await connection.execute(_person_stamp_statement(), {"token": token})).all()
    if not rows:
        return None
    person_id, full_name, created_at = int(rows[0][0] or 0), str(rows[0][1]), rows[0][2]
    # One row per role: a chair who is also the clerk is on the board once.
    boards: tuple[tuple[Any, ...], ...] = tuple(
        dict.fromkeys(tuple(row[3:6]) for row in rows if row[3] is not None)
    )
    board_ids = tuple(int(board[0]) for board in boards)
    aggregates = tuple(rows[0][6:])
    meetings, actions = tuple(aggregates[:4]), tuple(aggregates[4:])
    stamp = FeedStamp(
        etag=_etag(("person", domain, person_id, full_name, boards, meetings, actions)),
        last_modified_utc=_latest((created_at, meetings[1], actions[1])),
        filename=f"{slugify('quorum ' + full_name)}.ics",
        personal=True,
    )
    scope = _PersonalScope(person_id=person_id, full_name=full_name, board_ids=board_ids)
    return scope, stamp


async def personal_stamp(db: Database, token: str, *, domain: str) -> FeedStamp | None:
    """The personal feed's ETag and Last-Modified; None for an unknown token."""
    async with db.read() as session:
        found = await _person_stamp(session, token, domain=domain)
    return None if found is None else found[1]


async def board_stamp(db: Database, slug: str, *, domain: str) -> FeedStamp | None:
    """The board feed's ETag and Last-Modified; None for an unknown slug."""
    async with db.read() as session:
        found = await _board_stamp(session, slug, domain=domain)
    return None if found is None else found[1]


# -- rendering --------------------------------------------------------------------------------


@cache
def _meetings_statement() -> _AnySelect:
    """SQL, built once: the columns :func:`event_with_agenda` reads of every meeting of some
    boards, as plain rows (a thousand ORM objects cost more than the rest of a feed's load)."""
    return sql_select(
        col(Meeting.id),
        col(Meeting.board_id),
        col(Meeting.starts_at_utc),
        col(Meeting.ends_at_utc),
        col(Meeting.location),
        col(Meeting.remote_link),
        col(Meeting.ics_sequence),
        col(Meeting.status),
        col(Meeting.updated_at_utc),
        col(Meeting.created_at_utc),
        col(Meeting.time_stated),
    ).where(col(Meeting.board_id).in_(bindparam("board_ids", expanding=True)))


def _agenda_statement(*, by_meeting: bool) -> _AnySelect:
    """SQL: the public items of some meetings (``meeting_ids``), or of every meeting of some
    boards (``board_ids``), meeting by meeting in agenda order, as plain rows. Built once each
    (:func:`_agenda_statements`)."""
    meetings: BindParameter[Any] | Select[Any]
    if by_meeting:
        meetings = bindparam("meeting_ids", expanding=True)
    else:
        # A subquery, not a join: SQLite then reads the items in (meeting, position) index
        # order and needs no sort.
        meetings = sql_select(col(Meeting.id)).where(
            col(Meeting.board_id).in_(bindparam("board_ids", expanding=True))
        )
    return (
        sql_select(
            col(AgendaItem.meeting_id),
            col(AgendaItem.number),
            col(AgendaItem.title),
            col(AgendaItem.presenter),
        )
        .where(col(AgendaItem.meeting_id).in_(meetings), col(AgendaItem.exempt).is_(False))
        .order_by(col(AgendaItem.meeting_id), col(AgendaItem.position))
    )


_agenda_statements = cache(_agenda_statement)


@dataclass(frozen=True, slots=True)
class _FeedMeetings:
    """A feed's meetings in feed order (:func:`calendars.ics.feed_order`): each one's VEVENT as
    kept, or its event still to be written (then also under which key to keep it)."""

    entries: tuple[bytes | MeetingEvent, ...]
    keys: dict[int, _BlockKey]  # by meeting id, for the events still to be written


def _block_key(db: Database, domain: str, board: Board, meeting: tuple[Any, ...]) -> _BlockKey:
    return (db.url, domain, board.name, board.timezone, meeting)


async def _feed_meetings(
    session: AsyncSession, db: Database, boards: Sequence[Board], *, domain: str
) -> _FeedMeetings:
    """Every meeting of ``boards`` for a feed: one query for the meetings (plain rows), then
    the public items of only those whose VEVENT is not kept already (:data:`MEETING_BLOCKS`).

    A block is kept under everything it is made from: the meeting's columns as read, the board's
    name and zone, the domain. Its agenda is not among them: a change to the agenda bumps the
    meeting's ``updated_at_utc`` (the module's rule, which the feeds' ETags rely on too)."""
    by_id = {board.id: board for board in boards}
    board_ids = [board_id for board_id in by_id if board_id is not None]
    if not board_ids:
        return _FeedMeetings((), {})
    connection = await session.connection()
    result = await connection.execute(_meetings_statement(), {"board_ids": board_ids})
    meetings = list(result.all())
    meetings.sort(key=lambda meeting: (ensure_utc(meeting.starts_at_utc), meeting.id))
    kept: list[bytes | None] = []
    keys: dict[int, _BlockKey] = {}
    for meeting in meetings:
        key = _block_key(db, domain, by_id[meeting.board_id], tuple(meeting))
        block = MEETING_BLOCKS.get(key)
        kept.append(block)
        if block is None:
            keys[meeting.id] = key
    agendas: dict[int, tuple[AgendaLine, ...]] = {}
    if keys:
        if len(keys) == len(meetings) or len(keys) > AGENDAS_BY_ID:
            # Read for every meeting (those kept are read for nothing, but in one statement
            # with no long list of ids).
            statement, parameters = _agenda_statements(by_meeting=False), {"board_ids": board_ids}
        else:
            statement, parameters = _agenda_statements(by_meeting=True), {"meeting_ids": [*keys]}
        result = await connection.execute(statement, parameters)
        rows = cast(Iterable[_AgendaRow], result.all())
        # Rows come meeting by meeting, each in agenda order: one tuple per meeting.
        for meeting_id, lines in groupby(rows, key=itemgetter(0)):
            agendas[meeting_id] = tuple(
                AgendaLine(number, title, presenter) for _, number, title, presenter in lines
            )
    entries = tuple(
        block
        if block is not None
        else event_with_agenda(meeting, by_id[meeting.board_id], agendas.get(meeting.id, ()))
        for meeting, block in zip(meetings, kept, strict=True)
    )
    return _FeedMeetings(entries, keys)


def _render_feed(
    meetings: _FeedMeetings,
    *,
    name: str,
    actions: Sequence[ActionDue] = (),
    domain: str,
    description: str,
) -> tuple[bytes, dict[_BlockKey, bytes]]:
    """The feed's bytes, and the VEVENTs written for it (to keep), by key. Runs in a worker
    thread: the event loop does not wait on a large feed."""
    written: dict[_BlockKey, bytes] = {}
    blocks: list[bytes] = []
    for entry in meetings.entries:
        if isinstance(entry, bytes):
            blocks.append(entry)
            continue
        block = feed_meeting_block(entry, domain)
        written[meetings.keys[entry.meeting_id]] = block
        blocks.append(block)
    body = feed_from_blocks(
        name=name, meeting_blocks=blocks, actions=actions, domain=domain, description=description
    )
    return body, written


async def _rendered(meetings: _FeedMeetings, **values: Any) -> bytes:
    body, written = await asyncio.to_thread(_render_feed, meetings, **values)
    for key, block in written.items():  # on the loop's thread: the cache is not thread-safe
        MEETING_BLOCKS.put(key, block)
    return body


async def _actions_due(session: AsyncSession, person_id: int) -> list[ActionDue]:
    rows = await session.exec(
        select(Action, Board.name)
        .join(Board, col(Board.id) == col(Action.board_id))
        .where(
            col(Action.owner_id) == person_id,
            col(Action.due_on).is_not(None),
            col(Action.status).in_(OPEN_ACTIONS),
        )
    )
    return [
        ActionDue(
            action_id=action.id,
            description=action.description,
            due_on=action.due_on,
            board_name=board_name,
            label=action_label(action.id, action.ref),
            last_modified_utc=action.updated_at_utc,
        )
        for action, board_name in rows.all()
        if action.id is not None and action.due_on is not None
    ]


async def personal_feed(db: Database, token: str, *, domain: str) -> RenderedFeed | None:
    """The person's feed: every meeting of their boards (cancelled ones too) and their open
    actions' due dates. None for an unknown token."""
    async with db.read() as session:
        found = await _person_stamp(session, token, domain=domain)
        if found is None:
            return None
        scope, stamp = found
        cached = FEED_CACHE.get((db.url, stamp.etag))
        if cached is not None:
            return RenderedFeed(stamp=stamp, body=cached)
        boards = (await session.exec(select(Board).where(col(Board.id).in_(scope.board_ids)))).all()
        meetings = await _feed_meetings(session, db, tuple(boards), domain=domain)
        actions = await _actions_due(session, scope.person_id)
    body = await _rendered(
        meetings,
        name=PERSONAL_TITLE.format(name=scope.full_name),
        actions=actions,
        domain=domain,
        description=PERSONAL_DESCRIPTION,
    )
    FEED_CACHE.put((db.url, stamp.etag), body)
    return RenderedFeed(stamp=stamp, body=body)


async def board_feed(db: Database, slug: str, *, domain: str) -> RenderedFeed | None:
    """The board's public feed: every meeting, public items only. None for an unknown slug."""
    async with db.read() as session:
        found = await _board_stamp(session, slug, domain=domain)
        if found is None:
            return None
        board_id, stamp = found
        cached = FEED_CACHE.get((db.url, stamp.etag))
        if cached is not None:
            return RenderedFeed(stamp=stamp, body=cached)
        board = await session.get(Board, board_id)
        assert board is not None
        meetings = await _feed_meetings(session, db, (board,), domain=domain)
    body = await _rendered(
        meetings,
        name=board.name,
        domain=domain,
        description=BOARD_DESCRIPTION.format(board=board.name),
    )
    FEED_CACHE.put((db.url, stamp.etag), body)
    return RenderedFeed(stamp=stamp, body=body)


async def board_feed_named(db: Database, board_name: str, *, domain: str) -> RenderedFeed:
    """The public feed of the board called ``board_name`` (any case, or its slug)."""
    async with db.read() as session:
        board = await get_board(session, name=board_name)
    feed = await board_feed(db, board.slug, domain=domain)
    if feed is None:  # pragma: no cover - deleted between the two reads
        raise NotFoundError(messages.NO_BOARD_CALLED.format(name=board_name))
    return feed


# -- e-mail invitations -----------------------------------------------------------------------


async def invitation(db: Database, meeting_id: int, *, domain: str, now: datetime) -> bytes | None:
    """The meeting as an e-mail invitation: ``METHOD:REQUEST`` (``CANCEL`` once cancelled).

    ORGANIZER: the board's organizer address, else a clerk's own address, else
    ``clerk@<domain>``. ATTENDEEs: the board's people with a known e-mail address, but the
    organizer and those on the board only "for information". None for an unknown meeting.
    """
    async with db.read() as session:
        meeting = await session.get(Meeting, meeting_id)
        event = await meeting_event(session, meeting_id)
        if meeting is None or event is None:
            return None
        board = await session.get(Board, meeting.board_id)
        assert board is not None
        people = (
            await session.exec(
                select(Person, Membership.role)
                .join(Membership, col(Membership.person_id) == col(Person.id))
                .where(Membership.board_id == board.id, col(Person.email).is_not(None))
                .order_by(col(Person.full_name), col(Person.id))
            )
        ).all()
    organizer = _organizer(board, people, domain)
    # Those on the board "for information" receive the papers but do not attend.
    attending = {person.id for person, role in people if role != Role.FOR_INFORMATION.value}
    attendees: dict[str, Attendee] = {}
    for person, _role in people:
        email = (person.email or "").strip()
        key = email.casefold()
        if email and key != organizer.email.casefold() and person.id in attending:
            attendees.setdefault(key, Attendee(name=person.full_name, email=email))
    return meeting_invite(
        event, domain=domain, now=now, organizer=organizer, attendees=list(attendees.values())
    )


def _organizer(board: Board, people: Sequence[tuple[Person, str]], domain: str) -> Attendee:
    if board.organizer_email:
        return Attendee(name=board.name, email=board.organizer_email)
    clerks = [
        person
        for person, role in people
        if role == Role.CLERK.value and (person.email or "").strip()
    ]
    if clerks:
        clerk = min(clerks, key=lambda person: person.id or 0)
        return Attendee(name=clerk.full_name, email=(clerk.email or "").strip())
    return Attendee(name=board.name, email=f"clerk@{domain}")


# -- addresses for invitations ----------------------------------------------------------------

# Shape only (something@somewhere.tld, no spaces): whether it is read is the mail server's say.
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}")
EMAIL_MAX_LENGTH = 320  # the columns' width (RFC 5321's limit)


class InvalidEmail(QuorumError):
    """An address that cannot be an e-mail address; the message says which."""


def normalise_email(value: str) -> str:
    """``" Diane@Example.org "`` -> ``"Diane@Example.org"``; InvalidEmail for a malformed one."""
    email = value.strip()
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(email) or ".." in email:
        raise InvalidEmail(messages.NOT_AN_EMAIL.format(value=value))
    return email


async def set_organizer_email(db: Database, *, board_name: str, email: str) -> str:
    """The ORGANIZER address of the board's invitations. Returns the board's name."""
    address = normalise_email(email)
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        board.organizer_email = address
        session.add(board)
        return board.name


async def set_member_email(db: Database, *, board_name: str, person_name: str, email: str) -> str:
    """A board member's own address (an ATTENDEE of invitations). Returns their full name."""
    address = normalise_email(email)
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        assert board.id is not None
        person = await find_person_on_board(session, board_id=board.id, name=person_name)
        if person is None:
            raise NotFoundError(
                messages.NO_MEMBER_CALLED.format(board=board.name, name=person_name)
            )
        person.email = address
        session.add(person)
        return person.full_name
