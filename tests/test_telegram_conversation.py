"""Follow-up questions on Telegram: real `Update`s through the real `Application`.

Context is kept per private chat and per user within a group, in the one
`Conversations` store the application is built with; the clock is injected,
so expiry is tested without sleeping.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.handlers import ConversationKey
from bot.answering.conversation import IDLE_SECONDS, Conversations
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.settings import Settings
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import Chat, assert_shows, open_chat
from tests.helpers.recording import BOT_USER, TOKEN
from tests.helpers.updates import GROUP, OTHER_USER, PRIVATE, USER

BOT = "@" + BOT_USER["username"]

# (message, the entry it is answered with; None for no FAQ answer), written for these tests.
PRIVATE_TALK = [
    ("Di cosa parla il secondo pilastro?", "pilastro-2"),
    ("e il terzo?", "pilastro-3"),
    ("chi lo guida?", "guida-europa"),
]
PILLARS_TALK = [
    ("Che cosa prevede il primo pilastro?", "pilastro-1"),
    ("e il quarto?", "pilastro-4"),
]
TROOPS_TALK = [
    ("Il governo italiano invierà truppe in Ucraina?", "italia-truppe"),
    ("perché?", "italia-vincoli-costituzionali"),
]


class Clock:
    """A clock the test moves by hand: seconds since an arbitrary origin."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        """The time now."""
        return self.now


def shown(sent: dict[str, Any]) -> str | None:
    """The entry a sent message shows, read off its 👍 button; None for any other reply."""
    rows = sent.get("reply_markup", {}).get("inline_keyboard", [])
    data = [b.get("callback_data", "") for row in rows for b in row]  # share buttons have none
    votes = [d for d in data if d[:2] == "v:"]
    return votes[0].split(":")[1] if votes else None


@pytest.fixture
def clock() -> Clock:
    """A hand-moved clock."""
    return Clock()


@pytest.fixture
def store() -> Conversations[ConversationKey]:
    """An empty conversation store, as the application owns at start-up."""
    return Conversations()


@pytest.fixture
async def talk(
    shipped: Knowledge, tmp_path: Path, store: Conversations[ConversationKey], clock: Clock
) -> AsyncIterator[Chat]:
    """The real application with `store` and `clock` injected, its network recorded."""
    settings = Settings(token=TOKEN, data_dir=tmp_path / "data", faq_dir=SHIPPED_FAQ)
    async with open_chat(settings, shipped, conversations=store, clock=clock) as opened:
        yield opened


async def test_private_follow_ups_are_read_in_context(talk: Chat, replies: Replies) -> None:
    """In a private chat each follow-up is answered about the previous answer's topic."""
    for message, expected in PRIVATE_TALK:
        sent = await talk.one(updates.message(message))
        assert shown(sent) == expected, message
        assert_shows(sent, replies.entry(replies.knowledge.by_id[expected]))


async def test_follow_ups_need_the_context(talk: Chat) -> None:
    """Without a previous question the same follow-ups get no FAQ answer."""
    for message, _ in PRIVATE_TALK[1:2] + TROOPS_TALK[1:]:
        sent = await talk.one(updates.message(message, chat={**PRIVATE, "id": 999}))
        assert shown(sent) is None, message


async def test_a_clear_question_is_answered_on_its_own(talk: Chat) -> None:
    """Context never overrides a question that stands alone."""
    await talk.one(updates.message(PILLARS_TALK[0][0]))
    sent = await talk.one(updates.message(TROOPS_TALK[0][0]))
    assert shown(sent) == TROOPS_TALK[0][1]


def _group(text: str, sender: dict[str, Any], way: str) -> dict[str, Any]:
    """A group message meant for the bot: by /faq, by a mention or as a reply to the bot."""
    if way == "faq":
        return updates.message(f"/faq {text}", chat=GROUP, sender=sender)
    if way == "mention":
        return updates.message(f"{BOT} {text}", chat=GROUP, sender=sender)
    return updates.message(text, chat=GROUP, sender=sender, reply_to=updates.bot_message())


