"""Misspelt words read as the words meant, before the message is matched.

Every question here is written for this file, apart from the FAQ's phrasings
and from the shared development sets.
"""

from __future__ import annotations

import pytest

from bot.answering import lexicon
from bot.answering.engine import Engine
from bot.answering.models import Kind, Knowledge
from bot.answering.normalise import STOPWORDS
from bot.answering.spelling import Speller, language_words


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Cosa dice il pcimo pilastro?", "Cosa dice il primo pilastro?"),  # an ordinal
        ("e il qurato?", "e il quarto?"),
        ("Chi guida la forza multinazionael?", "Chi guida la forza multinazionale?"),
        ("Cosa faranno qiesti paesi?", "Cosa faranno questi paesi?"),  # a stopword
        ("Di cosa si parlerà neella riunione?", "Di cosa si parlerà nella riunione?"),
        ("Quando sarxnno pronte?", "Quando saranno pronte?"),
        ("Qali sono le garanzie?", "Quali sono le garanzie?"),  # capital kept
        ("Dove si è tenuto il bertice?", "Dove si è tenuto il vertice?"),  # the first letter
        ("Cosa dice il rpimo?", "Cosa dice il primo?"),
        ("Che cosa ha detto Zelenksy?", "Che cosa ha detto Zelensky?"),  # an FAQ name
        ("Perché si parla della Groelandia?", "Perché si parla della Groenlandia?"),
        # A stem the index knows, written wrong: the FAQ's word, for what counts the form.
        ("Quali sono i cinque pilasstri?", "Quali sono i cinque pilastri?"),
        ("Il primo dei ciinque pilastri", "Il primo dei cinque pilastri"),
        ("Il bilanco dello Stato", "Il bilancio dello Stato"),
    ],
)
def test_a_misspelt_word_is_read_as_the_word_meant(engine: Engine, typed: str, meant: str) -> None:
    """FAQ words, ordinals and function words with one typo are put right."""
    assert engine.speller.respell(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "Il presidente presiede la seduta?",  # real words, however near an FAQ word
        "E la Germania che fa?",  # a country
        "Cosa ne pensa Rutte del vertice?",  # a name the FAQ does not know, not respelt
        "Che dice Merz della tregua?",
        "li allenano pure?",  # forms rarer than the small word list, still in the large one
        "A chi spetterà il comando?",
        "ciao",
        "ehm raga boh cmq xke nn lo so",  # fillers and chat spellings are the language's
        "La Nato e l'articolo 5",
        "",
    ],
)
def test_words_and_names_are_taken_as_written(engine: Engine, typed: str) -> None:
    """Real Italian words, countries, unknown names and chat spellings stay as they are."""
    assert engine.speller.respell(typed) == typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("che ruolo hanno gli Stati Unti?", "che ruolo hanno gli Stati Uniti?"),  # "unti" is a word
        ("il cessate il fuoco e le forze armare", "il cessate il fuoco e le forze armate"),
        ("Le forse armate ucraine", "Le forze armate ucraine"),  # the first word of the pair
    ],
)
def test_a_real_word_is_read_as_the_one_its_set_phrase_needs(
    engine: Engine, typed: str, meant: str
) -> None:
    """A word of Italian one typo from what the FAQ's set phrase needs next to it is that word."""
    assert engine.speller.respell(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "Cosa fanno gli stati uniti?",  # the pair as written
        "A cosa serve?",  # a function word is no anchor: not "a casa"
        "Quanti soldati addestrati dalla coalizione?",  # a stopword is not respelt: not "della"
        "cosa succede in caso di attacco",  # not "in capo"
        "hanno deciso qualcosa di concreto",  # not "di concerto"
    ],
)
def test_a_neighbour_alone_respells_no_function_word(engine: Engine, typed: str) -> None:
    """Short words and prepositions say too little of their neighbour to respell it."""
    assert engine.speller.respell(typed) == typed


