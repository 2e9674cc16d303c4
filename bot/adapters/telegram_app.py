"""The Telegram adapter: builds the python-telegram-bot application and runs it.

`build_application(settings, knowledge)` wires the handlers of `bot.adapters.handlers`
into a PTB 22 `Application`; `run(settings, knowledge)` configures logging and
serves it by long polling, or by our own webhook server (`bot.adapters.serving`) when
WEBHOOK_URL is set; /healthz and /metrics share the webhook's port, or METRICS_PORT when polling.

TELEGRAM_API_BASE_URL replaces "https://api.telegram.org/bot": PTB appends the
token to it (".../bot" + token + "/getMe"), or puts it where "{token}" is.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
import time
from collections.abc import Callable

from telegram import Bot, LinkPreviewOptions, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults
from telegram.request import BaseRequest

from bot.adapters.delivery import Delivery
from bot.adapters.flood import FloodGuard
from bot.adapters.handlers import AnyApplication, ConversationKey, Handlers
from bot.adapters.health import Health, MonitorSite
from bot.adapters.http_server import HttpServer
from bot.adapters.instruments import MeasuredProcessor, WatchedRequest
from bot.adapters.logs import configure_logging, redact
from bot.adapters.metrics import Metrics
from bot.adapters.serving import log_started, serve_webhook
from bot.adapters.votes import VoteGuard
from bot.answering.conversation import Conversations
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation.datadir import secret_key
from bot.curation.feedback import Feedback
from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from bot.curation.upkeep import Upkeep
from bot.curation.writer import LOCK_TIMEOUT, InboxWriter
from bot.settings import Settings

logger = logging.getLogger(__name__)

UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
BOOTSTRAP_RETRIES = 3  # start-up calls (getMe, deleteWebhook, setWebhook) retried on network errors


def build_application(
    settings: Settings,
    knowledge: Knowledge,
    *,
    request: BaseRequest | None = None,
    flood: FloodGuard | None = None,
    inbox: Inbox | None = None,
    writer: InboxWriter | None = None,
    live: LiveFaq | None = None,
    conversations: Conversations[ConversationKey] | None = None,
    clock: Callable[[], float] = time.monotonic,
    delivery: Delivery | None = None,
    health: Health | None = None,
) -> AnyApplication:
    """The wired application; `request` replaces PTB's HTTP client, the others their defaults.

    The curators' inbox is opened in DATA_DIR unless `inbox` (or its `writer`) is given;
    it is written on the writer's own thread, never on the event loop, and closed at shutdown.
    Each conversation's context lives in `conversations` (a new, empty store by default:
    a restart forgets every context), its idle time measured on `clock`.
    `health` (with its metrics) is what /healthz and /metrics report; one is made if not given.
    """
    if not settings.token:
        raise ValueError("build_application needs settings.token")
    live = LiveFaq(Replies(knowledge), settings.faq_dir) if live is None else live
    if writer is None:
        opened = Inbox.in_folder(settings.data_dir, LOCK_TIMEOUT) if inbox is None else inbox
        writer = InboxWriter(opened)
    store: Conversations[ConversationKey] = (
        Conversations() if conversations is None else conversations
    )
    health = (
        Health(live, Metrics(), "webhook" if settings.webhook_url else "polling")
        if health is None
        else health
    )
    metrics = health.metrics
    metrics.pull_reloads(lambda: dict(live.outcomes))
    handlers = Handlers(
        live,
        flood or FloodGuard(),
        Feedback(writer, live),
        settings.admin_ids,
        store,
        clock,
        metrics,
        delivery=Delivery() if delivery is None else delivery,
        votes=VoteGuard(secret_key(settings.data_dir)),
    )
    upkeep = Upkeep(live, writer, settings.retention_days)
    # Kept by the objects that do the work, read when /metrics is scraped.
    metrics.pull_delivery(lambda: handlers.delivery.retries)
    metrics.inbox_queue.set_function(lambda: writer.depth)
    processor = MeasuredProcessor(metrics)
    monitor: list[HttpServer] = []  # polling mode's /healthz and /metrics, when METRICS_PORT is set

    async def faq_changed(replies: Replies) -> None:
        """A reloaded FAQ: its version for /healthz, read off the event loop."""
        await asyncio.to_thread(health.faq_changed)

    live.listeners.append(faq_changed)

    async def started(application: AnyApplication) -> None:
        """After PTB's start-up: list the commands, then watch the FAQ and the inbox."""
        await handlers.register_commands(application, live.current)
        handlers.started_at = clock()
        upkeep.start()
        if settings.metrics_port is not None and not settings.webhook_url:
            server = HttpServer(MonitorSite(health))
            await server.start(settings.metrics_listen, settings.metrics_port)
            monitor.append(server)
        if not settings.webhook_url:  # the webhook's line waits for its server and setWebhook
            log_started(application, settings, health)

    async def stopped(application: AnyApplication) -> None:
        """After PTB's shutdown: stop the background care, close the inbox."""
        for server in monitor:
            await server.close()
        await upkeep.stop()
        writer.close()  # queued writes get a moment to finish; a stuck inbox is left behind
        if handlers.started_at is not None:  # a bot that never started stays at one clear line
            logger.info("Stopped after handling %d updates", processor.handled)
        if store:  # a bot that never answered (a rejected token) stays at one clear line
            logger.info(
                "Conversation contexts held at shutdown: %d (at most %d)",
                len(store),
                store.max_size,
            )

    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .concurrent_updates(processor)
        # The limiter keeps within Telegram's limits; a 429 it lets through, for Delivery to
        # retry as asked: one place that retries, one log line per episode.
        .rate_limiter(AIORateLimiter(max_retries=0))
        # An answer quotes the article; a link in it should not grow a preview card.
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(started)
        .post_shutdown(stopped)
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:  # PTB's own clients (and pool sizes), telling /healthz whether Telegram answers
        builder = builder.request(WatchedRequest(health, connection_pool_size=256))
        builder = builder.get_updates_request(WatchedRequest(health, connection_pool_size=1))
    application = builder.build()
    handlers.register(application)
    # Counters for metrics: retries and failures of sends, inbox queue depth, refused votes.
    application.bot_data.update(
        delivery=handlers.delivery, inbox_writer=writer, votes=handlers.votes, live=live
    )
    return application


