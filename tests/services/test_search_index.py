"""The search indexes (migration 0012): kept true by every write, never holding exempt items,
and used by the search on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import TextClause, text
from sqlmodel import col, select

from services.matching import Shape, parse_query
from services.search import _joined, _statement, _trigram_ilike, search
from services.views import SearchHit, Viewer
from storage.engine import Database
from storage.models import Action, AgendaItem, Board, Decision, Meeting
from storage.search_index import (
    ACTION_FTS,
    BOARD_STRIDE,
    DECISION_FTS,
    FTS_TABLES,
    ITEM_FTS,
    TRGM_INDEXES,
    merge_search_indexes,
)
from tests.auxil.world import NORTHSHIRE, TESTSHIRE, World


def _narrowed(shape: Shape) -> list[Any]:
    """Each kind's rows containing the query's fragments, filtered as the search filters them."""
    items = [col(AgendaItem.title), col(AgendaItem.presenter), col(AgendaItem.presenter_role)]
    actions = [col(Action.description), col(Action.owner_name)]
    return [
        select(col(AgendaItem.id)).where(
            col(AgendaItem.exempt).is_(False), _trigram_ilike(shape, items, _joined(*items))
        ),
        select(col(Decision.id)).where(
            _trigram_ilike(shape, [col(Decision.text)], col(Decision.text))
        ),
        select(col(Action.id)).where(_trigram_ilike(shape, actions, _joined(*actions))),
    ]


async def _rows(database: Database, sql: str, **params: Any) -> list[Any]:
    async with database.write() as session:
        connection = await session.connection()
        result = await connection.execute(text(sql), params)
        return list(result.all()) if result.returns_rows else []


def _texts(hits: list[SearchHit]) -> set[tuple[str, str]]:
    return {(hit.kind, hit.text) for hit in hits}


async def _found(database: Database, viewer: Viewer, words: str) -> set[tuple[str, str]]:
    return _texts(await search(database, viewer=viewer, words=words))


async def _add_item(database: Database, meeting_id: int, title: str, **fields: Any) -> int:
    async with database.write() as session:
        position = len(
            (
                await session.exec(
                    select(AgendaItem.id).where(col(AgendaItem.meeting_id) == meeting_id)
                )
            ).all()
        )
        item = AgendaItem(
            meeting_id=meeting_id,
            position=position + 100,
            number=str(position + 100),
            title=title,
            **fields,
        )
        session.add(item)
        await session.flush()
        assert item.id is not None
        return item.id


async def test_items_are_found_as_they_are_added_edited_hidden_and_removed(
    database: Database, world: World
) -> None:
    item_id = await _add_item(
        database, world.october_id, "Zygomorphic orchid survey", presenter="Quentin Blake"
    )
    assert await _found(database, world.diane, "zygomorphic orchid") == {
        ("item", "Zygomorphic orchid survey")
    }
    assert await _found(database, world.diane, "quentin") == {("item", "Zygomorphic orchid survey")}
    assert await _found(database, world.nora, "zygomorphic") == set()

    async with database.write() as session:
        item = await session.get(AgendaItem, item_id)
        assert item is not None
        item.title, item.presenter = "Heliotrope meadow survey", None
    assert await _found(database, world.diane, "zygomorphic") == set()
    assert await _found(database, world.diane, "quentin") == set()
    assert await _found(database, world.diane, "heliotrope") == {
        ("item", "Heliotrope meadow survey")
    }

    # Exempt: out of the index for everyone, clerks included; back in when it is not.
    for exempt, expected in ((True, set()), (False, {("item", "Heliotrope meadow survey")})):
        async with database.write() as session:
            item = await session.get(AgendaItem, item_id)
            assert item is not None
            item.exempt = exempt
        for viewer in (world.diane, world.clerk, world.mike):
            assert await _found(database, viewer, "heliotrope meadow") == expected

    # Moved to another board's meeting: only that board's members find it.
    async with database.write() as session:
        item = await session.get(AgendaItem, item_id)
        assert item is not None
        item.meeting_id, item.position = world.north_id, 500
    assert await _found(database, world.diane, "heliotrope") == set()
    assert await _found(database, world.nora, "heliotrope") == {
        ("item", "Heliotrope meadow survey")
    }

    async with database.write() as session:
        item = await session.get(AgendaItem, item_id)
        assert item is not None
        await session.delete(item)
    assert await _found(database, world.nora, "heliotrope") == set()


async def test_decisions_and_actions_follow_their_rows(database: Database, world: World) -> None:
    async with database.write() as session:
        decision = Decision(
            board_id=world.testshire_id, meeting_id=world.june_id, text="Quokka habitat AGREED"
        )
        action = Action(
            board_id=world.testshire_id, description="Count the quokkas", owner_name="Yolanda"
        )
        session.add_all([decision, action])
    assert await _found(database, world.diane, "quokka") == {
        ("decision", "Quokka habitat AGREED"),
        ("action", "Count the quokkas"),
    }
    assert await _found(database, world.diane, "yolanda") == {("action", "Count the quokkas")}

    async with database.write() as session:
        decision.text = "Wombat habitat AGREED"
        action.owner_name = None
        session.add_all([decision, action])
    assert await _found(database, world.diane, "quokka") == {("action", "Count the quokkas")}
    assert await _found(database, world.diane, "yolanda") == set()
    assert await _found(database, world.diane, "wombat") == {("decision", "Wombat habitat AGREED")}

    async with database.write() as session:
        decision.board_id = world.northshire_id
        session.add(decision)
    assert await _found(database, world.diane, "wombat") == set()
    assert await _found(database, world.nora, "wombat") == {("decision", "Wombat habitat AGREED")}

    async with database.write() as session:
        await session.delete(await session.merge(decision))
        await session.delete(await session.merge(action))
    assert await _found(database, world.nora, "wombat") == set()
    assert await _found(database, world.diane, "quokka") == set()


async def test_a_deleted_meeting_or_board_takes_its_rows_out(
    database: Database, world: World
) -> None:
    await _add_item(database, world.north_id, "Narwhal tusk report")
    async with database.write() as session:
        session.add(
            Decision(board_id=world.northshire_id, meeting_id=world.north_id, text="Narwhal NOTED")
        )
    assert len(await _found(database, world.nora, "narwhal")) == 2
    async with database.write() as session:
        meeting = await session.get(Meeting, world.north_id)
        assert meeting is not None
        await session.delete(meeting)
    # The decision stays (its meeting is set to none); the meeting's items go.
    assert await _found(database, world.nora, "narwhal") == {("decision", "Narwhal NOTED")}
    assert all(
        hit.kind != "item" for hit in await search(database, viewer=world.nora, words="fund")
    )

    async with database.write() as session:
        board = await session.get(Board, world.northshire_id)
        assert board is not None
        await session.delete(board)
    assert await _found(database, world.nora, "narwhal") == set()
    # Mike's (now stale) boards still name Northshire: nothing of it is left to find.
    hits = await search(database, viewer=world.mike, words="better care fund", limit=20)
    assert hits and {hit.board_name for hit in hits} == {TESTSHIRE}


async def test_short_words_are_searched_too(database: Database, world: World) -> None:
    await _add_item(database, world.october_id, "Q2 performance dashboard")
    # A word of two letters is below the trigram index: looked for in the rows the longer
    # word found, or, alone, in the board's rows.
    assert await _found(database, world.diane, "q2 performance") == {
        ("item", "Q2 performance dashboard")
    }
    assert await _found(database, world.diane, "q2") == {("item", "Q2 performance dashboard")}
    assert await _found(database, world.diane, "q3 performance") == set()
    # Three letters are enough for the index.
    assert ("item", "Q2 performance dashboard") in await _found(database, world.diane, "das")


async def test_exempt_items_stay_out_of_the_index(database: Database, world: World) -> None:
    await _add_item(database, world.october_id, "Sale of the Xylophone Works", exempt=True)
    for viewer in (world.diane, world.clerk, world.mike):
        assert await _found(database, viewer, "xylophone works") == set()
    if database.is_sqlite:
        assert await _rows(database, f"SELECT rowid FROM {ITEM_FTS}(:match)", match='"xylo"') == []
    else:
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
        [(definition,)] = await _rows(database, sql, name=TRGM_INDEXES[0])
        assert "WHERE (exempt IS FALSE)" in definition


async def test_the_search_reads_the_indexes(database: Database, world: World) -> None:
    query = parse_query("better care")
    assert query is not None
    statement, params = _statement(database, query, world.mike.board_ids)
    async with database.write() as session:
        connection = await session.connection()
        if database.is_sqlite:
            assert isinstance(statement, TextClause)
            explained = await connection.execute(
                text(f"EXPLAIN QUERY PLAN {statement.text}"), params
            )
            plan = [str(row[-1]) for row in explained.all()]
            # Each kind: the viewer's boards, then a rowid range (><) of its FTS table's matches
            # (M), then the rows by primary key; no table is scanned.
            assert (
                sum(
                    step.startswith("SCAN found VIRTUAL TABLE INDEX 0:M") and step.endswith("><")
                    for step in plan
                )
                == 3
            )
            for table in ("agenda_item", "decision", "action", "meeting"):
                assert not any(step.startswith(f"SCAN {table}") for step in plan)
        else:
            # The tables are tiny: forbid whole-table scans, and look at each kind's text filter
            # alone (with so few rows the planner rightly prefers the boards' own indexes).
            await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            for index, narrowed in zip(TRGM_INDEXES, _narrowed(query.shape), strict=True):
                sql = narrowed.params(**params).compile(
                    database.engine.sync_engine, compile_kwargs={"literal_binds": True}
                )
                explained = await connection.exec_driver_sql(f"EXPLAIN {sql}")
                assert index in " ".join(str(row[0]) for row in explained.all())
    hits = await search(database, viewer=world.mike, words="better care")
    assert {hit.board_name for hit in hits} == {TESTSHIRE, NORTHSHIRE}


@pytest.mark.sqlite_only
async def test_fts_tables_hold_exactly_the_searchable_rows(
    database: Database, world: World
) -> None:
    """After writes of every kind, each FTS table finds what LIKE finds in the rows."""
    item_id = await _add_item(database, world.october_id, "Walrus colony census")
    async with database.write() as session:
        item = await session.get(AgendaItem, item_id)
        assert item is not None
        item.title = "Walrus colony estimate"
        meeting = await session.get(Meeting, world.january_id)
        assert meeting is not None
        meeting.board_id = world.northshire_id  # a meeting moved between boards
        session.add(Action(board_id=world.testshire_id, description="Walrus count"))
    async with database.write() as session:
        meeting = await session.get(Meeting, world.june_id)
        assert meeting is not None
        await session.delete(meeting)
    await _add_item(database, world.january_id, "Walrus welfare", presenter="Wanda Walsh")

    sources = {
        ITEM_FTS: (
            "SELECT meeting.board_id * :stride + agenda_item.id FROM agenda_item "
            "JOIN meeting ON meeting.id = agenda_item.meeting_id WHERE NOT agenda_item.exempt "
            "AND (title LIKE :like OR presenter LIKE :like OR presenter_role LIKE :like)"
        ),
        DECISION_FTS: "SELECT board_id * :stride + id FROM decision WHERE text LIKE :like",
        ACTION_FTS: (
            "SELECT board_id * :stride + id FROM action "
            "WHERE description LIKE :like OR owner_name LIKE :like"
        ),
    }
    for table, source in sources.items():
        await _rows(database, f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        found = 0
        for fragment in ("wal", "care", "fund", "oakham", "apolog", "the", "dentist", "wsh"):
            sql = f"SELECT rowid FROM {table}(:match)"
            indexed = await _rows(database, sql, match=f'"{fragment}"')
            expected = await _rows(database, source, like=f"%{fragment}%", stride=BOARD_STRIDE)
            assert set(indexed) == set(expected), (table, fragment)
            found += len(indexed)
        assert found, table


async def test_merging_the_indexes_keeps_what_they_find(database: Database, world: World) -> None:
    for number in range(5):
        await _add_item(database, world.october_id, f"Kestrel sighting {number}")
    before = await _found(database, world.diane, "kestrel sighting")
    assert len(before) == 5
    steps = await merge_search_indexes(database)
    if database.is_sqlite:
        assert steps >= 1
        for table in FTS_TABLES:
            [(segments,)] = await _rows(database, f"SELECT count(DISTINCT segid) FROM {table}_idx")
            assert segments <= 1, table
        assert await merge_search_indexes(database) == 0
    else:
        assert steps == 0
    assert await _found(database, world.diane, "kestrel sighting") == before
