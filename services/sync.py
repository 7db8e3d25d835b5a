"""Syncing a board from its source: the snapshot a source gives, applied as a change set.

One sync reads the source (:mod:`sources`), then in one write transaction: meetings matched
by external id (or adopted by date), moved / re-placed / cancelled / items changed through
:func:`services.meeting_changes.record_change` (so members get the usual notices), papers and
attendees stored, minutes as decisions, the clerks asked once whether to announce an agenda
the site has published (or it is announced at once, with autopublish), one supplement notice
per member for a paper added to a published meeting. A second sync of the same data writes
nothing. A failure leaves the data as it was and is told to the board's clerks once.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import local_to_utc, to_local
from core.clock import ensure_utc
from core.errors import NotFoundError, QuorumError
from core.roles import Role
from notify.broadcasts import queue_broadcast
from notify.outbox import PENDING, NewNotification, cancel, enqueue
from notify.planning import plan_board, plan_meeting
from packs.names import clean_name
from packs.resolutions import outcomes_of
from services import messages
from services.imports import UNNUMBERED_MARK, UNSTATED_TIME
from services.meeting_changes import ADDED, REMOVED, RETITLED, AgendaChange, record_change
from services.names import name_key
from services.people import add_alias, find_person_on_board, retire_membership
from sources.base import FailureKind, Source, SourceFailure
from sources.model import (
    Cached,
    RemoteAttendee,
    RemoteCommittee,
    RemoteItem,
    RemoteMeeting,
    Snapshot,
)
from sources.registry import SourceOpener, open_source
from storage.engine import Database
from storage.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    Broadcast,
    BroadcastKind,
    Decision,
    Document,
    ExternalPerson,
    FormerMembership,
    Meeting,
    MeetingStatus,
    Membership,
    Notification,
    NotificationKind,
    Person,
    PersonAlias,
    SourceResponse,
    SyncSource,
)

log = logging.getLogger(__name__)

# Meetings synced: from this many days back to this many ahead.
WINDOW_DAYS = 366
# A source that keeps failing is tried again after its interval, doubled for each failure in
# a row, but never later than this (nor sooner than its interval).
BACKOFF_CAP = timedelta(hours=6)
# How long a process may hold a source it is syncing (several instances on PostgreSQL); a
# process that died lets it go when this runs out.
LEASE = timedelta(hours=1)
# A meeting ahead that this many successful snapshots in a row no longer list is cancelled
# (the council deleted it); a member this many reference attendee lists in a row leave out
# is retired (one short list is not enough).
MISSING_LIMIT = 2

_SCHEDULED = MeetingStatus.SCHEDULED.value
_CANCELLED = MeetingStatus.CANCELLED.value
_PUBLICATION = BroadcastKind.PUBLICATION.value
_SITE_PUBLISHED = NotificationKind.SITE_PUBLISHED.value
_SOURCE_FAILED = NotificationKind.SOURCE_FAILED.value
_SUPPLEMENT = NotificationKind.SUPPLEMENT.value
_CLERK = Role.CLERK.value
_APOLOGIES = AttendanceStatus.APOLOGIES.value
# The roles a source's attendee lists decide (a clerk is Quorum's, never a source's).
_LISTED_ROLES = frozenset(
    {
        Role.CHAIR.value,
        Role.VICE_CHAIR.value,
        Role.MEMBER.value,
        Role.OFFICER.value,
        Role.FOR_INFORMATION.value,
    }
)
_RETIRED_REASON = "no longer listed by the council's site"


@dataclass(frozen=True, slots=True)
class SyncReport:
    source_id: int
    board_name: str
    ok: bool
    meetings_added: int = 0
    meetings_changed: int = 0
    meetings_unchanged: int = 0
    documents_added: int = 0
    supplements: int = 0  # supplement notices queued (one per member per paper)
    publication_prompts: int = 0  # clerks asked "announce it?"
    autopublished: int = 0  # meetings announced at once
    change_notices: int = 0  # members told of a change
    apologies: int = 0  # apologies the site lists, recorded for members who had not answered
    failure: str | None = None
    advice: str | None = None
    clerks_told: bool = False  # a failure told to the clerks (once per failing spell)
    # Nothing written: another sync of the source took it over meanwhile (its lease was lost).
    superseded: bool = False
    # The committee synced, as a clerk knows it: its title, else "committee 140".
    committee: str = ""

    @property
    def summary(self) -> str:
        """One line for a clerk: "2 meetings added, 1 changed, 9 unchanged" or the failure."""
        if self.superseded:
            return f"Skipped: {messages.SOURCE_SYNC_SUPERSEDED}"
        if not self.ok:
            return f"Failed: {self.failure or messages.SOURCE_UNEXPECTED_REASON}"
        parts = [
            f"{_count(self.meetings_added, 'meeting')} added, "
            f"{self.meetings_changed} changed, {self.meetings_unchanged} unchanged"
        ]
        if self.documents_added:
            parts.append(f"{_count(self.documents_added, 'paper')} added")
        if self.change_notices:
            parts.append(f"{_count(self.change_notices, 'change notice')} queued")
        if self.supplements:
            parts.append(f"{_count(self.supplements, 'supplement notice')} queued")
        if self.publication_prompts:
            parts.append(f"{_count(self.publication_prompts, 'clerk')} asked to announce an agenda")
        if self.autopublished:
            parts.append(f"{_count(self.autopublished, 'agenda')} announced")
        if self.apologies:
            parts.append(f"apologies recorded for {_count(self.apologies, 'member')}")
        return "; ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# -- reading the source ---------------------------------------------------------------------------


async def committees(
    kind: str, base_url: str, *, opener: SourceOpener = open_source
) -> list[RemoteCommittee]:
    """The site's current committees (deleted and expired left out), by title. Raises
    SourceFailure."""
    source = opener(kind, base_url)
    try:
        found = await source.committees()
    finally:
        await source.aclose()
    current = [committee for committee in found if committee.current]
    return sorted(current, key=lambda c: (c.title.casefold(), c.id))


# -- fitting text to its column -------------------------------------------------------------------


def _width(column: Any) -> int:
    length: int = column.type.length
    return length


def _fit(text: str, column: Any) -> str:
    """``text`` cut to the column's width (with an ellipsis), as imports cut a pack's text."""
    width = _width(column)
    if len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def _fit_or_none(text: str | None, column: Any) -> str | None:
    """Text that a cut would break (a link, a validator): left out when too long."""
    if text is None or len(text) > _width(column):
        return None
    return text


def _plain(text: str | None) -> str | None:
    """Spaces folded; None for nothing."""
    if text is None:
        return None
    folded = " ".join(text.split())
    return folded or None


# -- minutes as decisions -------------------------------------------------------------------------

# A line that records a decision: "RESOLVED:", "Resolved that", "It was RESOLVED", "AGREED",
# "It was unanimously agreed", "DECIDED".
_DECISION_MARK = re.compile(
    r"^\W*(?:it\s+was\s+(?:[a-z]+\s+){0,2}?)?(?:resolved|agreed|decided)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Decided:
    """What a minute decided: its text and outcome words ("GRANTED", "noted")."""

    text: str
    outcomes: list[str]


def decision_of(minute: str) -> Decided | None:
    """The decision a published minute records: from its first line that starts with
    RESOLVED / AGREED / DECIDED (any case; "It was RESOLVED") to its end; else, when outcome
    words are printed (:func:`packs.resolutions.outcomes_of`), the whole minute; else None (a
    procedural minute: apologies, declarations of interest, a discussion)."""
    lines = [line.strip() for line in minute.strip().splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return None
    start = next((n for n, line in enumerate(lines) if _DECISION_MARK.match(line)), None)
    if start is not None:
        text = "\n".join(lines[start:])
        return Decided(text=text, outcomes=outcomes_of(text))
    text = "\n".join(lines)
    outcomes = outcomes_of(text)
    return Decided(text=text, outcomes=outcomes) if outcomes else None


def _joined_within(words: Sequence[str], width: int) -> str:
    """Outcome words as imports store them: comma-joined, cut at a whole word."""
    joined = ""
    for word in words:
        longer = f"{joined},{word}" if joined else word
        if len(longer) > width:
            break
        joined = longer
    return joined


# -- meetings -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wanted:
    """What the source says a meeting's row should hold."""

    starts_at_utc: datetime
    ends_at_utc: datetime | None
    time_stated: bool
    location: str | None
    status: str


