"""Pressing inline buttons as a member would, and as a modified client might."""

from __future__ import annotations

import asyncio
import itertools

from fakegram import FakeBotApi, FakeUser, SentMessage
from fakegram.models import CallbackAnswer

_forged = itertools.count(1)
# How long the bot may take to answer a press (a loaded machine, a database server).
ANSWER_WITHIN = 10.0


async def _answer(fake: FakeBotApi, before: int) -> CallbackAnswer:
    """The one answer to the press just made, once the bot has finished with it.

    Waiting until the bot is quiet is not enough on its own: the handler's database work
    before it answers makes no API call, and on a busy machine (or a database server in
    another process) it can outlast any quiet period."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ANSWER_WITHIN
    # The fake signals no event for answers to presses: look again every 10 ms.
    while len(fake.callback_answers) == before and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    await fake.wait_until_quiet(quiet=0.15)
    assert len(fake.callback_answers) == before + 1
    return fake.callback_answers[-1]


async def press(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, label: str
) -> CallbackAnswer:
    """Press the button labelled ``label`` and return the bot's answer to the press."""
    before = len(fake.callback_answers)
    await fake.user_presses(user, message, message.button_data(label))
    return await _answer(fake, before)


async def forge(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, data: str
) -> CallbackAnswer:
    """A press with callback data the bot never put on this message (a modified client, a very
    old menu, another member's button)."""
    before = len(fake.callback_answers)
    fake.add_update(
        {
            "callback_query": {
                "id": f"forged-{next(_forged)}",
                "from": user.to_api(),
                "message": message.to_api(),
                "chat_instance": "1",
                "data": data,
            }
        }
    )
    return await _answer(fake, before)
