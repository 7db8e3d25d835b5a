"""The clerk's view of actions: the register by owner (/actions board), the "actions arising"
summary posted to the board's group (/arising), and the CSV export for the minutes secretary."""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select
from typer.testing import CliRunner, Result

from bot import texts
from bot.handlers.action_reports import ARISING_POST
from cli.app import app
from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from packs.model import ActionRecord, Member
from services import chats
from services.actions.reports import CSV_HEADER, actions_arising, board_register
from services.actions.updates import add_update, complete_action
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Action
from tests.auxil.buttons import forge, press
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.world import NOW, TESTSHIRE, TODAY, World

CLERK = FakeUser(id=104, first_name="Carol", last_name="Clerk")
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")
GROUP = FakeChat.group(-300400, "Testshire HWB members")
SECRET = "CONFIDENTIAL: waiting on the chair's medical leave"


async def _ids(database: Database, board_id: int) -> dict[str, int]:
    """Action id by ref on a board."""
    async with database.read() as session:
        rows = await session.exec(select(Action).where(Action.board_id == board_id))
        return {action.ref or "": action.id or 0 for action in rows.all()}


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


# -- the register --------------------------------------------------------------------------------


async def test_the_register_groups_by_owner_marks_overdue_and_done_for_clerks_only(
    running_bot: Any, fake_api: FakeBotApi, database: Database, world: World
) -> None:
    ids = await _ids(database, world.testshire_id)
    await add_update(
        database,
        viewer=world.diane,
        action_id=ids["1"],
        text="Chased the ICB twice",
        now=NOW - timedelta(days=1),
    )
    register = await _say(fake_api, CLERK, "/actions board")
    assert register.plain_text.splitlines() == [
        f"Action register: {TESTSHIRE}",
        "",
        "👤 Diane Ellison (4 actions, 1 overdue)",
        f"⚠️ overdue #{ids['1']} [1] Circulate the falls data",
        "      due Saturday 30 September 2023",
        "      💬 2 Oct 2023: Chased the ICB twice",
        "",
        f"#{ids['5']} [5] Book the community hall",
        "      due Friday 20 October 2023",
        "",
        f"#{ids['2']} [2] Write to the ICB about dentistry",
        "",
        f"✅ done #{ids['3']} [3] Share the draft strategy",
        "      due Tuesday 1 August 2023",
        "",
        "👤 Mike Sandys (1 action, 1 overdue)",
        f"⚠️ overdue #{ids['4']} [4] Report on mental health waiting times",
        "      due Tuesday 18 July 2023 · carried forward",
        "",
        "👤 No owner yet (1 action)",
        f"#{ids['6']} [6] Find a venue for the away day",
    ]
    # Northshire's action is not the clerk's business.
    assert "Better Care Fund plan sign-off" not in register.plain_text

    refused = await _say(fake_api, DIANE, "/actions board")
    assert refused.plain_text == texts.CLERK_ONLY
    mine = await _say(fake_api, DIANE, "/actions")
    assert "Circulate the falls data" in mine.plain_text
    assert texts.ACTIONS_BOARD_HINT not in mine.plain_text
    hinted = await _say(fake_api, CLERK, "/actions")
    assert hinted.plain_text.endswith(texts.ACTIONS_BOARD_HINT)
    assert "Circulate the falls data" not in hinted.plain_text  # mine only, even for a clerk


async def test_finished_actions_leave_the_register_after_two_weeks(
    database: Database, world: World
) -> None:
    ids = await _ids(database, world.testshire_id)
    await complete_action(
        database, viewer=world.clerk, action_id=ids["5"], now=NOW - timedelta(days=20)
    )
    listed = {
        entry.id: entry
        for group in await board_register(database, viewer=world.clerk, board_id=None, today=TODAY)
        for entry in group.entries
    }
    assert ids["5"] not in listed  # done 20 days ago
    assert listed[ids["3"]].done  # done at the import, this morning


# -- actions arising -----------------------------------------------------------------------------


