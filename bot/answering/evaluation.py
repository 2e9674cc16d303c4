"""Scoring the engine on labelled questions and conversations, like a batch-testing tool.

Two question formats, one YAML list of items each:

- ``{q: question, id: expected, cat: category}``: ``id`` is an entry id, a list
  of acceptable ids, or null when the bot must not answer from the FAQ;
- ``{q: question, expect: groups, cat: category}`` (the shared evaluation
  sets): ``expect`` is ``fallback`` or a list of groups of words, every group
  occurring in the answer a reader sees, any word of a group enough (case- and
  accent-insensitive substrings), judged as ``run_eval.py`` judges them.

A conversation file is a list of ``{name, turns: [{q, expect}]}``; its turns
are asked in order with the context of the earlier ones, a fresh context per
conversation. A *false answer* is an FAQ answer that should not have been
given: to a question the article does not answer, or with the wrong entry or
without the expected words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.answering.conversation import Context, follow
from bot.answering.engine import Engine
from bot.answering.models import Result
from bot.answering.normalise import strip_accents

MAX_ANSWER = 2200  # a longer reply is not a focused answer (as run_eval.py judges)
Render = Callable[[Result], str]  # what a reader sees for a result, as plain text


class LabelError(ValueError):
    """The labelled file cannot be read."""


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled question: expected entry ids, or groups of words the answer must hold."""

    question: str
    expected: frozenset[str]  # entry ids; empty with no groups: the bot must not answer
    category: str
    groups: tuple[tuple[str, ...], ...] = ()

    @property
    def answerable(self) -> bool:
        """Whether the article answers it."""
        return bool(self.expected or self.groups)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine did with one case."""

    case: Case
    result: Result
    answer: str  # the reply's plain text, for the word groups
    resolved: str | None = None  # the question answered, when context changed it

    @property
    def got(self) -> str | None:
        """The entry the engine chose, if any."""
        return self.result.best.entry.id if self.result.best else None

    @property
    def ok(self) -> bool:
        """Answered as expected, or not answered when the article does not say."""
        if not self.case.answerable:
            return not self.result.matched
        if not self.result.matched:
            return False
        if self.case.expected and self.got not in self.case.expected:
            return False
        folded = _fold(self.answer)
        return len(folded) <= MAX_ANSWER and all(
            any(_fold(word) in folded for word in group) for group in self.case.groups
        )

    @property
    def false_answer(self) -> bool:
        """An FAQ answer that should not have been given."""
        return self.result.matched and not self.ok


@dataclass(frozen=True)
class Report:
    """Accuracy by category, rejection rate, false answers and the misses."""

    outcomes: tuple[Outcome, ...]
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def in_scope(self) -> float:
        """Share of answerable questions answered as expected."""
        return _rate([o for o in self.outcomes if o.case.answerable])

    @property
    def rejected(self) -> float:
        """Share of unanswerable questions that got no FAQ answer."""
        return _rate([o for o in self.outcomes if not o.case.answerable])

    @property
    def false_answers(self) -> int:
        """How many FAQ answers should not have been given."""
        return sum(o.false_answer for o in self.outcomes)

    @property
    def misses(self) -> list[Outcome]:
        """Every case the engine got wrong."""
        return [o for o in self.outcomes if not o.ok]


@dataclass(frozen=True, slots=True)
class Conversation:
    """Turns asked in order, each after the ones before."""

    name: str
    turns: tuple[Case, ...]


@dataclass(frozen=True)
class ConversationReport:
    """First turns and follow-ups scored apart, with the false answers."""

    first: Report  # the first turn of each conversation
    follow_ups: Report  # every later turn
    names: tuple[str, ...] = ()  # the conversation of each follow-up, for the misses


def _rate(outcomes: list[Outcome]) -> float:
    """Share of successes (1.0 for an empty list)."""
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 1.0


def _fold(text: str) -> str:
    """Lower case, typographic apostrophes and accents folded, as run_eval.py does."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return strip_accents(text)


def _entry_text(result: Result) -> str:
    """The answers of the entries a result states: the default rendering."""
    shown = [s.entry.answer for s in (result.best, result.second) if s is not None]
    return "\n".join(shown) if result.matched else ""


