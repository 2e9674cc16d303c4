"""Follow-up questions read in the context of the conversation.

People chat: after a question on the third item of a list they ask "e il
quarto?", after one country's stance "e la Francia?" or "perché?". A `Context` says what the
last answer was about; `follow` reads a new message against it and returns
the engine's `Result`, the question actually answered and the new context.

The mechanism, in order:

1. the message is answered on its own first; a message that is not elliptic
   (no follow-up marker, clitic pronoun or bare question word) keeps that
   answer whenever it has one: context never overrides a clear new question;
2. an elliptic message made only of a new *slot* (a subject such as "la
   Francia", a numbered item or an ordinal such as "il quarto", "l'ultimo") re-asks
   the previous question with the slot swapped;
3. any other elliptic message is asked again with the previous question's
   topic words added ("chi lo guida?" + "forza multinazionale");
4. a word of the message that the FAQ never uses makes context useless: the
   message keeps its own (honest) reply, so "e la Germania?" is not answered
   with the previous topic.

The Italian words that mark a follow-up are data (the lists below), not rules
per question. Nothing here imports Telegram, SQLite or asyncio.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Generic, TypeVar

from bot.answering import smalltalk
from bot.answering.engine import Engine
from bot.answering.models import Entry, Kind, Result
from bot.answering.normalise import PREPOSITIONS, fold
from bot.answering.reading import besides, language, read

IDLE_SECONDS = 600.0  # a context older than 10 idle minutes is forgotten
MAX_CONVERSATIONS = 10_000  # contexts kept at most; the least recently used goes first
TOPIC_WORDS = 12  # the previous question's words carried over, at most
NEIGHBOURS = 2  # related entries of the previous answer tried first, at most
MAX_SUGGESTIONS = 3  # entries offered when a follow-up cannot be answered
# Share of a follow-up's word weight an entry reached through the topic may leave
# unaccounted: "e cosa dice la dichiarazione?" is answered by a declaration's entry
# that never says "dice".
FIT_SLACK = 0.35

# Words that open a follow-up ("e la Francia?", "invece gli altri?", "ma perché?").
MARKERS = frozenset("e ed ma invece anche pure allora quindi poi oppure o".split())
# Phrases that ask about the previous answer and carry no topic of their own.
FOLLOW_UP_PHRASES = (
    "in che senso",
    "nel senso",
    "cioe",
    "ovvero",
    "e allora",
    "e poi",
    "e quindi",
    "e invece",
    "e se",
    "per esempio",
    "ad esempio",
)
# Question words: a message of these alone ("perché?", "con chi?") asks about the topic.
WH_WORDS = frozenset(
    "chi quando dove perche come quanto quanti quante quanta cosa che quale quali".split()
)
# Words a question about which item holds an answer uses besides the item word.
ITEM_WORDS = "rientra rientrano fa parte numero"
# Clitic pronouns standing for the previous topic ("chi lo guida?", "chi l'ha proposta?").
PRONOUNS = frozenset("lo la li le gli ne ci l".split())
OPENING_PRONOUNS = frozenset("lo li ne ci".split())  # first word: "lo guida l'Europa?"
ARTICLES = frozenset(
    "il lo la l i gli le un uno una del dello della al allo alla quello quella".split()
)
# Ordinal words; relative ones are resolved against the FAQ's pillars.
ORDINALS = {
    "primo": 1, "prima": 1, "secondo": 2, "seconda": 2, "terzo": 3, "terza": 3,
    "quarto": 4, "quarta": 4, "quinto": 5, "quinta": 5, "sesto": 6, "sesta": 6,
    "settimo": 7, "settima": 7, "ottavo": 8, "ottava": 8, "nono": 9, "nona": 9,
    "decimo": 10, "decima": 10,
}  # fmt: skip
LAST = frozenset({"ultimo", "ultima"})
BEFORE_LAST = frozenset({"penultimo", "penultima"})
NEXT = frozenset({"successivo", "successiva", "seguente", "prossimo", "prossima", "dopo"})
PREVIOUS = frozenset({"precedente"})  # not "prima": "la prima" is the first

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PHRASE = re.compile(r"\b(?:" + "|".join(FOLLOW_UP_PHRASES) + r")\b")


@dataclass(frozen=True, slots=True)
class Context:
    """What the last answer of a conversation was about."""

    entry_id: str
    question: str  # the question as answered (resolved when context was used)
    topic: str  # the question whose words a follow-up borrows: the last one that stood alone
    subject: str | None  # one of the FAQ's `subjects` ("francia"), if the answer was about one
    pillar: int | None  # the pillar number the answer was about, if any
    at: float  # when it was set, in seconds on the caller's clock

    def fresh(self, now: float, idle: float = IDLE_SECONDS) -> bool:
        """Whether the context is still usable at `now`."""
        return 0 <= now - self.at <= idle


@dataclass(frozen=True, slots=True)
class Turn:
    """The outcome of one message: the verdict, what was answered, the context after it."""

    result: Result
    context: Context | None
    resolved: str | None = None  # the text answered, when context changed it


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the FAQ says about subjects and pillars, computed once per engine."""

    subjects: dict[str, str]  # subject key -> subject as listed in the FAQ
    pillars: dict[int, Entry]  # pillar number -> the entry whose title or command names it
    asked: dict[str, frozenset[str]]  # entry id -> the keys of its phrasings
    question_keys: frozenset[str]  # the keys of the question words
    which_item: re.Pattern[str] | None  # "in che capitolo rientra?": which numbered item
    item_keys: frozenset[str]  # the keys such a question may use besides ("rientra")