def _wanted_meeting(remote: RemoteMeeting, zone: ZoneInfo, stored: Meeting | None) -> _Wanted:
    """The instants of ``remote`` in the board's zone. With no time given, the meeting keeps a
    stored time on the same day; otherwise it starts at the start of its day, time not stated
    (as imports store minutes that give none)."""
    if remote.start is not None:
        starts = local_to_utc(remote.day, remote.start, zone)
        stated = True
    elif stored is not None and to_local(stored.starts_at_utc, zone).date() == remote.day:
        starts, stated = stored.starts_at_utc, stored.time_stated
    else:
        starts, stated = local_to_utc(remote.day, UNSTATED_TIME, zone), False
    ends = None
    if remote.start is not None and remote.finish is not None:
        ends = local_to_utc(remote.day, remote.finish, zone)
        if ends <= starts:
            # A finish not after the start is a stale one (the start moved, the finish kept),
            # not a meeting of many hours: no end.
            ends = None
    elif stored is not None and remote.start is None and stated:
        ends = stored.ends_at_utc
    location = _plain(remote.location)
    return _Wanted(
        starts_at_utc=starts,
        ends_at_utc=ends,
        time_stated=stated,
        location=_fit(location, col(Meeting.location)) if location else None,
        status=_CANCELLED if remote.cancelled else _SCHEDULED,
    )


@dataclass(slots=True)
class _MeetingResult:
    meeting: Meeting
    # New to this source: created now, or an existing meeting without source adopted now.
    created: bool
    adopted: bool
    changed: bool = False
    # Papers stored for the first time by this sync.
    new_documents: list[Document] = field(default_factory=list)
    # Before this sync: the site had published the agenda, and it had an item members may see
    # (what makes an agenda worth announcing).
    ready_before: bool = False
    announced_before: bool = False


async def _meeting_on_day(
    session: AsyncSession, *, board: Board, day: date, zone: ZoneInfo, taken: set[int]
) -> Meeting | None:
    """The board's meeting without source on the local ``day`` (a pack's), to adopt."""
    rows = (
        await session.exec(
            select(Meeting)
            .where(
                Meeting.board_id == board.id,
                col(Meeting.source_id).is_(None),
                col(Meeting.starts_at_utc) >= local_to_utc(day, time(), zone),
                col(Meeting.starts_at_utc) < local_to_utc(day + timedelta(days=1), time(), zone),
            )
            .order_by(col(Meeting.starts_at_utc), col(Meeting.id))
        )
    ).all()
    return next((meeting for meeting in rows if meeting.id not in taken), None)


async def _has_public_items(session: AsyncSession, meeting_id: int) -> bool:
    """Whether the meeting has an agenda item that is not restricted."""
    found = await session.exec(
        select(AgendaItem.id)
        .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.exempt).is_(False))
        .limit(1)
    )
    return found.first() is not None


def _agenda_ready(remote: RemoteMeeting) -> bool:
    """Whether the site has published the meeting's agenda with an item members may see: a
    published agenda of restricted items only (or none yet) is nothing to announce."""
    return remote.agenda_published and any(not item.restricted for item in remote.items)


async def _announced(session: AsyncSession, meeting_id: int) -> bool:
    """Whether the meeting's agenda has been announced to members (a publication)."""
    found = await session.exec(
        select(Broadcast.id).where(
            Broadcast.meeting_id == meeting_id, Broadcast.kind == _PUBLICATION
        )
    )
    return found.first() is not None


