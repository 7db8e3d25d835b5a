"""Small talk and suggested questions, end to end: the real PTB Application against the fake.

Greetings, thanks and "how are you" get a short answer and three questions from the member's
own situation as buttons; a question not understood gets the closest questions Quorum can
answer, else the same three and /help; a suggestion's button answers its question for the
member it was offered to, and is stale for anyone else.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot import texts
from bot.handlers import fallback
from bot.handlers.suggestions import (
    KEPT,
    SUGGESTED,
    first_name,
    general_questions,
    question_key,
    question_label,
    recall_question,
    remember_question,
)
from core.clock import FixedClock
from core.roles import Role
from fakegram import FakeBotApi, FakeUser, SentMessage
from language.intents import Intent
from packs.model import ActionRecord, AgendaItem, Member, Resolution
from services.imports import import_pack
from services.people import link_telegram, viewer_for
from services.preferences import toggle_mute
from services.situation import Situation
from storage.engine import Database
from tests.auxil.buttons import forge, press
from tests.auxil.packs import make_pack
from tests.auxil.people import MEMBER, STRANGER

TESTSHIRE = "Testshire Health and Wellbeing Board"
MIKE = FakeUser(id=5002, first_name="Mike", last_name="Sandys")
ITEMS = [
    AgendaItem(number="1", title="Welcome and apologies"),
    AgendaItem(
        number="2",
        title="Better Care Fund",
        presenter="Katherine Willison",
        report_number="146/2023",
        pages=(137, 170),
    ),
    AgendaItem(number="7B", title="Falls prevention strategy", presenter="Cllr Diane Ellison"),
    AgendaItem(number="9", title="Sale of the Oakham depot", exempt=True),
]
MEMBERS = [
    Member(name="Diane Ellison", role=Role.CHAIR, title="Portfolio Holder"),
    Member(name="Mike Sandys", role=Role.VICE_CHAIR, title="Director of Public Health"),
]


async def _board(database: Database, clock: FixedClock) -> int:
    """Testshire meets on 10 October; Diane presents 7B and owns an open action; Mike presents
    nothing and owns none. Both are linked (reminders are planned for both)."""
    pack = replace(
        make_pack(items=ITEMS, members=MEMBERS),
        actions=[
            ActionRecord(ref="1", description="Circulate the falls data", owner="Diane Ellison")
        ],
        resolutions=[Resolution(item="2", outcomes=["NOTED"], text="That the Board NOTED it.")],
    )
    await import_pack(
        database,
        pack=pack,
        board_name=None,
        timezone="Europe/London",
        now=clock.now(),
        new_board=True,
    )
    for name, user in (("Diane Ellison", MEMBER), ("Mike Sandys", MIKE)):
        viewer = await link_telegram(
            database,
            board_name=TESTSHIRE,
            person_name=name,
            telegram_user_id=user.id,
            role=None,
            now=clock.now(),
        )
    [board_id] = viewer.board_ids
    return board_id


def _closest_are(monkeypatch: pytest.MonkeyPatch, closest: tuple[Intent, ...]) -> None:
    """The matcher's closest questions to a message it did not understand, fixed here (its
    ranking is tested in tests/language)."""
    monkeypatch.setattr(fallback, "understand", lambda text, **_: None)
    monkeypatch.setattr(fallback, "suggest", lambda text, **_: closest)


def _labels(message: SentMessage) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def _ask(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    messages = await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return messages[-1]


async def test_hello_greets_the_member_by_first_name_with_three_questions_of_their_own(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    greeting = await _ask(fake_api, MEMBER, "hello")
    assert greeting.plain_text == (
        "Hello Diane! I can tell you about your meetings, agendas, papers, decisions and actions"
        " (/help lists it all)."
    )
    assert _labels(greeting) == [
        "When is the next meeting?",
        "Item 7B, which I present",
        "My actions",
    ]
    assert all(len(data.encode()) <= 64 for row in greeting.buttons for _, data in row if data)


async def test_a_member_with_nothing_of_their_own_is_offered_the_agenda_and_its_papers(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    greeting = await _ask(fake_api, MIKE, "hi there")
    assert greeting.plain_text.startswith("Hello Mike! ")
    assert _labels(greeting) == [
        "When is the next meeting?",
        "What's on the agenda?",
        "What do I need to read?",
    ]


async def test_pressing_a_suggested_question_answers_it_and_a_second_press_answers_again(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    greeting = await _ask(fake_api, MEMBER, "hello")
    for attempt in (1, 2):
        answer = await press(fake_api, MEMBER, greeting, "When is the next meeting?")
        assert answer.text is None and not answer.show_alert
        card = fake_api.messages_to(MEMBER.id)[-1]
        assert card.plain_text.splitlines()[:2] == [
            TESTSHIRE,
            "🗓 Tuesday 10 October 2023, 2:00pm (in 7 days)",
        ]
        assert len(fake_api.messages_to(MEMBER.id)) == 1 + attempt
    answer = await press(fake_api, MEMBER, greeting, "Item 7B, which I present")
    assert not answer.show_alert
    assert "Falls prevention strategy" in fake_api.messages_to(MEMBER.id)[-1].plain_text


async def test_thanks_is_welcome_and_comes_with_the_same_three_questions(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    thanks = await _ask(fake_api, MEMBER, "thanks")
    assert thanks.plain_text == "You're welcome."
    assert len(_labels(thanks)) == 3
    wellbeing = await _ask(fake_api, MEMBER, "how are you")
    assert wellbeing.plain_text.startswith("I'm very well")
    assert _labels(wellbeing) == _labels(thanks)


async def test_goodbye_promises_a_reminder_only_while_one_is_due(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    board_id = await _board(database, clock)
    farewell = await _ask(fake_api, MEMBER, "bye")
    assert farewell.plain_text == "Goodbye — I'll remind you before the next meeting."
    assert farewell.buttons == []
    # Muted: her reminders of Testshire's meetings are withdrawn, and so is the promise.
    viewer = await viewer_for(database, telegram_user_id=MEMBER.id)
    assert viewer is not None
    await toggle_mute(database, viewer=viewer, board_id=board_id, now=clock.now())
    farewell = await _ask(fake_api, MEMBER, "bye")
    assert farewell.plain_text == "Goodbye!"


async def test_nonsense_gets_the_general_questions_and_help_never_a_bare_refusal(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    reply = await _ask(fake_api, MEMBER, "purple elephants quantum banana")
    assert reply.plain_text == (
        "Sorry, I didn't understand that. Send /help to see what I can ask, or try one of these:"
    )
    assert _labels(reply) == [
        "When is the next meeting?",
        "Item 7B, which I present",
        "My actions",
    ]


async def test_a_question_not_understood_offers_the_closest_questions_and_they_answer(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _board(database, clock)
    closest = (
        Intent("item", "2", detail="presenter"),
        Intent("agenda", "2024-01-16"),
        Intent("item", "2", detail="presenter"),  # the same question twice: one button
    )
    _closest_are(monkeypatch, closest)
    reply = await _ask(fake_api, MEMBER, "who does the bcf thing")
    assert reply.plain_text == "I'm not sure what you mean. Did you mean:"
    assert _labels(reply) == ["Who presents item 2?", "Agenda for 16 January"]
    answer = await press(fake_api, MEMBER, reply, "Who presents item 2?")
    assert not answer.show_alert
    assert "Katherine Willison" in fake_api.messages_to(MEMBER.id)[-1].plain_text


async def test_a_suggestion_is_stale_for_another_member_and_when_forgotten(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    greeting = await _ask(fake_api, MEMBER, "hello")
    data = greeting.button_data("Item 7B, which I present")
    assert data is not None
    # Mike was never offered Diane's item: her button means nothing in his chat.
    answer = await forge(fake_api, MIKE, greeting, data)
    assert (answer.text, answer.show_alert) == (texts.STALE_BUTTON, True)
    # A key never offered (an old button from before a restart, say).
    answer = await forge(fake_api, MEMBER, greeting, "qs:0123456789")
    assert (answer.text, answer.show_alert) == (texts.STALE_BUTTON, True)
    assert len(fake_api.messages_to(MIKE.id)) == 0
    assert len(fake_api.messages_to(MEMBER.id)) == 1


async def test_a_stranger_saying_hello_is_asked_for_an_invite_and_offered_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    clock: FixedClock,
) -> None:
    await _board(database, clock)
    reply = await _ask(fake_api, STRANGER, "hello")
    assert "ask your clerk for an invite link" in reply.plain_text
    assert reply.buttons == []
    assert "Testshire" not in reply.plain_text


# -- the parts, without Telegram ----------------------------------------------------------------


class _Context:
    def __init__(self) -> None:
        self.user_data: dict[str, Any] = {}


@pytest.mark.parametrize(
    ("intent", "label"),
    [
        (Intent("next"), "When is the next meeting?"),
        (
            Intent("next", "Northshire Health and Wellbeing Board"),
            "When does Northshire Health and Wellbeing Board meet next?",
        ),
        (Intent("next", "2024-01-16"), "The meeting on 16 January"),
        (Intent("next", "previous"), "The last meeting"),
        (Intent("agenda", "after next"), "Agenda of the meeting after next"),
        (Intent("agenda"), "What's on the agenda?"),
        (Intent("agenda", "2024-01-16"), "Agenda for 16 January"),
        (Intent("agenda", "2024-01"), "Agenda for January 2024"),
        (Intent("agenda", "tuesday"), "Agenda for Tuesday"),
        (Intent("agenda", "previous"), "Agenda of the last meeting"),
        (Intent("agenda", detail="prepare"), "What do I need to read?"),
        (Intent("agenda", detail="purpose:approval"), "Which items are for approval?"),
        (Intent("item", "11", detail="presenter"), "Who presents item 11?"),
        (Intent("item", "10B", detail="pages"), "Which pages is item 10B on?"),
        (Intent("item", "8A", detail="decisions"), "What was decided on item 8A?"),
        (Intent("item", "8A"), "Item 8A"),
        (Intent("item", choices=("10A", "10B")), "Which item: 10A, 10B?"),
        (Intent("person", "Mike Sandys"), "Who is Mike Sandys?"),
        (Intent("person", "Mike Sandys", detail="items"), "What does Mike Sandys present?"),
        (Intent("person", "Mike Sandys", detail="role"), "What is Mike Sandys's role?"),
        (Intent("person", choices=("Mike Sandys", "Mike Hill")), "Who: Mike Sandys, Mike Hill?"),
        (Intent("person", "chair"), "Who is the chair?"),
        (Intent("person", "vice-chair", detail="actions"), "What are the vice-chair's actions?"),
        (Intent("person", "clerk", detail="role"), "What is the clerk's role?"),
        (Intent("agenda", detail="first"), "What's first on the agenda?"),
        (Intent("agenda", detail="last"), "What's the last item?"),
        (Intent("item", "2", detail="papers"), "What are the papers for item 2?"),
        (Intent("decisions", "better care fund"), "Decisions about better care fund"),
        (Intent("meetings", "past"), "Which meetings were held?"),
        (Intent("actions"), "My actions"),
        (Intent("help"), "What can I ask?"),
    ],
)
def test_each_suggestion_reads_as_a_short_question(intent: Intent, label: str) -> None:
    assert question_label(intent) == label


def test_a_long_name_is_clipped_to_one_line_of_a_button() -> None:
    label = question_label(Intent("agenda", "The Very Long Name of a Joint Committee " * 3))
    assert len(label) == 60 and label.endswith("…")


def test_the_same_question_has_the_same_key_and_only_the_latest_twenty_are_kept() -> None:
    context: Any = _Context()
    keys = [remember_question(context, Intent("item", str(number))) for number in range(25)]
    assert len(set(keys)) == 25
    assert len(context.user_data[SUGGESTED]) == KEPT
    assert recall_question(context, keys[0]) is None
    assert recall_question(context, keys[-1]) == Intent("item", "24")
    # Offered again: the same key, now the newest, so it outlives the others.
    assert (
        remember_question(context, Intent("item", "5"))
        == keys[5]
        == question_key(Intent("item", "5"))
    )
    assert list(context.user_data[SUGGESTED])[-1] == keys[5]
    # Kept as plain strings (pickled when instances share conversation state).
    assert all(
        isinstance(value, tuple) and all(isinstance(part, str | tuple) for part in value)
        for value in context.user_data[SUGGESTED].values()
    )


def test_someone_with_no_meetings_is_still_offered_three_questions() -> None:
    nothing = Situation(None, False, (), 0, False, False)
    assert [label for label, _ in general_questions(nothing)] == [
        "What meetings are coming up?",
        "Who is on my boards?",
        "What can I ask?",
    ]


def test_a_greeting_uses_the_first_name_past_an_honorific() -> None:
    assert first_name("Diane Ellison") == "Diane"
    assert first_name("Cllr. Diane Ellison") == "Diane"
    assert first_name("Dr Patel") == "Dr Patel"
