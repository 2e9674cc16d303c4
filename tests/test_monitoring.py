"""/healthz, /metrics and the start-up line of a real ``faq-bot``, in both modes, over HTTP."""

from __future__ import annotations

import json
import re
import shutil
import socket
import sys
from pathlib import Path

import pytest

from bot.answering.replies import Replies
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot, free_port, wait_until
from tests.helpers.recording import BOT_USER, TOKEN
from tests.helpers.webhook import WEBHOOK_URL, get, listening, post, webhook_bot

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess

SECRET = "segreto-per-le-metriche_42"


def metric(text: str, name: str, labels: str = "") -> float:
    """The value of one sample in a Prometheus text page (0 when absent)."""
    pattern = re.escape(name) + (re.escape("{" + labels + "}") if labels else "") + r" (\S+)"
    found = re.search(r"^" + pattern + "$", text, flags=re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_webhook_port_serves_health_and_metrics_without_the_secret(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """In webhook mode /healthz and /metrics answer on the webhook's port; counters move."""
    bot, port = webhook_bot(tmp_path, api, SECRET)
    try:
        status, body = get(port, "/healthz")
        assert status == 200
        health = json.loads(body)
        assert health["status"] == "ok"
        assert health["faq"]["entries"] == len(replies.knowledge.entries)
        assert re.fullmatch(r"[0-9a-f]{12}", health["faq"]["version"])
        assert health["mode"] == "webhook"  # not its URL: a path may be a secret too
        assert health["uptime_seconds"] >= 0
        question = updates.message("/italia")
        assert post(port, question, SECRET) == 200
        assert post(port, question, SECRET) == 200  # Telegram's retry: answered once
        assert post(port, updates.message("/italia"), "sbagliato") == 403
        api.wait_for("sendMessage")
        wait_until(
            lambda: metric(get(port, "/metrics")[1], "faq_bot_replies_total", 'kind="entry"'),
            "a reply counted",
        )
        _, page = get(port, "/metrics")
    finally:
        assert bot.stop() == 0
    assert len(api.sent("sendMessage")) == 1
    assert metric(page, "faq_bot_updates_total", 'type="message"') == 1
    assert metric(page, "faq_bot_webhook_duplicates_total") == 1
    assert metric(page, "faq_bot_webhook_refusals_total", 'status="403"') == 1
    assert metric(page, "faq_bot_update_seconds_count", 'type="message"') == 1
    assert metric(page, "faq_bot_faq_entries") == len(replies.knowledge.entries)
    for secret_word in (SECRET, TOKEN, "telegram/hook"):
        assert secret_word not in page
        assert secret_word not in body
    assert SECRET not in bot.stderr


def polling_bot(api: BotApi, tmp_path: Path) -> tuple[Bot, int]:
    """A polling faq-bot serving /healthz and /metrics on a free METRICS_PORT, once listening."""
    port = free_port()
    bot = Bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        METRICS_PORT=str(port),
    )
    try:
        wait_until(lambda: listening(port), "the metrics server")
    except BaseException:
        bot.stop()
        raise
    return bot, port


def test_polling_serves_health_and_metrics_on_metrics_port(api: BotApi, tmp_path: Path) -> None:
    """In polling mode METRICS_PORT serves /healthz and /metrics; a real update counts."""
    bot, port = polling_bot(api, tmp_path)
    try:
        status, body = get(port, "/healthz")
        assert (status, json.loads(body)["mode"]) == (200, "polling")
        api.push(updates.message("Ciao"))
        api.wait_for("sendMessage")
        wait_until(
            lambda: metric(get(port, "/metrics")[1], "faq_bot_updates_total", 'type="message"'),
            "the update counted",
        )
        assert get(port, "/telegram/hook")[0] == 404
        _, page = get(port, "/metrics")
    finally:
        assert bot.stop() == 0
    assert metric(page, "faq_bot_replies_total", 'kind="smalltalk"') == 1
    assert metric(page, "faq_bot_telegram_reachable") == 1


def test_metrics_count_send_retries_and_show_the_inbox_queue(api: BotApi, tmp_path: Path) -> None:
    """A send tried again through a short outage moves the retry counter; the queue is shown."""
    bot, port = polling_bot(api, tmp_path)
    try:
        api.fail("sendMessage", 502, times=2)  # the answer's first two tries get 502
        api.push(updates.message("Dove si è svolto il vertice?"))
        api.wait_for("sendMessage", delivered=True)
        wait_until(
            lambda: metric(get(port, "/metrics")[1], "faq_bot_send_retries_total") >= 1,
            "the retry counted",
        )
        _, page = get(port, "/metrics")
    finally:
        assert bot.stop() == 0
    assert re.search(r"^faq_bot_inbox_queue_depth \S+$", page, flags=re.MULTILINE)


def test_start_up_and_shutdown_lines(api: BotApi, tmp_path: Path, replies: Replies) -> None:
    """The log names the bot, the mode, the FAQ folder, entries, commands and data folder."""
    data = tmp_path / "dati"
    bot = Bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        FAQ_DIR=str(SHIPPED_FAQ),
        DATA_DIR=str(data),
    )
    wait_until(lambda: "Started @" in bot.stderr, "the start-up line")
    api.push(updates.message("/italia"))
    api.wait_for("sendMessage")
    assert bot.stop() == 0
    (started,) = [line for line in bot.stderr.splitlines() if "Started @" in line]
    assert f"Started @{BOT_USER['username']}, polling" in started
    assert f"FAQ {SHIPPED_FAQ}: {len(replies.knowledge.entries)} entries" in started
    assert f"{len(replies.commands())} commands" in started
    assert f"data in {data}" in started
    assert "INFO" in started
    assert "Stopped after handling 1 updates" in bot.stderr


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs util-linux's prlimit")
def test_idle_connections_under_a_small_descriptor_limit_stop_no_answer(
    api: BotApi, tmp_path: Path, replies: Replies
) -> None:
    """1,100 idle connections with 1,024 descriptors: updates are still answered, the log short."""
    command = ["prlimit", "--nofile=1024:1024", sys.executable, "-m", "bot"]
    bot, port = webhook_bot(tmp_path, api, SECRET, command=command)
    idle: list[socket.socket] = []
    try:
        for _ in range(1100):
            client = socket.socket()
            client.settimeout(30)
            client.connect(("127.0.0.1", port))
            idle.append(client)
        assert post(port, updates.message("/italia"), SECRET) == 200
        (sent,) = api.wait_for("sendMessage")
        assert sent["text"] == replies.command("italia").text
    finally:
        for client in idle:
            client.close()
        status = bot.stop()
    assert status == 0
    assert len(bot.stderr.splitlines()) < 20, bot.stderr
    assert "Traceback" not in bot.stderr


@pytest.mark.parametrize("mode", ["webhook", "polling"])
def test_a_port_in_use_ends_with_one_clear_line(api: BotApi, tmp_path: Path, mode: str) -> None:
    """A webhook or metrics port already taken ends with exit 1 and one line, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        env = (
            {"WEBHOOK_URL": WEBHOOK_URL, "WEBHOOK_PORT": port, "WEBHOOK_SECRET": SECRET}
            if mode == "webhook"
            else {"METRICS_PORT": port}
        )
        bot = Bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, **env)
        status = bot.wait()
    assert status == 1
    assert "faq-bot: cannot listen for HTTP requests" in bot.stderr
    assert "Traceback" not in bot.stderr