@lru_cache(maxsize=4)  # one per live engine; a reloaded FAQ brings a new engine
def _facts(engine: Engine) -> _Facts:
    """The subject keys and pillar entries of `engine`'s FAQ."""
    subjects: dict[str, str] = {}
    for name in engine.knowledge.subjects:
        for key in engine.index.query(name):
            subjects.setdefault(key, name)
    pillars: dict[int, Entry] = {}
    for entry in engine.knowledge.entries:
        for number in _pillar_numbers(engine, entry.title or "", entry.command or ""):
            pillars.setdefault(number, entry)
    asked = {
        entry.id: frozenset(k for q in entry.questions for k in engine.index.query(q))
        for entry in engine.knowledge.entries
    }
    question_keys = frozenset(k for w in WH_WORDS for k in engine.index.query(w))
    words = engine.index.numbering.words
    items = "|".join(re.escape(w) for w in words)
    plural = "|".join(re.escape(w) for w in engine.index.numbering.plural)
    # "in che capitolo", "che numero di capitolo", "in quale dei capitoli", "quale tra i capitoli"
    among = (
        rf"(?:dei|degli|delle|tra|fra)\s+(?:(?:i|gli|le)\s+)?(?:\w+\s+)?(?:{plural})"
        if plural
        else ""
    )
    which_item = (
        re.compile(
            rf"\b(?:che|quale|quali)\s+(?:numero\s+(?:di|del|ha)\s+)?(?:{items}"
            + (rf"|{among}" if among else "")
            + r")\b"
        )
        if items
        else None
    )
    item_keys = engine.index.query(f"{' '.join(words)} {ITEM_WORDS}")
    return _Facts(subjects, pillars, asked, question_keys, which_item, item_keys)


def _pillar_numbers(engine: Engine, *texts: str) -> list[int]:
    """The pillar numbers named in `texts`, in order."""
    found = []
    for text in texts:
        spaced = re.sub(r"(\d+)", r" \1", text.replace("_", " "))
        prefix = engine.index.numbering.key
        for key in sorted(engine.index.query(spaced)):
            if prefix and key.startswith(prefix) and key[len(prefix) :].isdigit():
                found.append(int(key[len(prefix) :]))
    return found


