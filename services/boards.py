"""Boards: finding and creating them, and which board a clerk means."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import NotFoundError, QuorumError
from core.roles import Role
from services import messages
from services.access import require_clerk
from services.meetings import match_boards
from services.names import slugify
from services.views import Viewer
from storage.engine import Database
from storage.models import Board, DateOrder


async def find_board(session: AsyncSession, *, name: str) -> Board | None:
    """A board by its name (any case) or slug."""
    statement = select(Board).where(
        (func.lower(col(Board.name)) == name.strip().lower()) | (col(Board.slug) == slugify(name))
    )
    return (await session.exec(statement)).first()


async def get_board(session: AsyncSession, *, name: str) -> Board:
    board = await find_board(session, name=name)
    if board is None:
        raise NotFoundError(messages.NO_BOARD_CALLED_IMPORT_FIRST.format(name=name))
    return board


async def get_or_create_board(
    session: AsyncSession, *, name: str, organisation: str | None, timezone: str
) -> tuple[Board, bool]:
    """The board called ``name``, created if new. Returns (board, created)."""
    board = await find_board(session, name=name)
    if board is not None:
        if organisation and not board.organisation:
            board.organisation = organisation
        return board, False
    board = Board(
        name=name.strip(), slug=slugify(name), organisation=organisation, timezone=timezone
    )
    session.add(board)
    await session.flush()
    return board, True


# Words that say what kind of body a name is, not which: two names that differ only in these
# ("Rutland County Council Health and Wellbeing Board", "Rutland Health and Wellbeing Board";
# "Cabinet", "Cabinet Committee") name one body. Words that make another body of the same place
# ("scrutiny", "sub", "planning", "adults") are not in it.
GENERIC_BODY_WORDS = frozenset(
    {
        "board",
        "boards",
        "committee",
        "committees",
        "council",
        "councils",
        "county",
        "city",
        "borough",
        "district",
        "parish",
        "town",
        "village",
        "community",
        "metropolitan",
        "meeting",
        "meetings",
        "health",
        "wellbeing",
        "joint",
        "full",
        "panel",
        "commission",
        "commissioners",
        "authority",
        "directors",
        "trustees",
        "governors",
        "members",
        "annual",
        "general",
        "ordinary",
        "extraordinary",
        "special",
        "regular",
        "agm",
    }
)
# Words that join a name's parts; left out of its words and of its acronyms.
_JOINING_WORDS = frozenset({"the", "of", "and", "for", "a", "an", "in", "on", "at", "to", "y"})
# One distinctive word is another misspelt at this rapidfuzz ratio (both at least
# _TYPO_LENGTH letters): "Rutlnd" is Rutland, "Leicester" is not Leicestershire.
BODY_WORD_MATCH = 85.0
_TYPO_LENGTH = 5
# The longest run of words an acronym stands for ("LLR", "DSF", "HWB").
_ACRONYM_RUN = 6
# A board is suggested for a name not on record ("did you mean ...") at this rapidfuzz ratio of
# the names' distinctive words, or of the whole names.
SUGGEST_DISTINCTIVE = 75.0
SUGGEST_WHOLE = 85.0
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['\u2019]")


def _words(text: str | None) -> list[str]:
    """A name's words, folded, without joining words ("King's" is "kings")."""
    if not text:
        return []
    found = _WORD.findall(_APOSTROPHES.sub("", text.casefold()))
    return [word for word in found if word not in _JOINING_WORDS]


def distinctive_words(text: str | None) -> list[str]:
    """The words of a body's name that say which body it is (places, organisations, subjects):
    all but :data:`GENERIC_BODY_WORDS`, joining words and numbers."""
    return [w for w in _words(text) if w not in GENERIC_BODY_WORDS and not w.isdigit()]


def _acronyms(words: list[str]) -> dict[str, range]:
    """Each acronym of a run of ``words`` (two to six of them), with the run's positions."""
    found: dict[str, range] = {}
    for first in range(len(words)):
        for last in range(first + 2, min(len(words), first + _ACRONYM_RUN) + 1):
            found.setdefault("".join(w[0] for w in words[first:last]), range(first, last))
    return found


def _alike(word: str, other: str) -> bool:
    """The same word, or one typo away. A word that starts differently is another name, not
    a typo (Eastshire and Westshire, Barnet and Garnet)."""
    if word == other:
        return True
    long_enough = min(len(word), len(other)) >= _TYPO_LENGTH
    return long_enough and word[0] == other[0] and fuzz.ratio(word, other) >= BODY_WORD_MATCH


