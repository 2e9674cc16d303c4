"""The faq-bot command line: ask (plain, JSON, streaming) and eval."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.adapters.console import plain
from bot.answering.replies import MAX_QUESTION, Replies
from bot.cli import main

KINDS = {"answer", "clarify", "smalltalk", "fallback"}


def test_ask_prints_the_reply_as_read(capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot ask` prints the Italian stance as plain text, without markup."""
    assert main(["ask", "L'Italia manderà soldati in Ucraina?"]) == 0
    out = capsys.readouterr().out
    assert "nessun soldato italiano" in out.lower()
    assert "<b>" not in out
    assert "&#x27;" not in out


def test_ask_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """`ask --json` prints one object with kind, matched, id, score, answer, suggestions."""
    assert main(["ask", "--json", "spagna"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"kind", "matched", "id", "score", "answer", "suggestions"}
    assert payload["kind"] == "answer"
    assert payload["matched"] is True
    assert payload["id"] == "spagna"
    assert "presenza militare" in payload["answer"]
    assert all(set(s) == {"id", "question"} for s in payload["suggestions"])


def test_ask_streams_stdin_one_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a question, `ask --json` answers each stdin line with one JSON line."""
    lines = ["ciao", "", "ricetta del tiramisù", "pilastro 3"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == len(lines)
    assert [o["kind"] for o in out] == ["smalltalk", "fallback", "fallback", "answer"]
    assert [o["matched"] for o in out] == [False, False, False, True]
    assert all(o["kind"] in KINDS for o in out)


def test_eval_reports_by_category(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot eval` prints accuracy by category and lists the misses."""
    labelled = tmp_path / "set.yaml"
    labelled.write_text(
        '- {q: "spagna", id: spagna, cat: short}\n'
        '- {q: "spagna", id: italia, cat: wrong}\n'
        '- {q: "che tempo fa", id: null, cat: oos}\n',
        encoding="utf-8",
    )
    assert main(["eval", str(labelled), "--min-inscope", "0.9"]) == 1
    out = capsys.readouterr().out
    assert "short" in out
    assert "oos" in out
    assert "'spagna' -> spagna" in out
    assert "in-scope answered correctly: 50.0%" in out
    assert "out-of-scope rejected: 100.0%" in out


def test_eval_with_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed labelled file is one clear error line and a non-zero exit."""
    broken = tmp_path / "set.yaml"
    broken.write_text("- {q: [unclosed\n", encoding="utf-8")
    assert main(["eval", str(broken)]) == 2
    assert "cannot read labelled questions" in capsys.readouterr().err


def test_ask_conversation_keeps_context(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ask --conversation --json` reads follow-ups in context; a blank line or --- resets it."""
    lines = ["Cosa riguarda il terzo pilastro?", "e il quarto?", "---", "e il quarto?"]
    lines += ["Cosa riguarda il terzo pilastro?", "", "e il quarto?"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--conversation", "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] if o["matched"] else None for o in out] == [
        "pilastro-3",
        "pilastro-4",
        None,
        "pilastro-3",
        None,
    ]
    assert "resolved" not in out[0]
    assert "quarto" in out[1]["resolved"]


def test_eval_scores_the_shared_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Word groups are sought in the answer; an answer to a fallback case is a false answer."""
    labelled = tmp_path / "set.yaml"
    labelled.write_text(
        '- {q: "La Spagna cosa ha deciso?", expect: [[spagna], [militar]], cat: direct}\n'
        '- {q: "La Spagna cosa ha deciso?", expect: [[groenlandia]], cat: para}\n'
        '- {q: "spagna", expect: fallback, cat: near}\n'
        '- {q: "ricetta della carbonara", expect: fallback, cat: oos}\n',
        encoding="utf-8",
    )
    assert main(["eval", str(labelled)]) == 0
    out = capsys.readouterr().out
    assert "in-scope answered correctly: 50.0%" in out
    assert "out-of-scope rejected: 50.0%" in out
    assert "false answers: 2 of 4 (50.0%)" in out


def test_eval_runs_conversations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A conversation file is scored turn by turn: first turns and follow-ups apart."""
    talks = tmp_path / "talks.yaml"
    talks.write_text(
        "- name: pilastri\n"
        "  turns:\n"
        '    - {q: "Cosa riguarda il terzo pilastro?", expect: [[multinazionale]]}\n'
        '    - {q: "e il quarto?", expect: [[attacco]]}\n'
        '    - {q: "e il Portogallo?", expect: fallback}\n',
        encoding="utf-8",
    )
    assert main(["eval", str(talks)]) == 0
    assert "follow-ups: 2/2 (100.0%), false answers 0" in capsys.readouterr().out
    assert main(["eval", str(talks), "--no-context"]) == 0
    assert "follow-ups: 1/2 (50.0%)" in capsys.readouterr().out


def test_ask_cuts_and_checks_like_a_chat(
    replies: Replies, capsys: pytest.CaptureFixture[str]
) -> None:
    """`faq-bot ask` replies as Telegram would: blank lines asked for, long text cut at 1,000."""
    long = " " * MAX_QUESTION + "spagna"  # uncut, this is answered with the Spain entry
    assert len(long) > MAX_QUESTION
    assert main(["ask", "--json", long]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["kind"] == replies.question(long).kind
    assert (shown["kind"], shown["id"]) == ("fallback", None)
    assert main(["ask", "   "]) == 0
    assert capsys.readouterr().out.strip() == plain(replies.question("").text)
