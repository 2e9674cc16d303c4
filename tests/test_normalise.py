"""Italian normalisation: what a reader types becomes the same keys as the FAQ."""

from __future__ import annotations

import pytest
import yaml

from bot.answering.models import Knowledge
from bot.answering.normalise import (
    IDIOMS_FILE,
    Synonyms,
    expand,
    fold,
    keys,
    marked_keys,
    phrase_pattern,
    terms,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("PERCHÉ", "perche"),
        ("perchè", "perche"),
        ("perche", "perche"),
        ("L’Italia", "l italia"),
        ("dell'Ucraina", "dell ucraina"),
        ("c'è", "c e"),
        ("all’articolo 5", "all articolo 5"),
        ("ciaooooo!!!", "ciao"),
        ("🇮🇹 Italia?! 🤔", "italia"),
        ("  spazi\t\nmultipli  ", "spazi multipli"),
        ("1° pilastro", "1 pilastro"),
    ],
)
def test_fold(typed: str, expected: str) -> None:
    """Case, accents, apostrophes, emoji, punctuation and repeated letters fold away."""
    assert fold(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "primo pilastro",
        "pilastro 1",
        "1° pilastro",
        "pilastro numero uno",
        "I pilastro",
        "1 pilastro",
    ],
)
def test_first_pillar_spellings_share_one_key(typed: str, shipped: Knowledge) -> None:
    """Ordinals, digits, roman numerals and "numero" all name the same pillar."""
    assert keys(typed, shipped.numbering) == ["pilastro#1"]


@pytest.mark.parametrize("typed", ["quarto pilatro", "il quarto pilastor", "pilsatro 4"])
def test_an_item_word_with_one_typo_is_still_fused(typed: str, shipped: Knowledge) -> None:
    """One typo in the item word beside a number still names that item."""
    assert terms(typed, shipped.numbering) == ["pilastro#4"]


def test_an_article_after_an_item_word_is_no_roman_numeral(shipped: Knowledge) -> None:
    """An article after an item word ("a punto i partner") is no Roman one; "il punto I" is."""
    numbering = shipped.numbering
    assert not any("#" in k for k in keys("mettere a punto i partner", numbering))
    assert keys("il punto I", numbering) == keys("il primo punto", numbering)
    assert keys("il pilastro I e il quinto", numbering)[0] == keys("primo pilastro", numbering)[0]


def test_a_real_word_one_letter_from_an_item_word_is_not_fused(shipped: Knowledge) -> None:
    """The five guarantees are not the fifth guarantee: a real plural is no typo."""
    assert not any(t.endswith("#5") for t in terms("le cinque garanzie", shipped.numbering))


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("gli danno una mano a costruire", "aiutare"),
        ("chi ha tirato fuori l'idea", "proposto"),
        ("vanno coi piedi di piombo", "prudente"),
        ("gli aiuti vanno avanti?", "continua"),
        ("chi prenderà parte alla missione", "partecipato"),
        ("si terrà conto delle leggi di ogni paese?", "rispetto"),
        ("quando entreranno in gioco i soldati", "ruolo"),
        ("le armi arriveranno alla svelta?", "rapido"),
        ("la Spagna si è tirata fuori?", "ritirato"),
        ("chi ha messo sul piatto i soldi", "proposto"),
        ("l'Europa che parte ha in questa storia?", "ruolo"),
        # A clitic on the idiom's infinitive: "rendere conto" as "rendercene conto" is not.
        ("chi sarà chiamato a risponderne?", "responsabilita"),
        ("ci sarà di persona?", "presente"),
        ("il nostro paese cosa farà?", "italia"),  # "our", said by an Italian reader
        ("il nostro esercito andrà là?", "italiano"),
    ],
)
def test_idioms_read_as_the_plain_word(typed: str, plain: str) -> None:
    """An idiom reads as the plain word it means, so it meets the FAQ's own words."""
    assert plain in terms(typed)


def test_what_someone_combinato_is_what_they_did() -> None:
    """Chat Italian's "che ha combinato?" is "che ha fatto?": a function word, not a topic."""
    assert terms("che ha combinato il sindaco?") == terms("che ha fatto il sindaco?")


def test_idioms_file_is_folded_and_unambiguous() -> None:
    """Every idiom is written folded, as it is matched, and means one plain word only."""
    data = yaml.safe_load(IDIOMS_FILE.read_text(encoding="utf-8"))
    idioms = [idiom for listed in data.values() for idiom in listed]
    assert idioms
    assert all(fold(idiom) == idiom for idiom in idioms)
    assert len(idioms) == len(set(idioms))