def _missing(text: str | None, against: Iterable[str | None]) -> list[str]:
    """The distinctive words of ``text`` that ``against`` (names) lacks: not there, misspelt a
    little, as an acronym (``against`` says "HWB" or "Health and Wellbeing Board" where
    ``text`` says the other), or in an acronym."""
    words = _words(text)
    others = [word for name in against for word in _words(name)]
    other_set = set(others)
    other_acronyms = set(_acronyms(others))
    in_acronym = {
        position
        for acronym, run in _acronyms(words).items()
        if acronym in other_set
        for position in run
    }
    return [
        word
        for position, word in enumerate(words)
        if word not in GENERIC_BODY_WORDS
        and not word.isdigit()
        and position not in in_acronym
        and word not in other_acronyms
        and not any(_alike(word, other) for other in others)
    ]


def same_body(
    body: str | None,
    organisation: str | None,
    *,
    board_name: str,
    board_organisation: str | None,
) -> bool:
    """Whether a document's ``body`` (of ``organisation``) is the board called ``board_name``
    (of ``board_organisation``), by their distinctive words (see :func:`distinctive_words`).

    They are one body unless a distinctive word of either name is missing from the other's
    name and organisation, or both organisations are given and neither fits the other side.
    A side with no distinctive word at all ("Board", "Committee") cannot be told apart: the
    same body."""
    pack_side = (body, organisation)
    board_side = (board_name, board_organisation)
    if not any(map(distinctive_words, pack_side)) or not any(map(distinctive_words, board_side)):
        return True
    if _missing(body, board_side) or _missing(board_name, pack_side):
        return False
    if organisation and board_organisation:
        return not (_missing(organisation, board_side) and _missing(board_organisation, pack_side))
    return True


async def boards_of_body(
    session: AsyncSession, *, name: str, organisation: str | None
) -> list[Board]:
    """The boards a body called ``name`` (of ``organisation``) is, by :func:`same_body`; none
    when the name has no distinctive word (it could be any board)."""
    if not distinctive_words(name):
        return []
    boards = (await session.exec(select(Board).order_by(col(Board.name)))).all()
    return [
        board
        for board in boards
        if same_body(
            name, organisation, board_name=board.name, board_organisation=board.organisation
        )
    ]


async def has_boards(session: AsyncSession) -> bool:
    """Whether any board is on record."""
    return (await session.exec(select(Board.id).limit(1))).first() is not None


async def close_board_names(session: AsyncSession, *, name: str, limit: int = 3) -> list[str]:
    """The names of boards on record close to ``name`` (a misspelling, another wording of the
    same body), closest first: "did you mean ...?"."""
    boards = (await session.exec(select(Board).order_by(col(Board.name)))).all()
    wanted = " ".join(distinctive_words(name))
    scored: list[tuple[float, str]] = []
    for board in boards:
        whole = fuzz.ratio(name.casefold(), board.name.casefold())
        theirs = " ".join(distinctive_words(board.name))
        part = fuzz.ratio(wanted, theirs) if wanted and theirs else 0.0
        if whole >= SUGGEST_WHOLE or part >= SUGGEST_DISTINCTIVE:
            scored.append((max(whole, part), board.name))
    scored.sort(key=lambda pair: -pair[0])
    return [board_name for _, board_name in scored[:limit]]


# Zones whose bodies write numeric dates month-first (03/04/2024 is March 4): the Americas.
_MONTH_FIRST_ZONES = ("America/", "US/", "Canada/")


def zone_date_order(timezone: str) -> DateOrder:
    """How numeric dates are usually written where ``timezone`` is (as the reader assumes)."""
    return DateOrder.MONTH_FIRST if timezone.startswith(_MONTH_FIRST_ZONES) else DateOrder.DAY_FIRST


@dataclass(frozen=True, slots=True)
class ReadingConventions:
    """How a board's papers are read: its time zone, and the order of numeric dates (None: as
    is usual in that zone)."""

    board_name: str
    timezone: str
    date_order: DateOrder | None

    @property
    def day_first(self) -> bool | None:
        """The reader's ``day_first``: None leaves it to the zone's custom."""
        return None if self.date_order is None else self.date_order is DateOrder.DAY_FIRST

    @property
    def effective_order(self) -> DateOrder:
        return self.date_order or zone_date_order(self.timezone)


def _conventions(board: Board) -> ReadingConventions:
    order = DateOrder(board.date_order) if board.date_order else None
    return ReadingConventions(board_name=board.name, timezone=board.timezone, date_order=order)


async def reading_conventions(db: Database, *, name: str) -> ReadingConventions | None:
    """How the papers of the board called ``name`` are read; None when there is no such board."""
    async with db.read() as session:
        board = await find_board(session, name=name)
        return None if board is None else _conventions(board)


