"""Secrets: the token and the webhook secret stay out of git and out of every output.

tests/test_e2e.py checks a DEBUG polling run that goes well; here the run also
meets errors (a failing getUpdates, a rejected sendMessage), whose log lines
carry tracebacks and whole updates, and the webhook run logs at DEBUG too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import QUESTION
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot
from tests.helpers.recording import TOKEN
from tests.helpers.webhook import post, webhook_bot

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess

ROOT = Path(__file__).resolve().parent.parent
SECRET = "segreto-del-webhook_42"


def outputs(bot: Bot) -> str:
    """Everything the bot wrote, stdout and stderr."""
    return bot.stdout_path.read_text() + bot.stderr


def test_dotenv_is_ignored_by_git() -> None:
    """A .env holding the real token is never committed: git ignores it."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        [git, "check-ignore", "--quiet", "--no-index", ".env"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0, ".env is not in .gitignore"


def test_debug_polling_run_with_errors_never_shows_the_token(api: BotApi, tmp_path: Path) -> None:
    """At LOG_LEVEL=DEBUG, through a getUpdates failure and a handler error, no token appears."""
    api.fail("getUpdates", 502, 1)
    api.fail("sendMessage", 400, 1)  # the handler fails; the error handler logs and apologises
    bot = Bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, LOG_LEVEL="DEBUG"
    )
    try:
        api.push(updates.message(QUESTION))
        api.wait_for("sendMessage", delivered=True)  # the apology
        api.push(updates.message(QUESTION))
        api.wait_for("sendMessage", 2, delivered=True)  # the answer
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    logged = outputs(bot)
    assert "Error while handling update" in logged  # logged with the whole update
    assert "Bad Gateway" in logged  # the failed getUpdates was logged too
    assert TOKEN not in logged
    assert TOKEN.partition(":")[2] not in logged


def test_debug_webhook_run_never_shows_the_token_or_the_secret(api: BotApi, tmp_path: Path) -> None:
    """At LOG_LEVEL=DEBUG in webhook mode, neither the token nor the webhook secret appears."""
    bot, port = webhook_bot(tmp_path, api, SECRET, LOG_LEVEL="DEBUG")
    try:
        (registered,) = api.sent("setWebhook")
        assert post(port, updates.message(QUESTION), SECRET) == 200
        api.wait_for("sendMessage", delivered=True)
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    assert registered["secret_token"] == SECRET
    logged = outputs(bot)
    assert "setWebhook" in logged  # PTB logged the call's parameters, secret redacted
    assert SECRET not in logged
    assert TOKEN.partition(":")[2] not in logged


def test_a_generated_webhook_secret_never_appears_at_debug(api: BotApi, tmp_path: Path) -> None:
    """With WEBHOOK_SECRET empty the bot makes one: it reaches Telegram, never the log."""
    bot, port = webhook_bot(tmp_path, api, "", LOG_LEVEL="DEBUG")
    try:
        (registered,) = api.sent("setWebhook")
        generated = registered["secret_token"]
        assert post(port, updates.message(QUESTION), generated) == 200
        api.wait_for("sendMessage", delivered=True)
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    assert len(generated) >= 32
    logged = outputs(bot)
    assert "setWebhook" in logged
    assert generated not in logged


def test_at_info_a_failed_send_logs_no_name_and_no_text(api: BotApi, tmp_path: Path) -> None:
    """A rejected sendMessage at the default level: the update id is logged, not who or what."""
    api.fail("sendMessage", 400, 1)
    sender = {**updates.USER, "last_name": "Bianchi", "username": "giulia_b"}
    question = "Domanda riservata sul tiramisù della nonna"
    bot = Bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url)
    try:
        update = updates.message(question, sender=sender)
        api.push(update)
        api.wait_for("sendMessage", delivered=True)  # the apology
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    logged = outputs(bot)
    assert f"Error while handling update {update['update_id']}" in logged
    for private in (question, "Giulia", "Bianchi", "giulia_b", str(sender["id"])):
        assert private not in logged
