"""The search index over the FAQ: keys, their weights and inverted lists.

Each entry contributes several *documents* (each question, each keyword, its
title and its command) and one *bag* (every key of its documents and of its
answer). A key's weight is its inverse document frequency over the entries'
bags, so a word of every entry weighs little and a rare name a lot; a key the FAQ has
never seen weighs the most, because a question about something the article
does not mention must not look answered.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from bot.answering.models import Entry, Knowledge
from bot.answering.normalise import Synonyms, fold, keys, stem, terms

TYPO_MIN_LENGTH = 4  # shorter words are too easily confused to correct
ELIDED = ("dell", "nell", "sull", "dall", "all", "l", "d", "un")  # articles typed without '
TYPO_SHORT = 5  # words this short may only miss or add a letter ("rusia"), not swap one ("papa")
TYPO_LONG = 8  # words this long may have two typos; shorter ones only one
UNKNOWN_DF = 1.0  # an unknown word weighs like a word found in one entry: the most


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable text of an entry, as a set of keys."""

    entry: int
    keys: frozenset[str]
    mass: float
    home: bool  # the entry's command or title: the entry a bare topic word should reach


class Index:
    """Inverted lists from key to documents, entry bags, and key weights."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.entries: tuple[Entry, ...] = knowledge.entries
        self.numbering = knowledge.numbering  # "the third X" = "X 3", X from the profile
        self.synonyms = Synonyms(knowledge.synonyms, self.numbering)
        texts: list[list[tuple[str, ...]]] = []
        bags: list[set[str]] = []
        for entry in self.entries:
            own = [self._keys(text) for text, _ in _documents(entry)]
            texts.append(own)
            bag = {k for doc in own for k in doc} | set(self._keys(entry.answer))
            bags.append(bag)
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for key in bag:
                df[key] += 1
        total = len(self.entries) + 1
        self.weight: dict[str, float] = {k: math.log(total / (n + 0.5)) for k, n in df.items()}
        self.unknown_weight = math.log(total / UNKNOWN_DF)
        # Words of synonym phrases are known too, though only their group's key is weighed.
        self.known = frozenset(self.weight) | {k for p in self.synonyms.phrases for k in p}
        # Typos are corrected on whole words ("unti" -> "uniti"), not on stems, so a
        # name the article never mentions ("Trump") is not read as a stem ("trup").
        numbered = self.numbering
        surface = {w for e in self.entries for t in _documents(e) for w in terms(t[0], numbered)}
        surface |= {w for e in self.entries for w in terms(e.answer, numbered)}
        surface |= {w for group in knowledge.synonyms for p in group for w in terms(p, numbered)}
        # Known words by first letter: a typo seldom touches the first letter, and looking
        # in one bucket keeps correction fast however large the FAQ grows.
        self.words: dict[str, list[str]] = defaultdict(list)
        for word in sorted(w for w in surface if w.isalpha()):
            self.words[word[0]].append(word)
        self.documents: list[Document] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.bags = [frozenset(bag) for bag in bags]
        # The keys of who a question can be about (countries, people...): see `Knowledge.subjects`.
        self.subjects = frozenset(k for s in knowledge.subjects for k in self._keys(s))
        for number, own in enumerate(texts):
            homes = [home for _, home in _documents(self.entries[number])]
            for doc_keys, home in zip(own, homes, strict=True):
                unique = frozenset(doc_keys)
                if not unique:
                    continue
                doc_id = len(self.documents)
                self.documents.append(Document(number, unique, self.mass(unique), home))
                for key in unique:
                    self.postings[key].append(doc_id)
        # Shortest documents first: for one key they are the best matches, so a huge list
        # (a key found everywhere) can be cut without losing its best candidates.
        for doc_ids in self.postings.values():
            doc_ids.sort(key=lambda d: self.documents[d].mass)
        # Folded phrasings, for rapidfuzz's word-order-tolerant ratio at query time.
        self.folded = [tuple(fold(q) for q in entry.questions) for entry in self.entries]
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def _keys(self, text: str) -> tuple[str, ...]:
        """Matching keys of a FAQ text, synonyms folded in."""
        return tuple(self.synonyms.apply(keys(text, self.numbering)))

    def mass(self, items: frozenset[str]) -> float:
        """Total weight of a set of keys."""
        return sum(self.weight.get(k, self.unknown_weight) for k in items)

    def query(self, text: str) -> frozenset[str]:
        """The keys of a reader's question: typos corrected, synonyms folded in."""
        words = terms(text, self.numbering)
        return frozenset(self.synonyms.apply([self.correct(w) for w in words]))

    def _correct(self, word: str) -> str:
        """The key of `word`, or of the known word it most likely misspells."""
        key = stem(word)
        if key in self.known or len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return key
        edits = 2 if len(word) >= TYPO_LONG else 1
        scorer = Indel.distance if len(word) <= TYPO_SHORT else Levenshtein.distance
        for prefix in ELIDED:  # "litalia", "dellucraina": an apostrophe left out
            rest = word[len(prefix) :]
            if (
                word.startswith(prefix)
                and len(rest) >= TYPO_MIN_LENGTH
                and stem(rest) in self.known
            ):
                return stem(rest)
        bucket = self.words.get(word[0], [])
        match = process.extractOne(word, bucket, scorer=scorer, score_cutoff=edits)
        return stem(match[0]) if match is not None else key


def _documents(entry: Entry) -> list[tuple[str, bool]]:
    """The texts of an entry that a question is compared with, and which are its home."""
    texts = [(text, False) for text in (*entry.questions, *entry.keywords)]
    if entry.title:
        texts.append((entry.title, True))
    if entry.command:
        texts.append((re.sub(r"(\d+)", r" \1", entry.command.replace("_", " ")), True))
    return texts
