"""Italian-aware text normalisation: from what a reader types to matching keys.

The pipeline, applied alike to the FAQ and to every question:

1. fold: NFKC, lower case, typographic apostrophes, future tenses (manderà =
   manda), accents (perché = perche), emoji and punctuation to spaces,
   letters repeated three or more times to one;
2. split into words, with elisions cut off (l'Europa -> l europa);
3. references to a numbered item become one key: with the `Numbering` words
   of the FAQ's profile, "the first X", "X 1", "1° X", "X numero uno" -> ``X#1``;
4. stopwords go, but not the question words that carry meaning
   (chi, quando, dove, perché, quanto, non);
5. the Snowball Italian stemmer, then double letters collapsed, so "soldati" /
   "soldato" and "commissione" / "commisione" share a key;
6. synonym phrases from ``faq/synonyms.yaml`` become one canonical key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer
import yaml
from rapidfuzz.distance import OSA

from bot.answering.models import Numbering

# The one table of typographic marks: FAQ excerpts and questions are folded with it alike.
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'}
    | {"\u00a0": " "}
)
# The combining accents of Latin letters (all of U+0300-U+036F but the grapheme joiner,
# which unicodedata.combining() does not count as a mark).
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")
_NON_WORD = re.compile(r"[^a-z0-9']+")
_REPEATS = re.compile(r"([a-hj-z])\1{2,}")  # not i: "iii" is the Roman third
_DOUBLES = re.compile(r"([a-z])\1+")
_ORDINAL_SIGN = re.compile(r"(\d+)\s*(?:°|º|\^|o\b|a\b)")
# Future tense: "manderà", "verificherà", "invieranno" -> the verb's stem, which
# the Snowball stemmer does not reach on its own.
_FUTURE = re.compile(r"\b(\w{3,}?)h?[ei]r(?:à|ò|anno)\b")

NO_NUMBERING = Numbering()
TYPO_ITEM_LENGTH = 6  # an item word this long may carry one typo and still be fused
REAL_WORD_ZIPF = 3.0  # a word this common in Italian is taken as written, never as a typo
_NUMBERS = {
    "primo": 1, "prima": 1, "uno": 1, "1": 1,
    "secondo": 2, "seconda": 2, "due": 2, "2": 2,
    "terzo": 3, "terza": 3, "tre": 3, "3": 3,
    "quarto": 4, "quarta": 4, "quattro": 4, "4": 4,
    "quinto": 5, "quinta": 5, "cinque": 5, "5": 5,
}  # fmt: skip
_CARDINALS = {"uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5}
# Roman numerals only count beside a singular ("ii X"): "i" before a plural is an article.
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_ORDINALS = frozenset({"primo", "secondo", "terzo", "quarto", "quinto"})
# Ordinals of either gender, and the last ones: "la prima e la seconda X", "l'ultima".
_ANY_ORDINAL = frozenset(
    {w for w in _NUMBERS if w.isalpha() and w not in _CARDINALS}
    | {"ultimo", "ultima", "penultimo", "penultima"}
)
_ARTICLES = frozenset(
    {"il", "al", "dal", "del", "nel", "sul", "col", "l", "dall", "dell", "nell", "sull"}
)
_PILLAR_FILLERS = frozenset({"numero", "n", "nr", "il", "del", "al", "nel"})
_CONJUNCTIONS = frozenset({"e", "ed", "o", "od"})  # "il capitolo I e il II"
# Articles before an ordinal joined to an item: "il secondo e la quarta X".
_JOINED_ARTICLES = _ARTICLES | {"i", "la", "lo", "le"}
_PARTITIVES = frozenset({"dei", "degli", "delle", "tra", "fra"})  # "il primo dei cinque X"

# Prepositions, simple and joined with an article: a synonym phrase without one is not
# found across one (see `Synonyms`). `marked_terms` puts a BREAK where they were. "di"
# is left out: "la preparazione delle truppe" is "preparare le truppe".
PREPOSITIONS = frozenset(
    """
    a ad al allo ai agli all alla alle col con coi da dal dallo dai dagli dall dalla dalle
    in nel nello nei negli nell nella nelle su sul sullo sui sugli sull sulla sulle
    per tra fra
    """.split()
)
BREAK = "|"  # never a word: folding drops the character

# The question words that change the meaning of a question: never stopwords.
ASKING_WORDS = frozenset("chi quando dove perche quanto non".split())

# Function words and conversational filler. Question words that change the
# meaning of a question (chi, quando, dove, perche, quanto, non) stay.
STOPWORDS = frozenset(
    """
    a ad al allo ai agli all alla alle col con coi da dal dallo dai dagli dall dalla dalle
    di d del dello dei degli dell della delle in nel nello nei negli nell nella nelle
    su sul sullo sui sugli sull sulla sulle per tra fra
    il lo la i gli le l un uno una e ed o od oppure ma pero anche pure poi quindi allora
    che cui c ci vi ne si no se mi ti me te io tu lui lei noi voi loro esso essa essi
    mio mia miei mie tuo tua suo sua suoi sue nostro nostra vostro vostra
    questo questa questi queste quello quella quelli quelle quel quei quegli quell quest
    e sono sei siamo siete era erano sara saranno stato stata stati state essere
    ha ho hai hanno abbiamo avete aveva avevano avra avranno avere
    fa fanno fare fatto far puo possono potrebbe potrebbero devo deve dovra
    sai sapete sapere dimmi dici dire detto spiegami spiega raccontami vorrei voglio
    piacerebbe scusa scusami senti ehm boh beh cioe tipo insomma cmq comunque
    qual quale quali cosa cos come com mai bene
    molto poco poca pochi poche piu meno tanto tutto tutti tutta tutte ogni altro altri altra altre
    gia ancora adesso ora oggi qui qua li sempre proprio solo invece soprattutto sopratutto
    esattamente praticamente davvero veramente ok vs eh sto sta sti ste
    faccio fai facciamo fate fara faranno farebbe farebbero facendo
    fatta fatti fatte faceva facevano fece fecero farei facesse facessero
    sto stai stiamo stanno stare vado vai va andiamo vanno andare viene vengono venire
    da danno diamo dare messo mette mettono mettere posso puoi possiamo potere
    vuole vogliono volere dobbiamo devono dovere so sa sanno conosci
    spieghi spiegare spiegarmi parlami parla parlare racconta raccontare descrivi
    parlano parlava parlavano parlando parlavo
    riassumi riassumere illustra interessa capire capito sapere dirmi
    andato andata andati andate qualcosa qualcuno quel niente nulla
    senza verso presso dopo durante secondo riguardo circa verra verranno verrebbe
    sotto sopra davanti dietro accanto tramite mediante entro fino
    qualche qualora laggiu lassu quaggiu mo ahah ahahah haha lol
    pensa pensano penso pensi pensare pensiero
    spetta spettano spett spetteranno spettava spetterebbe spettare
    oltre inoltre dovranno dovrebbe dovrebbero doveva dovevano dovesse dovessero
    bisogna bisognera bisognava occorre occorrera occorreva
    voler poter dover aver esser stavolta qualcos pur
    potra potranno potrebbe potevano poteva potesse vorrebbe vorrebbero
    """.split()
)
# Clitic pronouns beyond those above ("chi gliele manda", "ce lo dice", "ve ne parlano").
STOPWORDS |= frozenset(
    """
    glielo gliela glieli gliele gliene ce ve
    """.split()
)
# Placeholder nouns of chat Italian: "la storia della pressione", "sta roba delle
# garanzie" name their topic with the words that follow, not with these.
STOPWORDS |= frozenset(
    """
    storia storie roba robe faccenda faccende discorso questione vicenda situazione
    aspetto aspetti dettaglio dettagli cose
    """.split()
)
# The auxiliary and modal verbs in every mood (essere, avere, stare, potere, dovere,
# volere): "Pensavo fosse tra i più cauti" asks nothing about "fosse", and an
# inflected form is rarer in Italian than the verb, so it would weigh as a rare word.
STOPWORDS |= frozenset(
    """
    ero eri eravamo eravate fui fosti fu fummo foste furono saro sarai saremo sarete
    sarei saresti sarebbe saremmo sareste sarebbero sia siate siano fossi fosse fossimo
    fossero essendo
    avevo avevi avevamo avevate ebbi avesti ebbe avemmo aveste ebbero avro avrai avremo
    avrete avrei avresti avrebbe avremmo avreste avrebbero abbia abbiate abbiano avessi
    avesse avessimo avessero avendo avuto avuta avuti avute
    stavo stavi stava stavamo stavate stavano staro starai stara staremo starete
    staranno starei staresti starebbe staremmo stareste starebbero stia stiate stiano
    stessi stesse stessimo stessero stando
    potete potevo potevi potevamo potevate potro potrai potremo potrete potrei potresti
    potremmo potreste possa possano potessi potessimo potessero potuto
    debbo devi dovete debbono dovevo dovevi dovevamo dovevate dovro dovrai dovremo
    dovrete dovrei dovresti dovremmo dovreste debba debbano dovessi dovessimo dovuto
    vuoi vogliamo volete volevo volevi voleva volevamo volevate volevano vorro vorrai
    vorremo vorrete vorresti vorremmo vorreste voglia vogliano volessi volesse volessero
    voluto
    """.split()
)
# Venire and andare as passive auxiliaries ("se venisse chiamato", "va
# verificata"), fare and prendere as light verbs ("che linea hanno preso"), esistere
# as "c'è" ("esiste un piano?") and tornare as "again" ("se tornasse ad attaccare"):
# the forms beyond those listed above.
STOPWORDS |= frozenset(
    """
    vengo vieni veniamo venite venivo veniva venivano venni venne vennero verro verrai
    verremo verrete verrei verresti verremmo verrebbero venga vengano venissi venisse
    venissero vada vadano andavo andava andavano andai ando andarono andro andrai andra
    andremo andrete andranno andrei andrebbe andrebbero andasse andassero
    facevo faceva facevano feci fece fecero faro farai faremo farete farei faremmo
    faccia facciano facesse facessero
    prendere prendo prendi prende prendiamo prendete prendono prendeva prendevano presi
    prese presero preso presa prend prendera prenderebbe prenda prendano prendesse
    prendessero
    esiste esistono esisteva esistevano esist esisterebbe esisterebbero esista esistano
    torna tornano tornare tornasse tornassero torn tornerebbe tornerebbero tornava tornavano
    tornato tornata tornati
    """.split()
)

# Chat spellings rewritten before anything else ("nn" -> "non").
ABBREVIATIONS = {
    "nn": "non", "x": "per", "xche": "perche", "xke": "perche", "perke": "perche",
    "ke": "che", "ki": "chi", "qnd": "quando", "qndo": "quando", "cm": "come",
    "tt": "tutti", "sn": "sono", "cera": "era", "cerano": "erano", "ce": "c",
    "xk": "perche", "pk": "perche", "pke": "perche", "xo": "pero", "cn": "con",
    "qlc": "qualcuno", "qlcn": "qualcuno", "qcs": "qualcosa", "qlcs": "qualcosa",
    "cmq": "comunque", "anke": "anche", "kosa": "cosa", "qst": "questo", "dv": "dove",
    # Elided question words ("quand'è", "dov'era", "com'è"), folded apart from their verb.
    "quand": "quando", "dov": "dove", "com": "come",
    # Irregular futures the future-tense rule cannot reach: the present says the same.
    "dara": "da", "daranno": "danno", "andra": "va", "andranno": "vanno",
    "potra": "puo", "potranno": "possono", "vorra": "vuole", "vorranno": "vogliono",
    "rimarra": "rimane", "rimarranno": "rimangono", "terranno": "tengono",
    "usera": "usa", "useranno": "usano", "stara": "sta", "staranno": "stanno",
}  # fmt: skip


def expand(folded: str) -> str:
    """Folded text with chat abbreviations written out ("ke succede" -> "che succede").

    A spoken cleft goes too: "quand'è che si sono visti" asks "quando si sono visti".
    """
    text = " ".join(ABBREVIATIONS.get(word, word) for word in folded.split())
    return _CLEFT.sub(r"\1", text) if " e che " in text else text


# "chi è che", "dov'è che", "cos'è che": the question word alone ("chi e che cosa" stays).
_CLEFT = re.compile(r"\b(chi|cosa|dove|quando|come|perche) e che\b(?! cosa)")


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One whole-word pattern for folded phrases, the longest match winning.

    Built as a trie of characters ("da(?:re una mano|nno una mano)"), so a thousand
    phrases cost about as much to look for as a few: the regular expression engine
    tries each alternative of a long list at every position of the text, and a
    trie leaves it one or two at each.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    if not trie:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b" + _alternation(trie) + r"\b")


def _alternation(node: dict[str, Any]) -> str:
    """The regular expression of a trie node's continuations, longer ones first."""
    branches = [re.escape(char) + _alternation(node[char]) for char in sorted(c for c in node if c)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a shorter phrase ends here: the longer ones are tried first
        return f"(?:{body})?"
    return body


# Question phrases that mean a question word ("come mai" asks why).
_QUESTION_PHRASES = {
    "come mai": "perche",
    "per quale motivo": "perche",
    "per quale ragione": "perche",
    "per che motivo": "perche",
    "in che data": "quando",
    "in che giorno": "quando",
    "in quale giorno": "quando",
    "in che citta": "dove",
    "in quale citta": "dove",
    "in che luogo": "dove",
    "in quale luogo": "dove",
    "in che capitale": "dove",
    "in quale capitale": "dove",
    # "in quale città europea": where, not a question about Europe
    "in che citta europea": "dove",
    "in quale citta europea": "dove",
    "in che capitale europea": "dove",
    "in quale capitale europea": "dove",
    # "In che modo?" asks how, as "come" does: "modo" is no word of the topic.
    **{
        f"{prep} {which} {manner}": "come"
        for prep in ("in", "di")
        for which in ("che", "quale")
        for manner in ("modo", "maniera")
    },
    # "Come viene chiamata X?" asks a name, as "come si chiama" does: the verb is the
    # question, not a word of its topic.
    **{
        f"come {aux} chiamat{end}": "come"
        for aux in ("viene", "vengono", "e", "sono")
        for end in ("o", "a", "i", "e")
    },
    **dict.fromkeys(
        (f"{which} nome {verb}" for which in ("che", "quale") for verb in ("ha", "hanno", "porta")),
        "come",
    ),
    # Generic words for parties ask who: "tra quali soggetti", "quali personalità".
    **{
        f"{which} {party}": "chi"
        for which in ("quali", "che", "quale")
        for party in ("soggetti", "soggetto", "attori", "protagonisti", "personalita")
    },
}
# "Quanto è durato…?" asks how long: the verb is the question, not a word of its topic
# (and "durato" would read as "dura", hard).
_QUESTION_PHRASES |= dict.fromkeys(
    (
        f"quanto {tempo}{verb}"
        for tempo in ("", "tempo ")
        for verb in (
            "e durato",
            "e durata",
            "sono durati",
            "sono durate",
            "dura",
            "durano",
            "durera",
            "dureranno",
            "durerebbe",
            "durerebbero",
            "dur",  # "durerà", "dureranno", as `fold` reads a future
        )
    ),
    "quanto",
)
_QUESTION = phrase_pattern(_QUESTION_PHRASES)


def question_phrases(folded: str) -> int:
    """How many question phrases of several words ("in che città") a folded text has."""
    return sum(1 for m in _QUESTION.finditer(folded) if " " in m.group(0))


# Names of several words, fused before stopwords could split them ("stati" is also
# "been", so "Regno Unito" must not read as "Stati Uniti").
_COMPOUNDS = {
    "stati uniti": "statiuniti",
    "regno unito": "regnounito",
    "unione europea": "unioneeuropea",
    "nazioni unite": "nazioniunite",
    "casa bianca": "casabianca",
}
_COMPOUND = re.compile(r"\b(?:" + "|".join(_COMPOUNDS) + r")\b")

IDIOMS_FILE = Path(__file__).with_name("idioms.yaml")
# libyaml's loader where PyYAML was built with it: ten times faster at start-up.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _idioms(path: Path = IDIOMS_FILE) -> dict[str, str]:
    """Each idiom of ``idioms.yaml`` and the plain word it reads as.

    An idiom that ends in an infinitive is also found with a clitic pronoun on
    it: "chiamato a risponderne" is "chiamato a rispondere".
    """
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}
    found = {idiom: plain for plain, idioms in data.items() for idiom in idioms}
    for idiom, plain in list(found.items()):
        if _INFINITIVE.search(idiom):
            for clitic in _CLITICS:
                found.setdefault(f"{idiom[:-1]}{clitic}", plain)
    return found


