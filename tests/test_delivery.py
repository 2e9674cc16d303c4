"""Delivery under Telegram faults: retried within a bound, in order per chat, never doubled.

The real application sends through `FlakyRequest`, a `RecordingRequest` at
PTB's seam that answers the next sendMessage calls with the faults a test
queues; `Delivery` waits on a fake clock, so no test sleeps for real.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData

from bot.adapters.delivery import PATIENCE, Delivery
from bot.answering import texts
from bot.answering.models import Knowledge
from bot.settings import Settings
from tests.conftest import QUESTION, SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import open_chat
from tests.helpers.recording import TOKEN, RecordingRequest


class FlakyRequest(RecordingRequest):
    """Answers queued faults to sendMessage: an HTTP status, "refused" or "timeout"."""

    def __init__(self) -> None:
        super().__init__()
        self.faults: list[int | str] = []
        self.delivered: list[dict[str, Any]] = []  # sendMessage calls Telegram took

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        """A queued fault for sendMessage, else the recorded normal answer."""
        params = dict(request_data.parameters) if request_data is not None else {}
        if url.endswith("/sendMessage") and self.faults:
            fault = self.faults.pop(0)
            if fault == "refused":
                self.calls.append(("sendMessage", params))
                raise NetworkError("httpx.ConnectError: All connection attempts failed")
            if fault == "timeout":  # Telegram took it, the answer never came back
                await super().do_request(url, method, request_data)
                self.delivered.append(params)
                raise TimedOut("Timed out")
            self.calls.append(("sendMessage", params))
            body: dict[str, Any] = {"ok": False, "error_code": fault, "description": "Fault"}
            if fault == 429:
                body["parameters"] = {"retry_after": 0}
            return int(fault), json.dumps(body).encode()
        answered = await super().do_request(url, method, request_data)
        if url.endswith("/sendMessage"):
            self.delivered.append(params)
        return answered


class FakeTime:
    """A clock that moves only when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        """The fake time."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Move the clock on; let other tasks run."""
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def time_() -> FakeTime:
    """A fresh fake clock."""
    return FakeTime()


def settings(tmp_path: Path) -> Settings:
    """Settings for an in-process bot over the shipped FAQ."""
    return Settings(token=TOKEN, data_dir=tmp_path / "data", faq_dir=SHIPPED_FAQ)


@pytest.mark.parametrize(
    "faults",
    [[500] * 10, [502, 503, 504] * 3, [429] * 12, ["refused"] * 8, [500, "refused", 429] * 4],
)
async def test_failed_sends_are_retried_until_delivered_once(
    shipped: Knowledge, tmp_path: Path, time_: FakeTime, faults: list[int | str]
) -> None:
    """5xx, 429 and refused connections, many in a row: the answer arrives once, no apology."""
    request = FlakyRequest()
    delivery = Delivery(clock=time_.clock, sleep=time_.sleep)
    async with open_chat(settings(tmp_path), shipped, request=request, delivery=delivery) as chat:
        request.faults = list(faults)
        await chat.push(updates.message(QUESTION))
    texts_delivered = [p["text"] for p in request.delivered]
    assert texts_delivered == [chat.live.current.handle(QUESTION).text]
    assert delivery.retries == len(faults)
    assert delivery.failures == 0
    assert sum(time_.slept) <= PATIENCE


async def test_an_outage_longer_than_the_patience_gives_up_quietly(
    shipped: Knowledge, tmp_path: Path, time_: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    """Past PATIENCE seconds of failures the reply is given up: counted, logged, no apology."""
    request = FlakyRequest()
    delivery = Delivery(clock=time_.clock, sleep=time_.sleep)
    async with open_chat(settings(tmp_path), shipped, request=request, delivery=delivery) as chat:
        request.faults = [500] * 1000
        with caplog.at_level(logging.WARNING):
            await chat.push(updates.message(QUESTION))
    assert request.delivered == []
    assert delivery.failures == 1
    assert PATIENCE - 20 <= time_.now <= PATIENCE
    assert texts.ERROR not in [p["text"] for p in request.sent()]
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.adapters.delivery"]
    assert len(lines) == 2, lines  # the outage began; the reply was given up
    assert "given up" in lines[1]


async def test_a_timeout_is_neither_repeated_nor_apologised_for(
    shipped: Knowledge, tmp_path: Path, time_: FakeTime
) -> None:
    """A send that timed out after Telegram took it: the reader has one answer, no apology."""
    request = FlakyRequest()
    delivery = Delivery(clock=time_.clock, sleep=time_.sleep)
    async with open_chat(settings(tmp_path), shipped, request=request, delivery=delivery) as chat:
        request.faults = ["timeout"]
        await chat.push(updates.message(QUESTION))
    assert [p["text"] for p in request.sent()] == [chat.live.current.handle(QUESTION).text]
    assert [p["text"] for p in request.delivered] == [chat.live.current.handle(QUESTION).text]
    assert delivery.timeouts == 1


async def test_replies_to_one_chat_keep_their_order_through_retries(
    shipped: Knowledge, tmp_path: Path, time_: FakeTime
) -> None:
    """The first reply held by failures is not overtaken by the second to the same chat."""
    request = FlakyRequest()
    delivery = Delivery(clock=time_.clock, sleep=time_.sleep)
    async with open_chat(settings(tmp_path), shipped, request=request, delivery=delivery) as chat:
        request.faults = [500, 500, 500]
        first, second = updates.message("/italia"), updates.message("/pilastri")
        app = chat.application
        await asyncio.gather(
            *(app.process_update(Update.de_json(p, app.bot)) for p in (first, second))
        )
        expected = [chat.live.current.command(name).text for name in ("italia", "pilastri")]
    assert [p["text"] for p in request.delivered] == expected
