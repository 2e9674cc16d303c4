"""The answer engine: a reader's question in, a `Result` out. No Telegram here.

Scoring, for a question with keys Q (see `bot.answering.normalise`) and key weights w
(see `bot.answering.index`):

- *match* of a document d (one FAQ phrasing, keyword, title or command):
  w(Q ∩ d) / (QUERY_SHARE · w(Q) + (1 - QUERY_SHARE) · w(d)), a weighted
  overlap that is 1 when both say the same and shrinks with what either adds;
- *coverage* of an entry: w(Q ∩ bag) / w(Q), the share of the question's
  information that the entry's phrasings and answer account for. An unknown
  word (a foreign country, a person's name) weighs the most, so a question about something
  the article does not mention is poorly covered by every entry;
- score = 100 · (MATCH_SHARE · best match + (1 - MATCH_SHARE) · coverage),
  then nudged by rapidfuzz's token-set ratio against the entry's phrasings
  for word order and leftover typos.

Candidates come from the inverted lists of the question's keys, rarest key
first, at most `CANDIDATES` documents, so the work stays bounded however large
the FAQ grows.

A phrasing of what the article leaves unsaid (an entry's `unsaid`) counts only
for a question that shares with it a word its entry never states; when it is
the best match, the verdict is "not said", in the entry's own words. An
alternative question ("A o B?") that falls short as a whole is asked once per
side (see `bot.answering.reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.answering import lexicon, smalltalk
from bot.answering.index import QUESTION_WORDS, TITLED, Index, Query
from bot.answering.knowledge import ANSWER_KINDS
from bot.answering.models import Entry, Kind, Knowledge, Result, Scored
from bot.answering.normalise import fold, forget_texts
from bot.answering.reading import Reading, language, read
from bot.answering.spelling import Speller, faq_pairs, faq_words
from bot.answering.thresholds import Thresholds

QUERY_SHARE = 0.5
MATCH_SHARE = 0.8
FUZZ_SHARE = 0.1
MAX_ALTERNATIVES = 3
SHORTLIST = 6
CANDIDATES = 2000  # documents scored per question at most (the shipped FAQ has fewer in all)
HEADED_KINDS = frozenset({"number", "name"})  # "quanti <what>", "come si chiama <who>"
TIMED_KINDS = frozenset({"date", "time"})  # `_times_another`
CHECKED_KINDS = frozenset(ANSWER_KINDS) - {"person"}  # "chi": `_who_unsaid`
_YEAR = re.compile(r"\b\d{4}\b")
_TOKEN = re.compile(r"[^\W_]+")  # an answer's words as written, capitals kept
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")  # an answer's sentences
ASK_CACHE = 4096  # verdicts kept for repeated messages
HOME_BONUS = 0.03  # a bare name goes where it is a title, command or keyword, not a phrasing


@dataclass(frozen=True, slots=True)
class Ranked:
    """One candidate with the evidence behind its score."""

    scored: Scored
    match: float  # best weighted overlap with one of the entry's phrasings (0-1)
    coverage: float  # share of the question's weight the entry accounts for (0-1)
    information: float  # weight of the question's keys the entry accounts for
    keys: int  # how many keys the question had
    content: float = 1.0  # share of the question's own words, question words aside, covered
    lacks: bool = False  # the question names a thing of the FAQ that the entry never names
    says: str | None = None  # best matched a phrasing of what the article leaves unsaid


class Engine:
    """Answers questions against one loaded FAQ."""

    def __init__(self, knowledge: Knowledge, thresholds: Thresholds | None = None) -> None:
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.index = Index(knowledge, self.thresholds)
        self.speller = Speller(
            lambda: faq_words(knowledge), self.index.known, lambda: faq_pairs(knowledge)
        )
        self.gives_by_id = {entry.id: _gives(entry) for entry in knowledge.entries}
        # The words of the numbered items, singular and plural: "quel punto" points at one.
        numbering = knowledge.numbering
        self._items = frozenset({*numbering.words, *numbering.plural})
        # What each answer counts, read once: "quanti X" is answered only where X is counted.
        self.counted = {entry.id: self._counted(entry) for entry in knowledge.entries}
        # What each answer says the article leaves out, with its keys: "quali armi di preciso"
        # is not answered by an entry whose answer says it does not specify which weapons.
        self.leaves_out = {entry.id: self._leaves_out(entry) for entry in knowledge.entries}
        # Each answer's words as written, for a role asked by name ("l'inviato").
        self.answer_words = {e.id: tuple(fold(e.answer).split()) for e in knowledge.entries}
        # Each numbered item's own entry: the one whose title or command names it alone.
        self.items: dict[str, Entry] = {}
        for document in self.index.documents:
            if document.home == TITLED and len(document.keys) == 1:
                (key,) = document.keys
                if self.index.numbering.key and key.startswith(self.index.numbering.key):
                    self.items.setdefault(key, self.index.entries[document.entry])
        # A role a synonym group lists as written ("capi" among the leaders) reads as its
        # group: an answer naming "leader" speaks of "capi di stato".
        roles = language().roles
        self.role_keys = {
            fold(word): key
            for group in knowledge.synonyms
            for word in group
            if fold(word) in roles
            for key in self.index.keys_in_order(group[0])[:1]
        }
        # The same message gets the same (frozen) verdict: readers ask the same things,
        # and a follow-up asks the engine a few rewritten questions.
        self.ask = lru_cache(maxsize=ASK_CACHE)(self._ask)  # type: ignore[method-assign]
        forget_texts()  # the FAQ's texts, read: questions need the room

    def ask(self, text: str) -> Result:
        """Decide what to do with one message (cached, see `_ask`)."""
        return self._ask(text)

    def forget(self) -> None:
        """Empty every cache (verdicts, keys, typo readings): the cold case benchmarks time."""
        for cached in (self.ask, self.index.query, self.index.correct):
            clear = getattr(cached, "cache_clear", None)
            if clear is not None:
                clear()
        self.speller.forget()
        forget_texts()

    def _ask(self, text: str) -> Result:
        """Decide what to do with one message, uncached."""
        text = self.speller.respell(text)
        found = smalltalk.intent(text)
        if found is not None:
            return Result(Kind.SMALLTALK, smalltalk=found)
        reading = read(text, subject=self._subject, items=self._items)
        if len(reading.parts) == 2 and not reading.opinion:
            both = self._both(reading.parts)
            if both is not None:
                return both
        result = self.answer(reading)
        if result.matched or not reading.alternatives:
            return result
        # "A o B?": answered by the best answer either side gets.
        sides = [self.answer(side) for side in reading.alternatives]
        answered = [r for r in sides if r.kind is Kind.ANSWER and r.best is not None]
        return max(answered, key=_best_score, default=result)

    def answer(self, reading: Reading) -> Result:
        """Decide on one read question (opinions, comparisons and answer kinds included)."""
        query = self.index.read(reading)
        ranked = self.rank_query(query, reading.focus)
        result = self.decide(ranked)
        if reading.opinion:
            return self._opinion(result)
        which = bool(language().which.match(reading.focus))
        if (reading.detail or which) and result.kind is Kind.ANSWER and result.best is not None:
            entry, focus = result.best.entry, reading.focus
            says = self._undetailed(entry, query, which=not reading.detail, focus=focus)
            if says is not None:
                others = result.alternatives
                return Result(Kind.NOT_SAID, best=result.best, alternatives=others, says=says)
        if result.kind is Kind.ANSWER and result.best is not None:
            says = self._unsaid_aspect(result.best.entry, reading.focus)
            if says is not None:
                others = result.alternatives
                return Result(Kind.NOT_SAID, best=result.best, alternatives=others, says=says)
        if result.says is not None:  # the entry's own words on what is left out, kind kept
            return replace(result, asked=reading.asks)
        if reading.compare or result.kind is not Kind.FALLBACK:
            compared = self._compare(query, reading, result)
            if compared is None and reading.compare:
                compared = self._compare_topics(query, reading, result)
            if compared is not None:
                return compared
        if reading.asks is not None:
            return self._kind(ranked, result, reading, query)
        return result

    def rank(self, text: str) -> list[Ranked]:
        """Entries that share a key with the question, best first."""
        return self.rank_reading(read(text, subject=self._subject, items=self._items))

    def _subject(self, word: str) -> bool:
        """Whether `word` names who a question can be about: a country, a leader (`subjects`)."""
        return bool(self.index.query(word) & self.index.subjects)

    def rank_reading(self, reading: Reading) -> list[Ranked]:
        """Entries that share a key with a read message, best first."""
        found = self.index.read(reading)
        return self.rank_query(found, reading.focus)

    def rank_query(self, found: Query, text: str) -> list[Ranked]:
        """Entries that share a key with weighted query keys, best first."""
        index = self.index
        query = found.keys
        if found.focus <= QUESTION_WORDS:  # "perché?", "chi?": nothing to look for
            return []
        weights = found.weights
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
        # A phrasing is matched against the question itself; the context only adds
        # support, never to the denominator ("Mio figlio…" must not make a plain
        # question vaguer), and to the coverage below.
        focus = found.focus
        focus_total = sum(map(weight_of, focus))
        lean = self.thresholds.context_match
        counted = {k: weights[k] if k in focus else lean * weights[k] for k in query}
        postings = sum(len(index.postings.get(k, ())) for k in query)
        if postings <= len(candidates) * len(query):
            # Along the inverted lists: a question has few keys, a small FAQ few texts.
            overlap: dict[int, float] = dict.fromkeys(candidates, 0.0)
            for key, weight in counted.items():
                for doc in index.postings.get(key, ()):
                    if doc in overlap:
                        overlap[doc] += weight
        else:  # a big FAQ: each candidate's own keys, not every text a common key is in
            count, documents = counted.__getitem__, index.documents
            overlap = {doc: sum(map(count, query & documents[doc].keys)) for doc in candidates}
        best_match: dict[int, float] = {}
        says: dict[int, str | None] = {}  # of the best-matching document, per entry
        for doc, shared in overlap.items():
            document = index.documents[doc]
            match = shared / (QUERY_SHARE * focus_total + (1 - QUERY_SHARE) * document.mass)
            if document.home:  # a title, command or keyword: where a bare topic goes
                match += HOME_BONUS
            # A phrasing of what the article leaves unsaid is evidence only for a question
            # that asks for something its entry never states: "chi ha firmato" is not
            # "quale dichiarazione ha firmato".
            if document.says is not None and not found.focus & document.beyond:
                continue
            previous = best_match.get(document.entry, 0.0)
            if match > previous or (match == previous and document.says is None):
                best_match[document.entry] = match
                says[document.entry] = document.says
        covered = {number: sum(map(weight_of, query & index.bags[number])) for number in best_match}
        # A subject the question names but the entry does not (one country asked, another
        # answered) weighs like an unknown name: that entry is about someone else. A
        # named thing of the FAQ ("i depositi di difesa") the entry lacks weighs less.
        limits = self.thresholds
        concepts = found.focus & index.concepts
        missing = {k: limits.subject * index.unknown_weight for k in found.focus & index.subjects}
        for key in concepts:
            missing.setdefault(key, max(weights[key], limits.concept * index.unknown_weight))
        extra = (limits.foreign - 1.0) * sum(weights[k] for k in found.foreign & found.focus)
        # Context supports an entry but never counts against it: its words the entry
        # does not account for leave the denominator ("Mio figlio…" is no one's topic).
        context = query - focus
        share = {
            number: covered[number]
            / (
                total
                - sum(map(weight_of, context - index.bags[number]))
                + extra
                + sum(
                    weight - weights[key]
                    for key, weight in missing.items()
                    if key not in index.bags[number]
                )
            )
            for number in best_match
        }
        # A question about someone or somewhere the article never mentions (a country, a
        # person's name) cannot be answered by any entry, however well the rest matches.
        vetoed = bool(found.foreign & found.focus)
        shortlist = sorted(
            (
                (MATCH_SHARE * match + (1 - MATCH_SHARE) * share[number], number, match)
                for number, match in best_match.items()
            ),
            reverse=True,
        )[:SHORTLIST]
        bags = {number: index.bags[number] for _, number, _ in shortlist}
        informed = {number: sum(map(weight_of, focus & bag)) for number, bag in bags.items()}
        # The question's own words, question words aside: "dove" is what kind of answer
        # is wanted (see `_kind`), "depositi" what it is about, and must be covered.
        content = focus - QUESTION_WORDS
        content_total = sum(map(weight_of, content))
        about = {
            number: sum(map(weight_of, content & bag)) / content_total if content_total else 1.0
            for number, bag in bags.items()
        }
        # One batch call compares the question with every phrasing of the shortlist.
        phrasings = [index.folded[number] for _, number, _ in shortlist]
        flat = [q for group in phrasings for q in group]
        ratios = [0.0] * len(flat)
        for _, ratio, at in process.extract(text, flat, scorer=fuzz.token_set_ratio, limit=None):
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
                    Ranked(
                        scored,
                        match,
                        share[number],
                        informed[number],
                        len(found.focus),
                        about[number],
                        not concepts <= index.bags[number],
                        says[number],
                    ),
                )
            )
        # Sort on the uncapped score, so the home bonus still breaks ties at 100.
        ranked.sort(key=lambda pair: pair[0], reverse=True)
        if vetoed:
            return [replace(r, coverage=0.0) for _, r in ranked]
        return [r for _, r in ranked]

    def decide(self, ranked: list[Ranked]) -> Result:
        """Apply the thresholds to a ranking."""
        limits = self.thresholds
        if not ranked:
            return Result(Kind.FALLBACK)
        near = tuple(r.scored for r in ranked if r.scored.score >= limits.suggest)
        top = ranked[0]
        if not self._answerable(top):
            # The best score misses a bar (its entry lacks what the question is about), but
            # an entry close behind passes every one: that one answers if it is sure enough
            # to set the other aside; else nothing is sure, and the reply is "non lo so".
            # A best match with what the article leaves unsaid is never set aside.
            behind = top.scored.score - limits.fallthrough
            passing = (r for r in ranked[1:] if r.scored.score >= behind and self._answerable(r))
            found = next(passing, None) if top.says is None else None  # not what is unsaid
            if found is None or self._close(found.scored, near):
                return Result(Kind.FALLBACK, alternatives=near[:MAX_ALTERNATIVES])
            top = found
        best = top.scored
        others = tuple(s for s in near if s is not best)
        close = self._close(best, near)
        if close:
            return Result(Kind.CLARIFY, alternatives=(best, *close[: MAX_ALTERNATIVES - 1]))
        if top.says is not None:  # asked just what the article leaves out: say so, offer it
            shown = others[:MAX_ALTERNATIVES]
            return Result(Kind.NOT_SAID, best=best, alternatives=shown, says=top.says)
        return Result(Kind.ANSWER, best=best, alternatives=others[:MAX_ALTERNATIVES])

    def _close(self, best: Scored, near: tuple[Scored, ...]) -> list[Scored]:
        """Others too close to `best` to answer without asking which is meant (none if sure)."""
        limits = self.thresholds
        close = [s for s in near if s is not best and s.score >= best.score - limits.margin]
        if not close or best.score >= limits.sure or _related(best, close):
            return []
        return close

    def _both(self, parts: tuple[Reading, ...]) -> Result | None:
        """Two questions in one message, each answered by its own entry, side by side."""
        results = [self.answer(part) for part in parts]
        if not all(r.kind is Kind.ANSWER and r.best is not None for r in results):
            return None
        first, second = (r.best for r in results)
        if first is None or second is None:
            return None
        if first.entry.id == second.entry.id:
            return results[0]
        return Result(Kind.COMPARE, best=first, second=second)

    def gives(self, entry: Entry, asked: str) -> bool:
        """Whether `entry` states the kind of answer asked ("number", "date"...)."""
        return asked in self.gives_by_id.get(entry.id, frozenset())

    def _opinion(self, result: Result) -> Result:
        """An opinion asked: the entry on topic is offered, never stated as the bot's view."""
        offered = result.best or (result.alternatives[0] if result.alternatives else None)
        others = tuple(s for s in result.alternatives if s is not offered)
        return Result(Kind.OPINION, best=offered, alternatives=others[:MAX_ALTERNATIVES])

    def _kind(self, ranked: list[Ranked], result: Result, reading: Reading, query: Query) -> Result:
        """Check that the answer gives what a wh-question asks for, or say it does not.

        For a number or a name, the entry must also speak of what is counted or
        named: "quanti morti" is not answered by how many pillars there are.
        """
        asked = reading.asks or ""
        if asked == "person" and result.kind is Kind.ANSWER and result.best is not None:
            said = self._who_unsaid(result.best.entry, reading)
            if said:
                others = result.alternatives
                return Result(Kind.NOT_SAID, best=result.best, alternatives=others, asked=asked)
        if result.kind is Kind.FALLBACK or asked not in CHECKED_KINDS:
            return result
        # The role whose holder's name is asked ("il generale", "l'inviato"), as written:
        # a stem would take "inviato" for "invio", the sending of troops.
        roles = language().roles
        written = reading.focus.split()
        at = (
            next((i for i, w in enumerate(written) if w in roles), None)
            if asked == "name"
            else None
        )
        role = written[at] if at is not None else None
        # What is counted or named: what follows the question word, or the role onwards
        # ("il presidente ucraino" is one subject).
        head = " ".join(written[at:]) if at is not None else reading.asked
        words = self.index.keys_in_order(head) if asked in HEADED_KINDS else []
        subject = [k for k in words if k not in QUESTION_WORDS][:1]
        candidates = [s for s in (result.best, *result.alternatives) if s is not None]
        floor = candidates[0].score - self.thresholds.kind_margin
        # A runner-up may answer instead only if it keeps the topic the best entry found:
        # "dove avrà sede la commissione" is not answered by where the summit was.
        top_bag = self.index.bags[self.index.numbers[candidates[0].entry.id]]
        topic = (query.focus & top_bag) - QUESTION_WORDS
        for r in ranked:
            if r.scored.score < floor:
                break
            entry = r.scored.entry
            bag = self.index.bags[self.index.numbers[entry.id]]
            gives = self.gives(entry, asked) or (
                asked == "number" and bool(subject) and subject[0] in self.counted[entry.id]
            )
            if role is not None and not self._names_role(entry, role):
                gives = False  # "come si chiama l'inviato": an answer naming no envoy
            if asked in TIMED_KINDS and self._times_another(entry, reading):
                gives = False
            if gives and set(subject) | topic <= bag and self._answerable(r):
                return Result(Kind.ANSWER, best=r.scored, alternatives=result.alternatives)
        others = tuple(s for s in result.alternatives if s is not candidates[0])
        return Result(Kind.NOT_SAID, best=candidates[0], alternatives=others, asked=asked)

    def _who_unsaid(self, entry: Entry, reading: Reading) -> bool:
        """Whether "chi <verb>" asks who does something no answer of the FAQ speaks of.

        "Chi presiederà la commissione?": the commission's entry is on topic, but
        nothing in the FAQ presides, so the article does not say who will.
        """
        if self.gives(entry, "person"):
            return False
        words = [k for k in self.index.keys_in_order(reading.asked) if k not in QUESTION_WORDS]
        bag = self.index.bags[self.index.numbers[entry.id]]
        return bool(words) and words[0] not in bag and words[0] not in self.index.weight

    def _times_another(self, entry: Entry, reading: Reading) -> bool:
        """Whether an entry's time is of another event than the one asked about.

        "Quando verrà firmato il cessate il fuoco?": the force's entry says when it is
        activated (after a ceasefire), not when one is signed. The event is the first
        word after the question word; one the FAQ uses elsewhere but this entry never
        does is another event.
        """
        words = [k for k in self.index.keys_in_order(reading.asked) if k not in QUESTION_WORDS]
        bag = self.index.bags[self.index.numbers[entry.id]]
        return bool(words) and words[0] in self.index.weight and words[0] not in bag

    def _names_role(self, entry: Entry, role: str) -> bool:
        """Whether an answer speaks of the role asked, singular or plural, or of its group.

        A role the answer names only by where it comes from ("i delegati della
        Francia") gives no one's name: what is asked is a person's.
        """
        root = role[:-1]
        written = _TOKEN.findall(entry.answer)
        for at, word in enumerate(written):
            folded = fold(word)
            if folded.startswith(root) and len(folded) <= len(role) + 1:
                return _person_near(written, at)
        key = self.role_keys.get(role)
        if key is None or key not in self.index.bags[self.index.numbers[entry.id]]:
            return False
        # The role's group ("delegati" read as the representatives): a word of it, named.
        return any(
            _person_near(written, at)
            for at, word in enumerate(written)
            if key in self.index.keys_in_order(word)
        )

    def _leaves_out(self, entry: Entry) -> tuple[tuple[str, frozenset[str]], ...]:
        """The sentences of an answer that say what the article leaves out, with their keys."""
        lang = language()
        sentences = [s.strip() for s in _SENTENCE.findall(entry.answer)]
        found = [s for s in sentences if lang.unsaid.search(fold(s))]
        found += [item.says for item in entry.unsaid if item.says not in found]
        return tuple((s, frozenset(self.index.keys_in_order(s)) - QUESTION_WORDS) for s in found)

    def _undetailed(
        self, entry: Entry, query: Query, which: bool = False, focus: str = ""
    ) -> str | None:
        """What the answer says the article leaves out about the specifics asked, if it does.

        "Quali sanzioni precise?" names sanctions; an answer that says the article does
        not describe them does not give the specifics, whatever else it says. With
        `which`, only a sentence saying the article does not tell which of the thing
        asked after "quali" in `focus` counts, named right after its telling word:
        "Quali dossier?" is not answered by "non specifica quali siano questi dossier",
        "Quale documento?" is answered though its entry adds "né quali leader l'abbiano
        firmato".
        """
        if not which:
            asked = query.focus - QUESTION_WORDS
            return next((s for s, keys in self.leaves_out[entry.id] if asked & keys), None)
        match = language().which.match(focus)
        head = self.index.keys_in_order(focus[match.end() :])[:1] if match else []
        asked = frozenset(part for key in head for part in (key, *key.split("_")))
        for sentence, _ in self.leaves_out[entry.id]:
            for telling in language().which_unsaid.finditer(fold(sentence)):
                after = self.index.keys_in_order(fold(sentence)[telling.end() :])[:WHICH_WINDOW]
                if asked & {part for key in after for part in (key, *key.split("_"))}:
                    return sentence
        return None

    def _unsaid_aspect(self, entry: Entry, focus: str) -> str | None:
        """The answer's sentence saying the article leaves out the aspect a question asks.

        A why ("perché l'hanno firmata?") is told so by a sentence saying the article
        gives no reason; what someone said ("e che ha detto?") by one saying it reports
        no statements. A sentence that goes on to what the article does report ("non
        dà una motivazione esplicita, ma riporta…") answers as far as the article can.
        """
        lang = language()
        if lang.reasons.match(focus):
            telling = lang.reason_unsaid
        elif lang.said.search(focus):
            telling = lang.said_unsaid
        else:
            return None
        for sentence, _ in self.leaves_out[entry.id]:
            folded = fold(sentence)
            if telling.search(folded) and not lang.turns.search(folded):
                return sentence
        return None

    def _counted(self, entry: Entry) -> frozenset[str]:
        """The keys an answer puts a number right before ("cinque garanzie": garanzie)."""
        numbers = language().numbers
        words = fold(entry.answer).split()
        return frozenset(
            key
            for i, w in enumerate(words)
            if w.isdigit() or w in numbers
            for after in words[i + 1 : i + 3]
            for key in self.index.keys_in_order(after)[:1]
        )

    def _compare(self, query: Query, reading: Reading, result: Result) -> Result | None:
        """Two numbered items or two subjects compared: both entries side by side, each grounded."""
        numbered = self.index.numbering.key
        sides = sorted(k for k in query.focus if numbered and k.startswith(numbered))
        items = len(sides) == 2  # "il primo… e il secondo?" names two items: both are asked
        if not items:
            sides = sorted(query.focus & self.index.subjects)
        if len(sides) != 2:
            return None
        if result.kind is Kind.ANSWER and result.best is not None:
            bag = self.index.bags[self.index.numbers[result.best.entry.id]]
            if set(sides) <= bag:
                return None  # one entry speaks of both
            if not reading.compare and not items:
                return None
        answers: list[Scored] = []
        # Each side is asked alone, without the other side and the comparison's own words.
        markers = set(self.index.keys_in_order(reading.markers))
        for side in sides:
            drop = markers | {s for s in sides if s != side}
            weights = {k: w for k, w in query.weights.items() if k not in drop}
            alone = Query(weights, query.foreign, query.focus - drop)
            decided = self.decide(self.rank_query(alone, reading.focus))
            best = decided.best if decided.kind is Kind.ANSWER else None
            if best is None or side not in self.index.bags[self.index.numbers[best.entry.id]]:
                # A numbered item whose own question falls short is answered by its own
                # entry: "il primo prevede X: e il secondo?" asks what the second is.
                own = self.items.get(side) if items else None
                best = Scored(own, _best_score(result)) if own is not None else None
            if best is None:
                return None
            answers.append(best)
        first, second = answers
        if first.entry.id == second.entry.id:
            return None
        return Result(Kind.COMPARE, best=first, second=second)

    def _compare_topics(self, query: Query, reading: Reading, result: Result) -> Result | None:
        """Two topics compared, each named by words of its own: both entries side by side.

        "Che differenza c'è tra A e B?": the best entry accounts for some of the
        question's words, and the words it leaves out are asked alone; each side
        must be answered outright, by an entry of its own. A name the FAQ does not
        know compares nothing.
        """
        if query.foreign or (result.kind is Kind.ANSWER and result.matched):
            return None
        markers = set(self.index.keys_in_order(reading.markers))
        content = query.focus - markers - QUESTION_WORDS
        # By the words alone: the comparison's own words would draw any phrasing that has them.
        weights = {k: w for k, w in query.weights.items() if k not in markers}
        ranked = self.rank_query(Query(weights, query.foreign, content), "")
        if not ranked:
            return None
        first_bag = self.index.bags[self.index.numbers[ranked[0].scored.entry.id]]
        own = content & first_bag
        rest = content - first_bag
        if not own or not rest:
            return None
        answers: list[Scored] = []
        for side in (own, rest):
            weights = {k: w for k, w in query.weights.items() if k in side}
            decided = self.decide(self.rank_query(Query(weights, query.foreign, side), ""))
            if decided.kind is not Kind.ANSWER or decided.best is None:
                return None
            answers.append(decided.best)
        first, second = answers
        second_bag = self.index.bags[self.index.numbers[second.entry.id]]
        if first.entry.id == second.entry.id or not rest & second_bag:
            return None
        return Result(Kind.COMPARE, best=first, second=second)

    def _answerable(self, top: Ranked) -> bool:
        """Whether one candidate passes every bar for an outright answer."""
        limits = self.thresholds
        return (
            top.scored.score >= limits.answer
            and top.coverage >= limits.min_coverage
            and top.content >= limits.min_content
            and (top.information >= limits.min_information or top.match >= limits.exact)
            and (top.keys > 1 or top.match >= limits.single_key_match)
            and not top.lacks
        )


