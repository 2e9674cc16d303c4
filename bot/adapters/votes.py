"""Which bot messages may be voted on, and the keys votes are stored under.

A 👍/👎 tap counts only on a message this bot sent in that chat showing that
entry with its vote buttons: the bot notes each such message as it sends it
(`note`, `note_inline`), and `key` refuses any other tap, forged or not.
The notes are kept in memory for the last `CAPACITY` messages (about 200
bytes each), so a restart forgets them and taps on older messages are
refused politely.

A vote is stored under a keyed hash of its chat and message (HMAC-SHA256
with the secret kept in DATA_DIR, `datadir.secret_key`): one vote per
message, changeable, and no chat id can be recovered from the table by
trying ids without the secret.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable

from telegram import Message

from bot.answering.models import Reply
from bot.answering.replies import VOTE
from bot.curation.datadir import pseudonym

CAPACITY = 50_000  # bot messages remembered as votable


def voted_entry(reply: Reply) -> str | None:
    """The entry whose vote buttons `reply` carries, if any."""
    for row in reply.buttons:
        for button in row:
            prefix, _, value = button.data.partition(":")
            if prefix == VOTE:
                return value.rpartition(":")[0] or None
    return None


class VoteGuard:
    """Remembers the votable messages the bot sent and keys the votes on them."""

    def __init__(self, secret: bytes, capacity: int = CAPACITY) -> None:
        self.secret = secret
        self.capacity = capacity
        self.refused = 0  # taps not counted: forged, on another chat's message, or too old
        self._shown: OrderedDict[Hashable, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._shown)

    def note(self, sent: Iterable[Message], reply: Reply) -> None:
        """Note the last of the messages that showed `reply`: its buttons are on it."""
        messages = list(sent)
        entry = voted_entry(reply)
        if entry is not None and messages:
            last = messages[-1]
            self._remember((last.chat_id, last.message_id), entry)

    def note_inline(self, inline_message_id: str, reply: Reply) -> None:
        """Note an inline-mode message the bot edited to show `reply`."""
        entry = voted_entry(reply)
        if entry is not None:
            self._remember(("inline", inline_message_id), entry)

    def key(self, where: Hashable, entry_id: str) -> str | None:
        """The storage key of a vote for `entry_id` on message `where`; None to refuse it.

        `where` is (chat id, message id), or ("inline", inline message id).
        """
        if self._shown.get(where) != entry_id:
            self.refused += 1
            return None
        parts = where if isinstance(where, tuple) else (where,)
        return pseudonym(self.secret, *parts)

    def _remember(self, where: Hashable, entry: str) -> None:
        """Keep `where` → `entry`, forgetting the oldest beyond `capacity`."""
        self._shown[where] = entry
        self._shown.move_to_end(where)
        while len(self._shown) > self.capacity:
            self._shown.popitem(last=False)
