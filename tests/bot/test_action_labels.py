"""One identity for an action wherever it is shown: its handle (``#12``, what /action takes and
its buttons say), then the pack's own reference (``[5]``), in lists, prompts, search results, the
arising summary, the register and the history alike."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot import templates, texts
from fakegram import FakeBotApi, FakeUser, SentMessage
from services.actions.records import action_handle, action_label
from services.views import ActionView
from storage.engine import Database
from storage.models import Action
from tests.auxil.buttons import press
from tests.auxil.world import World

CLERK = FakeUser(id=104, first_name="Carol", last_name="Clerk")
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")
HALL = "Book the community hall"  # Diane's, on Testshire, ref 5, open


async def _hall(database: Database) -> int:
    async with database.read() as session:
        action = (await session.exec(select(Action).where(Action.description == HALL))).one()
    assert action.id is not None
    return action.id


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


def test_the_label_is_the_handle_then_the_packs_ref() -> None:
    assert action_handle(12) == "#12"
    assert action_label(12, "5") == "#12 [5]"
    assert action_label(12, None) == action_label(12, "") == "#12"
    entry = ActionView(
        id=12,
        board_id=1,
        board_name="Board <1>",
        ref="5<b>",
        description="Tea & cake",
        owner_name=None,
        due_on=None,
        status="open",
        overdue=False,
        mine=True,
    )
    assert templates.action_entry(entry).startswith("<b>#12 [5&lt;b&gt;]</b> Tea &amp; cake")


async def test_an_action_has_the_same_label_in_every_view(
    running_bot: Any, fake_api: FakeBotApi, database: Database, world: World
) -> None:
    action_id = await _hall(database)
    label = f"#{action_id} [5]"
    named = f"{label} {HALL}"

    mine = await _say(fake_api, DIANE, "/actions")
    assert named in mine.plain_text.splitlines()
    await press(fake_api, DIANE, mine, texts.BUTTON_LIST_UPDATE.format(handle=f"#{action_id}"))
    prompt = fake_api.messages_to(DIANE.id)[-1]
    assert f"action {label} ({HALL})" in prompt.plain_text
    await _say(fake_api, DIANE, "/cancel")

    found = await _say(fake_api, DIANE, "/search community hall")
    assert f"Action {label}: {HALL}" in found.plain_text.splitlines()

    arising = await _say(fake_api, CLERK, "/arising")
    assert any(line.startswith(f"• {named} — ") for line in arising.plain_text.splitlines())

    register = await _say(fake_api, CLERK, "/actions board")
    assert named in register.plain_text.splitlines()

    history = await _say(fake_api, CLERK, f"/action history #{action_id}")
    assert f"History of {named}" in history.plain_text.splitlines()
