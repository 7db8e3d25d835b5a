"""Attendance end to end: the real PTB Application and dispatcher, the HTTP Bot API fake and a
real SQLite file. Members answer with the card's buttons, a reply and /apologies; the clerk's
/attendance forecasts the quorum and chases; late apologies reach the clerk; the CLI sets the
rule and exports the register for the minutes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from bot import texts
from bot.handlers.attendance import parse_details
from cli.app import app
from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from packs.model import Member
from services.broadcasts import start_publication
from services.imports import import_pack
from services.people import link_telegram
from services.quorum import set_quorum_rule
from services.views import Viewer
from storage.engine import Database
from tests.auxil.buttons import press
from tests.auxil.packs import make_pack
from tests.auxil.world import NOW

BOARD = "Testshire Health and Wellbeing Board"
DIANE = FakeUser(id=8301, first_name="Diane", last_name="Ellison")
MIKE = FakeUser(id=8302, first_name="Mike", last_name="Sandys")
ZOE = FakeUser(id=8303, first_name="Zoe", last_name="Adams")
CLERK = FakeUser(id=8309, first_name="Carol", last_name="Clerk")
MEMBERS = [
    Member(name="Diane Ellison", role=Role.CHAIR),
    Member(name="Mike Sandys", role=Role.VICE_CHAIR),
    Member(name="Zoe Adams", role=Role.MEMBER),
    Member(name="Adam Young", role=Role.MEMBER),  # never linked to Telegram
    Member(name="Bob Brown", role=Role.MEMBER),  # never linked to Telegram
    Member(name="Katherine Willison", role=Role.OFFICER),
]


@dataclass(frozen=True, slots=True)
class Board:
    meeting_id: int
    clerk: Viewer


@pytest.fixture
async def board(database: Database, fake_api: FakeBotApi) -> Board:
    """Five voting members (three on Telegram), an officer, and a clerk; a meeting on
    Tuesday 10 October 2023, 2pm."""
    summary = await import_pack(
        database,
        pack=make_pack(members=MEMBERS),
        board_name=None,
        timezone="Europe/London",
        now=NOW,
    )
    clerk: Viewer | None = None
    for name, user, role in (
        ("Diane Ellison", DIANE, None),
        ("Mike Sandys", MIKE, None),
        ("Zoe Adams", ZOE, None),
        ("Carol Clerk", CLERK, "clerk"),
    ):
        linked = await link_telegram(
            database, board_name=BOARD, person_name=name, telegram_user_id=user.id, role=role
        )
        fake_api.add_chat(FakeChat.private(user))
        clerk = linked if role else clerk
    assert clerk is not None
    return Board(meeting_id=summary.meeting_id, clerk=clerk)


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    """Send ``text`` as ``user`` and return the bot's (single) reply."""
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


def test_a_reply_is_read_as_a_reason_and_a_named_substitute() -> None:
    assert parse_details("Hospital appointment; substitute: Cllr Jones") == (
        "Hospital appointment",
        "Cllr Jones",
    )
    assert parse_details("Sub: Cllr Jones; On leave") == ("On leave", "Cllr Jones")
    assert parse_details("On leave that week.") == ("On leave that week", None)
    assert parse_details("No substitute available, sorry") == (
        "No substitute available, sorry",
        None,
    )
    assert parse_details(" ; ") == (None, None)


