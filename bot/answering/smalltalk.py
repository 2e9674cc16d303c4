"""Recognising small talk: greetings, thanks, "chi sei?", "aiuto", "ok".

A message is small talk only when nothing but small-talk phrases remain in it:
"ciao, quando è successo?" is a question, "ciao!" is a greeting. The
replies live in `bot.answering.texts`, with the rest of what the bot says.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.answering.normalise import fold

# Intent -> phrases, folded (lower case, no accents, no punctuation).
INTENTS: dict[str, tuple[str, ...]] = {
    "greeting": (
        "ciao", "salve", "buongiorno", "buon giorno", "buonasera", "buona sera",
        "buon pomeriggio", "hey", "ehi", "ei", "hola", "hello", "hi", "weila", "we",
        "eccomi", "ciao bot", "ehi bot", "buona giornata", "buona serata",
        "buon natale", "buone feste", "buon anno", "auguri", "tanti auguri",
        "test", "prova", "prova prova",
    ),
    "howareyou": ("come va", "come stai", "tutto bene", "come ti va", "tutto ok"),
    "thanks": (
        "grazie", "grazie mille", "ti ringrazio", "molte grazie", "mille grazie",
        "grazie tante", "thanks", "thank you", "gentilissimo", "gentile", "grz", "thx",
        "sei stato utile", "sei stata utile", "molto utile", "utile", "bravo", "brava",
        "ottimo lavoro", "complimenti",
    ),
    "identity": (
        "chi sei", "cosa sei", "che cosa sei", "sei un bot", "sei un robot",
        "sei umano", "sei una persona", "come ti chiami", "cosa sai fare",
        "che cosa sai fare", "cosa puoi fare", "di cosa parli", "di cosa sai",
        "chi ti ha creato", "chi ti ha fatto", "chi ti ha programmato", "chi e il tuo creatore",
        "quanti anni hai", "dove sei", "che lingua parli", "parli inglese", "parli italiano",
        "sei intelligente", "sei simpatico", "sei simpatica", "sei stupido", "sei scemo",
        "sei vero", "sei reale", "ti chiami", "hello how are you", "how are you",
    ),
    "help": (
        "aiuto", "help", "aiutami", "come funziona", "istruzioni", "comandi",
        "menu", "cosa posso chiedere", "cosa posso chiederti", "start", "help me",
        "non ho capito", "non capisco", "dimmi qualcosa", "cosa mi consigli",
    ),
    "ack": (
        "ok", "okay", "okk", "va bene", "capito", "perfetto", "d accordo",
        "bene", "benissimo", "ottimo", "si", "certo", "chiaro", "ho capito", "k",
        "ahah", "haha", "ah ah", "lol", "boh", "mah", "forse", "no", "interessante",
        "capisco", "wow", "davvero", "ah ok", "ah", "oh",
    ),
    "bye": (
        "arrivederci", "a presto", "ciao ciao", "buonanotte", "buona notte",
        "addio", "alla prossima", "a dopo", "bye", "non mi serve altro", "basta cosi",
        "niente", "nient altro", "a posto cosi", "ho finito", "buonanotte a tutti",
    ),
}  # fmt: skip

_OWNER = {phrase: intent for intent, phrases in INTENTS.items() for phrase in phrases}
_PHRASES = sorted(_OWNER, key=len, reverse=True)
_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b")
# Words that add nothing to a greeting ("buona serata a te", "buonanotte a tutti voi").
_POLITE = frozenset("bot amico allora e ma pure anche tu te mi ti a voi tutti".split())
_ACK_EMOJI = frozenset("👍👌🙏✅👏🙂😊😀")


def intent(text: str) -> str | None:
    """The small-talk intent of `text`, or None when it says something more."""
    folded = fold(text)
    if not folded:
        stripped = {ch for ch in text if not ch.isspace()}
        return "ack" if stripped and stripped <= _ACK_EMOJI else None
    found = _PATTERN.findall(folded)
    rest = [w for w in _PATTERN.sub(" ", folded).split() if w not in _POLITE]
    if found and not rest:
        return _OWNER[found[0]]
    words = folded.split()
    if len(words) == 1 and len(words[0]) >= 5:
        # One slightly misspelt word ("grazi", "buongirno") is still small talk.
        match = process.extractOne(words[0], _PHRASES, scorer=fuzz.ratio, score_cutoff=90)
        if match is not None:
            return _OWNER[match[0]]
    return None
