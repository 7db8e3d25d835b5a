"""Settings from environment variables (prefix ``QUORUM_``) and an optional ``.env`` file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.errors import SettingsError

ENV_PREFIX = "QUORUM_"
DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./quorum.db"
DEFAULT_TIMEZONE = "Europe/London"

# Telegram usernames: 5-32 letters, digits and underscores, starting with a letter; BotFather
# only gives bots names ending in "bot".
_BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]")

_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WEBHOOK_PATH = re.compile(r"[A-Za-z0-9_-]{8,128}")
_LEVELS = {"debug", "info", "warning", "error"}

# Plain driver names people type, mapped to the async drivers we run on.
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def normalise_bot_username(value: str) -> str:
    """``@RutlandBoardBot`` -> ``RutlandBoardBot``; ValueError for anything not a bot username."""
    name = value.strip().removeprefix("@")
    if not _BOT_USERNAME.fullmatch(name):
        raise ValueError(
            f"{value!r} is not a bot username (5-32 letters, digits or _, ending in 'bot')"
        )
    return name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_API_URL
    telegram_file_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = Field(default=DEFAULT_TIMEZONE)
    bot_username: str | None = None
    calendar_domain: str = "quorum.invalid"
    # Seconds to wait for Telegram to answer a call (not the long poll); a send that times out
    # has an unknown fate and is retried with backoff.
    telegram_timeout: float = Field(default=10.0, gt=0, le=300)
    # The largest file (in MB) the bot downloads: Telegram's limit for bots is 20 MB; a local
    # Bot API server (``telegram_api_url``) lifts it, and this can then be raised.
    telegram_download_limit_mb: int = Field(default=20, gt=0)
    # The HTTP server (calendar feeds) listens here; port 0 picks a free port.
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    # How the outside world reaches that server (a reverse proxy's https URL), for the links
    # the bot hands out; None: the server's own address.
    public_url: str | None = None
    # Webhook mode (``quorum run --webhook URL``): the secret Telegram sends back in the
    # X-Telegram-Bot-Api-Secret-Token header (1-256 of A-Z a-z 0-9 _ -) and the last part of
    # the path /telegram/<path>. Unset: both are derived from the bot token, so every instance
    # of one bot agrees without further configuration.
    webhook_secret: SecretStr | None = None
    webhook_path: str | None = None
    # Logs on stderr: "text" (one readable line each) or "json" (one object per line).
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Messages a second this process may send in all (Telegram allows about 30 a bot). With
    # several instances of one bot on PostgreSQL the live instances share it between them.
    send_rate: int = Field(default=30, ge=1, le=1000)
    # How long a claimed outbox row stays with its sender before another instance may take it
    # over (a crashed process's claims are delivered by the others after this).
    outbox_lease_seconds: float = Field(default=120.0, ge=1.0, le=3600.0)
    # Days the outbox keeps a sent, failed or dead row before ``quorum run`` removes it (in
    # small batches, hourly); 0 keeps every row for ever.
    outbox_retention_days: int = Field(default=400, ge=0, le=36500)
    # Sync sources (a council's Modern.Gov site): seconds to wait for one answer (self-hosted
    # sites can take 30-90 s), and tries per request (with backoff between them).
    source_timeout: float = Field(default=120.0, gt=0, le=120.0)
    source_attempts: int = Field(default=4, ge=1, le=10)
    # Also read sites on loopback, private or link-local addresses (tests, a self-hosted site
    # on the same network). Off: only public sites are read (no SSRF into our own network).
    source_allow_private: bool = False

    @field_validator("telegram_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        bot_id, sep, secret = token.partition(":")
        if not sep or not bot_id.isdigit() or not secret:
            raise ValueError("expected the form 123456789:ABC... given by @BotFather")
        return SecretStr(token)

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(f"{value!r} is not a database URL") from None
        driver = _ASYNC_DRIVERS.get(url.drivername, url.drivername)
        if driver not in _ASYNC_DRIVERS.values():
            raise ValueError(f"unsupported database {url.drivername!r}: use sqlite or postgresql")
        return url.set(drivername=driver).render_as_string(hide_password=False)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (e.g. Europe/London)") from None
        return value

    @field_validator("bot_username")
    @classmethod
    def _bot_username(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return normalise_bot_username(value)

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        if not _WEBHOOK_SECRET.fullmatch(secret):
            raise ValueError("use 1-256 characters from A-Z, a-z, 0-9, _ and -")
        return SecretStr(secret)

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        path = value.strip().strip("/")
        if not _WEBHOOK_PATH.fullmatch(path):
            raise ValueError("use 8-128 characters from A-Z, a-z, 0-9, _ and -")
        return path

    @field_validator("log_format", "log_level", mode="before")
    @classmethod
    def _case(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return value.strip().upper() if value.strip().lower() in _LEVELS else value.strip().lower()

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = value.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL (e.g. https://quorum.example.org)")
        if parts.query or parts.fragment:
            raise ValueError(f"{value!r}: a base URL has no query or fragment")
        return url

    @property
    def public_base(self) -> str:
        """Where links to Quorum's HTTP server start, without a trailing slash."""
        if self.public_url is not None:
            return self.public_url
        host = f"[{self.http_host}]" if ":" in self.http_host else self.http_host
        return f"http://{host}:{self.http_port}"

    @property
    def webhook_secret_value(self) -> str:
        """The webhook's secret token: the configured one, else one derived from the bot token."""
        if self.webhook_secret is not None:
            return self.webhook_secret.get_secret_value()
        return _derived(self, "webhook-secret", 48)

    @property
    def webhook_path_value(self) -> str:
        """The last part of ``/telegram/<path>``: configured, else derived from the bot token."""
        return self.webhook_path or _derived(self, "webhook-path", 24)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file_url(self) -> str:
        """Base URL for file downloads: Telegram's layout is ``.../file/bot<token>``."""
        if self.telegram_file_url:
            return self.telegram_file_url
        base = self.telegram_api_url
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base.rstrip("/") + "/file/bot"


def _derived(settings: Settings, purpose: str, length: int) -> str:
    """A value every instance of one bot derives alike from its token, and nobody without it."""
    if settings.telegram_token is None:
        raise SettingsError("a webhook needs QUORUM_TELEGRAM_TOKEN")
    key = settings.telegram_token.get_secret_value().encode()
    digest = hmac.new(key, f"quorum {purpose}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:length]


def load_settings(**overrides: Any) -> Settings:
    """Read settings, turning validation errors into one line that names the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{ENV_PREFIX}{field.upper()}: {message}") from None
