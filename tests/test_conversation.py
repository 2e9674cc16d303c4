"""Follow-up questions read in the context of the conversation, through the pure layer."""

from __future__ import annotations

import pytest

from bot.answering.conversation import IDLE_SECONDS, Context, Conversations, context_for, follow
from bot.answering.engine import Engine
from bot.answering.models import Kind
from bot.answering.thresholds import Thresholds

# (name, [(message, expected entry id or None for "no FAQ answer")...])
CONVERSATIONS = [
    (
        "pillar after pillar",
        [
            ("Cosa riguarda il terzo pilastro?", "pilastro-3"),
            ("e il quarto?", "pilastro-4"),
            ("e il secondo?", "pilastro-2"),
        ],
    ),
    (
        "the last pillar is read from the FAQ",
        [("Quali sono le garanzie per Kiev?", "pilastri"), ("e l'ultima?", "pilastro-5")],
    ),
    (
        "next and previous pillar",
        [
            ("Cosa prevede il secondo pilastro?", "pilastro-2"),
            ("e il successivo?", "pilastro-3"),
            ("e il precedente?", "pilastro-2"),
        ],
    ),
    (
        "a follow-up word the entry never uses, if it weighs little, does not lose the topic",
        [
            ("Meloni ha firmato qualcosa sulla Groenlandia?", "groenlandia"),
            ("e cosa dice quel testo?", "groenlandia"),  # not the summit's final text
        ],
    ),
    (
        "what else besides the last answer: the item that holds it, not the same again",
        [
            ("Nel quinto pilastro c'è la formazione delle truppe?", "formazione"),
            ("e oltre alla formazione?", "pilastro-5"),
        ],
    ),
    (
        "a new subject swapped in",
        [
            ("L'Italia manderà dei militari in Ucraina?", "italia-truppe"),
            ("e la Spagna?", "spagna"),
        ],
    ),
    (
        "a subject with invece",
        [("Qual è il ruolo degli Stati Uniti?", "stati-uniti"), ("e l'Europa invece?", "europa")],
    ),
    (
        "a pronoun for the previous topic",
        [
            ("Come funzionerà il monitoraggio della tregua?", "pilastro-1"),
            ("chi l'ha proposto?", "pilastro-1"),  # "proposto dagli Stati Uniti"
        ],
    ),
    (
        "a bare why",
        [
            ("Meloni manderà soldati italiani?", "italia-truppe"),
            ("perché?", "italia-vincoli-costituzionali"),
        ],
    ),
    (
        "bare where and when after the summit",
        [
            ("Di cosa si è discusso al vertice dei Volenterosi?", "affinamento-garanzie"),
            ("e dove?", "vertice-dove"),
            ("quando?", "vertice-quando"),
        ],
    ),
    (
        "who leads it",
        [
            ("A cosa serve la forza multinazionale?", "forza-obiettivi"),
            ("chi la guida?", "guida-europa"),
        ],
    ),
    (
        "a country the article never mentions",
        [
            ("L'Italia manderà dei militari in Ucraina?", "italia-truppe"),
            ("e il Portogallo?", None),
        ],
    ),
    (
        "a cost the article never gives",
        [
            ("Come funzionerà il monitoraggio della tregua?", "pilastro-1"),
            ("e quanto costa?", None),
        ],
    ),
    (
        "a clear new question after context",
        [
            ("Cosa riguarda il terzo pilastro?", "pilastro-3"),
            ("In quale città si è svolta la riunione?", "vertice-dove"),
            (
                "Chi ha proposto il meccanismo di verifica del cessate il fuoco?",
                "verifica-proposta-usa",
            ),
        ],
    ),
    (
        "a new subject with a question of its own is read alone",
        [
            ("Che ruolo hanno gli Stati Uniti nelle garanzie?", "stati-uniti"),
            ("e la Spagna cosa ha deciso?", "spagna"),
        ],
    ),
    (
        "an elided 'com'' is a question word, not a topic",
        [
            ("La Spagna manderà militari?", "spagna"),
            ("com'era la sua posizione prima?", "spagna"),
        ],
    ),
    (
        "a follow-up the topic cannot answer is not answered by its words alone",
        [
            ("I soldati italiani andranno in Ucraina?", "italia-truppe"),
            ("e la Francia?", None),  # alone it would ask where the summit was
        ],
    ),
    (
        "an elliptic follow-up that says enough is answered alone",
        [
            ("Cosa prevede il secondo pilastro?", "pilastro-2"),
            ("e se la Russia attacca di nuovo?", "pilastro-4"),
        ],
    ),
    (
        "a short question answered alone narrows the topic, not replaces it",
        [
            ("Che cos'è la forza multinazionale?", "pilastro-3"),  # the pillar that plans it
            ("quando entra in azione?", "attivazione-forza"),
            ("chi ne fa parte?", "forza-multinazionale"),
        ],
    ),
    (
        "small talk keeps the topic",
        [
            ("Cosa riguarda il terzo pilastro?", "pilastro-3"),
            ("grazie", None),
            ("e il quarto?", "pilastro-4"),
        ],
    ),
    (
        "an ordinal after an answer that names the items",
        [
            ("Che cosa hanno deciso alla fine a Parigi?", "vertice-esito"),
            ("e il secondo?", "pilastro-2"),
            ("e il terzo di cosa parla?", "pilastro-3"),
        ],
    ),
    (
        "which item holds the last answer",
        [
            ("Verranno dati fondi a Kiev per acquistare armi?", "sostegno-finanziario"),
            ("e in quale pilastro rientra?", "pilastro-2"),
        ],
    ),
    (
        "which of the items, asked among them, with the verb in the plural",
        [
            ("A cosa servono i depositi di difesa?", "depositi-difesa"),
            ("in quale dei pilastri rientrano?", "pilastro-2"),
        ],
    ),
    (
        "a filler before the follow-up, a request for more after it",
        [
            ("Che cosa sono i cinque pilastri?", "pilastri"),
            ("ok, e il terzo?", "pilastro-3"),
            ("il quarto spiegamelo meglio", "pilastro-4"),
        ],
    ),
    (
        "specifics the article does not give are not answered through the topic",
        [
            ("Chi era presente al vertice?", "vertice-partecipanti"),
            ("chi c'era esattamente per gli Stati Uniti?", None),
        ],
    ),
    (
        "a fragment leans on the topic: a question word last, or after a preposition",
        [
            ("Cosa succede se la Russia attacca di nuovo dopo la tregua?", "pilastro-4"),
            ("con quali mezzi?", "strumenti-risposta"),
            ("Che cosa sono le misure di rassicurazione?", "misure-rassicurazione"),
            ("guidate da chi?", "guida-europa"),
        ],
    ),
    (
        "a pronoun stands for the topic itself, not for an entry next to it",
        [
            ("a cosa serve la forza multinazionale?", "forza-obiettivi"),
            ("chi ne fa parte?", "forza-multinazionale"),
        ],
    ),
    (
        "what the article does not say moves no topic",
        [
            ("Qual è il ruolo degli Stati Uniti?", "stati-uniti"),
            ("e quanti soldati americani ci saranno?", None),
            ("e l'Europa invece?", "europa"),
        ],
    ),
]


