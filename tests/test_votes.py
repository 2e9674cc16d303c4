"""Votes count only on a message the bot sent in that chat showing that entry; keys are keyed."""

from __future__ import annotations

import copy
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.adapters.votes import VoteGuard
from bot.answering import texts
from bot.answering.models import Knowledge
from bot.curation import datadir
from bot.settings import Settings
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import Chat, open_chat
from tests.helpers.recording import TOKEN

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def stored_votes(chat: Chat) -> list[tuple[str, int, int]]:
    """(entry, 👍, 👎) per entry in the inbox."""
    return [(v.entry_id, v.up, v.down) for v in chat.inbox.votes(LONG_AGO)]


def last_answer(chat: Chat) -> str:
    """The callback answer text of the last tap."""
    return str(chat.request.sent("answerCallbackQuery")[-1].get("text"))


async def test_a_vote_on_the_message_that_showed_the_entry_counts(chat: Chat) -> None:
    """A tap on the bot's own message showing the entry is stored and thanked."""
    await chat.one(updates.message("/spagna"))
    assert await chat.push(updates.callback("v:spagna:0", on=chat.request.last())) == []
    assert last_answer(chat) == texts.VOTE_THANKS
    assert stored_votes(chat) == [("spagna", 0, 1)]


@pytest.mark.parametrize("forged", ["never sent", "other entry", "other chat"])
async def test_forged_votes_are_refused_and_not_stored(chat: Chat, forged: str) -> None:
    """Message ids never sent, another entry's vote, another chat's message: none counts."""
    await chat.one(updates.message("/spagna"))
    shown = copy.deepcopy(chat.request.last())
    data = "v:spagna:0"
    if forged == "never sent":
        shown["message_id"] += 100_000
    elif forged == "other entry":
        data = "v:italia:0"
    else:
        shown["chat"] = updates.GROUP
    for _ in range(20):
        assert await chat.push(updates.callback(data, on=shown)) == []
        assert last_answer(chat) == texts.VOTE_REFUSED
    assert stored_votes(chat) == []


async def test_a_vote_key_cannot_be_recovered_by_trying_ids(chat: Chat, tmp_path: Path) -> None:
    """The stored key is neither the chat:message text nor any plain hash of it."""
    await chat.one(updates.message("/spagna"))
    message = chat.request.last()
    await chat.push(updates.callback("v:spagna:1", on=message))
    (key,) = [row[0] for row in chat.inbox._db.execute("SELECT message FROM votes")]
    plain = f"{message['chat']['id']}:{message['message_id']}"
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    for guess in (plain, hashlib.sha256(plain.encode()).hexdigest()):
        assert key not in (guess, hashlib.sha256(guess.encode()).hexdigest())
    secret = tmp_path / "data" / datadir.KEY_FILE
    assert secret.stat().st_mode & 0o777 == 0o600


async def test_the_vote_secret_survives_a_restart(shipped: Knowledge, tmp_path: Path) -> None:
    """The key file is made once; a restarted bot keys votes with the same secret."""
    settings = Settings(token=TOKEN, data_dir=tmp_path / "data", faq_dir=SHIPPED_FAQ)
    first = datadir.secret_key(settings.data_dir)
    async with open_chat(settings, shipped):
        pass
    assert datadir.secret_key(settings.data_dir) == first


def test_the_guard_remembers_only_the_latest_messages() -> None:
    """Beyond its capacity the oldest votable messages are forgotten first."""
    guard = VoteGuard(b"k" * 32, capacity=2)
    for n in range(3):
        guard._remember((1, n), "spagna")
    assert guard.key((1, 0), "spagna") is None
    assert guard.key((1, 2), "spagna") is not None
    assert guard.refused == 1
