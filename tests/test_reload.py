"""Live reload under pressure: coalesced, bounded files, regular files only, never a hang."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
from pathlib import Path

import pytest

from bot.answering import knowledge
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation import live as live_module
from bot.curation.live import LiveFaq
from bot.settings import Settings
from tests.conftest import QUESTION, SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.chat import open_chat
from tests.helpers.process import Bot, wait_until
from tests.helpers.recording import TOKEN


@pytest.fixture
def faq_copy(tmp_path: Path) -> Path:
    """A copy of the shipped FAQ that a test may spoil."""
    return Path(shutil.copytree(SHIPPED_FAQ, tmp_path / "faq"))


async def test_a_burst_of_reloads_makes_at_most_two(shipped: Knowledge, faq_copy: Path) -> None:
    """A hundred reload requests at once: one reload runs, one more after it, all answered."""
    live = LiveFaq(Replies(shipped), faq_copy)
    heard: list[Replies] = []

    async def listener(replies: Replies) -> None:
        heard.append(replies)

    live.listeners.append(listener)
    outcomes = await asyncio.gather(*(live.reload() for _ in range(100)))
    assert {o.entries for o in outcomes} == {len(shipped.entries)}
    assert live.runs <= 2
    assert len(heard) == live.runs


async def test_reloads_that_change_no_command_make_no_set_my_commands(
    shipped: Knowledge, tmp_path: Path, faq_copy: Path
) -> None:
    """Repeated /ricarica with the same commands: each scope's list is sent at most once."""
    settings = Settings(
        token=TOKEN, data_dir=tmp_path / "data", faq_dir=faq_copy, admin_ids=frozenset({4242})
    )
    async with open_chat(settings, shipped) as chat:
        scopes: list[str] = []
        for _ in range(5):
            await chat.one(updates.message("/ricarica"))
            scopes += [str(call.get("scope")) for call in chat.request.sent("setMyCommands")]
    assert scopes  # the lists were sent once...
    assert len(scopes) == len(set(scopes))  # ...and never again for the same scope


def test_a_fifo_named_like_a_faq_file_is_refused_not_waited_on(faq_copy: Path) -> None:
    """A FIFO *.yaml in the folder is a clear problem; the loader never blocks on it."""
    os.mkfifo(faq_copy / "trappola.yaml")
    with pytest.raises(knowledge.FaqError, match="not a regular file"):
        knowledge.load(faq_copy)


def test_a_huge_faq_file_is_refused_unread(faq_copy: Path) -> None:
    """A FAQ file over the size bound is refused with one problem, not parsed."""
    (faq_copy / "enorme.yaml").write_text("entries:\n" + "  - x\n" * 600_000)
    with pytest.raises(knowledge.FaqError) as caught:
        knowledge.load(faq_copy)
    assert [p.message for p in caught.value.problems] == [
        "cannot read: enorme.yaml is larger than 2 MB"
    ]


@pytest.mark.slow
def test_signals_and_a_fifo_never_stall_answers_or_the_shutdown(
    api: BotApi, tmp_path: Path, faq_copy: Path
) -> None:
    """A FIFO in the FAQ folder and 100 SIGHUPs: questions are answered and SIGTERM stops it."""
    bot = Bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        FAQ_DIR=str(faq_copy),
    )
    try:
        # The purge's line comes once the background care, SIGHUP's handler with it, is set up.
        wait_until(lambda: "older than" in bot.stderr, "the bot's background care")
        os.mkfifo(faq_copy / "trappola.yaml")
        for _ in range(100):
            bot.signal(signal.SIGHUP)
        api.push(updates.message(QUESTION))
        api.wait_for("sendMessage", delivered=True)
    finally:
        status = bot.stop()
    assert status == 0, bot.stderr
    rejected = bot.stderr.count("FAQ edit rejected")
    assert 1 <= rejected <= 2, bot.stderr
    assert "not a regular file" in bot.stderr
    # At start-up only, once per scope (private chats, groups): no reload re-sent them.
    scopes = [str(call.get("scope")) for call in api.sent("setMyCommands")]
    assert scopes
    assert len(scopes) == len(set(scopes))


async def test_a_stuck_reload_is_abandoned_and_never_holds_the_shutdown(
    shipped: Knowledge, faq_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload stuck in the loader: given up after RELOAD_SECONDS, its thread a daemon."""
    release = threading.Event()

    def stuck(faq_dir: Path) -> Knowledge:
        release.wait(60)
        return shipped

    monkeypatch.setattr(live_module.knowledge, "load", stuck)
    monkeypatch.setattr(live_module, "RELOAD_SECONDS", 0.2)
    live = LiveFaq(Replies(shipped), faq_copy)
    before = live.current
    try:
        outcome = await live.reload()
        assert outcome.entries is None
        assert "reload took over" in (outcome.error or "")
        assert live.current is before
        (thread,) = [t for t in threading.enumerate() if t.name == "faq-reload"]
        assert thread.daemon  # the interpreter does not wait for it at exit
        pending = asyncio.create_task(live.reload())
        await asyncio.sleep(0.05)
        live.stop()  # shutdown: stop waiting at once
        with pytest.raises(asyncio.CancelledError):
            await pending
    finally:
        release.set()
