"""Webhook mode: ``faq-bot`` with WEBHOOK_URL serves PTB's webhook server, secret required.

Telegram itself is the local stand-in (it receives setWebhook and the replies);
the test plays Telegram's side of the webhook by POSTing updates to the bot.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.replies import Replies
from tests.helpers import updates
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


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def api() -> Iterator[BotApi]:
    """A running Bot API stand-in."""
    with BotApi() as server:
        yield server


@pytest.mark.parametrize("given", ["un-segreto_scelto-da-me", None])
def test_webhook_requires_the_secret(
    api: BotApi, tmp_path: Path, replies: Replies, given: str | None
) -> None:
    """Updates without the secret get 403; with it they are answered (secret given or generated)."""
    port = free_port()
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
    } | ({"WEBHOOK_SECRET": given} if given else {})
    bot = Bot(tmp_path, **env)
    try:
        (registered,) = api.wait_for("setWebhook")
        wait_until(lambda: listening(port), "the webhook server")
        secret = registered["secret_token"]
        assert secret == given if given else len(secret) >= 32
        assert registered["url"] == WEBHOOK_URL
        assert post(port, updates.message("/italia"), None) == 403
        assert post(port, updates.message("/italia"), "sbagliato") == 403
        assert post(port, updates.message("/italia"), secret) == 200
        (sent,) = api.wait_for("sendMessage")
    finally:
        status = bot.stop()
    assert status == 0
    assert sent["text"] == replies.command("italia").text
    assert api.sent("sendMessage") == [sent]
    assert secret not in bot.stderr
    assert TOKEN.partition(":")[2] not in bot.stderr