@dataclass(slots=True)
class _Sync:
    """One sync's state, in its transaction."""

    session: AsyncSession
    source: SyncSource
    board: Board
    zone: ZoneInfo
    now: datetime
    meetings_added: int = 0
    meetings_changed: int = 0
    meetings_unchanged: int = 0
    documents_added: int = 0
    supplements: int = 0
    publication_prompts: int = 0
    autopublished: int = 0
    change_notices: int = 0
    apologies: int = 0
    to_plan: set[int] = field(default_factory=set)
    adopted: set[int] = field(default_factory=set)
    members_changed: bool = False

    async def meeting(self, remote: RemoteMeeting, stored: Meeting | None) -> _MeetingResult:
        """Store one meeting of the snapshot with its items, papers and minutes."""
        session, source = self.session, self.source
        assert source.id is not None and self.board.id is not None
        adopted = False
        if stored is None:
            stored = await _meeting_on_day(
                session, board=self.board, day=remote.day, zone=self.zone, taken=self.adopted
            )
            adopted = stored is not None
            if stored is not None:
                self.adopted.add(_id(stored))
        wanted = _wanted_meeting(remote, self.zone, stored)
        if stored is None:
            meeting = Meeting(
                board_id=self.board.id,
                starts_at_utc=wanted.starts_at_utc,
                ends_at_utc=wanted.ends_at_utc,
                location=wanted.location,
                status=wanted.status,
                source=_fit(f"{source.kind}:{source.base_url}#{remote.id}", col(Meeting.source)),
                time_stated=wanted.time_stated,
                created_at_utc=self.now,
                updated_at_utc=self.now,
                source_id=source.id,
                external_id=remote.id,
                site_agenda_published=remote.agenda_published,
                site_minutes_published=remote.minutes_published,
            )
            session.add(meeting)
            await session.flush()
            result = _MeetingResult(meeting=meeting, created=True, adopted=False, changed=True)
            await self.agenda(result, remote)
            self.to_plan.add(_id(meeting))
            return result
        meeting = stored
        result = _MeetingResult(
            meeting=meeting,
            created=adopted,
            adopted=adopted,
            ready_before=meeting.site_agenda_published
            and await _has_public_items(session, _id(meeting)),
            announced_before=await _announced(session, _id(meeting)),
        )
        if adopted:
            meeting.source_id, meeting.external_id = source.id, remote.id
            result.changed = True
        # What members would notice goes through record_change; the rest changes quietly.
        old_start = old_location = old_status = None
        location_changed = False
        quiet = False
        if meeting.starts_at_utc != wanted.starts_at_utc:
            newly_stated = (
                not meeting.time_stated
                and wanted.time_stated
                and to_local(meeting.starts_at_utc, self.zone).date() == remote.day
            )
            if newly_stated:
                quiet = True  # a time given for the day on record is not a move
            else:
                old_start = meeting.starts_at_utc
            meeting.starts_at_utc = wanted.starts_at_utc
        if meeting.time_stated != wanted.time_stated:
            meeting.time_stated = wanted.time_stated
            quiet = True
        if meeting.ends_at_utc != wanted.ends_at_utc:
            meeting.ends_at_utc = wanted.ends_at_utc
            quiet = True
        if wanted.location is not None and meeting.location != wanted.location:
            old_location, location_changed = meeting.location, True
            meeting.location = wanted.location
        if meeting.status != wanted.status:
            old_status = meeting.status
            meeting.status = wanted.status
        if meeting.site_agenda_published != remote.agenda_published:
            meeting.site_agenda_published = remote.agenda_published
            result.changed = True
        if meeting.site_minutes_published != remote.minutes_published:
            meeting.site_minutes_published = remote.minutes_published
            result.changed = True
        agenda = await self.agenda(result, remote)
        if adopted:
            # A pack's wording against the site's is not news for members.
            agenda = []
        told = None
        if old_start is not None or location_changed or old_status is not None or agenda:
            told = await record_change(
                session,
                meeting,
                old_starts_at_utc=old_start,
                old_location=old_location,
                location_changed=location_changed,
                old_status=old_status,
                agenda=agenda,
                now=self.now,
            )
            result.changed = True
            self.to_plan.add(_id(meeting))  # planned by record_change; again is harmless
        if told is not None:
            self.change_notices += told.members
        elif quiet:
            # Calendar clients take an update only with a higher SEQUENCE.
            meeting.ics_sequence += 1
            self.to_plan.add(_id(meeting))
            result.changed = True
        if result.changed:
            meeting.updated_at_utc = self.now
            session.add(meeting)
        return result

    async def agenda(self, result: _MeetingResult, remote: RemoteMeeting) -> list[AgendaChange]:
        """The meeting's items, papers and minutes as the source gives them. Returns what
        changed on the agenda that members may hear of (exempt items never)."""
        session, meeting = self.session, result.meeting
        meeting_id = _id(meeting)
        items = _unique(remote.items)
        numbers = _stored_numbers(items)
        rows = list(
            (
                await session.exec(
                    select(AgendaItem)
                    .where(AgendaItem.meeting_id == meeting_id)
                    .order_by(col(AgendaItem.position))
                )
            ).all()
        )
        matched = _match_items(rows, items, numbers)
        kept = {id(row) for row in matched.values()}
        changes: list[AgendaChange] = []
        for stale in rows:
            if id(stale) in kept:
                continue
            if not stale.exempt:
                changes.append(AgendaChange(REMOVED, stale.number, stale.title))
            await session.delete(stale)
            result.changed = True
        await session.flush()
        # (meeting, position) and (meeting, number) are unique: rows that move are parked
        # on values of their own first.
        parked = False
        for position, (item, number) in enumerate(zip(items, numbers, strict=True), start=1):
            row = matched.get(item.id)
            if row is not None and (row.position != position or row.number != number):
                row.position, row.number = -_id(row), f"~{_id(row)}"
                session.add(row)
                parked = True
        if parked:
            await session.flush()
        by_remote: dict[str, AgendaItem] = {}
        added: list[AgendaItem] = []
        for position, (item, number) in enumerate(zip(items, numbers, strict=True), start=1):
            title = _fit(_plain(item.title) or number, col(AgendaItem.title))
            presenter = _plain(item.presenter)
            presenter = _fit(presenter, col(AgendaItem.presenter)) if presenter else None
            external = _fit_or_none(item.id, col(AgendaItem.external_id))
            row = matched.get(item.id)
            if row is None:
                row = AgendaItem(
                    meeting_id=meeting_id,
                    position=position,
                    number=number,
                    title=title,
                    presenter=presenter,
                    exempt=item.restricted,
                    external_id=external,
                )
                added.append(row)
                if not item.restricted:
                    changes.append(AgendaChange(ADDED, number, title))
                by_remote[item.id] = row
                result.changed = True
                continue
            if row.title != title and not (row.exempt or item.restricted):
                changes.append(AgendaChange(RETITLED, number, title, row.title))
            values: dict[str, Any] = {
                "position": position,
                "number": number,
                "title": title,
                "presenter": presenter,
                "exempt": item.restricted,
                "external_id": external,
            }
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    session.add(row)
                    result.changed = True
            by_remote[item.id] = row
        for row in added:
            session.add(row)
        await session.flush()
        await self.documents(result, remote, by_remote)
        published = remote.minutes_published or remote.decisions_published
        await self.minutes(result, items, by_remote, published=published)
        return changes if not result.created else []

    async def documents(
        self, result: _MeetingResult, remote: RemoteMeeting, items: dict[str, AgendaItem]
    ) -> None:
        """The meeting's papers by their external id: new ones added, changed ones updated,
        those no longer listed marked withdrawn (hidden, kept: one listed again is the same
        paper, not a new one). A paper of a restricted item is restricted itself, so that it
        stays private should its item's row go."""
        session, meeting_id = self.session, _id(result.meeting)
        stored = {
            row.external_id: row
            for row in (
                await session.exec(select(Document).where(Document.meeting_id == meeting_id))
            ).all()
        }
        wanted: set[str] = set()
        for paper in _unique(remote.documents):
            external = _fit_or_none(paper.id, col(Document.external_id))
            url = _fit_or_none(paper.url.strip(), col(Document.url))
            if external is None or not url or external in wanted:
                continue
            wanted.add(external)
            item = items.get(paper.item_id) if paper.item_id is not None else None
            values: dict[str, Any] = {
                "item_id": item.id if item is not None else None,
                "title": _fit(_plain(paper.title) or url, col(Document.title)),
                "url": url,
                "published_on": paper.published_on,
                "restricted": paper.restricted or (item is not None and item.exempt),
                "withdrawn_at_utc": None,
            }
            row = stored.get(external)
            if row is None:
                row = Document(
                    meeting_id=meeting_id, external_id=external, created_at_utc=self.now, **values
                )
                session.add(row)
                result.new_documents.append(row)
                result.changed = True
                self.documents_added += 1
                continue
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    session.add(row)
                    result.changed = True
        for external, row in stored.items():
            if external not in wanted and row.withdrawn_at_utc is None:
                row.withdrawn_at_utc = self.now
                session.add(row)
                result.changed = True
        await session.flush()

    async def minutes(
        self,
        result: _MeetingResult,
        remote_items: Sequence[RemoteItem],
        rows: dict[str, AgendaItem],
        *,
        published: bool,
    ) -> None:
        """An item's published minute as the board's decision at that item, stored once and
        kept up to date (following its item when renumbered); only once the meeting's minutes
        or decisions are published. Restricted items' minutes are left out, and the decision of
        an item that becomes restricted, or leaves the agenda, is deleted: decisions reach
        groups. Only decisions a sync made (``Decision.external_id``: their item's external
        id) are ever changed: those an import or a clerk recorded are left as they are."""
        session, meeting = self.session, result.meeting
        width = _width(col(Decision.external_id))
        decisions: dict[str, Decision] = {}
        for decision in (
            await session.exec(
                select(Decision)
                .where(Decision.meeting_id == meeting.id, col(Decision.external_id).is_not(None))
                .order_by(col(Decision.id))
            )
        ).all():
            assert decision.external_id is not None
            if decision.external_id in decisions:
                await session.delete(decision)  # one decision per item
                result.changed = True
            else:
                decisions[decision.external_id] = decision
        listed: set[str] = set()
        for item in remote_items:
            row = rows.get(item.id)
            if row is None or len(item.id) > width:
                continue
            listed.add(item.id)
            known = decisions.get(item.id)
            if item.restricted:
                if known is not None:
                    await session.delete(decisions.pop(item.id))
                    result.changed = True
                continue
            minute = (item.minute or "").strip() if published else ""
            if not minute:
                if known is not None and known.item != row.number:
                    known.item = row.number
                    session.add(known)
                    result.changed = True
                continue
            decided = decision_of(minute)
            if decided is None:
                # A procedural minute (apologies, declarations): no decision, nor one kept
                # from before.
                if known is not None:
                    await session.delete(decisions.pop(item.id))
                    result.changed = True
                continue
            text = _fit(decided.text, col(Decision.text))
            outcomes = _joined_within(decided.outcomes, _width(col(Decision.outcomes)))
            if known is None:
                session.add(
                    Decision(
                        board_id=meeting.board_id,
                        meeting_id=meeting.id,
                        item=row.number,
                        outcomes=outcomes,
                        text=text,
                        external_id=item.id,
                    )
                )
                result.changed = True
            elif (known.item, known.text, known.outcomes) != (row.number, text, outcomes):
                known.item, known.text, known.outcomes = row.number, text, outcomes
                session.add(known)
                result.changed = True
        for external, gone in decisions.items():
            if external not in listed:
                await session.delete(gone)  # its item left the agenda
                result.changed = True
        await session.flush()

    async def queue_publication(self, result: _MeetingResult, remote: RemoteMeeting) -> None:
        """An agenda the site has newly published (with an item members may see), for a meeting
        ahead not yet announced: with autopublish, announced to members; otherwise each clerk
        is asked once."""
        meeting = result.meeting
        newly = _agenda_ready(remote) and (result.created or not result.ready_before)
        over = self.over_at(meeting)
        if not newly or meeting.status != _SCHEDULED or over <= self.now:
            return
        meeting_id = _id(meeting)
        if result.announced_before or await _announced(self.session, meeting_id):
            return
        if self.board.autopublish:
            broadcast = Broadcast(
                board_id=meeting.board_id,
                meeting_id=meeting_id,
                kind=_PUBLICATION,
                meeting_sequence=meeting.ics_sequence,
                created_by_person_id=None,
                created_at_utc=self.now,
            )
            self.session.add(broadcast)
            await self.session.flush()
            await queue_broadcast(self.session, broadcast, now=self.now)
            self.autopublished += 1
            return
        rows = [
            NewNotification(
                kind=_SITE_PUBLISHED,
                dedupe_key=f"site-published:{meeting_id}:{person_id}",
                due_at_utc=self.now,
                expires_at_utc=over,
                board_id=meeting.board_id,
                person_id=person_id,
                meeting_id=meeting_id,
            )
            for person_id in await _clerks(self.session, meeting.board_id)
        ]
        self.publication_prompts += await _enqueue_new(self.session, rows, now=self.now)

    async def queue_supplements(self, result: _MeetingResult) -> None:
        """A paper first seen now, on a meeting this source brought before, announced, still
        ahead and not cancelled: one notice per member of the board (privately: restricted
        papers too)."""
        meeting = result.meeting
        over = self.over_at(meeting)
        if (
            result.created
            or not result.new_documents
            or not result.announced_before
            or meeting.status != _SCHEDULED
            or over <= self.now
        ):
            return
        members = await _members(self.session, meeting.board_id)
        rows = [
            NewNotification(
                kind=_SUPPLEMENT,
                dedupe_key=f"supplement:{_id(meeting)}:{document.external_id}:{person_id}",
                due_at_utc=self.now,
                expires_at_utc=over,
                board_id=meeting.board_id,
                person_id=person_id,
                meeting_id=meeting.id,
                lead=str(document.id),
            )
            for document in result.new_documents
            for person_id in members
        ]
        self.supplements += await _enqueue_new(self.session, rows, now=self.now)

    async def missing(self, meeting: Meeting, *, first_day: date, last_day: date) -> None:
        """A meeting this source brought, scheduled and still ahead, that a snapshot covering
        its day no longer lists: the council may have deleted it (not cancelled it). After
        :data:`MISSING_LIMIT` such snapshots in a row it is cancelled, members told as of any
        cancellation; listed again, the usual sync of its status reinstates it."""
        day = to_local(meeting.starts_at_utc, self.zone).date()
        if (
            meeting.status != _SCHEDULED
            or self.over_at(meeting) <= self.now
            or not first_day <= day <= last_day
        ):
            return
        meeting.site_missing += 1
        self.session.add(meeting)
        if meeting.site_missing < MISSING_LIMIT:
            return
        meeting.status = _CANCELLED
        meeting.updated_at_utc = self.now
        told = await record_change(self.session, meeting, old_status=_SCHEDULED, now=self.now)
        if told is not None:
            self.change_notices += told.members
        else:
            meeting.ics_sequence += 1
        self.session.add(meeting)
        self.to_plan.add(_id(meeting))
        self.meetings_changed += 1

    def over_at(self, meeting: Meeting) -> datetime:
        """When notices about the meeting stop making sense: its start, or with no time
        stated (stored at the start of its day) the end of its local day."""
        return meeting_over_at(meeting.starts_at_utc, meeting.time_stated, self.zone)

    def report(self, *, ok: bool = True) -> SyncReport:
        return SyncReport(
            source_id=_id(self.source),
            board_name=self.board.name,
            ok=ok,
            meetings_added=self.meetings_added,
            meetings_changed=self.meetings_changed,
            meetings_unchanged=self.meetings_unchanged,
            documents_added=self.documents_added,
            supplements=self.supplements,
            publication_prompts=self.publication_prompts,
            autopublished=self.autopublished,
            change_notices=self.change_notices,
            apologies=self.apologies,
            committee=_committee_name(self.source),
        )


