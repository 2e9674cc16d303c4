"""The curators' inbox: unanswered questions, 👍/👎 votes and usage counts, in SQLite.

Three tables in one file, ``DATA_DIR/inbox.sqlite3``, made on first use:

- ``questions``: a fallback, a clarify, an answer scored below
  `LOW_CONFIDENCE`, or any reply to a follow-up read in context: the text, the
  time, the kind, the score, the candidates with their scores (JSON) and, for
  a follow-up, the question it was read as (``resolved``, NULL otherwise);
- ``votes``: one row per bot message, changed by a later tap on it;
- ``usage``: one counter per UTC day and reply kind or command name;
- ``shown``: what a bot message offered (entry ids) in reply to which question,
  so a later tap on it can be tied to the question (`link`, `choose`);
- ``choices``: a question and the entry its reader tapped (``chosen`` 1), 👎'd
  (``chosen`` 0) or "none of these" (entry ``""``), once per bot message;
- ``decisions``: the curators' verdict on a proposal of ``faq-bot suggest``.

The last three tables were added after ``resolved``; ``CREATE TABLE IF NOT
EXISTS`` adds them to an older file when it is opened, with no version bump.

No Telegram user or chat id is stored anywhere (bot messages are keyed by a
SHA-256 of their key, as votes are). `purge` deletes rows older than the
retention period from every table.

An inbox made before ``resolved`` existed gets the column when it is opened
(`SCHEMA_VERSION` in SQLite's ``user_version``); its rows read as standalone.

Every method is one short transaction on one connection. On a local disk a
write takes well under a millisecond (15-25 µs measured here: WAL with
``synchronous=NORMAL``, so a commit does not wait for the disk), so async
handlers may call them directly; they may also use ``asyncio.to_thread``, as a
lock serialises the calls. Call `purge` at start-up and once a day.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from bot.answering.models import Kind, Result
from bot.answering.replies import MAX_QUESTION  # the reply layer matches no more than this
from bot.curation.datadir import private_database

FILENAME = "inbox.sqlite3"
# Answers scored below this are kept for the curators too. When it was set, on
# tests/data/questions.yaml, 14 of the 66 answers below 75 named the wrong entry; 1 of 180 above.
LOW_CONFIDENCE = 75.0
KINDS = frozenset(kind.value for kind in Kind)
SCHEMA_VERSION = 1  # 0: no questions.resolved; 1: with it

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    score REAL NOT NULL,
    candidates TEXT NOT NULL,
    resolved TEXT
);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE TABLE IF NOT EXISTS votes (
    message TEXT PRIMARY KEY,
    entry TEXT NOT NULL,
    up INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS votes_at ON votes (at);
CREATE TABLE IF NOT EXISTS usage (
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, name)
);
CREATE TABLE IF NOT EXISTS shown (
    message TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    entries TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shown_at ON shown (at);
CREATE TABLE IF NOT EXISTS choices (
    message TEXT NOT NULL,
    entry TEXT NOT NULL,
    chosen INTEGER NOT NULL,
    question TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (message, entry, chosen)
);
CREATE INDEX IF NOT EXISTS choices_at ON choices (at);
CREATE TABLE IF NOT EXISTS decisions (
    proposal TEXT PRIMARY KEY,
    decision TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


class InboxError(RuntimeError):
    """The inbox database cannot be opened; the message names the file."""


@dataclass(frozen=True, slots=True)
class Question:
    """One recorded question: the candidates are (entry id, score), best first."""

    at: datetime
    kind: Kind
    text: str
    score: float
    candidates: tuple[tuple[str, float], ...]
    resolved: str | None = None  # the question a follow-up was read as


@dataclass(frozen=True, slots=True)
class Link:
    """What one bot message offered in reply to a question: the kind, score and entry ids."""

    question: str
    kind: str
    score: float
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """A reader's verdict on a question: the entry tapped (or 👎'd); None for "none of these"."""

    at: datetime
    question: str
    entry: str | None
    chosen: bool  # False: a 👎 on the entry shown for the question
    kind: str  # the kind of the reply the question first got


@dataclass(frozen=True, slots=True)
class Votes:
    """The 👍 and 👎 given to one entry."""

    entry_id: str
    up: int
    down: int


def message_key(chat_id: int, message_id: int) -> str:
    """The key `Inbox.vote` expects for a bot message (hashed before it is stored)."""
    return f"{chat_id}:{message_id}"


def worth_recording(result: Result, resolved: str | None = None) -> bool:
    """Whether the curators need to see a question: unanswered, ambiguous, unsure or resolved.

    Every follow-up read in context is kept, however sure: a wrong reading
    can be answered with full confidence, and only a curator can tell.
    """
    if resolved is not None or result.kind in (Kind.FALLBACK, Kind.CLARIFY):
        return True
    return result.kind is Kind.ANSWER and result.score < LOW_CONFIDENCE


class Inbox:
    """The inbox database at `path`: its folder and schema are made when it is opened."""

    def __init__(self, path: Path, timeout: float = 5.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            private_database(path)  # the folder 0700, the files 0600: they hold readers' words
            # check_same_thread=False: calls may come from a thread pool; the lock serialises them.
            # `timeout`: how long a call waits for another connection's lock before it fails.
            self._db = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # Safe with WAL: a power cut may lose the last writes, never the file.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise InboxError(f"cannot open the inbox {path}: {exc}") from None

    def _migrate(self) -> None:
        """Bring an inbox made by an older version up to `SCHEMA_VERSION`."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version >= SCHEMA_VERSION:
            return
        # BEGIN IMMEDIATE: a bot and a report opening the same old file migrate it once.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(questions)")}
            if "resolved" not in columns:
                self._db.execute("ALTER TABLE questions ADD COLUMN resolved TEXT")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self._db.execute("ROLLBACK")
            raise

    @classmethod
    def in_folder(cls, data_dir: Path, timeout: float = 5.0) -> Inbox:
        """The inbox in `data_dir` (Settings.data_dir); `timeout` as for `Inbox`."""
        return cls(data_dir / FILENAME, timeout)

    @classmethod
    def in_memory(cls) -> Inbox:
        """An inbox that writes nothing to disk and is gone when closed (a console test chat)."""
        return cls(Path(":memory:"))

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Inbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def record(
        self,
        question: str,
        result: Result,
        now: datetime | None = None,
        resolved: str | None = None,
    ) -> bool:
        """Keep `question` if `worth_recording(result, resolved)`; True when it was kept.

        `resolved` is the question a follow-up was read as, when context was used.
        """
        if not worth_recording(result, resolved):
            return False
        shown = (result.best, *result.alternatives) if result.best else result.alternatives
        candidates = json.dumps([{"id": s.entry.id, "score": s.score} for s in shown])
        cut = resolved[:MAX_QUESTION] if resolved is not None else None
        row = (
            _stamp(now),
            result.kind.value,
            question[:MAX_QUESTION],
            result.score,
            candidates,
            cut,
        )
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO questions (at, kind, text, score, candidates, resolved)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
        return True

    def count(self, name: str, now: datetime | None = None) -> None:
        """Add one to today's counter for a reply kind ("answer") or a command ("start").

        Pass only command names the bot knows: a reader's unknown "/whatever"
        is their text, so count it under one fixed name such as "unknown".
        """
        key = str(name) if name in KINDS else "/" + name.lstrip("/").lower()
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO usage (day, name, n) VALUES (?, ?, 1)"
                " ON CONFLICT (day, name) DO UPDATE SET n = n + 1",
                (_stamp(now)[:10], key),
            )

    def vote(self, message_key: str, entry_id: str, up: bool, now: datetime | None = None) -> None:
        """Record 👍 (`up`) or 👎 for the entry shown in one bot message; a new tap replaces it."""
        # Only a SHA-256 of the key is stored: enough to keep one vote per message, while
        # no chat or message id can be read from the table. It is a pseudonym, not
        # anonymity (ids are few enough to try one by one), so the file stays on the server
        # and the report never shows the keys.
        digest = hashlib.sha256(message_key.encode()).hexdigest()
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO votes (message, entry, up, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (message) DO UPDATE SET entry = excluded.entry,"
                " up = excluded.up, at = excluded.at",
                (digest, entry_id, int(up), _stamp(now)),
            )

    def purge(self, older_than_days: int, now: datetime | None = None) -> int:
        """Delete what is older than `older_than_days` from every table; the rows deleted."""
        cutoff = _stamp(_now(now) - timedelta(days=older_than_days))
        with self._lock, self._db:
            deleted = self._db.execute("DELETE FROM questions WHERE at < ?", (cutoff,)).rowcount
            deleted += self._db.execute("DELETE FROM votes WHERE at < ?", (cutoff,)).rowcount
            deleted += self._db.execute("DELETE FROM usage WHERE day < ?", (cutoff[:10],)).rowcount
            for table in ("shown", "choices", "decisions"):
                deleted += self._db.execute(f"DELETE FROM {table} WHERE at < ?", (cutoff,)).rowcount
        return deleted

    def questions(self, since: datetime) -> list[Question]:
        """The questions recorded since `since`, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, kind, text, score, candidates, resolved FROM questions WHERE at >= ?"
                " ORDER BY at, id",
                (_stamp(since),),
            ).fetchall()
        return [
            Question(
                datetime.fromisoformat(at),
                Kind(kind),
                text,
                score,
                tuple((c["id"], c["score"]) for c in json.loads(candidates)),
                resolved,
            )
            for at, kind, text, score, candidates, resolved in rows
        ]

    def votes(self, since: datetime) -> list[Votes]:
        """👍 and 👎 per entry for votes cast (or changed) since `since`, by entry id."""
        with self._lock:
            rows = self._db.execute(
                "SELECT entry, SUM(up), SUM(1 - up) FROM votes WHERE at >= ?"
                " GROUP BY entry ORDER BY entry",
                (_stamp(since),),
            ).fetchall()
        return [Votes(entry, up, down) for entry, up, down in rows]

    def usage(self, since: datetime) -> dict[str, int]:
        """Counts per reply kind ("answer") and command ("/start") from the day of `since`."""
        with self._lock:
            rows = self._db.execute(
                "SELECT name, SUM(n) FROM usage WHERE day >= ? GROUP BY name ORDER BY name",
                (_stamp(since)[:10],),
            ).fetchall()
        return dict(rows)

    def usage_by_day(self, since: datetime) -> dict[str, dict[str, int]]:
        """Counts per UTC day ("2026-01-06") and name, from the day of `since`, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT day, name, n FROM usage WHERE day >= ? ORDER BY day, name",
                (_stamp(since)[:10],),
            ).fetchall()
        days: dict[str, dict[str, int]] = {}
        for day, name, n in rows:
            days.setdefault(day, {})[name] = n
        return days

    def link(
        self,
        message_key: str,
        question: str,
        kind: str,
        score: float,
        entries: tuple[str, ...],
        now: datetime | None = None,
    ) -> None:
        """Remember that one bot message offered `entries` in reply to `question`."""
        row = (_digest(message_key), question[:MAX_QUESTION], kind, score, json.dumps(entries))
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO shown (message, question, kind, score, entries, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (*row, _stamp(now)),
            )

    def linked(self, message_key: str) -> Link | None:
        """What the bot message `message_key` offered, and to which question; None if unknown."""
        with self._lock:
            row = self._db.execute(
                "SELECT question, kind, score, entries FROM shown WHERE message = ?",
                (_digest(message_key),),
            ).fetchone()
        if row is None:
            return None
        question, kind, score, entries = row
        return Link(question, kind, score, tuple(json.loads(entries)))

    def choose(
        self, message_key: str, entry_id: str | None, chosen: bool, now: datetime | None = None
    ) -> Link | None:
        """Record a tap on (`chosen`) or a 👎 for an entry the message offered; its link if kept.

        `entry_id` None is "none of these". Nothing is kept for a message the
        inbox has no link for, or an entry it did not offer; a second tap on the
        same button of the same message counts once.
        """
        link = self.linked(message_key)
        if link is None or (entry_id is not None and entry_id not in link.entries):
            return None
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO choices (message, entry, chosen, question, kind, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    _digest(message_key),
                    entry_id or "",
                    int(chosen),
                    link.question,
                    link.kind,
                    _stamp(now),
                ),
            )
        return link

    def withdraw(self, message_key: str, entry_id: str) -> None:
        """Forget a 👎 on `entry_id` in one message (the reader changed it to 👍)."""
        with self._lock, self._db:
            self._db.execute(
                "DELETE FROM choices WHERE message = ? AND entry = ? AND chosen = 0",
                (_digest(message_key), entry_id),
            )

    def choices(self, since: datetime) -> list[Choice]:
        """The readers' choices made since `since`, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, question, entry, chosen, kind FROM choices WHERE at >= ?"
                " ORDER BY at, rowid",
                (_stamp(since),),
            ).fetchall()
        return [
            Choice(datetime.fromisoformat(at), question, entry or None, bool(chosen), kind)
            for at, question, entry, chosen, kind in rows
        ]

    def decide(self, proposal: str, decision: str, now: datetime | None = None) -> None:
        """Remember the curators' `decision` ("applied", "rejected") on a proposal id."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO decisions (proposal, decision, at) VALUES (?, ?, ?)",
                (proposal, decision, _stamp(now)),
            )

    def decisions(self) -> dict[str, str]:
        """Every proposal id decided on, with its decision."""
        with self._lock:
            return dict(self._db.execute("SELECT proposal, decision FROM decisions").fetchall())


def _digest(message_key: str) -> str:
    """What is stored for a bot message's key: its SHA-256, never the chat or message id."""
    return hashlib.sha256(message_key.encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    """`now` in UTC (a naive time is taken as UTC), or the current time."""
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _stamp(now: datetime | None) -> str:
    """A UTC time as sortable text, "2026-01-06T18:30:00+00:00"; its first 10 chars are the day."""
    return _now(now).isoformat(timespec="seconds")
