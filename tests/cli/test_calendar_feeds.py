"""quorum calendar export, invite and organizer, and quorum member email: what the command line
prints is what the web server serves."""

from __future__ import annotations

import asyncio

import pytest
import vobject
from typer.testing import CliRunner, Result

from cli.app import app
from storage.engine import Database
from storage.models import Person
from tests.auxil.feeds import (
    DOMAIN,
    TESTSHIRE_SLUG,
    Web,
    board,
    events_by_uid,
    mark_cancelled,
    parsed,
    uid,
    unfolded,
)
from tests.auxil.world import TESTSHIRE, World


async def cli(*args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, list(args))


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    monkeypatch.setenv("QUORUM_DATABASE_URL", db_url)
    monkeypatch.setenv("QUORUM_CALENDAR_DOMAIN", DOMAIN)


async def test_calendar_export_prints_the_http_body_byte_for_byte(
    world: World, web: Web, cli_env: None
) -> None:
    served = await web.fetch(board(TESTSHIRE_SLUG))
    exported = await cli("calendar", "export", "--board", "testshire health and wellbeing board")
    assert exported.exit_code == 0, exported.output
    assert exported.stdout_bytes == served.body
    unknown = await cli("calendar", "export", "--board", "Nowhere")
    assert unknown.exit_code == 1
    assert "There is no board called 'Nowhere'" in unknown.stderr


async def test_calendar_invite_is_a_request_from_the_organizer_to_members_with_addresses(
    database: Database, world: World, cli_env: None
) -> None:
    no_addresses = await cli("calendar", "invite", str(world.october_id))
    assert no_addresses.exit_code == 0, no_addresses.output
    fallback = events_by_uid(no_addresses.stdout_bytes)[uid("meeting", world.october_id)]
    assert str(fallback.get("ORGANIZER")) == f"mailto:clerk@{DOMAIN}"
    assert fallback.get("ATTENDEE") is None

    for person, email in (
        ("Diane Ellison", "diane@testshire.example"),
        ("Mike Sandys", "mike@testshire.example"),
        ("Carol Clerk", "carol@testshire.example"),
    ):
        recorded = await cli("member", "email", "--board", TESTSHIRE, "--person", person, email)
        assert recorded.exit_code == 0, recorded.output
        assert email in recorded.stdout
    # Without a board address, the clerk's own address organizes.
    by_clerk = await cli("calendar", "invite", str(world.october_id))
    clerk_event = events_by_uid(by_clerk.stdout_bytes)[uid("meeting", world.october_id)]
    assert str(clerk_event.get("ORGANIZER")) == "mailto:carol@testshire.example"

    organizer = await cli(
        "calendar", "organizer", "--board", TESTSHIRE, "democratic.services@testshire.example"
    )
    assert organizer.exit_code == 0, organizer.output
    invite = await cli("calendar", "invite", str(world.october_id))
    assert invite.exit_code == 0, invite.output
    calendar = parsed(invite.stdout_bytes)
    assert str(calendar.get("METHOD")) == "REQUEST"
    vevent = events_by_uid(invite.stdout_bytes)[uid("meeting", world.october_id)]
    assert str(vevent.get("ORGANIZER")) == "mailto:democratic.services@testshire.example"
    attendees = vevent.get("ATTENDEE")
    assert sorted(str(a) for a in attendees) == [
        "mailto:carol@testshire.example",
        "mailto:diane@testshire.example",
        "mailto:mike@testshire.example",
    ]
    assert {str(a.params["CN"]) for a in attendees} == {
        "Carol Clerk",
        "Diane Ellison",
        "Mike Sandys",
    }
    assert "Contract award for home care" not in unfolded(invite.stdout_bytes)
    assert "Better Care Fund" in unfolded(invite.stdout_bytes)
    assert vobject.readOne(invite.stdout).vevent.organizer.value == (
        "mailto:democratic.services@testshire.example"
    )

    await mark_cancelled(database, world.october_id)
    cancelled = await cli("calendar", "invite", str(world.october_id))
    assert str(parsed(cancelled.stdout_bytes).get("METHOD")) == "CANCEL"


async def test_addresses_are_checked_and_people_found_as_member_link_finds_them(
    database: Database, world: World, cli_env: None
) -> None:
    bad = await cli("calendar", "organizer", "--board", TESTSHIRE, "not an address")
    assert bad.exit_code == 2
    assert "'not an address' is not an e-mail address" in bad.stderr
    assert (
        await cli("member", "email", "--board", TESTSHIRE, "--person", "Diane Ellison", "d@x")
    ).exit_code == 2
    stranger = await cli(
        "member", "email", "--board", TESTSHIRE, "--person", "Nora Batty", "nora@north.example"
    )
    assert stranger.exit_code == 1
    assert "has no member called 'Nora Batty'" in stranger.stderr
    # Another spelling of a member's name finds them, as `quorum member link` does.
    alias = await cli(
        "member", "email", "--board", TESTSHIRE, "--person", "Councillor Ellison", "d@t.example"
    )
    assert alias.exit_code == 0, alias.output
    async with database.read() as session:
        diane = await session.get(Person, world.diane.person_id)
    assert diane is not None and diane.email == "d@t.example"
    missing = await cli("calendar", "invite", "999999")
    assert missing.exit_code == 1 and "there is no meeting 999999" in missing.stderr
