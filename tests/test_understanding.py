"""How the engine reads realistic messages: focus, word weights, answer kinds, opinions, pairs.

Every question here is written for this file, apart from the FAQ's phrasings
and from the shared development sets.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering import lexicon, texts
from bot.answering.engine import Engine
from bot.answering.index import _asked
from bot.answering.models import Kind, Knowledge
from bot.answering.reading import read
from bot.answering.replies import Replies, escape
from bot.answering.thresholds import Thresholds


def assert_answers(engine: Engine, message: str, entry_id: str) -> None:
    """Fail unless `message` gets an outright answer from entry `entry_id`."""
    result = engine.ask(message)
    assert result.kind is Kind.ANSWER, result
    assert result.best is not None
    assert result.best.entry.id == entry_id


@pytest.fixture(scope="module")
def replies(shipped: Knowledge) -> Replies:
    """The reply layer over the shipped FAQ."""
    return Replies(shipped)


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        (
            "Faccio il panettiere e mi alzo alle tre, la radio è la mia compagnia. "
            "Stanotte parlavano di Parigi. Dove si è svolta la riunione?",
            "vertice-dove",
        ),
        (
            "Mia zia insegna storia alle medie e prepara una lezione per lunedì. "
            "Mi ha chiesto una cosa che non so. Chi guida gli elementi della forza multinazionale?",
            "guida-europa",
        ),
        (
            "Chi ha proposto il sistema di verifica della tregua? Lo chiedo perché al circolo "
            "delle bocce se ne discuteva animatamente.",
            "verifica-proposta-usa",
        ),
    ],
)
def test_a_preamble_does_not_hide_the_question(engine: Engine, message: str, entry_id: str) -> None:
    """Sentences of personal context, full of words the FAQ never uses, only support."""
    assert_answers(engine, message, entry_id)


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("Mio padre mi ha parlato dei depositi di difesa. A cosa servono?", "depositi-difesa"),
        ("Al bar si parlava delle fortificazioni. Me lo spieghi?", "fortificazioni"),
        (
            "Stamattina in ufficio si discuteva della forza multinazionale. Chi la guiderà?",
            "guida-europa",
        ),
        ("Ho sentito nominare le sanzioni alla Russia. Cosa prevedono?", "sanzioni"),
    ],
)
def test_a_bare_question_is_about_the_sentence_before(
    engine: Engine, message: str, entry_id: str
) -> None:
    """A bare "A cosa servono?" asks about what the sentence before names; chatter only supports."""
    assert_answers(engine, message, entry_id)


def test_an_entry_that_never_names_the_thing_asked_about_does_not_answer(engine: Engine) -> None:
    """Where the arms reserves are is not answered with where the summit was."""
    message = "Dove si trovano le riserve di armi?"
    ranked = {r.scored.entry.id: r for r in engine.rank(message)}
    assert ranked["vertice-dove"].lacks  # its words match "si trovano", but not "riserve"
    assert not ranked["depositi-difesa"].lacks
    assert not engine.ask(message).matched


def test_a_place_in_the_preamble_is_no_ones_topic(engine: Engine) -> None:
    """A city the article never names, said in passing, does not make the question vaguer."""
    question = "Chi guida la forza multinazionale?"
    alone = engine.rank(question)[0]
    told = engine.rank(f"Abito a Lione. {question}")[0]
    assert told.scored.entry.id == alone.scored.entry.id == "guida-europa"
    assert told.coverage == pytest.approx(alone.coverage)


def test_common_words_weigh_less_than_rare_ones(engine: Engine) -> None:
    """An unknown everyday word weighs less than an unknown rare one, both less than a name."""
    found = engine.index.read(read("nipote ornitorinco Lussemburgo"))
    weights = found.weights
    everyday = next(k for k in weights if k.startswith("nipot"))
    rare = next(k for k in weights if k.startswith("ornitor"))
    place = next(k for k in weights if k.startswith("lusemburg"))
    assert weights[everyday] < weights[rare] <= weights[place]
    assert place in found.foreign
    assert everyday not in found.foreign


def test_a_rare_inflection_of_a_common_word_weighs_as_the_word(engine: Engine) -> None:
    """A rare inflection ("prenderebbero") weighs as its common verb ("prendere")."""
    assert lexicon.zipf("prenderebbero") < lexicon.zipf("prendere")
    weights = engine.index.read(read("prenderebbero ornitorinco")).weights
    assert (
        weights[next(k for k in weights if k.startswith("prend"))]
        < weights[next(k for k in weights if k.startswith("ornitor"))]
    )
    assert lexicon.lexeme_zipf("prenderebbero") >= lexicon.zipf("prendere")
    assert lexicon.lexeme_zipf("regia") == lexicon.zipf("regia"), "a short stem is shared"


def test_a_word_known_only_inside_a_synonym_phrase_weighs_as_itself(engine: Engine) -> None:
    """The word "servizi" of "servizi segreti", alone, is an everyday word, not a name."""
    index = engine.index
    assert "serviz" in index.known
    assert "serviz" not in index.weight
    weights = engine.index.read(read("servizi ornitorinco")).weights
    assert weights["serviz"] < weights[next(k for k in weights if k.startswith("ornitor"))]


@pytest.mark.parametrize(
    "message",
    [
        "Il Portogallo manderà soldati in Ucraina?",
        "Anche la Norvegia ha firmato la dichiarazione sulla Groenlandia?",
        "Che cosa ha proposto Rutte per il primo pilastro?",
        "e il Belgio cosa ha deciso sulle truppe?",
        # A country named by its people's adjective, however well the rest matches.
        "Il governo tedesco manderà truppe?",
        "Il premier britannico era presente a Parigi?",
        "I militari polacchi faranno parte della forza multinazionale?",
        "Gli inglesi hanno firmato la dichiarazione?",
    ],
)
def test_a_name_the_article_never_mentions_is_not_answered(engine: Engine, message: str) -> None:
    """A country or person the article does not name makes the question about someone else."""
    assert not engine.ask(message).matched


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        # Unknown verbs and adjectives say how or what happens: they weigh less than
        # an unknown noun, so the FAQ's own words can carry the question.
        ("Quale pace vogliono raggiungere gli alleati?", "pace-giusta-duratura"),
        ("Verranno realizzate fortificazioni in Ucraina?", "fortificazioni"),
        ("Le forze armate ucraine verranno sostenute economicamente?", "pilastro-2"),
    ],
)
def test_an_unknown_verb_or_adjective_weighs_less_than_a_noun(
    engine: Engine, message: str, entry_id: str
) -> None:
    """Unknown verbs and adverbs do not make a question about something else.

    With the floor of such words at that of nouns, none of these is answered.
    """
    assert_answers(engine, message, entry_id)
    level = Engine(engine.knowledge, replace(engine.thresholds, predicate_floor=0.75))
    assert not level.ask(message).matched


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("Il governo spagnolo manderà truppe?", "spagna"),  # the FAQ's own countries'
        ("In che anno si è tenuto il vertice francese?", "vertice-quando"),  # the host's
    ],
)
def test_the_faqs_own_peoples_are_answered(engine: Engine, message: str, entry_id: str) -> None:
    """The adjectives of the countries the FAQ speaks of, and of the host, are no strangers."""
    assert_answers(engine, message, entry_id)


def test_an_unknown_noun_keeps_the_weight_of_what_the_article_may_not_cover(
    engine: Engine,
) -> None:
    """An unknown noun ("palazzo") weighs more than an adjective or adverb as common."""
    weights = engine.index.read(read("il palazzo commerciale lentamente")).weights
    assert weights["palaz"] > weights["comercial"] == weights["lent"]


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("Quanti soldati manderà la Spagna?", "number"),
        ("Quanti soldi riceverà l'Ucraina per le fortificazioni?", "number"),
        ("In che data scatteranno le misure di rassicurazione?", "date"),
        ("In quali regioni verranno costruite le fortificazioni?", "place"),
        ("Come si chiama il capo della commissione speciale?", "name"),
        ("Chi presiederà la commissione speciale sulle violazioni della tregua?", "person"),
        ("Chi sponsorizza la dichiarazione sulla Groenlandia?", "person"),
        ("Quanto tempo è durata la riunione di Parigi?", "duration"),
        ("A che ora è iniziato il vertice?", "hour"),  # a date is no hour
        ("In che sede si sono incontrati i leader?", "venue"),  # a city is no building
        # A role the answer names only by country ("i rappresentanti degli Stati Uniti").
        ("Come si chiamano i delegati americani venuti al vertice?", "name"),
        ("Quando verrà firmato il cessate il fuoco?", "time"),  # not when the force starts
    ],
)
def test_what_the_article_does_not_say_is_said(replies: Replies, message: str, asked: str) -> None:
    """On topic but without the number, date, place or name asked: said so, entry offered.

    Said in the entry's own words when it has them ("L'articolo non indica cifre…").
    """
    reply = replies.question(message)
    result = reply.result
    assert result is not None
    assert result.kind is Kind.NOT_SAID
    assert not result.matched
    assert result.asked == asked
    said = escape(result.says) if result.says else texts.NOT_SAID[asked]
    assert reply.text.startswith(said)
    assert reply.buttons, "the entry on topic is offered as a button"


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("Chi ha proposto il sistema di verifica?", "verifica-proposta-usa"),  # "chi" it states
        ("In che giorno della settimana si sono riuniti?", "vertice-quando"),
        ("Quante sono in tutto le garanzie di sicurezza?", "pilastri"),
        ("In quale città si è tenuto il vertice?", "vertice-dove"),
        ("Per quanto durerà il sostegno alle forze armate ucraine?", "pilastro-2"),  # "a lungo"
        ("Come viene chiamata l'alleanza?", "coalizione-volenterosi"),  # its own name
    ],
)
def test_what_the_article_does_say_is_answered(engine: Engine, message: str, entry_id: str) -> None:
    """A wh-question whose kind of answer the entry states is answered outright."""
    assert_answers(engine, message, entry_id)


@pytest.mark.parametrize(
    "message",
    [
        "Secondo te è giusto che la Spagna mandi militari?",
        "Ha fatto bene l'Europa a guidare la forza multinazionale?",
        "Tu cosa ne pensi delle sanzioni alla Russia?",
    ],
)
def test_an_opinion_is_declined_neutrally(replies: Replies, message: str) -> None:
    """The bot reports what the article says; it gives no opinion and offers the entry."""
    reply = replies.question(message)
    assert reply.result is not None
    assert reply.result.kind is Kind.OPINION
    assert not reply.result.matched
    assert reply.text.startswith(texts.OPINION)
    assert reply.buttons


@pytest.mark.parametrize(
    ("message", "first", "second"),
    [
        ("Che differenza c'è tra il primo e il terzo pilastro?", "pilastro-1", "pilastro-3"),
        ("Il quarto pilastro è diverso dal quinto?", "pilastro-4", "pilastro-5"),
        # Two items named, no comparison word: both are asked, each answered by its own entry.
        (
            "Il terzo pilastro parla della forza multinazionale: il quarto di cosa si occupa?",
            "pilastro-3",
            "pilastro-4",
        ),
        (
            "Il primo pilastro riguarda la tregua, anche il quinto o tratta altro?",
            "pilastro-1",
            "pilastro-5",
        ),
        # Written for the coordinated ordinals and the verbs of likeness.
        ("Il primo e il terzo pilastro in cosa si differenziano?", "pilastro-1", "pilastro-3"),
        ("Quarto e quinto pilastro si assomigliano?", "pilastro-4", "pilastro-5"),
        # Two topics, each named by words of its own.
        (
            "Che differenza c'è tra i depositi di difesa e le fortificazioni?",
            "depositi-difesa",
            "fortificazioni",
        ),
        (
            "In cosa sono diverse la commissione speciale e la forza multinazionale?",
            "commissione-speciale",
            "pilastro-3",
        ),
    ],
)
def test_a_comparison_is_answered_side_by_side(
    replies: Replies, shipped: Knowledge, message: str, first: str, second: str
) -> None:
    """Both entries are shown, each with its own excerpt of the article."""
    reply = replies.question(message)
    result = reply.result
    assert result is not None
    assert result.kind is Kind.COMPARE
    assert result.matched
    assert result.best is not None
    assert result.second is not None
    assert {result.best.entry.id, result.second.entry.id} == {first, second}
    for entry_id in (first, second):
        excerpt = shipped.by_id[entry_id].source[0]
        assert escape(excerpt[:60]) in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "Che differenza c'è tra la posizione della Germania e quella della Francia?",
        "Che differenza c'è tra il vertice di Parigi e quello di Londra?",
        "Non so cosa sia la coalizione: chi c'era alla riunione?",  # "sia" is a verb here
    ],
)
def test_a_side_the_article_does_not_cover_compares_nothing(engine: Engine, message: str) -> None:
    """A comparison with a side the FAQ knows nothing of gets no side-by-side answer."""
    assert engine.ask(message).kind is not Kind.COMPARE


def test_one_entry_that_covers_both_sides_answers_alone(engine: Engine) -> None:
    """When one entry speaks of both things compared, it answers without a side-by-side."""
    result = engine.ask("In cosa si distingue l'Italia dalla Spagna sulle truppe?")
    assert result.kind is Kind.ANSWER
    assert result.best is not None
    assert result.best.entry.id == "italia-differenze"


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("ma la riunione l'hanno fatta a Parigi o a Berlino?", "vertice-dove"),
        ("Le armi all'Ucraina le dà la coalizione oppure l'Onu?", "assistenza-militare"),
    ],
)
def test_an_alternative_question_is_answered_by_either_side(
    engine: Engine, message: str, entry_id: str
) -> None:
    """The side the article speaks of answers "A o B?"; the other side does not sink it."""
    assert_answers(engine, message, entry_id)


def test_an_alternative_question_about_two_unknowns_is_not_answered(engine: Engine) -> None:
    """Neither side known ("la Cina o il Giappone"): no side answers, the veto holds."""
    assert not engine.ask("Le armi le manda la Cina o il Giappone?").matched


def test_what_an_entry_leaves_unsaid_is_said_in_its_own_words(replies: Replies) -> None:
    """A question on what the article leaves out gets the answer's sentence saying so."""
    reply = replies.question("I parlamenti dovranno votare l'intervento?")
    result = reply.result
    assert result is not None
    assert result.kind is Kind.NOT_SAID
    assert not result.matched
    assert result.best is not None
    assert result.best.entry.id == "procedure-costituzionali"
    assert result.says is not None
    assert result.says in result.best.entry.answer
    # The clause is shown as a sentence of its own, escaped, and the entry is offered.
    assert reply.text.startswith(escape("L'articolo non entra nel dettaglio"))
    assert reply.text.split("\n", 1)[0].endswith(").")
    assert next(b.label for row in reply.buttons for b in row) == result.best.entry.label