def meeting_over_at(starts_at_utc: datetime, time_stated: bool, zone: ZoneInfo) -> datetime:
    """A meeting's start; for one whose time is not stated, the end of its local day."""
    starts = ensure_utc(starts_at_utc)
    if time_stated:
        return starts
    day = to_local(starts, zone).date()
    return local_to_utc(day + timedelta(days=1), time(), zone)


def _id(row: Any) -> int:
    row_id: int | None = row.id
    assert row_id is not None
    return row_id


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _unique(found: Iterable[_T]) -> list[_T]:
    """Each id once (the first stands)."""
    seen: set[str] = set()
    kept: list[_T] = []
    for thing in found:
        if thing.id in seen:
            continue
        seen.add(thing.id)
        kept.append(thing)
    return kept


def _clean_number(number: str) -> str:
    """A printed number as stored: spaces folded, no trailing full stop ("1." -> "1")."""
    return " ".join(number.split()).rstrip(".").strip()


def _stored_numbers(items: Sequence[RemoteItem]) -> list[str]:
    """Each item's number as stored (as imports do): as printed, else its position; a number
    printed twice the second time as "4 (2)", so both can be told apart."""
    width = _width(col(AgendaItem.number))
    printed = [_clean_number(item.number)[:width] for item in items]
    numbers: list[str] = []
    taken: set[str] = set()
    for position, number in enumerate(printed, start=1):
        if not number:
            number = str(position)
            if number in printed:
                number = f"{UNNUMBERED_MARK}{position}"
        stored, repeat = number, 1
        while stored in taken:
            repeat += 1
            suffix = f" ({repeat})"
            stored = number[: width - len(suffix)] + suffix
        taken.add(stored)
        numbers.append(stored)
    return numbers


def _match_items(
    rows: Sequence[AgendaItem], items: Sequence[RemoteItem], numbers: Sequence[str]
) -> dict[str, AgendaItem]:
    """Remote item id -> the stored row it is: by external id, else (a row the source has not
    named, e.g. a pack's) by number."""
    remote_ids = {item.id for item in items}
    by_external = {row.external_id: row for row in rows if row.external_id is not None}
    unnamed = [row for row in rows if row.external_id is None or row.external_id not in remote_ids]
    by_number = {row.number: row for row in unnamed}
    matched: dict[str, AgendaItem] = {}
    used: set[int] = set()
    for item in items:
        row = by_external.get(item.id)
        if row is not None:
            matched[item.id] = row
            used.add(id(row))
    for item, number in zip(items, numbers, strict=True):
        if item.id in matched:
            continue
        row = by_number.get(number)
        if row is not None and id(row) not in used:
            matched[item.id] = row
            used.add(id(row))
    return matched


async def _clerks(session: AsyncSession, board_id: int) -> list[int]:
    rows = await session.exec(
        select(Membership.person_id)
        .where(Membership.board_id == board_id, Membership.role == _CLERK)
        .distinct()
        .order_by(col(Membership.person_id))
    )
    return list(rows.all())


async def _members(session: AsyncSession, board_id: int) -> list[int]:
    """Everyone who holds a role on the board (as broadcasts reach them)."""
    rows = await session.exec(
        select(Membership.person_id)
        .where(Membership.board_id == board_id)
        .distinct()
        .order_by(col(Membership.person_id))
    )
    return list(rows.all())


