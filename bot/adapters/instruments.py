"""Where the running bot is measured: every update as it is handled, every Bot API call.

Both sit at PTB's own seams, so no handler changes to be measured:
`MeasuredProcessor` is the application's update processor (concurrent, as
before) and times each update; `WatchedRequest` is its HTTP client and tells
`Health` whether Telegram answers.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import SimpleUpdateProcessor
from telegram.request import HTTPXRequest, RequestData

from bot.adapters.health import Health
from bot.adapters.metrics import Metrics

# Updates handled at once. PTB's default is 256, but httpcore's connection pool scans every
# request in flight on each change, so 256 concurrent sends cost more than they bring: in the
# uncapped load benchmark 64 made 304 updates/s by webhook and 313 by polling, against 223 and
# 273 with 256 (README, Figures). As shipped, Telegram's 30 messages/s are the limit anyway.
CONCURRENT_UPDATES = 64
UPDATE_TYPES = ("message", "edited_message", "callback_query", "inline_query")


def update_type(update: object) -> str:
    """The kind of update, as a metrics label."""
    if isinstance(update, Update):
        for name in UPDATE_TYPES:
            if getattr(update, name) is not None:
                return name
    return "other"


class MeasuredProcessor(SimpleUpdateProcessor):
    """Handles updates concurrently, counting and timing each one."""

    def __init__(self, metrics: Metrics, max_concurrent: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent)
        self.metrics = metrics
        self.handled = 0  # updates handled so far, for the shutdown line

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Handle one update; count it by type and time it."""
        kind = update_type(update)
        self.metrics.updates.labels(kind).inc()
        started = time.perf_counter()
        try:
            await coroutine
        finally:
            self.handled += 1
            self.metrics.latency.labels(kind).observe(time.perf_counter() - started)


class WatchedRequest(HTTPXRequest):
    """PTB's HTTP client, telling `health` after each call whether Telegram answered."""

    def __init__(self, health: Health, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.health = health

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make the call; any HTTP answer, even an error, means Telegram is reachable."""
        try:
            answer = await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        except NetworkError:
            self.health.telegram(answered=False)
            raise
        self.health.telegram(answered=True)
        return answer
