"""Background care of a running bot: live FAQ reload and inbox retention.

A task checks the FAQ folder every `WATCH_SECONDS` and reloads it when it
changes (SIGHUP reloads at once); an invalid edit is logged and the previous
FAQ keeps serving. Another task deletes inbox rows older than RETENTION_DAYS
at start-up and once a day, through the inbox's writer thread. Reloads are
coalesced by `LiveFaq`, so a burst of signals makes at most two. A task that
fails is logged, never lost silently. Plain asyncio: nothing here knows about Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine

from bot.curation.live import LiveFaq
from bot.curation.watch import FaqWatch
from bot.curation.writer import InboxWriter

logger = logging.getLogger(__name__)

WATCH_SECONDS = 2.0  # how often the FAQ files are checked for edits
PURGE_SECONDS = 24 * 3600  # how often rows older than RETENTION_DAYS are deleted


class Upkeep:
    """Background care of a running bot: live FAQ reload (on edit or SIGHUP), inbox retention."""

    def __init__(self, live: LiveFaq, inbox: InboxWriter, retention_days: int) -> None:
        self.live = live
        self.watch = FaqWatch(live.faq_dir)
        self.inbox = inbox
        self.retention_days = retention_days
        self._tasks: list[asyncio.Task[object]] = []
        self._running: set[asyncio.Task[object]] = set()  # referenced until done

    def start(self) -> None:
        """Start watching; SIGHUP reloads at once where the platform has it."""
        self._tasks = [self._spawn(self._watch()), self._spawn(self._purge())]
        with contextlib.suppress(NotImplementedError, AttributeError, RuntimeError):
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, self._hangup)

    def _hangup(self) -> None:
        """SIGHUP: reload now (coalesced with any reload under way)."""
        self._spawn(self.live.reload())

    def _spawn(self, work: Coroutine[object, object, object]) -> asyncio.Task[object]:
        """A background task whose failure is logged."""
        task = asyncio.create_task(work)
        self._running.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[object]) -> None:
        """Forget a finished task; log it if it failed."""
        self._running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("A background task failed", exc_info=task.exception())

    async def stop(self) -> None:
        """Stop the background tasks."""
        # A reload under way is not waited for: its thread is a daemon, left behind at exit.
        self.live.stop()
        tasks = [*self._tasks, *self._running]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _watch(self) -> None:
        """Reload within seconds of an edit to a file under FAQ_DIR."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            try:
                changed = self.watch.changed()
                if changed:
                    await self.live.reload()
            except Exception:  # keep watching: the next edit may be fine
                logger.exception("Watching the FAQ folder failed")

    async def _purge(self) -> None:
        """Delete inbox rows older than RETENTION_DAYS, now and once a day."""
        while True:
            self.inbox.purge(self.retention_days)  # made and logged on the writer's thread
            await asyncio.sleep(PURGE_SECONDS)
