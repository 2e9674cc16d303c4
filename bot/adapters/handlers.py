"""The Telegram update handlers: small async callables that ask `Replies` and send.

Every handler answers from `live.current`, so a reloaded FAQ changes what the
very next update gets, with no handler re-registered. `register` adds each
handler with its filter beside it.

Questions are read in the context of the conversation they belong to: a
private chat, or one user within a group (`conversation_key`), kept in the
one `Conversations` store the application was built with.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from telegram import Bot, Chat, Message, MessageEntity, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.adapters import keyboards, sending
from bot.adapters.delivery import Delivery
from bot.adapters.flood import FloodGuard, Verdict
from bot.adapters.metrics import Metrics
from bot.adapters.sending import InlineMessage
from bot.adapters.telegram_profile import TelegramProfile
from bot.adapters.votes import VoteGuard
from bot.answering import texts
from bot.answering.conversation import Conversations, Thread
from bot.answering.models import Reply
from bot.answering.replies import Replies, parse_command
from bot.curation import admin
from bot.curation.datadir import pseudonym
from bot.curation.feedback import Feedback
from bot.curation.live import LiveFaq
from bot.curation.offloop import in_daemon

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
    """The bot's handlers, all answering from `live.current`, each sender within `flood`.

    `conversations` holds each conversation's context; `clock` (seconds, any
    origin) is what its idle expiry is measured on. Every reply goes out
    through `delivery` (retried, in order per chat); `votes` says which taps count.
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
        *,
        delivery: Delivery | None = None,
        votes: VoteGuard | None = None,
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
        self.delivery = Delivery() if delivery is None else delivery
        self.votes = VoteGuard(secrets.token_bytes(32)) if votes is None else votes
        self._statistics = asyncio.Lock()  # one report at a time, off the event loop

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
    ) -> Message | None:
        """Send `reply` (retried, in order per chat), counting it or its failure.

        A message that may be voted on is noted. Returns the last message
        Telegram confirmed (the one with the buttons), if any.
        """
        try:
            sent = await sending.send(bot, to, reply, quote=quote, delivery=self.delivery)
        except TelegramError:
            self.metrics.send_failures.inc()
            raise
        self.metrics.sent(reply)
        if isinstance(to, InlineMessage):
            self.votes.note_inline(to.id, reply)
        else:
            self.votes.note(sent, reply)
        return sent[-1] if sent else None

    def message_key(self, *where: object) -> str:
        """The key a bot message is stored under (a keyed hash: no chat id can be read back)."""
        return pseudonym(self.votes.secret, *where)

    async def answer(self, bot: Bot, message: Message, question: str) -> None:
        """Answer a question in its conversation and let the curators' inbox see how it went."""
        reply = self.live.current.question(question, self.thread(message.chat, message.from_user))
        # The inbox hears first: its write is queued (never waits), and a failed send
        # does not hide from the curators the question it answered.
        self.feedback.observe(question, reply)
        sent = await self.send(bot, message, reply)
        if sent is not None:
            self.feedback.shown(self.message_key(sent.chat_id, sent.message_id), question, reply)

    async def allowed(self, bot: Bot, message: Message) -> bool:
        """Whether the sender may be answered now; the first message over the limit gets a notice.

        A private chat is one sender; in a group each user counts on their own.
        """
        verdict = self.flood.check(conversation_key(message.chat, message.from_user))
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
        user = update.effective_user
        # Admin commands exist for admins only: for anyone else they are unknown, everywhere.
        admin_command = name in ADMIN_COMMANDS and user is not None and user.id in self.admins
        known = name in self.live.current.names or admin_command
        if not (known or message.chat.type == ChatType.PRIVATE or to is not None):
            return  # a bare unknown command in a group is someone else's
        if not await self.allowed(context.bot, message):
            return
        if admin_command:
            await self.admin(context, message, name)
            return
        thread = self.thread(message.chat, message.from_user)
        reply = self.live.current.command(name, args, context.bot.username, thread)
        self.feedback.command(name)
        self.feedback.observe(args, reply)  # "/faq question" is a question too
        sent = await self.send(context.bot, message, reply)
        if sent is not None:
            self.feedback.shown(self.message_key(sent.chat_id, sent.message_id), args, reply)

    async def admin(self, context: Context, message: Message, name: str) -> None:
        """/statistiche and /ricarica, for ADMIN_IDS; both work off the event loop."""
        if name == "ricarica":
            reply = admin.reloaded(await self.live.reload())
        else:
            reader = self.feedback.reader
            async with self._statistics:
                reply = await in_daemon(lambda: admin.statistics(reader), "statistics")
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
        where = (
            (query.message.chat.id, query.message.message_id)
            if query.message is not None
            else ("inline", query.inline_message_id)
        )
        key = self.message_key(*where)
        if reply.vote is not None and reply.entry_id is not None:
            # Only a message this bot sent here, showing this entry, takes a vote on it.
            accepted = self.votes.key(where, reply.entry_id)
            if accepted is not None:
                self.feedback.vote(accepted, reply)
                self.feedback.tapped(key, reply)
            await query.answer(reply.text if accepted is not None else texts.VOTE_REFUSED)
            return
        # Callback queries must always be answered, or the client keeps a spinner going.
        await query.answer()
        sent: Message | None = None
        if isinstance(query.message, Message):
            sent = await self.send(context.bot, query.message, reply, quote=False)
        elif query.message is not None:  # deleted or too old to read: the chat is still known
            sent = await self.send(context.bot, query.message.chat.id, reply)
        elif query.inline_message_id is not None:  # a message sent through inline mode
            await self.send(context.bot, InlineMessage(query.inline_message_id), reply)
        # A tap on a reply to a question tells the curators which entry the reader meant.
        shown = self.message_key(sent.chat_id, sent.message_id) if sent is not None else None
        self.feedback.tapped(key, reply, shown)

    async def inline(self, update: Update, context: Context) -> None:
        """Offer up to ten answers for "@bot domanda"; the first menu for an empty query."""
        query = update.inline_query
        if query is not None:
            await query.answer(keyboards.articles(self.live.current.inline(query.query)))

    async def error(self, update: object, context: Context) -> None:
        """Log the failure by update id; apologise unless Telegram itself failed.

        Readers' names and words stay out of the log at INFO and above: the
        whole update is logged at DEBUG only. A reply Telegram did not take
        (given up after retries, timed out, or refused by a reader who blocked
        the bot) gets no apology: it could not arrive either, or it already did.
        """
        error = context.error
        undeliverable = isinstance(error, (RetryAfter, Forbidden)) or (
            isinstance(error, NetworkError) and not isinstance(error, BadRequest)
        )
        if isinstance(update, Update) and undeliverable:
            # Delivery already logged the outage; one short line per update, no traceback.
            logger.warning("Update %d: the reply was not delivered (%s)", update.update_id, error)
        elif isinstance(update, Update):
            logger.error("Error while handling update %d", update.update_id, exc_info=error)
        else:
            logger.error("Error outside an update", exc_info=error)
        if isinstance(update, Update):
            logger.debug("The update: %s", update.to_dict())
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and not undeliverable:
            # The apology is best effort, tried once: the failure may be Telegram itself.
            with contextlib.suppress(TelegramError):
                await sending.send(
                    context.bot, chat.id, Reply(texts.ERROR), delivery=Delivery(patience=0)
                )

    async def register_commands(self, application: AnyApplication, replies: Replies) -> None:
        """Tell Telegram the commands and descriptions, so clients show them in Italian.

        A reload that leaves them as they were makes no call.
        """
        await self.telegram_profile.apply(application.bot, replies)