async def test_group_users_keep_their_own_context(
    talk: Chat, store: Conversations[ConversationKey]
) -> None:
    """Two users asking in one group each get follow-ups read in their own context."""
    ways = iter(["faq", "mention", "reply", "mention"])
    for (a_text, a_entry), (b_text, b_entry) in zip(PILLARS_TALK, TROOPS_TALK, strict=True):
        sent = await talk.one(_group(a_text, USER, next(ways)))
        assert shown(sent) == a_entry, a_text
        sent = await talk.one(_group(b_text, OTHER_USER, next(ways)))
        assert shown(sent) == b_entry, b_text
    assert len(store) == 2


async def test_group_tap_sets_only_the_tapper_context(talk: Chat) -> None:
    """A button tapped in a group sets the context of the user who tapped it."""
    await talk.one(_group(TROOPS_TALK[0][0], USER, "faq"))
    await talk.one(updates.callback("e:pilastro-2", chat=GROUP, sender=OTHER_USER))
    sent = await talk.one(_group("e il successivo?", OTHER_USER, "mention"))
    assert shown(sent) == "pilastro-3"
    sent = await talk.one(_group(TROOPS_TALK[1][0], USER, "mention"))
    assert shown(sent) == TROOPS_TALK[1][1]


@pytest.mark.parametrize("tap", [updates.callback("e:pilastro-2"), updates.message("/pilastro 2")])
async def test_an_entry_shown_on_request_sets_context(talk: Chat, tap: dict[str, Any]) -> None:
    """A button tap or a command showing an entry sets context like a typed question."""
    await talk.one(tap)
    sent = await talk.one(updates.message("e il successivo?"))
    assert shown(sent) == "pilastro-3"


async def test_context_expires_after_idle_minutes(talk: Chat, clock: Clock) -> None:
    """A follow-up after more than the idle time is read alone; activity keeps context alive."""
    await talk.one(updates.message(PRIVATE_TALK[0][0]))
    clock.now += IDLE_SECONDS - 1
    assert shown(await talk.one(updates.message("e il terzo?"))) == "pilastro-3"
    clock.now += IDLE_SECONDS - 1  # counted from the last message, not the first
    assert shown(await talk.one(updates.message("e il quarto?"))) == "pilastro-4"
    clock.now += IDLE_SECONDS + 1
    assert shown(await talk.one(updates.message("e il quinto?"))) is None


async def test_memory_is_bounded(shipped: Knowledge, tmp_path: Path) -> None:
    """A store of N contexts never holds more than N; the least recently active goes first."""
    store: Conversations[ConversationKey] = Conversations(max_size=3)
    settings = Settings(token=TOKEN, data_dir=tmp_path / "data", faq_dir=SHIPPED_FAQ)
    async with open_chat(settings, shipped, conversations=store) as talk:
        chats = [{**PRIVATE, "id": 7000 + n} for n in range(12)]
        for chat in chats:
            await talk.one(updates.message(PILLARS_TALK[0][0], chat=chat))
            assert len(store) <= 3
        assert len(store) == 3
        sent = await talk.one(updates.message("e il quarto?", chat=chats[0]))
        assert shown(sent) is None  # the first chat's context was evicted
        sent = await talk.one(updates.message("e il quarto?", chat=chats[-1]))
        assert shown(sent) == "pilastro-4"


async def test_inbox_records_the_resolved_question_without_ids(talk: Chat) -> None:
    """A follow-up read in context reaches the curators with what it was read as, no ids."""
    for message, _ in PILLARS_TALK:
        await talk.one(updates.message(message))
    questions = talk.inbox.questions(datetime(2000, 1, 1, tzinfo=UTC))
    (recorded,) = [q for q in questions if q.resolved is not None]
    assert recorded.text == PILLARS_TALK[1][0]
    assert recorded.resolved is not None
    assert recorded.resolved != recorded.text
    assert recorded.candidates[0][0] == PILLARS_TALK[1][1]
    assert str(USER["id"]) not in repr(questions)
