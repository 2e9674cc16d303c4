"""Reading a message before matching (`bot.answering.reading`): question, context, kinds."""

from __future__ import annotations

import pytest

from bot.answering.reading import clauses, read


@pytest.mark.parametrize(
    ("message", "lead"),
    [
        # A question with one content word leans on the sentence before it.
        (
            "Al lavoro si parlava della commissione. Di cosa si occupa?",
            "al lavoro si parlava della commissione",
        ),
        # A question made only of politeness is all lead.
        ("Mi dicevano delle fortificazioni. Me lo spieghi?", "mi dicevano delle fortificazioni"),
        # An object pronoun stands for what the sentence before names ...
        (
            "Si parla del ruolo dell'esercito ucraino. Come lo definiscono i Volenterosi?",
            "si parla del ruolo dell esercito ucraino",
        ),
        # ... an article before a noun does not.
        ("Ho letto della commissione. Qual è lo scopo dei depositi?", ""),
        # A question that names its own topic leans on nothing.
        ("Ho letto delle fortificazioni. Chi le costruirà in Ucraina?", ""),
    ],
)
def test_a_bare_question_leans_on_the_clause_before(message: str, lead: str) -> None:
    """The clause a bare question is about becomes its lead, part of the focus."""
    reading = read(message)
    assert reading.lead == lead
    assert reading.focus.startswith(lead)


def test_a_topic_before_a_colon_is_both_questions_context() -> None:
    """A topic before a colon ("A e B: chi fa X e chi fa Y?") is both questions' context.

    A topic the questions need for words of their own stays in the first one.
    """
    two = read("Italia e Francia: chi paga le armi e chi addestra i soldati?").parts
    assert [part.focus for part in two] == ["chi paga le armi", "chi addestra i soldati"]
    assert all("italia e francia" in part.context for part in two)
    bare = read("Sanzioni: chi le decide e quando?").parts
    assert bare[0].focus == "sanzioni chi le decide"


def test_two_questions_each_read_whole() -> None:
    """Two questions in one are each read whole: "… e in che giorno?" asks the other's topic.

    A bare part leans on the clause before the question, as a bare question does, and
    the first part keeps the kind of answer the message asks ("come si chiama").
    """
    when = read("In che città si sono visti i sindaci e in che giorno?").parts
    assert [p.focus for p in when] == [
        "in che citta si sono visti i sindaci",
        "in che giorno visti sindaci",
    ]
    bare = read("Si parlava della fiera. Chi ne farebbe parte e a che cosa dovrebbe servire?")
    assert [p.lead for p in bare.parts] == ["si parlava della fiera"] * 2
    named = read("Come si chiama il sindaco e cosa ha detto?").parts
    assert named[0].asks == "name"


def test_a_question_phrase_is_no_bare_question() -> None:
    """A question phrase ("in che città") names what is asked: no clause before is leant on."""
    assert read("Ne parlavano tutti. In che città si sono visti?").lead == ""


def test_the_reason_for_asking_after_a_yes_or_no_question_is_context() -> None:
    """In speech, "… o no perché mio cugino diceva…" gives the reason for asking, not a why."""
    reading = read("senta i treni arrivano in orario o no perché mio cugino diceva di no")
    assert reading.focus == "i treni arrivano in orario"
    assert "cugino" in reading.context
    assert read("Perché i treni non arrivano in orario?").focus.startswith("perche")


@pytest.mark.parametrize(
    ("message", "focus", "guess"),
    [
        ("Dove si è tenuta la fiera? A Torino?", "dove si e tenuta la fiera", "a torino"),
        ("Quando apre il museo? Lunedì?", "quando apre il museo", "lunedi"),
        ("Chi ha vinto la gara? Rossi?", "chi ha vinto la gara", "rossi"),
    ],
)
def test_a_guess_after_a_question_is_context(message: str, focus: str, guess: str) -> None:
    """A few words after a question asking where, when or who guess at its answer."""
    reading = read(message)
    assert reading.focus == focus
    assert guess in reading.context


