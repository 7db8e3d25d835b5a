"""[Done] and [Add update] on action reminders: closing an action kills its nudges, an update
lands in the action's history, and nobody else's press changes anything."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import ACTION_DONE, ACTION_UPDATE, action_button
from bot.handlers.action_buttons import UPDATE_WAIT
from core.clock import FixedClock
from core.errors import NotFoundError
from core.roles import Role
from fakegram import FakeBotApi, FakeChat, FakeUser, SentMessage
from packs.model import ActionRecord, Member
from services.access import AccessDenied
from services.actions.updates import (
    UPDATE_LIMIT,
    ActionUpdateError,
    action_history,
    add_update,
    complete_action,
)
from services.imports import import_pack
from services.people import link_telegram
from services.views import Viewer
from storage.engine import Database
from storage.models import Action, ActionEvent, Notification
from tests.auxil.buttons import forge, press
from tests.auxil.packs import make_pack

NOW = datetime(2023, 10, 3, 8, 0, tzinfo=UTC)  # the clock fixture's time
BOARD = "Testshire Health and Wellbeing Board"
DIANE = FakeUser(id=8201, first_name="Diane", last_name="Ellison")
MIKE = FakeUser(id=8202, first_name="Mike", last_name="Sandys")
CLERK = FakeUser(id=8203, first_name="Carol", last_name="Clerk")
STRANGER = FakeUser(id=8299, first_name="Eve")
NUDGE = "<b>Action 1 is due in 7 days</b>\nCirculate the falls data"


@dataclass(frozen=True, slots=True)
class Actions:
    diane: Viewer
    mike: Viewer
    clerk: Viewer
    falls: int  # Diane's, due Friday 20 October 2023
    venue: int  # Mike's, due Wednesday 25 October 2023


@pytest.fixture
async def actions(database: Database) -> Actions:
    pack = replace(
        make_pack(
            members=[
                Member(name="Diane Ellison", role=Role.CHAIR),
                Member(name="Mike Sandys", role=Role.MEMBER),
            ]
        ),
        actions=[
            ActionRecord(
                ref="1",
                description="Circulate the falls data",
                owner="Diane Ellison",
                due=date(2023, 10, 20),
            ),
            ActionRecord(
                ref="2",
                description="Find a venue for the away day",
                owner="Mike Sandys",
                due=date(2023, 10, 25),
            ),
        ],
    )
    await import_pack(database, pack=pack, board_name=None, timezone="Europe/London", now=NOW)
    linked = [
        await link_telegram(
            database,
            board_name=BOARD,
            person_name=name,
            telegram_user_id=user.id,
            role=role,
            now=NOW,
        )
        for name, user, role in (
            ("Diane Ellison", DIANE, None),
            ("Mike Sandys", MIKE, None),
            ("Carol Clerk", CLERK, "clerk"),
        )
    ]
    async with database.read() as session:
        ids = dict((await session.exec(select(Action.ref, Action.id))).all())
    assert ids["1"] is not None and ids["2"] is not None
    diane, mike, clerk = linked
    return Actions(diane=diane, mike=mike, clerk=clerk, falls=ids["1"], venue=ids["2"])


async def _action(database: Database, action_id: int) -> Action:
    async with database.read() as session:
        action = await session.get(Action, action_id)
    assert action is not None
    return action


async def _events(database: Database, action_id: int) -> list[tuple[str, int | None, str | None]]:
    async with database.read() as session:
        rows = await session.exec(
            select(ActionEvent)
            .where(ActionEvent.action_id == action_id)
            .order_by(col(ActionEvent.id))
        )
        return [(event.kind, event.person_id, event.detail) for event in rows.all()]


async def _nudges(database: Database, action_id: int) -> dict[str, tuple[str, str | None]]:
    """dedupe key -> (state, last error) of the action's outbox rows."""
    async with database.read() as session:
        rows = await session.exec(select(Notification).where(Notification.action_id == action_id))
        return {row.dedupe_key: (row.state, row.last_error) for row in rows.all()}


# -- the service ---------------------------------------------------------------------------------


async def test_done_closes_the_action_kills_its_nudges_and_is_recorded(
    database: Database, actions: Actions
) -> None:
    before = await _nudges(database, actions.falls)
    kinds = {key.split(":", 2)[2] for key in before}
    assert {f"person:{actions.diane.person_id}:{lead}" for lead in ("7d", "1d", "due")} <= kinds
    assert f"escalate:{actions.clerk.person_id}" in kinds
    assert {state for state, _ in before.values()} == {"pending"}
    others = await _nudges(database, actions.venue)

    completion = await complete_action(
        database, viewer=actions.diane, action_id=actions.falls, now=NOW
    )
    assert not completion.already_done and completion.action.status == "done"
    action = await _action(database, actions.falls)
    assert (action.status, action.updated_at_utc) == ("done", NOW)
    assert await _events(database, actions.falls) == [("done", actions.diane.person_id, None)]
    after = await _nudges(database, actions.falls)
    assert set(after) == set(before)
    assert set(after.values()) == {("dead", "action closed")}
    assert await _nudges(database, actions.venue) == others

    again = await complete_action(database, viewer=actions.diane, action_id=actions.falls, now=NOW)
    assert again.already_done
    assert len(await _events(database, actions.falls)) == 1