def test_a_name_is_only_respelt_as_a_word_of_the_faq() -> None:
    """A capitalised word in mid-sentence is a name: an ordinary word is no candidate for it."""
    speller = Speller(lambda: {"zelensky", "stati"})
    assert speller.respell("Lo dice Zelenskx oggi") == "Lo dice Zelensky oggi"
    assert speller.respell("Lo dice Qiesti oggi") == "Lo dice Qiesti oggi"
    assert speller.respell("lo dice qiesti oggi") == "lo dice questi oggi"


@pytest.mark.parametrize(
    ("word", "seen"),
    [
        ("allenano", True),  # forms rarer than the small list's Zipf 3
        ("spettera", True),  # "spetterà", its accent lost
        ("delal", False),
        ("queesto", False),
        ("sarxnno", False),
    ],
)
def test_the_large_word_list_tells_rare_words_from_typos(word: str, seen: bool) -> None:
    """The large word list, from Zipf 2, holds rare real forms and not common typos."""
    assert lexicon.seen(word) is seen


def test_the_language_data_is_known() -> None:
    """Fillers, chat spellings, idioms and small talk are words of the language data."""
    known = language_words()
    assert {"ehm", "raga", "cmq", "xke", "grazie", "scannati"} <= known


@pytest.mark.parametrize(
    ("clean", "typed"),
    [
        ("Cosa prevede il secondo pilastro?", "Cosa prevede il secnodo pilastro?"),
        ("Chi guiderà la forza multinazionale?", "Chi guiderà la froza multinazionale?"),
        ("L'Italia manderà soldati in Ucraina?", "L'Italia manderà soldati in Ucriana?"),
        ("Cosa hanno deciso sulle sanzioni alla Russia?", "Cosa hanno decsio sulle sanzioni?"),
        ("Quali sono i cinque pilastri?", "Qauli sono i cinque pilastri?"),
        ("Dove si è tenuto il vertice?", "Dove si è tenuto il vretice?"),
        ("Quali sono i cinque pilastri?", "Quali sono i cinque pilastrri?"),  # all, not the fifth
    ],
)
def test_a_typo_does_not_change_the_answer(engine: Engine, clean: str, typed: str) -> None:
    """A question with one typo gets the answer its clean spelling gets."""
    expected, got = engine.ask(clean), engine.ask(typed)
    assert expected.kind is Kind.ANSWER
    assert expected.best is not None
    assert got.kind is Kind.ANSWER
    assert got.best is not None
    assert got.best.entry.id == expected.best.entry.id


def _swapped(phrasing: str) -> str | None:
    """`phrasing` with two letters of its first long function word swapped ("dlela").

    None when it has no such word or the swap makes another word of Italian ("perse"
    for "prese"), which no speller can tell from what was meant.
    """
    words = phrasing.split()
    for i, word in enumerate(words):
        if len(word) >= 5 and word.isalpha() and word.lower() in STOPWORDS:
            typed = word[0] + word[2] + word[1] + word[3:]
            if lexicon.seen(typed.lower()) or lexicon.zipf(typed.lower()) >= 3:
                return None
            return " ".join([*words[:i], typed, *words[i + 1 :]])
    return None


def test_a_misspelt_function_word_never_changes_an_answer(
    engine: Engine, shipped: Knowledge
) -> None:
    """Every phrasing the FAQ answers keeps its answer with a typo in a word like "della"."""
    tried, changed = 0, []
    for entry in shipped.entries:
        for phrasing in entry.questions:
            clean = engine.ask(phrasing)
            typed = _swapped(phrasing)
            if typed is None or clean.kind is not Kind.ANSWER or clean.best is None:
                continue
            if clean.best.entry.id != entry.id:
                continue
            tried += 1
            got = engine.ask(typed)
            if (
                got.kind is not Kind.ANSWER
                or got.best is None
                or got.best.entry != clean.best.entry
            ):
                changed.append(typed)
    assert tried > 300
    assert changed == []


def test_forget_empties_what_the_speller_keeps(engine: Engine) -> None:
    """The cold case the benchmarks time starts without the corrections already made."""
    engine.speller.respell("il pcimo pilastro")
    assert engine.speller.word.cache_info().currsize > 0
    engine.forget()
    assert engine.speller.word.cache_info().currsize == 0