@pytest.mark.parametrize(
    ("message", "second"),
    [
        ("Cosa prevede il piano? Il bilancio?", "bilancio"),  # "cosa": no kind to guess
        ("Dove si è tenuta la fiera? E la mostra?", "mostra"),  # "e" asks again
        ("Dove si è tenuta la fiera? Chi la organizza?", "organizza"),  # a question of its own
        ("Dove si è tenuta la fiera? Non trovo scritto il giorno?", "giorno"),  # too long
    ],
)
def test_what_is_no_guess_stays_a_question(message: str, second: str) -> None:
    """A second question, one joined with "e" or a long one, is still asked."""
    assert second in read(message).focus


def test_a_question_naming_a_subject_is_not_bare() -> None:
    """One word that names who the question is about is enough: no clause is leant on."""
    message = "Un amico diceva che della Spagna non si era parlato. Cosa si è detto sulla Spagna?"
    assert read(message).lead  # without subjects: one content word, a bare question
    reading = read(message, subject=lambda word: word == "spagna")
    assert reading.lead == ""
    assert reading.focus == "cosa si e detto sulla spagna"


@pytest.mark.parametrize(
    ("message", "focus"),
    [
        # The question comes last, after the reader's reasons for asking.
        (
            "Faccio l'idraulico e non leggo i giornali. Mia moglie mi ha chiesto una cosa. "
            "Chi guida la forza multinazionale?",
            "chi guida la forza multinazionale",
        ),
        # ... or first, before a sentence of context.
        (
            "Chi guida la forza multinazionale? Me lo chiedeva un collega al lavoro.",
            "chi guida la forza multinazionale",
        ),
        # Without a question mark, a sentence opened by a question word is the question.
        (
            "Stamattina ne parlavano in radio. cosa prevede il quarto pilastro",
            "cosa prevede il quarto pilastro",
        ),
        # A bare "Cosa prevedono?" takes in the sentence before it.
        (
            "Ho letto degli impegni vincolanti. Cosa prevedono?",
            "degli impegni vincolanti cosa prevedono",
        ),
        # Nothing interrogative at all: the last sentence is the question.
        ("Mi interessa la Spagna. La sua posizione sulle truppe", "la sua posizione sulle truppe"),
        # After "…, ma" a new clause starts: the reader's own opinion is context.
        (
            "secondo me hanno fatto bene, ma la dichiarazione finale cosa dice",
            "ma la dichiarazione finale cosa dice",
        ),
    ],
)
def test_focus_is_the_question(message: str, focus: str) -> None:
    """The focus is the question sentence, however much context surrounds it."""
    assert read(message).focus == focus


@pytest.mark.parametrize(
    ("message", "focus"),
    [
        ("allora senti ehm volevo sapere chi guida la forza", "chi guida la forza"),
        ("scusate raga una domanda, cosa dice l'articolo 5?", "cosa dice l articolo 5"),
        ("cioè tipo praticamente la Spagna manda soldati", "la spagna manda soldati"),
        ("Vorrei sapere per favore quando si è svolto il vertice", "quando si e svolto il vertice"),
        ("Cosa si intende per deterrenza?", "cosa deterrenza"),
        ("Gli impegni di cui parlano i giornali cosa sono?", "gli impegni cosa sono"),
        (
            "buonasera volevo sapere chi guida la forza che non me lo ricordo",
            "chi guida la forza che",
        ),
        ("se non sbaglio, in parole semplici, chi guida la forza?", "chi guida la forza"),
        ("eh senta chi guida la forza mi pare non so", "chi guida la forza"),  # spoken hedges
        ("chi guida la forza? chi ha ragione?", "chi guida la forza"),  # asking to be settled
        ("la forza la guida l'Europa, è vero?", "la forza la guida l europa"),
        ("in due righe: chi guida la forza?", "chi guida la forza"),
        ("ho un dubbio: chi guida la forza?", "chi guida la forza"),
    ],
)
def test_fillers_and_politeness_are_dropped(message: str, focus: str) -> None:
    """Discourse markers and politeness formulas do not reach the matching."""
    assert read(message).focus == focus


