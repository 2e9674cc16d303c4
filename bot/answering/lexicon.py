"""Facts about Italian at large, from well-kept data packages, looked up lazily.

- `zipf`: how common a word is in Italian (wordfreq's Zipf scale: 7 for "il",
  3 for a word met once in a million, 0 when unknown);
- `is_place`: whether a word names a country or region (CLDR's Italian names,
  through Babel): "germania", "polonia", "regno unito"; or is a nationality
  adjective (`demonyms` in `italian.yaml`): "tedesco", "polacchi".

Each loads its data on first use: the frequencies when the index weighs the
FAQ's words (about 10 ms, read from wordfreq's data file), the place names on
the first word the FAQ does not know (about 40 ms).
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import cache, lru_cache
from pathlib import Path

import msgpack
import Stemmer

from bot.answering.normalise import fold
from bot.answering.reading import language

SEEN_ZIPF = 2.0  # a word this common in the large list is a word of Italian, not a typo
LEXEME_MIN_STEM = 4  # a shorter stem is shared by unrelated words ("reg": "regia", "regione")
_INFLECTIONS = ("o", "a", "e", "i", "are", "ere", "ire")
_stemmer = Stemmer.Stemmer("italian")


@cache
def _frequencies() -> dict[str, float]:
    """Italian Zipf frequencies from wordfreq's small list (words from Zipf 3 up, 10 ms)."""
    bins = _bins("small_it", 0.0)
    return {word: 9 - i / 100 for i, words in enumerate(bins) for word in words}


@cache
def _large() -> frozenset[str]:
    """The large list's words from Zipf `SEEN_ZIPF` up (about 0.1 s, on first use)."""
    return frozenset(word for words in _bins("large_it", SEEN_ZIPF) for word in words)


def _bins(name: str, lowest: float) -> list[list[str]]:
    """The bins of one of wordfreq's Italian lists, from Zipf `lowest` up.

    A list is read straight from wordfreq's data file, in its documented
    "cBpack" format (a header, then bins of words, bin i at Zipf 9 - i/100):
    the package's own import pulls in language tools this bot does not need and
    costs about 0.3 s.
    """
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.msgpack.gz"
    last = round((9 - lowest) * 100)  # the bins after it are not read at all
    with gzip.open(path) as packed:
        unpacker = msgpack.Unpacker(packed, raw=False)
        size = unpacker.read_array_header()
        header = unpacker.unpack()
        if header.get("format") != "cB":
            raise ValueError(f"{path}: unknown wordfreq format {header!r}")
        return [unpacker.unpack() for _ in range(min(size - 1, last + 1))]


def frequencies() -> dict[str, float]:
    """Every word of the list with its Zipf frequency (as written, accents kept)."""
    return _frequencies()


# A folded word may have lost a final accent ("citta" for "città", "perche" for "perché").
_ACCENTED = {"a": "à", "e": "èé", "i": "ì", "o": "ò", "u": "ù"}


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of a folded word in Italian; 0 when the word list lacks it."""
    return _lookup(_frequencies(), word)


@lru_cache(maxsize=65536)
def lexeme_zipf(word: str) -> float:
    """How common a folded word's lexeme is: the commonest of its inflections tried.

    A rare inflection of a common word is no rarer a word: "prenderebbero" is
    hardly written, "prendere" often. The inflections are its Snowball stem with
    the endings of nouns, adjectives and verbs; stems shorter than
    `LEXEME_MIN_STEM` are left alone, where another word would share them.
    """
    own = zipf(word)
    base = _stemmer.stemWord(word)
    if len(base) < LEXEME_MIN_STEM or base == word:
        return own
    return max(own, *(zipf(base + ending) for ending in _INFLECTIONS))


def seen(word: str) -> bool:
    """Whether a folded word is written in Italian often enough to be no typo.

    wordfreq's large list down to Zipf `SEEN_ZIPF`: rarer forms ("allenano",
    "spetterà") and names in the news ("Tusk") are there, most typos are not.
    """
    large = _large()
    return word in large or any(word[:-1] + a in large for a in _ACCENTED.get(word[-1:], ""))


def _lookup(table: dict[str, float], word: str) -> float:
    """A folded word's frequency in `table`, its final vowel also tried accented."""
    found = table.get(word, 0.0)
    for accent in _ACCENTED.get(word[-1:], ""):
        found = max(found, table.get(word[:-1] + accent, 0.0))
    return found


@cache
def _places() -> frozenset[str]:
    """Folded Italian names of countries and regions, single words and fused phrases."""
    from babel import Locale

    names: set[str] = set()
    for name in Locale("it").territories.values():
        folded = fold(name)
        names.add(folded.replace(" ", ""))  # "regno unito" is fused as "regnounito"
        if " " not in folded:
            names.add(folded)
    return frozenset(names)


def is_place(word: str) -> bool:
    """Whether a folded word (or fused name) is a country or region in Italian, or its people's."""
    return word in _places() or word in _demonyms()


@cache
def _demonyms() -> frozenset[str]:
    """Every form of the nationality adjectives of `italian.yaml` ("tedesco", "tedeschi")."""
    return frozenset(form for word in language().demonyms for form in _forms(word))


def _forms(word: str) -> tuple[str, ...]:
    """The four forms of an adjective from its masculine singular ("greco": "greci", "greche")."""
    if word.endswith(("co", "go")):  # "tedeschi" and "greci" both: the plural is not regular
        hard = word[:-1] + "h"
        return (word, word[:-1] + "a", hard + "i", word[:-1] + "i", hard + "e")
    if word.endswith("o"):
        return (word, word[:-1] + "a", word[:-1] + "i", word[:-1] + "e")
    if word.endswith("a"):  # "belga", "cipriota"
        return (word, word[:-1] + "i", word[:-1] + "e", word[:-1] + "hi", word[:-1] + "he")
    if word.endswith("e"):
        return (word, word[:-1] + "i")
    return (word,)
