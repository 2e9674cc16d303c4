"""Webhook mode: ``faq-bot`` with WEBHOOK_URL serves PTB's webhook server, secret required.

Telegram itself is the local stand-in (it receives setWebhook and the replies);
the test plays Telegram's side of the webhook by POSTing updates to the bot.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering.replies import Replies
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot, free_port, wait_until
from tests.helpers.recording import TOKEN
from tests.helpers.webhook import WEBHOOK_URL, listening, post

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess


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