@pytest.mark.parametrize(
    ("message", "focus"),
    [
        # The reader's words for the article itself say nothing of what is asked.
        ("Nell'articolo c'è qualcosa sulle sanzioni?", "c e qualcosa sulle sanzioni"),
        ("ma la groenlandia spunta da dove in sto articolo??", "ma la groenlandia spunta da dove"),
        ("Secondo l'articolo che cosa farà la Spagna?", "che cosa fara la spagna"),
        ("che ci fa la Groenlandia in questa notizia", "che ci fa la groenlandia"),
        # A treaty's article is a topic: "l'articolo" before a number or "della" stays.
        ("Cosa dice l'articolo 5?", "cosa dice l articolo 5"),
        ("Cosa dice l'articolo della Nato?", "cosa dice l articolo della nato"),
    ],
)
def test_words_for_the_article_itself_are_dropped(message: str, focus: str) -> None:
    """Words for the article go like fillers; a treaty's article ("l'articolo 5") stays."""
    assert read(message).focus == focus


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Quanti militari manderà la Spagna?", "number"),
        ("quante nazioni hanno firmato?", "number"),
        ("In che data è stato firmato l'accordo?", "date"),
        ("Entro quando arriveranno le armi?", "date"),
        ("Quando si attiva la forza?", "time"),
        ("Dove si è svolto l'incontro?", "place"),
        ("In quale città si sono visti?", "place"),
        ("Chi propone il sistema di verifica?", "person"),
        ("Come si chiama l'inviato americano?", "name"),
        ("Quale ministro ha parlato per l'Italia?", "name"),
        ("Quali altri leader c'erano?", "name"),
        ("Come viene chiamato quel gruppo di Paesi?", "name"),
        ("Che nome ha la missione?", "name"),
        ("Cosa prevede il secondo pilastro?", None),
        ("Perché l'Italia non manda soldati?", None),
        # The first question word decides: "quando" here only joins a clause.
        ("di cosa si parla quando si dice asse europeo", None),
        ("Chi interviene quando la tregua è violata?", "person"),
        ("Di che si tratta quando si parla di rassicurazione?", None),
        ("A che ora è cominciata la riunione?", "hour"),
        ("Quanto è durato il vertice?", "duration"),
        ("e dove invece si distingue la Francia?", None),  # in what respect, not where
        ("quanto durerà la missione", "duration"),
        ("Quanto tempo dureranno le sanzioni?", "duration"),
        ("Per quanto tempo verranno aiutati?", None),  # "a lungo termine" answers it
        ("Quand'è che arriveranno gli aiuti?", "time"),  # an elided question word
        ("Dov'era la premier quel giorno?", "place"),
        ("In quale palazzo hanno firmato?", "venue"),
    ],
)
def test_kind_of_answer_asked(message: str, kind: str | None) -> None:
    """The first interrogative phrase says what kind of answer is wanted."""
    assert read(message).asks == kind


def test_what_is_counted_follows_the_question_word() -> None:
    """For a number, what is counted is read too: it must be what the answer counts."""
    assert read("Quanti morti ci sono stati?").asked.startswith("morti")