async def test_only_the_owner_or_the_clerk_may_close_an_action(
    database: Database, actions: Actions
) -> None:
    before = await _nudges(database, actions.falls)
    with pytest.raises(AccessDenied, match="owner or the board's clerk"):
        await complete_action(database, viewer=actions.mike, action_id=actions.falls, now=NOW)
    with pytest.raises(NotFoundError):
        await complete_action(database, viewer=actions.mike, action_id=9999, now=NOW)
    assert (await _action(database, actions.falls)).status == "open"
    assert await _events(database, actions.falls) == []
    assert await _nudges(database, actions.falls) == before

    await complete_action(database, viewer=actions.clerk, action_id=actions.venue, now=NOW)
    assert (await _action(database, actions.venue)).status == "done"
    assert await _events(database, actions.venue) == [("done", actions.clerk.person_id, None)]


async def test_updates_are_trimmed_limited_and_kept_in_the_history(
    database: Database, actions: Actions
) -> None:
    await add_update(
        database,
        viewer=actions.diane,
        action_id=actions.falls,
        text="  Sent to the ICB; awaiting their reply.  ",
        now=NOW,
    )
    for bad in ("   ", "x" * (UPDATE_LIMIT + 1)):
        with pytest.raises(ActionUpdateError):
            await add_update(
                database, viewer=actions.diane, action_id=actions.falls, text=bad, now=NOW
            )
    with pytest.raises(AccessDenied):
        await add_update(
            database, viewer=actions.mike, action_id=actions.falls, text="Not mine", now=NOW
        )
    await add_update(
        database,
        viewer=actions.diane,
        action_id=actions.falls,
        text="y" * UPDATE_LIMIT,
        now=NOW + timedelta(minutes=1),
    )
    await complete_action(
        database, viewer=actions.diane, action_id=actions.falls, now=NOW + timedelta(minutes=2)
    )
    history = await action_history(database, viewer=actions.clerk, action_id=actions.falls)
    assert [
        (event.kind, event.person_name, event.detail, event.at_utc) for event in history.events
    ] == [
        ("update", "Diane Ellison", "Sent to the ICB; awaiting their reply.", NOW),
        ("update", "Diane Ellison", "y" * UPDATE_LIMIT, NOW + timedelta(minutes=1)),
        ("done", "Diane Ellison", None, NOW + timedelta(minutes=2)),
    ]
    mine = await action_history(database, viewer=actions.diane, action_id=actions.falls)
    assert len(mine.events) == 3
    with pytest.raises(AccessDenied):
        await action_history(database, viewer=actions.mike, action_id=actions.falls)


# -- in chat -----------------------------------------------------------------------------------


def _keyboard(action_id: int) -> InlineKeyboardMarkup:
    """The buttons a reminder about an action carries."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_ACTION_DONE, callback_data=action_button(ACTION_DONE, action_id)
                ),
                InlineKeyboardButton(
                    texts.BUTTON_ACTION_UPDATE,
                    callback_data=action_button(ACTION_UPDATE, action_id),
                ),
            ]
        ]
    )


async def _nudge(bot_app: Any, fake: FakeBotApi, user: FakeUser, action_id: int) -> SentMessage:
    """A reminder about ``action_id`` in ``user``'s private chat, as the outbox sends it."""
    fake.add_chat(FakeChat.private(user))
    before = len(fake.messages_to(user.id))
    await bot_app.bot.send_message(user.id, NUDGE, reply_markup=_keyboard(action_id))
    return (await fake.wait_for_messages(user.id, before + 1))[before]


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def test_done_button_closes_the_action_and_marks_the_reminder(
    running_bot: Any, fake_api: FakeBotApi, database: Database, actions: Actions
) -> None:
    nudge = await _nudge(running_bot, fake_api, DIANE, actions.falls)
    answer = await press(fake_api, DIANE, nudge, texts.BUTTON_ACTION_DONE)
    assert answer.text == texts.ACTION_DONE_THANKS
    assert nudge.plain_text.splitlines() == [
        "Action 1 is due in 7 days",
        "Circulate the falls data",
        "",
        "✓ Marked done",
    ]
    assert "<b>Action 1 is due in 7 days</b>" in nudge.text  # the original formatting kept
    assert [[label for label, _ in row] for row in nudge.buttons] == [[texts.BUTTON_ACTION_UPDATE]]
    assert len(fake_api.messages_to(DIANE.id)) == 1
    assert (await _action(database, actions.falls)).status == "done"
    assert await _events(database, actions.falls) == [("done", actions.diane.person_id, None)]
    assert {state for state, _ in (await _nudges(database, actions.falls)).values()} == {"dead"}

    # An older reminder about the same action: nothing more to do, it says so.
    older = await _nudge(running_bot, fake_api, DIANE, actions.falls)
    assert (await press(fake_api, DIANE, older, texts.BUTTON_ACTION_DONE)).text == (
        texts.ACTION_ALREADY_DONE
    )
    assert older.plain_text.endswith("✓ Marked done")
    assert len(await _events(database, actions.falls)) == 1


