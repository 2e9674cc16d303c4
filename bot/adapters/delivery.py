"""Delivery: every Bot API call of a reply tried until Telegram takes it, within a bound.

A call that Telegram did not take (a server error, a 429, a refused or broken
connection) is tried again after a pause: `BACKOFF_FIRST` seconds doubled up
to `BACKOFF_MOST`, a little jitter so that held replies do not all return at
once, or as long as a 429 asks. After `PATIENCE` seconds (3 minutes: long
enough for a typical outage of a minute or two) the reply is given up,
counted in `failures` and logged once. A call that *timed out* may have
arrived: it is never tried again, and the reply goes on with its next part,
so a reader never gets an answer twice nor an apology for an answer that came.

Replies to one chat go out in the order they were begun (`lane`): a reply
held by an outage is not overtaken by a later one. Logging is one line when
Telegram starts failing and one when it takes calls again, whatever the
number of replies held.

`retries`, `failures`, `timeouts` and `held` are plain counters for metrics.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from telegram.error import NetworkError, RetryAfter, TimedOut

logger = logging.getLogger(__name__)

PATIENCE = 180.0  # seconds a reply is tried for before it is given up
BACKOFF_FIRST = 0.5  # seconds before the second try…
BACKOFF_MOST = 15.0  # … doubled each time up to this
JITTER = 0.2  # each pause is stretched by up to this share, at random


def retriable(error: Exception) -> bool:
    """Whether Telegram certainly did not take the call: a server error or no connection.

    PTB raises a plain `NetworkError` for 5xx answers and connection failures, and
    subclasses for what must not be retried: `BadRequest` (our fault) and
    `TimedOut` (the call may have arrived).
    """
    return isinstance(error, RetryAfter) or type(error) is NetworkError


@dataclass(slots=True)
class _Lane:
    """The replies under way to one chat, in the order they asked for it."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class Delivery:
    """Makes Bot API calls, retrying within `patience` seconds, one chat's replies in order."""

    def __init__(
        self,
        patience: float = PATIENCE,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.patience = patience
        self.clock = clock
        self.sleep = sleep
        self.retries = 0  # calls tried again
        self.failures = 0  # replies given up after `patience`, or refused for good
        self.timeouts = 0  # calls that timed out (maybe delivered, never repeated)
        self.held = 0  # calls waiting for another try right now
        self._failing = False
        self._lanes: dict[Hashable, _Lane] = {}

    @asynccontextmanager
    async def lane(self, chat: Hashable) -> AsyncIterator[None]:
        """Hold `chat`'s lane: its replies go out one after another, first come first."""
        lane = self._lanes.setdefault(chat, _Lane())
        lane.users += 1
        try:
            async with lane.lock:
                yield
        finally:
            lane.users -= 1
            if lane.users == 0:
                del self._lanes[chat]

    @property
    def lanes(self) -> int:
        """Chats with a reply under way."""
        return len(self._lanes)

    async def call(self, make: Callable[[], Awaitable[object]]) -> None:
        """Make one call; try again while Telegram did not take it, for at most `patience` s.

        A timeout returns normally (the call may have arrived); any other error
        is raised, the last retriable one once `patience` is spent.
        """
        deadline = self.clock() + self.patience
        pause = BACKOFF_FIRST
        while True:
            try:
                await make()
            except TimedOut:
                self.timeouts += 1
                logger.warning(
                    "A Bot API call timed out; it may have arrived, so it is not repeated"
                )
                return
            except Exception as exc:
                if not retriable(exc):
                    raise
                wait = _wait(exc, pause)
                if self.clock() + wait > deadline:
                    self.failures += 1
                    logger.error("A reply was given up after %.0f s: %s", self.patience, exc)
                    raise
                pause = min(pause * 2, BACKOFF_MOST)
                await self._hold(exc, wait)
                continue
            if self._failing:
                self._failing = False
                logger.warning("Telegram takes calls again; %d more waiting", self.held)
            return

    async def _hold(self, error: Exception, wait: float) -> None:
        """Wait `wait` seconds before another try, logging the start of an outage once."""
        self.retries += 1
        if not self._failing:
            self._failing = True
            logger.warning(
                "Telegram did not take a call (%s); replies are held and tried again for up to"
                " %.0f s",
                error,
                self.patience,
            )
        self.held += 1
        try:
            await self.sleep(wait)
        finally:
            self.held -= 1


def _wait(error: Exception, pause: float) -> float:
    """Seconds before the next try: what a 429 asks for, else `pause` with jitter."""
    if isinstance(error, RetryAfter):
        return float(error._retry_after.total_seconds()) + 0.1  # as PTB's limiter reads it
    return pause * (1 + JITTER * random.random())  # jitter, no secret
