"""Pressing inline buttons as a member would, and as a modified client might."""

from __future__ import annotations

import itertools

from fakegram import FakeBotApi, FakeUser, SentMessage
from fakegram.models import CallbackAnswer

_forged = itertools.count(1)


async def press(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, label: str
) -> CallbackAnswer:
    """Press the button labelled ``label`` and return the bot's answer to the press."""
    before = len(fake.callback_answers)
    await fake.user_presses(user, message, message.button_data(label))
    await fake.wait_until_quiet(quiet=0.15)
    assert len(fake.callback_answers) == before + 1
    return fake.callback_answers[-1]


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
    await fake.wait_until_quiet(quiet=0.15)
    assert len(fake.callback_answers) == before + 1
    return fake.callback_answers[-1]
