"""Misspelt words of a message read as the words meant, before anything else reads it.

A reader's typo in a word the FAQ never uses ("delal", "queesto", "sarxnno")
or in an ordinal ("il secnodo") would otherwise reach the matcher as a word
rare in Italian, which weighs like a name the article does not mention, and
turn a plain question into "non lo so". So each word that is neither known to
the FAQ or the language data nor a word of Italian (wordfreq's large list, from
Zipf 2 up: rarer forms such as "allenano" are words too) is replaced by the
nearest word that is, within one typo (a swap of two letters is one): the FAQ's own
words first, then the language data's, then Italian's by how common they are.

Names are read more warily: a word capitalised in mid-sentence is corrected
only to a word of the FAQ ("Zelenksy"), and a country (CLDR's Italian names)
not at all, since a question about someone the article does not mention must
stay about them.

The index also corrects the words left once stopwords are gone, against the
FAQ's words alone (`bot.answering.index`); this pass sees every word, so a
misspelt stopword or ordinal is read for what it is.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answering import lexicon, smalltalk
from bot.answering.models import Knowledge
from bot.answering.normalise import (
    ABBREVIATIONS,
    PREPOSITIONS,
    REAL_WORD_ZIPF,
    STOPWORDS,
    YAML_LOADER,
    fold,
    idiom_words,
    stem,
    strip_accents,
)
from bot.answering.reading import LANGUAGE_FILE, capitalised

MIN_LENGTH = 4  # shorter words are too easily confused to correct
COMMON_ZIPF = 4.0  # Italian words this common are candidates for what was meant
# Prepositions, "di" and its forms too: no evidence of the word next to them.
_PREPOSITIONS = PREPOSITIONS | frozenset("di d del dello dei degli dell della delle".split())
_TOKEN = re.compile(r"[^\W\d_]+")  # letters only: "dell'Europa" is "dell", "Europa"


class Speller:
    """Reads each misspelt word of a message as the known word nearest to it."""

    def __init__(
        self,
        faq: Callable[[], Iterable[str]],
        keys: Iterable[str] = (),
        pairs: Callable[[], Iterable[tuple[str, str]]] = tuple,
    ) -> None:
        """`faq` gives the FAQ's folded words; `keys` are the stems the index reads itself.

        `pairs` gives the word pairs of the FAQ's set phrases ("stati uniti"): a word
        of Italian one typo from the word its neighbour calls for is read as that word
        ("stati unti"). The FAQ's and the language data's words are gathered on the
        first message, not at start-up. Of equally near candidates the FAQ's word
        wins, then the language data's, then the commonest word of Italian.
        """
        self._faq_source = faq
        self._pairs_source = pairs
        self._pairs: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._known: tuple[frozenset[str], frozenset[str]] | None = None
        self.keys = frozenset(keys)  # a word of one of these stems is the index's to read
        self._buckets: tuple[_Candidates, _Candidates] | None = None
        self.word = lru_cache(maxsize=65536)(self._word)

    @property
    def faq(self) -> frozenset[str]:
        """The FAQ's folded words."""
        return self._words()[0]

    @property
    def language(self) -> frozenset[str]:
        """The language data's folded words that are not the FAQ's."""
        return self._words()[1]

    def _words(self) -> tuple[frozenset[str], frozenset[str]]:
        """The FAQ's words and the language data's, gathered once."""
        if self._known is None:
            faq = frozenset(self._faq_source())
            self._known = faq, language_words() - faq
        return self._known

    def respell(self, text: str) -> str:
        """`text` with each misspelt word replaced by the word it most likely means."""
        names: set[str] | None = None  # found only when a capitalised word is respelt

        def fix(match: re.Match[str]) -> str:
            nonlocal names
            token = match.group(0)
            # Not `fold`: it reads a future as its stem ("parlerà" -> "parl"), no word.
            plain = strip_accents(token.lower())
            meant = self.word(plain)
            if meant is None:
                return token
            if not token[0].isupper():
                return meant
            if names is None:
                names = capitalised(text)
            if fold(token) in names:  # a name: only a word of the FAQ will do
                meant = self.word(plain, True)
            return token if meant is None else meant.capitalize()

        return self._in_pairs(_TOKEN.sub(fix, text))

    def _in_pairs(self, text: str) -> str:
        """`text` with a word one typo from what its neighbour's set phrase needs read as it."""
        after, before = self._pair_lists()
        tokens = list(_TOKEN.finditer(text))
        plain = [strip_accents(t.group(0).lower()) for t in tokens]
        fixes: dict[int, str] = {}
        for i in range(len(tokens) - 1):
            one, two = plain[i], plain[i + 1]
            if two in after.get(one, ()) or one in before.get(two, ()):
                continue
            meant = _one_typo(two, after.get(one, ()))
            if meant is not None:
                fixes[i + 1] = meant
                continue
            meant = _one_typo(one, before.get(two, ()))
            if meant is not None:
                fixes[i] = meant
        if not fixes:
            return text
        out: list[str] = []
        end = 0
        for i, token in enumerate(tokens):
            if i in fixes:
                word = fixes[i]
                out += [
                    text[end : token.start()],
                    word.capitalize() if token.group(0)[0].isupper() else word,
                ]
                end = token.end()
        return "".join([*out, text[end:]])

    def _pair_lists(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """For each word of a set phrase, the words that follow it there and that precede it."""
        if self._pairs is None:
            after: dict[str, set[str]] = defaultdict(set)
            before: dict[str, set[str]] = defaultdict(set)
            for one, two in self._pairs_source():
                after[one].add(two)
                before[two].add(one)
            self._pairs = after, before
        return self._pairs

    def forget(self) -> None:
        """Empty the corrections kept (the cold case benchmarks time); the lists stay."""
        self.word.cache_clear()

    def _word(self, word: str, name: bool = False) -> str | None:
        """The word a folded `word` most likely misspells, or None to keep it as written.

        A `name` may only misspell a word of the FAQ.
        """
        if len(word) < MIN_LENGTH or not word.isalpha():
            return None
        if word in self.faq or word in self.language:
            return None
        if lexicon.zipf(word) >= REAL_WORD_ZIPF or lexicon.is_place(word) or lexicon.seen(word):
            return None
        faq, every = self._candidates()
        if stem(word) in self.keys:
            # The index reads its stem ("capitoli" for "capittoli") but not what counts the
            # written word (the plural of a numbered item): the FAQ's word of that stem.
            near = faq.nearest(word)
            return near if near is not None and stem(near) == stem(word) else None
        return (faq if name else every).nearest(word)

    def _candidates(self) -> tuple[_Candidates, _Candidates]:
        """The FAQ's words alone (for names), and every candidate, in order of preference.

        Built on the first word that needs them.
        """
        if self._buckets is None:
            frequencies = lexicon.frequencies()
            common = sorted(
                (w for w, z in frequencies.items() if z >= COMMON_ZIPF and w.isalpha()),
                key=lambda w: -frequencies[w],
            )
            own = _by_use(self.faq)
            every = [*own, *_by_use(self.language), *(strip_accents(w) for w in common)]
            self._buckets = _Candidates(own), _Candidates(every)
        return self._buckets


class _Candidates:
    """Words a typo may be read as, in order of preference, looked up one typo away."""

    def __init__(self, words: Iterable[str]) -> None:
        self.rank: dict[str, int] = {}
        for word in words:
            if word.isalpha() and len(word) >= MIN_LENGTH - 1:
                self.rank.setdefault(word, len(self.rank))
        self.by_letter: dict[str, list[str]] = defaultdict(list)  # in order of preference
        self.tails: dict[str, list[str]] = defaultdict(list)  # each word without its first letter
        for word in self.rank:
            self.by_letter[word[0]].append(word)
            self.tails[word[1:]].append(word)

    def nearest(self, word: str) -> str | None:
        """The preferred candidate one typo away from `word`, if any.

        One typo only: a form the word list lacks ("comporranno") is two edits from many
        a word; the index reads two typos in a long word of the FAQ's own. A typo seldom
        touches the first letter: the words that share it are searched (rapidfuzz, optimal
        string alignment), and only when none is one typo away the four typos that touch
        it are looked up ("wuando", "fuali", "rpimo").
        """
        same = self.by_letter.get(word[0], [])
        found = [
            c
            for c, _, _ in process.extract(
                word, same, scorer=OSA.distance, score_cutoff=1, limit=None
            )
        ]
        if not found:
            found = [*self.tails.get(word[1:], ()), *self.tails.get(word, ())]
            found += [w for w in (word[1:], word[1] + word[0] + word[2:]) if w in self.rank]
        if not found:
            return None
        # A typo that leaves a letter out is the likeliest, then one that changes or swaps
        # letters, then one that adds a letter ("finle" is "finale", not "fine"); then the
        # order of preference.
        return min(found, key=lambda c: (_slip(word, c), self.rank[c]))


def faq_words(knowledge: Knowledge) -> frozenset[str]:
    """Every folded word of the FAQ's texts: phrasings, answers, titles, keywords, synonyms."""
    texts = [text for group in knowledge.synonyms for text in group]
    for entry in knowledge.entries:
        texts += [*entry.questions, entry.answer, *entry.keywords, entry.title or ""]
        texts += [q for item in entry.unsaid for q in item.questions]
    return frozenset(strip_accents(w.lower()) for text in texts for w in _TOKEN.findall(text))


def faq_pairs(knowledge: Knowledge) -> frozenset[tuple[str, str]]:
    """The neighbouring words of the FAQ's set phrases (its synonyms of two words or more).

    Only pairs of words of four letters or more and no preposition: a function word
    ("a", "della") next to a word says too little of it ("a cosa" is no typo of
    "a casa").
    """
    found: set[tuple[str, str]] = set()
    for group in knowledge.synonyms:
        for phrase in group:
            words = [strip_accents(w.lower()) for w in _TOKEN.findall(phrase)]
            found.update(
                (one, two)
                for one, two in itertools.pairwise(words)
                if min(len(one), len(two)) >= MIN_LENGTH and not {one, two} & _PREPOSITIONS
            )
    return frozenset(found)


def _one_typo(typed: str, meant: Iterable[str]) -> str | None:
    """The one word of `meant` one typo from `typed` (a word long enough to tell), if any."""
    if len(typed) < MIN_LENGTH or typed in STOPWORDS:  # "dalla" is no typo of "della"
        return None
    near = [
        w for w in meant if len(w) >= MIN_LENGTH and OSA.distance(typed, w, score_cutoff=1) == 1
    ]
    return near[0] if len(near) == 1 else None


def _slip(typed: str, meant: str) -> int:
    """How unlikely a typo is by what it did to the length: left out 0, changed 1, added 2."""
    return 0 if len(meant) > len(typed) else 1 if len(meant) == len(typed) else 2


def _by_use(words: Iterable[str]) -> list[str]:
    """`words`, the commonest in Italian first (then in alphabetical order)."""
    return sorted(words, key=lambda w: (-lexicon.zipf(w), w))


@cache
def language_words() -> frozenset[str]:
    """The folded words of the language data: fillers, idioms, chat spellings, small talk."""
    found: set[str] = {*STOPWORDS, *ABBREVIATIONS, *idiom_words()}
    data = yaml.load(LANGUAGE_FILE.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    found.update(w for text in _strings(data) for w in fold(text).split())
    for phrases in smalltalk.INTENTS.values():
        found.update(w for phrase in phrases for w in phrase.split())
    return frozenset(found)


def _strings(data: Any) -> list[str]:
    """Every string in a parsed YAML document, keys included."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []
