"""Settings from environment variables (prefix ``QUORUM_``) and an optional ``.env`` file."""

from __future__ import annotations

import re
from typing import Any
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
    # The HTTP server (calendar feeds) listens here; port 0 picks a free port.
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    # How the outside world reaches that server (a reverse proxy's https URL), for the links
    # the bot hands out; None: the server's own address.
    public_url: str | None = None

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


def load_settings(**overrides: Any) -> Settings:
    """Read settings, turning validation errors into one line that names the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{ENV_PREFIX}{field.upper()}: {message}") from None
