"""`faq-bot suggest`: proposals from readers' choices, applied to the YAML with comments intact."""

from __future__ import annotations

import difflib
import io
import itertools
import json
import shutil
from pathlib import Path

import pytest

from bot.answering import knowledge
from bot.answering.engine import Engine
from bot.answering.models import Kind
from bot.cli import main
from bot.curation import faq_edit, suggest
from bot.curation.inbox import FILENAME, Inbox
from tests.conftest import SHIPPED_FAQ
from tests.helpers.results import verdict

UNKNOWN = "quali truppe"  # the shipped engine falls back on it, suggesting italia-truppe
ENTRY = "italia-truppe"
_keys = itertools.count()


def tap(inbox: Inbox, question: str, entry: str, kind: str = "fallback") -> str:
    """A bot message that offered `entry` for `question`, and a reader's tap on it; its key."""
    key = f"test:{next(_keys)}"
    inbox.link(key, question, kind, 60.0, (entry,))
    assert inbox.choose(key, entry, chosen=True) is not None
    return key


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    """A copy of the shipped FAQ to edit."""
    return Path(shutil.copytree(SHIPPED_FAQ, tmp_path / "faq"))


def test_one_tap_is_not_yet_a_proposal(inbox: Inbox, engine: Engine) -> None:
    """A single reader choosing an entry once is too little evidence."""
    tap(inbox, UNKNOWN, ENTRY)
    assert suggest.build(inbox, engine, 30) == ()


def test_two_taps_propose_the_phrasing(inbox: Inbox, engine: Engine) -> None:
    """The same question leading to the same entry twice proposes it as a phrasing."""
    tap(inbox, UNKNOWN, ENTRY)
    tap(inbox, "Quali truppe?", ENTRY)  # folds to the same question
    (proposal,) = suggest.build(inbox, engine, 30)
    assert (proposal.kind, proposal.entry, proposal.text, proposal.evidence) == (
        suggest.PHRASING,
        ENTRY,
        UNKNOWN,
        2,
    )
    assert proposal.id == suggest.proposal_id(suggest.PHRASING, ENTRY, UNKNOWN)


def test_distinct_questions_for_one_entry_are_each_proposed(inbox: Inbox, engine: Engine) -> None:
    """Two different questions whose readers chose one entry are both proposed."""
    tap(inbox, UNKNOWN, ENTRY)
    tap(inbox, "truppe di terra", ENTRY)
    found = suggest.build(inbox, engine, 30)
    assert {(p.text, p.questions) for p in found} == {(UNKNOWN, 2), ("truppe di terra", 2)}


def test_a_thumbs_down_cancels_a_tap(inbox: Inbox, engine: Engine) -> None:
    """A 👎 on the entry for the same question takes one tap off its evidence."""
    tap(inbox, UNKNOWN, ENTRY)
    key = tap(inbox, UNKNOWN, ENTRY)
    inbox.choose(key, ENTRY, chosen=False)
    assert suggest.build(inbox, engine, 30) == ()


def test_thumbs_down_for_unmatched_questions_ask_for_a_review(inbox: Inbox, engine: Engine) -> None:
    """Two 👎 on an entry for questions unlike its phrasings propose reviewing it; one does not."""
    for n, question in enumerate(("ma alla fine chi decide?", "e il parlamento cosa dice")):
        key = f"test:review:{n}"
        inbox.link(key, question, "answer", 80.0, (ENTRY,))
        inbox.choose(key, ENTRY, chosen=False)
        found = suggest.build(inbox, engine, 30)
        assert [p.kind for p in found] == ([suggest.REVIEW] if n else [])
    assert (found[0].entry, found[0].evidence, found[0].applicable) == (ENTRY, 2, False)


def test_browsing_after_a_confident_answer_is_no_evidence(inbox: Inbox, engine: Engine) -> None:
    """Related taps under a sure answer to another entry do not propose the question."""
    question = "L'Italia manderà soldati in Ucraina?"
    answered = engine.ask(question)
    assert answered.kind is Kind.ANSWER
    assert answered.best is not None
    related = answered.best.entry.related[0]
    for _ in range(3):
        tap(inbox, question, related, kind="answer")
    assert suggest.build(inbox, engine, 30) == ()


def test_thumbs_down_on_a_matching_phrasing_proposes_dropping_it(
    inbox: Inbox, engine: Engine
) -> None:
    """Two 👎 for a question that is one of the entry's phrasings propose dropping it."""
    entry = engine.knowledge.by_id[ENTRY]
    for key in ("test:drop:1", "test:drop:2"):
        inbox.link(key, entry.questions[1], "answer", 90.0, (ENTRY,))
        inbox.choose(key, ENTRY, chosen=False)
    (proposal,) = suggest.build(inbox, engine, 30)
    assert (proposal.kind, proposal.text, proposal.applicable) == (
        suggest.DROP,
        entry.questions[1],
        True,
    )


def test_repeated_unanswered_questions_need_a_new_entry(inbox: Inbox, engine: Engine) -> None:
    """Fallbacks asked twice form a new-entry proposal with the nearest entries; once is not."""
    for text in ("Chi ricostruirà le scuole?", "chi ricostruira le scuole", "ricetta del pesto"):
        inbox.record(text, verdict(Kind.FALLBACK, ("ricostruzione", 40.0)))
    (proposal,) = suggest.build(inbox, engine, 30)
    assert (proposal.kind, proposal.evidence, proposal.applicable) == (suggest.NEW_ENTRY, 2, False)
    assert proposal.entry is None
    assert len(proposal.nearest) == suggest.NEAREST


