"""Search across the viewer's boards: agenda items, decisions and actions, best match first.

Built for a big database. Each kind is narrowed in SQL to the viewer's boards and to rows
containing fragments of the words, at most :data:`~services.matching.CANDIDATE_CAP` of them
(those with the whole words first, then the latest); all three come in one ``UNION ALL`` of
plain columns (no ORM objects) and are ranked in Python; then only the winners' meetings are
loaded: two queries, whatever the size of the database. Exempt (Part II) items are never
searched: results may be shown anywhere, group chats included.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast

from sqlalchemy import BindParameter, bindparam, extract, func, literal, union_all
from sqlmodel import col, select

from services.matching import (
    CANDIDATE_CAP,
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

Kind = Literal["item", "decision", "action"]

# The viewer's board ids, bound at execution: the statements are built once and reused.
_BOARDS: BindParameter[list[int]] = bindparam("boards", expanding=True)

# A candidate row, whatever its kind: (kind, meeting start as epoch seconds, text to score,
# text to show, number, meeting id, board id, the row's own id).
_Row = tuple[str, float | None, str, str, str | None, int | None, int, int]


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


def _epoch(column: Any) -> Any:
    """The meeting's start as a number, for ordering only: no datetime parsing per row."""
    return extract("epoch", column)


def _items(shape: Shape, *, sqlite: bool) -> Any:
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
            prefilter(shape, fields, like_ignores_case=sqlite),
        )
        .order_by(
            whole_words(shape, fields, like_ignores_case=sqlite).desc(),
            col(Meeting.starts_at_utc).desc(),
            col(AgendaItem.position),
        )
    )


def _decisions(shape: Shape, *, sqlite: bool) -> Any:
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
            prefilter(shape, [col(Decision.text)], like_ignores_case=sqlite),
        )
        .order_by(
            whole_words(shape, [col(Decision.text)], like_ignores_case=sqlite).desc(),
            col(Meeting.starts_at_utc).desc().nulls_last(),
            col(Decision.id).desc(),
        )
    )


def _actions(shape: Shape, *, sqlite: bool) -> Any:
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
            prefilter(shape, fields, like_ignores_case=sqlite),
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

    Built once per query shape: constructing it costs more than running it.
    """
    kinds = [
        select(branch.limit(CANDIDATE_CAP).subquery())
        for branch in (
            _items(shape, sqlite=sqlite),
            _decisions(shape, sqlite=sqlite),
            _actions(shape, sqlite=sqlite),
        )
    ]
    union = union_all(*kinds).subquery()
    return select(*union.c)


async def search(db: Database, *, viewer: Viewer, words: str, limit: int = 10) -> list[SearchHit]:
    """Agenda items (title, presenter, role), decisions and actions matching ``words``.

    Only the viewer's boards, never exempt items; best match first (the latest meeting among
    equals), at most ``limit``. Empty when nothing matches well enough or ``words`` has nothing
    to search for.
    """
    query = parse_query(words)
    if query is None or not viewer.board_ids or limit <= 0:
        return []
    params = {"boards": sorted(viewer.board_ids), **query.params()}
    async with db.read() as session:
        rows: Sequence[_Row] = (
            await session.exec(_candidates(query.shape, sqlite=db.is_sqlite), params=params)
        ).all()
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


# Stand-in words with one SQL fragment (three letters or fewer) and with two (see
# matching._fragments); distinct per position, as a query never repeats a word.
_ONE_FRAGMENT = ("qa", "qb", "qc", "qd")
_TWO_FRAGMENTS = ("wxyza", "wxyzb", "wxyzc", "wxyzd")
WARM_UP_MAX_WORDS = len(_ONE_FRAGMENT)


async def warm_up(db: Database) -> int:
    """Compile the search statement for every query shape of up to WARM_UP_MAX_WORDS words.

    SQLAlchemy compiles a statement the first time its shape runs (~15 ms here); doing it at
    start-up keeps that cost out of members' first searches. It runs against no board, so it
    reads nothing. Returns how many shapes were prepared.
    """
    nobody = Viewer(person_id=0, full_name="warm-up", boards=(BoardRole(-1, "", ""),))
    shapes = 0
    for count in range(1, WARM_UP_MAX_WORDS + 1):
        for kinds in itertools.product((False, True), repeat=count):
            words = [
                (_TWO_FRAGMENTS if two else _ONE_FRAGMENT)[position]
                for position, two in enumerate(kinds)
            ]
            await search(db, viewer=nobody, words=" ".join(words))
            shapes += 1
    return shapes
