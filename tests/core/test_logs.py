"""Logs: readable text on stderr, or JSON lines on stdout; never with the bot token."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram.error import InvalidToken

from core.logs import QUIET_LOGGERS, configure_logging
from core.settings import load_settings
from fakegram import FakeBotApi
from tests.auxil.people import STRANGER
from tests.auxil.processes import quorum_env, spawn_quorum

# The shape @BotFather gives (this one is the example from Telegram's documentation).
REAL_SHAPED_TOKEN = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"
TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
TEXT_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (\w+) ([\w.]+): (.*)")


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, put back as it was after the test (handlers, levels)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet_levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    for name, quiet_level in quiet_levels.items():
        logging.getLogger(name).setLevel(quiet_level)


def _json_lines(stream: io.StringIO) -> list[dict[str, object]]:
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert all(isinstance(entry, dict) for entry in entries)
    return entries


def test_json_lines_carry_level_logger_message_and_extra_fields(
    root_logger: logging.Logger,
) -> None:
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    log = logging.getLogger("bot.handlers")
    log.info(
        "handled %s in %.1f ms",
        "/next",
        2.5,
        extra={"update_id": 901, "chat_id": -1001234, "kind": "command"},
    )
    log.debug("not at INFO")
    [entry] = _json_lines(stream)
    assert entry == {
        "ts": entry["ts"],
        "level": "INFO",
        "logger": "bot.handlers",
        "message": "handled /next in 2.5 ms",
        "update_id": 901,
        "chat_id": -1001234,
        "kind": "command",
    }
    assert TS.fullmatch(str(entry["ts"]))


def test_json_line_of_an_exception_has_its_traceback(root_logger: logging.Logger) -> None:
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    try:
        raise KeyError("meeting")
    except KeyError:
        logging.getLogger("notify.dispatcher").exception("send failed", extra={"row": 7})
    [entry] = _json_lines(stream)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "send failed"
    assert entry["row"] == 7
    exception = str(entry["exception"])
    assert exception.startswith("Traceback (most recent call last):")
    assert exception.endswith("KeyError: 'meeting'")


def test_text_format_is_the_readable_line_it_always_was(root_logger: logging.Logger) -> None:
    stream = io.StringIO()
    configure_logging("text", logging.WARNING, stream=stream)
    logging.getLogger("bot.app").info("not at WARNING")
    logging.getLogger("bot.app").warning("the outbox has %d failed rows", 3)
    [line] = stream.getvalue().splitlines()
    match = TEXT_LINE.fullmatch(line)
    assert match is not None, line
    assert match.groups() == ("WARNING", "bot.app", "the outbox has 3 failed rows")


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_bot_token_is_redacted_everywhere(root_logger: logging.Logger, log_format: str) -> None:
    stream = io.StringIO()
    configure_logging(
        load_settings(log_format=log_format, telegram_token=REAL_SHAPED_TOKEN), stream=stream
    )
    log = logging.getLogger("telegram.ext.Updater")
    url = f"https://api.telegram.org/bot{REAL_SHAPED_TOKEN}/getUpdates"
    log.error("Error while getting Updates: %s", url, extra={"url": url})
    try:
        # What python-telegram-bot raises when Telegram refuses the token.
        raise InvalidToken(f"The token `{REAL_SHAPED_TOKEN}` was rejected by the server.")
    except InvalidToken:
        log.exception("startup failed")
    output = stream.getvalue()
    assert REAL_SHAPED_TOKEN not in output
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq" not in output
    assert "https://api.telegram.org/bot<token>/getUpdates" in output
    assert "The token `<token>` was rejected by the server." in output
    if log_format == "json":
        first, second = _json_lines(stream)
        assert first["url"] == "https://api.telegram.org/bot<token>/getUpdates"
        assert "InvalidToken" in str(second["exception"])


def test_configured_and_derived_webhook_secrets_are_redacted(
    root_logger: logging.Logger,
) -> None:
    stream = io.StringIO()
    derived = load_settings(telegram_token="42:short")
    configure_logging(derived, "DEBUG", stream=stream)
    log = logging.getLogger("telegram.Bot")
    # What PTB logs at DEBUG when `quorum run --webhook` sets the webhook.
    log.debug(
        "Calling Bot API endpoint `%s` with parameters `%s`",
        "setWebhook",
        {
            "url": f"https://quorum.example.org/telegram/{derived.webhook_path_value}",
            "secret_token": derived.webhook_secret_value,
        },
    )
    log.warning("token 42:short")
    configure_logging(load_settings(webhook_secret="hook-secret-value"), stream=stream)
    log.warning("secret hook-secret-value")
    messages = [line.split(": ", 1)[1] for line in stream.getvalue().splitlines()]
    assert messages == [
        "Calling Bot API endpoint `setWebhook` with parameters "
        "`{'url': 'https://quorum.example.org/telegram/<token>', 'secret_token': '<token>'}`",
        "token <token>",
        "secret <token>",
    ]


def test_settings_choose_format_and_level_and_httpx_stays_quiet(
    root_logger: logging.Logger,
) -> None:
    stream = io.StringIO()
    configure_logging(load_settings(log_format="json", log_level="warning"), stream=stream)
    configure_logging(load_settings(log_format="json", log_level="warning"), stream=stream)
    logging.getLogger("bot").info("below the level")
    logging.getLogger("httpx").warning("a warning from httpx")
    logging.getLogger("bot").warning("once, though configured twice")
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot...")
    assert [(e["logger"], e["message"]) for e in _json_lines(stream)] == [
        ("httpx", "a warning from httpx"),
        ("bot", "once, though configured twice"),
    ]


@pytest.mark.wallclock
async def test_quorum_run_logs_json_lines_without_the_token(
    fake_api: FakeBotApi, db_url: str, tmp_path: Path
) -> None:
    log_file = tmp_path / "stdout.log"
    errors_file = tmp_path / "stderr.log"
    # Files, not pipes: DEBUG would fill a pipe's buffer.
    with log_file.open("wb") as stdout, errors_file.open("wb") as stderr:
        process = await spawn_quorum(
            "run",
            env=quorum_env(
                QUORUM_TELEGRAM_TOKEN=REAL_SHAPED_TOKEN,
                QUORUM_TELEGRAM_API_URL=fake_api.base_url,
                QUORUM_DATABASE_URL=db_url,
                QUORUM_HTTP_PORT="0",
                QUORUM_LOG_FORMAT="json",
                QUORUM_LOG_LEVEL="DEBUG",
            ),
            cwd=tmp_path,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            await fake_api.user_sends(STRANGER, "/start")
            await fake_api.wait_for_messages(STRANGER.id, 1, timeout=60)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=60)
    output = await asyncio.to_thread(log_file.read_text)
    errors = await asyncio.to_thread(errors_file.read_text)
    assert process.returncode == 0, output[-3000:]
    assert errors == ""  # JSON logs go to stdout, all of them
    entries = [json.loads(line) for line in output.splitlines()]
    assert any(entry["logger"].startswith("telegram") for entry in entries)
    assert all({"ts", "level", "logger", "message"} <= set(entry) for entry in entries)
    assert REAL_SHAPED_TOKEN not in output
