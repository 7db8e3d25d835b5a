"""Papers in chat, end to end: /papers and /papers ITEM [MEETING], plain questions, the item
card's papers; in a private chat and in the board's group; the real PTB Application
long-polling the HTTP Bot API fake, a real SQLite file (documents stored as a sync would)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from services.papers import Paper
from storage.engine import Database
from tests.auxil.world import World
from tests.services.test_papers import add_papers

# The world's linked accounts (tests/auxil/world.py).
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")  # chair of Testshire
NORA = FakeUser(id=103, first_name="Nora", last_name="Batty")  # Northshire only
CAROL = FakeUser(id=104, first_name="Carol", last_name="Clerk")  # Testshire's clerk
STRANGER = FakeUser(id=999, first_name="Sam", last_name="Stranger")
GROUP = FakeChat.group(-100718, "Testshire HWB members")

REPORT = Paper(
    title="Fees < costs & charges report",
    url="https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=1&T=9",
    published_on=date(2023, 10, 2),
    restricted=False,
)
APPENDIX = Paper(
    title="Appendix B: provider prices",
    url="https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=2",
    published_on=date(2023, 10, 2),
    restricted=True,
)
ODD = Paper(
    title="Scanned letter",
    url="javascript:alert(1)",
    published_on=None,
    restricted=False,
)
TENDER = Paper(
    title="Tender evaluation",
    url="https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=3",
    published_on=None,
    restricted=False,
)
FRONTSHEET = Paper(
    title="Agenda frontsheet",
    url="http://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=4",
    published_on=date(2023, 9, 29),
    restricted=False,
)


@pytest.fixture
async def papers(database: Database, world: World) -> World:
    await add_papers(
        database,
        world.october_id,
        [("2", REPORT), ("2", APPENDIX), ("2", ODD), ("3", TENDER), (None, FRONTSHEET)],
    )
    return world


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def _group_say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(GROUP.id))
    await fake.user_sends(user, text, chat=GROUP)
    await fake.wait_for_messages(GROUP.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(GROUP.id)[before]


def _links(message: SentMessage) -> list[tuple[str, str]]:
    """(the linked text, its address) of each link Telegram shows."""
    text = message.plain_text.encode("utf-16-le")
    return [
        (
            text[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])].decode(
                "utf-16-le"
            ),
            entity["url"],
        )
        for entity in message.entities
        if entity["type"] == "text_link"
    ]


async def test_papers_of_an_item_in_private_are_links_restricted_included_and_escaped(
    running_bot: Any, fake_api: FakeBotApi, papers: World
) -> None:
    answer = await _say(fake_api, DIANE, "/papers 2")
    lines = answer.plain_text.splitlines()
    assert lines[:5] == [
        "Item 2 has 3 papers:",
        "• Fees < costs & charges report, published 2 October 2023",
        "• Appendix B: provider prices 🔒 restricted, published 2 October 2023",
        "• Scanned letter",
        "",
    ]
    assert lines[5] == "Item 2. Better Care Fund"
    assert "Pages: 137–170" in lines and "Report: 146/2023" in lines
    # Escaped once: the title's "<" and "&", and the address's "&".
    assert "Fees &lt; costs &amp; charges report" in answer.text
    assert 'href="https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=1&amp;T=9"' in answer.text
    assert _links(answer) == [
        ("Fees < costs & charges report", REPORT.url),
        ("Appendix B: provider prices", APPENDIX.url),
    ]
    # Not a web address: the title alone, never a link.
    assert "javascript" not in answer.text


async def test_in_the_boards_group_the_restricted_paper_and_the_exempt_item_are_absent(
    running_bot: Any, fake_api: FakeBotApi, papers: World
) -> None:
    await _group_say(fake_api, CAROL, "/link")
    answer = await _group_say(fake_api, CAROL, "/papers 2")
    assert [title for title, _ in _links(answer)] == ["Fees < costs & charges report"]
    assert "Appendix B" not in answer.plain_text
    assert answer.plain_text.splitlines()[0] == "Item 2 has 2 papers:"
    assert answer.plain_text.splitlines()[-1] == (
        "1 restricted paper is not shown here: members of the board can ask me privately."
    )
    exempt = await _group_say(fake_api, CAROL, "/papers 3")
    assert "Tender" not in exempt.plain_text and "Contract award" not in exempt.plain_text
    listed = await _group_say(fake_api, CAROL, "/papers")
    assert [title for title, _ in _links(listed)] == [
        "Fees < costs & charges report",
        "Agenda frontsheet",
    ]
    assert "Tender" not in listed.plain_text and "Contract award" not in listed.plain_text


async def test_the_whole_meetings_papers_in_private(
    running_bot: Any, fake_api: FakeBotApi, papers: World
) -> None:
    answer = await _say(fake_api, DIANE, "/papers")
    lines = answer.plain_text.splitlines()
    assert lines[0] == (
        "Papers for Testshire Health and Wellbeing Board on Tuesday 10 October 2023"
    )
    assert [title for title, _ in _links(answer)] == [
        "Fees < costs & charges report",
        "Appendix B: provider prices",
        "Tender evaluation",
        "Agenda frontsheet",
    ]
    assert "For the meeting as a whole" in lines
    assert "3. Contract award for home care 🔒 exempt" in lines


async def test_a_member_of_another_board_gets_nothing_of_the_board(
    running_bot: Any, fake_api: FakeBotApi, papers: World
) -> None:
    # Her own board's item 2 (Northshire's, no papers), never Testshire's.
    hers = await _say(fake_api, NORA, "/papers 2")
    assert hers.plain_text.splitlines()[0] == "No papers are published for item 2 yet."
    assert "Testshire" not in hers.plain_text and not _links(hers)
    dated = await _say(fake_api, NORA, "/papers 2 10 october")
    assert "Fees" not in dated.plain_text and not _links(dated)
    listed = await _say(fake_api, NORA, "/papers")
    assert "Testshire" not in listed.plain_text and not _links(listed)
    stranger = await _say(fake_api, STRANGER, "/papers 2")
    assert not _links(stranger) and "Fees" not in stranger.plain_text


async def test_papers_for_an_item_asked_in_plain_words(
    running_bot: Any, fake_api: FakeBotApi, papers: World
) -> None:
    answer = await _say(fake_api, DIANE, "papers for item 2")
    assert answer.plain_text.splitlines()[0] == "Item 2 has 3 papers:"
    assert len(_links(answer)) == 2
    by_title = await _say(fake_api, DIANE, "where can I read the better care fund?")
    assert by_title.plain_text.splitlines()[0] == "Item 2 has 3 papers:"
    meeting = await _say(fake_api, DIANE, "reports for the next meeting")
    assert meeting.plain_text.splitlines()[0].startswith("Papers for Testshire")
    assert len(_links(meeting)) == 4


async def test_the_item_card_lists_its_papers_restricted_only_in_private(
    running_bot: Any, fake_api: FakeBotApi, papers: World
) -> None:
    card = await _say(fake_api, DIANE, "/item 2")
    lines = card.plain_text.splitlines()
    assert lines[0] == "Item 2. Better Care Fund"
    assert "Papers:" in lines
    assert [title for title, _ in _links(card)] == [
        "Fees < costs & charges report",
        "Appendix B: provider prices",
    ]
    presenter = await _say(fake_api, DIANE, "who is presenting item 2?")
    assert len(_links(presenter)) == 2


async def test_a_pack_imported_item_gives_its_pages_in_the_pack(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    october = await _say(fake_api, DIANE, "/papers 2")
    assert october.plain_text.splitlines()[0] == (
        "Item 2 (report 146/2023) is on pages 137–170 of the pack."
    )
    june = await _say(fake_api, DIANE, "/papers item 2 previous")
    assert june.plain_text.splitlines()[:3] == [
        "Item 2 is on pages 11–24 of the pack.",
        "",
        "Item 2. Better Care Fund quarterly return",
    ]
    listed = await _say(fake_api, DIANE, "/papers previous")
    assert listed.plain_text.splitlines() == [
        "Papers for Testshire Health and Wellbeing Board on Tuesday 27 June 2023",
        "",
        "2. Better Care Fund quarterly return",
        "• pages 11–24 of the pack",
    ]
    none = await _say(fake_api, DIANE, "/papers 4")
    assert none.plain_text.splitlines()[0] == "No papers are published for item 4 yet."
    empty = await _say(fake_api, DIANE, "/papers 16 january")
    assert empty.plain_text.splitlines()[0] == (
        "There is no item 16 on the agenda of the meeting of Testshire Health and Wellbeing "
        "Board on Tuesday 16 January 2024. Try /agenda."
    )