async def test_someone_elses_done_button_changes_nothing(
    running_bot: Any, fake_api: FakeBotApi, database: Database, actions: Actions
) -> None:
    nudges = await _nudges(database, actions.falls)
    # Mike holds a reminder whose action is Diane's (reassigned since, or a forged button).
    stale = await _nudge(running_bot, fake_api, MIKE, actions.falls)
    refused = await press(fake_api, MIKE, stale, texts.BUTTON_ACTION_DONE)
    assert refused.show_alert
    assert refused.text == "Only the action's owner or the board's clerk can do that."
    gone = await forge(fake_api, MIKE, stale, f"{ACTION_DONE}:999999")
    assert gone.text == "That action no longer exists."
    assert (await forge(fake_api, MIKE, stale, f"{ACTION_DONE}:x")).text == texts.STALE_BUTTON
    assert (await forge(fake_api, STRANGER, stale, f"{ACTION_DONE}:{actions.falls}")).text == (
        texts.STRANGER_BUTTON
    )
    assert stale.edits == 0
    assert (await _action(database, actions.falls)).status == "open"
    assert await _events(database, actions.falls) == []
    assert await _nudges(database, actions.falls) == nudges


async def test_add_update_stores_the_next_message_only(
    running_bot: Any, fake_api: FakeBotApi, database: Database, actions: Actions
) -> None:
    nudge = await _nudge(running_bot, fake_api, DIANE, actions.falls)
    await press(fake_api, DIANE, nudge, texts.BUTTON_ACTION_UPDATE)
    [prompt] = fake_api.messages_to(DIANE.id)[1:]
    assert prompt.plain_text == (
        f"Send your update on action #{actions.falls} [1] (Circulate the falls data) "
        "in one message (or /cancel)."
    )
    assert (prompt.reply_markup or {}).get("force_reply") is True

    saved = await _say(fake_api, DIANE, "Sent to the ICB <on Monday> & chased.")
    assert saved.plain_text == (
        f"Update saved on action #{actions.falls} [1] (Circulate the falls data). "
        "Your clerk can see it."
    )
    assert await _events(database, actions.falls) == [
        ("update", actions.diane.person_id, "Sent to the ICB <on Monday> & chased.")
    ]
    assert (await _action(database, actions.falls)).status == "open"
    # The message after that is a question again, not an update.
    answer = await _say(fake_api, DIANE, "when is the next meeting?")
    assert "Update saved" not in answer.plain_text
    assert len(await _events(database, actions.falls)) == 1


async def test_a_too_long_update_is_refused_and_the_next_one_kept(
    running_bot: Any, fake_api: FakeBotApi, database: Database, actions: Actions
) -> None:
    nudge = await _nudge(running_bot, fake_api, DIANE, actions.falls)
    await press(fake_api, DIANE, nudge, texts.BUTTON_ACTION_UPDATE)
    refused = await _say(fake_api, DIANE, "z" * (UPDATE_LIMIT + 1))
    assert refused.plain_text == (
        f"That update is {UPDATE_LIMIT + 1} characters long; the limit is {UPDATE_LIMIT}. "
        "Please send a shorter one. Or send /cancel."
    )
    assert await _events(database, actions.falls) == []
    await _say(fake_api, DIANE, "Shorter: done by Friday.")
    assert await _events(database, actions.falls) == [
        ("update", actions.diane.person_id, "Shorter: done by Friday.")
    ]


async def test_cancel_and_waiting_too_long_store_nothing(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    actions: Actions,
    clock: FixedClock,
) -> None:
    assert (await _say(fake_api, DIANE, "/cancel")).plain_text == texts.NOTHING_TO_CANCEL
    nudge = await _nudge(running_bot, fake_api, DIANE, actions.falls)
    await press(fake_api, DIANE, nudge, texts.BUTTON_ACTION_UPDATE)
    assert (await _say(fake_api, DIANE, "/cancel")).plain_text == texts.ACTION_UPDATE_CANCELLED
    await _say(fake_api, DIANE, "Sent to the ICB.")

    await press(fake_api, DIANE, nudge, texts.BUTTON_ACTION_UPDATE)
    clock.advance(UPDATE_WAIT + timedelta(seconds=1))
    late = await _say(fake_api, DIANE, "Sent to the ICB.")
    assert "Update saved" not in late.plain_text
    assert await _events(database, actions.falls) == []

    # Mike may not add an update to Diane's action: he is told at once, not asked for text.
    stale = await _nudge(running_bot, fake_api, MIKE, actions.falls)
    refused = await press(fake_api, MIKE, stale, texts.BUTTON_ACTION_UPDATE)
    assert refused.text == "Only the action's owner or the board's clerk can do that."
    assert len(fake_api.messages_to(MIKE.id)) == 1
