"""The search indexes, which live beside the models rather than in them (migration 0012).

SQLite: one FTS5 table per searchable kind, with the ``trigram`` tokenizer, so a ``MATCH`` of a
quoted fragment finds exactly the rows whose text contains it (what ``LIKE '%frag%'`` finds,
without reading every row). They are contentless (the text stays in its own table) and kept
true by triggers on the tables they index, so every write path keeps them without remembering
to. A row's FTS rowid is ``board_id * BOARD_STRIDE + id``: one board's rows are one rowid range,
and a search reads only the postings of the viewer's boards. Exempt (Part II) items are never in
them.

PostgreSQL: one ``pg_trgm`` GIN index per kind on the same text, which ``ILIKE '%frag%'`` uses;
the agenda items' one is partial (``exempt IS false``), so exempt items are not in it either.

FTS5 adds a segment per write transaction and merges them only when four alike have gathered,
so an index that grew row by row holds a dozen segments or more, and a search seeks each of them
once per board: :func:`merge_search_indexes` (hourly, with the outbox's retention) merges them
back into one, a few hundred pages per short transaction.

Alembic's comparison of the models with the database must leave these alone: see
:func:`include_name`. A later migration that rebuilds one of the indexed tables (SQLite's batch
mode copies it into a new one) drops its triggers with it and must create them again.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import text

from storage.engine import Database

log = logging.getLogger(__name__)

# Row ids stay below 2**32; board ids multiply it (a 64-bit rowid holds both).
BOARD_STRIDE = 2**32

ITEM_FTS = "agenda_item_search"
DECISION_FTS = "decision_search"
ACTION_FTS = "action_search"
FTS_TABLES = (ITEM_FTS, DECISION_FTS, ACTION_FTS)
# The tables FTS5 makes for each (its "shadow" tables).
_FTS_SHADOWS = ("_data", "_idx", "_config", "_docsize", "_content")

ITEM_TRGM_INDEX = "ix_agenda_item_search_trgm"
DECISION_TRGM_INDEX = "ix_decision_search_trgm"
ACTION_TRGM_INDEX = "ix_action_search_trgm"
TRGM_INDEXES = (ITEM_TRGM_INDEX, DECISION_TRGM_INDEX, ACTION_TRGM_INDEX)


def is_search_index(name: str | None) -> bool:
    """True for an FTS5 table, one of its shadow tables, or a trigram index of the search."""
    if name is None:
        return False
    if name in FTS_TABLES or name in TRGM_INDEXES:
        return True
    return any(name == table + shadow for table in FTS_TABLES for shadow in _FTS_SHADOWS)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: compare everything but the search indexes."""
    del type_, parent_names
    return not is_search_index(name)


# Pages one merge step writes at most (each step is one write transaction of ~0.1 s).
MERGE_PAGES = 400
# Steps one call takes at most; the next call carries on.
MERGE_STEPS = 200


async def merge_search_indexes(db: Database, *, steps: int = MERGE_STEPS) -> int:
    """SQLite: merge the FTS5 indexes' segments towards one; the number of steps that did work.

    FTS5's ``merge`` command with a negative page count merges segments whatever their level
    (as ``optimize`` does, but a bounded amount per transaction); a step that changed fewer than
    two rows found nothing left to merge. PostgreSQL: nothing to do (GIN's pending list is
    merged by autovacuum).
    """
    if not db.is_sqlite:
        return 0
    done = 0
    for table in FTS_TABLES:
        while done < steps:
            async with db.write() as session:
                connection = await session.connection()
                before = await connection.scalar(text("SELECT total_changes()"))
                merge = f"INSERT INTO {table}({table}, rank) VALUES ('merge', :pages)"
                await connection.execute(text(merge), {"pages": -MERGE_PAGES})
                after = await connection.scalar(text("SELECT total_changes()"))
            if int(after) - int(before) < 2:
                break
            done += 1
    if done:
        log.info("search indexes: %d merge steps", done)
    return done
