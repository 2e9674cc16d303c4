"""A conversation with an in-process `Application` whose network is a `RecordingRequest`."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.adapters.handlers import AnyApplication
from bot.adapters.telegram_app import REPLIES
from bot.answering.models import Reply
from bot.curation.feedback import Holder
from tests.helpers.recording import RecordingRequest
from tests.helpers.telegram_html import problems

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit


class Chat:
    """Push one real `Update` through the real `Application`, get what the bot sent."""

    def __init__(self, application: AnyApplication, request: RecordingRequest) -> None:
        self.application = application
        self.request = request

    @property
    def holder(self) -> Holder:
        """The holder of the reply layer the handlers answer from."""
        holder: Holder = self.application.bot_data[REPLIES]
        return holder

    async def push(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        """Process one update; the sendMessage calls it caused, each checked for sanity."""
        self.request.clear()
        await self.application.process_update(Update.de_json(payload, self.application.bot))
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
    """The callback data of every button of a sent message, row by row."""
    rows = params.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


def assert_shows(params: dict[str, Any], reply: Reply) -> None:
    """The sent message is `reply`, text and buttons."""
    assert params["text"] == reply.text
    assert buttons(params) == [b.data for row in reply.buttons for b in row]