def _ask_in_turn(engine: Engine, turns: list[tuple[str, str | None]]) -> list[str | None]:
    """The entry each message is answered with (None when not answered), context kept."""
    context: Context | None = None
    got = []
    for at, (message, _) in enumerate(turns):
        turn = follow(engine, message, context, float(at))
        context = turn.context
        got.append(turn.result.best.entry.id if turn.result.matched and turn.result.best else None)
    return got


@pytest.mark.parametrize(("name", "turns"), CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
def test_conversation(engine: Engine, name: str, turns: list[tuple[str, str | None]]) -> None:
    """Each turn, read with the earlier ones, gets the expected entry or no FAQ answer."""
    assert _ask_in_turn(engine, turns) == [expected for _, expected in turns], name


def test_follow_ups_need_context(engine: Engine) -> None:
    """Without the earlier turns the same follow-ups get no answer: context does the work."""
    for message in ["e il quarto?", "perché?", "e dove?", "e l'ultima?"]:
        assert not follow(engine, message, None, 0.0).result.matched, message


def test_the_resolved_question_is_returned(engine: Engine) -> None:
    """A follow-up answered through context says what it was read as; a clear question does not."""
    first = follow(engine, "Cosa riguarda il terzo pilastro?", None, 0.0)
    assert first.resolved is None
    second = follow(engine, "e il quarto?", first.context, 1.0)
    assert second.resolved is not None
    assert "quarto" in second.resolved


def test_a_misspelt_follow_up_leans_on_the_topic(engine: Engine) -> None:
    """A typo in a follow-up's ordinal does not break the ellipsis: "e il qurato?" is the fourth."""
    first = follow(engine, "Cosa riguarda il terzo pilastro?", None, 0.0)
    typed = follow(engine, "e il qurato?", first.context, 1.0)
    meant = follow(engine, "e il quarto?", first.context, 1.0)
    assert typed.result.best is not None
    assert meant.result.best is not None
    assert typed.result.best.entry.id == meant.result.best.entry.id
    assert typed.context is not None
    assert typed.context.pillar == 4


def test_what_the_topic_a_pronoun_stands_for_lacks_is_said_not_to_be_said(
    engine: Engine,
) -> None:
    """After the fortifications, "chi le guida?" is not said; their entry is offered."""
    first = follow(engine, "Cosa sono le fortificazioni?", None, 0.0)
    turn = follow(engine, "e chi le guida?", first.context, 1.0)
    assert turn.result.kind is Kind.NOT_SAID
    assert turn.result.asked == "person"
    assert turn.result.best is not None
    assert turn.result.best.entry.id == "fortificazioni"
    assert turn.context is not None
    assert turn.context.entry_id == "fortificazioni", "the topic stays"


def test_context_names_entry_subject_and_pillar(engine: Engine) -> None:
    """The context of an answer records its entry, subject, pillar, question and time."""
    spain = follow(engine, "La Spagna cosa ha deciso?", None, 5.0).context
    assert spain is not None
    assert (spain.entry_id, spain.subject, spain.pillar) == ("spagna", "spagna", None)
    assert spain.question == "La Spagna cosa ha deciso?"
    assert spain.at == 5.0
    pillar = follow(engine, "il quarto pilastro", None, 0.0).context
    assert pillar is not None
    assert (pillar.entry_id, pillar.pillar) == ("pilastro-4", 4)


def test_context_expires_after_idle_minutes(engine: Engine) -> None:
    """A follow-up after more than the idle time is read on its own."""
    context = follow(engine, "Cosa riguarda il terzo pilastro?", None, 0.0).context
    soon = follow(engine, "e il quarto?", context, IDLE_SECONDS - 1)
    late = follow(engine, "e il quarto?", context, IDLE_SECONDS + 1)
    assert soon.result.matched
    assert not late.result.matched
    assert late.resolved is None


def test_an_unanswerable_follow_up_keeps_the_topic(engine: Engine) -> None:
    """After "e il Portogallo?" (not answered) the earlier topic still serves the next turn."""
    context = follow(engine, "L'Italia manderà dei militari in Ucraina?", None, 0.0).context
    miss = follow(engine, "e il Portogallo?", context, 1.0)
    assert miss.result.kind is Kind.FALLBACK
    assert miss.context == context
    assert follow(engine, "e la Spagna?", miss.context, 2.0).result.best is not None


def test_a_clarifying_question_keeps_the_message_as_the_topic(engine: Engine) -> None:
    """After "did you mean A or B?", the next question leans on what the reader asked."""
    # Runners-up within 30 points and no score sure enough: the engine asks back.
    unsure = Engine(engine.knowledge, Thresholds(margin=30.0, sure=101.0))
    message = "Se Mosca attaccasse ancora, c'è un piano?"
    first = follow(unsure, message, None, 0.0)
    assert first.result.kind is Kind.CLARIFY
    assert first.context is not None
    assert first.context.topic == message
    assert first.context.entry_id == first.result.alternatives[0].entry.id
    second = follow(unsure, "e cosa prevede?", first.context, 1.0)
    assert second.resolved is not None  # read through the context, not alone
    assert follow(unsure, "e cosa prevede?", None, 1.0).resolved is None


def test_a_removed_entry_means_no_context(engine: Engine) -> None:
    """A context naming an entry the FAQ no longer has (after a reload) is ignored."""
    question = "Cosa riguarda il terzo pilastro?"
    stale = Context("gone", question, question, None, 3, 0.0)
    assert not follow(engine, "e il quarto?", stale, 1.0).result.matched


def test_a_tap_sets_context(engine: Engine) -> None:
    """A button tap on an entry sets context like a typed question."""
    store: Conversations[tuple[int, int]] = Conversations()
    store.tap(engine, (1, 2), "pilastro-3", 0.0)
    turn = store.ask(engine, (1, 2), "e il quarto?", 1.0)
    assert turn.result.best is not None
    assert turn.result.best.entry.id == "pilastro-4"
    assert context_for(engine, "no-such-entry", "x", 0.0) is None


def test_store_keeps_users_apart(engine: Engine) -> None:
    """Two users in one chat each keep their own context."""
    store: Conversations[tuple[int, int]] = Conversations()
    store.ask(engine, (10, 1), "Cosa riguarda il terzo pilastro?", 0.0)
    store.ask(engine, (10, 2), "L'Italia manderà dei militari in Ucraina?", 0.0)
    first = store.get((10, 1), 1.0)
    second = store.get((10, 2), 1.0)
    assert first is not None
    assert second is not None
    assert (first.entry_id, second.entry_id) == ("pilastro-3", "italia-truppe")


def test_store_forgets_after_idle_time(engine: Engine) -> None:
    """An idle conversation's context is dropped from the store when next looked up."""
    store: Conversations[str] = Conversations(idle=60.0)
    store.ask(engine, "chat", "Cosa riguarda il terzo pilastro?", 0.0)
    assert store.get("chat", 59.0) is not None
    assert store.get("chat", 61.0) is None
    assert len(store) == 0


def test_store_activity_keeps_context_alive(engine: Engine) -> None:
    """Each answered message restarts the idle clock, small talk included."""
    store: Conversations[str] = Conversations(idle=60.0)
    store.ask(engine, "chat", "Cosa riguarda il terzo pilastro?", 0.0)
    store.ask(engine, "chat", "grazie", 50.0)
    turn = store.ask(engine, "chat", "e il quarto?", 100.0)
    assert turn.result.best is not None
    assert turn.result.best.entry.id == "pilastro-4"


def test_store_is_bounded(engine: Engine) -> None:
    """Past its size the store forgets the least recently used conversation first."""
    store: Conversations[int] = Conversations(max_size=3)
    for user in range(5):
        store.ask(engine, user, "Cosa riguarda il terzo pilastro?", 0.0)
    store.get(2, 0.0)
    store.ask(engine, 5, "Cosa riguarda il terzo pilastro?", 0.0)
    assert len(store) == 3
    assert [user for user in range(6) if store.get(user, 0.0) is not None] == [2, 4, 5]