def _read(path: Path) -> list[Any]:
    """The YAML list in `path`, or a clear `LabelError`."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelError(f"{path}: cannot read labelled questions: {exc}") from None
    if not isinstance(raw, list):
        raise LabelError(f"{path}: expected a list of {{q, id, cat}} or {{q, expect}} items")
    return raw


def _case(item: object, where: str) -> Case:
    """One labelled item of either format."""
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise LabelError(f"{where} has no question 'q'")
    category = str(item.get("cat", "-"))
    if "expect" in item:
        expect = item["expect"]
        if expect == "fallback":
            return Case(item["q"], frozenset(), category)
        if not isinstance(expect, list) or not all(isinstance(g, list) and g for g in expect):
            raise LabelError(f"{where}: 'expect' must be 'fallback' or a list of word groups")
        groups = tuple(tuple(str(word) for word in group) for group in expect)
        return Case(item["q"], frozenset(), category, groups)
    expected = item.get("id")
    ids = [expected] if isinstance(expected, str) else (expected or [])
    return Case(item["q"], frozenset(ids), category)


def is_conversations(path: Path) -> bool:
    """Whether `path` holds conversations (items with `turns`) rather than questions."""
    raw = _read(path)
    return bool(raw) and all(isinstance(item, dict) and "turns" in item for item in raw)


def load_cases(path: Path) -> list[Case]:
    """Read a labelled question file; raise `LabelError` with a clear message if malformed."""
    return [_case(item, f"{path}: item {n}") for n, item in enumerate(_read(path), start=1)]


def load_conversations(path: Path) -> list[Conversation]:
    """Read a conversation file; raise `LabelError` with a clear message if malformed."""
    found = []
    for number, item in enumerate(_read(path), start=1):
        turns = item.get("turns") if isinstance(item, dict) else None
        if not isinstance(turns, list) or not turns:
            raise LabelError(f"{path}: conversation {number} has no 'turns'")
        name = str(item.get("name", number))
        cases = tuple(
            _case(turn, f"{path}: conversation {name!r} turn {at}")
            for at, turn in enumerate(turns, start=1)
        )
        found.append(Conversation(name, cases))
    return found


def evaluate(engine: Engine, cases: Sequence[Case], render: Render = _entry_text) -> Report:
    """Ask the engine every question on its own and tally the outcomes."""
    outcomes = []
    for case in cases:
        result = engine.ask(case.question)
        outcomes.append(Outcome(case, result, render(result)))
    return _report(outcomes)


def _report(outcomes: list[Outcome]) -> Report:
    """Outcomes tallied by category."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        tally[outcome.case.category][0] += outcome.ok
        tally[outcome.case.category][1] += 1
    return Report(tuple(outcomes), {c: (ok, n) for c, (ok, n) in sorted(tally.items())})


def evaluate_conversations(
    engine: Engine,
    conversations: Sequence[Conversation],
    render: Render = _entry_text,
    use_context: bool = True,
) -> ConversationReport:
    """Ask each conversation's turns in order, a fresh context per conversation.

    With `use_context` False every turn is asked on its own: the baseline.
    """
    first: list[Outcome] = []
    later: list[Outcome] = []
    names: list[str] = []
    for conversation in conversations:
        context: Context | None = None
        for at, case in enumerate(conversation.turns):
            if use_context:
                turn = follow(engine, case.question, context, float(at))
                result, resolved, context = turn.result, turn.resolved, turn.context
            else:
                result, resolved = engine.ask(case.question), None
            outcome = Outcome(case, result, render(result), resolved)
            if at == 0:
                first.append(outcome)
            else:
                later.append(outcome)
                names.append(conversation.name)
    return ConversationReport(_report(first), _report(later), tuple(names))


def format_report(report: Report) -> str:
    """The report as text: categories, the misses, the headline rates."""
    lines = [f"{'category':10s} {'right':>5s} {'of':>5s} {'share':>7s}"]
    for category, (ok, total) in report.by_category.items():
        lines.append(f"{category:10s} {ok:5d} {total:5d} {ok / total:7.1%}")
    if report.misses:
        lines += ["", "misses (question -> got [kind score], expected):"]
        lines += [f"  [{o.case.category}] {_miss(o)}" for o in report.misses]
    total = len(report.outcomes)
    lines += [
        "",
        f"in-scope answered correctly: {report.in_scope:.1%}",
        f"out-of-scope rejected: {report.rejected:.1%}",
        f"false answers: {report.false_answers} of {total} ({_share(report.false_answers, total)})",
    ]
    return "\n".join(lines)


def format_conversations(report: ConversationReport) -> str:
    """The conversation report as text: the misses, then first turns and follow-ups."""
    lines = []
    misses = [(o, "first turn") for o in report.first.misses]
    misses += [
        (o, name)
        for o, name in zip(report.follow_ups.outcomes, report.names, strict=True)
        if not o.ok
    ]
    if misses:
        lines += ["misses (question -> got [kind score], expected):"]
        lines += [f"  [{where}] {_miss(o)}" for o, where in misses]
        lines.append("")
    for label, part in (("first turns", report.first), ("follow-ups", report.follow_ups)):
        ok = sum(o.ok for o in part.outcomes)
        total = len(part.outcomes)
        lines.append(
            f"{label}: {ok}/{total} ({_share(ok, total)}), "
            f"false answers {part.false_answers} ({_share(part.false_answers, total)})"
        )
    return "\n".join(lines)


def _miss(outcome: Outcome) -> str:
    """One missed case on one line."""
    case = outcome.case
    if case.groups:
        want = " + ".join("/".join(group) for group in case.groups)
    else:
        want = "/".join(sorted(case.expected)) or "no answer"
    resolved = f" (read as {outcome.resolved!r})" if outcome.resolved else ""
    return (
        f"{case.question!r}{resolved} -> {outcome.got or '-'} "
        f"[{outcome.result.kind.value} {outcome.result.score:.1f}], expected {want}"
    )


def _share(part: int, total: int) -> str:
    """`part` as a percentage of `total`."""
    return f"{part / total:.1%}" if total else "-"
