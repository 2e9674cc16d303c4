"""Facts about Italian at large, from well-kept data packages, looked up lazily.

- `zipf`: how common a word is in Italian (wordfreq's Zipf scale: 7 for "il",
  3 for a word met once in a million, 0 when unknown);
- `is_place`: whether a word names a country or region (CLDR's Italian names,
  through Babel): "germania", "polonia", "regno unito".

Both load their data on first use (about 0.1 s), not at start-up.
"""

from __future__ import annotations

from functools import cache, lru_cache

from bot.answering.normalise import fold


@cache
def _frequencies() -> dict[str, float]:
    """Italian word frequencies (wordfreq's small list: words from Zipf 3 up)."""
    import wordfreq

    folded: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict("it", wordlist="small").items():
        key = fold(word)
        folded[key] = max(folded.get(key, 0.0), frequency)
    return folded


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of a folded word in Italian; 0 when the word list lacks it."""
    import math

    frequency = _frequencies().get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


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
    """Whether a folded word (or fused name) is a country or region in Italian."""
    return word in _places()