def context_for(
    engine: Engine, entry_id: str, question: str, now: float, topic: str | None = None
) -> Context | None:
    """The context an answer with `entry_id` sets (also for a button tap on that entry)."""
    entry = engine.knowledge.by_id.get(entry_id)
    if entry is None:
        return None
    facts = _facts(engine)
    # What the answer is about: as asked, else as the topic it leant on, else its entry.
    asked = (question, topic or question)
    subject = next((s for s in (_subject_of(engine, t) for t in asked) if s), None)
    subject = subject or _subject_of(engine, entry.label)
    pillars = _pillar_numbers(engine, *asked) or _pillar_numbers(
        engine, entry.title or "", entry.command or ""
    )
    return Context(
        entry_id,
        question,
        topic or question,
        facts.subjects.get(subject) if subject else None,
        pillars[0] if pillars else None,
        now,
    )


def follow(engine: Engine, text: str, previous: Context | None, now: float) -> Turn:
    """Answer `text` given the conversation's `previous` context; return the new context too.

    What the article does not say moves no topic: after "e quanti ne manda?" (not
    said, an entry offered), "e la Francia invece?" still swaps the subject of the
    question before it.
    """
    if previous is not None and (
        not previous.fresh(now) or previous.entry_id not in engine.knowledge.by_id
    ):
        previous = None
    turn = _follow(engine, text, previous, now)
    if turn.result.kind is Kind.NOT_SAID and previous is not None:
        return replace(turn, context=replace(previous, at=now))
    return turn


def _follow(engine: Engine, text: str, previous: Context | None, now: float) -> Turn:
    """`follow` with a live `previous` (or None), before "not said" keeps the topic."""
    text = engine.speller.respell(text)  # "e il qurato?" leans on the topic as "e il quarto?"
    if previous is None or smalltalk.intent(text) is not None:
        said = engine.ask(text)
        if said.kind is Kind.SMALLTALK:
            return Turn(said, previous)  # "grazie" neither uses nor changes the topic
        return Turn(said, _after(engine, said, text, None, now))
    reading = _read(engine, text)
    leaning = reading.elliptic and reading.short and not reading.own_subject
    # A message that leans on the topic is answered alone only if no reading through
    # the topic fits: asking the engine once less keeps a follow-up within budget.
    alone: Result | None = None if leaning and not reading.unknown else engine.ask(text)
    if alone is not None:
        stands = reading.elliptic is False and reading.short is False
        if stands or reading.own_subject:
            return Turn(alone, _after(engine, alone, text, None, now))  # a clear question
        if alone.matched and not leaning:
            # Answered alone, but a short question ("quando entra in azione?") narrows
            # the topic rather than replacing it: the next follow-up still leans on it.
            return Turn(alone, _after(engine, alone, text, previous, now, previous.topic))
        if reading.unknown:  # a word the FAQ never uses: the topic cannot make it answerable
            return Turn(alone, _after(engine, alone, text, previous, now))
    chosen: tuple[Result, str, bool] | None = None  # result, resolved text, slot swapped
    tried: set[str] = set()
    # "e oltre alla produzione?" asks what else: not the last answer again, nor the one
    # about what it sets aside.
    exclude = _set_aside(engine, reading, previous)
    for candidate, swapped, topic_words, own in _candidates(engine, reading, previous):
        if candidate in tried:
            continue
        tried.add(candidate)
        lent = _lent(engine, topic_words, reading)
        asked = engine.ask(candidate)
        fitting = _fitting(engine, asked, None if swapped else reading, lent, exclude)
        if fitting is None and own and reading.pronoun:
            fitting = _unsaid(engine, asked, reading, previous)
        if fitting is not None:
            chosen = (fitting, candidate, swapped)
            break
    if chosen is None:  # the message alone, but an elliptic one keeps the topic it leant on
        alone = alone or engine.ask(text)
        topic = previous.topic if reading.elliptic else None
        if leaning and alone.matched and len(reading.keys) <= 1:
            # "e la Francia?" after Italy's troops asks about troops: an answer about
            # its one word alone would answer a question nobody asked. ("e se c'è un
            # nuovo attacco?" says enough to be answered alone.)
            near = tuple(s for s in (alone.best, *alone.alternatives) if s is not None)
            alone = Result(Kind.FALLBACK, alternatives=near[:MAX_SUGGESTIONS])
        return Turn(alone, _after(engine, alone, text, previous, now, topic))
    result, resolved, swapped = chosen
    topic = resolved if swapped else previous.topic  # a swapped question stands on its own
    return Turn(result, _after(engine, result, resolved, previous, now, topic), resolved)


