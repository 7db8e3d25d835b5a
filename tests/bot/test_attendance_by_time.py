"""/attendance and /apologies name their meeting as /agenda does: "tuesday" sent on a Tuesday is
the next Tuesday with a meeting, "16 January" its next occurrence, "previous" the latest held.
The world's Testshire (meetings on 27 June, 10 October 2023 and 16 January 2024), the clock on
Tuesday 3 October 2023; Carol clerks Testshire, Diane is a member."""

from __future__ import annotations

from typing import Any

import pytest

from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from tests.auxil.world import World

CAROL = FakeUser(id=104, first_name="Carol", last_name="Clerk")
DIANE = FakeUser(id=101, first_name="Diane", last_name="Ellison")


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    fake.add_chat(FakeChat.private(user))
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


@pytest.mark.parametrize(
    ("command", "when"),
    [
        ("/attendance tuesday", "Tuesday 10 October 2023"),
        ("/attendance tue", "Tuesday 10 October 2023"),
        ("/attendance", "Tuesday 10 October 2023"),
        ("/attendance 16 January", "Tuesday 16 January 2024"),
        ("/attendance january", "Tuesday 16 January 2024"),
        ("/attendance after next", "Tuesday 16 January 2024"),
        ("/attendance previous", "Tuesday 27 June 2023"),
        ("/attendance testshire tuesday", "Tuesday 10 October 2023"),
    ],
)
async def test_attendance_names_its_meeting_as_the_agenda_does(
    running_bot: Any, fake_api: FakeBotApi, world: World, command: str, when: str
) -> None:
    answer = await _say(fake_api, CAROL, command)
    lines = answer.plain_text.splitlines()
    assert lines[0] == "🧾 Attendance: Testshire Health and Wellbeing Board", command
    assert lines[1].startswith(f"🗓 {when}"), command


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            "/attendance june",
            "I couldn't find a meeting in June 2024 on your boards. Try /meetings.",
        ),
        (
            "/attendance oakland",
            "I couldn't find a meeting for “oakland” on your boards. Try /meetings.",
        ),
    ],
)
async def test_attendance_for_no_meeting_says_which_was_asked(
    running_bot: Any, fake_api: FakeBotApi, world: World, command: str, said: str
) -> None:
    assert (await _say(fake_api, CAROL, command)).plain_text == said


async def test_apologies_for_tuesday_sent_on_a_tuesday_are_for_the_meeting_on_the_10th(
    running_bot: Any, fake_api: FakeBotApi, world: World
) -> None:
    answer = await _say(fake_api, DIANE, "/apologies tuesday; On leave")
    assert "Tuesday 10 October 2023" in answer.plain_text
    assert "On leave" in answer.plain_text
    # Words that name no meeting are the reason, for the next meeting.
    reason = await _say(fake_api, DIANE, "/apologies hospital appointment")
    assert "Tuesday 10 October 2023" in reason.plain_text
    assert "hospital appointment" in reason.plain_text
    missing = await _say(fake_api, DIANE, "/apologies 17 January; away")
    assert missing.plain_text == (
        "I couldn't find a meeting on Wednesday 17 January 2024 on your boards. Try /meetings."
    )
