"""Serving the application: the webhook on our own server, the start-up and shutdown lines.

Webhook mode follows PTB's documented pattern for a custom webhook server:
initialise the application, register the webhook, start the application and
the server, wait for SIGTERM or SIGINT, then stop the server first and the
application after it (which finishes the updates in hand).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError

from bot.adapters.handlers import AnyApplication
from bot.adapters.health import Health
from bot.adapters.http_server import HttpServer, Limits
from bot.adapters.webhook import WebhookSite
from bot.settings import Settings

logger = logging.getLogger(__name__)

WEBHOOK_CONNECTIONS = 40  # what Telegram may open at once (setWebhook's max_connections)
RETRY_SECONDS = 1.0  # between start-up calls that failed on the network


def public_url(url: str) -> str:
    """The webhook URL as logged: scheme, host and path, never a query or credentials."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}" + (
        parts.path or "/"
    )


def mode_of(settings: Settings) -> str:
    """The mode as logged and reported: polling, or webhook and its public URL."""
    return f"webhook {public_url(settings.webhook_url)}" if settings.webhook_url else "polling"


def log_started(application: AnyApplication, settings: Settings, health: Health) -> None:
    """One INFO line saying which bot runs, how, and on what."""
    replies = health.live.current
    logger.info(
        "Started @%s, %s; FAQ %s: %d entries, %d commands (version %s); data in %s",
        application.bot.username,
        mode_of(settings),
        settings.faq_dir,
        len(replies.knowledge.entries),
        len(replies.commands()),
        health.version,
        settings.data_dir,
    )


async def retried(call: Callable[[], Awaitable[object]], retries: int) -> None:
    """Make a start-up call, again up to `retries` times after a network error."""
    for attempt in range(retries + 1):
        try:
            await call()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == retries:
                raise
            logger.warning("Telegram failed at start-up (%s); trying again", exc)
            await asyncio.sleep(RETRY_SECONDS)


async def serve_webhook(
    application: AnyApplication,
    settings: Settings,
    secret: str,
    health: Health,
    allowed_updates: list[str],
    retries: int,
) -> None:
    """Serve the webhook until SIGTERM or SIGINT; raises what start-up raises."""
    assert settings.webhook_url is not None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    await application.initialize()
    server: HttpServer | None = None
    try:
        if application.post_init is not None:
            await application.post_init(application)
        site = WebhookSite(
            urlsplit(settings.webhook_url).path,
            secret,
            application.bot,
            application.update_queue,
            health,
        )
        server = HttpServer(site, Limits())
        await server.start(settings.webhook_listen, settings.webhook_port)
        await retried(
            lambda: application.bot.set_webhook(
                settings.webhook_url or "",
                secret_token=secret,
                allowed_updates=allowed_updates,
                max_connections=WEBHOOK_CONNECTIONS,
            ),
            retries,
        )
        await application.start()
        log_started(application, settings, health)
        await stop.wait()
        await server.close()
        server = None
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
    finally:
        if server is not None:
            await server.close()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
