"""The shared vocabulary: frozen value objects every other module speaks.

Nothing here does work; the loader builds `Knowledge`, the engine returns a
`Result`, the reply layer turns either into a `Reply`, and the adapters render
a `Reply`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated question and its answer, grounded in the article."""

    id: str
    questions: tuple[str, ...]
    answer: str
    source: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    command: str | None = None
    title: str | None = None
    menu: str | None = None
    gives: frozenset[str] = frozenset()  # kinds of answer stated, beyond numbers and dates

    @property
    def question(self) -> str:
        """The canonical phrasing, shown on buttons and in suggestions."""
        return self.questions[0]

    @property
    def label(self) -> str:
        """A short label for a button: the title when there is one."""
        return self.title or self.questions[0]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the bot knows: the entries, the synonyms, the subjects and the article."""

    entries: tuple[Entry, ...]
    synonyms: tuple[tuple[str, ...], ...]
    article: str
    subjects: tuple[str, ...] = ()  # who a question is about: an answer must name them too
    by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)
    by_command: Mapping[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {entry.id: entry for entry in self.entries}
        by_command = {entry.command: entry for entry in self.entries if entry.command}
        object.__setattr__(self, "by_id", MappingProxyType(by_id))
        object.__setattr__(self, "by_command", MappingProxyType(by_command))

    def menu(self, name: str) -> tuple[Entry, ...]:
        """The entries listed in the menu `name` ("pilastri", "paesi"), in file order."""
        return tuple(entry for entry in self.entries if entry.menu == name)


class Kind(StrEnum):
    """What the engine decided to do with a message."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    SMALLTALK = "smalltalk"
    FALLBACK = "fallback"
    NOT_SAID = "not_said"  # on topic, but the article does not give what is asked
    OPINION = "opinion"  # an opinion is asked; the bot only reports what the article says
    COMPARE = "compare"  # two entries answered side by side


@dataclass(frozen=True, slots=True)
class Scored:
    """An entry with the engine's confidence that it answers the question (0-100)."""

    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class Result:
    """The engine's verdict on one message.

    - ANSWER: `best` answers it; `alternatives` are up to three close runners-up.
    - CLARIFY: no entry is clearly best; `alternatives` holds 2-3 candidates.
    - SMALLTALK: `smalltalk` names the small-talk intent (e.g. "greeting").
    - FALLBACK: nothing good enough; `alternatives` are up to three near misses.
    - NOT_SAID: `best` is on topic but does not give the `asked` kind of answer
      (a number, a time, a place, a person); it is offered, not answered.
    - OPINION: an opinion is asked about `best`'s topic; it is offered, not answered.
    - COMPARE: `best` and `second` answer a comparison side by side.
    """

    kind: Kind
    best: Scored | None = None
    alternatives: tuple[Scored, ...] = ()
    smalltalk: str | None = None
    asked: str | None = None  # NOT_SAID: what the question asks for ("number", "time"...)
    second: Scored | None = None  # COMPARE: the other side of the comparison

    @property
    def matched(self) -> bool:
        """Whether the reply states an FAQ answer (ANSWER or COMPARE)."""
        return self.kind in (Kind.ANSWER, Kind.COMPARE)

    @property
    def score(self) -> float:
        """The top score the engine saw (0 when there was none)."""
        if self.best is not None:
            return self.best.score
        return self.alternatives[0].score if self.alternatives else 0.0


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: what the user reads and the callback data it sends."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says: Telegram-HTML text and rows of buttons.

    `entry_id` names the FAQ entry shown, if any, and `result` the engine's
    verdict behind a free-text reply, so adapters and the curators' inbox can
    use them without parsing the text.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    entry_id: str | None = None
    kind: Kind | None = None
    result: Result | None = None
