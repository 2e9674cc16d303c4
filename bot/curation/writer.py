"""The curators' inbox off the reply path: a bounded queue of writes and one writer thread.

A reply never waits for the inbox. `InboxWriter.record`, `count`, `vote` and
`purge` stamp the time and queue the write; one daemon thread makes the
writes in order. When the inbox fails
(another process holds a lock, the disk is full, the file is unwritable or
corrupt) the writer keeps the failed write at the head of the queue and tries
it again with a growing pause (`RETRY_FIRST` up to `RETRY_MOST` seconds); one
line is logged when the episode starts and one when it ends. Writes wait in
memory, at most `CAPACITY` of them; beyond that new ones are dropped and
counted (`dropped`), with one line per episode. A write that can never
succeed (bad data, a programming error) is dropped at once and logged.

`depth`, `written`, `failures` and `dropped` are plain counters for metrics.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime

from bot.answering.models import Result
from bot.curation.inbox import Inbox

logger = logging.getLogger(__name__)

Job = Callable[[Inbox], object]

CAPACITY = 10_000  # writes held in memory while the inbox fails (about 10 MB at most)
RETRY_FIRST = 0.25  # seconds before a failed write is tried again, doubled each time…
RETRY_MOST = 10.0  # … up to this
LOCK_TIMEOUT = 0.5  # seconds SQLite waits for another process's lock before a write fails
CLOSE_SECONDS = 2.0  # at shutdown, how long queued writes may still take
# Errors of the data itself: trying again cannot help, so the write is dropped.
_HOPELESS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError, ValueError)


class InboxWriter:
    """Queues the writes to `inbox` and makes them on its own thread, in order."""

    def __init__(self, inbox: Inbox, capacity: int = CAPACITY) -> None:
        self.inbox = inbox  # reads (reports, statistics) go to it directly, off the event loop
        self.capacity = capacity
        self.written = 0
        self.failures = 0  # failed attempts (a write tried three times counts three)
        self.dropped = 0  # writes given up: queue full, hopeless, or left at shutdown
        self._jobs: deque[Job] = deque()
        self._changed = threading.Condition()
        self._closed = False
        self._failing = False
        self._full = False
        self._thread = threading.Thread(target=self._run, name="inbox-writer", daemon=True)
        self._thread.start()

    @property
    def depth(self) -> int:
        """Writes waiting, the one being made included."""
        with self._changed:
            return len(self._jobs)

    def record(self, question: str, result: Result, resolved: str | None = None) -> None:
        """Queue `Inbox.record` (`Feedback` masked the question and found it worth keeping)."""
        now = datetime.now(UTC)
        self.submit(lambda inbox: inbox.record(question, result, now=now, resolved=resolved))

    def count(self, name: str) -> None:
        """Queue one more use of a reply kind or a known command for today."""
        now = datetime.now(UTC)
        self.submit(lambda inbox: inbox.count(name, now=now))

    def vote(self, message_key: str, entry_id: str, up: bool) -> None:
        """Queue a 👍/👎 for the entry one bot message showed."""
        now = datetime.now(UTC)
        self.submit(lambda inbox: inbox.vote(message_key, entry_id, up, now=now))

    def purge(self, older_than_days: int) -> None:
        """Queue the deletion of rows older than `older_than_days`; the count is logged."""

        def purge(inbox: Inbox) -> None:
            removed = inbox.purge(older_than_days)
            logger.info("Inbox: %d row(s) older than %d days deleted", removed, older_than_days)

        self.submit(purge)

    def submit(self, job: Job) -> bool:
        """Queue `job`; False when it was dropped (queue full or writer closed)."""
        with self._changed:
            if self._closed or len(self._jobs) >= self.capacity:
                self.dropped += 1
                if not self._full and not self._closed:
                    self._full = True
                    logger.error(
                        "Inbox: %d writes waiting, new ones are dropped until it recovers",
                        len(self._jobs),
                    )
                return False
            self._jobs.append(job)
            self._changed.notify_all()
            return True

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write is made; False if `timeout` seconds passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._jobs, timeout)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Let queued writes finish for up to `timeout` seconds, then stop; close the inbox."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._thread.join(timeout)
        if self._thread.is_alive():  # stuck on a failing inbox: the process may exit anyway
            logger.error("Inbox: %d write(s) not saved at shutdown", self.depth)
            return
        self.inbox.close()

    def _run(self) -> None:
        """Make the queued writes one by one until closed and empty."""
        pause = RETRY_FIRST
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._jobs) or self._closed)
                if not self._jobs:
                    return
                job = self._jobs[0]
            try:
                job(self.inbox)
            except _HOPELESS as exc:
                logger.error("Inbox: a write was dropped, it cannot succeed (%s)", exc)
                self._done(dropped=True)
            except (sqlite3.Error, OSError) as exc:
                self.failures += 1
                if not self._failing:
                    self._failing = True
                    logger.error(
                        "Inbox: writing failed (%s); replies go on, writes wait in memory "
                        "and are tried again",
                        exc,
                    )
                with self._changed:
                    if self._closed:  # shutting down: no more waiting on a failing inbox
                        self.dropped += len(self._jobs)
                        logger.error("Inbox: %d write(s) not saved at shutdown", len(self._jobs))
                        self._jobs.clear()
                        self._changed.notify_all()
                        return
                    self._changed.wait(pause)
                pause = min(pause * 2, RETRY_MOST)
            except Exception:  # a bug must not stop the writer: log it, drop the write
                logger.exception("Inbox: a write failed unexpectedly and was dropped")
                self._done(dropped=True)
            else:
                pause = RETRY_FIRST
                if self._failing:
                    self._failing = False
                    logger.warning("Inbox: writing again (%d write(s) waiting)", self.depth - 1)
                self._done(dropped=False)

    def _done(self, *, dropped: bool) -> None:
        """Take the head write off the queue."""
        with self._changed:
            self._jobs.popleft()
            if dropped:
                self.dropped += 1
            else:
                self.written += 1
            if len(self._jobs) < self.capacity // 2:
                self._full = False
            self._changed.notify_all()
