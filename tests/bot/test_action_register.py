"""The action register in chat, end to end: a clerk's /action add (with dates to confirm), the
owner's [Done] and [Can't do], the audit trail, and what the bot shows after the next import."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot import texts
from bot.callbacks import date_choice
from bot.deps import deps_of_application
from bot.handlers.action_admin import DRAFT_WAIT, parse_new_action
from bot.notices import _action_keyboard
from core.clock import FixedClock
from fakegram import FakeBotApi, FakeUser, SentMessage
from notify.dispatcher import Dispatcher
from services.imports import import_pack
from storage.engine import Database
from tests.auxil.action_register import (
    BOARD,
    CLERK,
    DIANE,
    MIKE,
    NOVEMBER,
    NOW,
    Register,
    action_events,
    action_nudges,
    action_row,
    all_actions,
    count_actions,
)
from tests.auxil.buttons import forge, press


async def _say(fake: FakeBotApi, user: FakeUser, text: str) -> SentMessage:
    before = len(fake.messages_to(user.id))
    await fake.user_sends(user, text)
    await fake.wait_for_messages(user.id, before + 1)
    await fake.wait_until_quiet(quiet=0.15)
    return fake.messages_to(user.id)[before]


async def _nudge(bot_app: Any, fake: FakeBotApi, user: FakeUser, action_id: int) -> SentMessage:
    """A reminder about ``action_id`` with the buttons the outbox puts on it."""
    before = len(fake.messages_to(user.id))
    await bot_app.bot.send_message(
        user.id, "<b>Your action is due in 7 days</b>", reply_markup=_action_keyboard(action_id)
    )
    return (await fake.wait_for_messages(user.id, before + 1))[before]


async def test_clerk_adds_an_action_the_owner_closes_it_and_the_audit_trail_shows_both(
    running_bot: Any, fake_api: FakeBotApi, database: Database, register: Register
) -> None:
    added = await _say(
        fake_api, CLERK, "/action add Draft the falls strategy @Diane Ellison by 31 Oct"
    )
    [*_, new] = await all_actions(database)
    assert new.id is not None
    assert added.plain_text.splitlines() == [
        f"Added action #{new.id} on {BOARD}:",
        "Draft the falls strategy",
        "Owner: Diane Ellison",
        "Due: Tuesday 31 October 2023",
    ]
    assert (new.description, new.owner_id, new.due_on, new.status) == (
        "Draft the falls strategy",
        register.diane.person_id,
        date(2023, 10, 31),
        "open",
    )
    nudges = await action_nudges(database, new.id)
    assert f"action:{new.id}:person:{register.diane.person_id}:7d" in nudges

    # The owner's /actions lists it with its buttons; [Done] there closes it.
    listing = await _say(fake_api, DIANE, "/actions")
    assert f"#{new.id} Draft the falls strategy" in listing.plain_text
    assert [f"✓ Done #{new.id}", f"Update #{new.id}", f"Can't do #{new.id}"] in [
        [label for label, _ in row] for row in listing.buttons
    ]
    assert (await press(fake_api, DIANE, listing, f"✓ Done #{new.id}")).text == (
        texts.ACTION_DONE_THANKS
    )
    assert f"✓ Done #{new.id}" not in [label for row in listing.buttons for label, _ in row]
    assert fake_api.messages_to(DIANE.id)[-1].plain_text == f"✓ Marked done: #{new.id}"
    assert (await action_row(database, new.id)).status == "done"
    assert set((await action_nudges(database, new.id)).values()) == {"dead"}

    # A nudge carries the same three buttons.
    nudge = await _nudge(running_bot, fake_api, DIANE, new.id)
    assert [[label for label, _ in row] for row in nudge.buttons] == [
        [texts.BUTTON_ACTION_DONE, texts.BUTTON_ACTION_UPDATE],
        [texts.BUTTON_ACTION_CANT_DO],
    ]

    # The clerk's register shows it done.
    board_view = await _say(fake_api, CLERK, "/actions board")
    assert "Draft the falls strategy" in board_view.plain_text
    [entry] = [block for block in board_view.plain_text.split("\n\n") if "Draft the falls" in block]
    assert "✅ done" in entry

    history = await _say(fake_api, CLERK, f"/action history #{new.id}")
    assert history.plain_text.splitlines() == [
        f"History of #{new.id} Draft the falls strategy",
        f"{BOARD} · owner: Diane Ellison · due: Tuesday 31 October 2023 · done",
        "",
        "• Tuesday 3 October 2023, 9:00am: created by Carol Clerk: "
        "Owner: Diane Ellison; due 2023-10-31",
        "• Tuesday 3 October 2023, 9:00am: marked done by Diane Ellison",
    ]
    # The owner may read it too; another member may not.
    assert (
        "created by Carol Clerk"
        in (await _say(fake_api, DIANE, f"/action history {new.id}")).plain_text
    )
    refused = await _say(fake_api, MIKE, f"/action history #{new.id}")
    assert refused.plain_text == "Only the board's clerk can do that."


async def test_a_date_to_confirm_stores_nothing_until_a_day_is_pressed(
    running_bot: Any,
    fake_api: FakeBotApi,
    database: Database,
    register: Register,
    clock: FixedClock,
) -> None:
    before = await count_actions(database)
    # Tuesday 3 October: "next Wed" is tomorrow or the week after.
    question = await _say(fake_api, CLERK, "/action add Book the room for Mike Sandys due next Wed")
    assert question.plain_text == "“next Wed” could mean either of these days. Which one?"
    assert [[label for label, _ in row] for row in question.buttons] == [
        ["Wednesday 4 October 2023"],
        ["Wednesday 11 October 2023"],
    ]
    assert await count_actions(database) == before

    # Forged and foreign presses change nothing.
    key = question.button_data("Wednesday 4 October 2023").split(":")[1]
    stale = texts.ACTION_DATE_STALE
    assert (await forge(fake_api, CLERK, question, date_choice(key, date(2023, 10, 5)))).text == (
        stale
    )
    assert (await forge(fake_api, CLERK, question, "dc:beef:20231011")).text == stale
    assert (await forge(fake_api, CLERK, question, f"dc:{key}:20231399")).text == stale
    assert (await press(fake_api, MIKE, question, "Wednesday 11 October 2023")).text == stale
    assert await count_actions(database) == before

    assert (await press(fake_api, CLERK, question, "Wednesday 11 October 2023")).text is None
    await fake_api.wait_until_quiet(quiet=0.15)
    [*_, new] = await all_actions(database)
    assert (new.description, new.owner_id, new.due_on) == (
        "Book the room",
        register.mike.person_id,
        date(2023, 10, 11),
    )
    confirmed = fake_api.messages_to(CLERK.id)[-1]
    assert "Due: Wednesday 11 October 2023" in confirmed.plain_text
    assert question.buttons == []  # the question loses its buttons
    # Pressing the (stale) button again does not add it twice.
    assert (await forge(fake_api, CLERK, question, date_choice(key, date(2023, 10, 11)))).text == (
        stale
    )
    assert await count_actions(database) == before + 1

    # A question left unanswered too long expires.
    late = await _say(fake_api, CLERK, "/action add Order the banners @Mike Sandys by 1 Jan")
    assert late.plain_text == "“1 Jan” has already gone. Which day do you mean?"
    clock.advance(DRAFT_WAIT + timedelta(seconds=1))
    assert (await press(fake_api, CLERK, late, "Monday 1 January 2024")).text == stale
    assert await count_actions(database) == before + 1


async def test_only_clerks_add_actions_and_only_for_people_on_the_board(
    running_bot: Any, fake_api: FakeBotApi, database: Database, register: Register
) -> None:
    before = await count_actions(database)
    refused = await _say(fake_api, MIKE, "/action add Buy biscuits @Diane Ellison by 31 Oct")
    assert refused.plain_text == texts.CLERK_ONLY
    unknown = await _say(fake_api, CLERK, "/action add Buy biscuits @Dianne Elison by 31 Oct")
    assert unknown.plain_text == (
        f"I can't tell who “Dianne Elison” is on {BOARD}. Did you mean: Diane Ellison?"
    )
    usage = await _say(fake_api, CLERK, "/action")
    assert usage.plain_text.startswith("/action: the action register (clerks)")
    assert await count_actions(database) == before


async def test_cant_do_tells_the_clerk_privately_with_the_reason(
    running_bot: Any, fake_api: FakeBotApi, database: Database, register: Register
) -> None:
    dispatcher: Dispatcher | None = deps_of_application(running_bot).outbox.dispatcher
    assert dispatcher is not None
    nudge = await _nudge(running_bot, fake_api, DIANE, register.falls)
    await press(fake_api, DIANE, nudge, texts.BUTTON_ACTION_CANT_DO)
    prompt = fake_api.messages_to(DIANE.id)[-1]
    assert prompt.plain_text == (
        f"Why can't you do action #{register.falls} [1] (Circulate the falls data)? "
        "Send a short reason in one message (or /cancel)."
    )
    told = await _say(fake_api, DIANE, "I'm on leave <until> November.")
    assert told.plain_text == texts.ACTION_CANT_DO_SENT

    await dispatcher.settled()
    await fake_api.wait_until_quiet(quiet=0.1)
    [notice] = [m for m in fake_api.messages_to(CLERK.id) if "can't do an action" in m.plain_text]
    assert notice.plain_text.splitlines() == [
        "🙋 Diane Ellison can't do an action",
        f"{BOARD} · Tuesday 3 October 2023, 9:00am",
        f"#{register.falls} [1] Circulate the falls data",
        "Due: Friday 20 October 2023",
        "Reason: I'm on leave <until> November.",
        "",
        texts.ACTION_CANT_DO_FOOTER,
    ]
    assert (await action_row(database, register.falls)).status == "open"
    assert await action_events(database, register.falls) == [
        ("cant-do", register.diane.person_id, "I'm on leave <until> November.")
    ]
    # Mike may not say he can't do Diane's action.
    stale = await _nudge(running_bot, fake_api, MIKE, register.falls)
    refused = await press(fake_api, MIKE, stale, texts.BUTTON_ACTION_CANT_DO)
    assert refused.text == "Only the action's owner can say they can't do it."


def test_the_owner_may_have_spaces_and_the_description_may_say_for() -> None:
    parsed = parse_new_action("Write to the ICB for the chair @Diane Ellison by next Friday")
    assert parsed is not None
    assert (parsed.description, parsed.owner_name, parsed.date_text) == (
        "Write to the ICB for the chair",
        "Diane Ellison",
        "next Friday",
    )
    parsed = parse_new_action("Book the room for Mike Sandys due 31/1")
    assert parsed is not None
    assert (parsed.description, parsed.owner_name, parsed.date_text) == (
        "Book the room",
        "Mike Sandys",
        "31/1",
    )
    assert parse_new_action("Book the room by Friday") is None


async def test_after_the_next_pack_the_bot_shows_each_action_once_with_its_new_status(
    running_bot: Any, fake_api: FakeBotApi, database: Database, register: Register
) -> None:
    await _say(fake_api, CLERK, "/action add Draft the falls strategy @Diane Ellison by 31 Oct")
    await import_pack(
        database,
        pack=NOVEMBER,
        board_name=None,
        timezone="Europe/London",
        now=NOW + timedelta(days=1),
    )
    mine = (await _say(fake_api, DIANE, "/actions")).plain_text
    assert mine.count("Circulate the falls data") == 1
    assert mine.lower().count("draft the falls strategy") == 1
    register_view = (await _say(fake_api, CLERK, "/actions board")).plain_text
    assert register_view.count("Circulate the falls data") == 1
    assert register_view.lower().count("find a venue for the") == 1
    [venue] = [b for b in register_view.split("\n\n") if "venue" in b.lower()]
    assert "✅ done" in venue
    [falls] = [b for b in register_view.split("\n\n") if "Circulate the falls" in b]
    assert "carried forward" in falls
