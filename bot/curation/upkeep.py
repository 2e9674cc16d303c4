"""Background care of a running bot: live FAQ reload and inbox retention.

A task checks the FAQ files every `WATCH_SECONDS` and reloads them when they
change (SIGHUP reloads at once); an invalid edit is logged and the previous
FAQ keeps serving. Another task deletes inbox rows older than RETENTION_DAYS
at start-up and once a day. Plain asyncio: nothing here knows about Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from bot.curation.feedback import Curation

logger = logging.getLogger(__name__)

WATCH_SECONDS = 2.0  # how often the FAQ files are checked for edits
PURGE_SECONDS = 24 * 3600  # how often rows older than RETENTION_DAYS are deleted


class Upkeep:
    """Background care of a running bot: live FAQ reload (on edit or SIGHUP), inbox retention."""

    def __init__(
        self,
        curation: Curation,
        retention_days: int,
        on_reload: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.curation = curation
        self.retention_days = retention_days
        self.on_reload = on_reload  # e.g. tell Telegram the commands of the new FAQ
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start watching; SIGHUP reloads at once where the platform has it."""
        self._tasks = [asyncio.create_task(self._watch()), asyncio.create_task(self._purge())]
        with contextlib.suppress(NotImplementedError, AttributeError, RuntimeError):
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.create_task(self.reload()))

    async def stop(self) -> None:
        """Stop the background tasks and close the inbox."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self.curation.inbox.close()

    async def reload(self) -> None:
        """Reload the FAQ off the event loop; an invalid edit keeps the previous FAQ."""
        before = self.curation.holder.current
        await asyncio.to_thread(self.curation.reload)
        if self.curation.holder.current is not before and self.on_reload is not None:
            try:
                await self.on_reload()
            except Exception:  # the new FAQ serves anyway; only its announcement failed
                logger.exception("After the FAQ reload, updating the bot failed")

    async def _watch(self) -> None:
        """Reload within seconds of an edit to a file under FAQ_DIR."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            if self.curation.changed():
                await self.reload()

    async def _purge(self) -> None:
        """Delete inbox rows older than RETENTION_DAYS, now and once a day."""
        while True:
            removed = self.curation.inbox.purge(self.retention_days)
            logger.info("Inbox: %d row(s) older than %d days deleted", removed, self.retention_days)
            await asyncio.sleep(PURGE_SECONDS)
