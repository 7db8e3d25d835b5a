"""Logging on stderr: readable text lines, or one JSON object per line for log collectors.

Both formats pass every record through :class:`SecretFilter`, which writes ``<token>`` over
anything shaped like a Telegram bot token, and over the configured token, webhook secret and
webhook path: PTB's errors and httpx's request lines put the token in URLs
(``.../bot123:ABC.../getMe``), and PTB logs setWebhook's parameters at DEBUG.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from core.settings import Settings

LogFormat = Literal["text", "json"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<token>"
# A bot token as @BotFather gives it: the bot's numeric id, a colon, 35 URL-safe characters.
TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]{20,}")

# Loggers held above the chosen level: httpx logs every Bot API request at INFO (long polling
# would flood the log, and the URL holds the token); aiosqlite logs every call, with its SQL
# parameters, at DEBUG.
QUIET_LOGGERS = {"httpx": logging.WARNING, "aiosqlite": logging.INFO}
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", logging.INFO, "", 0, "", (), None).__dict__
) | {"message", "asctime", "taskName"}
# Marks the handler configure_logging installed, so configuring again replaces it.
_OURS = "_quorum_handler"


class SecretFilter(logging.Filter):
    """Redacts bot tokens (by shape, and the given secrets verbatim) from a record in place:
    its message, its exception and stack text, and its string ``extra`` fields."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_SHAPE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call (arguments not matching): keep its template
            message = str(record.msg)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Rendered here, as logging.Formatter would, so the traceback is redacted too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for name, value in list(record.__dict__.items()):
            if name not in _RECORD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, self.redact(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts (UTC, ms, Z), level, logger, message, the record's
    ``extra=`` fields, and the traceback as ``exception`` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        created = datetime.fromtimestamp(record.created, UTC)
        entry: dict[str, Any] = {
            "ts": created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            if name not in _RECORD_ATTRIBUTES:
                entry.setdefault(name, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # Extra values that are not strings (the filter sees only strings) are rendered here.
        return TOKEN_SHAPE.sub(REDACTED, json.dumps(entry, ensure_ascii=False, default=str))


def configure_logging(
    config: Settings | LogFormat = "text",
    level: int | str | None = None,
    *,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send the root logger's records to ``stream`` as text lines (default: stderr) or JSON
    lines (default: stdout, where container and journald collectors expect them).

    ``config`` is the settings (QUORUM_LOG_FORMAT, QUORUM_LOG_LEVEL, and the token to redact)
    or just a format; ``level`` overrides the settings' level (default INFO). Calling it again
    replaces the handler it installed before and leaves other handlers alone. Returns the
    handler.
    """
    secrets: list[str] = []
    if isinstance(config, Settings):
        log_format: LogFormat = config.log_format
        chosen: int | str = config.log_level if level is None else level
        if config.webhook_secret is not None:
            secrets.append(config.webhook_secret.get_secret_value())
        if config.telegram_token is not None:
            # PTB logs setWebhook's parameters at DEBUG: the secret and the URL's path.
            secrets += [
                config.telegram_token.get_secret_value(),
                config.webhook_secret_value,
                config.webhook_path_value,
            ]
    else:
        log_format = config
        chosen = logging.INFO if level is None else level
    if stream is None:
        stream = sys.stdout if log_format == "json" else sys.stderr
    handler = logging.StreamHandler(stream)
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    handler.addFilter(SecretFilter(secrets))
    setattr(handler, _OURS, True)
    root = logging.getLogger()
    for previous in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(previous)
        previous.close()
    root.addHandler(handler)
    root.setLevel(chosen)
    for name, quietest in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(quietest)
    return handler
