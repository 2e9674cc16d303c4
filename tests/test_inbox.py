"""The curators' inbox: what is recorded, what is never stored, votes, counts, retention."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answering.models import Kind, Result
from bot.answering.replies import MAX_QUESTION
from bot.curation.inbox import (
    FILENAME,
    LOW_CONFIDENCE,
    SCHEMA_VERSION,
    Inbox,
    InboxError,
    message_key,
)
from tests.helpers.results import verdict

T0 = datetime(2026, 1, 6, 18, 30, tzinfo=UTC)
CHAT_ID = -1001234567890
MESSAGE_ID = 4242


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read with a connection of its own."""
    with closing(sqlite3.connect(path)) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: db.execute(f"SELECT * FROM {name}").fetchall() for name in names}


def columns(path: Path) -> dict[str, list[str]]:
    """The column names of every table."""
    with closing(sqlite3.connect(path)) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: [c[1] for c in db.execute(f"PRAGMA table_info({n})")] for n in names}


@pytest.mark.parametrize(
    ("result", "kept"),
    [
        (verdict(Kind.FALLBACK), True),
        (verdict(Kind.FALLBACK, ("spagna", 36.0)), True),
        (verdict(Kind.CLARIFY, ("spagna", 60.0), ("italia", 59.0)), True),
        (verdict(Kind.ANSWER, ("spagna", LOW_CONFIDENCE - 0.1)), True),
        (verdict(Kind.ANSWER, ("spagna", LOW_CONFIDENCE)), False),
        (verdict(Kind.ANSWER, ("spagna", 100.0)), False),
        (verdict(Kind.SMALLTALK), False),
    ],
)
def test_record_keeps_unanswered_and_unsure_questions(
    inbox: Inbox, result: Result, kept: bool
) -> None:
    """Fallbacks, clarifications and answers below LOW_CONFIDENCE are kept; the rest are not."""
    assert inbox.record("una domanda", result, now=T0) is kept
    assert len(inbox.questions(T0)) == int(kept)


def test_record_stores_text_time_kind_and_candidates(inbox: Inbox) -> None:
    """A kept question has its text, time, kind, top score and the candidates best first."""
    result = verdict(Kind.ANSWER, ("spagna", 50.0), ("italia", 41.5))
    inbox.record("La Spagna manda truppe?", result, now=T0)
    (question,) = inbox.questions(T0 - timedelta(days=1))
    assert (question.text, question.at, question.kind) == (
        "La Spagna manda truppe?",
        T0,
        Kind.ANSWER,
    )
    assert question.score == 50.0
    assert question.candidates == (("spagna", 50.0), ("italia", 41.5))


def test_record_cuts_long_text(inbox: Inbox) -> None:
    """Only the first MAX_QUESTION characters of a long message are stored."""
    inbox.record("x" * (MAX_QUESTION + 500), verdict(Kind.FALLBACK), now=T0)
    assert len(inbox.questions(T0)[0].text) == MAX_QUESTION


def test_no_user_or_chat_identifier_is_stored(inbox: Inbox) -> None:
    """The tables have no id columns, and no chat or message id appears in any row."""
    key = message_key(CHAT_ID, MESSAGE_ID)
    inbox.record("chi paga la ricostruzione?", verdict(Kind.FALLBACK, ("costi", 38.0)), now=T0)
    inbox.count("start", now=T0)
    inbox.vote(key, "spagna", up=False, now=T0)
    inbox.link(key, "la spagna manda truppe?", "answer", 80.0, ("spagna",), now=T0)
    inbox.choose(key, "spagna", chosen=False, now=T0)
    inbox.decide("p1", "rejected", now=T0)
    assert columns(inbox.path) == {
        "questions": ["id", "at", "kind", "text", "score", "candidates", "resolved"],
        "votes": ["message", "entry", "up", "at"],
        "usage": ["day", "name", "n"],
        "shown": ["message", "question", "kind", "score", "entries", "at"],
        "choices": ["message", "entry", "chosen", "question", "kind", "at"],
        "decisions": ["proposal", "decision", "at"],
    }
    tables = rows(inbox.path)
    stored = repr(tables)
    assert str(CHAT_ID) not in stored
    assert str(abs(CHAT_ID)) not in stored
    assert key not in stored
    assert len(tables["votes"][0][0]) == 64  # only the SHA-256 of the key


def test_one_vote_per_message_and_it_can_change(inbox: Inbox) -> None:
    """A second tap on the same message replaces the first; other messages count apart."""
    first, second = message_key(CHAT_ID, 1), message_key(CHAT_ID, 2)
    inbox.vote(first, "spagna", up=True, now=T0)
    inbox.vote(first, "spagna", up=True, now=T0)
    assert [(v.entry_id, v.up, v.down) for v in inbox.votes(T0)] == [("spagna", 1, 0)]
    inbox.vote(first, "spagna", up=False, now=T0)
    inbox.vote(second, "spagna", up=False, now=T0)
    inbox.vote(message_key(7, 1), "italia", up=True, now=T0)
    assert [(v.entry_id, v.up, v.down) for v in inbox.votes(T0)] == [
        ("italia", 1, 0),
        ("spagna", 0, 2),
    ]


