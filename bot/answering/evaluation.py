"""Scoring the engine on a labelled set of questions, like a batch-testing tool.

A labelled file is a YAML list of ``{q: question, id: expected, cat: category}``
where ``id`` is an entry id, a list of acceptable ids, or null when the bot
must not answer from the FAQ (off-topic, near-topic, small talk).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answering.engine import Engine
from bot.answering.models import Kind


class LabelError(ValueError):
    """The labelled file cannot be read."""


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled question."""

    question: str
    expected: frozenset[str]  # empty: the bot must not answer
    category: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine did with one case."""

    case: Case
    kind: Kind
    got: str | None
    score: float

    @property
    def ok(self) -> bool:
        """Answered with an acceptable entry, or not answered when none is."""
        if not self.case.expected:
            return self.kind is not Kind.ANSWER
        return self.kind is Kind.ANSWER and self.got in self.case.expected


@dataclass(frozen=True)
class Report:
    """Accuracy by category, rejection rates and the misses."""

    outcomes: tuple[Outcome, ...]
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def in_scope(self) -> float:
        """Share of answerable questions answered with an acceptable entry."""
        return _rate([o for o in self.outcomes if o.case.expected])

    @property
    def rejected(self) -> float:
        """Share of unanswerable questions that got no FAQ answer."""
        return _rate([o for o in self.outcomes if not o.case.expected])

    @property
    def misses(self) -> list[Outcome]:
        """Every case the engine got wrong."""
        return [o for o in self.outcomes if not o.ok]


def _rate(outcomes: list[Outcome]) -> float:
    """Share of successes (1.0 for an empty list)."""
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 1.0


def load_cases(path: Path) -> list[Case]:
    """Read a labelled file; raise `LabelError` with a clear message if malformed."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelError(f"{path}: cannot read labelled questions: {exc}") from None
    if not isinstance(raw, list):
        raise LabelError(f"{path}: expected a list of {{q, id, cat}} items")
    cases = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise LabelError(f"{path}: item {number} has no question 'q'")
        expected = item.get("id")
        ids = [expected] if isinstance(expected, str) else (expected or [])
        cases.append(Case(item["q"], frozenset(ids), str(item.get("cat", "-"))))
    return cases


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    """Ask the engine every question and tally the outcomes."""
    outcomes = []
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        result = engine.ask(case.question)
        got = result.best.entry.id if result.best else None
        outcome = Outcome(case, result.kind, got, result.score)
        outcomes.append(outcome)
        tally[case.category][0] += outcome.ok
        tally[case.category][1] += 1
    return Report(tuple(outcomes), {c: (ok, n) for c, (ok, n) in sorted(tally.items())})


def format_report(report: Report) -> str:
    """The report as text: categories, confusion list, the two headline rates."""
    lines = [f"{'category':10s} {'right':>5s} {'of':>5s} {'share':>7s}"]
    for category, (ok, total) in report.by_category.items():
        lines.append(f"{category:10s} {ok:5d} {total:5d} {ok / total:7.1%}")
    if report.misses:
        lines += ["", "misses (question -> got [kind score], expected):"]
        for o in report.misses:
            want = "/".join(sorted(o.case.expected)) or "no answer"
            lines.append(
                f"  [{o.case.category}] {o.case.question!r} -> {o.got or '-'} "
                f"[{o.kind.value} {o.score:.1f}], expected {want}"
            )
    lines += [
        "",
        f"in-scope answered correctly: {report.in_scope:.1%}",
        f"out-of-scope rejected: {report.rejected:.1%}",
    ]
    return "\n".join(lines)
