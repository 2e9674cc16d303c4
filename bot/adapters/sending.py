"""Sending replies to Telegram: one path for every message, split to size, retried when safe.

A reply goes to the chat of a message (as an answer to it), to a chat known
only by its id, or into a message sent through inline mode (edited in place).
Every part is Telegram HTML with its buttons on the last part, and every call
is retried after a server error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import NetworkError

from bot.adapters import keyboards, splitting
from bot.answering.models import Reply

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 3  # tries of a message after server errors
SEND_BACKOFF = 0.5  # seconds before the second try, doubled for the third


@dataclass(frozen=True, slots=True)
class InlineMessage:
    """A message a reader sent through inline mode: it can only be edited, by its id."""

    id: str


async def retrying(call: Callable[[], Awaitable[object]]) -> object:
    """Make a Bot API call, again after a server error or a refused connection.

    Telegram did not take the message then, so a new try cannot send it twice.
    Timeouts (the message may have arrived) and bad requests are not retried;
    429s are the rate limiter's, which waits as Telegram asks. Returns what the call returned.
    """
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await call()
        except NetworkError as exc:
            if type(exc) is not NetworkError or attempt == SEND_ATTEMPTS - 1:
                raise
            logger.warning("Telegram failed (%s); trying again", exc)
            await asyncio.sleep(SEND_BACKOFF * 2**attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


async def send(
    bot: Bot, to: Message | int | InlineMessage, reply: Reply, *, quote: bool | None = None
) -> Message | None:
    """Send `reply` to `to`: a message's chat, a chat id, or an inline message (edited).

    `quote` None quotes the asker in groups only (PTB's default). An inline
    message is one message, so it shows the first part with all the buttons.
    Returns the last message sent (the one with the buttons); None for an inline one.
    """
    parts = splitting.split(reply)
    if isinstance(to, InlineMessage):
        first = parts[0]
        await retrying(
            partial(
                bot.edit_message_text,
                first.text,
                inline_message_id=to.id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboards.markup(Reply(first.text, reply.buttons)),
            )
        )
        return None
    last: Message | None = None
    for part in parts:
        markup = keyboards.markup(part)
        if isinstance(to, Message):
            call = partial(to.reply_html, part.text, reply_markup=markup, do_quote=quote)
        else:
            call = partial(
                bot.send_message, to, part.text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        sent = await retrying(call)
        last = sent if isinstance(sent, Message) else last
    return last
