"""Search across the viewer's boards: agenda items, decisions and actions, best match first.

Built for a big database, on the indexes made for it (migration 0012, see
:mod:`storage.search_index`). Each kind is narrowed to the viewer's boards and to rows containing
fragments of the words (see :func:`services.matching.prefilter`), at most
:data:`~services.matching.CANDIDATE_CAP` of them (those with the whole words first, then the
latest); all three come in one ``UNION ALL`` of plain columns (no ORM objects) and are ranked in
Python; then only the winners' meetings are loaded: two queries, whatever the size of the
database.

SQLite: the fragments are looked up in the FTS5 trigram tables, one rowid range per board of the
viewer, so only those boards' matching rows are read; a query whose words are too short for
trigrams (under three letters, and nothing longer to narrow by) reads the boards' rows with
``LIKE`` instead. PostgreSQL: ``ILIKE`` on the expressions the ``pg_trgm`` GIN indexes are built
on. Either way the candidates are the rows containing the fragments, so the ranking is the same.
Exempt (Part II) items are never searched (nor indexed): results may be shown anywhere, group
chats included.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    TextClause,
    and_,
    bindparam,
    extract,
    false,
    func,
    literal,
    literal_column,
    or_,
    text,
    union_all,
)
from sqlmodel import col, select

from services.matching import (
    CANDIDATE_CAP,
    SCORE_FLOOR,
    Query,
    Shape,
    parse_query,
    prefilter,
    score_text,
    whole_words,
)
from services.meetings import meeting_views
from services.views import BoardRole, SearchHit, Viewer
from storage.engine import Database
from storage.models import Action, AgendaItem, Decision, Meeting
from storage.search_index import ACTION_FTS, BOARD_STRIDE, DECISION_FTS, ITEM_FTS

Kind = Literal["item", "decision", "action"]

# The viewer's board ids, bound at execution: the statements are built once and reused.
_BOARDS: BindParameter[list[int]] = bindparam("boards", expanding=True)

# A candidate row, whatever its kind: (kind, meeting start as epoch seconds, text to score,
# text to show, number, meeting id, board id, the row's own id).
_Row = tuple[str, float | None, str, str, str | None, int | None, int, int]

# The trigram tokenizer finds fragments of three letters or more.
_TRIGRAM = 3

# Narrows a kind's rows: (shape, searched columns, their text as the PostgreSQL index has it).
_Narrow = Callable[[Shape, Sequence[Any], Any], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: Kind
    score: float
    when: float | None
    text: str
    number: str | None
    meeting_id: int | None
    board_id: int
    row_id: int

    @property
    def rank(self) -> tuple[float, float]:
        # Best score first; among equals the latest meeting, undated last.
        return -self.score, -(self.when if self.when is not None else float("-inf"))


def _needs_every_word(shape: Shape) -> bool:
    """As :func:`services.matching.prefilter` decides: every word, or any of them."""
    return (100.0 - SCORE_FLOOR) * len(shape) < 100.0


# -- PostgreSQL (pg_trgm) and the SQLite fallback (LIKE): SQLAlchemy statements ---------------


def _sqlite_like(shape: Shape, fields: Sequence[Any], indexed: Any) -> ColumnElement[bool]:
    del indexed
    return prefilter(shape, fields, like_ignores_case=True)


def _trigram_ilike(shape: Shape, fields: Sequence[Any], indexed: Any) -> ColumnElement[bool]:
    """``indexed ILIKE '%fragment%'``: the GIN trigram index answers it (``like{i}_{p}``)."""
    del fields

    def has(index: int, fragments: int) -> ColumnElement[bool]:
        return or_(
            false(),
            *(indexed.ilike(bindparam(f"like{index}_{part}")) for part in range(fragments)),
        )

    each = [has(index, fragments) for index, fragments in enumerate(shape)]
    return and_(*each) if _needs_every_word(shape) else or_(false(), *each)


def _joined(*parts: Any) -> Any:
    """``a || ' ' || coalesce(b, '') ...`` with the literals inline, as the index has them."""
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + literal_column("' '") + func.coalesce(part, literal_column("''"))
    return joined


def _epoch(column: Any) -> Any:
    """The meeting's start as a number, for ordering only: no datetime parsing per row."""
    return extract("epoch", column)