@pytest.mark.parametrize(
    ("message", "opinion"),
    [
        ("Secondo te l'Italia fa bene a non mandare soldati?", True),
        ("È giusto che la Spagna mandi militari?", True),
        ("Ha fatto bene Meloni a dire di no?", True),
        ("Conviene all'Europa guidare la forza?", True),
        ("Cosa ha detto Meloni sui soldati?", False),
        ("Il governo ha dato un giudizio sul vertice?", False),
        # The reader's own opinion, then a factual question: not an opinion asked.
        ("secondo me fa bene, ma cosa ha detto di preciso?", False),
    ],
)
def test_opinions_asked_of_the_bot(message: str, opinion: bool) -> None:
    """A judgement asked of the bot is told from a question about what was said."""
    assert read(message).opinion is opinion


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("Quando e dove si è riunita la coalizione?", 2),
        ("Chi l'ha proposto e chi ci contribuisce?", 2),
        ("la riunione dove si è fatta e quando", 2),
        ("Chi guida la forza?", 0),
        ("Italia e Spagna hanno la stessa posizione?", 0),
    ],
)
def test_two_questions_in_one(message: str, parts: int) -> None:
    """Two interrogatives joined by "e" are read as two questions, each with its topic."""
    reading = read(message)
    assert len(reading.parts) == parts
    for part in reading.parts:
        assert part.focus.split()[0] in {"quando", "dove", "chi", "la"}
        assert len(part.focus.split()) > 1  # a bare "quando" borrows the other's words


def test_names_are_words_capitalised_in_mid_sentence() -> None:
    """A capital in mid-sentence marks a name; the first word and shouted text do not."""
    assert read("Che ruolo ha avuto Macron a Parigi?").names == {"macron", "parigi"}
    assert read("MACRON ERA A PARIGI?").names == frozenset()
    assert read("Macron era a Parigi?").names == {"parigi"}


def test_clauses_keep_their_question_marks() -> None:
    """Sentences split on their punctuation; only the last clause of a question is marked."""
    assert clauses("Ciao. Chi c'era? Grazie!") == [
        ("Ciao.", False, 0),
        (" Chi c'era?", True, 1),
        (" Grazie!", False, 2),
    ]


def test_a_question_pointing_back_takes_in_the_sentence_before() -> None:
    """A question that points back ("questo organismo") takes in the sentence before it."""
    reading = read(
        "Alla radio parlavano della commissione speciale. Che compiti avrà questo organismo?"
    )
    assert "commissione speciale" in reading.focus
    assert (
        "commissione"
        not in read("Alla radio parlavano della commissione. Che compiti avrà la forza?").focus
    )


def test_chat_abbreviations_are_read_as_the_words_they_stand_for() -> None:
    """Chat spellings ("xò", "ke", "qlc") read as the words they stand for, question words too."""
    reading = read("xò se attaccano ke succede? qlc interviene?")
    assert "che succede" in reading.focus
    assert "qualcuno" in reading.focus
    assert read("xk nn manda soldati").focus == "perche non manda soldati"


def test_a_clause_starts_again_before_a_question_word_after_a_comma() -> None:
    """A question word after a comma starts the question; "oltre a…," keeps its clause whole."""
    assert clauses("Non li ho mai sentiti nominare, chi sono?") == [
        ("Non li ho mai sentiti nominare", False, 0),
        ("chi sono?", True, 0),
    ]
    assert len(clauses("Oltre al grano, cosa si è deciso?")) == 1


@pytest.mark.parametrize("message", ["", "   ", "???", "...", "\n\n", "🙂"])
def test_empty_and_bare_punctuation_read_as_nothing(message: str) -> None:
    """Nothing to read gives an empty focus, never an error."""
    assert read(message).focus == ""


@pytest.mark.parametrize(
    ("message", "sides"),
    [
        (
            "La riunione si è tenuta a Parigi o a Bruxelles?",
            ["la riunione si e tenuta a parigi", "la riunione si e tenuta a bruxelles"],
        ),
        (
            "i soldati partono subito oppure aspettano la tregua",
            ["i soldati partono subito", "i soldati aspettano la tregua"],
        ),
        ("Chi guida la forza?", []),
        ("L'Italia o la Spagna o la Francia?", []),  # more than one "o": no two sides
    ],
)
def test_an_alternative_question_is_read_side_by_side(message: str, sides: list[str]) -> None:
    """An "A o B?" question is read with each side left out in turn."""
    assert [side.focus for side in read(message).alternatives] == sides


