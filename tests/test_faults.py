"""Faults: ``faq-bot`` polling a Bot API stand-in that throttles or fails for a while.

Once the stand-in recovers, every pending update must be answered exactly once:
no update lost, none answered twice. Only delivered sendMessage calls count.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.answering import texts
from bot.answering.replies import Replies
from tests.conftest import QUESTION
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot
from tests.helpers.recording import TOKEN

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess

CHATS = [9001, 9002, 9003, 9004]
LAST = 9999  # a chat whose question is pushed after the others are answered


def questions() -> list[dict[str, Any]]:
    """One question from each of CHATS, as pending updates."""
    return [updates.message(QUESTION, chat={**updates.PRIVATE, "id": chat_id}) for chat_id in CHATS]


def answered(api: BotApi, tmp_path: Path, pending: list[dict[str, Any]]) -> Counter[int]:
    """Run the bot until every pending update got a delivered message; messages per chat."""
    bot = Bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url)
    try:
        for update in pending:
            api.push(update)
        api.wait_for("sendMessage", len(pending), delivered=True)
        # A repeated update would be fetched no later than one pushed now: wait for that one too.
        api.push(updates.message(QUESTION, chat={**updates.PRIVATE, "id": LAST}))
        api.wait_for("sendMessage", where=lambda params: params["chat_id"] == LAST, delivered=True)
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    assert api.unexpected == []
    chats = [params["chat_id"] for name, params in api.delivered if name == "sendMessage"]
    return Counter(chat for chat in chats if chat != LAST)


def test_throttled_send_message_is_retried_and_answers_each_update_once(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """429 with retry_after on sendMessage: the bot waits, retries, and answers each once."""
    api.fail("sendMessage", 429, 2, retry_after=1)
    counts = answered(api, tmp_path, questions())
    assert counts == Counter(CHATS)
    assert {p["text"] for p in api.sent("sendMessage")} == {replies.handle(QUESTION).text}
    assert len(api.sent("sendMessage")) == len(CHATS) + 1 + 2


def test_failing_get_updates_loses_no_update_and_repeats_none(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """Failing getUpdates (502, 500) for a while: polling resumes, answers each update once."""
    api.fail("getUpdates", 502, 2)
    api.fail("getUpdates", 500, 1)
    counts = answered(api, tmp_path, questions())
    assert counts == Counter(CHATS)
    assert {p["text"] for p in api.sent("sendMessage")} == {replies.handle(QUESTION).text}


def test_server_errors_on_send_message_are_retried(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """500 and 502 on sendMessage: the bot tries again, and every chat gets its answer once."""
    api.fail("sendMessage", 500, 1)
    api.fail("sendMessage", 502, 1)
    counts = answered(api, tmp_path, questions())
    assert counts == Counter(CHATS)
    delivered = [p["text"] for name, p in api.delivered if name == "sendMessage"]
    assert texts.ERROR not in delivered
    assert set(delivered) == {replies.handle(QUESTION).text}


def test_ten_server_errors_in_a_row_still_deliver_every_answer_once(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """SendMessage answering 500 ten times: every chat gets its answer once, no apology."""
    api.fail("sendMessage", 500, 10)
    counts = answered(api, tmp_path, questions())
    assert counts == Counter(CHATS)
    delivered = [p["text"] for name, p in api.delivered if name == "sendMessage"]
    assert set(delivered) == {replies.handle(QUESTION).text}


def test_a_total_outage_loses_and_doubles_no_answer(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """Every method failing for 5 s while answers are pending: each chat answered exactly once."""
    bot = Bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url)
    try:
        api.wait_for("setMyCommands")
        api.delay("sendMessage", 0.5, len(CHATS))  # the outage begins while they are sent
        for update in questions():
            api.push(update)
        api.wait_for("sendMessage")
        api.outage(5)
        api.wait_for("sendMessage", len(CHATS), delivered=True)
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    chats = [p["chat_id"] for name, p in api.delivered if name == "sendMessage"]
    assert Counter(chats) == Counter(CHATS)
    assert texts.ERROR not in [p.get("text") for _, p in api.delivered]


def test_a_send_that_times_out_after_delivery_gets_no_apology(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """SendMessage answered after the bot's read timeout: one answer, never an apology."""
    api.delay("sendMessage", 7.0, 1)  # PTB gives up reading after 5 s; Telegram delivered
    bot = Bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url)
    try:
        api.push(updates.message(QUESTION))
        api.wait_for("sendMessage", delivered=True)
        api.push(updates.message(QUESTION, chat={**updates.PRIVATE, "id": LAST}))
        api.wait_for("sendMessage", where=lambda params: params["chat_id"] == LAST, delivered=True)
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    sent = [p["text"] for p in api.sent("sendMessage")]
    assert sent == [replies.handle(QUESTION).text] * 2
    assert "timed out" in bot.stderr
