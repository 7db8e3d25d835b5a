"""The import's guards on the board: a pack for another body is refused when a board is chosen
for it, and a board not on record is never created unasked (but found when the pack names an
existing board in other words)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from packs import AgendaItem, read_file
from services.boards import close_board_names, distinctive_words, same_body
from services.imports import ImportNewBoard, ImportWouldRemove, ImportWrongBoard, import_pack
from services.views import ImportSummary
from storage.engine import Database
from storage.models import Board, Meeting
from tests.auxil.packs import make_pack

NOW = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
LEICESTERSHIRE = SEEDS / "leicestershire-hwb-2023-10-31.txt"
RUTLAND_2023 = SEEDS / "rutland-hwb-2023-10-10.txt"
RUTLAND = "Rutland Health and Wellbeing Board"
LEICS = "Leicestershire Health and Wellbeing Board"


async def _import(
    database: Database,
    path: Path,
    *,
    board_name: str | None,
    force: bool = False,
    new_board: bool = False,
    rehearse: bool = False,
) -> ImportSummary:
    return await import_pack(
        database,
        pack=read_file(path),
        board_name=board_name,
        timezone="Europe/London",
        now=NOW,
        force=force,
        new_board=new_board,
        rehearse=rehearse,
    )


async def _boards(database: Database) -> list[str]:
    async with database.read() as session:
        return list((await session.exec(select(Board.name).order_by(col(Board.name)))).all())


async def _meetings(database: Database) -> int:
    """How many meetings are on record from a document of their own."""
    async with database.read() as session:
        found = await session.exec(select(Meeting).where(col(Meeting.source).is_not(None)))
        return len(found.all())


# Real bodies (the seeds' and the corpus's), each with its organisation: (body, organisation).
_BODIES = {
    "rutland": (RUTLAND, "Rutland County Council"),
    "leicestershire": (LEICS, "Leicestershire County Council"),
    "tintern": ("Tintern Community Council", None),
    "ayton": ("Ayton Community Council", None),
    "wye": ("Wye Valley Community Council", None),
    "hermosa": ("Hermosa Beach City Council", "City of Hermosa Beach"),
    "rolling": ("Rolling Hills Estates City Council", "City of Rolling Hills Estates"),
    "palo": ("East Palo Alto Planning Commission", "City of East Palo Alto"),
    "canada": ("La Cañada Flintridge Planning Commission", None),
    "govan": ("Govan Community Council", None),
    "portland": ("Portland City Council", "City of Portland"),
}


@pytest.mark.parametrize(
    ("body", "organisation", "board", "board_organisation"),
    [
        # Generic governance words, and the organisation, do not make another body.
        ("Rutland County Council Health and Wellbeing Board", None, RUTLAND, None),
        (
            RUTLAND,
            "Rutland County Council",
            "Rutland County Council Health and Wellbeing Board",
            None,
        ),
        ("Rutland Health & Wellbeing Board", None, RUTLAND, "Rutland County Council"),
        ("Cabinet Committee", None, "Cabinet", "Rutland County Council"),
        ("Cabinet", "Rutland County Council", "Cabinet Committee", None),
        ("Welsh Technical Standards Board", None, "Welsh Technical Standards Committee", None),
        ("Tintern Community Council", None, "Tintern Council", None),
        ("Hermosa Beach City Council", "City of Hermosa Beach", "Hermosa Beach Council", None),
        (
            "Planning Commission",
            "City of East Palo Alto",
            "East Palo Alto Planning Commission",
            None,
        ),
        # A typo, an acronym.
        ("Rutlnd Health and Wellbeing Board", None, RUTLAND, None),
        ("Leicestershire Health and Wellbeing Board", None, "Leicestershre HWB", None),
        ("Django Software Foundation Board", None, "DSF Board", None),
        (RUTLAND, "Rutland County Council", "Rutland HWB", None),
        ("CSS Committee", None, "CSS", None),
        # Nothing distinctive in the pack's name: it cannot be told apart.
        ("The Board", None, RUTLAND, None),
    ],
)
def test_the_same_body_in_other_words(
    body: str, organisation: str | None, board: str, board_organisation: str | None
) -> None:
    assert same_body(body, organisation, board_name=board, board_organisation=board_organisation)


@pytest.mark.parametrize(
    ("pack", "board"),
    [(a, b) for a in _BODIES for b in _BODIES if a != b],
)
def test_real_bodies_differ_both_ways(pack: str, board: str) -> None:
    body, organisation = _BODIES[pack]
    name, board_organisation = _BODIES[board]
    assert not same_body(body, organisation, board_name=name, board_organisation=board_organisation)


@pytest.mark.parametrize(
    ("body", "organisation", "board", "board_organisation"),
    [
        # Another body of the same place.
        ("Rutland Adults and Health Scrutiny Committee", None, RUTLAND, "Rutland County Council"),
        ("Rutland Health and Wellbeing Sub-Committee", None, RUTLAND, None),
        # A city is not its county.
        ("Leicester City Health and Wellbeing Board", None, LEICS, None),
        # The same kind of body of another organisation.
        ("Cabinet", "Leicestershire County Council", "Cabinet", "Rutland County Council"),
        ("Health and Wellbeing Board", "Leicestershire County Council", "Rutland HWB", None),
    ],
)
def test_other_bodies_in_like_words(
    body: str, organisation: str | None, board: str, board_organisation: str | None
) -> None:
    assert not same_body(
        body, organisation, board_name=board, board_organisation=board_organisation
    )


def test_distinctive_words_leave_out_governance_words() -> None:
    assert distinctive_words("The Rutland County Council Health & Wellbeing Board") == ["rutland"]
    assert distinctive_words("Joint Committee of the Borough of King's Lynn") == ["kings", "lynn"]


async def test_a_leicestershire_pack_offered_to_the_rutland_board_is_refused(
    database: Database,
) -> None:
    await _import(database, RUTLAND_2023, board_name=None)
    with pytest.raises(ImportWrongBoard) as refused:
        await _import(database, LEICESTERSHIRE, board_name=RUTLAND)
    assert (refused.value.pack_body, refused.value.board_name) == (LEICS, RUTLAND)
    assert str(refused.value).startswith(f"This pack is for {LEICS}, not {RUTLAND}.")
    assert "--force" in str(refused.value)
    assert await _meetings(database) == 1  # nothing stored
    # And the other way round, by a board's name in other words ("rutland hwb" is its slug's).
    with pytest.raises(ImportWrongBoard):
        await _import(database, LEICESTERSHIRE, board_name="rutland health and wellbeing board")
    # Forced, it goes in.
    forced = await _import(database, LEICESTERSHIRE, board_name=RUTLAND, force=True)
    assert forced.board_name == RUTLAND
    assert await _boards(database) == [RUTLAND]
    assert await _meetings(database) == 2


async def test_a_rutland_pack_into_a_board_called_otherwise_goes_in(database: Database) -> None:
    first = await _import(database, RUTLAND_2023, board_name="Rutland HWB")
    assert first.board_name == "Rutland HWB"
    # The pack's body is the board on record, in other words: no question asked.
    again = await _import(database, RUTLAND_2023, board_name=None)
    assert again.board_name == "Rutland HWB"
    assert await _boards(database) == ["Rutland HWB"]


async def test_the_first_board_is_created_unasked_and_others_only_with_new_board(
    database: Database,
) -> None:
    first = await _import(database, RUTLAND_2023, board_name=None)
    assert first.board_created
    with pytest.raises(ImportNewBoard) as asked:
        await _import(database, LEICESTERSHIRE, board_name=None)
    assert asked.value.board_name == LEICS and asked.value.suggestions == ()
    assert "--new-board" in str(asked.value) and RUTLAND in str(asked.value)
    assert await _boards(database) == [RUTLAND]
    second = await _import(database, LEICESTERSHIRE, board_name=None, new_board=True)
    assert second.board_created
    assert await _boards(database) == [LEICS, RUTLAND]
    # Leicestershire's pack, re-imported, finds its board: new_board is not needed.
    again = await _import(database, LEICESTERSHIRE, board_name=None)
    assert not again.board_created


async def test_a_misspelt_board_gets_did_you_mean(database: Database) -> None:
    await _import(database, RUTLAND_2023, board_name=None)
    await _import(database, LEICESTERSHIRE, board_name=None, new_board=True)
    with pytest.raises(ImportNewBoard) as asked:
        await _import(database, RUTLAND_2023, board_name="Rutlund Heath and Welbeing Bord")
    assert asked.value.suggestions == (RUTLAND,)
    assert f"Did you mean “{RUTLAND}”?" in str(asked.value)
    assert await _meetings(database) == 2
    async with database.read() as session:
        close = await close_board_names(session, name="Leicstershire Board")
    assert close == [LEICS]


async def test_a_pack_naming_an_existing_board_otherwise_goes_to_it(database: Database) -> None:
    await import_pack(
        database, pack=make_pack(body=RUTLAND), board_name=None, timezone="Europe/London", now=NOW
    )
    renamed = make_pack(
        body="Rutland County Council Health and Wellbeing Board",
        start=datetime(2024, 3, 5, 14, tzinfo=UTC),
    )
    summary = await import_pack(
        database, pack=renamed, board_name=None, timezone="Europe/London", now=NOW
    )
    assert summary.board_name == RUTLAND and not summary.board_created
    assert await _boards(database) == [RUTLAND]
    # A body of the same place that is another body is asked about.
    scrutiny = make_pack(body="Rutland Adults and Health Scrutiny Committee")
    with pytest.raises(ImportNewBoard):
        await import_pack(
            database, pack=scrutiny, board_name=None, timezone="Europe/London", now=NOW
        )


async def test_rehearsal_raises_the_same_guards(database: Database) -> None:
    await _import(database, RUTLAND_2023, board_name=None)
    with pytest.raises(ImportWrongBoard):
        await _import(database, LEICESTERSHIRE, board_name=RUTLAND, rehearse=True)
    with pytest.raises(ImportNewBoard):
        await _import(database, LEICESTERSHIRE, board_name=None, rehearse=True)
    preview = await _import(
        database, LEICESTERSHIRE, board_name=None, rehearse=True, new_board=True
    )
    assert preview.board_created
    assert await _boards(database) == [RUTLAND]


async def test_each_confirmation_goes_past_its_own_guard_only(database: Database) -> None:
    """``force_board`` confirms the board, ``force_remove`` the removal; ``force`` is both."""
    items = [AgendaItem(number=str(n), title=f"Item {n}") for n in range(1, 7)]
    start = datetime(2024, 3, 5, 14, tzinfo=UTC)
    await import_pack(
        database,
        pack=make_pack(body=RUTLAND, start=start, items=items),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    # Another body's pack for the same meeting, with one item of the six: both guards stop it.
    other = make_pack(body=LEICS, start=start, items=items[:1])

    async def offer(
        *, force: bool = False, force_board: bool = False, force_remove: bool = False
    ) -> ImportSummary:
        return await import_pack(
            database,
            pack=other,
            board_name=RUTLAND,
            timezone="Europe/London",
            now=NOW,
            rehearse=True,
            force=force,
            force_board=force_board,
            force_remove=force_remove,
        )

    with pytest.raises(ImportWrongBoard):
        await offer()
    with pytest.raises(ImportWrongBoard):
        await offer(force_remove=True)
    with pytest.raises(ImportWouldRemove) as removing:
        await offer(force_board=True)
    assert removing.value.board_name == RUTLAND
    both = await offer(force_board=True, force_remove=True)
    assert [c.title for c in both.changes.items_removed] == [f"Item {n}" for n in range(2, 7)]
    assert (await offer(force=True)).changes.items_removed == both.changes.items_removed
    assert await _meetings(database) == 1
