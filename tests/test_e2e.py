"""End to end: ``faq-bot`` in polling mode, as a subprocess, against the local Bot API stand-in.

The bot gets a fake token and TELEGRAM_API_BASE_URL pointing at the stand-in,
so it runs exactly as in production with Telegram swapped for 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering.replies import Replies
from tests.conftest import QUESTION
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot
from tests.helpers.recording import TOKEN

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess


def test_polling_bot_answers_messages_buttons_and_inline(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """The bot registers its commands, then answers messages, taps and inline queries."""
    bot = Bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, LOG_LEVEL="DEBUG"
    )
    try:
        api.wait_for("getUpdates")
        for update in (
            updates.message("/start"),
            updates.message(QUESTION),
            updates.callback("e:italia"),
            updates.inline_query(""),
        ):
            api.push(update)
        api.wait_for("sendMessage", 3)
        (tap,) = api.wait_for("answerCallbackQuery")
        (inline,) = api.wait_for("answerInlineQuery")
    finally:
        status = bot.stop()
    assert status == 0
    (commands,) = [c for c in api.sent("setMyCommands") if c["scope"] == {"type": "default"}]
    assert [c["command"] for c in commands["commands"]] == [n for n, _ in replies.commands()]
    texts_sent = {params["text"] for params in api.sent("sendMessage")}
    assert texts_sent == {
        replies.command("start").text,
        replies.handle(QUESTION).text,
        replies.callback("e:italia").text,
    }
    assert all(params["parse_mode"] == "HTML" for params in api.sent("sendMessage"))
    assert tap["callback_query_id"]
    assert len(inline["results"]) == 5
    assert api.unexpected == []
    assert TOKEN not in bot.stderr
    assert TOKEN.partition(":")[2] not in bot.stderr
    assert "Traceback" not in bot.stderr


def test_rejected_token_ends_with_one_clear_line(tmp_path: Path) -> None:
    """A token Telegram rejects (401 on getMe) ends with exit 1 and one line, no traceback."""
    with BotApi(reject=True) as api:
        bot = Bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url)
        status = bot.wait()
    assert status == 1
    lines = bot.stderr.strip().splitlines()
    assert len(lines) == 1, bot.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert TOKEN.partition(":")[2] not in bot.stderr
    assert api.sent("getMe")