def _fitting(
    engine: Engine,
    result: Result,
    reading: _Reading | None,
    topic: frozenset[str] = frozenset(),
    exclude: frozenset[str] = frozenset(),
) -> Result | None:
    """The answer a result reached through context gives to the follow-up itself, if any.

    A slot swap is judged whole by the engine: its answer stands. Otherwise the
    first of the engine's candidates (its answer, then its runners-up) scoring
    at least the answer threshold is taken whose entry accounts for every
    content word of the message (the topic may fill in what was left unsaid,
    never what was said) and is phrased in the FAQ as an answer to the
    message's question words: a "quando?" is answered only by an entry the
    curators wrote a "quando" question for. Nothing fits when the engine
    found the combined question unanswerable. No entry in `exclude` fits.
    """
    if reading is None:
        kept = result.best is None or result.best.entry.id not in exclude
        return result if result.matched and kept else None
    # An entry on topic that lacks the place or time asked may have a runner-up that
    # gives it; a count ("quanti?") names nothing counted and is never taken on trust.
    headless = result.kind is Kind.NOT_SAID and result.asked in {"place", "time", "date"}
    if result.kind is Kind.NOT_SAID and result.says is not None and result.best is not None:
        # What the article leaves unsaid about the topic ("e come ha reagito?"): said so.
        bag = engine.index.bags[engine.index.numbers[result.best.entry.id]]
        return result if reading.keys <= bag and (not topic or topic & bag) else None
    if result.kind not in (Kind.ANSWER, Kind.CLARIFY) and not headless:
        return None
    candidates = [s for s in (result.best, *result.alternatives) if s is not None]
    asked = _facts(engine).asked
    for scored in candidates:
        if scored.score < engine.thresholds.answer:
            break
        if scored.entry.id in exclude:
            continue
        bag = engine.index.bags[engine.index.numbers[scored.entry.id]]
        # The topic must still be there: an entry sharing none of its words answers the
        # message alone ("e la Francia?" after Italy's troops is not where Paris is).
        kept = not topic or bool(topic & bag)
        accounted = _accounts(engine, reading.keys, bag)
        if accounted and reading.question <= asked[scored.entry.id] and kept:
            others = tuple(s for s in candidates if s is not scored)
            return Result(Kind.ANSWER, best=scored, alternatives=others)
    return None


def _unsaid(engine: Engine, result: Result, reading: _Reading, previous: Context) -> Result | None:
    """What the article does not say about the topic a pronoun stands for, if that is all.

    "chi la guida?" after the special commission: read with the topic, the
    commission's entry is still the best, but nothing in it leads. The topic
    is clear, so the article does not say who; no other entry is looked for.
    """
    best = result.best
    if best is None or best.entry.id != previous.entry_id or not reading.keys:
        return None
    if result.kind not in (Kind.ANSWER, Kind.CLARIFY, Kind.NOT_SAID):
        return None
    bag = engine.index.bags[engine.index.numbers[best.entry.id]]
    if _accounts(engine, reading.keys, bag):
        return None
    others = tuple(s for s in result.alternatives if s is not best)[:MAX_SUGGESTIONS]
    asked = result.asked or read(reading.rest).asks
    return Result(Kind.NOT_SAID, best=best, alternatives=others, asked=asked)


