"""The search index over the FAQ: keys, their weights and inverted lists.

Each entry contributes several *documents* (each question, each keyword, its
title and its command) and one *bag* (every key of its documents and of its
answer). A key's weight is its inverse document frequency over the entries'
bags, so a word of every entry weighs little and a rare name a lot.

A word the FAQ has never seen is weighed by what it is. A *name* the article
does not mention (a country, from CLDR's Italian names; a word capitalised in
mid-sentence, such as a person's name) weighs the most and is *foreign*: a
question about someone else must not look answered. An ordinary Italian word
weighs by how rare it is in Italian at large (wordfreq's Zipf scale), so
"figlio" or "scuola" in a reader's preamble barely counts while a rare word
still does.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from bot.answering import lexicon
from bot.answering.models import Entry, Knowledge
from bot.answering.normalise import (
    BREAK,
    REAL_WORD_ZIPF,
    Synonyms,
    fold,
    keys,
    marked_keys,
    marked_terms,
    stem,
    terms,
)
from bot.answering.reading import Reading, capitalised, language, read
from bot.answering.thresholds import Thresholds

TYPO_MIN_LENGTH = 4  # shorter words are too easily confused to correct
ELIDED = ("dell", "nell", "sull", "dall", "all", "l", "d", "un")  # articles typed without '
TYPO_SHORT = 5  # words this short may only miss or add a letter ("rusia"), not swap one ("papa")
TYPO_LONG = 8  # words this long may have two typos; shorter ones only one
UNKNOWN_DF = 1.0  # an unknown name weighs like a word found in one entry: the most
CONCEPT_SHARE = 0.5  # a named thing is specific when it weighs this share of an unknown word
QUESTION_WORDS = frozenset(keys("chi quando dove perché quanto quanti non"))
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s")  # a sentence ends before the text does


@dataclass(frozen=True, slots=True)
class Query:
    """The keys of a message with their weights: the question's in full, the context's less.

    `foreign` holds the keys of names the FAQ does not know; `focus` the keys of
    the question itself.
    """

    weights: dict[str, float]
    foreign: frozenset[str]
    focus: frozenset[str]

    @property
    def keys(self) -> frozenset[str]:
        """Every key of the message."""
        return frozenset(self.weights)


# Where a document stands in its entry: its title or command, or one of its keywords.
TITLED = 2
KEYWORD = 1


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable text of an entry, as a set of keys."""

    entry: int
    keys: frozenset[str]
    mass: float
    home: int  # TITLED (title, command), KEYWORD, or 0: where a bare topic should go
    says: str | None = None  # a phrasing of what the article leaves unsaid: what to say
    beyond: frozenset[str] = frozenset()  # its keys, question words aside, the entry never states


