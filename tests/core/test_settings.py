from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import SettingsError
from core.settings import DEFAULT_DATABASE_URL, load_settings


def test_defaults_are_the_embedded_sqlite_and_london() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Europe/London"
    assert settings.telegram_token is None
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.file_url == "https://api.telegram.org/file/bot"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUORUM_TELEGRAM_TOKEN", "42:abc")
    monkeypatch.setenv("QUORUM_TELEGRAM_API_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("QUORUM_TIMEZONE", "Europe/Dublin")
    settings = load_settings()
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "42:abc"
    assert settings.file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.zone.key == "Europe/Dublin"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QUORUM_TIMEZONE=Europe/Paris\n")
    assert load_settings().timezone == "Europe/Paris"


def test_plain_sqlite_url_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUORUM_DATABASE_URL", "sqlite:///board.db")
    assert load_settings().database_url == "sqlite+aiosqlite:///board.db"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("QUORUM_TIMEZONE", "Mars/Olympus", "QUORUM_TIMEZONE: 'Mars/Olympus' is not a known"),
        ("QUORUM_TELEGRAM_TOKEN", "not-a-token", "QUORUM_TELEGRAM_TOKEN: expected the form"),
        ("QUORUM_DATABASE_URL", "mysql://x/y", "QUORUM_DATABASE_URL: unsupported database"),
        ("QUORUM_DATABASE_URL", "::nonsense::", "QUORUM_DATABASE_URL: '::nonsense::' is not"),
        ("QUORUM_TELEGRAM_API_URL", "ftp://x", "QUORUM_TELEGRAM_API_URL: 'ftp://x' is not"),
    ],
)
def test_malformed_setting_fails_with_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_http_settings_default_to_localhost_8080_and_build_the_public_base() -> None:
    settings = load_settings()
    assert (settings.http_host, settings.http_port, settings.public_url) == (
        "127.0.0.1",
        8080,
        None,
    )
    assert settings.public_base == "http://127.0.0.1:8080"
    proxied = load_settings(public_url="https://quorum.example.org/board/")
    assert proxied.public_base == "https://quorum.example.org/board"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("http_port", "65536", "QUORUM_HTTP_PORT: "),
        ("http_port", "-1", "QUORUM_HTTP_PORT: "),
        ("public_url", "quorum.example.org", "QUORUM_PUBLIC_URL: 'quorum.example.org' is not"),
        ("public_url", "ftp://quorum.example.org", "QUORUM_PUBLIC_URL: "),
        ("public_url", "https://x.org/?a=1", "QUORUM_PUBLIC_URL: "),
    ],
)
def test_malformed_http_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(f"QUORUM_{name.upper()}", value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(message)
