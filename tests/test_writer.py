"""The curators' inbox never blocks or breaks a reply: its writes leave the event loop.

Another connection holding SQLite's exclusive lock, or a broken inbox, is what
another process or a damaged file would be; the real application answers
through PTB's request seam meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.answering import texts
from bot.answering.models import Kind, Knowledge
from bot.curation import admin, masking
from bot.curation.inbox import Inbox
from bot.curation.writer import InboxWriter
from bot.settings import Settings
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import Chat, open_chat
from tests.helpers.recording import TOKEN
from tests.helpers.results import verdict

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
UNANSWERED = "Qual è la ricetta del tiramisù?"


def chat_of(n: int) -> dict[str, object]:
    """A private chat of its own."""
    return {**updates.PRIVATE, "id": 8000 + n}


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the inbox's exclusive lock until the test releases it."""
    other = sqlite3.connect(tmp_path / "data" / "inbox.sqlite3", isolation_level=None)
    yield other
    other.close()


async def until(condition: Callable[[], bool]) -> None:
    """Wait for `condition` (a minute at most: the machine may be busy)."""
    for _ in range(6000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


def writer_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The writer's log lines, WARNING and above."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "bot.curation.writer" and r.levelno >= logging.WARNING
    ]


async def test_a_locked_inbox_delays_its_writes_never_a_reply(
    chat: Chat, locked: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    """Under another process's exclusive lock every chat is answered; writes land afterwards."""
    locked.execute("BEGIN EXCLUSIVE")
    with caplog.at_level(logging.WARNING):
        for n in range(5):
            sent = await chat.push(updates.message(UNANSWERED, chat=chat_of(n)), flush=False)
            assert [p["text"] for p in sent] != [texts.ERROR]
            assert len(sent) == 1
        assert chat.writer.depth > 0  # the writes wait for the lock, the replies did not
        await until(lambda: chat.writer.failures >= 2)
        locked.execute("COMMIT")
        assert chat.writer.flush(timeout=60)
    stored = [q.text for q in chat.inbox.questions(LONG_AGO)]
    assert stored == [UNANSWERED] * 5
    lines = writer_lines(caplog)
    assert len(lines) == 2, lines  # one when it started failing, one when it recovered
    assert "writing failed" in lines[0]
    assert "writing again" in lines[1]


async def test_a_broken_inbox_is_logged_once_and_never_apologised_for(
    chat: Chat, locked: sqlite3.Connection, caplog: pytest.LogCaptureFixture
) -> None:
    """An inbox whose tables are gone: replies go on, one log line for the whole episode."""
    locked.executescript("DROP TABLE questions; DROP TABLE usage;")
    with caplog.at_level(logging.WARNING):
        for n in range(5):
            sent = await chat.push(updates.message(UNANSWERED, chat=chat_of(n)), flush=False)
            assert len(sent) == 1
            assert sent[0]["text"] != texts.ERROR
        await until(lambda: chat.writer.failures >= 3)
    lines = writer_lines(caplog)
    assert len(lines) == 1, lines
    assert "replies go on" in lines[0]
    assert chat.writer.failures >= 1


async def test_a_lone_surrogate_is_answered_and_stored_replaced(chat: Chat) -> None:
    """A message with a lone surrogate gets its normal reply; the inbox keeps U+FFFD instead."""
    sent = await chat.one(updates.message("ricetta del tiramisù \udfff?"))
    assert sent["text"] != texts.ERROR
    (stored,) = chat.inbox.questions(LONG_AGO)
    assert stored.text == "ricetta del tiramisù \ufffd?"


async def test_personal_data_is_masked_before_it_is_stored(chat: Chat) -> None:
    """E-mail, phone and codice fiscale a reader wrote never reach the inbox."""
    question = (
        "Sono Mario, mario.rossi@example.it, tel. +39 333 123 4567, CF RSSMRA85T10A562S: "
        "qual è la ricetta del tiramisù?"
    )
    await chat.one(updates.message(question))
    (stored,) = chat.inbox.questions(LONG_AGO)
    assert stored.text == (
        f"Sono Mario, {masking.EMAIL}, tel. {masking.PHONE}, CF {masking.TAX_CODE}: "
        "qual è la ricetta del tiramisù?"
    )


def test_a_full_queue_drops_new_writes_and_says_so_once(
    inbox: Inbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """While the inbox is locked at most `capacity` writes wait; the rest are counted, not kept."""
    other = sqlite3.connect(inbox.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    writer = InboxWriter(Inbox(inbox.path, timeout=0.05), capacity=3)
    with caplog.at_level(logging.WARNING):
        for _ in range(10):
            writer.record(UNANSWERED, verdict(Kind.FALLBACK))
        other.execute("COMMIT")
        assert writer.flush(timeout=60)
    other.close()
    writer.close()
    assert (writer.dropped, writer.written) == (7, 3)
    assert len(inbox.questions(LONG_AGO)) == 3
    assert sum("dropped" in line for line in writer_lines(caplog)) == 1


async def test_statistics_are_computed_off_the_event_loop(
    shipped: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While an admin's report is being computed, other chats are answered."""
    started, release = threading.Event(), threading.Event()
    real = admin.statistics

    def slow(inbox: Inbox) -> object:
        started.set()
        release.wait(60)
        return real(inbox)

    monkeypatch.setattr(admin, "statistics", slow)
    settings = Settings(
        token=TOKEN, data_dir=tmp_path, faq_dir=SHIPPED_FAQ, admin_ids=frozenset({4242})
    )
    async with open_chat(settings, shipped) as chat:
        report = asyncio.create_task(chat.push(updates.message("/statistiche")))
        await until(started.is_set)
        other = await chat.push(updates.message("/pilastri", chat=chat_of(1)))
        assert [p["chat_id"] for p in other] == [8001]  # answered while the report runs
        release.set()
        sent = await report
    assert any(p["text"].startswith("<b>Statistiche") for p in sent)


async def test_statistics_over_hostile_questions_are_valid_html(
    shipped: Knowledge, tmp_path: Path
) -> None:
    """Hostile stored questions: /statistiche comes in parts, each valid Telegram HTML."""
    settings = Settings(
        token=TOKEN, data_dir=tmp_path, faq_dir=SHIPPED_FAQ, admin_ids=frozenset({4242})
    )
    hostile = ["&" * 1000, "<b>" * 300, "&amp;" * 200, "<pre>" + "x " * 400, "😀&" * 400]
    async with open_chat(settings, shipped) as chat:
        for n, text in enumerate(hostile):
            await chat.push(updates.message(text, chat=chat_of(n)))
        sent = await chat.push(updates.message("/statistiche"))  # push checks every part
    assert sent
    assert sent[0]["text"].startswith("<b>Statistiche")


def test_statistics_group_only_the_latest_questions(inbox: Inbox) -> None:
    """The admins' report groups at most STATS_QUESTIONS questions, the latest."""
    for n in range(admin.STATS_QUESTIONS + 50):
        inbox.record(f"domanda numero {n} sul tiramisù e la pizza {n}", verdict(Kind.FALLBACK))
    reply = admin.statistics(inbox)
    assert "domanda numero 0 " not in reply.text


def test_statistics_of_a_broken_inbox_say_so_plainly(inbox: Inbox) -> None:
    """/statistiche when the inbox cannot be read: a clear Italian note, not an error."""
    inbox.record(UNANSWERED, verdict(Kind.FALLBACK))
    other = sqlite3.connect(inbox.path, isolation_level=None)
    other.execute("DROP TABLE questions")
    other.close()
    assert admin.statistics(inbox).text == texts.STATS_UNAVAILABLE
