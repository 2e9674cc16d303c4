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
from collections.abc import Iterable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.adapters.flood import FloodGuard
from bot.adapters.handlers import ADMIN_COMMANDS, AnyApplication, Handlers
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation.feedback import Curation, Holder
from bot.curation.inbox import Inbox
from bot.curation.upkeep import Upkeep
from bot.settings import Settings

logger = logging.getLogger(__name__)

REPLIES = "replies"  # bot_data key of the `Holder`, for whoever swaps the FAQ at runtime
FLOOD = "flood"  # bot_data key of the per-chat `FloodGuard`
CURATION = "curation"  # bot_data key of the inbox and live-reload `Curation`
HELP_ALIAS = "help"  # English alias of /aiuto, handled but not listed
UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
BOOTSTRAP_RETRIES = 3  # start-up calls (getMe, deleteWebhook, setWebhook) retried on network errors
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_application(
    settings: Settings,
    knowledge: Knowledge,
    *,
    request: BaseRequest | None = None,
    flood: FloodGuard | None = None,
    inbox: Inbox | None = None,
) -> AnyApplication:
    """The wired application; `request` replaces PTB's HTTP client, `flood` the default limits.

    The curators' inbox is opened in DATA_DIR unless `inbox` is given.
    """
    if not settings.token:
        raise ValueError("build_application needs settings.token")
    holder = Holder(Replies(knowledge))
    flood = FloodGuard() if flood is None else flood
    inbox = Inbox.in_folder(settings.data_dir) if inbox is None else inbox
    curation = Curation(holder, inbox, settings.faq_dir)
    handlers = Handlers(holder, flood, curation, settings.admin_ids)
    upkeep = Upkeep(curation, settings.retention_days)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(lambda app: _start(app, handlers, upkeep))
        .post_shutdown(lambda app: upkeep.stop())
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    # A reloaded FAQ may bring new commands: list them in Telegram's menu too.
    upkeep.on_reload = partial(handlers.register_commands, application)
    application.bot_data[REPLIES] = holder
    application.bot_data[FLOOD] = flood
    application.bot_data[CURATION] = curation
    names = [name for name, _ in holder.current.commands()] + [HELP_ALIAS]
    messages = filters.UpdateType.MESSAGES
    text = messages & filters.TEXT & ~filters.COMMAND
    application.add_handlers(
        [
            CommandHandler(names, handlers.command),
            CommandHandler(list(ADMIN_COMMANDS), handlers.admin),
            MessageHandler(messages & filters.COMMAND, handlers.unknown_command),
            MessageHandler(text & filters.ChatType.PRIVATE, handlers.text),
            MessageHandler(text & filters.ChatType.GROUPS, handlers.group_text),
            MessageHandler(
                messages & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                handlers.not_text,
            ),
            CallbackQueryHandler(handlers.button),
            InlineQueryHandler(handlers.inline),
        ]
    )
    application.add_error_handler(handlers.error)
    return application


async def _start(application: AnyApplication, handlers: Handlers, upkeep: Upkeep) -> None:
    """After PTB's start-up: register the commands, then watch the FAQ and the inbox."""
    await handlers.register_commands(application)
    upkeep.start()


def run(settings: Settings, knowledge: Knowledge) -> int:
    """Serve the bot on Telegram until stopped; return the exit status."""
    configure_logging(settings.log_level, (settings.token, settings.webhook_secret))
    application = build_application(settings, knowledge)
    try:
        if settings.webhook_url:
            # Telegram sends the secret in a header; PTB answers 403 to requests without it.
            secret = settings.webhook_secret or secrets.token_urlsafe(32)
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
        message = redact(str(exc), (settings.token, settings.webhook_secret))
        print(f"faq-bot: cannot start on Telegram: {message}", file=sys.stderr)
        return 1
    return 0


def redact(text: str, hidden: Iterable[str | None]) -> str:
    """`text` with every secret in `hidden` (and a token's secret half) blanked out."""
    for secret in hidden:
        if secret:
            text = text.replace(secret, "[hidden]")
            text = text.replace(secret.partition(":")[2] or secret, "[hidden]")
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter that keeps secrets out of log lines and tracebacks alike."""

    def __init__(self, hidden: Iterable[str | None]) -> None:
        super().__init__(LOG_FORMAT)
        self.hidden = tuple(hidden)

    def format(self, record: logging.LogRecord) -> str:
        """The record as one redacted line (plus its redacted traceback, if any)."""
        return redact(super().format(record), self.hidden)

    def formatException(self, ei: Any) -> str:  # noqa: N802 (the name logging calls)
        """A traceback, except for network errors: their cause fits on one line."""
        if isinstance(ei[1], NetworkError):
            return f"{type(ei[1]).__name__}: {ei[1]}"
        return super().formatException(ei)


def _not_invalid_token(record: logging.LogRecord) -> bool:
    """Drop PTB's traceback for a rejected token: `run` reports it in one line."""
    return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))


def configure_logging(level: str, hidden: Iterable[str | None]) -> None:
    """Log to stderr at `level`, secrets redacted; a no-op if logging is already set up."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(hidden))
    handler.addFilter(_not_invalid_token)
    logging.basicConfig(level=level, handlers=[handler])
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