async def set_date_order(
    db: Database, *, board_name: str, order: DateOrder | None
) -> ReadingConventions:
    """Set how the board's papers write numeric dates (None: as is usual in its time zone).
    Papers imported from now on are read so; what is stored is not re-read. Raises
    NotFoundError for an unknown board."""
    async with db.write() as session:
        board = await get_board(session, name=board_name)
        board.date_order = None if order is None else order.value
        session.add(board)
        return _conventions(board)


def clerk_view(viewer: Viewer) -> Viewer:
    """The viewer narrowed to the boards they clerk (for finding what to announce or chase)."""
    return Viewer(
        person_id=viewer.person_id,
        full_name=viewer.full_name,
        boards=tuple(board for board in viewer.boards if board.role == Role.CLERK),
    )


def clerk_boards(viewer: Viewer) -> dict[int, str]:
    """The boards the viewer clerks: id -> name, sorted by name."""
    named = {board.board_id: board.board_name for board in clerk_view(viewer).boards}
    return dict(sorted(named.items(), key=lambda pair: pair[1]))


class BoardUnclear(QuorumError):
    """Which of the boards they clerk a clerk means is unclear. ``choices`` (id -> name, by
    name) are the boards to choose among; ``words`` what the clerk said, if anything."""

    def __init__(self, message: str, *, choices: Mapping[int, str], words: str = "") -> None:
        self.choices = dict(choices)
        self.words = words
        super().__init__(message)


class BoardNeeded(BoardUnclear):
    """The clerk clerks several boards and nothing said picks one; ``choices`` are them all."""


class NoBoardFits(BoardUnclear):
    """The clerk's words name none of their boards; ``choices`` are all the boards they clerk."""


class SeveralBoardsFit(BoardUnclear):
    """The clerk's words fit several of their boards equally; ``choices`` are those."""


def clerk_board(
    viewer: Viewer,
    board_id: int | None = None,
    *,
    words: str = "",
    likely: Collection[int] = (),
    command: str | None = None,
) -> int:
    """The board a clerk means, among those they clerk; the one place that decides it.

    In order: ``board_id``, checked; else the board ``words`` name (see
    :func:`services.meetings.match_boards`); else the one board the viewer clerks; else the one
    of ``likely`` they clerk (the boards an action's owner is on, say).

    Raises AccessDenied unless the viewer clerks that board (or any board); NoBoardFits or
    SeveralBoardsFit when ``words`` fit none or several; BoardNeeded when they clerk several
    and nothing picks one, its message suggesting ``/command Board`` when ``command`` is given.
    """
    require_clerk(viewer, board_id)
    if board_id is not None:
        return board_id
    boards = clerk_boards(viewer)
    words = words.strip()
    if words:
        matches = match_boards(clerk_view(viewer), words)
        if len(matches) == 1:
            return matches[0]
        if matches:
            fitting = {board: boards[board] for board in matches}
            raise SeveralBoardsFit(
                messages.SEVERAL_CLERKED_BOARDS_FIT.format(
                    words=words, boards=", ".join(fitting.values())
                ),
                choices=fitting,
                words=words,
            )
        raise NoBoardFits(
            messages.NO_CLERKED_BOARD_FITS.format(words=words, boards=", ".join(boards.values())),
            choices=boards,
            words=words,
        )
    if len(boards) == 1:
        return next(iter(boards))
    fits = [board for board in boards if board in likely]
    if len(fits) == 1:
        return fits[0]
    names = ", ".join(boards.values())
    message = (
        messages.WHICH_BOARD_IS_IT_FOR.format(boards=names)
        if command is None
        else messages.SAY_WHICH_BOARD.format(
            count=len(boards), boards=names, command=command, first=next(iter(boards.values()))
        )
    )
    raise BoardNeeded(message, choices=boards)


@dataclass(frozen=True, slots=True)
class CreatedBoard:
    name: str
    created: bool
    timezone: str


async def create_board(
    db: Database, *, name: str, organisation: str | None = None, timezone: str
) -> CreatedBoard:
    """A board with no pack yet (a parish council, an NHS group): created, or the one already
    called ``name``. Its first clerk is added next (``add_clerk``); then meetings by hand
    (``/meeting new``) or by pack."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise QuorumError(messages.BOARD_NAME_EMPTY)
    width: int = Board.__table__.c.name.type.length  # type: ignore[attr-defined]
    if len(cleaned) > width:
        raise QuorumError(messages.BOARD_NAME_TOO_LONG.format(width=width))
    async with db.write() as session:
        board, created = await get_or_create_board(
            session, name=cleaned, organisation=organisation, timezone=timezone
        )
        return CreatedBoard(name=board.name, created=created, timezone=board.timezone)
