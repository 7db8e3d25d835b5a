"""Search: items, decisions and actions of the viewer's boards; never exempt items."""

from __future__ import annotations

from services.access import board_audience
from services.matching import Query, parse_query, score_text
from services.search import search
from storage.engine import Database
from tests.auxil.world import NORTHSHIRE, TESTSHIRE, World


def test_scoring_tolerates_typos_and_rejects_unrelated_text() -> None:
    query = parse_query("bettr care")
    assert query is not None and query.words == ("bettr", "care")
    assert score_text(query, "Better Care Fund") > 80
    assert score_text(query, "Pharmaceutical Needs Assessment") == 0
    phrase = parse_query("care fund")
    assert phrase is not None
    assert score_text(phrase, "Better Care Fund") > score_text(phrase, "Fund for home care")
    assert parse_query("  %_ ") is None
    assert parse_query("Care_Fund 100%") == Query(
        text="care fund 100", words=("care", "fund", "100")
    )
    stop = parse_query("the")
    assert stop is not None and stop.words == ("the",)  # stopwords alone are still searched


async def test_search_finds_items_decisions_and_actions(database: Database, world: World) -> None:
    hits = await search(database, viewer=world.diane, words="better care")
    assert {(h.kind, h.text) for h in hits} == {
        ("item", "Better Care Fund"),
        ("item", "Better Care Fund quarterly return"),
        ("decision", "That the Board NOTED the Better Care Fund quarterly return."),
    }
    assert all(h.board_name == TESTSHIRE for h in hits)
    assert hits == sorted(hits, key=lambda h: -h.score)
    item_hit = next(h for h in hits if h.text == "Better Care Fund")
    assert item_hit.number == "2" and item_hit.meeting is not None
    assert item_hit.meeting.id == world.october_id and item_hit.meeting.item_count == 4
    decision_hit = next(h for h in hits if h.kind == "decision")
    assert decision_hit.meeting is not None and decision_hit.meeting.id == world.june_id

    action = await search(database, viewer=world.diane, words="dentistry")
    assert [(h.kind, h.number, h.text) for h in action] == [
        ("action", "2", "Write to the ICB about dentistry")
    ]
    assert action[0].meeting is not None and action[0].meeting.id == world.october_id


async def test_search_reads_presenters_and_their_roles(database: Database, world: World) -> None:
    by_name = await search(database, viewer=world.diane, words="willison")
    assert {h.text for h in by_name} == {"Better Care Fund", "Better Care Fund quarterly return"}
    by_role = await search(database, viewer=world.diane, words="integration lead")
    assert {h.text for h in by_role} == {"Better Care Fund", "Better Care Fund quarterly return"}
    both = await search(database, viewer=world.diane, words="godfrey strategic")
    assert [h.text for h in both] == ["Joint Strategic Needs Assessment"]


async def test_search_tolerates_typos_and_drops_unrelated_matches(
    database: Database, world: World
) -> None:
    typo = await search(database, viewer=world.diane, words="pharmaceutcal")
    assert {h.kind for h in typo} == {"item", "decision"}
    assert await search(database, viewer=world.diane, words="zebra") == []
    assert await search(database, viewer=world.diane, words="%") == []
    assert await search(database, viewer=world.diane, words="   ") == []
    one = await search(database, viewer=world.diane, words="better care", limit=1)
    assert len(one) == 1 and one[0].text == "Better Care Fund"
    # Of four words one may be missing (or an extra the texts never use).
    loose = await search(database, viewer=world.diane, words="better care fund zebra")
    assert {h.text for h in loose} >= {"Better Care Fund", "Better Care Fund quarterly return"}
    assert await search(database, viewer=world.diane, words="better zebra") == []


async def test_exempt_items_are_never_found(database: Database, world: World) -> None:
    for viewer in (world.diane, world.clerk, board_audience(world.testshire_id, TESTSHIRE)):
        assert await search(database, viewer=viewer, words="contract award") == []
        assert await search(database, viewer=viewer, words="Oakham depot") == []
    assert await search(database, viewer=world.nora, words="land disposal") == []


async def test_search_stays_on_the_viewers_boards(database: Database, world: World) -> None:
    nora = await search(database, viewer=world.nora, words="better care fund")
    assert {(h.kind, h.board_name) for h in nora} == {
        ("item", NORTHSHIRE),
        ("action", NORTHSHIRE),
        ("decision", NORTHSHIRE),
    }
    assert await search(database, viewer=world.diane, words="Northshire dental") == []
    assert await search(database, viewer=world.diane, words="Nora Batty") == []
    mike = await search(database, viewer=world.mike, words="better care fund", limit=20)
    assert {h.board_name for h in mike} == {TESTSHIRE, NORTHSHIRE}
