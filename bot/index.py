"""The search index over the FAQ: keys, their weights and inverted lists.

Each entry contributes several *documents* (each question, each keyword, its
title and its command) and one *bag* (every key of its documents and of its
answer). A key's weight is its inverse document frequency over the entries'
bags, so "pilastro" weighs little and "Groenlandia" a lot; a key the FAQ has
never seen weighs the most, because a question about something the article
does not mention must not look answered.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.models import Entry, Knowledge
from bot.normalise import Synonyms, keys

TYPO_MIN_LENGTH = 4  # shorter words are too easily confused to correct
TYPO_CUTOFF = 80.0  # rapidfuzz ratio needed to read an unknown word as a known one


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable text of an entry, as a set of keys."""

    entry: int
    keys: frozenset[str]
    mass: float


class Index:
    """Inverted lists from key to documents and to entry bags, with key weights."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.entries: tuple[Entry, ...] = knowledge.entries
        self.synonyms = Synonyms(knowledge.synonyms)
        texts: list[list[tuple[str, ...]]] = []
        bags: list[set[str]] = []
        for entry in self.entries:
            own = [self._keys(text) for text in _documents(entry)]
            texts.append(own)
            bag = {k for doc in own for k in doc} | set(self._keys(entry.answer))
            bags.append(bag)
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for key in bag:
                df[key] += 1
        total = len(self.entries) + 1
        self.weight: dict[str, float] = {k: math.log(total / (n + 0.5)) for k, n in df.items()}
        self.unknown_weight = math.log(total / 0.5)
        # Words of synonym phrases are known too, though only their group's key is weighed.
        self.known = frozenset(self.weight) | {k for p in self.synonyms.phrases for k in p}
        self.vocabulary = tuple(sorted(self.known))
        self.documents: list[Document] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.bag_postings: dict[str, list[int]] = defaultdict(list)
        for number, own in enumerate(texts):
            for doc_keys in own:
                unique = frozenset(doc_keys)
                if not unique:
                    continue
                doc_id = len(self.documents)
                self.documents.append(Document(number, unique, self.mass(unique)))
                for key in unique:
                    self.postings[key].append(doc_id)
            for key in bags[number]:
                self.bag_postings[key].append(number)
        self.correct = lru_cache(maxsize=65536)(self._correct)

    def _keys(self, text: str) -> tuple[str, ...]:
        """Matching keys of a FAQ text, synonyms folded in."""
        return tuple(self.synonyms.apply(keys(text)))

    def mass(self, items: frozenset[str]) -> float:
        """Total weight of a set of keys."""
        return sum(self.weight.get(k, self.unknown_weight) for k in items)

    def query(self, text: str) -> frozenset[str]:
        """The keys of a reader's question: typos corrected, synonyms folded in."""
        raw = keys(text)
        return frozenset(self.synonyms.apply([self.correct(k) for k in raw]))

    def _correct(self, key: str) -> str:
        """The known key closest to an unknown one, when it is close enough."""
        if key in self.known or len(key) < TYPO_MIN_LENGTH or not key.isalpha():
            return key
        match = process.extractOne(
            key, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return match[0] if match is not None else key


def _documents(entry: Entry) -> list[str]:
    """The texts of an entry that a question is compared with."""
    texts = [*entry.questions, *entry.keywords]
    if entry.title:
        texts.append(entry.title)
    if entry.command:
        texts.append(re.sub(r"(\d+)", r" \1", entry.command.replace("_", " ")))
    return texts
