"""Sending replies to Telegram: split to size, buttons on the last part, retried when safe."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import NetworkError

from bot.adapters import keyboards, splitting
from bot.answering.models import Reply

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 3  # tries of a message after server errors
SEND_BACKOFF = 0.5  # seconds before the second try, doubled for the third


async def retrying(call: Callable[[], Awaitable[object]]) -> None:
    """Make a Bot API call, again after a server error or a refused connection.

    Telegram did not take the message then, so a new try cannot send it twice.
    Timeouts (the message may have arrived) and bad requests are not retried;
    429s are the rate limiter's, which waits as Telegram asks.
    """
    for attempt in range(SEND_ATTEMPTS):
        try:
            await call()
            return
        except NetworkError as exc:
            if type(exc) is not NetworkError or attempt == SEND_ATTEMPTS - 1:
                raise
            logger.warning("Telegram failed (%s); trying again", exc)
            await asyncio.sleep(SEND_BACKOFF * 2**attempt)


async def send(message: Message, reply: Reply, *, quote: bool | None = None) -> None:
    """Send `reply` in the chat of `message` as Telegram HTML, split if too long.

    `quote` None quotes the asker in groups only (PTB's default); buttons go on the last part.
    """
    for part in splitting.split(reply):
        markup = keyboards.markup(part)
        await retrying(partial(message.reply_html, part.text, reply_markup=markup, do_quote=quote))


async def send_to_chat(bot: Bot, chat_id: int, reply: Reply) -> None:
    """Send `reply` to a chat known only by its id, as Telegram HTML, split if too long."""
    for part in splitting.split(reply):
        markup = keyboards.markup(part)
        await retrying(
            partial(
                bot.send_message, chat_id, part.text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        )