async def test_arising_is_posted_once_to_the_linked_group_without_confidential_text(
    running_bot: Any, fake_api: FakeBotApi, database: Database, world: World
) -> None:
    ids = await _ids(database, world.testshire_id)
    await chats.link_group(
        database, viewer=world.clerk, chat_id=GROUP.id, title=GROUP.title, board_name=None, now=NOW
    )
    fake_api.add_chat(GROUP)
    await add_update(database, viewer=world.diane, action_id=ids["1"], text=SECRET, now=NOW)

    assert (await _say(fake_api, DIANE, "/arising")).plain_text == texts.CLERK_ONLY
    first = await _say(fake_api, CLERK, "/arising")
    # The actions change before the clerk presses: the old summary is not posted.
    await complete_action(database, viewer=world.diane, action_id=ids["5"], now=NOW)
    stale = await press(fake_api, CLERK, first, texts.BUTTON_ARISING_POST)
    assert stale.show_alert and stale.text == texts.ARISING_STALE
    assert fake_api.messages_to(GROUP.id) == []

    summary = await _say(fake_api, CLERK, "/arising")
    expected = [
        f"📋 Actions arising: {TESTSHIRE}",
        "For the meeting on Tuesday 10 October 2023, 2:00pm.",
        "",
        "Done since the last meeting (Tuesday 27 June 2023)",
        f"• #{ids['3']} [3] Share the draft strategy — Diane Ellison, due 1 Aug 2023",
        f"• #{ids['5']} [5] Book the community hall — Diane Ellison, due 20 Oct 2023",
        "",
        "Still open",
        f"• ⚠️ #{ids['4']} [4] Report on mental health waiting times — Mike Sandys, "
        "due 18 Jul 2023 (overdue)",
        f"• ⚠️ #{ids['1']} [1] Circulate the falls data — Diane Ellison, due 30 Sep 2023 (overdue)",
        f"• #{ids['2']} [2] Write to the ICB about dentistry — Diane Ellison",
        f"• #{ids['6']} [6] Find a venue for the away day — No owner yet",
    ]
    assert summary.plain_text.splitlines() == expected
    # Forged presses: another board's, and nonsense. Nothing is posted.
    digest = summary.button_data(texts.BUTTON_ARISING_POST).split(":")[2]
    other = await forge(fake_api, CLERK, summary, f"{ARISING_POST}:{world.northshire_id}:{digest}")
    assert other.text == texts.CLERK_ONLY
    assert (await forge(fake_api, CLERK, summary, f"{ARISING_POST}:x:y")).text == (
        texts.STALE_BUTTON
    )
    assert fake_api.messages_to(GROUP.id) == []

    data = summary.button_data(texts.BUTTON_ARISING_POST)
    await press(fake_api, CLERK, summary, texts.BUTTON_ARISING_POST)
    await fake_api.wait_for_messages(GROUP.id, 1)
    await fake_api.wait_until_quiet(quiet=0.15)
    [post] = fake_api.messages_to(GROUP.id)
    assert post.plain_text.splitlines() == expected and post.buttons == []
    for confidential in (SECRET, "Chased", "Contract award for home care"):
        assert confidential not in post.plain_text
    assert fake_api.messages_to(CLERK.id)[-1].plain_text == f"✅ Posted in {GROUP.title}."
    assert summary.buttons == []

    # The same button again (a double tap, or an old copy of it): posted once only.
    again = await forge(fake_api, CLERK, summary, data)
    assert again.text == texts.ARISING_ALREADY_POSTED
    assert len(fake_api.messages_to(GROUP.id)) == 1


async def test_arising_without_a_group_offers_no_button(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    summary = await _say(fake_api, CLERK, "/arising testshire")
    assert summary.buttons == []
    assert summary.plain_text.endswith("link the group first: /link there.")
    unknown = await _say(fake_api, CLERK, "/arising northshire")
    assert unknown.plain_text.startswith("None of the boards you clerk matches “northshire”")


async def test_arising_counts_actions_closed_since_the_previous_meeting_only(
    database: Database, world: World
) -> None:
    ids = await _ids(database, world.testshire_id)
    later = NOW + timedelta(days=10)  # after the 10 October meeting
    await complete_action(database, viewer=world.clerk, action_id=ids["2"], now=later)
    summary = await actions_arising(database, viewer=world.clerk, board_id=None, now=later)
    assert summary.meeting is not None and summary.meeting.id == world.january_id
    assert summary.since_utc == datetime(2023, 10, 10, 13, 0, tzinfo=UTC)
    assert [entry.id for entry in summary.done] == [ids["2"]]
    assert ids["2"] not in [entry.id for entry in summary.open]


# -- the CSV export ------------------------------------------------------------------------------

AWKWARD = 'Ask the "Friends of the Park", then the council\nand report back'


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


async def test_export_actions_csv_round_trips_quotes_commas_newlines_and_local_dates(
    database: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)
    # Half past midnight in London on 10 October is still 9 October in UTC.
    pack = replace(
        make_pack(
            start=datetime(2023, 10, 10, 0, 30, tzinfo=LONDON),
            members=[Member(name="Diane Ellison", role=Role.CHAIR)],
        ),
        actions=[
            ActionRecord(
                ref="1", description=AWKWARD, owner="Diane Ellison", due=date(2023, 11, 1)
            ),
            ActionRecord(ref="2", description="Café opening times, 2024"),
        ],
    )
    await import_pack(database, pack=pack, board_name=None, timezone="Europe/London", now=NOW)
    diane = await link_telegram(
        database,
        board_name=TESTSHIRE,
        person_name="Diane Ellison",
        telegram_user_id=101,
        role=None,
    )
    [board_id] = diane.board_ids
    ids = await _ids(database, board_id)
    late = datetime(2023, 10, 3, 23, 30, tzinfo=UTC)  # 00:30 on 4 October in London
    await add_update(database, viewer=diane, action_id=ids["1"], text="Asked, “soon”", now=late)
    await complete_action(database, viewer=diane, action_id=ids["1"], now=late)

    result = await cli("export", "actions", "--board", TESTSHIRE, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))
    assert rows == [
        list(CSV_HEADER),
        [
            str(ids["1"]),
            "1",
            AWKWARD,
            "Diane Ellison",
            "2023-11-01",
            "done",
            "2023-10-10",
            "Asked, “soon”",
            "2023-10-04T00:30+01:00",
        ],
        [str(ids["2"]), "2", "Café opening times, 2024", "", "", "open", "2023-10-10", "", ""],
    ]
    assert f'"{AWKWARD.replace(chr(34), chr(34) * 2)}"' in result.stdout  # quoted, quotes doubled

    default = await cli("export", "actions", "--board", "testshire-health-and-wellbeing-board")
    assert default.exit_code == 0 and default.stdout == result.stdout

    unknown = await cli("export", "actions", "--board", "Nowhere Board")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "quorum: There is no board called 'Nowhere Board'. Import a pack for it first.\n"
    )
    assert unknown.stdout == ""