def _person_near(written: list[str], at: int) -> bool:
    """Whether a capitalised word that names no place follows `at` within three words.

    "il sindaco Mario Rossi" names a person; "i delegati della Francia" a country
    (a run of capitalised words is read as one name).
    """
    window = written[at + 1 : at + 4]
    names = " ".join(w if w[:1].isupper() else "|" for w in window).split("|")
    return any(name.strip() and not lexicon.is_place(fold(name).replace(" ", "")) for name in names)


# How many keys after the word telling the article does not say which may name the
# thing asked ("non specifica quali siano questi dossier").
WHICH_WINDOW = 2


def _gives(entry: Entry) -> frozenset[str]:
    """The kinds of answer an entry states: curated in `gives`, dates and hours read off it.

    Numbers are not read off: "five items" in an answer does not say how many
    countries there are (`_counts` checks what a number counts).
    """
    kinds = set(entry.gives)
    lang = language()
    folded = fold(entry.answer)
    if lang.dates.search(folded) or _YEAR.search(folded):
        kinds |= {"date", "time"}
    if lang.hours.search(entry.answer.lower()):  # as written: folding drops the ':'
        kinds |= {"hour", "time"}
    if "date" in kinds:
        kinds.add("time")
    return frozenset(kinds)


def _best_score(result: Result) -> float:
    """The score of a result's best entry (0 without one)."""
    return result.best.score if result.best is not None else 0.0


def _related(top: Scored, close: list[Scored]) -> bool:
    """Runners-up that the best entry links to anyway need no clarifying question."""
    return all(s.entry.id in top.entry.related for s in close)