@pytest.mark.parametrize(
    ("message", "focus", "aside"),
    [
        ("Chi ha parlato oltre al ministro?", "chi ha parlato", "ministro"),
        ("Oltre all'accordo sul grano, cosa si è deciso?", "cosa si e deciso", "accordo sul grano"),
        (
            "Ci sono altri treni oltre a quello delle otto che partono presto?",
            "ci sono altri treni che partono presto",
            "quello delle otto",
        ),
        ("A parte il sindaco, chi altro ha parlato?", "chi altro ha parlato", "sindaco"),
        ("Tranne la Francia chi ha firmato?", "chi ha firmato", "francia"),
    ],
)
def test_what_a_question_sets_aside_is_context(message: str, focus: str, aside: str) -> None:
    """What follows "oltre a", "a parte", "tranne" is what the reader knows: context, not asked."""
    reading = read(message)
    assert reading.focus == focus
    assert aside in reading.context


def test_nothing_is_set_aside_when_nothing_else_is_asked() -> None:
    """A question naming nothing but what follows "oltre a" keeps it as what it asks."""
    reading = read("Oltre al sindaco chi c'era?")
    assert "sindaco" in reading.focus
    assert "sindaco" not in reading.context


def test_a_demonstrative_reads_as_the_nouns_first_mention() -> None:
    """A demonstrative's noun ("queste misure") is read as its first mention, qualifiers and all."""
    reading = read(
        "Mio marito dice che le misure di rassicurazione sono parole al vento. "
        "In quali ambiti si applicherebbero queste misure?"
    )
    assert "misure di rassicurazione" in reading.focus
    assert "queste" not in reading.focus


def test_a_demonstrative_without_an_earlier_mention_stays() -> None:
    """A noun never written before ("quell'organismo") is left as the reader wrote it."""
    reading = read("Ho sentito della commissione. Che compiti avrebbe quell'organismo?")
    assert reading.focus.endswith("quell organismo")


def test_what_the_reader_says_before_a_colon_is_context() -> None:
    """What the reader says of the question before a colon is context; a question there stays."""
    reading = read(
        "Ne parlo in classe. Vorrei essere preciso: dove e quando si è riunita la coalizione?"
    )
    assert "preciso" not in reading.focus
    assert len(reading.parts) == 2
    asked_before = read("Mi chiede qual è lo scopo di queste intese: cosa devono assicurare?")
    assert "scopo" in asked_before.focus  # a question before the colon keeps it whole


def test_an_item_word_points_at_the_last_item_named_by_number() -> None:
    """An item word ("quel punto") points at the last item named by number ("l'ultimo capitolo")."""
    items = frozenset({"capitolo", "punto", "capitoli", "punti"})
    reading = read(
        "Nell'ultimo capitolo si parla di fabbriche. Cosa prevede quel punto?", items=items
    )
    assert reading.focus.endswith("ultimo capitolo")
    plain = read("Nell'ultimo capitolo si parla di fabbriche. Cosa prevede quel punto?")
    assert plain.focus.endswith("quel punto")  # without the FAQ's item words, as written


def test_a_truth_check_checks_what_the_reader_heard() -> None:
    """A truth check ("È corretto?") checks what the reader read or heard, not their last words."""
    reading = read(
        "Ho letto che la forza la guida l'Europa. Faccio il grafico e non mi fido. È corretto?"
    )
    assert reading.focus == "la forza la guida l europa"


def test_what_a_question_sets_aside_makes_it_stand_alone() -> None:
    """What a question sets aside ("oltre a Meloni") makes it name enough to stand alone."""
    reading = read("Lavoro in radio a Bari. Chi c'era al vertice oltre a Meloni?")
    assert reading.focus == "chi c era al vertice"
    assert "meloni" in reading.context


def test_a_relayed_question_is_asked() -> None:
    """A relayed question ("mi ha chiesto se X… Mi aiutate?") asks X, not the last words."""
    message = "Mio padre mi ha chiesto se la forza è europea. Non sapevo cosa dirgli. Mi aiutate?"
    focus = read(message).focus
    assert focus.endswith("se la forza e europea")
    assert "dirgli" not in focus
