"""Running out of file descriptors, logged once per episode instead of once a second."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Handler = Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object]


class AcceptWatch:
    """One log line when accepting fails for lack of file descriptors, one when it recovers.

    asyncio retries a failed accept every second and reports each failure, with
    its traceback, to the loop's exception handler; this handler keeps the
    first of an episode and drops the rest. Every other report goes where it went before.
    """

    def __init__(
        self, previous: Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object] | None
    ) -> None:
        self.previous = previous
        self.failing = False

    @classmethod
    def install(cls, loop: asyncio.AbstractEventLoop) -> AcceptWatch:
        """The loop's watch, installed as its exception handler on first use."""
        current = loop.get_exception_handler()
        if isinstance(current, AcceptWatch):
            return current
        watch = cls(current)
        loop.set_exception_handler(watch)
        return watch

    def __call__(self, loop: asyncio.AbstractEventLoop, report: dict[str, Any]) -> None:
        """Handle one report of the loop's."""
        if report.get("message") == "socket.accept() out of system resource":
            if not self.failing:
                self.failing = True
                logger.error(
                    "Cannot accept connections: %s; refusing new ones until some close",
                    report.get("exception"),
                )
            return
        if self.previous is not None:
            self.previous(loop, report)
        else:
            loop.default_exception_handler(report)

    def accepted(self) -> None:
        """A connection was accepted: an episode of failures, if any, is over."""
        if self.failing:
            self.failing = False
            logger.warning("Accepting connections again")