def test_five_pillars_is_the_set_not_the_fifth(shipped: Knowledge) -> None:
    """The words "cinque pilastri" mean all of them, "quinto pilastro" only the last."""
    numbering = shipped.numbering
    assert "pilastro#5" not in keys("i cinque pilastri", numbering)
    assert keys("quinto pilastro", numbering) == ["pilastro#5"]
    assert keys("ultimo pilastro", numbering) == ["pilastro#5"]
    assert keys("i pilastri", numbering) == keys("pilastri", numbering)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("il secondo dei cinque pilastri", 2),
        ("il quarto tra i pilastri", 4),
        ("l'ultimo dei pilastri", 5),
        ("il penultimo pilastro", 4),
    ],
)
def test_one_of_the_set_is_that_item(typed: str, number: int, shipped: Knowledge) -> None:
    """One of the set ("il secondo dei cinque pilastri") names that item alone."""
    assert terms(typed, shipped.numbering) == [f"pilastro#{number}"]


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("cosa cambia tra secondo e quarto pilastro", [2, 4]),
        ("la prima e la seconda garanzia", [1, 2]),
        ("il terzo e l'ultimo pilastro", [3, 5]),
        ("primo, secondo e terzo pilastro", [1, 2, 3]),
        ("terzo e quarto pilastro: uno riguarda", [3, 4]),  # "uno" here is "one of them"
    ],
)
def test_ordinals_joined_by_and_share_the_item_word(
    typed: str, numbers: list[int], shipped: Knowledge
) -> None:
    """Ordinals joined by "e" name two items: "secondo e quarto pilastro" is the 2nd and 4th."""
    named = [k for k in terms(typed, shipped.numbering) if k.startswith("pilastro#")]
    assert named == [f"pilastro#{n}" for n in numbers]


def test_an_ordinal_not_joined_to_an_item_stays_a_word(shipped: Knowledge) -> None:
    """An ordinal not joined to an item stays a word: "secondo il quarto X" is "according to"."""
    assert terms("secondo il quarto pilastro", shipped.numbering) == ["pilastro#4"]
    assert "pilastro#1" not in terms("prima e dopo il quarto pilastro", shipped.numbering)


def test_without_numbering_nothing_is_fused() -> None:
    """A FAQ whose profile names no numbered items keeps numbers as words."""
    assert keys("primo pilastro") == ["prim", "pilastr"]


def test_an_elided_demonstrative_is_a_function_word() -> None:
    """An elided demonstrative ("quell'organismo") is no key of its own."""
    assert keys("quell'organismo") == keys("quello organismo") == keys("organismo")


def test_an_intensifier_is_a_function_word() -> None:
    """An intensifier ("soprattutto") says how much, not what about: it is no key."""
    assert keys("di cosa si è parlato soprattutto?") == keys("di cosa si è parlato?")


@pytest.mark.parametrize(
    "manner", ["in che modo", "in quale modo", "in che maniera", "di che modo"]
)
def test_a_phrase_asking_how_is_no_key(manner: str) -> None:
    """A phrase asking how ("in che modo") is read as "come": "modo" is no topic."""
    assert keys(f"{manner} si attiva?") == keys("come si attiva?")
    assert keys("il modo di fare") != keys("di fare")


@pytest.mark.parametrize(
    "asking", ["come viene chiamata", "come vengono chiamati", "che nome ha", "quale nome ha"]
)
def test_a_phrase_asking_a_name_is_no_key(asking: str) -> None:
    """A phrase asking a name ("come viene chiamata") is read as "come": "chiamata" is no topic."""
    assert keys(f"{asking} la missione?") == keys("come la missione?")
    assert keys("la chiamata di Zelensky") != keys("di Zelensky")


def test_stopwords_go_but_question_words_stay() -> None:
    """Function words drop; chi, quando, dove, perché, quanto and non carry meaning."""
    kept = terms("chi quando dove perché quanto non il della e")
    assert kept == ["chi", "quando", "dove", "perche", "quanto", "non"]


