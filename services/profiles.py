"""Who someone is, as a member may ask: "who is the chair?", "what is Dawn Godfrey presenting?".

A person is found among the people of the viewer's boards (their current memberships) and the
presenters named on the upcoming agendas of those boards, and never anywhere else: a board the
viewer is not on, and its people, do not exist for them. A profile holds what the viewer may
know: the person's roles and titles on the viewer's boards, the items they present at upcoming
meetings there (exempt items only when the caller says the viewer may see them), and their open
actions, shown only to the person themself and to a clerk of the action's board (as ``/actions``
shows a member only their own actions, and the register by owner is for clerks).

A name is matched in tiers, the first that finds anyone winning: the name or an alias exactly
(its name key), then a compatible spelling ("Cllr Godfrey" for "Dawn Godfrey"), then a typo or
one name of several ("Dawn Godfry", "Dawn"), as ``services.people`` finds members for clerks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, func, or_
from sqlalchemy import select as sql_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from calendars.zones import to_local
from core.roles import Role
from packs.names import clean_name
from packs.people import same_person, split_people
from services.actions.records import OPEN_STATES, is_overdue
from services.meetings import IN_PROGRESS_WINDOW, meeting_views
from services.members import ROLE_ORDER
from services.names import name_key
from services.people import CLOSE_NAME_FLOOR
from services.views import ActionView, MeetingView, Viewer
from storage.engine import Database
from storage.models import (
    Action,
    AgendaItem,
    Board,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    PersonAlias,
)

__all__ = [
    "ITEMS_SHOWN",
    "ROLE_KEYS",
    "BoardSeat",
    "PersonProfile",
    "PersonRef",
    "PresentedItem",
    "close_people",
    "people_known",
    "people_named",
    "person_profiles",
    "profile_by_key",
    "role_asked",
]

# The roles a question may name instead of a person, as the matcher gives them, and the other
# ways people write them.
ROLE_KEYS: dict[str, Role] = {
    "chair": Role.CHAIR,
    "vice-chair": Role.VICE_CHAIR,
    "clerk": Role.CLERK,
}
_ROLE_WORDS: dict[str, Role] = {
    "chair": Role.CHAIR,
    "chairman": Role.CHAIR,
    "chairwoman": Role.CHAIR,
    "chairperson": Role.CHAIR,
    "chair person": Role.CHAIR,
    "chairs": Role.CHAIR,
    "vice chair": Role.VICE_CHAIR,
    "vicechair": Role.VICE_CHAIR,
    "vice chairman": Role.VICE_CHAIR,
    "vice chairwoman": Role.VICE_CHAIR,
    "vice chairperson": Role.VICE_CHAIR,
    "vice chairs": Role.VICE_CHAIR,
    "deputy chair": Role.VICE_CHAIR,
    "deputy chairman": Role.VICE_CHAIR,
    "deputy chairperson": Role.VICE_CHAIR,
    "clerk": Role.CLERK,
    "clerks": Role.CLERK,
    "board clerk": Role.CLERK,
    "committee clerk": Role.CLERK,
}
# The meetings of each board whose items someone may be asked about (an agenda further ahead
# is rarely published; and a question's context stays small).
MEETINGS_AHEAD = 3
# Items listed in one profile, soonest first; open actions likewise.
ITEMS_SHOWN = 10
ACTIONS_SHOWN = 10
# Below a close match (:data:`~services.people.CLOSE_NAME_FLOOR`), a name this alike is still
# offered as "did you mean" when nobody was found; at most this many.
SUGGESTION_FLOOR = 70.0
SUGGESTIONS_SHOWN = 3
# Key prefixes: a person on the boards, or a presenter (no member) named on an agenda item.
PERSON_KEY = "p"
ITEM_KEY = "i"


@dataclass(frozen=True, slots=True)
class BoardSeat:
    """One role someone holds on one of the viewer's boards."""

    board_id: int
    board_name: str
    role: str
    title: str | None


@dataclass(frozen=True, slots=True)
class PresentedItem:
    """An item someone presents at an upcoming meeting of the viewer's boards."""

    meeting: MeetingView
    number: str
    title: str
    exempt: bool


