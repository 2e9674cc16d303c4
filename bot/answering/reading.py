"""Reading a message the way a person would, before any matching.

Readers do not write FAQ phrasings: they tell why they ask ("Mio figlio fa
una ricerca per scuola…"), think aloud ("allora senti ehm…") and ask last.
`read` splits a message into sentences and clauses, drops fillers and
politeness formulas, finds the question (the interrogative clauses, else the
last one) and says what kind of answer it asks for (a number, a date, a
place, a name), whether it asks the bot's opinion and whether it compares
two things. The language data lives in ``italian.yaml`` beside this module:
nothing here is about one article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.answering.normalise import (
    ASKING_WORDS,
    STOPWORDS,
    YAML_LOADER,
    expand,
    fold,
    ordinal,
    phrase_pattern,
    question_phrases,
    terms,
)

LANGUAGE_FILE = Path(__file__).with_name("italian.yaml")
# Sentence ends: the punctuation stays with its sentence, so "?" marks a question.
_SENTENCE = re.compile(r"[^.!?;…\n]+[.!?;…]*")
# A clause starts again after a comma before a conjunction ("…, ma alla fine cosa hanno detto")
# or a question word.
_CLAUSE = re.compile(
    # "…mandiamo i soldati o no perché mio nipote diceva…": the reason for asking.
    r"(?<=\bo no)\s+(?=perch[eé]\b)|"
    r",\s*(?=(?:ma|però|pero|quindi|invece|allora|e poi|eppure"
    # …or before a question word: "Non ne ho mai sentito parlare, di che gruppo si tratta?"
    r"|chi|cosa|che cosa|come|quando|dove|perché|perche|quanti|quante|quanto|quale|quali"
    r"|di che|in che|a che|con che|da chi|a chi|con chi|di chi|di cosa|a cosa|in cosa)\b)",
    re.I,
)
# A question word right before "sia": the verb ("cosa sia"), not "sia A sia B".
_SUBJUNCTIVE = re.compile(r"\b(?:cosa|chi|che|come|quale|quali|dove|quando|perche)\s+$")
# What follows a colon that opens a question: "…preciso: dove e quando…?"
_QUESTION_AFTER = re.compile(
    r"\s*(?:chi|cosa|che cosa|come|quando|dove|perché|perche|quanti|quante|quanto|quale|quali)\b",
    re.I,
)
# Words as written, to find the capitalised ones; the first of a sentence does not count.
_WORD = re.compile(r"\w+")
# Words that open a question when a reader leaves out the question mark.
_OPENERS = frozenset(
    """chi cosa cos come quando dove perche quanto quanti quanta quante quale quali
    qual che cosè ce""".split()
)
OTHER = "other"  # a question word that asks for no particular kind of answer
# "… e quando", "… e chi ci contribuisce": a second interrogative joined by "e".
_JOINED = re.compile(
    r" e (?=(?:chi|cosa|che cosa|come|quando|dove|perche|quanto|quanti|quante|quale|quali"
    r"|a cosa|a che cosa|di cosa|di che|in cosa|in che|su cosa|per cosa|da chi|con chi"
    r"|per chi)\b)"
)
# "…a Roma o a Milano?": the one "o" of an alternative question (see `_alternatives`).
_OR = re.compile(r" (?:o|oppure|od) ")
# "oltre al sindaco", "a parte la premier": what the reader already knows, up to a
# punctuation mark, a question word or `BESIDES_WORDS` words (see `besides`).
_BESIDES = re.compile(
    r"\b(?:oltre\s+(?:all['’]|(?:alla|alle|allo|agli|ai|al|ad|a)\b)"
    r"|(?:a parte|eccetto|tranne)\s+(?:(?:l['’]|(?:il|lo|la|i|gli|le)\b))?)\s*",
    re.I,
)
_BESIDES_END = re.compile(r"[,;:.!?…]")
BESIDES_WORDS = 4
# "questo organismo", "quella definizione": a noun that points back at the sentences before.
_POINTING = re.compile(
    r"\b(?:questo|questa|questi|queste|quest|quello|quella|quelli|quelle|quel|quei|quegli|quell"
    r"|tale|tali|suddetto|suddetta|suddetti|suddette)\s+([a-z]+)"
)
# The words a demonstrative's noun takes from its first mention, at most, and the "di"
# forms that join a noun to what qualifies it ("misure di rassicurazione").
ANTECEDENT_WORDS = 3
_OF = frozenset("di del dello della dei degli delle dell".split())
# "a cosa serve", "a che servirebbero": a purpose asked of what the sentences before name.
# An object pronoun before a verb ("come lo definiscono", "chi li guida") stands for
# something named before: "lo" before a consonant other than s + consonant, z, gn or
# ps is no article ("lo scopo", "lo zelo"), and "li" never is.
_ANAPHOR = re.compile(r"\b(?:li|lo(?=\s+(?!s[^aeiou]|z|gn|ps)[^aeiou\s]))\b")
_PURPOSE = re.compile(r"\ba (?:che )?(?:cosa )?(serv[a-z]*)")
# After "l'articolo", a number or "del" makes it a treaty's article ("5", "della Nato").
_NOT_A_TREATY = r"(?!\s+(?:\d|[ivx]+\b|cinque\b|quinto\b|del|dello|della|dell\b|n\b))"
# A question with fewer content words than this ("Me lo spieghi?", "Di cosa si occupa?")
# is about what the clause before it names, and takes that clause in.
MIN_FOCUS_WORDS = 2
# A guess at a question's answer ("…? A Bruxelles?") has at most this many words, and
# does not open as a question of its own does.
GUESS_WORDS = 3
_GUESS_NOT = frozenset("e ed ma o oppure anche invece pure non".split())


@dataclass(frozen=True, slots=True)
class Language:
    """Fillers, interrogative phrases by the kind of answer, opinion and comparison markers."""

    fillers: re.Pattern[str]
    article: re.Pattern[str]  # the reader's words for the article ("questa notizia")
    asks: tuple[tuple[re.Pattern[str], str], ...]
    opinions: re.Pattern[str]
    comparisons: re.Pattern[str]
    details: re.Pattern[str]  # "di preciso", "quali sanzioni precise": specifics asked
    unsaid: re.Pattern[str]  # how an answer's sentence on what the article leaves out opens
    which: re.Pattern[str]  # how a question asking which ones opens ("e quali…")
    which_unsaid: re.Pattern[str]  # "non specifica quali": which is not told
    reasons: re.Pattern[str]  # how a question asking why opens ("ma perché…")
    reason_unsaid: re.Pattern[str]  # "non spiega il motivo": no reason is given
    said: re.Pattern[str]  # "cosa ha detto", "che ha dichiarato": what someone said
    said_unsaid: re.Pattern[str]  # "non riporta sue dichiarazioni": nothing said is reported
    turns: re.Pattern[str]  # "ma riporta…": what the article does report instead
    dates: re.Pattern[str]  # month and weekday names
    hours: re.Pattern[str]  # "alle 18", "dalle 10", "18:30": an hour stated
    people: re.Pattern[str]  # "quale generale", "quali altri leader": a name is asked
    roles: frozenset[str]  # the role words of `people` ("generale", "inviato")
    numbers: frozenset[str]  # number words ("cinque")
    predicates: re.Pattern[str]  # the endings of verb forms, adjectives, adverbs
    demonyms: frozenset[str]  # nationality adjectives, masculine singular ("tedesco")
    reports: re.Pattern[str]  # "ho letto che", "dicono che": what a reader heard and checks

    def bare(self, folded: str) -> str:
        """Folded text without its fillers and its words for the article itself."""
        return " ".join(self.article.sub(" ", self.fillers.sub(" ", folded)).split())


@dataclass(frozen=True, slots=True)
class Reading:
    """What a message asks, as read before matching.

    `focus` is the question itself (folded, fillers dropped) and `context` the
    other clauses; `names` the words written with a capital in mid-sentence
    (the names a reader writes, "Macron", "Trump"); `asks` the kind of answer
    wanted ("number", "date", "time", "place", "person", "name") or None;
    `parts` the two questions of a message that asks two ("Chi l'ha proposto e
    chi ci contribuisce?"), each as its own reading; `opinion` whether the
    bot's own judgement is asked; `compare` whether two things are compared;
    `detail` whether specifics are asked ("quali armi di preciso").
    """

    focus: str
    context: str
    asks: str | None = None
    opinion: bool = False
    compare: bool = False
    names: frozenset[str] = frozenset()  # folded words capitalised in mid-sentence
    parts: tuple[Reading, ...] = ()  # two questions in one ("dove e quando?"), each read
    asked: str = ""  # what follows the interrogative phrase: "morti" in "quanti morti ci sono"
    markers: str = ""  # the words that make it a comparison ("differenza", "rispetto a")
    lead: str = ""  # the start of `focus` taken in from before a bare question ("Me lo spieghi?")
    # "fatto a Roma o a Milano?": the question with one side of its "o" left out, each read
    alternatives: tuple[Reading, ...] = ()
    detail: bool = False  # specifics asked ("quali armi di preciso"), not only the topic


def _phrases(items: list[str]) -> re.Pattern[str]:
    """One whole-word pattern for phrases, folded, the longest match winning."""
    return phrase_pattern({fold(p) for p in items if fold(p)})


def _opening(phrases: list[str], openers: list[str]) -> re.Pattern[str]:
    """A pattern for text opening with one of `phrases`, after at most one of `openers`."""
    first = "|".join(re.escape(fold(o)) for o in openers)
    return re.compile(rf"(?:(?:{first}) )?(?:{_phrases(phrases).pattern})")


@cache
def language(path: Path = LANGUAGE_FILE) -> Language:
    """The language data, read once."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    asks = tuple((_phrases(list(phrases)), kind) for kind, phrases in data["asks"].items())
    return Language(
        fillers=_phrases(data["fillers"]),
        article=re.compile(_phrases(data["article"]).pattern + _NOT_A_TREATY),
        asks=asks,
        opinions=_phrases(data["opinions"]),
        comparisons=_phrases(data["comparisons"]),
        details=_phrases(data["details"]),
        unsaid=re.compile(r"^(?:" + "|".join(re.escape(fold(p)) for p in data["unsaid"]) + r")\b"),
        which=_opening(data["which"], data["openers"]),
        which_unsaid=_phrases(data["which_unsaid"]),
        reasons=_opening(data["reasons"], data["openers"]),
        reason_unsaid=_phrases(data["reason_unsaid"]),
        said=_phrases(data["said"]),
        said_unsaid=_phrases(data["said_unsaid"]),
        turns=_phrases(data["turns"]),
        dates=_phrases(data["dates"]),
        hours=re.compile(
            r"\b(?:(?:"
            + "|".join(re.escape(fold(p)) for p in data["hours"])
            + r")\s+\d{1,2}(?:[:.]\d{2})?|\d{1,2}[:.]\d{2})\b"
        ),
        numbers=frozenset(fold(n) for n in data["numbers"]),
        demonyms=frozenset(fold(d) for d in data["demonyms"]),
        reports=_phrases(data["reports"]),
        predicates=re.compile(
            "(?:"
            + "|".join(sorted(map(re.escape, data["predicates"]), key=len, reverse=True))
            + ")$"
        ),
        roles=frozenset(fold(p) for p in data["people"]),
        people=re.compile(
            r"\b(?:quale|quali|che|chi)(?: \w+){0,2}? (?:"
            + "|".join(re.escape(fold(p)) for p in data["people"])
            + r")\b"
        ),
    )


def clauses(text: str) -> list[tuple[str, bool, int]]:
    """The clauses of `text`: each with whether it ends in a question mark, and its sentence."""
    out: list[tuple[str, bool, int]] = []
    for number, sentence in enumerate(_SENTENCE.findall(text)):
        asked = "?" in sentence
        parts: list[str] = []
        for part in (p for p in _clauses_of(sentence) if fold(p)):
            if parts and _BESIDES.match(parts[-1].strip()):  # "Oltre al grano, cosa…?" is one
                parts[-1] = f"{parts[-1]}, {part}"
            else:
                parts.append(part)
        for i, part in enumerate(parts):
            out.append((part, asked and i == len(parts) - 1, number))
    return out


def _clauses_of(sentence: str) -> list[str]:
    """A sentence cut at its clause boundaries, and at a colon that a question follows.

    "Vorrei essere preciso: dove e quando…?" says something of the question before
    asking it; "Mi chiede qual è lo scopo: cosa devono assicurare?" asks before the
    colon already, and stays whole.
    """
    head, colon, rest = sentence.partition(":")
    if colon and _QUESTION_AFTER.match(rest) and not set(fold(head).split()) & _OPENERS:
        return [head, *_CLAUSE.split(rest)]
    return _CLAUSE.split(sentence)


def capitalised(text: str) -> set[str]:
    """The folded words written with a capital in mid-sentence: the names in `text`."""
    names: set[str] = set()
    for sentence in _SENTENCE.findall(text):
        written = _WORD.findall(sentence)[1:]
        upper = [w for w in written if w[0].isupper()]
        if len(upper) * 2 <= len(written):  # NOT WHEN SHOUTED or Written Like A Title
            for word in upper:
                names.update(fold(word).split())
    return names


def read(
    text: str,
    lang: Language | None = None,
    subject: Callable[[str], bool] | None = None,
    items: frozenset[str] = frozenset(),
) -> Reading:
    """Read one message: its question, its context and what kind of answer it wants.

    `subject` tells a word naming who a question can be about (a country): a
    question that names one is not bare ("Cosa si è detto sul Portogallo?"), and
    leans on no clause before it.
    """
    lang = lang or language()
    units: list[tuple[str, str, bool, int]] = []
    names = capitalised(text)
    aside: list[str] = []  # what a question sets aside: context, not what it asks
    sentences: dict[int, list[str]] = {}  # each sentence's folded clauses, fillers and all
    headers: dict[str, str] = {}  # a clause's topic before a colon ("A e B: …")
    reasons: set[str] = set()  # clauses that give the reason for asking
    besides_named: dict[str, int] = {}  # a clause's content words set aside with "oltre a"
    for raw, marked, number in clauses(text):
        sentences.setdefault(number, []).append(fold(raw))
        kept, known = besides(raw)
        if known and _content(fold(kept)):  # "oltre al sindaco chi c'era?" asks about him
            raw = kept
            aside.append(lang.bare(fold(known)))
            # …and names enough to stand alone: "Chi c'era alla cena oltre al sindaco?"
            besides_named[expand(fold(raw))] = _content(fold(known))
        folded = expand(fold(raw))  # "ke succede?", "xke" read as "che succede?", "perche"
        bare = lang.bare(folded)
        opener = bare.split(" ", 1)[0] if bare else ""
        # "… o no perché mio nipote diceva…": the reason for asking, not a "why".
        reason = opener == "perche" and bool(units) and units[-1][0].endswith(" o no")
        if reason:
            reasons.add(folded)
        units.append((folded, bare, (marked or opener in _OPENERS) and not reason, number))
        head, colon, _ = raw.partition(":")
        topic = lang.bare(expand(fold(head))) if colon else ""
        if topic and not set(topic.split()) & _OPENERS and bare.startswith(f"{topic} "):
            headers[bare] = topic
    # A question made only of politeness ("…delle fortificazioni. Me lo spieghi?") asks
    # about the clause before it, which is then all lead.
    polite = bool(units) and not units[-1][1] and units[-1][2]
    units = [u for u in units if u[1]] or units
    if not units:
        return Reading("", "")
    askable = [i for i, unit in enumerate(units) if unit[0] not in reasons] or [len(units) - 1]
    if polite:
        # "Ho letto che X… Faccio il grafico. È corretto?": what is checked is what the
        # reader read or heard, not the last thing they said.
        reported = [i for i in askable if lang.reports.search(units[i][0])]
        askable = reported[-1:] or askable
    chosen = [i for i, (_, _, question, _) in enumerate(units) if question] or [askable[-1]]
    # "Dove si è svolto? A Bruxelles?": a few words after a question that asks who, where,
    # when or how many are the reader's guess at its answer, context and not a question.
    if len(chosen) > 1 and _guess(units[chosen[-1]][1], units[chosen[-2]][0], lang):
        aside.append(units[chosen.pop()][1])
    # A bare "Cosa prevedono?" or "Me lo spieghi?" asks about the clause before it.
    asked_first = chosen[0]
    first = asked_first
    # "Che compiti avrebbe questo organismo?" points back at what the sentences before it
    # name: the nouns after a demonstrative are no content of its own.
    pointed = {m.group(1) for i in chosen for m in _POINTING.finditer(units[i][1])}
    # "A cosa servono, secondo l'accordo?": the verb of purpose asks, it names nothing.
    pointed |= {m.group(1) for i in chosen for m in _PURPOSE.finditer(units[i][1])}
    named = subject is not None and any(subject(w) for w in terms(units[asked_first][1]))
    # A question whose object is a pronoun needs one content word more to stand alone:
    # "Come lo chiamano gli esperti?" asks about what the sentence before names.
    needed = MIN_FOCUS_WORDS + bool(_ANAPHOR.search(units[asked_first][1]))
    # A question phrase of several words ("in che città", "in che giorno") says what it
    # asks about as a content word would: "In che città si sono riuniti?" is not bare.
    while (
        not named
        and first > 0
        and sum(
            # The clause taken in names what the question points at: its nouns count.
            _content(units[i][1], pointed if i >= asked_first else None)
            + question_phrases(units[i][1])
            + besides_named.get(units[i][0], 0)
            for i in chosen
        )
        < needed
    ):
        first -= 1
        chosen.insert(0, first)
    # "…le misure di rassicurazione… In quali ambiti si applicano queste misure?": the
    # noun a demonstrative points with is read as it was first written.
    for i in chosen:
        if i >= asked_first:
            earlier = [units[j][1] for j in range(i - 1, -1, -1)]  # the nearest first
            folded, bare, question, number = units[i]
            units[i] = (folded, _antecedents(bare, earlier, items), question, number)
    lead = " ".join(units[i][1] for i in chosen if i < asked_first or polite)
    focus_raw = " ".join(units[i][0] for i in chosen)
    focus = " ".join(units[i][1] for i in chosen)
    context = " ".join([*(u[1] for i, u in enumerate(units) if i not in chosen), *aside])
    asks, asked = _asks(focus_raw, lang)
    # The reader's own opinion in the lead ("secondo me fa bene, ma cosa ha detto?") is
    # not a judgement asked of the bot.
    asking = " ".join(units[i][0] for i in chosen if i >= asked_first and not polite)
    opinion = bool(lang.opinions.search(asking or focus_raw))
    # "sia A sia B" compares; "cosa sia", "chi sia" is a verb.
    markers = " ".join(
        m.group(0)
        for m in lang.comparisons.finditer(focus_raw)
        if m.group(0) != "sia" or not _SUBJUNCTIVE.search(focus_raw[: m.start()])
    )
    compare = bool(markers)
    found = frozenset(names)
    # Specifics are asked anywhere in the question's sentence ("Nel dettaglio, quali armi…?").
    asked_sentence = " ".join(sentences.get(units[asked_first][3], []))
    detail = bool(lang.details.search(f"{focus_raw} {asked_sentence}"))
    two = _two_questions(focus, [units[i][1] for i in chosen])
    # "A e B: chi propone… e chi guida…?": the topic before the colon is
    # both questions' context, not the first one's own words, when each names its own
    # topic ("Le tasse: chi le decide e quando?" keeps it).
    header = headers.get(units[asked_first][1], "")
    if two and header and two[0].startswith(f"{header} "):
        first_own = two[0][len(header) + 1 :]
        if min(_content(first_own), _content(two[1])) >= MIN_FOCUS_WORDS:
            two = [first_own, two[1]]
            context = f"{context} {header}".strip()
    parts = []
    # Each bare part ("chi ne farebbe parte", "a che cosa dovrebbe servire") leans on the
    # clause before the question, as a bare question does.
    before = units[asked_first - 1][1] if asked_first > 0 and not lead else ""
    for i, part in enumerate(two):
        # Each question keeps the other as context: "a cosa serve" is about what "da chi
        # sarà composta" names.
        kind, after = _asks(part, lang)
        if i == 0 and kind is None:  # "Come si chiama X e cosa ha detto?": the first asks
            kind, after = asks, asked
        other = f"{context} {two[1 - i]}".strip()
        lacking = _content(part) + question_phrases(part) < MIN_FOCUS_WORDS
        leant = before if before and lacking else ""
        parts.append(
            Reading(
                f"{leant} {part}".strip(),
                other,
                kind,
                opinion,
                compare,
                found,
                (),
                after,
                markers,
                leant,
                detail=detail,
            )
        )
    sides = []
    for side in _alternatives(focus):
        kind, after = _asks(side, lang)
        sides.append(
            Reading(side, context, kind, opinion, compare, found, (), after, markers, detail=detail)
        )
    return Reading(
        focus,
        context,
        asks,
        opinion,
        compare,
        found,
        tuple(parts),
        asked,
        markers,
        lead,
        tuple(sides),
        detail,
    )


def _guess(bare: str, before: str, lang: Language) -> bool:
    """Whether `bare`, asked right after the question `before`, guesses at its answer.

    A guess is at most `GUESS_WORDS` words, none of them a question word, and not
    joined on with "e"/"ma" ("e il quinto?" asks again); the question before it asks
    for a kind of answer a guess can name (a place, a time, a person, a number).
    """
    words = bare.split()
    if not words or len(words) > GUESS_WORDS or words[0] in _GUESS_NOT:
        return False
    if set(words) & _OPENERS:
        return False
    kind, _ = _asks(before, lang)
    return kind is not None


def besides(raw: str) -> tuple[str, str]:
    """A clause without its "oltre a X" (besides X), and X: what the question sets aside.

    "Chi c'era oltre al sindaco?" asks who else was there; "sindaco" is context,
    not what the answer must be about.
    """
    found = _BESIDES.search(raw)
    if found is None:
        return raw, ""
    end = found.end()
    stop = _BESIDES_END.search(raw, end)
    limit = stop.start() if stop is not None else len(raw)
    taken = 0
    for word in re.finditer(r"[^\s'’]+", raw[found.end() : limit]):
        if taken == BESIDES_WORDS or fold(word.group(0)) in _OPENERS:
            break
        end, taken = found.end() + word.end(), taken + 1
    return f"{raw[: found.start()]} {raw[end:]}".strip(), raw[found.end() : end]


def _antecedents(bare: str, earlier: list[str], items: frozenset[str] = frozenset()) -> str:
    """`bare` with each "questo/quel + noun" written as the noun's mention before it.

    The mention is taken from the nearest clause in `earlier` that has one: the
    noun with the words that qualify it, an adjective ("impegni vincolanti") or
    a "di" phrase ("misure di rassicurazione"). One of the FAQ's words for its
    numbered `items` points at the last item named by number, whatever its word
    ("quel punto" after "l'ultimo capitolo"). A noun not mentioned stays.
    """

    def resolve(match: re.Match[str]) -> str:
        noun = match.group(1)
        for text in earlier:
            words = text.split()
            found = _item_mention(words, items) if noun in items else _mention(words, noun)
            if found:
                return found
        return match.group(0)

    return _POINTING.sub(resolve, bare)


def _item_mention(words: list[str], items: frozenset[str]) -> str:
    """The last "ordinal + item word" of `words` ("ultimo capitolo"), else ""."""
    named = [k for k in range(1, len(words)) if words[k] in items and ordinal(words[k - 1])]
    return f"{words[named[-1] - 1]} {words[named[-1]]}" if named else ""


def _mention(words: list[str], noun: str) -> str:
    """The first `noun` of `words` with what qualifies it, else "" (a bare noun is none)."""
    for at in (k for k, w in enumerate(words) if w == noun):
        taken = [noun]
        k = at + 1
        while k < len(words) and len(taken) < ANTECEDENT_WORDS:
            if words[k] in _OF and k + 1 < len(words) and words[k + 1] not in STOPWORDS:
                taken += words[k : k + 2]  # "misure" + "di rassicurazione"
                k += 2
            elif words[k] not in STOPWORDS and len(taken) == 1:
                taken.append(words[k])  # "impegni" + "vincolanti"
                k += 1
            else:
                break
        if len(taken) > 1:
            return " ".join(taken)
    return ""


def _content(text: str, pointed: set[str] | None = None) -> int:
    """How many content words `text` has (function and question words, and `pointed`, aside)."""
    aside = pointed or set()
    return sum(1 for word in terms(text) if word not in ASKING_WORDS and word not in aside)


def _two_questions(focus: str, units: list[str]) -> list[str]:
    """The two questions of a focus that asks two, else nothing.

    Two question sentences ("C'è qualcosa sulla formazione? E sull'intelligence?")
    or two interrogatives joined by "e" ("dove si è fatta e quando"). A part that
    is a bare question word borrows the other's words ("quando" + "si è riunita").
    """
    if len(units) == 2 and all(len(u.split()) > 1 for u in units):
        segments = units
    else:
        match = _JOINED.search(focus)
        if match is None:
            return []
        segments = [focus[: match.start()].strip(), focus[match.start() + 3 :].strip()]
    first, second = segments

    def words_of(text: str) -> str:
        return " ".join(w for w in text.split() if w not in _OPENERS)

    if first in _OPENERS:
        first = f"{first} {words_of(second)}"
    elif second in _OPENERS:
        second = f"{second} {words_of(first)}"
    elif not _content(second) and _content(first):
        # "… e in che giorno?": a question phrase asks about the other part's words.
        second = f"{second} {' '.join(w for w in terms(first) if w not in ASKING_WORDS)}"
    if not first or not second:
        return []
    return [first, second]


def _alternatives(focus: str) -> list[str]:
    """The focus with each side of its one "A o B" left out, else nothing.

    B is what follows the "o"; A as many content words before it, with the
    function words between: "l'hanno fatto a roma o a milano" gives "l'hanno
    fatto a roma" and "l'hanno fatto a milano"; "i treni partono subito o
    aspettano la sera" gives "i treni partono subito" and "i treni aspettano
    la sera". An answer to either side answers the question.
    """
    found = list(_OR.finditer(focus))
    if len(found) != 1:
        return []
    before = focus[: found[0].start()].split()
    after = focus[found[0].end() :].split()
    wanted = _content(" ".join(after))
    if not before or not wanted:
        return []
    cut = len(before)
    while cut > 0 and wanted > 0:
        cut -= 1
        wanted -= _content(before[cut])
    while cut > 0 and not _content(before[cut - 1]):  # "fatto a | roma": "a" goes too
        cut -= 1
    return [" ".join(before), " ".join(before[:cut] + after)]


def _asks(folded: str, lang: Language) -> tuple[str | None, str]:
    """The kind of answer the first interrogative phrase of `folded` asks for, and what follows.

    "quanti morti ci sono stati" asks for a number, of "morti ci sono stati".
    """
    best: tuple[int, int, str] | None = None
    people = lang.people.search(folded)
    if people is not None:
        best = (people.start(), -len(people.group(0)), "name")
    for pattern, kind in lang.asks:
        for match in pattern.finditer(folded):
            # The earliest phrase wins; at one position, the longest ("in che data" over "che").
            candidate = (match.start(), -len(match.group(0)), kind)
            if best is None or candidate < best:
                best = candidate
            break
    if best is None or best[2] == OTHER:
        return None, ""
    start, negative_length, kind = best
    end = start - negative_length
    if kind == "number" and " " in folded[start:end]:  # "quanto costa": the cost is counted
        end = folded.rindex(" ", start, end) + 1
    return kind, folded[end:].strip()
