"""The ``quorum`` command, run as a real process."""

from __future__ import annotations

import asyncio
import json
import re
import signal
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from calendars.zones import format_date, format_when
from fakegram import FakeBotApi
from packs import sample_path
from services.imports import import_pack
from services.invites import redeem_invite
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from tests.auxil.packs import LONDON, make_pack
from tests.auxil.people import MEMBER, TEST_TOKEN
from tests.auxil.processes import quorum, quorum_env, spawn_quorum


def test_run_without_a_token_explains_how_to_get_one(tmp_path: Path) -> None:
    result = quorum("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "QUORUM_TELEGRAM_TOKEN" in result.stderr
    assert "@BotFather" in result.stderr
    assert "quorum demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_setting_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = quorum("run", env=quorum_env(QUORUM_TIMEZONE="Nowhere/Land"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "quorum: QUORUM_TIMEZONE: 'Nowhere/Land' is not a known time zone (e.g. Europe/London)"
    ]


def test_import_then_link_prints_summaries(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    imported = quorum("import", str(sample_path()), "--board", "Rutland HWB", env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "into Rutland HWB" in imported.stdout
    assert "meeting:   Tuesday 10 October 2023, 2:00pm" in imported.stdout
    assert "items:     19" in imported.stdout
    again = quorum("import", str(sample_path()), "--board", "Rutland HWB", env=env, cwd=tmp_path)
    assert again.stdout.startswith("Updated ")
    linked = quorum(
        "member",
        "link",
        "--board",
        "rutland hwb",
        "--person",
        "Diane Ellison",
        "--telegram-id",
        "42",
        env=env,
        cwd=tmp_path,
    )
    assert linked.returncode == 0, linked.stderr
    assert linked.stdout.strip() == "Linked Telegram 42 to Diane Ellison: Rutland HWB (chair)"


def test_import_of_a_missing_or_unreadable_file_is_a_polite_error(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    missing = quorum("import", str(tmp_path / "nope.txt"), env=env, cwd=tmp_path)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    (tmp_path / "blank.txt").write_text("")
    blank = quorum("import", str(tmp_path / "blank.txt"), env=env, cwd=tmp_path)
    assert blank.returncode == 1 and blank.stderr.startswith("quorum: ")
    assert "Traceback" not in blank.stderr


def test_link_to_an_unknown_board_is_refused(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    result = quorum(
        "member",
        "link",
        "--board",
        "Nowhere",
        "--person",
        "X",
        "--telegram-id",
        "1",
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "quorum: There is no board called 'Nowhere'. Import a pack for it first."
    )


def test_demo_prints_the_sample_meeting_and_its_agenda(tmp_path: Path) -> None:
    result = quorum("demo", "--say", "/next", "--say", "/agenda", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Demo clock:   Tuesday 3 October 2023, 2:00pm" in out
    assert "you> /next" in out
    assert "Tuesday 10 October 2023, 2:00pm (in 7 days)" in out
    assert "Council Chamber, Catmose, Oakham, Rutland LE15 6HP" in out
    assert "[1] Agenda" in out
    assert "8A. RUTLAND HEALTH PLAN: UPDATE" in out
    assert "10C. RUTLAND MENTAL HEALTH NEIGHBOURHOOD STRATEGY AND ACTION PLAN" in out
    assert "15. DATE OF NEXT MEETING" in out


def test_demo_buttons_are_pressed_by_number(tmp_path: Path) -> None:
    result = quorum(
        "demo", "--now", "2023-10-10T13:00", "--say", "/next", "--say", "1", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Tuesday 10 October 2023, 2:00pm (today)" in result.stdout
    assert "you> 1" in result.stdout
    assert "Agenda: Rutland Health and Wellbeing Board" in result.stdout


@pytest.mark.wallclock
async def test_run_answers_next_through_any_bot_api_server(
    fake_api: FakeBotApi, database: Database, db_url: str, tmp_path: Path
) -> None:
    # `quorum run` uses the real clock, so the meeting is set in the real future: noon in
    # London ten calendar days on, which is "in 10 days" at any hour, across clock changes.
    before = datetime.now(UTC)
    start = datetime.combine(
        before.astimezone(LONDON).date() + timedelta(days=10), time(12), LONDON
    ).astimezone(UTC)
    summary = await import_pack(
        database,
        pack=make_pack(start=start),
        board_name=None,
        timezone="Europe/London",
        now=before,
    )
    await link_telegram(
        database,
        board_name=summary.board_name,
        person_name="Diane Ellison",
        telegram_user_id=MEMBER.id,
        role=None,
    )
    process = await spawn_quorum(
        "run",
        env=quorum_env(
            QUORUM_TELEGRAM_TOKEN=TEST_TOKEN,
            QUORUM_TELEGRAM_API_URL=fake_api.base_url,
            QUORUM_DATABASE_URL=db_url,
        ),
        cwd=tmp_path,
    )
    try:
        await fake_api.user_sends(MEMBER, "/next")
        [card] = await fake_api.wait_for_messages(MEMBER.id, 1, timeout=60)
        # Counted from the process's own clock: a day less if London's midnight passed since.
        days = {
            (start.astimezone(LONDON).date() - moment.astimezone(LONDON).date()).days
            for moment in (before, datetime.now(UTC))
        }
        header = f"Testshire Health and Wellbeing Board\n🗓 {format_when(start, LONDON)}"
        assert any(card.plain_text.startswith(f"{header} (in {n} days)") for n in days), (
            card.plain_text
        )
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr


def test_import_json_prints_the_schema_object_and_stores_nothing(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    result = quorum("import", str(sample_path()), "--json", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) >= {
        "source",
        "body",
        "organisation",
        "meeting",
        "agenda",
        "next_meeting",
        "members",
        "previous_meeting",
        "actions",
        "resolutions",
    }
    assert document["meeting"]["start"] == "2023-10-10T14:00:00+01:00"
    assert not (tmp_path / "q.db").exists()


def test_reimport_prints_the_change_set(tmp_path: Path) -> None:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    assert quorum("import", str(sample_path()), env=env, cwd=tmp_path).returncode == 0
    edited = tmp_path / "revised.txt"
    edited.write_text(
        sample_path()
        .read_text()
        .replace("commencing at **2.00 pm**", "commencing at **3.00 pm**", 1)
        .replace("11) BETTER CARE FUND: 2023-2025", "11) BETTER CARE FUND 2023-25", 1)
    )
    result = quorum("import", str(edited), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Updated revised.txt into Rutland Health and Wellbeing Board"
    )
    assert "    moved from Tuesday 10 October 2023, 2:00pm to Tuesday 10 October 2023, 3:00pm" in (
        result.stdout.splitlines()
    )
    assert (
        "    item 11 retitled: BETTER CARE FUND: 2023-2025 -> BETTER CARE FUND 2023-25"
        in result.stdout.splitlines()
    )


INVITE_LINE = re.compile(
    r"^(?P<name>[^:]+): https://t\.me/RutlandBoardBot\?start=(?P<token>[A-Za-z0-9_-]{32})"
    r" \(expires (?P<date>\w+ \d{1,2} \w+ \d{4})\)$"
)


def _imported(tmp_path: Path) -> dict[str, str]:
    env = quorum_env(QUORUM_DATABASE_URL=f"sqlite:///{tmp_path / 'q.db'}")
    imported = quorum("import", str(sample_path()), "--board", "Rutland HWB", env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    return env


def _expiry_dates() -> set[str]:
    """The invite expiry date as printed, allowing for the test straddling midnight."""
    now = datetime.now(UTC)
    return {
        format_date((moment + timedelta(days=14)).astimezone(LONDON).date())
        for moment in (now - timedelta(minutes=5), now + timedelta(minutes=5))
    }


@pytest.mark.wallclock
def test_invite_prints_single_use_links(tmp_path: Path) -> None:
    env = _imported(tmp_path)
    one = quorum(
        "invite",
        "--board",
        "rutland hwb",
        "--person",
        "Councillor Ellison",
        "--bot-username",
        "@RutlandBoardBot",
        env=env,
        cwd=tmp_path,
    )
    assert one.returncode == 0, one.stderr
    [line] = one.stdout.splitlines()
    match = INVITE_LINE.match(line)
    assert match, line
    assert match["name"] == "Diane Ellison"
    assert match["date"] in _expiry_dates()

    async def redeem(token: str) -> Viewer | None:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'q.db'}")
        try:
            return await redeem_invite(
                db, token=token, telegram_user_id=MEMBER.id, now=datetime.now(UTC)
            )
        finally:
            await db.dispose()

    viewer = asyncio.run(redeem(match["token"]))
    assert viewer is not None and viewer.full_name == "Diane Ellison"
    assert asyncio.run(redeem(match["token"])) is None


def test_invite_all_skips_linked_members_and_clerks(tmp_path: Path) -> None:
    env = _imported(tmp_path)
    clerk = quorum(
        "clerk",
        "add",
        "--board",
        "Rutland HWB",
        "--telegram-id",
        "777",
        "--name",
        "Mitch Harper",
        env=env,
        cwd=tmp_path,
    )
    assert clerk.returncode == 0, clerk.stderr
    assert clerk.stdout.strip() == (
        "Telegram 777 is Mitch Harper: Rutland HWB (clerk), Rutland HWB (officer)"
    )
    linked = quorum(
        "member",
        "link",
        "--board",
        "Rutland HWB",
        "--person",
        "Diane Ellison",
        "--telegram-id",
        "42",
        env=env,
        cwd=tmp_path,
    )
    assert linked.returncode == 0, linked.stderr
    result = quorum(
        "invite",
        "--board",
        "Rutland HWB",
        "--all",
        env={**env, "QUORUM_BOT_USERNAME": "RutlandBoardBot"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    matches = [INVITE_LINE.match(line) for line in result.stdout.splitlines()]
    assert all(matches), result.stdout
    names = [match["name"] for match in matches if match]
    assert len(names) == 20
    assert names == sorted(names)
    assert "Diane Ellison" not in names and "Mitch Harper" not in names
    assert {"Angela Hillery", "Mike Sandys", "Tim Smith"} <= set(names)
    assert len({match["token"] for match in matches if match}) == 20


def test_invite_explains_what_it_needs(tmp_path: Path) -> None:
    env = _imported(tmp_path)
    no_username = quorum("invite", "--board", "Rutland HWB", "--all", env=env, cwd=tmp_path)
    assert no_username.returncode == 2
    assert "--bot-username" in no_username.stderr and "QUORUM_BOT_USERNAME" in no_username.stderr
    assert "Traceback" not in no_username.stderr
    bot = ("--bot-username", "RutlandBoardBot")
    both = quorum(
        "invite", "--board", "Rutland HWB", "--all", "--person", "X", *bot, env=env, cwd=tmp_path
    )
    neither = quorum("invite", "--board", "Rutland HWB", *bot, env=env, cwd=tmp_path)
    for result in (both, neither):
        assert result.returncode == 2
        assert result.stderr.strip() == "quorum: give exactly one of --person NAME or --all."
    bad_name = quorum(
        "invite",
        "--board",
        "Rutland HWB",
        "--all",
        "--bot-username",
        "not a bot",
        env=env,
        cwd=tmp_path,
    )
    assert bad_name.returncode == 2 and "--bot-username" in bad_name.stderr
    bad_setting = quorum(
        "invite",
        "--board",
        "Rutland HWB",
        "--all",
        env={**env, "QUORUM_BOT_USERNAME": "Rutland"},
        cwd=tmp_path,
    )
    assert bad_setting.returncode == 2
    assert bad_setting.stderr.startswith("quorum: QUORUM_BOT_USERNAME: ")
    stranger = quorum(
        "invite", "--board", "Rutland HWB", "--person", "Nobody Here", *bot, env=env, cwd=tmp_path
    )
    assert stranger.returncode == 1
    assert stranger.stderr.startswith(
        "quorum: No one called 'Nobody Here' is a member of Rutland HWB."
    )


def test_clerk_add_creates_or_promotes(tmp_path: Path) -> None:
    env = _imported(tmp_path)
    board = ("--board", "Rutland HWB")
    new = quorum("clerk", "add", *board, "--telegram-id", "555", env=env, cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    assert new.stdout.strip() == "Telegram 555 is Clerk 555: Rutland HWB (clerk)"
    again = quorum("clerk", "add", *board, "--telegram-id", "555", env=env, cwd=tmp_path)
    assert again.stdout == new.stdout
    nowhere = quorum(
        "clerk", "add", "--board", "Nowhere", "--telegram-id", "1", env=env, cwd=tmp_path
    )
    assert nowhere.returncode == 1
    assert nowhere.stderr.strip() == (
        "quorum: There is no board called 'Nowhere'. Import a pack for it first."
    )