@pytest.mark.parametrize(
    "message",
    [
        "pensavo fosse tra i più cauti",
        "se fossero stati d'accordo avrebbero firmato",
        "immagino siano legati a un attacco",
        "avrebbe potuto dirlo prima",
        "com'era la posizione?",
        "se kiev venisse aggredita",
        "la tregua va verificata e andrebbe rispettata",
        "che cosa facesse la coalizione",
        "che linea hanno preso sulla tregua",
        "prenderanno una decisione sulla tregua",
        "le armi chi gliele manda",
        "esiste un piano per la tregua",
        "se mosca tornasse ad attaccare",
        "qualora ci fosse qualche attacco",
    ],
)
def test_auxiliary_and_modal_forms_are_function_words(message: str) -> None:
    """Auxiliaries, modals, light verbs (fare, prendere) and clitics leave nothing."""
    kept = set(terms(message))
    function = {"fosse", "fossero", "avrebbero", "siano", "avrebbe", "potuto", "com"}
    light = {
        "venisse",
        "va",
        "andrebbe",
        "facesse",
        "preso",
        "prend",
        "gliele",
        "esiste",
        "tornasse",
    }
    assert not kept & (function | light)
    assert kept  # the content words stay


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("soldati", "soldato"),
        ("commissione", "commisione"),
        ("L'Italia manderà soldati", "l'italia manda soldati"),
        ("invieranno", "inviano"),
        ("nn mandano", "non mandano"),
        ("siccome piove, dato che è tardi", "piove, è tardi"),  # connectives of cause
        ("sta roba della fiera", "la fiera"),  # placeholder nouns of chat Italian
        ("paghiamo", "pagare"),  # the "h" of a hard g or c is spelling
    ],
)
def test_forms_share_keys(one: str, other: str) -> None:
    """Inflections, doubled-letter typos, future tenses, chat spellings, connectives meet."""
    assert keys(one) == keys(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("soldi", "soldati"),
        ("presidenza", "presidente"),
        ("puntano", "punti"),
        ("se ne è parlato", "il parlamento"),
        ("le casse", "in caso"),
        ("conta", "conti"),
        ("i governi", "il governo"),
        ("informazioni riservate", "le riserve"),
        ("le frontiere", "il fronte"),
    ],
)
def test_words_the_stemmer_would_merge_keep_their_own_keys(one: str, other: str) -> None:
    """Money is not soldiers, the office not the person, aiming at not a list's points."""
    assert keys(one) != keys(other)


def test_which_european_city_asks_where_not_about_europe() -> None:
    """In "in quale capitale europea" the question asks for a place, not about Europe."""
    assert terms("In quale capitale europea si è tenuta la fiera?")[:1] == ["dove"]
    assert "europea" not in terms("in che città europea si sono visti?")


def test_synonyms_rewrite_phrases_to_one_key() -> None:
    """Every phrase of a group becomes the group's key, longest phrase first."""
    synonyms = Synonyms([["cessate il fuoco", "tregua"], ["stati uniti", "usa", "americani"]])
    assert synonyms.apply(keys("tregua")) == synonyms.apply(keys("il cessate il fuoco"))
    assert synonyms.apply(keys("gli americani")) == synonyms.apply(keys("USA"))
    assert synonyms.apply(keys("tregua usa")) != synonyms.apply(keys("tregua"))


def test_two_overlapping_phrases_of_one_group_are_one_mention() -> None:
    """Phrases of one group that overlap leave no word over; other groups' do not join."""
    synonyms = Synonyms(
        [["spionaggio", "scambio di informazioni", "informazioni riservate"], ["tregua"]]
    )
    (spying,) = synonyms.apply(keys("spionaggio"))
    (truce,) = synonyms.apply(keys("tregua"))
    assert synonyms.apply(keys("scambio di informazioni riservate")) == [spying]
    assert synonyms.apply(keys("scambio di informazioni tregua")) == [spying, truce]
    assert len(synonyms.apply(keys("scambio di informazioni utili"))) == 2


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("armarli", "armare"),
        ("mandarglieli", "mandare"),
        ("sostenendola", "sostenendo"),
        ("difenderla", "difendere"),
    ],
)
def test_pronouns_written_onto_a_verb_go(written: str, plain: str) -> None:
    """A pronoun written onto a verb is no part of it: "armarli" has the key of "armare"."""
    assert keys(written) == keys(plain)


@pytest.mark.parametrize(
    ("superlative", "plain"),
    [("pienissima", "piena"), ("importantissimo", "importante"), ("velocissimi", "veloce")],
)
def test_a_superlative_has_the_key_of_its_adjective(superlative: str, plain: str) -> None:
    """A superlative ("pienissima") has the key of its adjective ("piena")."""
    assert keys(superlative) == keys(plain)


