"""Shutdown and restart: ``faq-bot`` stops cleanly on SIGTERM or SIGINT and loses nothing.

The bot runs as a subprocess against the Bot API stand-in, which, like Telegram,
keeps every update until a getUpdates `offset` confirms it. A stopping bot must
finish the updates it holds, confirm them (PTB 22 sends one last getUpdates with
the next offset) and exit 0; a restarted bot must then answer what Telegram still
holds. Each update comes from its own chat, so "answered once" is "one message
per chat". A tap's answerCallbackQuery, held back by the stand-in, keeps its
handler in flight across the signal: its sendMessage comes only if the bot waits.
"""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.answering.replies import Replies
from tests.conftest import QUESTION
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot
from tests.helpers.recording import TOKEN
from tests.helpers.webhook import post, webhook_bot

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess

HELD = 1.5  # seconds the stand-in holds an answer, so a handler is in flight at the signal
LAST = 8999  # a chat whose question is pushed last, after everything else was fetched
SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGINT, id="SIGINT")]


def question(chat_id: int) -> dict[str, Any]:
    """A private question from chat `chat_id`."""
    return updates.message(QUESTION, chat={**updates.PRIVATE, "id": chat_id})


def tap(chat_id: int) -> dict[str, Any]:
    """A button tap on a bot message in chat `chat_id`: answerCallbackQuery, then sendMessage."""
    return updates.callback("e:italia", chat={**updates.PRIVATE, "id": chat_id})


def answered_chats(api: BotApi) -> Counter[int]:
    """How many messages each chat got delivered, the LAST chat aside."""
    chats = [params["chat_id"] for name, params in api.delivered if name == "sendMessage"]
    return Counter(chat for chat in chats if chat != LAST)


def test_stand_in_forgets_updates_below_the_offset(api: BotApi) -> None:
    """Like Telegram, getUpdates with an offset confirms and drops every update below it."""
    pushed = [question(chat_id) for chat_id in (1, 2, 3)]
    for update in pushed:
        api.push(update)
    ids = [update["update_id"] for update in pushed]
    _, first = api.call("getUpdates", {"timeout": 0})
    assert [update["update_id"] for update in first["result"]] == ids
    assert api.pending == ids  # handed out, not yet confirmed
    _, second = api.call("getUpdates", {"offset": ids[1], "timeout": 0})
    assert [update["update_id"] for update in second["result"]] == ids[1:]
    assert api.pending == ids[1:]


@pytest.mark.parametrize("signum", SIGNALS)
def test_stop_and_restart_answer_every_update_exactly_once(
    api: BotApi, tmp_path: Path, replies: Replies, signum: int
) -> None:
    """Stopped mid-work and restarted, the bot answers each update once: none lost, none twice."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = Bot(tmp_path / "first", **env)
    try:
        for chat_id in (8001, 8002, 8003):
            api.push(question(chat_id))
        api.wait_for("sendMessage", 3, delivered=True)
        api.delay("sendMessage", HELD, 2)
        api.delay("answerCallbackQuery", HELD, 1)
        for update in (question(8004), question(8005), tap(8006)):
            api.push(update)
        api.wait_for("sendMessage", 5)  # two answers held by the stand-in, in flight
        api.wait_for("answerCallbackQuery")  # the tap's handler is waiting too
        first.signal(signum)
        for chat_id in (8007, 8008):  # arrive while the bot stops: Telegram keeps them
            api.push(question(chat_id))
    finally:
        status = first.wait()
    assert status == 0, first.stderr
    counts = answered_chats(api)  # 8007 and 8008 may or may not have been fetched in time
    assert all(counts[chat_id] == 1 for chat_id in range(8001, 8007)), counts  # 8006: the tap
    assert max(counts.values()) == 1, counts
    for chat_id in (8009, 8010):  # arrive while no bot runs
        api.push(question(chat_id))
    second = Bot(tmp_path / "second", **env)
    try:
        api.wait_for("sendMessage", 10, delivered=True)
        # A repeated update would be fetched no later than one pushed now: wait for that one too.
        api.push(question(LAST))
        api.wait_for("sendMessage", where=lambda params: params["chat_id"] == LAST, delivered=True)
    finally:
        status = second.stop(signum)
    assert status == 0, second.stderr
    assert answered_chats(api) == Counter(range(8001, 8011))
    assert api.pending == []  # the last getUpdates confirmed everything the bot fetched
    texts = {params["text"] for params in api.sent("sendMessage")}
    assert texts == {replies.handle(QUESTION).text, replies.callback("e:italia").text}
    assert api.unexpected == []
    for bot in (first, second):
        assert "Traceback" not in bot.stderr
        assert "Dropping pending update" not in bot.stderr


def test_webhook_bot_finishes_the_update_in_flight(api: BotApi, tmp_path: Path) -> None:
    """In webhook mode too, SIGTERM lets the handler in flight finish, then the bot exits 0."""
    bot, port = webhook_bot(tmp_path, api, "segreto")
    try:
        api.delay("answerCallbackQuery", HELD, 1)
        assert post(port, tap(8101), "segreto") == 200
        api.wait_for("answerCallbackQuery")
        bot.signal(signal.SIGTERM)
    finally:
        status = bot.wait()
    assert status == 0, bot.stderr
    assert answered_chats(api) == Counter([8101])
    assert "Traceback" not in bot.stderr
