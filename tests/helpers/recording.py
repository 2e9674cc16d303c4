"""A stand-in for PTB's HTTP client that records every Bot API call and fakes the answers.

`RecordingRequest` sits at PTB's own network seam (`telegram.request.BaseRequest`):
the real `Bot` serialises each call, this class records the method and its
parameters and answers with canned Bot API JSON from `answer`, which the local
HTTP stand-in in `tests.helpers.botapi` shares. A call to any other method
fails the test at once.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import pytest
from telegram.request import BaseRequest, RequestData

TOKEN = "7000001:TEST-fake-token-never-valid_0123"
BOT_USER: dict[str, Any] = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "FAQ Volenterosi",
    "username": "VolenterosiFaqBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
TRUE_METHODS = frozenset(
    {
        "answerCallbackQuery",
        "answerInlineQuery",
        "setMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "deleteWebhook",
        "setWebhook",
        "deleteMyCommands",
        "close",
        "logOut",
    }
)
_message_ids = itertools.count(1000)


def answer(method: str, params: dict[str, Any]) -> Any | None:
    """The `result` Telegram would return for `method`; None for a method we do not fake."""
    if method == "getMe":
        return BOT_USER
    if method in TRUE_METHODS:
        return True
    if method == "getUpdates":
        return []
    if method == "getWebhookInfo":
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
    if method == "sendMessage":
        return _sent(params)
    if method == "editMessageText":
        return True if "inline_message_id" in params else _sent(params)
    return None


def _sent(params: dict[str, Any]) -> dict[str, Any]:
    """The message Telegram would say it sent."""
    chat_id = int(params.get("chat_id", 1))
    return {
        "message_id": int(params.get("message_id", next(_message_ids))),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
        "from": BOT_USER,
        "text": str(params.get("text", "")),
    }


class RecordingRequest(BaseRequest):
    """Records `(method, parameters)` of every call; fails the test on an unknown method."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.results: list[tuple[str, Any]] = []  # what each call was answered, in order

    @property
    def read_timeout(self) -> float | None:
        """Nothing is read from a network, so no call ever waits."""
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Record the call and answer it like Telegram would."""
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        self.calls.append((endpoint, params))
        result = answer(endpoint, params)
        if result is None:
            pytest.fail(f"unexpected Bot API call: {endpoint} {params}")
        self.results.append((endpoint, result))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of every call to `method`, in order."""
        return [params for name, params in self.calls if name == method]

    def last_message_id(self) -> int:
        """The id Telegram gave the last message the bot sent."""
        found = [r["message_id"] for name, r in self.results if name == "sendMessage"]
        return int(found[-1])

    def last(self, method: str = "sendMessage") -> Any:
        """What the last call to `method` was answered with (for a message: the message)."""
        return [result for name, result in self.results if name == method][-1]

    def clear(self) -> None:
        """Forget the calls made so far (say, the start-up ones)."""
        self.calls.clear()
        self.results.clear()
