"""The Telegram update handlers: small async callables that ask `Replies` and render.

Every handler reaches the reply layer through one `Holder`, so swapping
`holder.current` (say, after reloading the FAQ) changes what the very next
update gets, with no handler re-registered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from typing import Any

from telegram import Bot, BotCommand, Message, MessageEntity, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.adapters import keyboards
from bot.adapters.flood import FloodGuard, Verdict
from bot.adapters.sending import send, send_to_chat
from bot.answering import texts
from bot.answering.models import Reply
from bot.curation.feedback import Curation, Holder
from bot.curation.inbox import message_key

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


ADMIN_COMMANDS = ("statistiche", "ricarica")  # for ADMIN_IDS only; unknown to anyone else


def command_parts(message: Message) -> tuple[str, str, str | None]:
    """Split a command message into (name, arguments, addressed bot or None)."""
    text = message.text or ""
    entity = message.entities[0] if message.entities else None
    if entity is None or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
        return "", text, None
    head = message.parse_entity(entity)
    name, _, bot = head[1:].partition("@")
    return name.lower(), text[len(head) :].strip(), bot or None


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
    """The bot's handlers, all answering from `holder.current`, each chat within `flood`."""

    def __init__(
        self, holder: Holder, flood: FloodGuard, curation: Curation, admins: frozenset[int]
    ) -> None:
        self.holder = holder
        self.flood = flood
        self.curation = curation
        self.admins = admins

    async def answer(self, message: Message, question: str) -> None:
        """Answer a question and let the curators' inbox see how it went."""
        reply = self.holder.current.handle(question)
        await send(message, reply)
        self.curation.observe(question, reply)

    async def allowed(self, message: Message) -> bool:
        """Whether the chat may be answered now; the first message over the limit gets a notice."""
        verdict = self.flood.check(message.chat_id)
        if verdict is Verdict.NOTICE:
            await send(message, Reply(texts.FLOOD), quote=False)
        return verdict is Verdict.ANSWER

    async def command(self, update: Update, context: Context) -> None:
        """Answer a known command, /cmd@bot in groups included."""
        message = update.effective_message
        if message is None:
            return
        name, args, _ = command_parts(message)
        if await self.allowed(message):
            await self.reply_command(message, name, args, context)

    async def reply_command(self, message: Message, name: str, args: str, context: Context) -> None:
        """Send a command's reply and count its use; /faq counts as a question too."""
        if name == "faq" and args.strip():
            await self.answer(message, args)
        else:
            await send(message, self.holder.current.command(name, args, context.bot.username))
        self.curation.command(name)

    async def admin(self, update: Update, context: Context) -> None:
        """/statistiche and /ricarica for ADMIN_IDS; anyone else gets the unknown-command reply."""
        message = update.effective_message
        user = update.effective_user
        if message is None or not await self.allowed(message):
            return
        name, args, _ = command_parts(message)
        if user is None or user.id not in self.admins:
            await self.reply_command(message, name, args, context)
        elif name == "ricarica":
            before = self.holder.current
            await send(message, await asyncio.to_thread(self.curation.reload))
            if self.holder.current is not before:
                await self.register_commands(context.application)
        else:
            await send(message, self.curation.statistics())

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Answer an unknown command in private, or in a group when addressed to this bot."""
        message = update.effective_message
        if message is None:
            return
        name, args, bot = command_parts(message)
        to_us = bot is not None and bot.lower() == (context.bot.username or "").lower()
        if (message.chat.type == ChatType.PRIVATE or to_us) and await self.allowed(message):
            await self.reply_command(message, name, args, context)

    async def text(self, update: Update, context: Context) -> None:
        """Answer free text in a private chat, except answers the reader posted via inline mode."""
        message = update.effective_message
        if message is None or not message.text or message.via_bot is not None:
            return
        if await self.allowed(message):
            await self.answer(message, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        """Answer group messages that mention or reply to the bot; ignore the rest."""
        message = update.effective_message
        question = addressed(message, context.bot) if message is not None else None
        if message is not None and question is not None and await self.allowed(message):
            await self.answer(message, question)

    async def not_text(self, update: Update, context: Context) -> None:
        """Ask for a written question when a private chat sends anything else."""
        message = update.effective_message
        if message is not None and await self.allowed(message):
            await send(message, Reply(texts.NOT_TEXT))

    async def button(self, update: Update, context: Context) -> None:
        """Show what a tapped button points to; stale or forged data gets a polite note."""
        query = update.callback_query
        if query is None:
            return
        data = query.data or ""
        key = (
            message_key(query.message.chat.id, query.message.message_id)
            if query.message is not None
            else f"inline:{query.inline_message_id}"
        )
        if self.curation.vote(key, data):
            # A vote is acknowledged in the tap's own answer: no new message.
            await query.answer(texts.VOTE_THANKS)
            return
        # Callback queries must always be answered, or the client keeps a spinner going.
        await query.answer()
        reply = self.holder.current.callback(data)
        if isinstance(query.message, Message):
            await send(query.message, reply, quote=False)
        elif query.message is not None:  # deleted or too old to read: the chat is still known
            await send_to_chat(context.bot, query.message.chat.id, reply)
        elif query.inline_message_id is not None:  # a message sent through inline mode
            await query.edit_message_text(
                reply.text, parse_mode=ParseMode.HTML, reply_markup=keyboards.markup(reply)
            )

    async def inline(self, update: Update, context: Context) -> None:
        """Offer up to ten answers for "@bot domanda"; the five pillars for an empty query."""
        query = update.inline_query
        if query is not None:
            replies = self.holder.current
            await query.answer(keyboards.articles(replies, replies.inline(query.query)))

    async def error(self, update: object, context: Context) -> None:
        """Log the failure with the update that caused it and apologise to the user."""
        shown = update.to_dict() if isinstance(update, Update) else update
        logger.error("Error while handling update %s", shown, exc_info=context.error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None:
            # The apology is best effort: the failure may be Telegram itself.
            with contextlib.suppress(TelegramError):
                await send_to_chat(context.bot, chat.id, Reply(texts.ERROR))

    async def register_commands(self, application: AnyApplication) -> None:
        """Tell Telegram every command, so clients list them with their Italian descriptions."""
        commands = [BotCommand(name, text) for name, text in self.holder.current.commands()]
        await application.bot.set_my_commands(commands)