def _items(shape: Shape, narrow: _Narrow, *, sqlite: bool) -> Any:
    # Title, presenter and role are scored together: "better care willison" finds the item.
    scored = (
        col(AgendaItem.title)
        + " "
        + func.coalesce(col(AgendaItem.presenter), "")
        + " "
        + func.coalesce(col(AgendaItem.presenter_role), "")
    )
    fields = [col(AgendaItem.title), col(AgendaItem.presenter), col(AgendaItem.presenter_role)]
    columns: tuple[Any, ...] = (  # more columns than select()'s typed overloads take
        literal("item"),
        _epoch(col(Meeting.starts_at_utc)),
        scored,
        col(AgendaItem.title),
        col(AgendaItem.number),
        col(AgendaItem.meeting_id),
        col(Meeting.board_id),
        col(AgendaItem.id),
    )
    return (
        select(*columns)
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .where(
            col(Meeting.board_id).in_(_BOARDS),
            col(AgendaItem.exempt).is_(False),
            narrow(shape, fields, _joined(*fields)),
        )
        .order_by(
            whole_words(shape, fields, like_ignores_case=sqlite).desc(),
            col(Meeting.starts_at_utc).desc(),
            col(AgendaItem.position),
        )
    )


def _decisions(shape: Shape, narrow: _Narrow, *, sqlite: bool) -> Any:
    columns: tuple[Any, ...] = (
        literal("decision"),
        _epoch(col(Meeting.starts_at_utc)),
        col(Decision.text),
        col(Decision.text),
        col(Decision.item),
        col(Decision.meeting_id),
        col(Decision.board_id),
        col(Decision.id),
    )
    return (
        select(*columns)
        .outerjoin(Meeting, col(Meeting.id) == col(Decision.meeting_id))
        .where(
            col(Decision.board_id).in_(_BOARDS),
            narrow(shape, [col(Decision.text)], col(Decision.text)),
        )
        .order_by(
            whole_words(shape, [col(Decision.text)], like_ignores_case=sqlite).desc(),
            col(Meeting.starts_at_utc).desc().nulls_last(),
            col(Decision.id).desc(),
        )
    )


def _actions(shape: Shape, narrow: _Narrow, *, sqlite: bool) -> Any:
    scored = col(Action.description) + " " + func.coalesce(col(Action.owner_name), "")
    fields = [col(Action.description), col(Action.owner_name)]
    columns: tuple[Any, ...] = (
        literal("action"),
        _epoch(col(Meeting.starts_at_utc)),
        scored,
        col(Action.description),
        col(Action.ref),
        col(Action.meeting_id),
        col(Action.board_id),
        col(Action.id),
    )
    return (
        select(*columns)
        .outerjoin(Meeting, col(Meeting.id) == col(Action.meeting_id))
        .where(
            col(Action.board_id).in_(_BOARDS),
            narrow(shape, fields, _joined(*fields)),
        )
        .order_by(
            whole_words(shape, fields, like_ignores_case=sqlite).desc(),
            col(Meeting.starts_at_utc).desc().nulls_last(),
            col(Action.id).desc(),
        )
    )


@lru_cache(maxsize=256)
def _candidates(shape: Shape, *, sqlite: bool) -> Any:
    """The candidates of all three kinds, each kind in its own order and capped, in one query.

    Built once per query shape: constructing it costs more than running it. SQLite: the
    fallback for words too short for the trigram index.
    """
    narrow = _sqlite_like if sqlite else _trigram_ilike
    kinds = [
        select(branch.limit(CANDIDATE_CAP).subquery())
        for branch in (
            _items(shape, narrow, sqlite=sqlite),
            _decisions(shape, narrow, sqlite=sqlite),
            _actions(shape, narrow, sqlite=sqlite),
        )
    ]
    union = union_all(*kinds).subquery()
    return select(*union.c)


# -- SQLite: the FTS5 trigram tables ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FtsKind:
    """How one kind is read through its FTS5 table (plain SQL: see :func:`_fts_candidates`)."""

    kind: Kind
    fts: str
    table: str
    columns: tuple[str, ...]  # searched, as prefilter searches them
    scored: str
    shown: str
    number: str
    meeting_join: str
    board: str
    extra: str
    order: str