def test_count_adds_up_per_day_kinds_and_commands(inbox: Inbox) -> None:
    """Kinds and commands are counted per day; "/Start" and "start" are one command."""
    inbox.count(Kind.ANSWER, now=T0 - timedelta(days=2))
    inbox.count("answer", now=T0)
    inbox.count(Kind.ANSWER, now=T0)
    inbox.count("/Start", now=T0)
    inbox.count("start", now=T0)
    assert inbox.usage(T0 - timedelta(days=2)) == {"answer": 3, "/start": 2}
    assert inbox.usage(T0) == {"answer": 2, "/start": 2}
    assert len(rows(inbox.path)["usage"]) == 3  # one row per day and name, not per message


def test_purge_deletes_rows_older_than_the_retention(inbox: Inbox) -> None:
    """Purging with an injected clock deletes old questions, votes and counts, keeps the rest."""
    old, recent, now = T0, T0 + timedelta(days=50), T0 + timedelta(days=95)
    for when in (old, recent):
        inbox.record(f"domanda del {when:%d/%m}", verdict(Kind.FALLBACK), now=when)
        inbox.vote(message_key(1, when.day), "spagna", up=False, now=when)
        inbox.count("fallback", now=when)
    assert inbox.purge(90, now=now) == 3
    since = T0 - timedelta(days=1)
    assert [q.text for q in inbox.questions(since)] == [f"domanda del {recent:%d/%m}"]
    assert [(v.entry_id, v.down) for v in inbox.votes(since)] == [("spagna", 1)]
    assert inbox.usage(since) == {"fallback": 1}
    assert inbox.purge(90, now=now) == 0


def test_data_folder_and_database_are_made_on_first_use(tmp_path: Path) -> None:
    """Opening an inbox in a missing folder makes the folder and the database, in WAL mode."""
    folder = tmp_path / "non" / "ancora"
    with Inbox.in_folder(folder) as inbox:
        inbox.count("start", now=T0)
    assert (folder / FILENAME).is_file()
    with closing(sqlite3.connect(folder / FILENAME)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with Inbox.in_folder(folder) as reopened:
        assert reopened.usage(T0) == {"/start": 1}


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    """A damaged inbox file raises InboxError naming the file, not a raw sqlite error."""
    (tmp_path / FILENAME).write_text("non è un database " * 100, encoding="utf-8")
    with pytest.raises(InboxError, match=FILENAME):
        Inbox.in_folder(tmp_path)


async def test_calls_may_run_in_worker_threads(inbox: Inbox) -> None:
    """Handlers may run the inbox's methods with asyncio.to_thread, several at once."""
    await asyncio.gather(*(asyncio.to_thread(inbox.count, "answer", T0) for _ in range(20)))
    assert inbox.usage(T0) == {"answer": 20}


def test_a_resolved_follow_up_is_kept_with_what_it_was_read_as(inbox: Inbox) -> None:
    """A follow-up answered through context is kept even when sure, with its resolved question."""
    sure = verdict(Kind.ANSWER, ("spagna", 100.0))
    assert inbox.record("e gli spagnoli?", sure, now=T0, resolved="E la Spagna cosa fa?")
    assert not inbox.record("La Spagna cosa fa?", sure, now=T0)
    (question,) = inbox.questions(T0)
    assert (question.text, question.resolved) == ("e gli spagnoli?", "E la Spagna cosa fa?")
    inbox.record("boh", verdict(Kind.FALLBACK), now=T0)
    assert [q.resolved for q in inbox.questions(T0)] == ["E la Spagna cosa fa?", None]


# The questions table as it was made before follow-ups were recorded (user_version 0).
OLD_SCHEMA = """
CREATE TABLE questions (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    score REAL NOT NULL, candidates TEXT NOT NULL
);
CREATE INDEX questions_at ON questions (at);
CREATE TABLE votes (message TEXT PRIMARY KEY, entry TEXT NOT NULL, up INTEGER NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE usage (day TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (day, name));
INSERT INTO questions (at, kind, text, score, candidates)
    VALUES ('2026-01-06T18:30:00+00:00', 'fallback', 'chi vince?', 0.0, '[]');
INSERT INTO usage VALUES ('2026-01-06', '/start', 3);
"""


def test_an_inbox_from_before_follow_ups_is_migrated(tmp_path: Path) -> None:
    """An old inbox file gains the resolved column, keeps its rows and takes new ones."""
    path = tmp_path / FILENAME
    with closing(sqlite3.connect(path)) as db:
        db.executescript(OLD_SCHEMA)
    with Inbox(path) as inbox:
        (old,) = inbox.questions(T0)
        assert (old.text, old.kind, old.resolved) == ("chi vince?", Kind.FALLBACK, None)
        assert inbox.usage(T0) == {"/start": 3}
        inbox.record("e lui?", verdict(Kind.ANSWER, ("spagna", 90.0)), now=T0, resolved="Lui?")
        assert [q.resolved for q in inbox.questions(T0)] == [None, "Lui?"]
    assert columns(path)["questions"][-1] == "resolved"
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    with Inbox(path) as reopened:  # a second opening finds nothing left to do
        assert len(reopened.questions(T0)) == 2
