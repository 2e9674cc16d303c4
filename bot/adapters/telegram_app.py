"""The Telegram adapter: builds the python-telegram-bot application and runs it.

`build_application(settings, knowledge)` wires the handlers of `bot.adapters.handlers`
into a PTB 22 `Application`; `run(settings, knowledge)` configures logging and
serves it by long polling, or by PTB's webhook server when WEBHOOK_URL is set.

TELEGRAM_API_BASE_URL replaces "https://api.telegram.org/bot": PTB appends the
token to it (".../bot" + token + "/getMe"), or puts it where "{token}" is.
"""

from __future__ import annotations

import logging
import secrets
import sys
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder
from telegram.request import BaseRequest

from bot.adapters.delivery import Delivery
from bot.adapters.flood import FloodGuard
from bot.adapters.handlers import AnyApplication, ConversationKey, Handlers
from bot.adapters.logs import configure_logging, redact
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
) -> AnyApplication:
    """The wired application; `request` replaces PTB's HTTP client, the others their defaults.

    The curators' inbox is opened in DATA_DIR unless `inbox` (or its `writer`) is given;
    it is written on the writer's own thread, never on the event loop, and closed at shutdown.
    Each conversation's context lives in `conversations` (a new, empty store by default:
    a restart forgets every context), its idle time measured on `clock`.
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
    handlers = Handlers(
        live,
        flood or FloodGuard(),
        Feedback(writer, live),
        settings.admin_ids,
        store,
        clock,
        delivery=Delivery() if delivery is None else delivery,
        votes=VoteGuard(secret_key(settings.data_dir)),
    )
    upkeep = Upkeep(live, writer, settings.retention_days)

    async def started(application: AnyApplication) -> None:
        """After PTB's start-up: list the commands, then watch the FAQ and the inbox."""
        await handlers.register_commands(application, live.current)
        upkeep.start()

    async def stopped(application: AnyApplication) -> None:
        """After PTB's shutdown: stop the background care, close the inbox."""
        await upkeep.stop()
        writer.close()  # queued writes get a moment to finish; a stuck inbox is left behind
        if store:  # a bot that never answered (a rejected token) stays at one clear line
            logger.info(
                "Conversation contexts held at shutdown: %d (at most %d)",
                len(store),
                store.max_size,
            )

    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(started)
        .post_shutdown(stopped)
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
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
    application = build_application(settings, knowledge)
    try:
        if settings.webhook_url:
            # Telegram sends the secret in a header; PTB answers 403 to requests without it.
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=secret,
                allowed_updates=UPDATES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
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
    return 0
