"""The Telegram update handlers: small async callables that ask `Replies` and send.

Every handler answers from `live.current`, so a reloaded FAQ changes what the
very next update gets, with no handler re-registered. `register` adds each
handler with its filter beside it.

Questions are read in the context of the conversation they belong to: a
private chat, or one user within a group (`conversation_key`), kept in the
one `Conversations` store the application was built with.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from telegram import Bot, Chat, Message, MessageEntity, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.adapters import keyboards
from bot.adapters.flood import FloodGuard, Verdict
from bot.adapters.metrics import Metrics
from bot.adapters.sending import InlineMessage, send
from bot.adapters.telegram_profile import TelegramProfile
from bot.answering import texts
from bot.answering.conversation import Conversations, Thread
from bot.answering.models import Reply
from bot.answering.replies import Replies, parse_command
from bot.curation import admin
from bot.curation.feedback import Feedback
from bot.curation.inbox import message_key
from bot.curation.live import LiveFaq

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
AnyApplication = Application[Any, Any, Any, Any, Any, Any]

ADMIN_COMMANDS = ("statistiche", "ricarica")  # for ADMIN_IDS only; unknown to anyone else
ConversationKey = tuple[int, int]  # (chat id, user id); (chat id, chat id) for a private chat


def conversation_key(chat: Chat, user: User | None) -> ConversationKey:
    """Whose context a message or tap belongs to: a private chat, or one user in a group."""
    if chat.type == ChatType.PRIVATE or user is None:
        return (chat.id, chat.id)
    return (chat.id, user.id)


def addressed(message: Message, bot: Bot) -> str | None:
    """The question in a group message meant for the bot, or None for other chatter."""
    text = message.text or ""
    mention = f"@{bot.username}".lower()
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    if any(found.lower() == mention for found in mentions):
        return re.sub(re.escape(mention) + r"\b", " ", text, flags=re.IGNORECASE).strip()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and not replied.forum_topic_created:
        return text if replied.from_user.id == bot.id else None
    return None


class Handlers:
    """The bot's handlers, all answering from `live.current`, each chat within `flood`.

    `conversations` holds each conversation's context; `clock` (seconds, any
    origin) is what its idle expiry is measured on.
    """

    def __init__(
        self,
        live: LiveFaq,
        flood: FloodGuard,
        feedback: Feedback,
        admins: frozenset[int],
        conversations: Conversations[ConversationKey],
        clock: Callable[[], float] = time.monotonic,
        metrics: Metrics | None = None,
    ) -> None:
        self.live = live
        self.metrics = Metrics() if metrics is None else metrics
        self.telegram_profile = TelegramProfile()  # what Telegram was last told, sent once
        self.started_at: float | None = None  # when the bot started serving, on `clock`
        self.flood = flood
        self.feedback = feedback
        self.admins = admins
        self.conversations = conversations
        self.clock = clock

    def thread(self, chat: Chat, user: User | None) -> Thread[ConversationKey]:
        """The conversation of `user` in `chat`, now."""
        return self.conversations.thread(conversation_key(chat, user), self.clock())

    def register(self, application: AnyApplication) -> None:
        """Add every handler to `application`, each with the updates it takes."""
        messages = filters.UpdateType.MESSAGES
        text = messages & filters.TEXT & ~filters.COMMAND
        not_text = messages & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL
        application.add_handlers(
            [
                MessageHandler(messages & filters.COMMAND, self.command),
                MessageHandler(text & filters.ChatType.PRIVATE, self.text),
                MessageHandler(text & filters.ChatType.GROUPS, self.group_text),
                MessageHandler(not_text, self.not_text),
                CallbackQueryHandler(self.button),
                InlineQueryHandler(self.inline),
            ]
        )
        application.add_error_handler(self.error)
        # A reloaded FAQ may bring new commands: list them in Telegram's menu too.
        self.live.listeners.append(lambda replies: self.register_commands(application, replies))

    async def send(
        self,
        bot: Bot,
        to: Message | int | InlineMessage,
        reply: Reply,
        *,
        quote: bool | None = None,
    ) -> None:
        """Send `reply` (see `bot.adapters.sending.send`), counting it or its failure."""
        try:
            await send(bot, to, reply, quote=quote)
        except TelegramError:
            self.metrics.send_failures.inc()
            raise
        self.metrics.sent(reply)

    async def answer(self, bot: Bot, message: Message, question: str) -> None:
        """Answer a question in its conversation and let the curators' inbox see how it went."""
        reply = self.live.current.question(question, self.thread(message.chat, message.from_user))
        await self.send(bot, message, reply)
        self.feedback.observe(question, reply)

    async def allowed(self, bot: Bot, message: Message) -> bool:
        """Whether the chat may be answered now; the first message over the limit gets a notice."""
        verdict = self.flood.check(message.chat_id)
        if verdict is not Verdict.ANSWER:
            self.metrics.flood_refusals.inc()
        if verdict is Verdict.NOTICE:
            await self.send(bot, message, Reply(texts.FLOOD), quote=False)
        return verdict is Verdict.ANSWER

    async def command(self, update: Update, context: Context) -> None:
        """Answer a command: known ones anywhere, unknown ones in private or when addressed."""
        message = update.effective_message
        parsed = parse_command(message.text or "") if message is not None else None
        if message is None or parsed is None:
            return
        name, args, to = parsed
        ours = (context.bot.username or "").lower()
        if to is not None and to.lower() != ours:
            return  # /cmd@otherbot in a group: not for us
        known = name in self.live.current.names or name in ADMIN_COMMANDS
        if not (known or message.chat.type == ChatType.PRIVATE or to is not None):
            return  # a bare unknown command in a group is someone else's
        if not await self.allowed(context.bot, message):
            return
        user = update.effective_user
        if name in ADMIN_COMMANDS and user is not None and user.id in self.admins:
            await self.admin(context, message, name)
            return
        thread = self.thread(message.chat, message.from_user)
        reply = self.live.current.command(name, args, context.bot.username, thread)
        await self.send(context.bot, message, reply)
        self.feedback.command(name)
        self.feedback.observe(args, reply)  # "/faq question" is a question too

    async def admin(self, context: Context, message: Message, name: str) -> None:
        """/statistiche and /ricarica, for ADMIN_IDS."""
        if name == "ricarica":
            reply = admin.reloaded(await self.live.reload())
        else:
            reply = admin.statistics(self.feedback.inbox)
        await self.send(context.bot, message, reply)

    async def text(self, update: Update, context: Context) -> None:
        """Answer free text in a private chat, except answers the reader posted via inline mode."""
        message = update.effective_message
        if message is None or not message.text or message.via_bot is not None:
            return
        if await self.allowed(context.bot, message):
            await self.answer(context.bot, message, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        """Answer group messages that mention or reply to the bot; ignore the rest."""
        message = update.effective_message
        question = addressed(message, context.bot) if message is not None else None
        if (
            message is not None
            and question is not None
            and await self.allowed(context.bot, message)
        ):
            await self.answer(context.bot, message, question)

    async def not_text(self, update: Update, context: Context) -> None:
        """Ask for a written question when a private chat sends anything else."""
        message = update.effective_message
        if message is not None and await self.allowed(context.bot, message):
            await self.send(context.bot, message, Reply(texts.NOT_TEXT))

    async def button(self, update: Update, context: Context) -> None:
        """Show what a tapped button points to; a vote is thanked in the tap's own answer."""
        query = update.callback_query
        if query is None:
            return
        # A tap on a message in a chat sets that conversation's context; an inline one has none.
        chat = query.message.chat if query.message is not None else None
        thread = self.thread(chat, query.from_user) if chat is not None else None
        reply = self.live.current.callback(query.data or "", thread)
        if reply.vote is not None:
            key = (
                message_key(query.message.chat.id, query.message.message_id)
                if query.message is not None
                else f"inline:{query.inline_message_id}"
            )
            self.feedback.vote(key, reply)
            await query.answer(reply.text)  # no new message for a vote
            return
        # Callback queries must always be answered, or the client keeps a spinner going.
        await query.answer()
        if isinstance(query.message, Message):
            await self.send(context.bot, query.message, reply, quote=False)
        elif query.message is not None:  # deleted or too old to read: the chat is still known
            await self.send(context.bot, query.message.chat.id, reply)
        elif query.inline_message_id is not None:  # a message sent through inline mode
            await self.send(context.bot, InlineMessage(query.inline_message_id), reply)

    async def inline(self, update: Update, context: Context) -> None:
        """Offer up to ten answers for "@bot domanda"; the first menu for an empty query."""
        query = update.inline_query
        if query is not None:
            await query.answer(keyboards.articles(self.live.current.inline(query.query)))

    async def error(self, update: object, context: Context) -> None:
        """Log the failure with the update that caused it and apologise to the user."""
        shown = update.to_dict() if isinstance(update, Update) else update
        logger.error("Error while handling update %s", shown, exc_info=context.error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None:
            # The apology is best effort: the failure may be Telegram itself.
            with contextlib.suppress(TelegramError):
                await self.send(context.bot, chat.id, Reply(texts.ERROR))

    async def register_commands(self, application: AnyApplication, replies: Replies) -> None:
        """Tell Telegram the commands and descriptions, so clients show them in Italian."""
        await self.telegram_profile.apply(application.bot, replies)