def test_the_words_of_what_is_left_unsaid_do_not_count_as_stated(engine: Engine) -> None:
    """An answer saying "non dice chi ne farà parte" states nothing about who takes part."""
    result = engine.ask("Si sa già chi farà parte della commissione speciale?")
    assert result.kind is Kind.NOT_SAID
    assert result.says is not None
    assert "chi ne farà parte" in result.says


def test_a_question_the_entry_does_answer_is_not_taken_for_what_it_leaves_unsaid(
    engine: Engine,
) -> None:
    """Its words all stated by the entry, a question is answered, however close an unsaid one."""
    assert_answers(engine, "Quale documento ha firmato Meloni sulla Groenlandia?", "groenlandia")


def test_two_questions_get_both_answers(engine: Engine) -> None:
    """Two questions joined by "e" ("chi … e chi …"): each gets its own entry."""
    result = engine.ask(
        "Chi guida le misure di rassicurazione e chi propone il sistema di verifica?"
    )
    assert result.kind is Kind.COMPARE
    assert result.best is not None
    assert result.second is not None
    assert {result.best.entry.id, result.second.entry.id} == {
        "guida-europa",
        "verifica-proposta-usa",
    }


def test_a_phrasings_preamble_is_no_evidence_of_its_entry(engine: Engine) -> None:
    """A curated phrasing with a preamble is indexed by its question alone, as a message is."""
    phrasing = "Ne parlavano a cena con gli amici. Chi guida la forza multinazionale?"
    asked = _asked(phrasing)
    assert "cena" not in asked
    assert "guida" in asked
    assert _asked("Chi guida la forza multinazionale?") == "Chi guida la forza multinazionale?"