class Index:
    """Inverted lists from key to documents, entry bags, and key weights."""

    def __init__(self, knowledge: Knowledge, tuning: Thresholds | None = None) -> None:
        self.tuning = tuning = tuning or Thresholds()
        self.entries: tuple[Entry, ...] = knowledge.entries
        self.numbers = {entry.id: number for number, entry in enumerate(self.entries)}
        self.numbering = knowledge.numbering  # "the third X" = "X 3", X from the profile
        self.synonyms = Synonyms(knowledge.synonyms, self.numbering)
        # Each FAQ text is split into words once: keys, surfaces and typo words use them.
        texts: list[list[tuple[str, ...]]] = []
        bags: list[set[str]] = []
        # What each entry states: its keys but for those only its `unsaid` sentences
        # bring ("L'articolo non dice chi ne farà parte" states nothing about "parte").
        stated: list[frozenset[str]] = []
        # Each entry's documents, read once (a phrasing is read as a message is).
        documents = [_documents(entry) for entry in self.entries]
        for entry, docs in zip(self.entries, documents, strict=True):
            # A phrasing of what the article leaves unsaid brings no keys to the bag: it
            # weighs no word, covers nothing, and makes no name known ("c'era la Germania?").
            own = [self._keys(text) for text, _, _ in docs]
            texts.append(own)
            asked = {
                k
                for doc_keys, (_, _, says) in zip(own, docs, strict=True)
                if says is None
                for k in doc_keys
            }
            bags.append(asked | set(self._keys(entry.answer)))
            said = entry.answer
            for item in entry.unsaid:
                said = said.replace(item.says, " ")
            stated.append(frozenset(asked | set(self._keys(said))))
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for key in bag:
                df[key] += 1
        total = len(self.entries) + 1
        # A key's weight: how rare it is in the FAQ (inverse document frequency) and,
        # in part, how rare its word is in Italian at large: "principali" or "dovranno"
        # in one entry are no evidence of that entry, a rare place name is.
        # Names (words capitalised in mid-sentence in the answers) and subjects are as
        # specific as words get, however common they are in Italian.
        surfaces = self._surfaces(documents)
        names = {k for e in self.entries for w in capitalised(e.answer) for k in self._keys(w)}
        names |= {k for s in knowledge.subjects for k in self._keys(s)}
        self.weight: dict[str, float] = {
            k: math.log(total / (n + 0.5))
            * (1.0 if k in names else self._specificity(surfaces.get(k, ())))
            for k, n in df.items()
        }
        self.unknown_weight = math.log(total / UNKNOWN_DF)
        # Words of synonym phrases are known too, though only their group's key is weighed.
        self.known = frozenset(self.weight) | {k for p in self.synonyms.phrases for k in p}
        # Typos are corrected on whole words ("unti" -> "uniti"), not on stems, so a
        # name the article never mentions ("Trump") is not read as a stem ("trup").
        numbered = self.numbering
        surface = {w for docs in documents for t, _, s in docs if s is None for w in self._words(t)}
        surface |= {w for e in self.entries for w in self._words(e.answer)}
        surface |= {w for group in knowledge.synonyms for p in group for w in terms(p, numbered)}
        # Known words by first letter: a typo seldom touches the first letter, and looking
        # in one bucket keeps correction fast however large the FAQ grows.
        self.words: dict[str, list[str]] = defaultdict(list)
        for word in sorted(w for w in surface if w.isalpha()):
            self.words[word[0]].append(word)
        self.documents: list[Document] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.bags = [frozenset(bag) for bag in bags]
        # The keys of who a question can be about (countries, leaders): `Knowledge.subjects`.
        self.subjects = frozenset(k for s in knowledge.subjects for k in self._keys(s))
        # The FAQ's named things: synonym groups whose canonical form is a phrase
        # ("depositi di difesa"), as far as few entries name them (the article's own
        # subject, named almost everywhere, is not one). A question about one is not
        # answered by an entry that never names it, however well its other words match.
        specific = CONCEPT_SHARE * self.unknown_weight
        self.concepts = frozenset(
            k for k, w in self.weight.items() if "_" in k and "#" not in k and w >= specific
        )
        for number, own in enumerate(texts):
            kinds = [(home, says) for _, home, says in documents[number]]
            for doc_keys, (home, says) in zip(own, kinds, strict=True):
                unique = frozenset(doc_keys)
                if not unique:
                    continue
                doc_id = len(self.documents)
                beyond = unique - stated[number] - QUESTION_WORDS if says else frozenset()
                document = Document(number, unique, self.mass(unique), home, says, beyond)
                self.documents.append(document)
                for key in unique:
                    self.postings[key].append(doc_id)
        # Shortest documents first: for one key they are the best matches, so a huge list
        # (a key found everywhere) can be cut without losing its best candidates.
        for doc_ids in self.postings.values():
            doc_ids.sort(key=lambda d: self.documents[d].mass)
        # Folded phrasings, for rapidfuzz's word-order-tolerant ratio at query time.
        self.folded = [tuple(fold(q) for q in entry.questions) for entry in self.entries]
        self.correct = lru_cache(maxsize=65536)(self._correct)
        # Follow-ups look up the same short phrases again and again ("e la", "il quarto").
        self.query = lru_cache(maxsize=16384)(self._query)  # type: ignore[method-assign]

    def _surfaces(
        self, documents: list[list[tuple[str, int, str | None]]]
    ) -> dict[str, tuple[str, ...]]:
        """The words of the FAQ behind each key ("soldati", "soldato" behind "sold")."""
        found: dict[str, set[str]] = defaultdict(set)
        for entry, docs in zip(self.entries, documents, strict=True):
            for text in (*(t for t, _, s in docs if s is None), entry.answer):
                for word in self._words(text):
                    found[stem(word)].add(word)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def _words(self, text: str) -> list[str]:
        """The terms of `text`, its numbered items fused (kept per text by `terms`)."""
        return terms(text, self.numbering)

    def _keys(self, text: str) -> tuple[str, ...]:
        """Matching keys of a FAQ text, synonyms folded in."""
        return tuple(self.synonyms.apply(marked_keys(text, self.numbering)))

    def mass(self, items: frozenset[str]) -> float:
        """Total weight of a set of keys."""
        return sum(self.weight.get(k, self.unknown_weight) for k in items)

    def query(self, text: str) -> frozenset[str]:
        """The keys of a reader's question: typos corrected, synonyms folded in."""
        return self._query(text)

    def _query(self, text: str) -> frozenset[str]:
        """The keys of `text`, uncached (see `query`)."""
        return frozenset(self.synonyms.apply(self._corrected(text)))

    def keys_in_order(self, text: str) -> list[str]:
        """The keys of a text in order, typos corrected, synonyms folded in."""
        return self.synonyms.apply(self._corrected(text))

    def _corrected(self, text: str) -> list[str]:
        """The keys of a reader's text, typos corrected, with the `BREAK`s of prepositions."""
        return [w if w == BREAK else self.correct(w) for w in marked_terms(text, self.numbering)]

    def read(self, reading: Reading) -> Query:
        """The weighted keys of a read message.

        The question's keys weigh in full; the context's together weigh at most
        `context_share` (see `Thresholds`) of the question's, however long the preamble.
        """
        foreign: set[str] = set()
        question = reading.focus[len(reading.lead) :] if reading.lead else reading.focus
        tuning = self.tuning
        focus = self._weigh(question, reading, foreign, tuning.focus_floor, tuning.predicate_floor)
        context = self._weigh(reading.context, reading, foreign, self.tuning.common_share)
        # The clause a bare question leans on ("…dei depositi di difesa. A cosa servono?")
        # lends it the FAQ's words it names; its other words ("Al bar si diceva…") and
        # names are context, not what the question itself asks about.
        lead = self._weigh(reading.lead, reading, foreign, self.tuning.common_share)
        for key, weight in lead.items():
            if key in self.weight:
                focus.setdefault(key, weight)
            else:
                context.setdefault(key, weight)
        focus_total, context_total = sum(focus.values()), sum(context.values())
        # A bare "Cosa prevedono?" leans on its preamble: the cap is measured against at
        # least `focus_mass`, so a question that names nothing still has a context.
        mass = max(focus_total, self.tuning.focus_mass)
        scale = self.tuning.context_share * min(1.0, mass / context_total) if context_total else 0.0
        weights = {k: w * scale for k, w in context.items()}
        weights.update(focus)
        return Query(weights, frozenset(foreign), frozenset(focus))

    def _weigh(
        self,
        text: str,
        reading: Reading,
        foreign: set[str],
        floor: float,
        predicate_floor: float | None = None,
    ) -> dict[str, float]:
        """The keys of one part of a message and their weights.

        An unknown ordinary word weighs at least `floor` of a name, or
        `predicate_floor` if given and the word ends as a verb form, adjective or
        adverb does; names the FAQ does not know go into `foreign`.
        """
        predicates = language().predicates
        words = marked_terms(text, self.numbering)
        corrected = [w if w == BREAK else self.correct(w) for w in words]
        surface = {k: w for k, w in zip(corrected, words, strict=True) if k not in self.weight}
        weights: dict[str, float] = {}
        for key in self.synonyms.apply(corrected):
            weight = self.weight.get(key)
            if weight is None:
                word = surface.get(key, key)
                if word in reading.names or lexicon.is_place(word):
                    weight = self.unknown_weight
                    foreign.add(key)
                else:
                    least = floor
                    if predicate_floor is not None and predicates.search(word):
                        least = predicate_floor
                    rarity = max(least, self._rarity(lexicon.lexeme_zipf(word)))
                    weight = self.unknown_weight * rarity
            weights[key] = weight
        return weights

    def _specificity(self, words: tuple[str, ...]) -> float:
        """How much of its FAQ weight a key keeps, by its most specific word in Italian."""
        if not words or any(not w.isalpha() for w in words):
            return 1.0  # numbers and fused keys ("item#2") are as specific as can be
        rarity = max(self._rarity(lexicon.zipf(w)) for w in words)
        floor = self.tuning.known_floor
        return floor + (1 - floor) * rarity

    def _rarity(self, zipf: float) -> float:
        """The share of a name's weight that an ordinary word of this frequency gets."""
        tuning = self.tuning
        share = (tuning.common_zipf - zipf) / (tuning.common_zipf - tuning.rare_zipf)
        return min(1.0, max(tuning.common_share, share))

    def _correct(self, word: str) -> str:
        """The key of `word`, or of the known word it most likely misspells."""
        key = stem(word)
        if key in self.known or len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return key
        if lexicon.zipf(word) >= REAL_WORD_ZIPF:  # "presiede" is a word, not "prevede" mistyped
            return key
        edits = 2 if len(word) >= TYPO_LONG else 1
        # A swap of two letters is one typo ("spanga"): optimal string alignment, not Levenshtein.
        scorer = Indel.distance if len(word) <= TYPO_SHORT else OSA.distance
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


def _asked(phrasing: str) -> str:
    """The question a curated phrasing asks, read as a reader's message is read.

    "Ne parlavano a cena. Chi guida la forza?" is indexed as "chi guida la
    forza": the words of its preamble are no evidence of the entry. Only a
    phrasing of more than one sentence is read: reading them all would cost
    start-up a third more.
    """
    if not _SENTENCE_BREAK.search(phrasing.strip()):
        return phrasing
    reading = read(phrasing)
    return reading.focus if reading.context else phrasing


def _documents(entry: Entry) -> list[tuple[str, int, str | None]]:
    """The texts of an entry that a question is compared with.

    Each comes with whether it is the entry's home (`TITLED`, `KEYWORD`) and, for a
    phrasing of something the article leaves unsaid, the sentence saying so.
    """
    texts: list[tuple[str, int, str | None]] = [(_asked(text), 0, None) for text in entry.questions]
    texts += [(text, KEYWORD, None) for text in entry.keywords]
    texts += [(text, 0, item.says) for item in entry.unsaid for text in item.questions]
    if entry.title:
        texts.append((entry.title, TITLED, None))
    if entry.command:
        texts.append((re.sub(r"(\d+)", r" \1", entry.command.replace("_", " ")), TITLED, None))
    return texts