def _accounts(engine: Engine, keys: frozenset[str], bag: frozenset[str]) -> bool:
    """Whether `bag` accounts for `keys`, but for at most `FIT_SLACK` of their weight."""
    weight = engine.index.weight
    total = sum(weight.get(k, engine.index.unknown_weight) for k in keys)
    missing = sum(weight.get(k, engine.index.unknown_weight) for k in keys - bag)
    return missing <= FIT_SLACK * total


def _set_aside(engine: Engine, reading: _Reading, previous: Context) -> frozenset[str]:
    """The entries a follow-up that sets something aside ("e oltre a X?") must not get."""
    if not reading.aside:
        return frozenset()
    about = engine.ask(reading.aside)
    named = {about.best.entry.id} if about.matched and about.best is not None else set()
    return frozenset({previous.entry_id, *named})


def _lent(engine: Engine, topic_words: str, reading: _Reading) -> frozenset[str]:
    """The content keys the topic's words lend to the message ("dove?" + the topic)."""
    if not topic_words:
        return frozenset()
    return engine.index.query(topic_words) - reading.keys - _facts(engine).question_keys


def _after(
    engine: Engine,
    result: Result,
    question: str,
    previous: Context | None,
    now: float,
    topic: str | None = None,
) -> Context | None:
    """The context after `result`: its entry, or `previous` when it gave none.

    A clarifying question keeps its message as the topic, with the likeliest entry:
    whatever the reader asks next ("e cosa prevedono?") is about what they asked.
    """
    if result.best is not None and result.kind is not Kind.CLARIFY:
        return context_for(engine, result.best.entry.id, question, now, topic)
    if result.kind is Kind.CLARIFY and result.alternatives:
        return context_for(engine, result.alternatives[0].entry.id, question, now, topic)
    return previous


def _family(engine: Engine, entry_id: str) -> frozenset[str]:
    """The entries `entry_id` links to and those linking to it."""
    entry = engine.knowledge.by_id[entry_id]
    linking = {e.id for e in engine.knowledge.entries if entry_id in e.related}
    return frozenset({*entry.related, *linking} - {entry_id})


@dataclass(frozen=True, slots=True)
class _Reading:
    """A message taken apart for follow-up resolution."""

    rest: str  # the message without follow-up markers and phrases
    keys: frozenset[str]  # the matching keys of `rest`, question words left out
    question: frozenset[str]  # the keys of its question words
    elliptic: bool  # a marker, a clitic pronoun or only question words
    short: bool  # two content keys at most: may lean on context when alone gives nothing
    unknown: bool  # a content key the FAQ never uses
    own_subject: bool  # a subject with words of its own: "e il Giappone cosa ne pensa?"
    ordinal: str | None  # the rest is one ordinal word ("quarto", "ultimo")
    aside: str = ""  # what it sets aside: "produzione" in "e oltre alla produzione?"
    which_item: bool = False  # "in che capitolo rientra?": the item holding the last answer
    specifics: str = ""  # the words asking for specifics ("esattamente"), kept out of `rest`
    pronoun: bool = False  # a clitic pronoun stands for the topic: "chi la guida?"


