"""The FAQ in use, reloaded live: one path from an edit on disk to every adapter.

A valid edit is swapped in at once; an invalid one is logged and the previous
FAQ keeps serving. Whoever must hear of a new FAQ (Telegram's command list)
registers a listener; the file watcher, SIGHUP and /ricarica all reload here.

Reloads are coalesced: at most one runs, and requests that arrive meanwhile
make one more run after it (they all get that run's outcome), however many
they are. A reload runs on a daemon thread and is waited for at most
`RELOAD_SECONDS`; the loader reads regular files of bounded size only, so a
reload ends, and shutdown never waits for one.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.answering import knowledge
from bot.answering.replies import Replies
from bot.curation.offloop import in_daemon

logger = logging.getLogger(__name__)

Listener = Callable[[Replies], Awaitable[None]]
RELOAD_SECONDS = 30.0  # a reload still running after this is abandoned (the old FAQ serves)
LOGGED_PROBLEMS = 20  # problems of a refused edit written to the log; the rest are counted


@dataclass(frozen=True, slots=True)
class Reloaded:
    """The outcome of a reload: the new FAQ's size, or why the edit was refused."""

    entries: int | None = None
    error: str | None = None


class LiveFaq:
    """The reply layer in use (`current`), and how to load it again from `faq_dir`."""

    def __init__(self, replies: Replies, faq_dir: Path) -> None:
        self.current = replies
        self.faq_dir = faq_dir
        self.listeners: list[Listener] = []
        self.runs = 0  # reloads actually made (requests arrive more often)
        self._running: asyncio.Task[Reloaded] | None = None
        self._again = False
        self.outcomes: Counter[str] = Counter()  # reloads so far: "ok" or "rejected"

    def reload_now(self) -> Reloaded:
        """Load the FAQ again and swap it in if valid; else keep the current one."""
        self.runs += 1
        try:
            loaded = knowledge.load(self.faq_dir)
        except knowledge.FaqError as exc:
            shown = "\n".join(str(p) for p in exc.problems[:LOGGED_PROBLEMS])
            more = len(exc.problems) - LOGGED_PROBLEMS
            if more > 0:
                shown += f"\n… and {more} more problem(s)"
            logger.error("FAQ edit rejected, still serving the previous FAQ:\n%s", shown)
            self.outcomes["rejected"] += 1
            return Reloaded(error=str(exc))
        self.current = Replies(loaded)
        self.outcomes["ok"] += 1
        logger.info("FAQ reloaded: %d entries", len(loaded.entries))
        return Reloaded(entries=len(loaded.entries))

    async def reload(self) -> Reloaded:
        """Reload (coalesced with any reload under way), then tell every listener."""
        if self._running is None or self._running.done():
            self._again = False
            self._running = asyncio.create_task(self._reloads())
        else:
            self._again = True  # one more run after this one covers every request meanwhile
        return await asyncio.shield(self._running)

    def stop(self) -> None:
        """Stop waiting for a reload under way (at shutdown); its thread is left to end."""
        if self._running is not None:
            self._running.cancel()

    async def _reloads(self) -> Reloaded:
        """Reload until no request arrived during the last run."""
        while True:
            self._again = False
            outcome = await self._once()
            if not self._again:
                return outcome

    async def _once(self) -> Reloaded:
        """One reload off the event loop, bounded in time; the listeners after a valid one."""
        try:
            outcome = await asyncio.wait_for(
                in_daemon(self.reload_now, "faq-reload"), RELOAD_SECONDS
            )
        except TimeoutError:
            logger.error(
                "FAQ reload took over %.0f s: abandoned, the previous FAQ serves", RELOAD_SECONDS
            )
            return Reloaded(error=f"reload took over {RELOAD_SECONDS:.0f} s")
        if outcome.entries is not None:
            for listener in self.listeners:
                try:
                    await listener(self.current)
                except Exception:  # the new FAQ serves anyway; only its announcement failed
                    logger.exception("After the FAQ reload, updating the bot failed")
        return outcome