async def _enqueue_new(
    session: AsyncSession, rows: Sequence[NewNotification], *, now: datetime
) -> int:
    """Queue the rows whose key is not in the outbox yet; returns how many that was."""
    if not rows:
        return 0
    keys = [row.dedupe_key for row in rows]
    known = set(
        (
            await session.exec(
                select(Notification.dedupe_key).where(col(Notification.dedupe_key).in_(keys))
            )
        ).all()
    )
    fresh = [row for row in rows if row.dedupe_key not in known]
    await enqueue(session, fresh, now=now)
    return len(fresh)


# -- attendees as members -------------------------------------------------------------------------

_VICE_CHAIR = re.compile(
    r"^(?:vice|deputy)\s*(?:chair|chairman|chairperson|chairwoman|convenor|convener|president)\b"
)
_CHAIR = re.compile(r"^(?:chair|chairman|chairperson|chairwoman|convenor|convener|president)\b")
_SUBSTITUTE = re.compile(r"\b(?:substitute|reserve|named deputy)\b")
# Those who attend without sitting on the board: no role at all (a role holder sees exempt
# items).
_NOT_A_MEMBER = re.compile(
    r"\b(?:in attendance|also present|also attending|also in attendance|attending|attendee|"
    r"observers?|observing|guests?|visitors?|invited|invitees?|witness(?:es)?|speakers?|"
    r"press|media|journalists?|reporters?|members? of the public|the public|"
    r"public (?:speakers?|participants?|observers?)|^public$)\b"
)
_FOR_INFORMATION = re.compile(r"\b(?:for information|non voting)\b")
_OFFICER = re.compile(
    r"\b(?:officer|officers|clerk|adviser|advisor|advisers|advisors|director|executive|manager|"
    r"solicitor|lawyer|legal|secretary|treasurer|accountant|auditor|scrutiny support|"
    r"democratic services|head of|committee services|governance)\b"
)
_MEMBER = re.compile(r"\bmembers?\b")
# Descriptions that say "a member" and nothing more: no title.
_PLAIN_MEMBER = frozenset(
    {
        "member",
        "committee member",
        "board member",
        "panel member",
        "full member",
        "voting member",
        "ordinary member",
        "elected member",
        "councillor",
        "member of the committee",
        "member of the board",
    }
)


def role_of(description: str | None) -> tuple[str, str | None] | None:
    """A role description as a source gives it -> (role, title), or None for someone who is
    not on the board at all. "Chair", "Chairman", "Chair of ..." -> chair; "Vice-Chair",
    "Deputy Chair" -> vice-chair; "Committee Member" -> member; "Substitute" (and other kinds
    of member) -> member titled as described; officers, clerks, advisers, directors ->
    officer titled as described; the press, observers, guests, the public, those "in
    attendance" or "also present" -> None; "for information", "non-voting" -> for
    information. Nothing said: a member. (A source's "Clerk" is an officer: the clerk role is
    Quorum's own.)"""
    given = _plain(description)
    if given is None:
        return Role.MEMBER.value, None
    title = _fit(given, col(Membership.title))
    words = " ".join(re.sub(r"[^\w]+", " ", given.casefold()).split())
    if _VICE_CHAIR.match(words):
        return Role.VICE_CHAIR.value, None
    if _CHAIR.match(words):
        return Role.CHAIR.value, None
    if _SUBSTITUTE.search(words):
        return Role.MEMBER.value, title
    if _OFFICER.search(words):
        return Role.OFFICER.value, title
    if _NOT_A_MEMBER.search(words):
        return None
    if _FOR_INFORMATION.search(words):
        return Role.FOR_INFORMATION.value, title
    if words in _PLAIN_MEMBER:
        return Role.MEMBER.value, None
    # "Co-opted Member", "Cabinet Member for Housing", "Leader of the Council": a member who
    # sits with a title.
    return Role.MEMBER.value, title


def _person_name(name: str) -> str | None:
    """ "Councillor Jane Smith" -> "Jane Smith" (honorifics, brackets, post-nominals gone)."""
    cleaned = clean_name(name) or _plain(name)
    return _fit(cleaned, col(Person.full_name)) if cleaned else None


def _reference_attendees(
    meetings: Sequence[RemoteMeeting], today: date
) -> tuple[RemoteAttendee, ...] | None:
    """The attendees of the nearest meeting ahead that lists any, else of the latest past one
    (meetings called off count only when no other lists any)."""
    listing = [meeting for meeting in meetings if meeting.attendees]
    held = [meeting for meeting in listing if not meeting.cancelled] or listing
    ahead = [meeting for meeting in held if meeting.day >= today]
    if ahead:
        return min(ahead, key=lambda m: (m.day, m.start or time())).attendees
    if held:
        return max(held, key=lambda m: (m.day, m.start or time())).attendees
    return None


async def _follow_attendees(sync: _Sync, attendees: Sequence[RemoteAttendee]) -> None:
    """The board's members as the source lists them: each attendee is a person (by the
    source's id, else the board's member of that name, else someone new) holding the role
    their description gives. People this source brought who are no longer listed are retired,
    as imports retire members a list no longer names; clerks and people added by hand are
    never touched."""
    session, board, source = sync.session, sync.board, sync.source
    board_id, source_id = _id(board), _id(source)
    links = {
        link.external_id: link
        for link in (
            await session.exec(select(ExternalPerson).where(ExternalPerson.source_id == source_id))
        ).all()
    }
    wanted: dict[int, tuple[str, str | None]] = {}
    for attendee in _unique(attendees):
        name = _person_name(attendee.name)
        listed = role_of(attendee.role)
        if name is None or listed is None:
            continue  # not on the board (the press, an observer, a guest)
        external = _fit_or_none(_plain(attendee.id), col(ExternalPerson.external_id))
        link = links.get(external) if external is not None else None
        person = await session.get(Person, link.person_id) if link is not None else None
        if person is None:
            person = await _person_of_board(
                session, board_id=board_id, source_id=source_id, name=name
            )
            if external is not None:
                link = ExternalPerson(
                    source_id=source_id, external_id=external, person_id=_id(person)
                )
                session.add(link)
                links[external] = link
        wanted.setdefault(_id(person), listed)
    await session.flush()
    held: dict[int, list[Membership]] = {}
    for membership in (
        await session.exec(select(Membership).where(Membership.board_id == board_id))
    ).all():
        held.setdefault(membership.person_id, []).append(membership)
    retired: set[int] = set()
    for person_id, (role, title) in wanted.items():
        roles = held.get(person_id, [])
        for membership in roles:
            if membership.role in _LISTED_ROLES and membership.role != role:
                await retire_membership(session, membership, now=sync.now)
                sync.members_changed = True
        same = next((m for m in roles if m.role == role), None)
        if same is None:
            session.add(Membership(board_id=board_id, person_id=person_id, role=role, title=title))
            sync.members_changed = True
        elif same.title != title:
            same.title = title
            session.add(same)
            sync.members_changed = True
    # Retired only after MISSING_LIMIT reference lists in a row without them.
    gone: set[int] = set()
    for link in links.values():
        count = 0 if link.person_id in wanted else link.missing_lists + 1
        if link.missing_lists != count:
            link.missing_lists = count
            session.add(link)
        if count >= MISSING_LIMIT:
            gone.add(link.person_id)
    for person_id in sorted(gone):
        for membership in held.get(person_id, []):
            if membership.role in _LISTED_ROLES:
                await retire_membership(session, membership, now=sync.now)
                sync.members_changed = True
                retired.add(person_id)
    await session.flush()
    for person_id in sorted(retired):
        if not any(m.role == _CLERK for m in held.get(person_id, [])):
            await _call_off_queued(session, board_id=board_id, person_id=person_id)


