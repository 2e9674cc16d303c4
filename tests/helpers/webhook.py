"""Playing Telegram's side of a webhook: its URL, a POST with the secret header, a port probe."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot, free_port, wait_until
from tests.helpers.recording import TOKEN

WEBHOOK_URL = "https://faq.example.test/telegram/hook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def post(port: int, update: dict[str, Any], secret: str | None) -> int:
    """POST `update` to the bot's webhook as Telegram would; the HTTP status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram/hook",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json"} | ({SECRET_HEADER: secret} if secret else {}),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


def get(port: int, path: str) -> tuple[int, str]:
    """GET `path` from the bot's server on 127.0.0.1; the status and the body."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def webhook_bot(
    tmp_path: Path, api: BotApi, secret: str, *, command: Sequence[str] = (), **env: str
) -> tuple[Bot, int]:
    """Start `faq-bot` in webhook mode against `api`; return it once it listens, and its port."""
    port = free_port()
    bot = Bot(
        tmp_path,
        command=command,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        WEBHOOK_URL=WEBHOOK_URL,
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=secret,
        **env,
    )
    try:
        api.wait_for("setWebhook")
        wait_until(lambda: listening(port), "the webhook server")
    except BaseException:
        bot.stop()
        raise
    return bot, port
