"""A meeting's papers as a member or a board's group may see them: documents from the council's
site (restricted ones only where exempt items are), an imported pack's pages, nothing of
another board. Documents are written straight to the table, as a sync would store them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from services.access import AccessDenied, board_audience
from services.papers import Paper, item_documents, item_papers, meeting_papers
from storage.engine import Database
from storage.models import AgendaItem, Document
from tests.auxil.feeds import statements
from tests.auxil.world import NOW, TESTSHIRE, World

REPORT = Paper(
    title="Better Care Fund report",
    url="https://democracy.example.gov.uk/documents/s1/report.pdf",
    published_on=date(2023, 10, 2),
    restricted=False,
)
APPENDIX = Paper(
    title="Appendix B: provider prices",
    url="https://democracy.example.gov.uk/documents/s2/appendix.pdf",
    published_on=date(2023, 10, 2),
    restricted=True,
)
TENDER = Paper(
    title="Tender evaluation",
    url="https://democracy.example.gov.uk/documents/s3/tender.pdf",
    published_on=None,
    restricted=False,
)
AGENDA = Paper(
    title="Agenda frontsheet",
    url="http://democracy.example.gov.uk/documents/g9/agenda.pdf",
    published_on=date(2023, 9, 29),
    restricted=False,
)
NOTES = Paper(
    title="Clerk's notes",
    url="https://democracy.example.gov.uk/documents/s4/notes.pdf",
    published_on=None,
    restricted=True,
)


async def _item_id(database: Database, meeting_id: int, number: str) -> int:
    async with database.read() as session:
        found = (
            await session.exec(
                select(AgendaItem.id).where(
                    col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.number) == number
                )
            )
        ).one()
    assert found is not None
    return found


async def add_papers(
    database: Database, meeting_id: int, papers: list[tuple[str | None, Paper]]
) -> None:
    """Store each (item number or None for the meeting as a whole, paper) in that order."""
    rows = []
    for index, (number, paper) in enumerate(papers):
        item_id = await _item_id(database, meeting_id, number) if number is not None else None
        rows.append(
            Document(
                meeting_id=meeting_id,
                item_id=item_id,
                external_id=f"doc-{meeting_id}-{index}",
                title=paper.title,
                url=paper.url,
                published_on=paper.published_on,
                restricted=paper.restricted,
            )
        )
    async with database.write() as session:
        session.add_all(rows)


@pytest.fixture
async def october_papers(database: Database, world: World) -> World:
    """October's item 2 has a report and a restricted appendix, exempt item 3 a tender
    evaluation, and the meeting an agenda frontsheet and restricted notes."""
    await add_papers(
        database,
        world.october_id,
        [("2", REPORT), (None, AGENDA), ("2", APPENDIX), ("3", TENDER), (None, NOTES)],
    )
    return world


async def test_a_member_in_private_sees_an_items_papers_restricted_ones_included(
    database: Database, october_papers: World
) -> None:
    found = await item_papers(
        database, viewer=october_papers.diane, number="2", private_chat=True, now=NOW
    )
    assert found is not None
    assert found.view.meeting.id == october_papers.october_id
    assert found.view.item.title == "Better Care Fund"
    assert found.papers == (REPORT, APPENDIX)
    assert found.withheld == 0


async def test_a_group_sees_public_papers_only_and_no_exempt_item(
    database: Database, october_papers: World
) -> None:
    audience = board_audience(october_papers.testshire_id, TESTSHIRE)
    found = await item_papers(database, viewer=audience, number="2", private_chat=False, now=NOW)
    assert found is not None
    assert found.papers == (REPORT,)
    assert found.withheld == 1
    # A member outside a private chat is shown what the group is.
    public = await item_papers(
        database, viewer=october_papers.diane, number="2", private_chat=False, now=NOW
    )
    assert public is not None and public.papers == (REPORT,)
    # The exempt item and its paper are not there at all.
    assert (
        await item_papers(database, viewer=audience, number="3", private_chat=False, now=NOW)
        is None
    )
    none = await item_documents(
        database,
        viewer=audience,
        meeting_id=october_papers.october_id,
        number="3",
        private_chat=False,
    )
    assert none.papers == () and none.withheld == 0
    exempt = await item_papers(
        database, viewer=october_papers.diane, number="3", private_chat=True, now=NOW
    )
    assert exempt is not None and exempt.papers == (TENDER,)


async def test_another_boards_member_sees_nothing_of_the_board(
    database: Database, october_papers: World
) -> None:
    nora, october = october_papers.nora, october_papers.october_id
    # Her own next meeting's item 2 (Northshire's): no papers, and none of Testshire's.
    hers = await item_papers(database, viewer=nora, number="2", private_chat=True, now=NOW)
    assert hers is not None
    assert hers.view.meeting.board_id == october_papers.northshire_id
    assert hers.papers == () and not hers.has_papers
    with pytest.raises(AccessDenied):
        await item_papers(
            database, viewer=nora, number="2", meeting_id=october, private_chat=True, now=NOW
        )
    with pytest.raises(AccessDenied):
        await item_documents(
            database, viewer=nora, meeting_id=october, number="2", private_chat=True
        )
    with pytest.raises(AccessDenied):
        await meeting_papers(database, viewer=nora, meeting_id=october, private_chat=True)


async def test_a_pack_imported_item_gives_its_pages_and_report(
    database: Database, world: World
) -> None:
    found = await item_papers(
        database,
        viewer=world.diane,
        number="2",
        meeting_id=world.june_id,
        private_chat=True,
        now=NOW,
    )
    assert found is not None
    assert found.papers == ()
    assert found.view.item.pages == (11, 24)
    assert found.has_papers
    october = await item_papers(
        database, viewer=world.diane, number="2", private_chat=True, now=NOW
    )
    assert october is not None
    assert (october.view.item.pages, october.view.item.report_number) == ((137, 170), "146/2023")
    listed = await meeting_papers(
        database, viewer=world.diane, meeting_id=world.june_id, private_chat=True
    )
    assert listed is not None
    assert [(entry.item.number, entry.papers) for entry in listed.items] == [("2", ())]
    assert listed.general == () and not listed.empty


async def test_a_meetings_papers_in_private_and_in_its_group(
    database: Database, october_papers: World
) -> None:
    world = october_papers
    private = await meeting_papers(
        database, viewer=world.diane, meeting_id=world.october_id, private_chat=True
    )
    assert private is not None
    assert [(entry.item.number, entry.papers) for entry in private.items] == [
        ("2", (REPORT, APPENDIX)),
        ("3", (TENDER,)),
    ]
    assert private.general == (AGENDA, NOTES)
    assert (private.withheld_exempt, private.withheld_restricted) == (0, 0)
    audience = board_audience(world.testshire_id, TESTSHIRE)
    public = await meeting_papers(
        database, viewer=audience, meeting_id=world.october_id, private_chat=False
    )
    assert public is not None
    assert [(entry.item.number, entry.papers) for entry in public.items] == [("2", (REPORT,))]
    assert public.general == (AGENDA,)
    # The appendix and the notes; the exempt item's paper is not even counted.
    assert (public.withheld_exempt, public.withheld_restricted) == (1, 2)


async def test_a_meeting_without_papers_is_empty_and_a_missing_one_is_none(
    database: Database, world: World
) -> None:
    january = await meeting_papers(
        database, viewer=world.diane, meeting_id=world.january_id, private_chat=True
    )
    assert january is not None and january.empty
    assert (
        await meeting_papers(database, viewer=world.diane, meeting_id=10**6, private_chat=True)
        is None
    )


async def test_a_meetings_papers_take_the_same_queries_however_many_items_have_papers(
    database: Database, october_papers: World
) -> None:
    world = october_papers
    with statements(database) as few:
        await meeting_papers(
            database, viewer=world.diane, meeting_id=world.june_id, private_chat=True
        )
    with statements(database) as many:
        await meeting_papers(
            database, viewer=world.diane, meeting_id=world.october_id, private_chat=True
        )
    selects = [sql for sql in many if sql.lstrip().upper().startswith("SELECT")]
    assert len(selects) == len([sql for sql in few if sql.lstrip().upper().startswith("SELECT")])
    assert len(selects) <= 3


async def test_withdrawn_papers_are_neither_shown_nor_counted(
    database: Database, october_papers: World
) -> None:
    world = october_papers
    async with database.write() as session:
        for row in (
            await session.exec(
                select(Document).where(col(Document.title).in_([APPENDIX.title, AGENDA.title]))
            )
        ).all():
            row.withdrawn_at_utc = NOW
            session.add(row)
    card = await item_papers(database, viewer=world.diane, number="2", private_chat=True, now=NOW)
    assert card is not None and card.papers == (REPORT,) and card.withheld == 0
    audience = board_audience(world.testshire_id, TESTSHIRE)
    public = await item_documents(
        database, viewer=audience, meeting_id=world.october_id, number="2", private_chat=False
    )
    assert public.papers == (REPORT,) and public.withheld == 0
    listing = await meeting_papers(
        database, viewer=world.diane, meeting_id=world.october_id, private_chat=True
    )
    assert listing is not None
    assert [(entry.item.number, entry.papers) for entry in listing.items] == [
        ("2", (REPORT,)),
        ("3", (TENDER,)),
    ]
    assert listing.general == (NOTES,)
