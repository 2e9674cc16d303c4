"""Sending replies to Telegram: one path for every message, split to size, delivered in order.

A reply goes to the chat of a message (as an answer to it), to a chat known
only by its id, or into a message sent through inline mode (edited in place).
Every part is Telegram HTML with its buttons on the last part; every call
goes through `Delivery`, which retries what Telegram did not take and keeps
one chat's replies in order. The sent messages are returned, so a caller can
note what each one showed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from telegram import Bot, Message
from telegram.constants import ParseMode

from bot.adapters import keyboards, splitting
from bot.adapters.delivery import Delivery
from bot.answering.models import Reply


@dataclass(frozen=True, slots=True)
class InlineMessage:
    """A message a reader sent through inline mode: it can only be edited, by its id."""

    id: str


async def send(
    bot: Bot,
    to: Message | int | InlineMessage,
    reply: Reply,
    *,
    quote: bool | None = None,
    delivery: Delivery | None = None,
) -> list[Message]:
    """Send `reply` to `to`: a message's chat, a chat id, or an inline message (edited).

    `quote` None quotes the asker in groups only (PTB's default). An inline
    message is one message, so it shows the first part with all the buttons.
    `delivery` (a new one if None) retries and orders; the messages Telegram
    confirmed are returned (a call that timed out has none).
    """
    delivery = Delivery() if delivery is None else delivery
    parts = splitting.split(reply)
    sent: list[Message] = []

    async def call(make: Callable[[], Awaitable[object]]) -> None:
        """One call through `delivery`, its confirmed message kept."""

        async def keep() -> None:
            result = await make()
            if isinstance(result, Message):
                sent.append(result)

        await delivery.call(keep)

    if isinstance(to, InlineMessage):
        first = parts[0]
        markup = keyboards.markup(Reply(first.text, reply.buttons))
        async with delivery.lane(("inline", to.id)):
            await call(
                partial(
                    bot.edit_message_text,
                    first.text,
                    inline_message_id=to.id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
            )
        return sent
    chat = to.chat_id if isinstance(to, Message) else to
    async with delivery.lane(chat):
        for part in parts:
            markup = keyboards.markup(part)
            if isinstance(to, Message):
                await call(partial(to.reply_html, part.text, reply_markup=markup, do_quote=quote))
            else:
                await call(
                    partial(
                        bot.send_message,
                        chat,
                        part.text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=markup,
                    )
                )
    return sent
