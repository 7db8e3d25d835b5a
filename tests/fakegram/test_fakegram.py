"""fakegram against the real python-telegram-bot: polling, handlers, validation and faults."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from fakegram import EntityParseError, FakeBotApi, FakeChat, FakeUser, parse_html
from fakegram.params import decode_params

TOKEN = "7000000001:TEST-token"
ANN = FakeUser(101, "Ann", last_name="Archer", username="ann")
BOB = FakeUser(102, "Bob")
BOARD = FakeChat.group(-4001, "Board of Trustees")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client


@asynccontextmanager
async def running(fake: FakeBotApi, *handlers: BaseHandler[Any, Any, Any]) -> AsyncIterator[Any]:
    """Run a real PTB Application, long polling the fake, with the given handlers."""
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    for handler in handlers:
        app.add_handler(handler)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=dt.timedelta(seconds=1))
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Attend", callback_data="rsvp:yes"),
                InlineKeyboardButton("Apologies", callback_data="rsvp:no"),
            ],
            [InlineKeyboardButton("Agenda", url="https://example.org/agenda")],
        ]
    )
    await update.effective_message.reply_text(
        "<b>Board meeting</b> on Tuesday &amp; Wednesday",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
    )


async def rsvp(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer("Noted")
    answer = "attending" if query.data == "rsvp:yes" else "sending apologies"
    await query.edit_message_text(f"<i>{query.from_user.first_name}</i> is {answer}", "HTML")


@pytest.fixture
async def app(fake: FakeBotApi) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    async with running(fake, CommandHandler("start", start), CallbackQueryHandler(rsvp)) as app:
        yield app


# -- the real bot, end to end ----------------------------------------------------------------


async def test_command_reply_keyboard_press_and_edit(fake: FakeBotApi, app: Any) -> None:
    update = await fake.user_sends(ANN, "/start")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]

    [message] = await fake.wait_for_messages(ANN.id, 1)
    assert message.text == "<b>Board meeting</b> on Tuesday &amp; Wednesday"
    assert message.plain_text == "Board meeting on Tuesday & Wednesday"
    assert message.parse_mode == "HTML"
    assert message.entities == [{"type": "bold", "offset": 0, "length": 13}]
    assert message.buttons == [
        [("Attend", "rsvp:yes"), ("Apologies", "rsvp:no")],
        [("Agenda", "https://example.org/agenda")],
    ]
    assert message.reply_to is None  # PTB only quotes in groups by default

    await fake.user_presses(ANN, message, "rsvp:yes")
    await fake.wait_until_quiet()

    assert message.plain_text == "Ann is attending"
    assert message.edits == 1
    assert message.history == ["<b>Board meeting</b> on Tuesday &amp; Wednesday"]
    # Telegram drops the inline keyboard when an edit does not repeat it.
    assert message.reply_markup is None and message.buttons == []
    assert [answer.text for answer in fake.callback_answers] == ["Noted"]
    assert fake.messages_to(ANN.id) == [message]
    assert not fake.pending_updates()


async def test_command_with_bot_username_in_a_group(fake: FakeBotApi, app: Any) -> None:
    update = await fake.user_sends(BOB, "/start@quorum_demo_bot now", chat=BOARD)
    assert update["message"]["entities"][0]["length"] == len("/start@quorum_demo_bot")
    assert update["message"]["chat"] == {"id": BOARD.id, "type": "group", "title": BOARD.title}

    [message] = await fake.wait_for_messages(BOARD.id, 1)
    assert message.plain_text.startswith("Board meeting")
    assert message.reply_to is not None
    assert message.reply_to["text"] == "/start@quorum_demo_bot now"
    assert fake.messages_to(BOB.id) == []


async def test_user_presses_requires_an_existing_button(fake: FakeBotApi, app: Any) -> None:
    await fake.user_sends(ANN, "/start")
    [message] = await fake.wait_for_messages(ANN.id, 1)
    with pytest.raises(ValueError, match="rsvp:maybe"):
        await fake.user_presses(ANN, message, "rsvp:maybe")
    with pytest.raises(ValueError, match="no button"):
        await fake.user_presses(ANN, message, "https://example.org/agenda")


async def test_wait_for_message_finds_the_one_wanted_or_says_what_it_saw(
    fake: FakeBotApi, app: Any
) -> None:
    await fake.user_sends(ANN, "/start")
    found = await fake.wait_for_message(ANN.id, lambda m: m.plain_text.startswith("Board"))
    assert found.plain_text.startswith("Board meeting")
    with pytest.raises(TimeoutError, match="Board meeting on Tuesday"):
        await fake.wait_for_message(ANN.id, lambda m: "never" in m.plain_text, timeout=0.1)


async def test_wait_helpers_explain_timeouts(fake: FakeBotApi) -> None:
    await fake.user_sends(ANN, "hello")  # nobody is polling
    with pytest.raises(TimeoutError, match="is the bot polling"):
        await fake.wait_for_messages(ANN.id, 1, timeout=0.05)
    with pytest.raises(TimeoutError, match="not yet confirmed by getUpdates"):
        await fake.wait_until_quiet(quiet=0.01, timeout=0.05)


# -- validation like Telegram's ----------------------------------------------------------------


async def test_html_br_is_rejected(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag \"br\""):
        await bot.send_message(ANN.id, "line one<br>line two", parse_mode=ParseMode.HTML)
    assert fake.messages_to(ANN.id) == []
    assert fake.calls("sendMessage")[-1].status == 400


async def test_html_unescaped_ampersand_and_bad_nesting_are_rejected(
    fake: FakeBotApi, bot: Bot
) -> None:
    await fake.user_sends(ANN, "hi")
    for text in ("Finance & Audit", "<b>bold <i>both</b></i>", "<b>open", "2 < 3", "&nbsp;"):
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(ANN.id, text, parse_mode=ParseMode.HTML)
    # Without a parse mode the same text is fine.
    sent = await bot.send_message(ANN.id, "Finance & Audit")
    assert sent.text == "Finance & Audit"


async def test_text_length_is_measured_after_entity_parsing(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi")
    longest = "<b>" + "x" * 4095 + "</b>&amp;"
    sent = await bot.send_message(ANN.id, longest, parse_mode=ParseMode.HTML)
    assert len(sent.text or "") == 4096
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ANN.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ANN.id, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_callback_data_limit_is_64_bytes(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi")
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="é" * 32)]])
    await bot.send_message(ANN.id, "fits", reply_markup=fits)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(ANN.id, "too long", reply_markup=too_long)


async def test_unknown_chat_is_not_found(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999, "hello?")
    fake.add_chat(BOARD)
    await bot.send_message(BOARD.id, "hello board")
    assert [m.plain_text for m in fake.messages_to(BOARD.id)] == ["hello board"]


async def test_edit_rules(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(ANN.id, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>v1</b>", ANN.id, sent.message_id, parse_mode="HTML", reply_markup=keyboard
        )
    await bot.edit_message_reply_markup(ANN.id, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("v2", ANN.id, 12345)
    [message] = fake.messages_to(ANN.id)
    assert message.edits == 1 and message.buttons == []


async def test_callback_queries_are_answered_once(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    await bot.send_message(ANN.id, "pick", reply_markup=keyboard)
    update = await fake.user_presses(ANN, fake.messages_to(ANN.id)[0], "a")
    query_id = update["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="done")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


# -- fault injection -------------------------------------------------------------------------


async def test_fail_next_flood_control(
    fake: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    await fake.user_sends(ANN, "hi")
    fake.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 7",
        retry_after=7,
    )
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(ANN.id, "one")
    assert raised.value.retry_after == dt.timedelta(seconds=7)
    await bot.send_message(ANN.id, "two")  # only the next call fails
    assert [m.plain_text for m in fake.messages_to(ANN.id)] == ["two"]
    assert fake.calls("sendMessage")[0].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }


async def test_fail_next_blocked_and_server_errors(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi")
    await fake.user_sends(BOB, "hi")
    fake.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=BOB.id,
        times=2,
    )
    await bot.send_message(ANN.id, "Ann is fine")
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(BOB.id, "Bob blocked us")
    await bot.send_message(BOB.id, "unblocked")
    fake.fail_next("sendChatAction", error_code=502, description="Bad Gateway")
    with pytest.raises(NetworkError):
        await bot.send_chat_action(ANN.id, "typing")


async def test_fail_next_group_migration(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "hi all", chat=BOARD)
    fake.fail_next(
        "sendMessage",
        error_code=400,
        description="Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-1001234567890,
    )
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(BOARD.id, "minutes")
    assert raised.value.new_chat_id == -1001234567890
    sent = await bot.send_message(-1001234567890, "minutes")
    assert sent.chat.type == "supergroup" and sent.chat.title == BOARD.title


# -- getUpdates ------------------------------------------------------------------------------


async def test_get_updates_offset_limit_and_timeout(fake: FakeBotApi, bot: Bot) -> None:
    for word in ("one", "two", "three"):
        await fake.user_sends(ANN, word)
    fake.add_update(
        {"update_id": 50, "message": {**_raw_message(9, "raw"), "chat": BOARD.to_api()}}
    )

    everything = await bot.get_updates(timeout=0)
    assert [u.update_id for u in everything] == [1, 2, 3, 50]
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [1, 2, 3, 50]  # unconfirmed
    assert [u.update_id for u in await bot.get_updates(offset=2, limit=2, timeout=0)] == [2, 3]
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [2, 3, 50]  # 1 confirmed
    assert [u.update_id for u in await bot.get_updates(offset=-1, timeout=0)] == [50]
    assert await bot.get_updates(offset=51, timeout=0) == ()

    fake.add_update({"message": _raw_message(10, "auto id")})
    assert [u.update_id for u in await bot.get_updates(offset=51, timeout=0)] == [51]

    loop = asyncio.get_running_loop()
    began = loop.time()
    assert await bot.get_updates(offset=52, timeout=1) == ()
    assert 0.9 <= loop.time() - began < 2


async def test_long_poll_wakes_on_update_and_on_stop(fake: FakeBotApi, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0.05)
    began = loop.time()
    await fake.user_sends(ANN, "wake up")
    [update] = await poll
    assert update.message is not None and update.message.text == "wake up"
    assert loop.time() - began < 0.5

    poll = asyncio.create_task(bot.get_updates(offset=update.update_id + 1, timeout=30))
    await asyncio.sleep(0.05)
    began = loop.time()
    await fake.stop()
    assert await poll == ()
    assert loop.time() - began < 1


async def test_second_long_poll_terminates_the_first(fake: FakeBotApi, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    # A second bot instance (PTB allows one getUpdates at a time per Bot).
    async with Bot(TOKEN, base_url=fake.base_url) as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


# -- files, commands, wire formats ---------------------------------------------------------------


async def test_send_document_stores_bytes_and_can_be_downloaded(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends(ANN, "minutes please")
    data = b"Minutes of the board meeting\n\n1. Apologies\n"
    sent = await bot.send_document(
        ANN.id, data, filename="minutes.txt", caption="<b>Minutes</b>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "minutes.txt"
    assert sent.caption == "Minutes"

    [message] = fake.messages_to(ANN.id)
    assert message.document is not None
    assert (message.document.filename, message.document.data) == ("minutes.txt", data)
    assert message.document.mime_type == "text/plain"
    assert fake.calls("sendDocument")[0].files["document"].data == data

    telegram_file = await bot.get_file(sent.document.file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == data


async def test_user_document_reaches_the_bot(fake: FakeBotApi, bot: Bot) -> None:
    await fake.user_sends_document(ANN, "pack.txt", b"agenda item", mime_type="text/plain")
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.document is not None
    telegram_file = await update.message.document.get_file()
    assert bytes(await telegram_file.download_as_bytearray()) == b"agenda item"


async def test_commands_are_stored_per_scope_and_language(fake: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("agenda", "Agenda")])
    await bot.set_my_commands(
        [BotCommand("minutes", "Minutes")],
        scope=BotCommandScopeAllGroupChats(),
        language_code="de",
    )
    assert fake.bot_commands() == [
        {"command": "start", "description": "Start"},
        {"command": "agenda", "description": "Agenda"},
    ]
    assert fake.bot_commands(scope={"type": "all_group_chats"}, language_code="de") == [
        {"command": "minutes", "description": "Minutes"}
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "agenda"]
    assert await bot.get_my_commands(scope=BotCommandScopeAllGroupChats()) == ()
    await bot.delete_my_commands()
    assert fake.bot_commands() == []
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start-Now", "bad")])


async def test_json_and_form_bodies_and_unknown_methods(fake: FakeBotApi) -> None:
    await fake.user_sends(ANN, "hi")
    url = f"{fake.base_url}{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    async with aiohttp.ClientSession() as session:
        body = {"chat_id": ANN.id, "text": "json", "reply_markup": markup}
        async with session.post(f"{url}/sendMessage", json=body) as response:
            assert response.status == 200
            assert (await response.json())["result"]["reply_markup"] == markup
        form = {"chat_id": str(ANN.id), "text": "123", "reply_markup": json.dumps(markup)}
        async with session.post(f"{url}/sendMessage", data=form) as response:
            assert (await response.json())["result"]["text"] == "123"
        async with session.post(f"{url}/sendMessage", data={"chat_id": "1", "text": "x"}) as resp:
            assert resp.status == 400
            assert (await resp.json())["description"] == "Bad Request: chat not found"
        async with session.post(f"{url}/sendTelepathy", data={}) as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
    assert [m.buttons for m in fake.messages_to(ANN.id)] == [[[("Go", "go")]]] * 2
    assert fake.calls("sendMessage")[1].params["text"] == "123"


def test_decode_params_uses_field_types() -> None:
    decoded = decode_params(
        {
            "chat_id": "-1001",
            "text": "[1, 2]",
            "reply_markup": '{"force_reply": true}',
            "disable_notification": "true",
            "message_id": "7",
        }
    )
    assert decoded == {
        "chat_id": -1001,
        "text": "[1, 2]",
        "reply_markup": {"force_reply": True},
        "disable_notification": True,
        "message_id": 7,
    }
    assert decode_params({"chat_id": "@quorum_board"})["chat_id"] == "@quorum_board"


# -- the HTML parser on its own ------------------------------------------------------------------


def test_parse_html_entities_use_utf16_offsets() -> None:
    parsed = parse_html(
        '😀 <b>bold <i>both</i></b> <a href="https://x.org/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>"
        "&lt;&gt;&amp;&quot;&#39;&#x27;"
    )
    assert parsed.text == "😀 bold both link x = 1qs<>&\"''"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 13, "length": 4, "url": "https://x.org/?a=1&b=2"},
        {"type": "pre", "offset": 18, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 23, "length": 1},
        {"type": "spoiler", "offset": 24, "length": 1},
    ]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("a<br>b", 'Unsupported start tag "br" at byte offset 1'),
        ("a<br/>b", 'Unsupported start tag "br" at byte offset 1'),
        ("é & b", 'Unescaped "&" at byte offset 3'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp"'),
        ("&amp x", 'Unsupported HTML entity "&amp" at byte offset 0'),
        ("a &amp", 'Unescaped "&" at byte offset 2'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<!-- note -->", "Unsupported start tag"),
        ("a <3", "Unclosed start tag at byte offset 2"),
    ],
)
def test_parse_html_errors(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(source)
    assert error in str(raised.value)


def _raw_message(message_id: int, text: str) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "date": 1_700_000_000,
        "chat": {"id": ANN.id, "type": "private", "first_name": ANN.first_name},
        "from": ANN.to_api(),
        "text": text,
    }
