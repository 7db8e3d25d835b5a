"""Decisions (minuted resolutions) of the viewer's boards: the latest, or those matching words."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func
from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from services.access import require_board
from services.matching import (
    CANDIDATE_CAP,
    Shape,
    parse_query,
    prefilter,
    score_text,
    whole_words,
)
from services.meetings import decision_view, meeting_views, normalise_number
from services.views import DecisionView, MeetingView, Viewer
from storage.engine import Database
from storage.models import AgendaItem, Board, Decision, Meeting

_LATEST_FIRST = (col(Meeting.starts_at_utc).desc().nulls_last(), col(Decision.id).desc())


@lru_cache(maxsize=64)
def _candidates(shape: Shape, *, sqlite: bool) -> Select[int | None, str]:
    """(id, text) of decisions matching a query of this shape; built once, then reused."""
    text = [col(Decision.text)]
    return (
        select(col(Decision.id), col(Decision.text))
        .outerjoin(Meeting, col(Meeting.id) == col(Decision.meeting_id))
        .where(
            col(Decision.board_id).in_(bindparam("boards", expanding=True)),
            prefilter(shape, text, like_ignores_case=sqlite),
        )
        .order_by(whole_words(shape, text, like_ignores_case=sqlite).desc(), *_LATEST_FIRST)
        .limit(CANDIDATE_CAP)
    )


async def decisions(
    db: Database, *, viewer: Viewer, words: str | None = None, limit: int = 10
) -> list[DecisionView]:
    """Decisions of the viewer's boards, at most ``limit``.

    Without ``words`` (or with only punctuation) the latest, by meeting date; decisions whose
    meeting is not on record come after those. With ``words``, those that match them, best
    first (latest first among equals); unrelated decisions are left out, so the list may be
    empty.
    """
    if not viewer.board_ids or limit <= 0:
        return []
    query = parse_query(words) if words else None
    full = (
        select(Decision, Board, col(Meeting.starts_at_utc))
        .join(Board, col(Board.id) == col(Decision.board_id))
        .outerjoin(Meeting, col(Meeting.id) == col(Decision.meeting_id))
    )
    async with db.read() as session:
        if query is None:
            rows = (
                await session.exec(
                    full.where(col(Decision.board_id).in_(viewer.board_ids))
                    .order_by(*_LATEST_FIRST)
                    .limit(limit)
                )
            ).all()
        else:
            # Rank light (id, text) rows, then load only the winners in full.
            candidates = (
                await session.exec(
                    _candidates(query.shape, sqlite=db.is_sqlite),
                    params={"boards": sorted(viewer.board_ids), **query.params()},
                )
            ).all()
            scored = [
                (score_text(query, text), index) for index, (_, text) in enumerate(candidates)
            ]
            # Candidates come latest first among equals: the index breaks ties by recency.
            best = sorted((pair for pair in scored if pair[0] > 0), key=lambda p: (-p[0], p[1]))
            wanted = [candidates[index][0] for _, index in best[:limit]]
            loaded = (await session.exec(full.where(col(Decision.id).in_(wanted)))).all()
            by_id = {row[0].id: row for row in loaded}
            rows = [by_id[decision_id] for decision_id in wanted]
    return [
        decision_view(
            decision,
            board_name=board.name,
            zone=ZoneInfo(board.timezone),
            meeting_starts_at_utc=starts_at,
        )
        for decision, board, starts_at in rows
    ]


async def meeting_decisions(
    db: Database, *, viewer: Viewer, meeting_id: int, words: str | None = None
) -> tuple[MeetingView | None, list[DecisionView]]:
    """(the meeting, the decisions minuted for it in minute order); (None, []) when there is
    no such meeting.

    With ``words``, only the decisions about them, best first: a decision is about the words
    when its text or the title of its (public) agenda item fits them, so "the better care fund"
    finds the resolutions under that item even where their text does not repeat its title.
    Raises :class:`~services.access.AccessDenied` for a meeting on another board.
    """
    query = parse_query(words) if words else None
    async with db.read() as session:
        meeting = (await meeting_views(session, [meeting_id])).get(meeting_id)
        if meeting is None:
            return None, []
        require_board(viewer, meeting.board_id)
        found = (
            await session.exec(
                select(Decision)
                .where(
                    col(Decision.board_id) == meeting.board_id,
                    col(Decision.meeting_id) == meeting_id,
                )
                .order_by(col(Decision.id))
            )
        ).all()
        titles: dict[str, str] = {}
        if query is not None:
            # Exempt items' titles are never matched: a hit would tell what they are about.
            items = (
                await session.exec(
                    select(AgendaItem).where(
                        col(AgendaItem.meeting_id) == meeting_id,
                        col(AgendaItem.exempt).is_(False),
                    )
                )
            ).all()
            titles = {normalise_number(item.number): item.title for item in items}
    if query is not None:
        scored: list[tuple[float, int, Decision]] = []
        for index, decision in enumerate(found):
            title = titles.get(normalise_number(decision.item or ""), "")
            score = max(score_text(query, decision.text), score_text(query, title))
            if score > 0:
                scored.append((-score, index, decision))
        found = [decision for _, _, decision in sorted(scored, key=lambda entry: entry[:2])]
    return meeting, [
        decision_view(
            decision,
            board_name=meeting.board_name,
            zone=meeting.zone,
            meeting_starts_at_utc=meeting.starts_at_utc,
        )
        for decision in found
    ]


async def decision_count(db: Database, *, viewer: Viewer, meeting_id: int) -> int:
    """How many decisions are minuted for the meeting (0 for one not on the viewer's boards)."""
    if not viewer.board_ids:
        return 0
    async with db.read() as session:
        count = (
            await session.exec(
                select(func.count())
                .select_from(Decision)
                .where(
                    col(Decision.board_id).in_(viewer.board_ids),
                    col(Decision.meeting_id) == meeting_id,
                )
            )
        ).one()
    return int(count)
