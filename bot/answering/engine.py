"""The answer engine: a reader's question in, a `Result` out. No Telegram here.

Scoring, for a question with keys Q (see `bot.answering.normalise`) and key weights w
(see `bot.answering.index`):

- *match* of a document d (one FAQ phrasing, keyword, title or command):
  w(Q ∩ d) / (QUERY_SHARE · w(Q) + (1 - QUERY_SHARE) · w(d)), a weighted
  overlap that is 1 when both say the same and shrinks with what either adds;
- *coverage* of an entry: w(Q ∩ bag) / w(Q), the share of the question's
  information that the entry's phrasings and answer account for. An unknown
  word ("Germania", "Papa") weighs the most, so a question about something
  the article does not mention is poorly covered by every entry;
- score = 100 · (MATCH_SHARE · best match + (1 - MATCH_SHARE) · coverage),
  then nudged by rapidfuzz's token-set ratio against the entry's phrasings
  for word order and leftover typos.

Candidates come from the inverted lists of the question's keys, rarest key
first, at most `CANDIDATES` documents, so the work stays bounded however large
the FAQ grows.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.answering import smalltalk
from bot.answering.index import Index
from bot.answering.models import Kind, Knowledge, Result, Scored
from bot.answering.normalise import fold, keys


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number that decides between answer, clarify and fallback.

    Calibrated on ``tests/data/questions.yaml``; the README explains each one.
    """

    answer: float = 45.0  # lowest score that is answered outright
    suggest: float = 35.0  # lowest score offered as a suggestion or alternative
    margin: float = 2.0  # runners-up within this of the best make the question ambiguous
    sure: float = 80.0  # above this the best entry is answered even if others are close
    min_coverage: float = 0.45  # share of the question the answer must account for
    min_information: float = 1.0  # matched weight needed unless the question equals a phrasing
    exact: float = 0.99  # a best match this high means the question equals a phrasing
    single_key_match: float = 0.6  # a one-word question must match a phrasing this closely


QUERY_SHARE = 0.5
MATCH_SHARE = 0.8
FUZZ_SHARE = 0.1
MAX_ALTERNATIVES = 3
SHORTLIST = 12
QUESTION_WORDS = frozenset(keys("chi quando dove perché quanto quanti non"))
CANDIDATES = 2000  # documents scored per question at most (the shipped FAQ has fewer in all)
HOME_BONUS = 0.03  # a bare name that is one entry's command and another's keyword


@dataclass(frozen=True, slots=True)
class Ranked:
    """One candidate with the evidence behind its score."""

    scored: Scored
    match: float  # best weighted overlap with one of the entry's phrasings (0-1)
    coverage: float  # share of the question's weight the entry accounts for (0-1)
    information: float  # weight of the question's keys the entry accounts for
    keys: int  # how many keys the question had


class Engine:
    """Answers questions against one loaded FAQ."""

    def __init__(self, knowledge: Knowledge, thresholds: Thresholds | None = None) -> None:
        self.knowledge = knowledge
        self.index = Index(knowledge)
        self.thresholds = thresholds or Thresholds()

    def ask(self, text: str) -> Result:
        """Decide what to do with one message."""
        found = smalltalk.intent(text)
        if found is not None:
            return Result(Kind.SMALLTALK, smalltalk=found)
        return self.decide(self.rank(text))

    def rank(self, text: str) -> list[Ranked]:
        """Entries that share a key with the question, best first."""
        index = self.index
        query = index.query(text)
        if query <= QUESTION_WORDS:  # "perché?", "chi?": nothing to look for
            return []
        weights = {k: index.weight.get(k, index.unknown_weight) for k in query}
        total = sum(weights.values())
        # Candidates come from the question's rarest keys first, up to about CANDIDATES
        # documents, each key's shortest (best-matching) documents first: a key found
        # everywhere (the article's main subject, in a big FAQ) must not drag in the whole FAQ.
        candidates: set[int] = set()
        for key in sorted(query, key=lambda k: len(index.postings.get(k, ()))):
            if candidates and len(candidates) >= CANDIDATES:
                break
            candidates.update(index.postings.get(key, [])[:CANDIDATES])
        weight_of = weights.__getitem__
        overlap = {
            doc: sum(map(weight_of, query & index.documents[doc].keys)) for doc in candidates
        }
        best_match: dict[int, float] = {}
        for doc, shared in overlap.items():
            document = index.documents[doc]
            match = shared / (QUERY_SHARE * total + (1 - QUERY_SHARE) * document.mass)
            if document.home:
                match += HOME_BONUS
            if match > best_match.get(document.entry, 0.0):
                best_match[document.entry] = match
        covered = {number: sum(map(weight_of, query & index.bags[number])) for number in best_match}
        # A subject the question names but the entry does not (one country asked, another
        # answered) weighs like an unknown word: that entry is about someone else.
        named = query & index.subjects
        share = {
            number: covered[number]
            / (total + sum(index.unknown_weight - weights[s] for s in named - index.bags[number]))
            for number in best_match
        }
        shortlist = sorted(
            (
                (MATCH_SHARE * match + (1 - MATCH_SHARE) * share[number], number, match)
                for number, match in best_match.items()
            ),
            reverse=True,
        )[:SHORTLIST]
        # One batch call compares the question with every phrasing of the shortlist.
        phrasings = [index.folded[number] for _, number, _ in shortlist]
        flat = [q for group in phrasings for q in group]
        ratios = [0.0] * len(flat)
        for _, ratio, at in process.extract(
            fold(text), flat, scorer=fuzz.token_set_ratio, limit=None
        ):
            ratios[at] = ratio
        ranked: list[tuple[float, Ranked]] = []
        start = 0
        for (score, number, match), group in zip(shortlist, phrasings, strict=True):
            entry = index.entries[number]
            ratio = float(max(ratios[start : start + len(group)], default=0.0))
            start += len(group)
            blended = (1 - FUZZ_SHARE) * 100 * score + FUZZ_SHARE * ratio
            scored = Scored(entry, round(min(blended, 100.0), 1))
            ranked.append(
                (
                    blended,
                    Ranked(scored, match, share[number], covered[number], len(query)),
                )
            )
        # Sort on the uncapped score, so the home bonus still breaks ties at 100.
        ranked.sort(key=lambda pair: pair[0], reverse=True)
        return [r for _, r in ranked]

    def decide(self, ranked: list[Ranked]) -> Result:
        """Apply the thresholds to a ranking."""
        limits = self.thresholds
        if not ranked:
            return Result(Kind.FALLBACK)
        near = tuple(r.scored for r in ranked if r.scored.score >= limits.suggest)
        top = ranked[0]
        answerable = (
            top.scored.score >= limits.answer
            and top.coverage >= limits.min_coverage
            and (top.information >= limits.min_information or top.match >= limits.exact)
            and (top.keys > 1 or top.match >= limits.single_key_match)
        )
        if not answerable:
            return Result(Kind.FALLBACK, alternatives=near[:MAX_ALTERNATIVES])
        best = top.scored
        close = [s for s in near[1:] if s.score >= best.score - limits.margin]
        if close and best.score < limits.sure and not _related(best, close):
            return Result(Kind.CLARIFY, alternatives=(best, *close[: MAX_ALTERNATIVES - 1]))
        return Result(Kind.ANSWER, best=best, alternatives=near[1 : 1 + MAX_ALTERNATIVES])


def _related(top: Scored, close: list[Scored]) -> bool:
    """Runners-up that the best entry links to anyway need no clarifying question."""
    return all(s.entry.id in top.entry.related for s in close)