@pytest.mark.parametrize(
    ("message", "entry_id", "words"),
    [
        ("Nel dettaglio, quali armi riceverà l'Ucraina?", "assistenza-militare", "quali armi"),
        ("Che sanzioni specifiche sono previste per Mosca?", "sanzioni", "sanzioni"),
        ("Quanti fondi precisamente andranno a Kiev per le armi?", "sostegno-finanziario", "cifre"),
        # Asking which ones, of an entry that says the article does not tell which.
        ("E quali strumenti europei si useranno?", "strumenti-europei", "quali siano"),
        ("Quali sono i dossier strategici dell'asse europeo?", "asse-europeo", "quali siano"),
    ],
)
def test_specifics_the_answer_says_it_lacks_are_said_not_answered(
    engine: Engine, message: str, entry_id: str, words: str
) -> None:
    """Specifics that the entry says the article leaves out get that sentence, not the entry."""
    result = engine.ask(message)
    assert result.kind is Kind.NOT_SAID, result
    assert not result.matched
    assert result.best is not None
    assert result.best.entry.id == entry_id
    assert result.says is not None
    assert result.says in result.best.entry.answer
    assert words in result.says


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("Cosa prevede di preciso il secondo pilastro?", "pilastro-2"),
        ("Che cosa fa esattamente la commissione speciale?", "commissione-speciale"),
        # Asking which, where the entry leaves out something else.
        ("Quale ruolo hanno gli Stati Uniti?", "stati-uniti"),
        ("Quali sono i cinque pilastri?", "pilastri"),
        # The entry says the article does not tell which leaders signed it, not which one.
        ("E quale dichiarazione è stata firmata per la Groenlandia?", "groenlandia"),
    ],
)
def test_specifics_the_answer_gives_are_answered(
    engine: Engine, message: str, entry_id: str
) -> None:
    """Asking "di preciso" about what the entry does state is answered as usual."""
    assert_answers(engine, message, entry_id)


