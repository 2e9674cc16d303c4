"""What ``GET /healthz`` and ``GET /metrics`` say, in either mode, off the reply path.

Healthy (200) while the FAQ folder is there with entries and Telegram answers;
503 when the FAQ folder is gone or empty, or when every Bot API call has failed
for `UNREACHABLE_AFTER` seconds. An idle bot that makes no call stays healthy.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from bot.adapters.http_server import Request, Response, plain
from bot.adapters.metrics import CONTENT_TYPE, Metrics
from bot.curation.live import LiveFaq

UNREACHABLE_AFTER = 300.0  # seconds of failing Bot API calls before /healthz says 503


def faq_version(faq_dir: Path) -> str:
    """A short digest of the FAQ folder's files: two bots with the same one serve the same FAQ."""
    digest = hashlib.sha256()
    try:
        for path in sorted(p for p in faq_dir.iterdir() if p.is_file()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()[:12]


class Health:
    """The bot's state for a process manager: FAQ, mode, uptime, Telegram's reachability."""

    def __init__(
        self,
        live: LiveFaq,
        metrics: Metrics,
        mode: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.live = live
        self.metrics = metrics
        self.mode = mode
        self.clock = clock
        self.started = clock()
        self.version = faq_version(live.faq_dir)
        self.failing_since: float | None = None
        self.metrics.entries.set(len(live.current.knowledge.entries))

    def faq_changed(self) -> None:
        """A new FAQ is in use: note its size and version."""
        self.version = faq_version(self.live.faq_dir)
        self.metrics.entries.set(len(self.live.current.knowledge.entries))

    def telegram(self, answered: bool) -> None:
        """A Bot API call got an HTTP answer (any status), or failed on the network."""
        if answered:
            self.failing_since = None
        elif self.failing_since is None:
            self.failing_since = self.clock()
        self.metrics.telegram_up.set(1 if answered else 0)

    def report(self) -> tuple[bool, dict[str, object]]:
        """Whether the bot is healthy, and what it says about itself."""
        entries = len(self.live.current.knowledge.entries)
        problems = []
        if not self.live.faq_dir.is_dir() or not entries:
            problems.append("faq missing")
        now = self.clock()
        if self.failing_since is not None and now - self.failing_since >= UNREACHABLE_AFTER:
            problems.append("telegram unreachable")
        body: dict[str, object] = {
            "status": "ok" if not problems else "unavailable",
            "faq": {"entries": entries, "version": self.version},
            "mode": self.mode,
            "uptime_seconds": round(now - self.started, 1),
        }
        if problems:
            body["problems"] = problems
        return not problems, body

    def route(self, request: Request) -> Response | None:
        """The answer to GET /healthz or /metrics; None for any other request."""
        if request.path not in ("/healthz", "/metrics"):
            return None
        if request.method != "GET":
            return plain(405)
        if request.path == "/metrics":
            return Response(200, self.metrics.render(), CONTENT_TYPE)
        healthy, body = self.report()
        data = (json.dumps(body) + "\n").encode()
        return Response(200 if healthy else 503, data, "application/json")


class MonitorSite:
    """Only /healthz and /metrics: the server on METRICS_PORT in polling mode."""

    def __init__(self, health: Health) -> None:
        self.health = health

    def check(self, request: Request) -> Response | None:
        """Every request is answered from its head."""
        return self.health.route(request) or plain(404)

    async def handle(self, request: Request) -> Response:
        """Never reached: `check` answers everything."""
        return plain(404)
