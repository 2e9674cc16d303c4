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
class Unsaid:
    """Something a reader may ask on an entry's topic that the article does not say.

    `says` is the sentence of the entry's answer that says so ("L'articolo non
    riporta…"); `questions` are phrasings that ask for it.
    """

    says: str
    questions: tuple[str, ...]


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
    unsaid: tuple[Unsaid, ...] = ()  # what the article leaves unsaid on this topic

    @property
    def question(self) -> str:
        """The canonical phrasing, shown on buttons and in suggestions."""
        return self.questions[0]

    @property
    def label(self) -> str:
        """A short label for a button: the title when there is one."""
        return self.title or self.questions[0]


@dataclass(frozen=True, slots=True)
class Numbering:
    """The words that name a menu's numbered items, so "third X" = "X 3" = "III X".

    `words` take a number or an ordinal; `roman` also a Roman numeral; `plural`
    a number too, except the menu's own size ("the five X" are all of them).
    Empty by default: nothing is fused.
    """

    words: tuple[str, ...] = ()
    roman: frozenset[str] = frozenset()
    plural: frozenset[str] = frozenset()
    count: int = 0  # how many items the menu has: "ultimo" is the last

    @property
    def key(self) -> str:
        """The prefix of a fused key: the first word and '#' ("X#3")."""
        return f"{self.words[0]}#" if self.words else ""


@dataclass(frozen=True, slots=True)
class Numbered:
    """A command that shows one item of a menu by its number (/cmd 3)."""

    command: str
    description: str  # in /aiuto and in Telegram's command list
    usage: str  # Telegram HTML: the reply to a missing or wrong number
    numbering: Numbering = Numbering()


@dataclass(frozen=True, slots=True)
class Menu:
    """A list of entries (those whose `menu` is `name`) shown by one command."""

    name: str
    command: str
    description: str  # in /aiuto and in Telegram's command list
    button: str  # the label of a button that opens the menu
    heading: str | None = None  # Telegram HTML above the buttons, unless an entry has `command`
    numbered: Numbered | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """What the bot says about its article as a whole, from ``profile.yaml``.

    Texts are Telegram HTML, checked when the FAQ is loaded. `start` names the
    welcome's buttons: ("menu", name) or ("entry", id).
    """

    about: str = "sull'articolo"  # completes "Rispondo solo ...": the title and date line
    topic: str = "sull'articolo"  # the short form: "Scrivimi una domanda ..."
    source: str = "Un articolo in italiano"  # what the article is, for /fonte
    examples: tuple[str, ...] = ()  # questions shown by /start
    example: str = ""  # one short question, shown when a question is missing
    short_examples: tuple[str, ...] = ()  # brief questions shown by /aiuto
    menus: tuple[Menu, ...] = ()
    start: tuple[tuple[str, str], ...] = ()
    smalltalk: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    article_file: str = "article.txt"
    description: str = ""  # plain text Telegram shows in an empty chat with the bot
    short_description: str = ""  # plain text on the bot's profile page and in shared links
    group_commands: tuple[str, ...] = ()  # the short command list for groups (default: menus)

    def numbering(self, count: int) -> Numbering:
        """The numbering of the menu with numbered items, for a menu of `count` entries."""
        for menu in self.menus:
            if menu.numbered is not None:
                found = menu.numbered.numbering
                return Numbering(found.words, found.roman, found.plural, count)
        return Numbering()


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the bot knows: entries, synonyms, subjects, the article and its profile."""

    entries: tuple[Entry, ...]
    synonyms: tuple[tuple[str, ...], ...]
    article: str
    subjects: tuple[str, ...] = ()  # who a question is about: an answer must name them too
    profile: Profile = Profile()
    themes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (theme, entry ids), file by file
    by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)
    by_command: Mapping[str, Entry] = field(init=False, repr=False, compare=False)
    numbering: Numbering = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {entry.id: entry for entry in self.entries}
        by_command = {entry.command: entry for entry in self.entries if entry.command}
        object.__setattr__(self, "by_id", MappingProxyType(by_id))
        object.__setattr__(self, "by_command", MappingProxyType(by_command))
        numbered = next((m for m in self.profile.menus if m.numbered is not None), None)
        count = len(self.menu(numbered.name)) if numbered is not None else 0
        object.__setattr__(self, "numbering", self.profile.numbering(count))

    def menu(self, name: str) -> tuple[Entry, ...]:
        """The entries listed in the menu `name`, in file order."""
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
      (a number, a time, a place, a person), or `says` what the article leaves
      unsaid about it (see `Unsaid`); it is offered, not answered.
    - OPINION: an opinion is asked about `best`'s topic; it is offered, not answered.
    - COMPARE: `best` and `second` answer a comparison side by side.
    """

    kind: Kind
    best: Scored | None = None
    alternatives: tuple[Scored, ...] = ()
    smalltalk: str | None = None
    asked: str | None = None  # NOT_SAID: what the question asks for ("number", "time"...)
    second: Scored | None = None  # COMPARE: the other side of the comparison
    says: str | None = None  # NOT_SAID: the entry's own sentence on what the article leaves out

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
    """An inline button: what the user reads and the callback data it sends.

    A button with `share` sends no data: it lets the reader pick a chat and
    pre-fills an inline query there ("@bot <share>"), to post an answer.
    """

    label: str
    data: str
    share: str | None = None  # a share button instead: the inline query it pre-fills


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says: Telegram-HTML text and rows of buttons.

    `entry_id` names the FAQ entry shown, if any, `result` the engine's
    verdict behind a free-text reply, `resolved` the question answered when a
    follow-up was read in context, `vote` the tap a reply thanks for and
    `declined` a tap on "none of these", so
    adapters and the curators' inbox can use them without parsing anything.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    entry_id: str | None = None
    kind: Kind | None = None
    result: Result | None = None
    vote: bool | None = None  # the reply to a 👍 (True) or 👎 (False) tap on `entry_id`
    resolved: str | None = None  # the question a follow-up ("e il quarto?") was read as
    declined: bool = False  # the reply to "none of these" under a list of suggestions
