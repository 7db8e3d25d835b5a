"""/calendar end to end: the real PTB Application long-polling the HTTP Bot API fake, and the
links it hands out fetched from the real web server over HTTP."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from icalendar import Calendar
from sqlmodel import col, select

from bot import texts
from core.settings import Settings, load_settings
from fakegram import FakeBotApi, FakeChat, FakeUser
from storage.engine import Database
from storage.models import Person
from tests.auxil.people import STRANGER, TEST_TOKEN
from tests.auxil.world import TESTSHIRE, World
from web.app import create_web_app
from web.server import WebServer

PUBLIC = "https://quorum.example.org"
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")
CLERK = FakeUser(id=104, first_name="Carol", last_name="Clerk")
GROUP = FakeChat.group(-100777, "Testshire HWB members")
TESTSHIRE_FEED = f"{PUBLIC}/calendars/boards/testshire-health-and-wellbeing-board.ics"
PERSONAL = re.compile(r"(webcal|https)://quorum\.example\.org(/calendars/([A-Za-z0-9_-]+)\.ics)")
ANY_FEED = re.compile(r"(?:webcal|https?)://\S+?\.ics")


@pytest.fixture
def settings(fake_api: FakeBotApi, db_url: str) -> Settings:
    """The suite's settings, with the public address of the feeds behind a proxy."""
    return load_settings(
        telegram_token=TEST_TOKEN,
        telegram_api_url=fake_api.base_url,
        telegram_file_url=fake_api.base_file_url,
        database_url=db_url,
        public_url=PUBLIC + "/",
        http_port=0,
    )


@pytest.fixture
async def feeds(database: Database, settings: Settings) -> AsyncIterator[aiohttp.ClientSession]:
    """A client for the feed server: paths of the links the bot gives, on the local server."""
    server = WebServer(create_web_app(db=database, settings=settings), host="127.0.0.1", port=0)
    await server.start()
    try:
        async with aiohttp.ClientSession(base_url=server.base_url) as client:
            yield client
    finally:
        await server.stop()


async def _say(fake: FakeBotApi, user: FakeUser, text: str, chat: FakeChat | None = None) -> str:
    target = chat.id if chat is not None else user.id
    before = len(fake.messages_to(target))
    await fake.user_sends(user, text, chat=chat)
    [reply] = (await fake.wait_for_messages(target, before + 1))[before:]
    return reply.plain_text


async def _status(feeds: aiohttp.ClientSession, path: str) -> int:
    async with feeds.get(path) as response:
        await response.read()
        return response.status


def _personal_links(text: str) -> dict[str, str]:
    """{scheme: path} of the personal feed links in a message."""
    return {match.group(1): match.group(2) for match in PERSONAL.finditer(text)}


async def _tokens(database: Database) -> list[str | None]:
    async with database.read() as session:
        return list(
            (await session.exec(select(Person.calendar_token).order_by(col(Person.id)))).all()
        )


async def test_calendar_in_private_gives_the_personal_link_both_ways_and_the_boards_feed(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    world: World,
    feeds: aiohttp.ClientSession,
) -> None:
    text = await _say(fake_api, DIANE, "/calendar")
    links = _personal_links(text)
    assert set(links) == {"webcal", "https"}
    assert links["webcal"] == links["https"]  # the same address, the scheme swapped
    assert f"webcal://quorum.example.org{links['https']}" in text
    assert TESTSHIRE_FEED in text
    assert "northshire" not in text.lower()
    assert "Outlook" in text and "Google" in text and "Apple" in text
    assert "personal" in text
    async with feeds.get(links["https"]) as response:
        assert response.status == 200
        body = await response.read()
    calendar = Calendar.from_ical(body)
    assert isinstance(calendar, Calendar)
    assert str(calendar.get("X-WR-CALNAME")) == "Quorum — Diane Ellison"
    assert await _status(feeds, TESTSHIRE_FEED.removeprefix(PUBLIC)) == 200
    # Asking again gives the same link: subscriptions keep working.
    assert _personal_links(await _say(fake_api, DIANE, "/calendar")) == links


async def test_the_calendar_message_offers_the_next_meeting_as_a_file(
    running_bot: Any, fake_api: FakeBotApi, database: Database, world: World
) -> None:
    await fake_api.user_sends(DIANE, "/calendar")
    [message] = await fake_api.wait_for_messages(DIANE.id, 1)
    await fake_api.user_presses(DIANE, message, message.button_data(texts.BUTTON_ADD_NEXT_MEETING))
    _, sent = await fake_api.wait_for_messages(DIANE.id, 2)
    assert sent.document is not None
    assert sent.document.filename.endswith(".ics")
    assert f"UID:meeting-{world.october_id}@".encode() in sent.document.data
    assert b"Contract award for home care" not in sent.document.data.replace(b"\r\n ", b"")


async def test_calendar_reset_makes_the_old_link_404_and_the_new_one_work(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    world: World,
    feeds: aiohttp.ClientSession,
) -> None:
    old = _personal_links(await _say(fake_api, DIANE, "/calendar"))["https"]
    assert await _status(feeds, old) == 200
    text = await _say(fake_api, DIANE, "/calendar reset")
    assert text.startswith("Done: your old calendar link no longer works.")
    new = _personal_links(text)["https"]
    assert new != old
    assert await _status(feeds, old) == 404
    assert await _status(feeds, new) == 200


async def test_calendar_in_a_group_gives_only_the_boards_public_feed(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    world: World,
    feeds: aiohttp.ClientSession,
) -> None:
    assert "isn't linked to a board" in await _say(fake_api, DIANE, "/calendar", GROUP)
    linked = await _say(fake_api, CLERK, "/link", GROUP)
    assert TESTSHIRE in linked
    for asker in (DIANE, STRANGER):
        text = await _say(fake_api, asker, "/calendar", GROUP)
        assert text.startswith(f"{TESTSHIRE}: meetings calendar")
        assert set(ANY_FEED.findall(text)) == {
            TESTSHIRE_FEED,
            TESTSHIRE_FEED.replace("https://", "webcal://"),
        }
    # Nobody's personal link was made, let alone posted.
    assert all(token is None for token in await _tokens(database))
    assert fake_api.messages_to(DIANE.id) == []
    assert await _status(feeds, TESTSHIRE_FEED.removeprefix(PUBLIC)) == 200


async def test_a_stranger_is_refused_politely_and_gets_no_link(
    running_bot: Any, fake_api: FakeBotApi, database: Database, world: World
) -> None:
    text = await _say(fake_api, STRANGER, "/calendar")
    assert "ask your clerk for an invite link" in text
    assert "/calendars/" not in text
    assert all(token is None for token in await _tokens(database))


async def test_calendar_is_in_the_members_menu_and_help(
    running_bot: Any, fake_api: FakeBotApi, database: Database, world: World
) -> None:
    menu = [c["command"] for c in fake_api.bot_commands(scope={"type": "all_private_chats"})]
    assert "calendar" in menu
    assert "/calendar" in await _say(fake_api, DIANE, "/help")
