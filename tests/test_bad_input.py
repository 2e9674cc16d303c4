"""Hostile and broken input through the real Application: one clear reply, never an error."""

from __future__ import annotations

import json

import pytest

from bot.answering import texts
from bot.answering.replies import Replies
from tests.helpers import updates
from tests.helpers.chat import Chat

HOSTILE = [
    "   \t  ",
    "x" * 4096,
    ("Cosa prevede il terzo pilastro? " * 130)[:4096],
    "\x00\x01\x07\x1b[31m pilastro\x7f",
    "\u200b\u200c\u200d\ufeff italia \u200b",
    "\u202eailati\u202c \u200f\u200e",
    "🇮🇹🇺🇦🔥💥🤔",
    "Україна Italia 乌克兰 إيطاليا",
    "<b>grassetto</b> <a href='https://x.example'>link</a> &amp; & &lt;",
    "**grassetto** _corsivo_ `codice` ```blocco``` [link](https://x.example)",
    "</i></b><pre>",
]


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_text_gets_one_valid_reply(chat: Chat, text: str) -> None:
    """Blank, huge, control-character, invisible, right-to-left, emoji, mixed and markup text."""
    sent = await chat.one(updates.message(text))  # one message, valid HTML, within limits
    assert sent["text"] != texts.ERROR
    for markup in ("<a href", "<pre>", "</i></b>"):
        assert markup not in sent["text"]


@pytest.mark.parametrize(
    "args",
    ["", "0", "6", "-3", "3.5", "tre", "1e9", "9" * 200, "3 4", "<b>3</b>", "\u00b3", "\u2463"],
)
async def test_absurd_pillar_numbers_get_the_usage(chat: Chat, replies: Replies, args: str) -> None:
    """/pilastro with anything but 1-5 explains the usage."""
    sent = await chat.one(updates.message(f"/pilastro {args}".strip()))
    assert sent["text"] == replies.command("pilastro").text


@pytest.mark.parametrize(
    "data",
    ["e:" + "x" * 300, "v:spagna:9", "c:__import__('os')", "\x00", "e:../../etc/passwd", "💥" * 40],
)
async def test_forged_or_oversized_button_data(chat: Chat, data: str) -> None:
    """Forged callback data is answered, and gets the polite stale-button message."""
    sent = await chat.one(updates.callback(data))
    assert sent["text"] == texts.STALE_BUTTON.format(command="/pilastri")
    assert len(chat.request.sent("answerCallbackQuery")) == 1


async def test_a_256_character_inline_query(chat: Chat) -> None:
    """The longest inline query Telegram sends is answered with at most ten valid articles."""
    await chat.push(updates.inline_query(("soldati italiani in Ucraina " * 10)[:256]))
    (answer,) = chat.request.sent("answerInlineQuery")
    results = answer["results"]
    results = json.loads(results) if isinstance(results, str) else results
    assert len(results) <= 10