# "Apologies", "Sent apologies", "Apologies received", "Apologised" (but not "No apologies").
_SENT_APOLOGIES = re.compile(r"\bapolog(?:y|ies|ised|ized|ise|ize)\b")
_NO_APOLOGIES = re.compile(r"\bno apolog")


def sent_apologies(attendance: str | None) -> bool:
    """Whether a source's attendance says the attendee sent apologies."""
    words = " ".join((attendance or "").casefold().split())
    return bool(_SENT_APOLOGIES.search(words)) and not _NO_APOLOGIES.search(words)


async def _site_apologies(
    sync: _Sync, results: Sequence[tuple[_MeetingResult, RemoteMeeting]]
) -> None:
    """Apologies the site lists for a meeting ahead, recorded for members of the board who have
    given no answer of their own in Quorum (a member's own answer is never overwritten). Their
    reminders for the meeting stop, as when they send apologies themselves."""
    session, board_id = sync.session, _id(sync.board)
    links: dict[str, int] | None = None
    for result, remote in results:
        meeting = result.meeting
        if meeting.status != _SCHEDULED or sync.over_at(meeting) <= sync.now:
            continue
        for attendee in _unique(remote.attendees):
            if not sent_apologies(attendee.attendance):
                continue
            if links is None:
                links = {
                    link.external_id: link.person_id
                    for link in (
                        await session.exec(
                            select(ExternalPerson).where(
                                ExternalPerson.source_id == _id(sync.source)
                            )
                        )
                    ).all()
                }
            person_id = await _member_of_board(session, board_id, attendee, links)
            if person_id is None:
                continue
            answered = (
                await session.exec(
                    select(Attendance.id).where(
                        Attendance.meeting_id == meeting.id, Attendance.person_id == person_id
                    )
                )
            ).first()
            if answered is not None:
                continue
            session.add(
                Attendance(
                    meeting_id=_id(meeting),
                    person_id=person_id,
                    status=_APOLOGIES,
                    updated_at_utc=sync.now,
                )
            )
            await session.flush()
            sync.apologies += 1
            sync.to_plan.add(_id(meeting))


async def _member_of_board(
    session: AsyncSession, board_id: int, attendee: RemoteAttendee, links: dict[str, int]
) -> int | None:
    """The board's member an attendee is: by the source's id, else by name (None: nobody on
    the board)."""
    external = _plain(attendee.id)
    person_id = links.get(external) if external is not None else None
    if person_id is not None:
        held = (
            await session.exec(
                select(Membership.id).where(
                    Membership.board_id == board_id, Membership.person_id == person_id
                )
            )
        ).first()
        if held is not None:
            return person_id
    name = _person_name(attendee.name)
    person = (
        await find_person_on_board(session, board_id=board_id, name=name)
        if name is not None
        else None
    )
    return _id(person) if person is not None else None


async def _person_of_board(
    session: AsyncSession, *, board_id: int, source_id: int, name: str
) -> Person:
    """The person called ``name`` who is (or was) on this board, or whom this source brought
    before; else someone new (never a namesake from another board)."""
    person = await find_person_on_board(session, board_id=board_id, name=name)
    if person is None:
        key = name_key(name)
        former = (
            select(Person)
            .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
            .join(FormerMembership, col(FormerMembership.person_id) == col(Person.id))
            .where(PersonAlias.alias_key == key, FormerMembership.board_id == board_id)
            .order_by(col(Person.id))
        )
        person = (await session.exec(former)).first()
        if person is None:
            linked = (
                select(Person)
                .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
                .join(ExternalPerson, col(ExternalPerson.person_id) == col(Person.id))
                .where(PersonAlias.alias_key == key, ExternalPerson.source_id == source_id)
                .order_by(col(Person.id))
            )
            person = (await session.exec(linked)).first()
    if person is None:
        person = Person(full_name=name.strip())
        session.add(person)
        await session.flush()
    await add_alias(session, person=person, alias=name.strip())
    return person


async def _call_off_queued(session: AsyncSession, *, board_id: int, person_id: int) -> None:
    """What was still queued for someone who has left the board is not sent."""
    queued = await session.exec(
        select(Notification.id).where(
            Notification.board_id == board_id,
            Notification.person_id == person_id,
            Notification.state == PENDING,
        )
    )
    ids = [row_id for row_id in queued.all() if row_id is not None]
    await cancel(session, ids, reason=_RETIRED_REASON)


# -- the source's row -----------------------------------------------------------------------------


async def _store_responses(
    session: AsyncSession, *, source_id: int, responses: Sequence[Cached], now: datetime
) -> None:
    """The answers worth keeping for conditional requests, by URL: only those that carried a
    validator (ETag or Last-Modified); others dropped."""
    stored = {
        row.url: row
        for row in (
            await session.exec(select(SourceResponse).where(SourceResponse.source_id == source_id))
        ).all()
    }
    kept: set[str] = set()
    for response in responses:
        url = _fit_or_none(response.url, col(SourceResponse.url))
        etag = _fit_or_none(response.etag, col(SourceResponse.etag))
        modified = _fit_or_none(response.last_modified, col(SourceResponse.last_modified))
        if url is None or url in kept or (etag is None and modified is None):
            continue
        kept.add(url)
        row = stored.get(url)
        if row is None:
            session.add(
                SourceResponse(
                    source_id=source_id,
                    url=url,
                    etag=etag,
                    last_modified=modified,
                    body=response.body,
                    fetched_at_utc=now,
                )
            )
        elif (row.etag, row.last_modified, row.body) != (etag, modified, response.body):
            row.etag, row.last_modified, row.body = etag, modified, response.body
            row.fetched_at_utc = now
            session.add(row)
    for url, row in stored.items():
        if url not in kept:
            await session.delete(row)


async def _source_and_board(
    session: AsyncSession, source_id: int, *, lock: bool = False
) -> tuple[SyncSource, Board]:
    source = (
        await _locked_source(session, source_id)
        if lock
        else await session.get(SyncSource, source_id)
    )
    if source is None:
        raise NotFoundError(messages.NO_SOURCE_NUMBERED.format(source_id=source_id))
    board = await session.get(Board, source.board_id)
    if board is None:
        raise NotFoundError(messages.BOARD_GONE)
    return source, board


def _committee_name(source: SyncSource) -> str:
    """The committee a source syncs, as a clerk knows it: its title, else "committee 140"."""
    return source.committee_title or f"committee {source.committee_id}"


def _superseded(source: SyncSource, board: Board, owner: str | None) -> SyncReport:
    source_id = _id(source)
    log.warning(
        "sync: source %s (%s): lease lost by %s (another instance took over); nothing stored",
        source_id,
        board.name,
        owner,
    )
    return SyncReport(
        source_id=source_id,
        board_name=board.name,
        ok=False,
        failure=messages.SOURCE_SYNC_SUPERSEDED,
        superseded=True,
        committee=_committee_name(source),
    )


# -- applying a snapshot --------------------------------------------------------------------------


