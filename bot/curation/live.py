"""The FAQ in use, reloaded live: one path from an edit on disk to every adapter.

A valid edit is swapped in at once; an invalid one is logged and the previous
FAQ keeps serving. Whoever must hear of a new FAQ (Telegram's command list)
registers a listener; the file watcher, SIGHUP and /ricarica all reload here.
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

logger = logging.getLogger(__name__)

Listener = Callable[[Replies], Awaitable[None]]


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
        self.outcomes: Counter[str] = Counter()  # reloads so far: "ok" or "rejected"

    def reload_now(self) -> Reloaded:
        """Load the FAQ again and swap it in if valid; else keep the current one."""
        try:
            loaded = knowledge.load(self.faq_dir)
        except knowledge.FaqError as exc:
            logger.error("FAQ edit rejected, still serving the previous FAQ:\n%s", exc)
            self.outcomes["rejected"] += 1
            return Reloaded(error=str(exc))
        self.current = Replies(loaded)
        self.outcomes["ok"] += 1
        logger.info("FAQ reloaded: %d entries", len(loaded.entries))
        return Reloaded(entries=len(loaded.entries))

    async def reload(self) -> Reloaded:
        """Reload off the event loop, then tell every listener about the new FAQ."""
        outcome = await asyncio.to_thread(self.reload_now)
        if outcome.entries is not None:
            for listener in self.listeners:
                try:
                    await listener(self.current)
                except Exception:  # the new FAQ serves anyway; only its announcement failed
                    logger.exception("After the FAQ reload, updating the bot failed")
        return outcome