@dataclass(frozen=True, slots=True)
class PersonRef:
    """Someone a question may mean, to offer as a choice: their name and a short key
    (``p12``: a person on the boards; ``i34``: the presenter of agenda item 34, no member)."""

    name: str
    key: str
    board_name: str | None = None  # where they sit (the first board), to tell namesakes apart


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """What the viewer may know of someone on their boards or presenting to them."""

    name: str
    key: str
    seats: tuple[BoardSeat, ...]  # empty for a presenter who is not a member
    described_as: str | None  # a presenter's role as printed on the agenda (no seats)
    items: tuple[PresentedItem, ...]
    # Open actions, soonest due first; None when they are not the viewer's to see.
    actions: tuple[ActionView, ...] | None
    is_viewer: bool = False  # the viewer asked about themself

    @property
    def is_member(self) -> bool:
        return bool(self.seats)


def role_asked(text: str) -> Role | None:
    """The role ``text`` names ("chair", "the Vice Chair", "deputy chair", "clerk"), or None
    for a name. Only the roles a board has one or two of: asking for "the member" names no one."""
    words = " ".join(text.replace("-", " ").replace("_", " ").casefold().split())
    for article in ("the ", "our ", "a "):
        words = words.removeprefix(article)
    return _ROLE_WORDS.get(words)


# -- who the viewer may ask about ---------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    name: str
    person_id: int | None
    spellings: list[str]  # full name first, then aliases (presenters: the printed name)
    seats: list[BoardSeat] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)
    described_as: str | None = None
    known_keys: frozenset[str] | None = None

    @property
    def key(self) -> str:
        if self.person_id is not None:
            return f"{PERSON_KEY}{self.person_id}"
        return f"{ITEM_KEY}{self.item_ids[0]}"

    @property
    def keys(self) -> frozenset[str]:
        """The name keys of every spelling (computed once: spellings are complete by then)."""
        if self.known_keys is None:
            self.known_keys = frozenset(key for key in map(name_key, self.spellings) if key)
        return self.known_keys

    def ref(self) -> PersonRef:
        board = self.seats[0].board_name if self.seats else None
        return PersonRef(name=self.name, key=self.key, board_name=board)


@dataclass(slots=True)
class _Item:
    id: int
    meeting_id: int
    number: str
    title: str
    presenter_role: str | None
    exempt: bool
    names: list[str]  # the people the presenter text names
    people: list[_Candidate] = field(default_factory=list)  # who they are, where known


@dataclass(slots=True)
class _Universe:
    people: list[_Candidate]  # members first (by name), then presenters who are not members
    items: list[_Item]  # upcoming items with a presenter, soonest meeting first
    zones: dict[int, ZoneInfo]


def _presenter_names(text: str) -> list[str]:
    """The people a presenter line names ("Cllr A Smith and Dr B Jones"); none for a role
    ("Director of Public Health")."""
    return list(_split_presenters(text))


@lru_cache(maxsize=4096)
def _split_presenters(text: str) -> tuple[str, ...]:
    return tuple(split_people(text) or ())


@lru_cache(maxsize=4096)
def _same_person(printed: str, spelling: str) -> bool:
    return same_person(printed, spelling)