async def apply_snapshot(
    db: Database,
    *,
    source_id: int,
    snapshot: Snapshot,
    now: datetime,
    owner: str | None = None,
) -> SyncReport:
    """Apply what the source says (one transaction). With ``owner``, only while ``owner`` still
    holds the source's lease (checked with the row locked); otherwise nothing is written."""
    now = ensure_utc(now)
    async with db.write() as session:
        source, board = await _source_and_board(session, source_id, lock=True)
        if not _holds(source, owner):
            return _superseded(source, board, owner)
        sync = _Sync(
            session=session, source=source, board=board, zone=ZoneInfo(board.timezone), now=now
        )
        remote_meetings = [
            meeting
            for meeting in _unique(snapshot.meetings)
            if snapshot.first_day <= meeting.day <= snapshot.last_day
            and _fit_or_none(meeting.id, col(Meeting.external_id)) is not None
        ]
        remote_meetings.sort(key=lambda m: (m.day, m.start or time(), m.id))
        linked = {
            meeting.external_id: meeting
            for meeting in (
                await session.exec(select(Meeting).where(Meeting.source_id == source_id))
            ).all()
        }
        results: list[tuple[_MeetingResult, RemoteMeeting]] = []
        for remote in remote_meetings:
            stored = linked.get(remote.id)
            if stored is not None and stored.site_missing:
                stored.site_missing = 0  # listed again (a cancellation for it is undone below)
                session.add(stored)
            result = await sync.meeting(remote, stored)
            results.append((result, remote))
            if result.created and not result.adopted:
                sync.meetings_added += 1
            elif result.changed:
                sync.meetings_changed += 1
            else:
                sync.meetings_unchanged += 1
        listed = {remote.id for remote in remote_meetings}
        for external, stored in sorted(linked.items(), key=lambda pair: _id(pair[1])):
            if external not in listed and external is not None:
                await sync.missing(stored, first_day=snapshot.first_day, last_day=snapshot.last_day)
        attendees = _reference_attendees(remote_meetings, to_local(now, sync.zone).date())
        if attendees is not None:
            await _follow_attendees(sync, attendees)
        await _site_apologies(sync, results)
        for result, remote in results:
            await sync.queue_publication(result, remote)
            await sync.queue_supplements(result)
        await session.flush()
        if sync.members_changed:
            await plan_board(session, _id(board), now=now)
        else:
            for meeting_id in sorted(sync.to_plan):
                await plan_meeting(session, meeting_id, now=now)
        await _store_responses(session, source_id=source_id, responses=snapshot.responses, now=now)
        title = _plain(snapshot.committee_title)
        if title:
            source.committee_title = _fit(title, col(SyncSource.committee_title))
        report = sync.report()
        source.last_attempt_at_utc = source.last_success_at_utc = now
        source.failures = 0
        source.failing_since_utc = source.failure = None
        source.last_result = _fit(report.summary, col(SyncSource.last_result))
        source.next_sync_at_utc = now + timedelta(minutes=source.interval_minutes)
        source.lease_owner = source.lease_until_utc = None
        session.add(source)
    log.info("sync: source %s (%s): %s", source_id, board.name, report.summary)
    return report


# -- failures -------------------------------------------------------------------------------------


def retry_delay(interval_minutes: int, failures: int) -> timedelta:
    """When to try a failing source again: its interval, doubled for each failure in a row
    after the first, capped at :data:`BACKOFF_CAP` (never sooner than the interval)."""
    interval = timedelta(minutes=interval_minutes)
    grown: timedelta = interval * (1 << min(max(failures - 1, 0), 16))
    return min(grown, max(interval, BACKOFF_CAP))


async def record_failure(
    db: Database,
    *,
    source_id: int,
    failure: SourceFailure,
    now: datetime,
    owner: str | None = None,
    told_person_id: int | None = None,
) -> SyncReport:
    """Keep the failure on the source, retry later, tell the board's clerks once per failing
    spell. With ``owner``, only while ``owner`` still holds the source's lease.
    ``told_person_id``: the clerk who asked for this sync and is told the failure in the reply;
    they get no notice of it for this spell (their row is kept dead, so that a later failure
    in the same spell does not tell them either)."""
    now = ensure_utc(now)
    async with db.write() as session:
        source, board = await _source_and_board(session, source_id, lock=True)
        if not _holds(source, owner):
            return _superseded(source, board, owner)
        if source.failing_since_utc is None:
            source.failing_since_utc = now
        source.failures += 1
        # The reason, then what to try (one column: read back by splitting at the newline).
        stored = "\n".join(part for part in (failure.reason, failure.advice) if part)
        source.failure = _fit(stored or messages.SOURCE_UNEXPECTED_REASON, col(SyncSource.failure))
        source.last_attempt_at_utc = now
        source.next_sync_at_utc = now + retry_delay(source.interval_minutes, source.failures)
        source.lease_owner = source.lease_until_utc = None
        session.add(source)
        spell = int(source.failing_since_utc.timestamp())
        rows = {
            person_id: NewNotification(
                kind=_SOURCE_FAILED,
                dedupe_key=f"source-failed:{source_id}:{spell}:{person_id}",
                due_at_utc=now,
                board_id=board.id,
                person_id=person_id,
                lead=str(source_id),
            )
            for person_id in await _clerks(session, _id(board))
        }
        replied = rows.pop(told_person_id, None) if told_person_id is not None else None
        told = await _enqueue_new(session, list(rows.values()), now=now)
        if replied is not None and await _enqueue_new(session, [replied], now=now):
            await _kill_key(session, replied.dedupe_key)
    log.warning(
        "sync: source %s (%s) failed (%s): %s", source_id, board.name, failure.kind, failure.reason
    )
    return SyncReport(
        source_id=source_id,
        board_name=board.name,
        ok=False,
        failure=failure.reason,
        advice=failure.advice,
        clerks_told=told > 0,
        committee=_committee_name(source),
    )


async def _kill_key(session: AsyncSession, dedupe_key: str) -> None:
    """The outbox row of ``dedupe_key``, marked not to be sent (someone was told otherwise)."""
    found = await session.exec(select(Notification.id).where(Notification.dedupe_key == dedupe_key))
    ids = [row_id for row_id in found.all() if row_id is not None]
    await cancel(session, ids, reason=messages.SOURCE_FAILED_TOLD_IN_REPLY)


def _unexpected() -> SourceFailure:
    return SourceFailure(
        FailureKind.SERVER,
        messages.SOURCE_UNEXPECTED_REASON,
        messages.SOURCE_UNEXPECTED_ADVICE,
    )


# -- syncing --------------------------------------------------------------------------------------


def _manual_owner() -> str:
    return f"manual-{uuid4().hex[:16]}"


async def _locked_source(session: AsyncSession, source_id: int) -> SyncSource | None:
    """The source's row, locked for this transaction (PostgreSQL; SQLite writes one at a time)."""
    found = await session.exec(
        select(SyncSource).where(SyncSource.id == source_id).with_for_update()
    )
    return found.first()


def _holds(source: SyncSource, owner: str | None) -> bool:
    """Whether ``owner`` still holds the source (None: a caller outside any lease)."""
    return owner is None or source.lease_owner == _lease_name(owner)


def _lease_name(owner: str) -> str:
    return owner[: _width(col(SyncSource.lease_owner))]


async def take_lease(db: Database, *, source_id: int, owner: str, now: datetime) -> None:
    """Lease one source to ``owner`` for :data:`LEASE` (a clerk's sync now). Raises
    QuorumError while another live lease holds it, NotFoundError when it is gone."""
    now = ensure_utc(now)
    async with db.write() as session:
        source = await _locked_source(session, source_id)
        if source is None:
            raise NotFoundError(messages.NO_SOURCE_NUMBERED.format(source_id=source_id))
        held_until = source.lease_until_utc
        if (
            source.lease_owner is not None
            and source.lease_owner != _lease_name(owner)
            and held_until is not None
            and ensure_utc(held_until) >= now
        ):
            raise QuorumError(messages.SOURCE_SYNC_UNDER_WAY)
        source.lease_owner = _lease_name(owner)
        source.lease_until_utc = now + LEASE
        session.add(source)


async def release_lease(db: Database, *, owner: str, source_id: int | None = None) -> int:
    """Let go of what ``owner`` holds (one source, or all of them: a syncer stopping), so that
    another instance can take it at once. Returns how many sources were let go."""
    async with db.write() as session:
        statement = select(SyncSource).where(SyncSource.lease_owner == _lease_name(owner))
        if source_id is not None:
            statement = statement.where(SyncSource.id == source_id)
        held = (await session.exec(statement.with_for_update())).all()
        for source in held:
            source.lease_owner = source.lease_until_utc = None
            session.add(source)
        return len(held)