async def test_apologies_that_break_the_quorum_flip_the_forecast_and_name_who_to_chase(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    board: Board,
    dispatcher: Dispatcher,
) -> None:
    await set_quorum_rule(database, board_name=BOARD, rule_text="4")
    # Diane is coming: the card's [Attending] answers at once.
    card = await _say(fake_api, DIANE, "/next")
    assert (await press(fake_api, DIANE, card, texts.BUTTON_ATTENDING)).text == (
        texts.ATTENDING_THANKS
    )
    # Mike sends apologies, then his reason and substitute in one reply.
    card = await _say(fake_api, MIKE, "/next")
    assert (await press(fake_api, MIKE, card, texts.BUTTON_APOLOGIES)).text == (
        texts.APOLOGIES_THANKS
    )
    prompt = fake_api.messages_to(MIKE.id)[-1]
    assert prompt.plain_text == (
        f"Your apologies for {BOARD}, Tuesday 10 October 2023, 2:00pm, are recorded. Your clerk "
        "will see them.\n\nAdd a reason or a substitute? Reply in one message, e.g. Hospital "
        "appointment; substitute: Cllr Jones (or /cancel)"
    )
    assert (prompt.reply_markup or {}).get("force_reply") is True
    saved = await _say(fake_api, MIKE, "Hospital <appointment>; substitute: Cllr Jones")
    assert saved.plain_text == (
        f"Your apologies for {BOARD}, Tuesday 10 October 2023, 2:00pm, are recorded "
        "(Hospital <appointment>; substitute: Cllr Jones)."
    )

    view = await _say(fake_api, CLERK, "/attendance")
    assert view.plain_text.splitlines() == [
        f"🧾 Attendance: {BOARD}",
        "🗓 Tuesday 10 October 2023, 2:00pm",
        "Quorum: 4 members — 4 of 5 voting members",
        "⚠️ Forecast: not quorate yet — 1 attending, 4 needed; 3 have not replied",
        "",
        "Expected (5): Adam Young, Bob Brown, Diane Ellison, Mike Sandys, Zoe Adams",
        "Attending (1): Diane Ellison",
        "Apologies (1):",
        "• Mike Sandys — Hospital <appointment>; substitute: Cllr Jones",
        "No reply (3): Adam Young, Bob Brown, Zoe Adams",
        "Who to chase: Zoe Adams",
        "Not on Telegram (phone or e-mail them): Adam Young, Bob Brown",
    ]
    # [Remind those who have not replied]: Zoe (the only one on Telegram) is asked.
    chased = await press(fake_api, CLERK, view, texts.BUTTON_CHASE)
    assert chased.text == "Reminding 1 member(s) who have not replied."
    await dispatcher.settled()
    ask = await fake_api.wait_for_message(ZOE.id, lambda m: "are you coming?" in m.plain_text)
    assert ask.plain_text.startswith(f"🙋 {BOARD} meets in 7 days: are you coming?")
    assert [[label for label, _ in row] for row in ask.buttons] == [
        [texts.BUTTON_AGENDA],
        [texts.BUTTON_ATTENDING, texts.BUTTON_APOLOGIES],
    ]
    again = await press(fake_api, CLERK, view, texts.BUTTON_CHASE)
    assert again.show_alert and again.text == texts.CHASE_NONE

    # Zoe cannot come either: now four cannot be reached.
    zoe = await _say(fake_api, ZOE, "/apologies Away that week")
    assert zoe.plain_text == (
        f"Your apologies for {BOARD}, Tuesday 10 October 2023, 2:00pm, are recorded "
        "(Away that week)."
    )
    view = await _say(fake_api, CLERK, "/attendance testshire")
    lines = view.plain_text.splitlines()
    assert lines[3] == "❌ Forecast: not quorate — 1 attending, 4 needed; only 2 have not replied"
    assert lines[-4:] == [
        "• Zoe Adams — Away that week",
        "No reply (2): Adam Young, Bob Brown",
        "Who to chase: nobody on Telegram",
        "Not on Telegram (phone or e-mail them): Adam Young, Bob Brown",
    ]
    assert view.buttons == []

    # A member who is not a clerk sees nobody's answers, let alone their reasons.
    refused = await _say(fake_api, DIANE, "/attendance")
    assert refused.plain_text == texts.ATTENDANCE_CLERKS_ONLY
    assert all("Hospital" not in m.plain_text for m in fake_api.messages_to(DIANE.id))


