"""Flood control: the pure per-chat limiter on a fake clock, and through the real Application."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.flood import FloodGuard, Verdict
from bot.answering import texts
from bot.answering.models import Knowledge
from bot.settings import Settings
from tests.helpers import updates
from tests.helpers.chat import open_chat
from tests.helpers.recording import BOT_USER, TOKEN

A, B = 1, 2
Y, N, S = Verdict.ANSWER, Verdict.NOTICE, Verdict.SILENCE


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.time = 1000.0

    def __call__(self) -> float:
        """The current fake time."""
        return self.time


def replay(guard: FloodGuard, clock: Clock, timeline: list[tuple[float, int]]) -> list[Verdict]:
    """The verdict for each (seconds from start, chat) message, in order."""
    start = clock.time
    verdicts = []
    for at, chat in timeline:
        clock.time = start + at
        verdicts.append(guard.check(chat))
    return verdicts


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        ([(0, A), (1, A), (2, A)], [Y, Y, Y]),
        ([(0, A), (1, A), (2, A), (3, A)], [Y, Y, Y, N]),
        ([(0, A), (0, A), (0, A), (0, A), (0, A), (0, A)], [Y, Y, Y, N, S, S]),
        ([(0, A), (0, A), (0, A), (0, A), (0, B), (0, B)], [Y, Y, Y, N, Y, Y]),
        ([(0, A), (1, A), (2, A), (3, A), (9.9, A), (10, A)], [Y, Y, Y, N, S, Y]),
        ([(0, A), (1, A), (2, A), (3, A), (10, A), (10, A)], [Y, Y, Y, N, Y, N]),
        ([(0, A), (1, A), (2, A), (3, A), (4, A), (100, A)], [Y, Y, Y, N, S, Y]),
        ([(0, A), (0, A), (0, A), (5, A), (6, A), (15, A), (15, A)], [Y, Y, Y, N, S, Y, Y]),
    ],
)
def test_each_chat_gets_limit_answers_per_window_then_one_notice(
    timeline: list[tuple[float, int]], expected: list[Verdict]
) -> None:
    """Up to `limit` answers in any window, one notice, silence until the oldest answer expires."""
    clock = Clock()
    guard = FloodGuard(limit=3, window=10, now=clock)
    assert replay(guard, clock, timeline) == expected


def test_idle_chats_are_forgotten() -> None:
    """A chat not heard from for a whole window is dropped, so memory follows active chats."""
    clock = Clock()
    guard = FloodGuard(limit=3, window=10, now=clock)
    replay(guard, clock, [(0, chat) for chat in range(100)])
    assert guard.chats == 100
    replay(guard, clock, [(10, A)])
    assert guard.chats == 1


@pytest.mark.parametrize(("limit", "window"), [(0, 10), (3, 0), (3, -1)])
def test_nonsense_limits_are_refused(limit: int, window: float) -> None:
    """A limit below one or a window of no time is a programming error."""
    with pytest.raises(ValueError, match="FloodGuard"):
        FloodGuard(limit=limit, window=window)


async def test_a_flooding_chat_gets_its_answers_one_notice_and_never_slows_others(
    shipped: Knowledge, tmp_path: Path
) -> None:
    """Chat A gets `limit` answers and one notice, then silence; chat B is still answered."""
    clock = Clock()
    guard = FloodGuard(limit=5, window=60, now=clock)
    settings = Settings(token=TOKEN, data_dir=tmp_path)
    async with open_chat(settings, shipped, flood=guard) as chat:
        sent = [await chat.push(updates.message("/pilastri")) for _ in range(8)]
        other = {**updates.PRIVATE, "id": 777}
        answered_b = await chat.push(updates.message("/pilastri", chat=other))
        clock.time += 60
        answered_a_later = await chat.push(updates.message("/pilastri"))
    texts_a = [[params["text"] for params in batch] for batch in sent]
    assert all(len(batch) == 1 and batch[0] != texts.FLOOD for batch in texts_a[:5])
    assert texts_a[5:] == [[texts.FLOOD], [], []]
    assert [(p["chat_id"], p["text"]) for p in answered_b] == [(777, texts_a[0][0])]
    assert [p["text"] for p in answered_a_later] == texts_a[0]


async def test_one_member_flooding_a_group_never_silences_the_others(
    shipped: Knowledge, tmp_path: Path
) -> None:
    """In a group each user has their own limit: after one floods, the next is answered."""
    guard = FloodGuard(limit=5, window=60, now=Clock())
    settings = Settings(token=TOKEN, data_dir=tmp_path)
    async with open_chat(settings, shipped, flood=guard) as chat:
        mention = f"@{BOT_USER['username']} /pilastri"
        flooding = [await chat.push(updates.message(mention, chat=updates.GROUP)) for _ in range(8)]
        other = await chat.push(
            updates.message(mention, chat=updates.GROUP, sender=updates.OTHER_USER)
        )
    assert [len(batch) for batch in flooding] == [1] * 6 + [0, 0]
    assert flooding[5][0]["text"] == texts.FLOOD
    assert len(other) == 1
    assert other[0]["text"] != texts.FLOOD
