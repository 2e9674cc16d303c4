"""The README's deployment notes name only settings the bot reads, with the bot's own limits."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.adapters.http_server import Limits
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README's section under `## title`, up to the next one."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def block(language: str) -> str:
    """The one code block of `language` in the deployment section."""
    (found,) = re.findall(rf"```{language}\n(.*?)```", section("Deploying"), flags=re.DOTALL)
    return found


def env_file() -> dict[str, str]:
    """The environment file's variables: the first `sh` block with NAME=value lines."""
    blocks = re.findall(r"```sh\n(.*?)```", section("Deploying"), flags=re.DOTALL)
    text = next(b for b in blocks if "TELEGRAM_BOT_TOKEN=" in b)
    pairs = re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE)
    return dict(pairs)


def read_settings() -> set[str]:
    """Every variable bot/settings.py reads."""
    source = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'get\("([A-Z_]+)"', source)) | {"ENV_FILE"}


def test_the_environment_file_names_only_real_settings() -> None:
    """Every variable of the environment file (and in its comments) is one the bot reads."""
    known = read_settings()
    named = set(env_file())
    blocks = re.findall(r"```sh\n(.*?)```", section("Deploying"), flags=re.DOTALL)
    named |= set(re.findall(r"\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)=", "".join(blocks)))
    assert named - known == set()
    assert {"TELEGRAM_BOT_TOKEN", "DATA_DIR", "FAQ_DIR"} <= named


def test_the_environment_file_is_valid_for_the_bot(tmp_path: Path) -> None:
    """The environment file, token aside, is settings the bot accepts as they are."""
    values = {k: v for k, v in env_file().items() if v} | {
        "TELEGRAM_BOT_TOKEN": "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "ENV_FILE": str(tmp_path / "absent"),
    }
    settings = Settings.from_env(values, env_file=tmp_path / "absent")
    assert settings.webhook_url == env_file()["WEBHOOK_URL"]


def test_the_unit_runs_as_a_user_with_the_environment_file() -> None:
    """The systemd unit: a non-root user, the environment file, restarts, the data folder."""
    unit = dict(re.findall(r"^(\w+)=(.*)$", block("ini"), flags=re.MULTILINE))
    assert unit["User"] not in ("root", "0")
    assert unit["Restart"] == "on-failure"
    assert set(unit["RestartPreventExitStatus"].split()) == {"1", "2"}  # faq-bot's exit codes
    assert unit["ExecStart"].endswith("/faq-bot")
    assert "-HUP" in unit["ExecReload"]
    assert unit["EnvironmentFile"] == env_file()["ENV_FILE"]
    assert env_file()["DATA_DIR"] == f"/var/lib/{unit['StateDirectory']}"


def test_the_proxy_matches_the_bot_s_limits() -> None:
    """nginx: the webhook's path and port, the body limit, timeouts within the idle time."""
    nginx = block("nginx")
    env = env_file()
    limits = Limits()
    assert f"location = {urlsplit(env['WEBHOOK_URL']).path} " in nginx
    assert f"server {env['WEBHOOK_LISTEN']}:{env['WEBHOOK_PORT']};" in nginx
    (body,) = re.findall(r"client_max_body_size (\d+)k;", nginx)
    assert int(body) * 1024 == limits.body
    timeouts = re.findall(r"(\w+_timeout) (\d+)s;", nginx)
    assert timeouts
    for name, seconds in timeouts:
        assert int(seconds) <= limits.idle, name
    (keepalive,) = re.findall(r"keepalive_timeout (\d+)s;", nginx)
    assert int(keepalive) < limits.idle


@pytest.mark.parametrize("path", ["/healthz", "/metrics"])
def test_the_proxy_keeps_monitoring_private(path: str) -> None:
    """/healthz and /metrics are proxied only to allowed addresses."""
    nginx = block("nginx")
    location = nginx[nginx.index(f"location = {path} ") :].split("}", 1)[0]
    assert "deny all;" in location