def _surname(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def _is_called(candidate: _Candidate, printed: str) -> bool:
    """Whether a printed name (a presenter's, an action owner's) is this person: the same name
    key, or a compatible spelling ("Cllr D Godfrey" for "Dawn Godfrey")."""
    key = name_key(printed)
    if key in candidate.keys:
        return True
    # Compatible spellings share a surname: only those are compared (the costly part).
    surname = _surname(name_key(clean_name(printed)) or key)
    return any(
        _surname(name_key(spelling)) == surname and _same_person(printed, spelling)
        for spelling in candidate.spellings
    )


class _Index:
    """The people of the viewer's boards by name key and by surname, to say who a printed
    name is without comparing it with everyone."""

    def __init__(self, people: Iterable[_Candidate]) -> None:
        self.by_key: dict[str, list[_Candidate]] = {}
        self.by_surname: dict[str, list[_Candidate]] = {}
        for candidate in people:
            for key in candidate.keys:
                self.by_key.setdefault(key, []).append(candidate)
                named = self.by_surname.setdefault(_surname(key), [])
                if candidate not in named:
                    named.append(candidate)

    def who(self, printed: str) -> list[_Candidate]:
        """The people ``printed`` may name: those with that name key, else those whose names
        are compatible with it (several: it is not known which)."""
        key = name_key(printed)
        if key in self.by_key:
            return self.by_key[key]
        surname = _surname(name_key(clean_name(printed)) or key)
        return [c for c in self.by_surname.get(surname, ()) if _is_called(c, printed)]


async def _universe(
    session: AsyncSession, viewer: Viewer, now: datetime, include_exempt: bool
) -> _Universe:
    """The people of the viewer's boards and the presenters of their upcoming items, in two
    queries (this runs for every question in plain words)."""
    board_ids = viewer.board_ids
    if not board_ids:
        return _Universe(people=[], items=[], zones={})
    # Columns, not entities (more than sqlmodel's select types): this runs for every question
    # about a person.
    statement = (
        sql_select(
            col(Membership.person_id),
            col(Membership.board_id),
            col(Membership.role),
            col(Membership.title),
            col(Board.name),
            col(Board.timezone),
            col(Person.full_name),
            col(PersonAlias.alias),
        )
        .select_from(Membership)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .join(Board, col(Board.id) == col(Membership.board_id))
        .join(PersonAlias, col(PersonAlias.person_id) == col(Person.id), isouter=True)
        .where(col(Membership.board_id).in_(board_ids))
    )
    connection = await session.connection()
    rows: list[tuple[Any, ...]] = [tuple(row) for row in await connection.execute(statement)]
    members: dict[int, _Candidate] = {}
    zones: dict[int, ZoneInfo] = {}
    for person_id, board_id, role, title, board_name, timezone, full_name, alias in rows:
        if board_id not in zones:
            zones[board_id] = ZoneInfo(timezone)
        candidate = members.setdefault(person_id, _Candidate(full_name, person_id, [full_name]))
        seat = BoardSeat(board_id, board_name, role, title)
        if seat not in candidate.seats:
            candidate.seats.append(seat)
        if alias and alias not in candidate.spellings:
            candidate.spellings.append(alias)
    rank = {role: rank for rank, role in enumerate(ROLE_ORDER)}
    for candidate in members.values():
        candidate.seats.sort(
            key=lambda seat: (seat.board_name.casefold(), rank.get(seat.role, len(rank)))
        )
    items = await _upcoming_items(session, board_ids, now, include_exempt)
    people = sorted(members.values(), key=lambda c: (name_key(c.name), c.name))
    index = _Index(people)
    presenters: dict[str, _Candidate] = {}
    for item in items:
        for printed in item.names:
            named = index.who(printed)
            if len(named) == 1 or name_key(printed) in index.by_key:
                item.people.extend(named)
                continue
            if named:
                continue  # "Cllr Smith" of two Smiths: a member, but which is not known
            key = name_key(printed)
            found = presenters.get(key)
            if found is None:
                found = presenters[key] = _Candidate(printed, None, [printed])
                found.described_as = item.presenter_role if len(item.names) == 1 else None
            found.item_ids.append(item.id)
            item.people.append(found)
    people += sorted(presenters.values(), key=lambda c: (name_key(c.name), c.name))
    return _Universe(people=people, items=items, zones=zones)


async def _upcoming_items(
    session: AsyncSession, board_ids: Iterable[int], now: datetime, include_exempt: bool
) -> list[_Item]:
    """Items with a presenter at each board's next :data:`MEETINGS_AHEAD` scheduled meetings
    not yet over, soonest first."""
    ahead = (
        select(
            col(Meeting.id).label("meeting_id"),
            func.row_number()
            .over(
                partition_by=col(Meeting.board_id),
                order_by=(col(Meeting.starts_at_utc), col(Meeting.id)),
            )
            .label("ahead"),
        )
        .where(
            col(Meeting.board_id).in_(list(board_ids)),
            col(Meeting.status) == MeetingStatus.SCHEDULED.value,
            col(Meeting.starts_at_utc) >= now - IN_PROGRESS_WINDOW,
        )
        .subquery()
    )
    query = (
        select(AgendaItem, Meeting.starts_at_utc)
        .join(ahead, ahead.c.meeting_id == col(AgendaItem.meeting_id))
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .where(ahead.c.ahead <= MEETINGS_AHEAD, col(AgendaItem.presenter).is_not(None))
        .order_by(col(Meeting.starts_at_utc), col(Meeting.id), col(AgendaItem.position))
    )
    if not include_exempt:
        query = query.where(col(AgendaItem.exempt).is_(False))
    found: list[_Item] = []
    for row, _ in (await session.exec(query)).all():
        assert row.id is not None and row.presenter is not None
        found.append(
            _Item(
                id=row.id,
                meeting_id=row.meeting_id,
                number=row.number,
                title=row.title,
                presenter_role=row.presenter_role,
                exempt=row.exempt,
                names=_presenter_names(row.presenter),
            )
        )
    return found


# -- matching a name ----------------------------------------------------------------------------


def _likeness(wanted: str, known: str) -> float:
    """A typo ("Godfry"), the words in another order, or one name of several ("Dawn")."""
    whole = fuzz.token_sort_ratio(wanted, known)
    # One word alone is compared with each of the name's words; at least four letters, so
    # that "Al" is not offered "Alan Smith".
    alone = " " not in wanted and len(wanted) >= 4
    part = max((fuzz.ratio(wanted, word) for word in known.split()), default=0.0) if alone else 0.0
    return float(max(whole, part))


def _best_likeness(candidate: _Candidate, wanted: str) -> float:
    return max((_likeness(wanted, key) for key in candidate.keys), default=0.0)


def _asked_name(asked: str) -> str:
    """The name alone: honorifics and bracketed words dropped ("Cllr Godfrey" -> "Godfrey")."""
    cleaned = clean_name(asked)
    return cleaned if name_key(cleaned) else asked


def _match(people: Sequence[_Candidate], asked: str) -> list[_Candidate]:
    """The people ``asked`` names, from the first tier that finds anyone."""
    name = _asked_name(asked)
    wanted = name_key(name)
    if not wanted:
        return []
    exact = [c for c in people if wanted in c.keys or name_key(asked) in c.keys]
    if exact:
        return exact
    compatible = [c for c in people if _is_called(c, name)]
    if compatible:
        return compatible
    scored = [(c, _best_likeness(c, wanted)) for c in people]
    close = [(c, score) for c, score in scored if score >= CLOSE_NAME_FLOOR]
    if not close:
        return []
    best = max(score for _, score in close)
    # One clear best (a typo of one name) is that person; several as good are a question.
    return [c for c, score in close if score >= best - 5]


def _holders(people: Sequence[_Candidate], role: Role) -> list[_Candidate]:
    holders = [c for c in people if any(seat.role == role.value for seat in c.seats)]
    return sorted(
        holders,
        key=lambda c: (
            min(s.board_name.casefold() for s in c.seats if s.role == role.value),
            name_key(c.name),
        ),
    )


# -- building a profile -------------------------------------------------------------------------


async def _presented(
    session: AsyncSession, universe: _Universe, candidate: _Candidate
) -> tuple[PresentedItem, ...]:
    """The items ``candidate`` presents, soonest first, at most :data:`ITEMS_SHOWN`."""
    items = [item for item in universe.items if candidate in item.people][:ITEMS_SHOWN]
    meetings = await meeting_views(session, {item.meeting_id for item in items})
    return tuple(
        PresentedItem(meetings[item.meeting_id], item.number, item.title, item.exempt)
        for item in items
    )


def _action_boards(viewer: Viewer, candidate: _Candidate) -> frozenset[int] | None:
    """The boards whose actions of ``candidate`` the viewer may see; None: none at all.

    Their own actions on all their boards (as /actions); someone else's only on the boards
    the viewer clerks (the register by owner is a clerk's)."""
    if candidate.person_id is not None and candidate.person_id == viewer.person_id:
        return viewer.board_ids
    if not viewer.clerk_board_ids:
        return None
    if candidate.seats:
        # Someone's actions on a board they sit on, for that board's clerk.
        return viewer.clerk_board_ids & {seat.board_id for seat in candidate.seats} or None
    return viewer.clerk_board_ids


async def _open_actions(
    session: AsyncSession,
    viewer: Viewer,
    universe: _Universe,
    candidate: _Candidate,
    boards: frozenset[int],
    now: datetime,
) -> tuple[ActionView, ...]:
    """Open and carried-forward actions of ``candidate`` on ``boards``: owned by them, or
    (not linked to anyone) owned by a name that is theirs."""
    owned: ColumnElement[bool] = col(Action.owner_id).is_(None)
    if candidate.person_id is not None:
        owned = or_(owned, col(Action.owner_id) == candidate.person_id)
    rows = (
        await session.exec(
            select(Action, Board.name)
            .join(Board, col(Board.id) == col(Action.board_id))
            .where(col(Action.board_id).in_(boards), col(Action.status).in_(OPEN_STATES), owned)
            .order_by(col(Action.due_on).is_(None), col(Action.due_on), col(Action.id))
        )
    ).all()
    found: list[ActionView] = []
    for action, board_name in rows:
        assert action.id is not None
        if action.owner_id is None and not (
            action.owner_name and _is_called(candidate, action.owner_name)
        ):
            continue
        zone = universe.zones.get(action.board_id, ZoneInfo("UTC"))
        today: date = to_local(now, zone).date()
        found.append(
            ActionView(
                id=action.id,
                board_id=action.board_id,
                board_name=board_name,
                ref=action.ref,
                description=action.description,
                owner_name=action.owner_name or candidate.name,
                due_on=action.due_on,
                status=action.status,
                overdue=is_overdue(action.status, action.due_on, today),
                mine=candidate.person_id is not None and candidate.person_id == viewer.person_id,
            )
        )
        if len(found) == ACTIONS_SHOWN:
            break
    return tuple(found)


async def _profile(
    session: AsyncSession,
    viewer: Viewer,
    universe: _Universe,
    candidate: _Candidate,
    now: datetime,
) -> PersonProfile:
    boards = _action_boards(viewer, candidate)
    actions = (
        None
        if boards is None
        else await _open_actions(session, viewer, universe, candidate, boards, now)
    )
    return PersonProfile(
        name=candidate.name,
        key=candidate.key,
        seats=tuple(candidate.seats),
        described_as=candidate.described_as,
        items=await _presented(session, universe, candidate),
        actions=actions,
        is_viewer=candidate.person_id is not None and candidate.person_id == viewer.person_id,
    )


# -- the questions ------------------------------------------------------------------------------


async def people_known(
    db: Database, *, viewer: Viewer, now: datetime, include_exempt: bool = True
) -> list[tuple[str, tuple[str, ...]]]:
    """(name, role values held) of everyone a question may name: the people of the viewer's
    boards, then the presenters named on their upcoming agendas who are not members (no
    roles). One entry per person; a name shared by two people is listed once."""
    async with db.read() as session:
        universe = await _universe(session, viewer, now, include_exempt)
    known: dict[str, tuple[str, tuple[str, ...]]] = {}
    for candidate in universe.people:
        roles = tuple(dict.fromkeys(seat.role for seat in candidate.seats))
        key = name_key(candidate.name)
        if key in known:
            name, held = known[key]
            known[key] = (name, tuple(dict.fromkeys((*held, *roles))))
        else:
            known[key] = (candidate.name, roles)
    return list(known.values())


async def person_profiles(
    db: Database, *, viewer: Viewer, asked: str, now: datetime, include_exempt: bool
) -> list[PersonProfile]:
    """The people ``asked`` means, on the viewer's boards only.

    A role (:func:`role_asked`: chair, vice-chair, clerk) gives every current holder on the
    viewer's boards; a name gives the person or people it fits best (see the module's
    docstring), several when more than one fits as well. Empty when nobody fits: see
    :func:`close_people`. ``include_exempt``: exempt items count among those presented (pass
    :func:`~services.access.may_see_exempt`).
    """
    async with db.read() as session:
        universe = await _universe(session, viewer, now, include_exempt)
        role = role_asked(asked)
        found = _holders(universe.people, role) if role else _match(universe.people, asked)
        return [await _profile(session, viewer, universe, c, now) for c in found]


async def close_people(
    db: Database, *, viewer: Viewer, asked: str, now: datetime, include_exempt: bool
) -> list[PersonRef]:
    """When nobody is called ``asked``: the nearest names on the viewer's boards, best first,
    at most :data:`SUGGESTIONS_SHOWN`."""
    wanted = name_key(_asked_name(asked))
    if not wanted:
        return []
    async with db.read() as session:
        universe = await _universe(session, viewer, now, include_exempt)
    scored = [(c, _best_likeness(c, wanted)) for c in universe.people]
    near = sorted(
        ((c, score) for c, score in scored if score >= SUGGESTION_FLOOR),
        key=lambda pair: (-pair[1], name_key(pair[0].name)),
    )
    return [c.ref() for c, _ in near[:SUGGESTIONS_SHOWN]]


async def people_named(
    db: Database, *, viewer: Viewer, names: Sequence[str], now: datetime, include_exempt: bool
) -> list[PersonRef]:
    """The people of the viewer's boards called ``names`` (as a question's close candidates
    list them), in that order, each once."""
    async with db.read() as session:
        universe = await _universe(session, viewer, now, include_exempt)
    refs: dict[str, PersonRef] = {}
    for name in names:
        for candidate in _match(universe.people, name):
            refs.setdefault(candidate.key, candidate.ref())
    return list(refs.values())


async def profile_by_key(
    db: Database, *, viewer: Viewer, key: str, now: datetime, include_exempt: bool
) -> PersonProfile | None:
    """The profile of the person ``key`` (a :class:`PersonRef`'s) names, if the viewer still
    shares a board with them (or they still present an upcoming item there); else None."""
    async with db.read() as session:
        universe = await _universe(session, viewer, now, include_exempt)
        for candidate in universe.people:
            if candidate.key == key or (
                key.startswith(ITEM_KEY)
                and candidate.person_id is None
                and key.removeprefix(ITEM_KEY) in map(str, candidate.item_ids)
            ):
                return await _profile(session, viewer, universe, candidate, now)
    return None