@pytest.mark.parametrize("written", ["farlo", "dirgli", "dargliele", "averlo", "esserci"])
def test_a_function_verb_with_pronouns_is_a_function_word(written: str) -> None:
    """A function verb with pronouns is a function word: "Chi dovrà farlo?" asks nothing of it."""
    assert terms(f"chi dovrà {written}") == ["chi"]


@pytest.mark.parametrize(("word", "other"), [("perla", "pere"), ("carlo", "care")])
def test_a_word_that_only_ends_like_a_verb_keeps_its_key(word: str, other: str) -> None:
    """A short word ending as a verb with a pronoun would is read as written."""
    assert keys(word) != keys(other)


def test_a_synonym_phrase_is_not_found_across_a_preposition() -> None:
    """A phrase is not found across a preposition; "di" joins like an adjective.

    "leader ucraino" is not "un incontro tra leader sull'Ucraina".

    A phrase written with a preposition is still found without it.
    """
    synonyms = Synonyms([["zelensky", "leader ucraino"], ["depositi di difesa", "arsenali"]])
    assert synonyms.apply(marked_keys("il leader ucraino")) == ["zelensky"]
    assert "zelensky" not in synonyms.apply(marked_keys("un incontro tra leader sull'Ucraina"))
    assert "zelensky" not in synonyms.apply(marked_keys("i leader in Ucraina"))
    arsenals = synonyms.apply(marked_keys("arsenali"))
    assert synonyms.apply(marked_keys("i depositi di difesa")) == arsenals
    assert synonyms.apply(marked_keys("depositi difesa")) == arsenals
    assert synonyms.apply(marked_keys("i depositi della difesa")) == arsenals
    assert synonyms.apply(marked_keys("depositi per la difesa")) != arsenals


def test_empty_and_symbol_only_text_has_no_keys() -> None:
    """Nothing to match in blank or symbol-only input."""
    assert keys("") == []
    assert keys("   ?!… 🙂") == []


def test_a_phrase_pattern_finds_the_longest_phrase_as_whole_words() -> None:
    """The trie-built pattern matches like a plain alternation, longest phrase first."""
    pattern = phrase_pattern(["si", "sia", "si pone", "si pone fine", "dare una mano"])
    assert pattern.findall("si pone fine alla guerra") == ["si pone fine"]
    assert pattern.findall("sia chiaro, si pone il tema") == ["sia", "si pone"]
    assert pattern.findall("darei una mano, sii bravo") == []
    assert phrase_pattern([]).search("anything") is None


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("bisogna aspettare la tregua?", "aspettare la tregua?"),
        ("occorre un voto del parlamento?", "un voto del parlamento?"),
        ("ci hanno pensato già da un po'", "ci hanno pensato già da"),
        ("lo pagheranno in qualche modo?", "lo pagheranno?"),
        ("dicono di voler trattare stavolta", "dicono di trattare"),
        ("la forza agirà da sola?", "la forza agirà?"),  # alone, as "solo": no topic
    ],
)
def test_impersonal_modals_and_vague_phrases_are_function_words(typed: str, plain: str) -> None:
    """Impersonal modals ("bisogna", "occorre") and vague phrases ("un po'") carry no topic."""
    assert terms(typed) == terms(plain)


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("quand'è che si sono visti?", "quando si sono visti?"),
        ("chi è che guida la forza?", "chi guida la forza?"),
        ("dov'è che hanno firmato?", "dove hanno firmato?"),
    ],
)
def test_a_spoken_cleft_is_the_question_word_alone(typed: str, plain: str) -> None:
    """The spoken "quand'è che…" asks what "quando…" asks."""
    assert expand(fold(typed)) == expand(fold(plain))


def test_a_generic_noun_for_parties_asks_who() -> None:
    """A generic noun for parties ("tra quali soggetti") asks who, as "chi" does."""
    assert terms("tra quali soggetti c'è intesa?") == terms("tra chi c'è intesa?")
    assert "chi" in terms("quali personalità c'erano?")


def test_a_future_with_a_short_stem_reads_as_its_present() -> None:
    """A future with a short stem ("useranno") reads as its present ("usano"), as others do."""
    assert terms("useranno la diplomazia?") == terms("usano la diplomazia?")
