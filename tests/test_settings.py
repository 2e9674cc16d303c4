"""Settings read from the environment: the inbox's retention period."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError


def test_retention_defaults_to_90_days(tmp_path: Path) -> None:
    """Without RETENTION_DAYS the inbox keeps 90 days."""
    assert Settings.from_env({}, env_file=tmp_path / ".env").retention_days == 90


def test_retention_is_read(tmp_path: Path) -> None:
    """RETENTION_DAYS sets the retention in days."""
    env = {"RETENTION_DAYS": " 30 "}
    assert Settings.from_env(env, env_file=tmp_path / ".env").retention_days == 30


@pytest.mark.parametrize("value", ["0", "-5", "tre", "7.5", "²"])
def test_invalid_retention_is_refused(tmp_path: Path, value: str) -> None:
    """A retention that is not a positive whole number names RETENTION_DAYS."""
    with pytest.raises(SettingsError, match="RETENTION_DAYS"):
        Settings.from_env({"RETENTION_DAYS": value}, env_file=tmp_path / ".env")
