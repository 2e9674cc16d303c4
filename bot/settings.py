"""Settings: read once from the environment (and a ``.env`` file) into a frozen object.

Where things are, from any working directory:

- the FAQ folder: FAQ_DIR if set; else ``faq/`` of the project checkout the
  code runs from; else the copy packaged with the installed wheel (``bot/_faq``);
- ``.env`` (ENV_FILE if set) and the data folder (DATA_DIR if set): in the project checkout when
  the code runs from one; else, for an installed wheel, ``$XDG_CONFIG_HOME/faq-bot/.env``
  and ``$XDG_DATA_HOME/faq-bot`` (``~/.config`` and ``~/.local/share`` by default).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

PACKAGE = Path(__file__).resolve().parent
PACKAGED_FAQ = PACKAGE / "_faq"  # where the wheel carries the shipped faq/
APP = "faq-bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CONSOLE_INBOX = "console-inbox.sqlite3"  # in DATA_DIR: the console's own, apart from production
NO_INBOX = "none"  # CONSOLE_INBOX=none: the console chat records nothing
# Days the inbox may keep readers' questions: beyond ten years the purge's cut-off date
# overflows (1,000,000 days is before year 1), and so much data is no curator's need.
RETENTION_BOUNDS = (1, 3650)
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


def checkout() -> Path | None:
    """The project checkout the code runs from, or None for an installed wheel."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "faq").is_dir() else None


def default_faq_dir() -> Path:
    """The checkout's faq/, else the FAQ packaged with the wheel."""
    root = checkout()
    return root / "faq" if root is not None else PACKAGED_FAQ


def _xdg(environ: Mapping[str, str], name: str, fallback: str) -> Path:
    """An XDG base folder with the application's subfolder."""
    base = environ.get(name, "").strip()
    return (Path(base) if base else Path.home() / fallback) / APP


def default_env_file(environ: Mapping[str, str] = os.environ) -> Path:
    """The checkout's .env, else the user's configuration folder's."""
    root = checkout()
    return (
        root / ".env" if root is not None else _xdg(environ, "XDG_CONFIG_HOME", ".config") / ".env"
    )


def default_data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The checkout's data/, else the user's data folder."""
    root = checkout()
    return root / "data" if root is not None else _xdg(environ, "XDG_DATA_HOME", ".local/share")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: str | None = field(default=None, repr=False)
    api_base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    faq_dir: Path = field(default_factory=default_faq_dir)
    log_level: str = "INFO"
    data_dir: Path = field(default_factory=default_data_dir)
    admin_ids: frozenset[int] = frozenset()
    retention_days: int = 90
    console_inbox: Path | None = None  # the console chat's inbox file; None: nothing recorded
    metrics_port: int | None = None  # polling mode: /healthz and /metrics on this port
    metrics_listen: str = "127.0.0.1"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None
    ) -> Settings:
        """Build settings from `environ` (default: the process), a ``.env`` filling gaps."""
        values: dict[str, str] = {}
        environ = os.environ if environ is None else environ
        if env_file is None:
            env_file = Path(environ.get("ENV_FILE", "").strip() or default_env_file(environ))
        dotenv = env_file
        if dotenv.is_file():
            values.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
        values.update(environ)

        def get(name: str) -> str | None:
            value = values.get(name, "").strip()
            return value or None

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, ':', then letters); "
                "copy it again from @BotFather"
            )
        level = (get("LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        telegram_only: list[str] = []  # problems that matter only on Telegram, not in the console
        port_text = get("WEBHOOK_PORT") or "8443"
        if not _is_port(port_text):
            telegram_only.append("WEBHOOK_PORT must be a port number between 1 and 65535")
            port_text = "8443"
        metrics_text = get("METRICS_PORT")
        if metrics_text is not None and not _is_port(metrics_text):
            telegram_only.append("METRICS_PORT must be a port number between 1 and 65535")
            metrics_text = None
        secret = get("WEBHOOK_SECRET")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            telegram_only.append("WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and - (1-256 chars)")
            secret = None
        url = get("WEBHOOK_URL")
        if url is not None and not url.startswith("https://"):
            telegram_only.append("WEBHOOK_URL must start with https:// (Telegram requires it)")
            url = None
        admins = get("ADMIN_IDS") or ""
        try:
            admin_ids = frozenset(int(part) for part in re.split(r"[,\s]+", admins) if part)
        except ValueError:
            telegram_only.append("ADMIN_IDS must be Telegram user ids separated by commas")
            admin_ids = frozenset()
        if token is not None and telegram_only:
            raise SettingsError(telegram_only[0])
        retention = get("RETENTION_DAYS") or "90"
        low, high = RETENTION_BOUNDS
        if not re.fullmatch(r"[0-9]{1,7}", retention) or not low <= int(retention) <= high:
            raise SettingsError(
                f"RETENTION_DAYS must be a whole number of days from {low} to {high} (10 years)"
            )
        data_dir = Path(get("DATA_DIR") or default_data_dir(values))
        return cls(
            token=token,
            api_base_url=get("TELEGRAM_API_BASE_URL"),
            webhook_url=url,
            webhook_secret=secret,
            webhook_listen=get("WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=int(port_text),
            faq_dir=Path(get("FAQ_DIR") or default_faq_dir()),
            log_level=level,
            data_dir=data_dir,
            admin_ids=admin_ids,
            retention_days=int(retention),
            console_inbox=_console_inbox(get("CONSOLE_INBOX"), data_dir),
            metrics_port=int(metrics_text) if metrics_text else None,
            metrics_listen=get("METRICS_LISTEN") or "127.0.0.1",
        )


def _console_inbox(value: str | None, data_dir: Path) -> Path | None:
    """Where the console chat records: its own file in DATA_DIR unless CONSOLE_INBOX says.

    Trying the bot in a terminal should not count as production use, so it has
    its own inbox; CONSOLE_INBOX=none records nothing, and a path (such as
    DATA_DIR/inbox.sqlite3, to share the bot's) records there.
    """
    if value is None:
        return data_dir / CONSOLE_INBOX
    return None if value.lower() == NO_INBOX else Path(value)


def _is_port(text: str) -> bool:
    """Whether `text` is a TCP port number."""
    return text.isdecimal() and 0 < int(text) < 65536