@pytest.mark.parametrize(
    ("message", "entry_id", "told"),
    [
        # The entry says the article does not tell the reason: that sentence is the reply.
        ("Come mai è stata firmata la dichiarazione sulla Groenlandia?", "groenlandia", True),
        ("E perché proprio la Groenlandia?", "groenlandia", True),
        # The entry says no reason is given explicitly, but goes on to what is reported.
        (
            "Perché l'Italia non manda i suoi soldati in Ucraina?",
            "italia-vincoli-costituzionali",
            False,
        ),
    ],
)
def test_a_why_is_told_when_the_entry_says_no_reason_is_given(
    engine: Engine, message: str, entry_id: str, told: bool
) -> None:
    """A why gets the entry's sentence saying the article gives no reason, if it stops there."""
    result = engine.ask(message)
    assert result.best is not None
    assert result.best.entry.id == entry_id
    if told:
        assert result.kind is Kind.NOT_SAID, result
        assert result.says is not None
        assert "motivo" in result.says
        assert result.says in result.best.entry.answer
    else:
        assert result.kind is Kind.ANSWER, result


@pytest.mark.parametrize(
    ("message", "entry_id", "told"),
    [
        # The entry says the article reports no statements of his: that is the reply.
        ("Il presidente ucraino che ha dichiarato a Parigi?", "zelensky", "dichiarazioni"),
        ("E il Cremlino che ha detto?", "russia", "reazioni"),
        # The premier's entry reports what she said.
        ("Cosa ha detto la premier italiana al vertice?", "meloni", None),
    ],
)
def test_what_someone_said_is_told_when_the_entry_says_none_is_reported(
    engine: Engine, message: str, entry_id: str, told: str | None
) -> None:
    """Asked what someone said, an entry saying the article reports none gets that sentence."""
    result = engine.ask(message)
    assert result.best is not None
    assert result.best.entry.id == entry_id
    if told is None:
        assert result.kind is Kind.ANSWER, result
    else:
        assert result.kind is Kind.NOT_SAID, result
        assert result.says is not None
        assert told in result.says


