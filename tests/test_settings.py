"""Settings read from the environment: retention, ports, the console's inbox, Telegram-only ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError
from tests.helpers.recording import TOKEN


def test_retention_defaults_to_90_days(tmp_path: Path) -> None:
    """Without RETENTION_DAYS the inbox keeps 90 days."""
    assert Settings.from_env({}, env_file=tmp_path / ".env").retention_days == 90


def test_retention_is_read(tmp_path: Path) -> None:
    """RETENTION_DAYS sets the retention in days."""
    env = {"RETENTION_DAYS": " 30 "}
    assert Settings.from_env(env, env_file=tmp_path / ".env").retention_days == 30


@pytest.mark.parametrize("value", ["0", "-5", "tre", "7.5", "²", "3651", "1000000", "9" * 40])
def test_invalid_retention_is_refused(tmp_path: Path, value: str) -> None:
    """A retention outside 1-3650 whole days names RETENTION_DAYS and its bounds."""
    with pytest.raises(SettingsError, match="RETENTION_DAYS"):
        Settings.from_env({"RETENTION_DAYS": value}, env_file=tmp_path / ".env")


def test_retention_of_ten_years_is_accepted(tmp_path: Path) -> None:
    """3650 days, the upper bound, is a valid retention."""
    env = {"RETENTION_DAYS": "3650"}
    assert Settings.from_env(env, env_file=tmp_path / ".env").retention_days == 3650


def test_defaults_without_environment(tmp_path: Path) -> None:
    """With nothing set there is no token (console mode) and the documented defaults."""
    settings = Settings.from_env({}, env_file=tmp_path / ".env")
    assert settings.token is None
    assert (settings.webhook_listen, settings.webhook_port, settings.log_level) == (
        "127.0.0.1",
        8443,
        "INFO",
    )


def test_dotenv_fills_gaps_and_the_environment_wins(tmp_path: Path) -> None:
    """A .env file is read, but a real environment variable overrides it."""
    dotenv = tmp_path / ".env"
    dotenv.write_text("LOG_LEVEL=DEBUG\nWEBHOOK_PORT=9000\n", encoding="utf-8")
    settings = Settings.from_env({"WEBHOOK_PORT": "9100"}, env_file=dotenv)
    assert (settings.log_level, settings.webhook_port) == ("DEBUG", 9100)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("WEBHOOK_PORT", "³"),
        ("WEBHOOK_PORT", "70000"),
        ("WEBHOOK_URL", "http://insecure.example/hook"),
        ("WEBHOOK_SECRET", "spazi non ammessi"),
        ("LOG_LEVEL", "chatty"),
        ("ADMIN_IDS", "12, tizio"),
        ("METRICS_PORT", "0"),
    ],
)
def test_invalid_settings_name_their_variable(tmp_path: Path, name: str, value: str) -> None:
    """Each invalid setting is one clear error naming the variable (on Telegram: token set)."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN} | {name: value}
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env, env_file=tmp_path / ".env")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEBHOOK_URL", "http://insecure.example/hook"),
        ("WEBHOOK_PORT", "70000"),
        ("WEBHOOK_SECRET", "spazi non ammessi"),
        ("ADMIN_IDS", "12, tizio"),
        ("METRICS_PORT", "porta"),
    ],
)
def test_telegram_only_settings_never_stop_the_console(
    tmp_path: Path, name: str, value: str
) -> None:
    """Without a token (the console) a bad webhook or admin setting is ignored, not an error."""
    settings = Settings.from_env({name: value}, env_file=tmp_path / ".env")
    assert settings.token is None
    assert settings.webhook_url is None
    assert settings.admin_ids == frozenset()


def test_metrics_port_is_read(tmp_path: Path) -> None:
    """METRICS_PORT and METRICS_LISTEN place polling mode's /healthz and /metrics."""
    env = {"METRICS_PORT": "9090", "METRICS_LISTEN": "0.0.0.0"}
    settings = Settings.from_env(env, env_file=tmp_path / ".env")
    assert (settings.metrics_port, settings.metrics_listen) == (9090, "0.0.0.0")
    assert Settings.from_env({}, env_file=tmp_path / ".env").metrics_port is None


def test_the_token_is_not_in_repr(tmp_path: Path) -> None:
    """The token never shows in the settings' repr (and so in a logged object)."""
    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": token}, env_file=tmp_path / ".env")
    assert settings.token == token
    assert token not in repr(settings)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "data/console-inbox.sqlite3"), ("none", None), ("NONE", None), ("x.db", "x.db")],
)
def test_console_inbox(tmp_path: Path, value: str | None, expected: str | None) -> None:
    """The console records in its own file in DATA_DIR, nowhere with "none", or where told."""
    env = {"DATA_DIR": "data"} | ({"CONSOLE_INBOX": value} if value is not None else {})
    found = Settings.from_env(env, env_file=tmp_path / ".env").console_inbox
    assert found == (Path(expected) if expected is not None else None)