def run(settings: Settings, knowledge: Knowledge) -> int:
    """Serve the bot on Telegram until stopped; return the exit status."""
    # A generated webhook secret is a secret too: known to the log formatter before any line.
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    configure_logging(settings.log_level, (settings.token, secret))
    live = LiveFaq(Replies(knowledge), settings.faq_dir)
    health = Health(live, Metrics(), "webhook" if settings.webhook_url else "polling")
    application = build_application(settings, knowledge, live=live, health=health)
    try:
        if settings.webhook_url:
            # Telegram sends the secret in a header; requests without it get 403.
            asyncio.run(
                serve_webhook(application, settings, secret, health, UPDATES, BOOTSTRAP_RETRIES)
            )
        else:
            # PTB keeps polling through network errors, backing off up to 30 seconds.
            application.run_polling(allowed_updates=UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES)
    except InvalidToken:
        print(
            "faq-bot: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather",
            file=sys.stderr,
        )
        return 1
    except TelegramError as exc:
        message = redact(str(exc), (settings.token, secret))
        print(f"faq-bot: cannot start on Telegram: {message}", file=sys.stderr)
        return 1
    except OSError as exc:  # the webhook's or the metrics' port is taken, or not ours to use
        print(f"faq-bot: cannot listen for HTTP requests: {exc}", file=sys.stderr)
        return 1
    return 0


def username(settings: Settings) -> str | None:
    """The bot's username, asked of Telegram (getMe); None, after one clear line, if refused."""
    assert settings.token is not None

    async def ask() -> str | None:
        base_url = settings.api_base_url or "https://api.telegram.org/bot"
        async with Bot(settings.token or "", base_url=base_url) as bot:
            return bot.username

    try:
        return asyncio.run(ask())
    except InvalidToken:
        print("faq-bot: Telegram rejected TELEGRAM_BOT_TOKEN", file=sys.stderr)
    except TelegramError as exc:
        message = redact(str(exc), (settings.token,))
        print(f"faq-bot: cannot ask Telegram the bot's name: {message}", file=sys.stderr)
    return None