def test_specifics_asked_are_read_from_the_question_not_its_preamble() -> None:
    """A preamble wanting "date precise" does not make the question ask for specifics."""
    assert read("Quali armi riceverà di preciso Kiev?").detail
    assert not read("Il prof vuole date precise. Quando si è svolto il vertice?").detail
    assert "precise" not in read("Quali sanzioni precise sono previste?").focus


def test_a_name_asked_by_role_needs_an_answer_that_speaks_of_that_role(engine: Engine) -> None:
    """A name asked by role ("il generale") is not answered by an entry naming no general."""
    result = engine.ask("Come si chiama il generale che comanderà la forza multinazionale?")
    assert result.kind is Kind.NOT_SAID, result
    assert result.asked == "name"
    assert_answers(engine, "Come si chiama il presidente ucraino?", "zelensky")
    # A role listed in a synonym group counts as its group: "capi di stato" are leaders.
    assert_answers(
        engine, "Quali capi di stato c'erano al vertice di Parigi?", "vertice-partecipanti"
    )


def test_an_entry_close_behind_that_passes_every_bar_answers_for_one_that_does_not(
    engine: Engine,
) -> None:
    """The best score can miss a bar while a linked entry just behind covers the question."""
    message = "Come mai l'esercito ucraino conta tanto nel piano dei Volenterosi?"
    assert_answers(engine, message, "forze-armate-prima-linea")
    strict = Engine(engine.knowledge, Thresholds(fallthrough=0.0))
    assert strict.ask(message).kind is Kind.FALLBACK


def test_a_bare_topic_goes_to_the_entry_that_lists_it_as_a_keyword(engine: Engine) -> None:
    """A keyword is curated as an entry's topic: it beats phrasings that say no more."""
    assert_answers(engine, "forza multinazionale", "pilastro-3")
    assert_answers(engine, "garanzie per kiev", "pilastri")
