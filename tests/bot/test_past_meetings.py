"""/meetings past: the meetings held, newest first, paged like /meetings; and /decisions with the
date of the meeting that made each decision. The real PTB Application over the HTTP Bot API
fake, with a real SQLite file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from packs.model import Member
from packs.reader import read_file
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
BOARD = "Testshire Health and Wellbeing Board"
AMY = FakeUser(id=7101, first_name="Amy", last_name="Archer")
# The clock of the tests' bot reads 3 October 2023: ten meetings held, one to come.
HELD = [
    datetime(2022 + (10 + n) // 12, (10 + n) % 12 + 1, 14, 14, 0, tzinfo=LONDON) for n in range(10)
]
COMING = datetime(2023, 10, 10, 14, 0, tzinfo=LONDON)
NOW = datetime(2023, 10, 1, 9, 0, tzinfo=LONDON)


async def _board(database: Database, fake: FakeBotApi) -> None:
    for start in [*HELD, COMING]:
        pack = make_pack(body=BOARD, start=start, members=[Member(name="Amy Archer")])
        pack.source = f"pack-{start:%Y-%m-%d}.txt"  # each meeting its own pack
        await import_pack(
            database,
            pack=pack,
            board_name=None,
            timezone="Europe/London",
            now=NOW if start > NOW else start,
        )
    await link_telegram(
        database, board_name=BOARD, person_name="Amy Archer", telegram_user_id=AMY.id, role=None
    )
    fake.add_chat(FakeChat.private(AMY))


async def _ask(fake: FakeBotApi, command: str) -> SentMessage:
    before = len(fake.messages_to(AMY.id))
    await fake.user_sends(AMY, command)
    return (await fake.wait_for_messages(AMY.id, before + 1))[before]


def _days(message: SentMessage) -> list[str]:
    return [line[2:] for line in message.plain_text.splitlines() if line.startswith("🗓 ")]


async def test_meetings_past_lists_the_meetings_held_newest_first_in_pages(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    await _board(database, fake_api)

    listing = await _ask(fake_api, "/meetings")
    assert _days(listing)[0] == "Tuesday 10 October 2023, 2:00pm"
    assert listing.plain_text.endswith("Older meetings: /meetings past")

    past = await _ask(fake_api, "/meetings past")
    assert past.plain_text.startswith("Meetings held (newest first)")
    assert _days(past) == [
        "Monday 14 August 2023, 2:00pm",
        "Friday 14 July 2023, 2:00pm",
        "Wednesday 14 June 2023, 2:00pm",
        "Sunday 14 May 2023, 2:00pm",
        "Friday 14 April 2023, 2:00pm",
        "Tuesday 14 March 2023, 2:00pm",
        "Tuesday 14 February 2023, 2:00pm",
        "Saturday 14 January 2023, 2:00pm",
    ]
    await fake_api.user_presses(AMY, past, past.button_data("Next ›"))
    await fake_api.wait_until_quiet(quiet=0.3)
    # The same message, edited to the older page; the upcoming meeting is never among them.
    assert _days(past) == [
        "Wednesday 14 December 2022, 2:00pm",
        "Monday 14 November 2022, 2:00pm",
    ]
    assert len(fake_api.messages_to(AMY.id)) == 2


async def test_decisions_show_the_date_and_item_of_the_meeting_that_made_them(
    running_bot: Any, fake_api: FakeBotApi, database: Database
) -> None:
    # The Rutland pack of 10 October 2023 carries the minutes of 27 June 2023, whose
    # resolutions number their items on June's agenda (its item 12 was the Better Care Fund's
    # year-end report; the October agenda's item 12 is the board's terms of reference).
    pack = read_file(SEEDS / "rutland-hwb-2023-10-10.txt")
    assert pack.body is not None
    await import_pack(
        database,
        pack=make_pack(body=pack.body, start=datetime(2023, 6, 27, 14, tzinfo=LONDON)),
        board_name=None,
        timezone="Europe/London",
        now=datetime(2023, 6, 1, 9, tzinfo=LONDON),
    )
    summary = await import_pack(
        database, pack=pack, board_name=None, timezone="Europe/London", now=NOW
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=AMY.id,
        role=None,
    )
    fake_api.add_chat(FakeChat.private(AMY))

    listing = await _ask(fake_api, "/decisions")
    lines = listing.plain_text.splitlines()
    made = [line.strip() for line in lines if line.startswith("      ")]
    assert made, listing.plain_text
    assert all(line.endswith("of the meeting on Tuesday 27 June 2023") for line in made)
    assert f"{summary.board_name}, item 12 of the meeting on Tuesday 27 June 2023" in made
    assert "not on record" not in listing.plain_text
    assert "October" not in "\n".join(made)