def test_decided_proposals_are_not_shown_again(inbox: Inbox, engine: Engine) -> None:
    """A rejected (or applied) proposal stays hidden on later runs."""
    tap(inbox, UNKNOWN, ENTRY)
    tap(inbox, UNKNOWN, ENTRY)
    (proposal,) = suggest.build(inbox, engine, 30)
    inbox.decide(proposal.id, "rejected")
    tap(inbox, UNKNOWN, ENTRY)
    assert suggest.build(inbox, engine, 30) == ()


def test_apply_adds_one_line_and_keeps_comments(faq: Path) -> None:
    """A phrasing lands in its entry's file: one added line, every comment and byte else kept."""
    before = (faq / "paesi.yaml").read_text(encoding="utf-8")
    assert faq_edit.apply(faq, [faq_edit.Change(ENTRY, UNKNOWN)]) == [faq / "paesi.yaml"]
    after = (faq / "paesi.yaml").read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [f'+      - "{UNKNOWN}"']
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments
    assert all(line in after.splitlines() for line in comments)
    for name in ("pilastri.yaml", "vertice.yaml", "profile.yaml", "synonyms.yaml"):
        assert (faq / name).read_bytes() == (SHIPPED_FAQ / name).read_bytes()
    assert UNKNOWN in knowledge.load(faq).by_id[ENTRY].questions


def test_apply_refuses_a_phrasing_another_entry_answers(faq: Path, engine: Engine) -> None:
    """A phrasing that belongs to another entry is refused, and no file changes."""
    other = engine.knowledge.by_id["vertice-quando"].questions[0]
    before = {p.name: p.read_bytes() for p in faq.iterdir()}
    with pytest.raises(faq_edit.EditError, match="vertice"):
        faq_edit.apply(faq, [faq_edit.Change("vertice-dove", other)])
    assert {p.name: p.read_bytes() for p in faq.iterdir()} == before


def test_apply_drops_a_phrasing_but_not_the_canonical_one(faq: Path, engine: Engine) -> None:
    """Dropping removes a phrasing; the first question, shown on buttons, is refused."""
    entry = engine.knowledge.by_id[ENTRY]
    faq_edit.apply(faq, [faq_edit.Change(ENTRY, entry.questions[1], drop=True)])
    assert entry.questions[1] not in knowledge.load(faq).by_id[ENTRY].questions
    with pytest.raises(faq_edit.EditError, match="canonical"):
        faq_edit.apply(faq, [faq_edit.Change(ENTRY, entry.questions[0], drop=True)])


def test_cli_lists_applies_and_rejects(
    faq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`suggest --json` lists; `--apply` writes, `--reject` hides; a wrong id is exit 2."""
    with Inbox.in_folder(tmp_path / "data") as inbox:
        for question in (UNKNOWN, UNKNOWN, "truppe di terra", "truppe di terra"):
            tap(inbox, question, ENTRY)
    assert main(["--faq", str(faq), "suggest", "--json"]) == 0
    ids = {p["text"]: p["id"] for p in json.loads(capsys.readouterr().out)["proposals"]}
    assert main(["--faq", str(faq), "suggest", "--reject", ids["truppe di terra"]]) == 0
    assert main(["--faq", str(faq), "suggest", "--apply", ids[UNKNOWN]]) == 0
    assert f"{UNKNOWN!r} added to {ENTRY}" in capsys.readouterr().out
    assert main(["--faq", str(faq), "suggest", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["proposals"] == []
    assert main(["--faq", str(faq), "suggest", "--apply", "deadbeef"]) == 2
    assert "no open proposal deadbeef" in capsys.readouterr().err


def test_cli_without_an_inbox_says_so(faq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`suggest` before the bot recorded anything says there is nothing to suggest."""
    assert main(["--faq", str(faq), "suggest"]) == 0
    assert "nothing to suggest" in capsys.readouterr().err
    assert not (faq.parent / "data" / FILENAME).exists()


def test_a_paragraph_is_never_proposed_as_a_phrasing(inbox: Inbox, engine: Engine) -> None:
    """Questions longer than MAX_PHRASING, or of punctuation alone, are not proposed."""
    for question in ("truppe " * 40, "truppe " * 40, "???", "???"):
        tap(inbox, question, ENTRY)
    assert suggest.build(inbox, engine, 30) == ()


def test_interactive_review_applies_and_rejects(
    faq: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`suggest --interactive` asks again after a bad answer, then applies and rejects."""
    with Inbox.in_folder(tmp_path / "data") as inbox:
        for question in (UNKNOWN, UNKNOWN, "truppe di terra", "truppe di terra"):
            tap(inbox, question, ENTRY)
    monkeypatch.setattr("sys.stdin", io.StringIO("boh\na\nr\n"))
    assert main(["--faq", str(faq), "suggest", "--interactive"]) == 0
    out = capsys.readouterr().out
    assert out.count("[a]pply, [r]eject, [s]kip, [q]uit?") == 3
    assert f"{UNKNOWN!r} added to {ENTRY}" in out
    assert UNKNOWN in knowledge.load(faq).by_id[ENTRY].questions
    with Inbox.in_folder(tmp_path / "data") as inbox:
        assert sorted(inbox.decisions().values()) == ["applied", "rejected"]