_FTS_KINDS = (
    _FtsKind(
        kind="item",
        fts=ITEM_FTS,
        table="agenda_item",
        columns=("agenda_item.title", "agenda_item.presenter", "agenda_item.presenter_role"),
        scored=(
            "agenda_item.title || ' ' || coalesce(agenda_item.presenter, '') || ' ' || "
            "coalesce(agenda_item.presenter_role, '')"
        ),
        shown="agenda_item.title",
        number="agenda_item.number",
        meeting_join="CROSS JOIN",
        board="meeting.board_id",
        extra="AND agenda_item.exempt = 0",
        order="meeting.starts_at_utc DESC, agenda_item.position",
    ),
    _FtsKind(
        kind="decision",
        fts=DECISION_FTS,
        table="decision",
        columns=("decision.text",),
        scored="decision.text",
        shown="decision.text",
        number="decision.item",
        meeting_join="LEFT JOIN",
        board="decision.board_id",
        extra="",
        order="meeting.starts_at_utc DESC NULLS LAST, decision.id DESC",
    ),
    _FtsKind(
        kind="action",
        fts=ACTION_FTS,
        table="action",
        columns=("action.description", "action.owner_name"),
        scored="action.description || ' ' || coalesce(action.owner_name, '')",
        shown="action.description",
        number="action.ref",
        meeting_join="LEFT JOIN",
        board="action.board_id",
        extra="",
        order="meeting.starts_at_utc DESC NULLS LAST, action.id DESC",
    ),
)


def _contains_sql(columns: Sequence[str], key: str) -> str:
    """Any of ``columns`` contains the parameter ``key`` (SQLite's LIKE ignores ASCII case)."""
    return "(" + " OR ".join(f"{column} LIKE '%' || :{key} || '%'" for column in columns) + ")"


def _fts_kind_sql(kind: _FtsKind, shape: Shape, short: tuple[bool, ...]) -> str:
    # CROSS JOIN fixes the order: each board of the viewer, then its rowid range of the FTS
    # table (only its postings are read), then the rows by primary key.
    whole = " + ".join(
        f"(CASE WHEN {_contains_sql(kind.columns, f'word{index}')} THEN 1 ELSE 0 END)"
        for index in range(len(shape))
    )
    # Words under three letters are not in the trigram index: checked on the rows it found.
    too_short = "".join(
        f" AND {_contains_sql(kind.columns, f'fragment{index}_0')}"
        for index, is_short in enumerate(short)
        if is_short
    )
    return f"""SELECT '{kind.kind}' AS kind,
    CAST(strftime('%s', meeting.starts_at_utc) AS INTEGER) AS starts,
    {kind.scored} AS scored, {kind.shown} AS shown, {kind.number} AS number,
    {kind.table}.meeting_id AS meeting_id, {kind.board} AS board_id, {kind.table}.id AS row_id
FROM json_each(:boards) AS board
CROSS JOIN {kind.fts}(:match) AS found
CROSS JOIN {kind.table} ON {kind.table}.id = found.rowid - board.value * {BOARD_STRIDE}
{kind.meeting_join} meeting ON meeting.id = {kind.table}.meeting_id
WHERE found.rowid BETWEEN board.value * {BOARD_STRIDE}
    AND board.value * {BOARD_STRIDE} + {BOARD_STRIDE - 1}
  AND {kind.board} = board.value {kind.extra}{too_short}
ORDER BY {whole} DESC, {kind.order}
LIMIT {CANDIDATE_CAP}"""


@lru_cache(maxsize=256)
def _fts_candidates(shape: Shape, short: tuple[bool, ...]) -> TextClause:
    """SQLite: the three kinds' candidates from the FTS5 tables, in one statement.

    Plain SQL, as SQLAlchemy has no ``CROSS JOIN`` (SQLite's way to fix the join order) nor
    table-valued FTS5 calls. Built once per shape and set of short words.
    """
    kinds = [f"SELECT * FROM ({_fts_kind_sql(kind, shape, short)})" for kind in _FTS_KINDS]
    return text("\nUNION ALL\n".join(kinds))


def _quoted(fragment: str) -> str:
    """An FTS5 string: the fragment exactly (its trigrams in a row), whatever it holds."""
    return '"' + fragment.replace('"', '""') + '"'