async def sync_source(
    db: Database,
    *,
    source_id: int,
    now: datetime,
    opener: SourceOpener = open_source,
    owner: str | None = None,
    told_person_id: int | None = None,
) -> SyncReport:
    """Sync one source now (a clerk's /source sync, quorum source sync), holding its lease
    meanwhile. Raises QuorumError while another sync of it is under way. ``told_person_id``:
    the clerk who asked, told a failure in the reply (no failure notice for them: see
    :func:`record_failure`)."""
    owner = owner or _manual_owner()
    await take_lease(db, source_id=source_id, owner=owner, now=now)
    return await _sync_leased(
        db,
        source_id=source_id,
        now=now,
        opener=opener,
        owner=owner,
        told_person_id=told_person_id,
    )


async def _sync_leased(
    db: Database,
    *,
    source_id: int,
    now: datetime,
    opener: SourceOpener,
    owner: str,
    told_person_id: int | None = None,
) -> SyncReport:
    """Sync a source ``owner`` holds; the lease is let go however it ends."""
    try:
        return await _read_and_apply(
            db,
            source_id=source_id,
            now=now,
            opener=opener,
            owner=owner,
            told_person_id=told_person_id,
        )
    except BaseException:
        # Removed meanwhile, or cancelled (shutting down): let another take it at once.
        with contextlib.suppress(Exception):
            await release_lease(db, owner=owner, source_id=source_id)
        raise


async def _read_and_apply(
    db: Database,
    *,
    source_id: int,
    now: datetime,
    opener: SourceOpener,
    owner: str,
    told_person_id: int | None,
) -> SyncReport:
    now = ensure_utc(now)
    async with db.read() as session:
        source, board = await _source_and_board(session, source_id)
        kind, base_url, committee_id = source.kind, source.base_url, source.committee_id
        cache = {
            row.url: Cached(
                url=row.url, etag=row.etag, last_modified=row.last_modified, body=row.body
            )
            for row in (
                await session.exec(
                    select(SourceResponse).where(SourceResponse.source_id == source_id)
                )
            ).all()
        }
    today = to_local(now, ZoneInfo(board.timezone)).date()

    async def failed(failure: SourceFailure) -> SyncReport:
        return await record_failure(
            db,
            source_id=source_id,
            failure=failure,
            now=now,
            owner=owner,
            told_person_id=told_person_id,
        )

    # No transaction is open while the network is read.
    try:
        remote = opener(kind, base_url)
    except Exception:
        log.exception("sync: source %s could not be opened", source_id)
        return await failed(_unexpected())
    try:
        snapshot = await remote.snapshot(
            committee_id,
            first_day=today - timedelta(days=WINDOW_DAYS),
            last_day=today + timedelta(days=WINDOW_DAYS),
            cache=cache,
        )
        missing = await _committee_missing(remote, snapshot, base_url)
    except SourceFailure as failure:
        return await failed(failure)
    except Exception:
        log.exception("sync: source %s failed unexpectedly", source_id)
        return await failed(_unexpected())
    finally:
        try:
            await remote.aclose()
        except Exception:
            log.exception("sync: source %s did not close cleanly", source_id)
    if missing is not None:
        return await failed(missing)
    try:
        return await apply_snapshot(
            db, source_id=source_id, snapshot=snapshot, now=now, owner=owner
        )
    except NotFoundError:
        raise  # removed while it was being read
    except Exception:
        log.exception("sync: source %s could not be stored", source_id)
        return await failed(_unexpected())


async def _committee_missing(
    remote: Source, snapshot: Snapshot, base_url: str
) -> SourceFailure | None:
    """The failure to record when the snapshot's committee is not on the site at all. A
    snapshot with neither the committee's title nor any meeting may be that (Modern.Gov
    answers an unknown committee with no committee) or a committee without a title and no
    meetings in the window: the site's list of committees tells which. When that list cannot
    be read, the snapshot stands (nothing is known to be wrong)."""
    if snapshot.committee_title is not None or snapshot.meetings:
        return None
    try:
        listed = await remote.committees()
    except SourceFailure:
        return None
    except Exception:
        log.exception("sync: the committees of %s could not be read", base_url)
        return None
    wanted = snapshot.committee_id.strip()
    if any(committee.id.strip() == wanted for committee in listed):
        return None
    return SourceFailure(
        FailureKind.NOT_FOUND,
        messages.SOURCE_COMMITTEE_NOT_ON_SITE.format(
            committee=wanted, site=urlsplit(base_url).hostname or base_url
        ),
        messages.SOURCE_COMMITTEE_NOT_ON_SITE_ADVICE,
    )


async def claim_next(
    db: Database, *, now: datetime, owner: str, skip: Iterable[int] = ()
) -> int | None:
    """Lease the next source whose time has come (none in ``skip``) to ``owner`` for
    :data:`LEASE`; returns its id (None: nothing is due, or all due are held)."""
    now = ensure_utc(now)
    passed = sorted(set(skip))
    async with db.write() as session:
        statement = select(SyncSource).where(
            col(SyncSource.next_sync_at_utc) <= now,
            or_(
                col(SyncSource.lease_until_utc).is_(None),
                col(SyncSource.lease_until_utc) < now,
            ),
        )
        if passed:
            statement = statement.where(col(SyncSource.id).not_in(passed))
        source = (
            await session.exec(
                statement.order_by(col(SyncSource.next_sync_at_utc), col(SyncSource.id))
                .limit(1)
                .with_for_update(skip_locked=True)
            )
        ).first()
        if source is None:
            return None
        source.lease_owner = _lease_name(owner)
        source.lease_until_utc = now + LEASE
        session.add(source)
        return _id(source)


async def sync_due(
    db: Database,
    *,
    now: datetime,
    owner: str,
    opener: SourceOpener = open_source,
    clock: Callable[[], datetime] | None = None,
) -> list[SyncReport]:
    """Sync every source whose time has come, one at a time: each is leased to ``owner`` just
    before it syncs (several instances on PostgreSQL never sync one source at once, and no
    lease waits behind other syncs). With ``clock``, each claim and sync reads its own now."""
    reports: list[SyncReport] = []
    done: set[int] = set()
    while True:
        at = ensure_utc(clock()) if clock is not None else ensure_utc(now)
        source_id = await claim_next(db, now=at, owner=owner, skip=done)
        if source_id is None:
            return reports
        done.add(source_id)
        try:
            reports.append(
                await _sync_leased(db, source_id=source_id, now=at, opener=opener, owner=owner)
            )
        except NotFoundError:
            continue  # removed meanwhile
        except Exception:
            # One source's fault must not stall the others: set it aside until its retry.
            log.exception("sync: source %s failed outside its sync; set aside", source_id)
            try:
                await set_aside(db, source_id=source_id, owner=owner, now=at)
            except Exception:
                log.exception("sync: source %s could not be set aside", source_id)


async def set_aside(db: Database, *, source_id: int, owner: str, now: datetime) -> None:
    """A source whose sync broke down unexpectedly: its lease (held by ``owner``) let go and
    its next sync moved on by its retry delay (:func:`retry_delay`), so that it is not tried
    again at once."""
    now = ensure_utc(now)
    async with db.write() as session:
        source = await _locked_source(session, source_id)
        if source is None:
            return
        if source.lease_owner == _lease_name(owner):
            source.lease_owner = source.lease_until_utc = None
        source.next_sync_at_utc = now + retry_delay(source.interval_minutes, source.failures + 1)
        session.add(source)


async def next_sync_at(db: Database) -> datetime | None:
    """When the next source is due (None: no sources)."""
    async with db.read() as session:
        found = (
            await session.exec(
                select(SyncSource.next_sync_at_utc)
                .order_by(col(SyncSource.next_sync_at_utc))
                .limit(1)
            )
        ).first()
    return ensure_utc(found) if found is not None else None