# An infinitive ending a phrase, and the clitics that attach to it in its place of "-e".
_INFINITIVE = re.compile(r"(?:are|ere|ire)$")
_CLITICS = ("ne", "lo", "la", "li", "le", "ci", "si", "gli", "mi", "ti", "vi")


_IDIOMS = _idioms()
_IDIOM = phrase_pattern(_IDIOMS)

# Filler phrases that say nothing about the topic.
_FILLERS = re.compile(
    r"\b(?:alla fine|in pratica|per favore|per piacere|mi sai dire|sai dirmi|a proposito"
    r"|in qualche modo|in qualche maniera|in un certo senso|un po"
    # Connectives of cause: "visto che non manda soldati" asks nothing about "visto".
    r"|visto che|dato che|considerato che|siccome|poiche|dal momento che)\b"
)

_stemmer = Stemmer.Stemmer("italian")


def strip_accents(text: str) -> str:
    """`text` with its accents and other combining marks taken off ("città" -> "citta")."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def idiom_words() -> frozenset[str]:
    """Every word of ``idioms.yaml``: its idioms and the plain words they read as."""
    return frozenset(w for pair in _IDIOMS.items() for text in pair for w in text.split())


def fold_quotes(text: str) -> str:
    """`text` with typographic apostrophes, quotes and no-break spaces made plain."""
    return text.translate(_QUOTES)


@lru_cache(maxsize=16384)  # an FAQ folds the same answers and phrasings many times over
def fold(text: str) -> str:
    """Lower-case, accent-free text of words and digits separated by single spaces."""
    text = fold_quotes(unicodedata.normalize("NFKC", text)).lower()
    text = _ORDINAL_SIGN.sub(r"\1 ", text)
    text = _FUTURE.sub(r"\1", text)
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not text.isascii():  # rarer marks, beyond the block of Latin accents
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text)
    text = _REPEATS.sub(r"\1", text)
    words = []
    for word in text.replace("'", "' ").split():
        words.append(word.rstrip("'") or word)
    return " ".join(w for w in words if w and w != "'")


def words(text: str) -> list[str]:
    """The folded words of `text`, elisions cut off (dell'Europa -> dell europa)."""
    return fold(text).split()


def _pillars(items: list[str], numbering: Numbering) -> list[str]:
    """Fuse an item word of `numbering` with a neighbouring number or ordinal into one key.

    In a text that speaks of the items, an ordinal after an article stands for one
    too: "il primo e il quarto X", "il secondo è diverso dal quinto".
    """
    if not numbering.words:
        return items
    out = _coordinated(_fuse(items, numbering), numbering)
    named = {*numbering.words, *numbering.plural}  # "il secondo dei cinque X" speaks of them
    if not any(w.startswith(numbering.key) or w in named for w in out):
        return out
    fused: list[str] = []
    i = 0
    while i < len(out):
        word = out[i]
        number = _ordinal(word, numbering) if i > 0 and out[i - 1] in _ARTICLES else 0
        if not number:
            fused.append(word)
            i += 1
            continue
        fused.append(f"{numbering.key}{number}")
        i = _past_set(out, i + 1, numbering)
    return fused


def _coordinated(words: list[str], numbering: Numbering) -> list[str]:
    """Ordinals joined to a fused item share its item word: "secondo e quarto X" names two.

    Read from the end, so a list fuses whole ("primo, secondo e terzo X"), with
    or without articles ("tra il secondo e il quarto X").
    """
    key = numbering.key
    if not any(w.startswith(key) for w in words):
        return words
    out = list(words)
    for i in range(len(out) - 1, 0, -1):
        if not _is_item(out[i], key):
            continue
        j = i - 1
        if out[j] in _JOINED_ARTICLES:  # "… e il quarto X"
            j -= 1
        if j < 1 or out[j] not in _CONJUNCTIONS:
            continue
        j -= 1
        # "primo, secondo e terzo X": the commas are gone, the ordinals follow each other.
        while j >= 0 and (number := _coordinated_ordinal(out[j], numbering)):
            out[j] = f"{key}{number}"
            j -= 1
    return out


def ordinal(word: str) -> bool:
    """Whether a folded word is an ordinal of either gender ("quarta", "ultimo")."""
    return word in _ANY_ORDINAL


def _coordinated_ordinal(word: str, numbering: Numbering) -> int:
    """The item an ordinal of either gender names ("prima", "quarto", "ultimo"), else 0."""
    if word not in _ANY_ORDINAL:
        return 0
    return _from_end(word, numbering.count) or _NUMBERS.get(word, 0)


def _is_item(word: str, key: str) -> bool:
    """Whether `word` is a fused item key ("item#4"), `key` the numbering's prefix."""
    return word.startswith(key) and word[len(key) :].isdigit()


def _past_set(words: list[str], at: int, numbering: Numbering) -> int:
    """Where to go on after an item: past "dei cinque X", the set it is one of, if named."""
    j = at
    for allowed in (_PARTITIVES, {"i", "gli", "le"}, _CARDINALS):  # "tra i cinque X"
        if j < len(words) and words[j] in allowed:
            j += 1
        elif allowed is _PARTITIVES:
            return at
    return j + 1 if j < len(words) and words[j] in numbering.plural else at


def _ordinal(word: str, numbering: Numbering) -> int:
    """The item an ordinal word names ("quarto" -> 4, "ultimo" -> the last), else 0."""
    return _from_end(word, numbering.count) or (_NUMBERS.get(word, 0) if word in _ORDINALS else 0)


def _from_end(word: str, count: int) -> int:
    """The item "ultimo" or "penultimo" names in a list of `count`, else 0."""
    back = {"ultimo": 0, "penultimo": 1}.get(word)
    return count - back if back is not None and count > back else 0


def _misspelt(word: str, triggers: set[str]) -> bool:
    """Whether `word` is an item word with one typo ("pilatro"): fused only beside a number.

    A real word one letter away ("garanzie" beside "garanzia") is no typo.
    """
    if len(word) < TYPO_ITEM_LENGTH or not any(
        OSA.distance(word, t, score_cutoff=1) <= 1 for t in triggers
    ):
        return False
    from bot.answering import lexicon  # here, not above: lexicon reads words through `fold`

    return lexicon.zipf(word) < REAL_WORD_ZIPF


def _fuse(items: list[str], numbering: Numbering) -> list[str]:
    """Fuse an item word with the number or ordinal beside it ("terzo X", "X 3")."""
    triggers = {*numbering.words, *numbering.plural}
    out: list[str] = []
    i = 0
    while i < len(items):
        word = items[i]
        if word in triggers or _misspelt(word, triggers):
            j = i + 1
            while j < len(items) and items[j] in _PILLAR_FILLERS:
                j += 1
            after = _number(word, items[j], numbering) if j < len(items) else None
            if j + 1 < len(items) and items[j] == "i" and items[j + 1] not in _CONJUNCTIONS:
                after = None  # "mettere a punto i dettagli": the article, not Roman one
            if out and _coordinated_ordinal(out[-1], numbering):
                after = None  # "il quarto X uno riguarda…": the ordinal before names it
            if after is not None:
                out.append(f"{numbering.key}{after}")
                i = j + 1
                continue
            before = _number(word, out[-1], numbering) if out else None
            if before is not None:
                out[-1] = f"{numbering.key}{before}"
                i += 1
                continue
        out.append(word)
        i += 1
    return out


def _number(item_word: str, word: str, numbering: Numbering) -> int | None:
    """The item number `word` gives beside `item_word`, if any.

    "the fifth X" is one item; "the five Xs" (the menu's size, plural) is the set of them.
    """
    count = numbering.count
    if item_word in numbering.plural and (word == str(count) or _CARDINALS.get(word) == count):
        return None
    if word in _NUMBERS:
        return _NUMBERS[word]
    return _from_end(word, count) or (_ROMAN.get(word) if item_word in numbering.roman else None)


# Words the stemmer would merge with a word of another meaning in this article.
STEM_EXCEPTIONS = {
    "soldi": "denar",  # not "sold", the key of "soldati"
    "soldo": "denar",
    "presidenza": "presidenz",  # the office, not "presidente" (the person)
    # "parlato" (talked about), not "parlamento" (parliament)
    **dict.fromkeys("parlato parlata parlati parlate parlare parlera parleranno".split(), "parlar"),
    # "puntare" (to aim at), not "punto" (a point, an item of a list)
    **dict.fromkeys(
        "puntare puntano puntava puntavano puntato puntata puntati puntate punterà punteranno"
        " puntera punterebbe punterebbero puntiamo puntando".split(),
        "puntar",
    ),
    # "i governi" (governments at large), not "il governo" (Italy's, in this FAQ's synonyms)
    "governi": "governi",
    # "riservato" (confidential), not "riserve" (stocks)
    **dict.fromkeys("riservato riservata riservati riservate riservatezza".split(), "riservat"),
    # "casse" (coffers), not "caso" (case) nor "casa" (home)
    "casse": "cass",
    "cassa": "cass",
    # "frontiere" (borders), not "fronte" (the front line), whose key Snowball gives both
    "frontiere": "frontier",
    # "contare" (to count, to matter), not "conti" (the accounts of a budget)
    **dict.fromkeys(
        "conta contano contava contavano contare contato contata contera conterebbe".split(),
        "contar",
    ),
}


# Pronouns written onto an infinitive or a gerund ("darglielo", "armarli", "aiutandoli").
_ENCLITICS = tuple(
    sorted(
        """
        glielo gliela glieli gliele gliene melo mela meli mele mene telo tela teli tele tene
        celo cela celi cele cene velo vela veli vele vene selo sela seli sele sene
        lo la li le ne gli mi ti ci vi si
        """.split(),
        key=len,
        reverse=True,
    )
)


_SUPERLATIVE = re.compile(r"issim[oaie]$")


@lru_cache(maxsize=65536)
def verb_of(word: str) -> str | None:
    """The infinitive or gerund under pronouns written onto it ("farlo": "fare"), if any."""
    for pronoun in _ENCLITICS:
        if word.endswith(pronoun) and len(word) - len(pronoun) >= 3:
            base = word[: -len(pronoun)]
            if base.endswith(("ar", "er", "ir")):
                return base + "e"
            if base.endswith(("ando", "endo")):
                return base
            return None
    return None


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """The matching key of one folded word: Snowball stem, double letters collapsed.

    Pronouns written onto a verb go ("armarli" is "armare"), where the verb is long
    enough to tell from a word that only ends like one ("perla", "carlo").
    """
    if word.isdigit() or "#" in word:  # folding drops '#': only a fused item key has one
        return word
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    verb = verb_of(word)
    if verb is not None and len(verb) >= 6:
        return stem(verb)
    if _SUPERLATIVE.search(word) and len(word) >= 9:  # "pienissima" is "piena"
        base = _SUPERLATIVE.sub("", word)  # "importantissimo" is "importante"
        return stem(base + ("e" if base.endswith(("ant", "ent")) else "o"))
    key = _DOUBLES.sub(r"\1", _stemmer.stemWord(word))
    # The "h" that keeps c and g hard before e and i ("paghiamo", "poche") is spelling.
    return key[:-1] if len(key) > 3 and key[-2:] in ("ch", "gh") else key


def terms(text: str, numbering: Numbering = NO_NUMBERING) -> list[str]:
    """Folded, item-fused, stopword-free words of `text`, in order, not yet stemmed."""
    return [w for w in _terms(text, numbering) if w != BREAK]


def marked_terms(text: str, numbering: Numbering = NO_NUMBERING) -> list[str]:
    """`terms` with a `BREAK` where a preposition was: what synonym phrases may not span."""
    return list(_terms(text, numbering))


@lru_cache(maxsize=16384)
def _terms(text: str, numbering: Numbering) -> tuple[str, ...]:
    """`marked_terms`, kept: indexing an FAQ reads the same texts several times."""
    text = _QUESTION.sub(lambda m: _QUESTION_PHRASES[m.group(0)], fold(text))
    text = _COMPOUND.sub(lambda m: _COMPOUNDS[m.group(0)], text)
    text = _IDIOM.sub(lambda m: _IDIOMS[m.group(0)], text)
    items = expand(_FILLERS.sub(" ", text)).split()
    out: list[str] = []
    for word in _pillars(items, numbering):
        if word in PREPOSITIONS:
            if out and out[-1] != BREAK:
                out.append(BREAK)
        elif word not in STOPWORDS and verb_of(word) not in STOPWORDS:  # "farlo", "dirgli"
            out.append(word)
    if out and out[-1] == BREAK:
        out.pop()
    return tuple(out)


def forget_texts() -> None:
    """Empty the caches of folded texts and their terms (the cold case benchmarks time)."""
    fold.cache_clear()
    _terms.cache_clear()


def keys(text: str, numbering: Numbering = NO_NUMBERING) -> list[str]:
    """Folded, item-fused, stopword-free, stemmed keys of `text`, in order."""
    return [stem(w) for w in terms(text, numbering)]


def marked_keys(text: str, numbering: Numbering = NO_NUMBERING) -> list[str]:
    """`keys` with the `BREAK`s of `marked_terms`."""
    return [w if w == BREAK else stem(w) for w in marked_terms(text, numbering)]


class Synonyms:
    """Rewrites any phrase of a synonym group into the group's canonical key."""

    def __init__(
        self, groups: Iterable[Sequence[str]], numbering: Numbering = NO_NUMBERING
    ) -> None:
        self._phrases: dict[tuple[str, ...], str] = {}
        # A phrase with a preposition ("X di Y") is also found without it ("X Y"); one
        # without ("X Y") is not found across one ("X sulla Y": a leader's meeting on a
        # country is not that country's leader).
        marked: dict[tuple[str, ...], str] = {}
        for group in groups:
            phrase_keys = [tuple(marked_keys(phrase, numbering)) for phrase in group]
            phrase_keys = [k for k in phrase_keys if k]
            if not phrase_keys:
                continue
            canonical = "_".join(k for k in phrase_keys[0] if k != BREAK)
            for k in phrase_keys:
                self._phrases[tuple(w for w in k if w != BREAK)] = canonical
                if BREAK in k:
                    marked[k] = canonical
        self._phrases.update(marked)
        self._longest = max((len(k) for k in self._phrases), default=0)

    @property
    def phrases(self) -> dict[tuple[str, ...], str]:
        """Each phrase (as keys) and the canonical key it becomes."""
        return dict(self._phrases)

    def apply(self, items: Sequence[str]) -> list[str]:
        """Replace the longest synonym phrase starting at each position; drop the `BREAK`s.

        Two phrases of one group that overlap are one mention: in "scambio di
        informazioni riservate" both "scambio di informazioni" and "informazioni
        riservate" name the same thing, so "riservate" is not left over as a word.
        """
        out: list[str] = []
        i = 0
        while i < len(items):
            if items[i] == BREAK:
                i += 1
                continue
            found = self._longest_at(items, i)
            if found is None:
                out.append(items[i])
                i += 1
                continue
            canonical, end = found
            start = i + 1
            while start < end:  # a phrase of the same group starting inside runs on
                more = self._longest_at(items, start)
                if more is not None and more[0] == canonical and more[1] > end:
                    end = more[1]
                start += 1
            out.append(canonical)
            i = end
        return out

    def _longest_at(self, items: Sequence[str], i: int) -> tuple[str, int] | None:
        """The canonical key of the longest phrase starting at `i`, and where it ends."""
        for size in range(min(self._longest, len(items) - i), 0, -1):
            canonical = self._phrases.get(tuple(items[i : i + size]))
            if canonical is not None:
                return canonical, i + size
        return None
