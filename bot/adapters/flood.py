"""Flood control: a per-sender sliding-window limit on how many messages the bot answers.

A sender gets answers to at most `LIMIT` messages in any `WINDOW` seconds. The
first message over the limit gets one notice (`Verdict.NOTICE`); later ones are
ignored (`Verdict.SILENCE`) until the oldest answer leaves the window. Each
sender is counted on its own, so one flooding never slows the others. The
caller chooses what a sender is: the adapters count a private chat as one,
and each user within a group on their own, so one member cannot silence a group.

The limiter is pure: `now` is a clock passed in (tests use a fake one), and a
chat idle for a whole window is forgotten, so memory follows the active chats.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum

LIMIT = 20  # answers per chat within any WINDOW
WINDOW = 60.0  # seconds


class Verdict(Enum):
    """What to do with one incoming message."""

    ANSWER = "answer"
    NOTICE = "notice"  # the first message over the limit: say so, once
    SILENCE = "silence"


@dataclass(slots=True)
class _Chat:
    """The times of a chat's answered messages within the window, and whether it was told."""

    answered: deque[float] = field(default_factory=deque)
    noticed: bool = False
    seen: float = 0.0


class FloodGuard:
    """Decide, sender by sender, whether a message is answered, noticed or ignored."""

    def __init__(
        self,
        limit: int = LIMIT,
        window: float = WINDOW,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("FloodGuard needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self.now = now
        self._chats: OrderedDict[Hashable, _Chat] = OrderedDict()  # least recently seen first

    @property
    def chats(self) -> int:
        """How many chats are remembered (not `__len__`: an empty guard must stay truthy)."""
        return len(self._chats)

    def check(self, chat_id: Hashable) -> Verdict:
        """Record a message from `chat_id` (any key of a sender) and say what to do with it."""
        now = self.now()
        self._forget_idle(now)
        chat = self._chats.pop(chat_id, None) or _Chat()
        self._chats[chat_id] = chat  # now the most recently seen
        chat.seen = now
        while chat.answered and chat.answered[0] <= now - self.window:
            chat.answered.popleft()
        if len(chat.answered) < self.limit:
            chat.answered.append(now)
            chat.noticed = False
            return Verdict.ANSWER
        if chat.noticed:
            return Verdict.SILENCE
        chat.noticed = True
        return Verdict.NOTICE

    def _forget_idle(self, now: float) -> None:
        """Drop chats not seen for a whole window: all their answers have left it."""
        while self._chats:
            chat_id, chat = next(iter(self._chats.items()))
            if chat.seen > now - self.window:
                return
            del self._chats[chat_id]