def _read(engine: Engine, text: str) -> _Reading:
    """Take `text` apart: markers, phrases, pronouns, question words, content keys."""
    lang = language()
    original = fold(text)
    text = lang.bare(original)  # "ok, e l'ultimo?", "il primo me lo spieghi meglio?"
    # "chi c'era esattamente?": the specifics asked go with the topic the message leans on.
    specifics = " ".join(m.group(0) for m in lang.details.finditer(original))
    folded = text.split()
    phrase = bool(_PHRASE.search(" ".join(folded)))
    marker = bool(folded) and (folded[0] in MARKERS or folded[-1] == "invece")
    # A fragment asks about the topic: a question word last ("insieme a chi?", "firmato
    # quando?") or after an opening preposition ("con quali mezzi?").
    fragment = bool(folded) and (
        folded[-1] in WH_WORDS
        or (2 <= len(folded) <= 3 and folded[0] in PREPOSITIONS and folded[1] in WH_WORDS)
    )
    clitic = any(
        (word in PRONOUNS and i > 0 and folded[i - 1] in WH_WORDS)
        or (word in OPENING_PRONOUNS and i == 0)
        for i, word in enumerate(folded)
    )
    text, aside = besides(text)
    tokens = _WORD.findall(text)
    while tokens and fold(tokens[0]) in MARKERS:
        tokens = tokens[1:]
    rest = _PHRASE.sub(" ", " ".join(tokens)) if phrase else " ".join(tokens)
    rest = " ".join(t for t in rest.split() if fold(t) != "invece")
    question_keys = _facts(engine).question_keys
    subjects = _facts(engine).subjects.keys()
    query = engine.index.query(rest)
    content = query - question_keys
    # A word the FAQ never uses, unless it reads as a verb or adjective ("divise"): a
    # thing the article does not cover makes the topic useless ("e la Germania?").
    predicates = lang.predicates
    unknown = any(
        k not in engine.index.weight and not predicates.search(w)
        for w in fold(rest).split()
        for k in engine.index.query(w) & content
    )
    left = [w for w in fold(rest).split() if w not in ARTICLES]
    # "e il quarto?", "e il terzo di cosa parla?": an ordinal and question words only.
    ordinal = (
        left[0]
        if left and _is_ordinal(left[0]) and not content - engine.index.query(left[0])
        else None
    )
    # "in che capitolo rientra?", "che numero di capitolo è?": which numbered item.
    facts = _facts(engine)
    which = facts.which_item is not None and bool(facts.which_item.search(fold(rest)))
    which = (
        which
        and not {k for k in content if not k.startswith(engine.index.numbering.key)}
        - facts.item_keys
    )
    return _Reading(
        rest,
        content,
        query & question_keys,
        elliptic=marker or phrase or clitic or fragment or not content or which,
        short=len(content) <= 2,
        unknown=unknown and ordinal is None and not which,
        own_subject=bool(content & subjects) and not content <= subjects,
        ordinal=ordinal,
        aside=aside,
        which_item=which,
        specifics=specifics,
        pronoun=clitic,
    )


def _is_ordinal(word: str) -> bool:
    """Whether `word` names a position: an ordinal, "ultimo", "successivo"..."""
    return word in ORDINALS or word in LAST | BEFORE_LAST | NEXT | PREVIOUS


def _candidates(
    engine: Engine, reading: _Reading, previous: Context
) -> Iterable[tuple[str, bool, str, bool]]:
    """Texts to ask instead of the message, the most specific first.

    Each comes with True for a slot swap, the topic words it joined to the
    message ("" for a swap), and True when those words are the topic's own. A
    pronoun stands for the topic itself ("chi la guida?" after the commission
    asks who leads the commission): its neighbours are not tried.
    """
    facts = _facts(engine)
    entry = engine.knowledge.by_id[previous.entry_id]
    if reading.aside and previous.pillar in facts.pillars:  # what else the item holds
        yield facts.pillars[previous.pillar].question, True, "", False
    if reading.which_item:  # the item the last answer belongs to, as it says
        held = _pillar_numbers(engine, entry.answer)
        number = previous.pillar if previous.pillar is not None else (held[0] if held else None)
        if number in facts.pillars:
            yield facts.pillars[number].question, True, "", False
    pillar = _new_pillar(engine, reading, previous)
    if pillar is not None and pillar in facts.pillars:
        for base in (previous.topic, entry.question):
            swapped = _swap_pillar(engine, base, pillar)
            if swapped is not None:
                yield swapped, True, "", False
        yield facts.pillars[pillar].question, True, "", False
        return
    subjects = {k for k in reading.keys if k in facts.subjects}
    if subjects and reading.keys <= subjects:  # only a new subject: "e la Francia?"
        for base in (entry.question, previous.topic):
            swapped = _swap_subject(engine, base, reading.rest)
            if swapped is not None:
                yield swapped, True, "", False
    drop = set(facts.subjects) if subjects else set()  # a new subject replaces the old
    # The previous answer's neighbours first (its related entries and those linking to
    # it), as far as the message alone points at them: "in che senso?" after the final
    # declaration asks about its voluntary participation, one of its related entries.
    family = _family(engine, previous.entry_id)
    asked = f"{reading.rest} {reading.specifics}".strip()
    floor = engine.thresholds.suggest
    near = [] if reading.pronoun else engine.rank(reading.rest)
    neighbours = [r.scored.entry for r in near if r.scored.score >= floor]
    for neighbour in [e for e in neighbours if e.id in family][:NEIGHBOURS]:
        topic = _topic(engine, neighbour.question, drop)
        if topic:
            yield _joined(asked, topic), False, topic, False
    for base in (previous.topic, entry.question):
        topic = _topic(engine, base, drop)
        if topic:
            yield _joined(asked, topic), False, topic, True


