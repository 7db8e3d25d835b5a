"""Every button press gets exactly one answer, and it is the true one (the shared opening check
in bot/handlers/buttons.py), with the real Application against the fake Bot API."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot import texts
from fakegram import FakeBotApi, FakeChat, FakeUser
from packs.model import Member
from services.imports import import_pack
from services.people import link_telegram
from storage.engine import Database
from storage.models import Broadcast, Notification
from tests.auxil.buttons import forge
from tests.auxil.packs import LONDON, make_pack

NOW = datetime(2023, 10, 1, tzinfo=UTC)
EASTSHIRE = "Eastshire Health and Wellbeing Board"
WESTSHIRE = "Westshire Parish Council"
STRANGER = FakeUser(id=9301, first_name="Sam", last_name="Stranger")
EAST_CLERK = FakeUser(id=9302, first_name="Clara", last_name="Clerk")
WEST_CLERK = FakeUser(id=9303, first_name="Walt", last_name="West")


def _answers_to(fake: FakeBotApi, query_id: str) -> int:
    """answerCallbackQuery calls for one press, accepted or rejected by the fake."""
    return sum(
        1
        for call in fake.calls("answerCallbackQuery")
        if call.params.get("callback_query_id") == query_id
    )


async def _rows(database: Database) -> int:
    async with database.read() as session:
        broadcasts = (await session.exec(select(func.count()).select_from(Broadcast))).one()
        notifications = (await session.exec(select(func.count()).select_from(Notification))).one()
    return int(broadcasts) + int(notifications)


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


async def test_a_stranger_pressing_my_actions_gets_one_answer_and_no_error(
    running_bot: Any, fake_api: FakeBotApi, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.add_chat(FakeChat.private(STRANGER))
    await fake_api.user_sends(STRANGER, "/next")
    [reply] = await fake_api.wait_for_messages(STRANGER.id, 1)
    caplog.set_level(logging.WARNING)

    answer = await forge(fake_api, STRANGER, reply, "ma")

    assert answer.text == texts.STRANGER_BUTTON and answer.show_alert
    assert _answers_to(fake_api, answer.callback_query_id) == 1
    assert _errors(caplog) == []
    assert fake_api.messages_to(STRANGER.id) == [reply]
    assert await _rows(database) == 0


async def test_another_boards_clerk_pressing_publish_again_is_only_told_no(
    running_bot: Any, fake_api: FakeBotApi, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    for body, clerk in ((EASTSHIRE, EAST_CLERK), (WESTSHIRE, WEST_CLERK)):
        await import_pack(
            database,
            pack=make_pack(
                body=body,
                start=datetime(2023, 10, 10, 14, tzinfo=LONDON),
                members=[Member(name="Amy Archer")],
            ),
            board_name=None,
            timezone="Europe/London",
            now=NOW,
            new_board=True,
        )
        await link_telegram(
            database,
            board_name=body,
            person_name=f"{clerk.first_name} {clerk.last_name}",
            telegram_user_id=clerk.id,
            role="clerk",
        )
        fake_api.add_chat(FakeChat.private(clerk))
    await fake_api.user_sends(WEST_CLERK, "/help")
    [reply] = await fake_api.wait_for_messages(WEST_CLERK.id, 1)
    caplog.set_level(logging.WARNING)

    # Meeting 1 is Eastshire's: Westshire's clerk may not publish it.
    answer = await forge(fake_api, WEST_CLERK, reply, "pb:1:1")

    assert answer.text == texts.CLERK_ONLY and answer.show_alert
    assert _answers_to(fake_api, answer.callback_query_id) == 1
    assert _errors(caplog) == []
    assert fake_api.messages_to(WEST_CLERK.id) == [reply]
    assert await _rows(database) == 0