def _fts_match(query: Query) -> str | None:
    """The FTS5 query that finds the rows :func:`services.matching.prefilter` would.

    None when the trigram index cannot narrow the rows: no word of three letters or more, or a
    short word that alone would be enough (a query of many words needs only some of them).
    """
    shape = query.shape
    params = query.params()
    groups = [
        "(" + " OR ".join(_quoted(params[f"fragment{index}_{part}"]) for part in range(count)) + ")"
        for index, count in enumerate(shape)
        if len(query.words[index]) >= _TRIGRAM
    ]
    if not groups:
        return None
    if _needs_every_word(shape):
        return " AND ".join(groups)
    return None if len(groups) < len(shape) else " OR ".join(groups)


def _statement(db: Database, query: Query, board_ids: frozenset[int]) -> tuple[Any, dict[str, Any]]:
    """The candidates' statement for ``query`` on this database, and its parameters."""
    params: dict[str, Any] = dict(query.params())
    if db.is_sqlite:
        match = _fts_match(query)
        if match is not None:
            short = tuple(len(word) < _TRIGRAM for word in query.words)
            params |= {"boards": json.dumps(sorted(board_ids)), "match": match}
            return _fts_candidates(query.shape, short), params
    else:
        params |= {
            f"like{index}_{part}": f"%{params[f'fragment{index}_{part}']}%"
            for index, count in enumerate(query.shape)
            for part in range(count)
        }
    params["boards"] = sorted(board_ids)
    return _candidates(query.shape, sqlite=db.is_sqlite), params


async def search(db: Database, *, viewer: Viewer, words: str, limit: int = 10) -> list[SearchHit]:
    """Agenda items (title, presenter, role), decisions and actions matching ``words``.

    Only the viewer's boards, never exempt items; best match first (the latest meeting among
    equals), at most ``limit``. Empty when nothing matches well enough or ``words`` has nothing
    to search for.
    """
    query = parse_query(words)
    if query is None or not viewer.board_ids or limit <= 0:
        return []
    statement, params = _statement(db, query, viewer.board_ids)
    async with db.read() as session:
        rows = cast(Sequence[_Row], (await session.exec(statement, params=params)).all())
        found = [
            _Candidate(cast(Kind, kind), score, when, shown, number, meeting_id, board_id, row_id)
            for kind, when, scored, shown, number, meeting_id, board_id, row_id in rows
            if (score := score_text(query, scored))
        ]
        best = sorted(found, key=lambda candidate: candidate.rank)[:limit]
        meetings = await meeting_views(
            session, {c.meeting_id for c in best if c.meeting_id is not None}
        )
    board_names = {board.board_id: board.board_name for board in viewer.boards}
    return [
        SearchHit(
            kind=candidate.kind,
            score=candidate.score,
            board_name=board_names.get(candidate.board_id, ""),
            text=candidate.text,
            meeting=meetings.get(candidate.meeting_id) if candidate.meeting_id else None,
            number=candidate.number,
            action_id=candidate.row_id if candidate.kind == "action" else None,
        )
        for candidate in best
    ]


# Stand-in words, distinct per position as a query never repeats a word: with one SQL fragment
# and too short for trigrams, with one fragment of three letters, and with two fragments (see
# matching._fragments).
_STAND_INS = (
    ("qa", "qb", "qc", "qd"),
    ("qaz", "qbz", "qcz", "qdz"),
    ("wxyza", "wxyzb", "wxyzc", "wxyzd"),
)
WARM_UP_MAX_WORDS = len(_STAND_INS[0])


async def warm_up(db: Database) -> int:
    """Compile the search statement for every query shape of up to WARM_UP_MAX_WORDS words.

    SQLAlchemy compiles a statement the first time its shape runs (~15 ms here); doing it at
    start-up keeps that cost out of members' first searches. It runs against no board, so it
    reads nothing. Returns how many queries were prepared.
    """
    nobody = Viewer(person_id=0, full_name="warm-up", boards=(BoardRole(-1, "", ""),))
    shapes = 0
    for count in range(1, WARM_UP_MAX_WORDS + 1):
        for kinds in itertools.product(_STAND_INS, repeat=count):
            words = [stand_ins[position] for position, stand_ins in enumerate(kinds)]
            await search(db, viewer=nobody, words=" ".join(words))
            shapes += 1
    return shapes