async def test_cancel_keeps_the_apologies_and_the_next_text_is_a_question_again(
    running_bot: Any, fake_api: FakeBotApi, database: Database, board: Board, shell_database: None
) -> None:
    await _say(fake_api, MIKE, "/apologies")
    cancelled = await _say(fake_api, MIKE, "/cancel")
    assert cancelled.plain_text == texts.APOLOGIES_DETAILS_CANCELLED
    answer = await _say(fake_api, MIKE, "Hospital appointment")
    assert "recorded" not in answer.plain_text
    export = await _export(database, board, "text")
    assert "Apologies: Mike Sandys\n" in export


async def _export(database: Database, board: Board, output: str) -> str:
    result = await cli(
        "attendance", "export", "--meeting", str(board.meeting_id), "--format", output
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def shell_database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)


async def test_late_apologies_reach_the_clerk_in_private(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    board: Board,
    dispatcher: Dispatcher,
    shell_database: None,
) -> None:
    await start_publication(database, viewer=board.clerk, meeting_id=board.meeting_id, now=NOW)
    await dispatcher.settled()
    told = await _say(fake_api, MIKE, "/apologies 10 October; Ill; substitute: Cllr Jones")
    assert told.plain_text.endswith(
        "are recorded (Ill; substitute: Cllr Jones). The agenda is already out, so your clerk "
        "has been told."
    )
    await dispatcher.settled()
    notice = await fake_api.wait_for_message(
        CLERK.id, lambda m: m.plain_text.startswith("📨 Late apologies")
    )
    assert notice.plain_text.splitlines() == [
        "📨 Late apologies from Mike Sandys",
        f"{BOARD} (Tuesday 10 October 2023, 2:00pm)",
        "Reason: Ill",
        "Substitute: Cllr Jones",
        "",
        "The agenda was already published. /attendance shows who is coming.",
    ]


async def test_the_rule_cli_changes_the_forecast_and_the_export_feeds_the_minutes(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    board: Board,
    shell_database: None,
) -> None:
    card = await _say(fake_api, DIANE, "/next")
    await press(fake_api, DIANE, card, texts.BUTTON_ATTENDING)
    await _say(fake_api, ZOE, "/apologies Away; substitute: Cllr Jones, Deputy")
    await _say(fake_api, MIKE, "/apologies")  # no reason given

    view = await _say(fake_api, CLERK, "/attendance")
    assert view.plain_text.splitlines()[2:4] == [
        "Quorum: 1/3 of the voting members, rounded up — 2 of 5 voting members",
        "⚠️ Forecast: not quorate yet — 1 attending, 2 needed; 2 have not replied",
    ]
    result = await cli(
        "attendance", "rule", "--board", "testshire health and wellbeing board", "20%"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{BOARD}: quorum is 20% of the voting members, rounded up: 1 of 5 voting member(s) "
        "today.\n"
    )
    view = await _say(fake_api, CLERK, "/attendance")
    assert view.plain_text.splitlines()[3] == "✅ Forecast: quorate — 1 attending of 1 needed"
    bad = await cli("attendance", "rule", "--board", BOARD, "most")
    assert bad.exit_code == 2 and "can't read 'most' as a quorum" in bad.stderr

    assert await _export(database, board, "text") == (
        "Present (expected): Diane Ellison\n"
        "Apologies: Mike Sandys, Zoe Adams (Away; substitute: Cllr Jones, Deputy)\n"
        "No reply: Adam Young, Bob Brown\n"
    )
    assert await _export(database, board, "csv") == (
        "name,role,status,reason,substitute\n"
        "Adam Young,member,no reply,,\n"
        "Bob Brown,member,no reply,,\n"
        "Diane Ellison,chair,attending,,\n"
        "Mike Sandys,vice-chair,apologies,,\n"
        'Zoe Adams,member,apologies,Away,"Cllr Jones, Deputy"\n'
    )
    missing = await cli("attendance", "export", "--meeting", "99999")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("quorum: there is no meeting 99999. ")
