"""The article's facts, each mapped to the entry that answers it.

A fact cannot silently lose its entry: each row names the entry, a phrase of the
article that its answer must keep, and a question a reader would ask about it,
written afresh (not copied from the FAQ) so the engine is asked something new.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answering.engine import Engine
from bot.answering.models import Kind, Knowledge
from bot.answering.normalise import fold

# (fact, entry id, phrase of the article the answer keeps, a reader's question), kept
# as data so `faq-bot calibrate` can fit the thresholds on it too.
FACTS = [
    (row["fact"], row["id"], row["phrase"], row["q"])
    for row in yaml.safe_load((Path(__file__).parent / "data" / "facts.yaml").read_text("utf-8"))
]


# Rows whose reader question the engine answers wrongly today. The questions stay as a
# reader would write them; the engine is being tuned, and `strict` makes a fixed row fail
# until its line here is deleted.
ENGINE_MISSES: dict[str, str] = {
    "pace-giusta-duratura": "engine: answers ucraina",
    "procedure-costituzionali": "engine: answers italia-vincoli-costituzionali",
    "pilastri": "engine: answers ucraina",
    "forze-armate-prima-linea": "engine: fallback, forze-armate-prima-linea suggested first",
    "attivazione-forza": "engine: not_said, attivazione-forza",
    "meloni": "engine: fallback, vertice-partecipanti suggested first",
    "europa": "engine: fallback, europa suggested first",
    "russia": "engine: not_said, russia (its unsaid 'posizioni di Mosca' reads as asked)",
}


def rows(misses: dict[str, str]) -> list[object]:
    """The table as pytest parameters named by entry id, rows in `misses` expected to fail."""
    params = []
    for row in FACTS:
        entry_id = row[1]
        marks = (
            [pytest.mark.xfail(strict=True, reason=misses[entry_id])] if entry_id in misses else []
        )
        params.append(pytest.param(*row, id=entry_id, marks=marks))
    return params


@pytest.mark.parametrize(("fact", "entry_id", "phrase", "question"), rows({}))
def test_fact_has_its_entry(
    shipped: Knowledge, fact: str, entry_id: str, phrase: str, question: str
) -> None:
    """The entry for the fact exists, and its answer states the fact as the article does."""
    assert entry_id in shipped.by_id, f"{fact}: no entry '{entry_id}'"
    assert fold(phrase) in fold(shipped.by_id[entry_id].answer), fact
    assert fold(phrase) in fold(shipped.article), f"{fact}: not in the article"


@pytest.mark.parametrize(("fact", "entry_id", "phrase", "question"), rows(ENGINE_MISSES))
def test_reader_question_reaches_the_fact(
    engine: Engine, fact: str, entry_id: str, phrase: str, question: str
) -> None:
    """A reader asking about the fact in their own words gets the entry that answers it."""
    result = engine.ask(question)
    got = result.best.entry.id if result.best else [s.entry.id for s in result.alternatives]
    assert result.kind is Kind.ANSWER, f"{fact}: {result.kind} {got}"
    assert result.best is not None
    assert result.best.entry.id == entry_id, f"{fact}: got {got}"


def test_reader_questions_are_not_faq_phrasings(shipped: Knowledge) -> None:
    """The table's questions are new wordings, so they test the engine, not the FAQ's text."""
    phrasings = {fold(q) for e in shipped.entries for q in e.questions}
    copied = [q for _, _, _, q in FACTS if fold(q) in phrasings]
    assert not copied


def test_engine_misses_name_rows_of_the_table() -> None:
    """Every expected engine miss names a row of the table, so none is left stale."""
    assert set(ENGINE_MISSES) <= {entry_id for _, entry_id, _, _ in FACTS}
