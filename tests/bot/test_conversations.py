"""Two instances in webhook mode on one PostgreSQL database: a conversation begun on one is
finished on the other (its state lives in the database, not in either process)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from bot.app import QuorumApplication, build_application, finish, prepare, sends_queued
from core.clock import FixedClock
from core.settings import Settings
from fakegram import FakeBotApi, FakeChat, FakeUser
from packs.model import Member
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import ConversationState
from tests.auxil.packs import make_pack
from tests.auxil.people import TEST_TOKEN
from web.app import SECRET_HEADER, create_web_app, webhook_path
from web.server import WebServer

pytestmark = pytest.mark.postgres_only

EASTSHIRE = "Eastshire Health and Wellbeing Board"
WESTSHIRE = "Westshire Health and Wellbeing Board"
CLERK = FakeUser(id=8101, first_name="Clara", last_name="Clerk")
OLIVE = FakeUser(id=8102, first_name="Olive", last_name="Other")


@asynccontextmanager
async def instance(
    settings: Settings, database: Database, clock: FixedClock, fake: FakeBotApi
) -> AsyncIterator[tuple[QuorumApplication, str]]:
    """One instance in webhook mode: the bot, its dispatcher, its HTTP server."""
    application = build_application(settings=settings, db=database, clock=clock, token=TEST_TOKEN)
    fake.bot_busy = sends_queued(application)
    async with application:
        await prepare(application)
        await application.start()
        server = WebServer(
            create_web_app(db=database, settings=settings, application=application, webhook=True),
            host="127.0.0.1",
            port=0,
        )
        await server.start()
        try:
            yield application, server.base_url + webhook_path(settings)
        finally:
            await server.stop()
            await application.stop()
            await finish(application)


async def until_stored(database: Database, scope: str) -> None:
    for _ in range(200):
        async with database.read() as session:
            if await session.get(ConversationState, scope) is not None:
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no conversation state for {scope}")


async def test_a_draft_made_on_one_instance_is_sent_by_a_press_on_another(
    settings: Settings, database: Database, clock: FixedClock, fake_api: FakeBotApi
) -> None:
    start = clock.now() + timedelta(days=7)
    for board in (EASTSHIRE, WESTSHIRE):
        await import_pack(
            database,
            pack=make_pack(body=board, start=start, members=[Member(name="Olive Other")]),
            board_name=None,
            timezone="Europe/London",
            now=clock.now(),
            new_board=True,
        )
        await link_telegram(
            database,
            board_name=board,
            person_name="Clara Clerk",
            telegram_user_id=CLERK.id,
            role="clerk",
        )
    await link_telegram(
        database,
        board_name=WESTSHIRE,
        person_name="Olive Other",
        telegram_user_id=OLIVE.id,
        role=None,
    )
    fake_api.add_chat(FakeChat.private(CLERK))
    fake_api.add_chat(FakeChat.private(OLIVE))
    headers = {SECRET_HEADER: settings.webhook_secret_value}

    async with AsyncExitStack() as stack:
        (_, first) = await stack.enter_async_context(instance(settings, database, clock, fake_api))
        (_, second) = await stack.enter_async_context(instance(settings, database, clock, fake_api))
        http = await stack.enter_async_context(aiohttp.ClientSession())

        async def post(url: str, update: dict[str, Any]) -> None:
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200

        # The clerk of two boards asks for a broadcast: the first instance keeps the draft.
        await post(first, await fake_api.user_sends(CLERK, "/broadcast The hall is closed."))
        picker = await fake_api.wait_for_message(
            CLERK.id, lambda message: "Which board" in message.plain_text
        )
        # A person presses a moment later: by then the first instance has stored the draft.
        await until_stored(database, f"u{CLERK.id}")
        # The press reaches the second instance, which finds the draft and previews it.
        await post(
            second, await fake_api.user_presses(CLERK, picker, picker.button_data(WESTSHIRE))
        )
        preview = await fake_api.wait_for_message(
            CLERK.id, lambda message: message.plain_text.startswith("👀 Preview")
        )
        await until_stored(database, f"u{CLERK.id}")
        # [Send] reaches the first instance again, which finds the draft the second kept.
        [send] = [label for row in preview.buttons for label, _ in row if label.startswith("Send")]
        await post(first, await fake_api.user_presses(CLERK, preview, preview.button_data(send)))
        message = await fake_api.wait_for_message(OLIVE.id, lambda message: True)
        assert message.plain_text == (
            f"📣 Message from the clerk of {WESTSHIRE}:\n\nThe hall is closed."
        )
        # The draft was used up, on both: a second press of the same button does nothing.
        assert picker.buttons == []
