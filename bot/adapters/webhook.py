"""The webhook: Telegram POSTs updates here; /healthz and /metrics share the port.

PTB's pattern for a custom webhook server: the server checks the request and
puts the `Update` on `application.update_queue`, where the application's
dispatching picks it up as it does for polling. What is checked, in order:

- the path is the webhook's (else 404) and the method POST (else 405);
- the secret header matches (compared in constant time; else 403), before any
  of the body is read;
- the body is one JSON object with an integer ``update_id`` (else 400);
- an update_id seen among the last `RECENT_IDS` is answered 200 and not
  handled again: Telegram posts an update again when it does not see a 200 in
  time, and a reader must not get the answer twice.

Nothing about the webhook's path or secret appears in a response.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import OrderedDict
from typing import Any

from telegram import Bot, Update

from bot.adapters.health import Health
from bot.adapters.http_server import Request, Response, plain

logger = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
RECENT_IDS = 10_000  # update_ids remembered against Telegram's retries (~0.8 MiB)


class RecentIds:
    """The last `size` ids seen, oldest forgotten first."""

    def __init__(self, size: int = RECENT_IDS) -> None:
        self.size = size
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """Note `update_id`; whether it was not among the recent ones."""
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._seen)


class WebhookSite:
    """The webhook at `path`, secret `secret`, feeding `queue`; health and metrics beside it."""

    def __init__(
        self,
        path: str,
        secret: str,
        bot: Bot,
        queue: asyncio.Queue[object],
        health: Health,
    ) -> None:
        self.path = "/" + path.strip("/")
        self.secret = secret.encode()
        self.bot = bot
        self.queue = queue
        self.health = health
        self.recent = RecentIds()

    def _refuse(self, status: int) -> Response:
        """A refusal, counted; the connection closes as the body is left unread."""
        self.health.metrics.webhook_refusals.labels(str(status)).inc()
        response = plain(status)
        return Response(response.status, response.body, response.content_type, close=True)

    def check(self, request: Request) -> Response | None:
        """Health, metrics and refusals from the head; None to read an update's body."""
        monitored = self.health.route(request)
        if monitored is not None:
            return monitored
        if request.path.rstrip("/") != self.path:
            return self._refuse(404)
        if request.method != "POST":
            return self._refuse(405)
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return self._refuse(403)
        return None

    async def handle(self, request: Request) -> Response:
        """Queue the update in the body, once per update_id."""
        try:
            data: Any = json.loads(request.body)
        except ValueError:  # bad JSON or bad UTF-8
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            logger.warning("Webhook request with a body that is not an update: refused with 400")
            return self._refuse(400)
        if not self.recent.first_time(data["update_id"]):
            self.health.metrics.duplicates.inc()
            return Response(200)
        try:
            update = Update.de_json(data, self.bot)
        except (TypeError, ValueError, KeyError):
            logger.warning("Webhook update %s could not be read: refused", data["update_id"])
            return self._refuse(400)
        await self.queue.put(update)
        return Response(200)
