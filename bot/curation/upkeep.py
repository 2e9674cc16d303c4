"""Background care of a running bot: live FAQ reload and inbox retention.

A task checks the FAQ folder every `WATCH_SECONDS` and reloads it when it
changes (SIGHUP reloads at once); an invalid edit is logged and the previous
FAQ keeps serving. Another task deletes inbox rows older than RETENTION_DAYS
at start-up and once a day. Plain asyncio: nothing here knows about Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from bot.curation.watch import FaqWatch

logger = logging.getLogger(__name__)

WATCH_SECONDS = 2.0  # how often the FAQ files are checked for edits
PURGE_SECONDS = 24 * 3600  # how often rows older than RETENTION_DAYS are deleted


class Upkeep:
    """Background care of a running bot: live FAQ reload (on edit or SIGHUP), inbox retention."""

    def __init__(self, live: LiveFaq, inbox: Inbox, retention_days: int) -> None:
        self.live = live
        self.watch = FaqWatch(live.faq_dir)
        self.inbox = inbox
        self.retention_days = retention_days
        self._tasks: list[asyncio.Task[object]] = []

    def start(self) -> None:
        """Start watching; SIGHUP reloads at once where the platform has it."""
        self._tasks = [asyncio.create_task(self._watch()), asyncio.create_task(self._purge())]
        with contextlib.suppress(NotImplementedError, AttributeError, RuntimeError):
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.create_task(self.live.reload()))

    async def stop(self) -> None:
        """Stop the background tasks."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _watch(self) -> None:
        """Reload within seconds of an edit to a file under FAQ_DIR."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            if self.watch.changed():
                await self.live.reload()

    async def _purge(self) -> None:
        """Delete inbox rows older than RETENTION_DAYS, now and once a day."""
        while True:
            removed = self.inbox.purge(self.retention_days)
            logger.info("Inbox: %d row(s) older than %d days deleted", removed, self.retention_days)
            await asyncio.sleep(PURGE_SECONDS)
