"""Which sentences of the article the FAQ cites, so a curator sees what it cannot answer yet.

The article is cut into sentences, line by line (a heading is a sentence too).
A sentence is *cited* when an entry's `source` excerpt lies within it, or
overlaps it by at least `MIN_OVERLAP` characters: an excerpt that runs on into
the first words of the next sentence does not cite that one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answering.knowledge import fold_excerpt
from bot.answering.models import Knowledge

MIN_OVERLAP = 20  # characters an excerpt must share with a longer sentence to cite it
_END = re.compile(r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(]?[A-ZÀ-Ý0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the article: its 1-based line and its text."""

    line: int
    text: str


def sentences(article: str) -> list[Sentence]:
    """The article's sentences, in order, each with the line it is on."""
    found = []
    for number, line in enumerate(article.splitlines(), start=1):
        for part in _END.split(line.strip()):
            if part.strip():
                found.append(Sentence(number, part.strip()))
    return found


def uncovered(knowledge: Knowledge) -> list[Sentence]:
    """The sentences no entry's `source` cites."""
    article = fold_excerpt(knowledge.article)
    spans = []
    for entry in knowledge.entries:
        for excerpt in entry.source:
            folded = fold_excerpt(excerpt)
            start = article.find(folded)
            while start >= 0:
                spans.append((start, start + len(folded)))
                start = article.find(folded, start + 1)
    missing = []
    position = 0
    for sentence in sentences(knowledge.article):
        folded = fold_excerpt(sentence.text)
        start = article.find(folded, position)
        if start < 0:  # cannot happen for text taken from the article; be safe, not sorry
            missing.append(sentence)
            continue
        end = position = start + len(folded)
        need = min(MIN_OVERLAP, end - start)
        if not any(min(end, e) - max(start, s) >= need for s, e in spans):
            missing.append(sentence)
    return missing
