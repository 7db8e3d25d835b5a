"""search: indexes made for it (SQLite FTS5 trigram tables kept by triggers; PostgreSQL pg_trgm)

Search looks for fragments of the query's words anywhere in the text (``LIKE '%frag%'``), so a
typo still finds its word. These indexes answer exactly that question without reading every row
of the viewer's boards:

SQLite: a contentless FTS5 table per kind with the ``trigram`` tokenizer (a quoted fragment of
three letters or more matches the rows containing it, as ``LIKE`` does). Contentless, not
external content: its rowid is ``board_id * 2**32 + id``, so one board's rows are one rowid
range and a search reads only the viewer's boards' postings, which an external content table
(whose rowid must be the row's own) cannot do; and the text is not stored twice. Triggers keep
them true on every insert, update and delete (imports, edits, syncs, cascades), removing a row
with the values it was indexed with. Exempt (Part II) items are never indexed.

PostgreSQL: a ``pg_trgm`` GIN index per kind on the searched text, which ``ILIKE '%frag%'``
uses; the agenda items' one leaves exempt items out (partial index).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 23:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# board_id * STRIDE + id: row ids stay below 2**32.
STRIDE = 4294967296

_ITEM_COLUMNS = "title, presenter, presenter_role"

SQLITE_UPGRADE = [
    # -- agenda items (never the exempt ones) --
    f"""CREATE VIRTUAL TABLE agenda_item_search USING fts5(
        {_ITEM_COLUMNS}, content='', tokenize='trigram')""",
    f"""CREATE TRIGGER agenda_item_search_insert AFTER INSERT ON agenda_item
    WHEN NOT new.exempt BEGIN
        INSERT INTO agenda_item_search(rowid, {_ITEM_COLUMNS})
        SELECT meeting.board_id * {STRIDE} + new.id, new.title, new.presenter,
               new.presenter_role
        FROM meeting WHERE meeting.id = new.meeting_id;
    END""",
    # Finds nothing to remove when a meeting's deletion cascades to its items (the meeting is
    # gone by then): meeting_search_delete below has removed them already.
    f"""CREATE TRIGGER agenda_item_search_delete AFTER DELETE ON agenda_item
    WHEN NOT old.exempt BEGIN
        INSERT INTO agenda_item_search(agenda_item_search, rowid, {_ITEM_COLUMNS})
        SELECT 'delete', meeting.board_id * {STRIDE} + old.id, old.title, old.presenter,
               old.presenter_role
        FROM meeting WHERE meeting.id = old.meeting_id;
    END""",
    f"""CREATE TRIGGER agenda_item_search_update
    AFTER UPDATE OF id, meeting_id, title, presenter, presenter_role, exempt ON agenda_item
    BEGIN
        INSERT INTO agenda_item_search(agenda_item_search, rowid, {_ITEM_COLUMNS})
        SELECT 'delete', meeting.board_id * {STRIDE} + old.id, old.title, old.presenter,
               old.presenter_role
        FROM meeting WHERE meeting.id = old.meeting_id AND NOT old.exempt;
        INSERT INTO agenda_item_search(rowid, {_ITEM_COLUMNS})
        SELECT meeting.board_id * {STRIDE} + new.id, new.title, new.presenter,
               new.presenter_role
        FROM meeting WHERE meeting.id = new.meeting_id AND NOT new.exempt;
    END""",
    # A meeting's items leave with it; a meeting moved to another board moves them too.
    f"""CREATE TRIGGER meeting_search_delete BEFORE DELETE ON meeting BEGIN
        INSERT INTO agenda_item_search(agenda_item_search, rowid, {_ITEM_COLUMNS})
        SELECT 'delete', old.board_id * {STRIDE} + id, {_ITEM_COLUMNS}
        FROM agenda_item WHERE meeting_id = old.id AND NOT exempt;
    END""",
    f"""CREATE TRIGGER meeting_search_move AFTER UPDATE OF board_id ON meeting
    WHEN old.board_id IS NOT new.board_id BEGIN
        INSERT INTO agenda_item_search(agenda_item_search, rowid, {_ITEM_COLUMNS})
        SELECT 'delete', old.board_id * {STRIDE} + id, {_ITEM_COLUMNS}
        FROM agenda_item WHERE meeting_id = new.id AND NOT exempt;
        INSERT INTO agenda_item_search(rowid, {_ITEM_COLUMNS})
        SELECT new.board_id * {STRIDE} + id, {_ITEM_COLUMNS}
        FROM agenda_item WHERE meeting_id = new.id AND NOT exempt;
    END""",
    f"""INSERT INTO agenda_item_search(rowid, {_ITEM_COLUMNS})
    SELECT meeting.board_id * {STRIDE} + agenda_item.id, agenda_item.title,
           agenda_item.presenter, agenda_item.presenter_role
    FROM agenda_item JOIN meeting ON meeting.id = agenda_item.meeting_id
    WHERE NOT agenda_item.exempt ORDER BY 1""",
    # -- decisions --
    """CREATE VIRTUAL TABLE decision_search USING fts5(
        text, content='', tokenize='trigram')""",
    f"""CREATE TRIGGER decision_search_insert AFTER INSERT ON decision BEGIN
        INSERT INTO decision_search(rowid, text)
        VALUES (new.board_id * {STRIDE} + new.id, new.text);
    END""",
    f"""CREATE TRIGGER decision_search_delete AFTER DELETE ON decision BEGIN
        INSERT INTO decision_search(decision_search, rowid, text)
        VALUES ('delete', old.board_id * {STRIDE} + old.id, old.text);
    END""",
    f"""CREATE TRIGGER decision_search_update AFTER UPDATE OF id, board_id, text ON decision
    BEGIN
        INSERT INTO decision_search(decision_search, rowid, text)
        VALUES ('delete', old.board_id * {STRIDE} + old.id, old.text);
        INSERT INTO decision_search(rowid, text)
        VALUES (new.board_id * {STRIDE} + new.id, new.text);
    END""",
    f"""INSERT INTO decision_search(rowid, text)
    SELECT board_id * {STRIDE} + id, text FROM decision ORDER BY 1""",
    # -- actions --
    """CREATE VIRTUAL TABLE action_search USING fts5(
        description, owner_name, content='', tokenize='trigram')""",
    f"""CREATE TRIGGER action_search_insert AFTER INSERT ON action BEGIN
        INSERT INTO action_search(rowid, description, owner_name)
        VALUES (new.board_id * {STRIDE} + new.id, new.description, new.owner_name);
    END""",
    f"""CREATE TRIGGER action_search_delete AFTER DELETE ON action BEGIN
        INSERT INTO action_search(action_search, rowid, description, owner_name)
        VALUES ('delete', old.board_id * {STRIDE} + old.id, old.description, old.owner_name);
    END""",
    f"""CREATE TRIGGER action_search_update
    AFTER UPDATE OF id, board_id, description, owner_name ON action BEGIN
        INSERT INTO action_search(action_search, rowid, description, owner_name)
        VALUES ('delete', old.board_id * {STRIDE} + old.id, old.description, old.owner_name);
        INSERT INTO action_search(rowid, description, owner_name)
        VALUES (new.board_id * {STRIDE} + new.id, new.description, new.owner_name);
    END""",
    f"""INSERT INTO action_search(rowid, description, owner_name)
    SELECT board_id * {STRIDE} + id, description, owner_name FROM action ORDER BY 1""",
    # One b-tree per index after the backfill (storage.search_index keeps them so).
    "INSERT INTO agenda_item_search(agenda_item_search) VALUES ('optimize')",
    "INSERT INTO decision_search(decision_search) VALUES ('optimize')",
    "INSERT INTO action_search(action_search) VALUES ('optimize')",
]

SQLITE_DOWNGRADE = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "agenda_item_search_insert",
            "agenda_item_search_delete",
            "agenda_item_search_update",
            "meeting_search_delete",
            "meeting_search_move",
            "decision_search_insert",
            "decision_search_delete",
            "decision_search_update",
            "action_search_insert",
            "action_search_delete",
            "action_search_update",
        )
    ),
    "DROP TABLE IF EXISTS agenda_item_search",
    "DROP TABLE IF EXISTS decision_search",
    "DROP TABLE IF EXISTS action_search",
]

# The expressions services/search.py filters on, character for character (the planner matches
# a query's expression to an index's by its parsed form).
POSTGRESQL_UPGRADE = [
    # A trusted extension (PostgreSQL 13+): the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX ix_agenda_item_search_trgm ON agenda_item USING gin (
        (title || ' ' || coalesce(presenter, '') || ' ' || coalesce(presenter_role, ''))
        gin_trgm_ops) WHERE exempt IS false""",
    "CREATE INDEX ix_decision_search_trgm ON decision USING gin (text gin_trgm_ops)",
    """CREATE INDEX ix_action_search_trgm ON action USING gin (
        (description || ' ' || coalesce(owner_name, '')) gin_trgm_ops)""",
]

# pg_trgm stays: other indexes may have come to use it.
POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_agenda_item_search_trgm",
    "DROP INDEX IF EXISTS ix_decision_search_trgm",
    "DROP INDEX IF EXISTS ix_action_search_trgm",
]


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _run(SQLITE_UPGRADE)
    else:
        _run(POSTGRESQL_UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _run(SQLITE_DOWNGRADE)
    else:
        _run(POSTGRESQL_DOWNGRADE)