def _joined(message: str, topic: str) -> str:
    """The message and the topic it leans on, as one sentence ("dove?" + the topic)."""

    def plain(text: str) -> str:
        return re.sub(r"[.!?;…]+", " ", text).strip()

    return f"{plain(message)} ({plain(topic)})".strip()


def _new_pillar(engine: Engine, reading: _Reading, previous: Context) -> int | None:
    """The pillar a slot-only follow-up asks about ("e il quarto?", "e l'ultimo?")."""
    prefix = engine.index.numbering.key
    numbers = [int(k[len(prefix) :]) for k in reading.keys if prefix and k.startswith(prefix)]
    if len(numbers) == 1 and len(reading.keys) == 1:
        return numbers[0]
    word = reading.ordinal
    if word is None:
        return None
    pillars = sorted(_facts(engine).pillars)
    related = engine.knowledge.by_id[previous.entry_id].related
    numbering = engine.index.numbering
    named = set(fold(engine.knowledge.by_id[previous.entry_id].answer).split())
    about_pillars = (
        previous.pillar is not None
        or any(e.id in related for e in _facts(engine).pillars.values())
        or bool(named & {*numbering.words, *numbering.plural})  # "cinque garanzie"
    )
    if not pillars or not about_pillars:
        return None
    if word in ORDINALS:
        return ORDINALS[word]
    if word in LAST:
        return pillars[-1]
    if word in BEFORE_LAST:
        return pillars[-2] if len(pillars) > 1 else None
    if previous.pillar is None:
        return None
    return previous.pillar + (1 if word in NEXT else -1)


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Word spans of `text` (start, end offsets) with their surface words."""
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _find(engine: Engine, text: str, wanted: set[str]) -> tuple[int, int] | None:
    """The offsets of the first span of 1-3 words whose keys are one of `wanted`."""
    spans = _spans(text)
    for i in range(len(spans)):
        for size in (3, 2, 1):
            if i + size > len(spans):
                continue
            chunk = text[spans[i][0] : spans[i + size - 1][1]]
            found = engine.index.query(chunk)
            if len(found) == 1 and next(iter(found)) in wanted:
                return spans[i][0], spans[i + size - 1][1]
    return None


def _swap_subject(engine: Engine, base: str, new: str) -> str | None:
    """`base` with its subject replaced by the one `new` names; None when either names none.

    Only the subject's own words move: "e la Francia cosa farà?" puts "Francia" in
    place of the old subject, not the whole message.
    """
    subjects = set(_facts(engine).subjects)
    where, named = _find(engine, base, subjects), _find(engine, new, subjects)
    if where is None or named is None:
        return None
    words = [w for _, _, w in _spans(new[named[0] : named[1]])]
    while len(words) > 1 and not engine.index.query(words[-1]):  # "la Francia cosa"
        words.pop()
    return base[: where[0]] + " ".join(words) + base[where[1] :]


def _swap_pillar(engine: Engine, base: str, pillar: int) -> str | None:
    """`base` with its pillar reference pointing at `pillar`; None when it names none."""
    prefix = engine.index.numbering.key
    wanted = {k for k in engine.index.weight if prefix and k.startswith(prefix)}
    where = _find(engine, base, wanted)
    if where is None:
        return None
    chunk = base[where[0] : where[1]]
    name = next((w for w, n in ORDINALS.items() if n == pillar), str(pillar))  # "quarto"
    for start, end, word in _spans(chunk):
        if fold(word) in ORDINALS or word.isdigit():
            return base[: where[0]] + chunk[:start] + name + chunk[end:] + base[where[1] :]
    return None


def _topic(engine: Engine, base: str, drop: set[str]) -> str:
    """The words of `base` that carry its topic: no question words, markers or `drop` keys."""
    kept = []
    for word in _WORD.findall(base):
        folded = fold(word)
        if folded in WH_WORDS or folded in MARKERS or folded in PRONOUNS:
            continue
        if drop and engine.index.query(word) & drop:
            continue
        kept.append(word)
    return " ".join(kept[-TOPIC_WORDS:])


def _subject_of(engine: Engine, text: str) -> str | None:
    """The first subject key named in `text`."""
    where = _find(engine, text, set(_facts(engine).subjects))
    if where is None:
        return None
    return next(iter(engine.index.query(text[where[0] : where[1]])))


K = TypeVar("K", bound=Hashable)


class Conversations(Generic[K]):
    """Contexts per conversation (e.g. keyed by chat and user), bounded and expiring.

    An adapter calls `ask` once per message and `tap` for a button that shows
    an entry; nothing else. Contexts live in memory: a restart forgets them.
    """

    def __init__(self, max_size: int = MAX_CONVERSATIONS, idle: float = IDLE_SECONDS) -> None:
        self.max_size = max_size
        self.idle = idle
        self._contexts: OrderedDict[K, Context] = OrderedDict()

    def __len__(self) -> int:
        return len(self._contexts)

    def get(self, key: K, now: float) -> Context | None:
        """The live context of conversation `key`; an expired one is dropped."""
        context = self._contexts.get(key)
        if context is None:
            return None
        if not context.fresh(now, self.idle):
            del self._contexts[key]
            return None
        self._contexts.move_to_end(key)
        return context

    def put(self, key: K, context: Context | None) -> None:
        """Remember `context` for `key` (None forgets), evicting the least recently used."""
        self._contexts.pop(key, None)
        if context is None:
            return
        self._contexts[key] = context
        while len(self._contexts) > self.max_size:
            self._contexts.popitem(last=False)

    def ask(self, engine: Engine, key: K, text: str, now: float) -> Turn:
        """Answer one message of conversation `key` and remember its new context."""
        turn = follow(engine, text, self.get(key, now), now)
        if turn.context is not None and turn.context.at != now:
            turn = replace(turn, context=replace(turn.context, at=now))  # activity keeps it alive
        self.put(key, turn.context)
        return turn

    def tap(self, engine: Engine, key: K, entry_id: str, now: float) -> None:
        """A button showing `entry_id` was tapped: it sets context like a typed question."""
        entry = engine.knowledge.by_id.get(entry_id)
        if entry is not None:
            self.put(key, context_for(engine, entry_id, entry.question, now))

    def thread(self, key: K, now: float) -> Thread[K]:
        """Conversation `key` at `now`, for a reply layer to ask and tap through."""
        return Thread(self, key, now)


@dataclass(frozen=True, slots=True)
class Thread(Generic[K]):
    """One conversation of a store at one moment: what a reply needs to read a follow-up."""

    store: Conversations[K]
    key: K
    now: float

    def ask(self, engine: Engine, text: str) -> Turn:
        """Answer `text` in this conversation, remembering its new context."""
        return self.store.ask(engine, self.key, text, self.now)

    def tap(self, engine: Engine, entry_id: str) -> None:
        """Entry `entry_id` was shown on request: it becomes the context."""
        self.store.tap(engine, self.key, entry_id, self.now)
