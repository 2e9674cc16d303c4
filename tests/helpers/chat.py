"""A conversation with an in-process `Application` whose network is a `RecordingRequest`."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update

from bot.adapters.delivery import Delivery
from bot.adapters.flood import FloodGuard
from bot.adapters.handlers import AnyApplication, ConversationKey
from bot.adapters.telegram_app import build_application
from bot.answering.conversation import Conversations
from bot.answering.models import Knowledge, Reply
from bot.answering.replies import Replies
from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from bot.curation.writer import LOCK_TIMEOUT, InboxWriter
from bot.settings import Settings
from tests.helpers.recording import RecordingRequest
from tests.helpers.telegram_html import problems

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit


class Chat:
    """Push one real `Update` through the real `Application`, get what the bot sent."""

    def __init__(
        self,
        application: AnyApplication,
        request: RecordingRequest,
        live: LiveFaq,
        writer: InboxWriter,
    ) -> None:
        self.application = application
        self.request = request
        self.live = live  # the FAQ the handlers answer from; tests may swap `live.current`
        self.writer = writer  # how the handlers feed the curators' inbox
        self.inbox = writer.inbox  # the inbox itself, written once `push` returns

    async def push(self, payload: dict[str, Any], *, flush: bool = True) -> list[dict[str, Any]]:
        """Process one update; the sendMessage calls it caused, each checked for sanity.

        `flush`: wait for its inbox writes too (not while a test holds the inbox locked).
        """
        self.request.clear()
        await self.application.process_update(Update.de_json(payload, self.application.bot))
        if flush:
            assert self.writer.flush(timeout=60), "the inbox writes did not finish"
        sent = self.request.sent()
        for params in sent + self.request.sent("editMessageText"):
            assert params["parse_mode"] == "HTML"
            assert problems(params["text"]) == [], params["text"]
            assert len(params["text"]) <= 4096
            assert all(len(data.encode()) <= CALLBACK_DATA_LIMIT for data in buttons(params))
        return sent

    async def one(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Process one update that must cause exactly one message."""
        sent = await self.push(payload)
        assert len(sent) == 1, sent
        return sent[0]


def buttons(params: dict[str, Any]) -> list[str]:
    """The callback data of every button of a sent message, row by row (share buttons aside)."""
    rows = params.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row if "callback_data" in button]


def assert_shows(params: dict[str, Any], reply: Reply) -> None:
    """The sent message is `reply`, text and buttons."""
    assert params["text"] == reply.text
    assert buttons(params) == [b.data for row in reply.buttons for b in row if b.share is None]


@asynccontextmanager
async def open_chat(
    settings: Settings,
    knowledge: Knowledge,
    flood: FloodGuard | None = None,
    conversations: Conversations[ConversationKey] | None = None,
    clock: Callable[[], float] = time.monotonic,
    request: RecordingRequest | None = None,
    delivery: Delivery | None = None,
) -> AsyncIterator[Chat]:
    """An initialised application over `knowledge`, its network recorded, shut down after."""
    request = RecordingRequest() if request is None else request
    live = LiveFaq(Replies(knowledge), settings.faq_dir)
    writer = InboxWriter(Inbox.in_folder(settings.data_dir, LOCK_TIMEOUT))  # as the bot runs
    try:
        application = build_application(
            settings,
            knowledge,
            request=request,
            flood=flood,
            writer=writer,
            live=live,
            conversations=conversations,
            clock=clock,
            delivery=delivery,
        )
        async with application:
            yield Chat(application, request, live, writer)
    finally:
        writer.close()
