"""Fitting the `Thresholds` to labelled questions, and saying how well they hold up.

A random search draws settings from `SPACE`; every setting answers every
labelled question once. Cross-validation then splits the questions into
folds: for each fold the setting with the best *utility* on the other folds
is chosen and judged on that fold alone, so the figures reported are on
questions the choice did not see. Utility: +1 for a right answer or a right
refusal, 0 for an honest "non lo so" to an answerable question, and
``-cost`` for a false answer (a wrong entry, or an answer where the article
says nothing): a wrong answer costs more than a fallback.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace

from bot.answering.engine import Engine
from bot.answering.evaluation import Case, Render, evaluate
from bot.answering.models import Knowledge
from bot.answering.thresholds import Thresholds

# The values tried for each tuned number; the others keep their defaults.
SPACE: dict[str, tuple[float, ...]] = {
    "answer": (38.0, 41.0, 44.0, 47.0, 50.0),
    "min_coverage": (0.35, 0.4, 0.45, 0.5, 0.55),
    "min_information": (0.6, 1.0, 1.4),
    "min_content": (0.0, 0.4, 0.5, 0.6),
    "margin": (1.0, 2.0, 4.0),
    "fallthrough": (0.0, 5.0, 10.0, 20.0),
    "context_share": (0.2, 0.35, 0.5),
    "context_match": (0.0, 1.0, 2.0),
    "focus_mass": (0.0, 3.0, 6.0),
    "foreign": (1.0, 1.5, 2.0),
    "concept": (0.5, 1.0, 2.0),
    "known_floor": (0.3, 0.5, 0.7, 1.0),
    "common_share": (0.1, 0.2, 0.3),
    "focus_floor": (0.3, 0.45, 0.6, 0.75),
    "predicate_floor": (0.3, 0.45, 0.6, 0.75),
    "common_zipf": (5.5, 6.0, 6.5),
    "rare_zipf": (2.5, 3.0, 3.5),
}


@dataclass(frozen=True, slots=True)
class Trial:
    """One setting and how it did on every case: right, and falsely answered."""

    thresholds: Thresholds
    ok: tuple[bool, ...]
    false: tuple[bool, ...]

    def utility(self, cases: Sequence[int], cost: float) -> float:
        """The utility of this setting on the cases numbered `cases`."""
        return sum(1.0 if self.ok[i] else -cost if self.false[i] else 0.0 for i in cases)


@dataclass(frozen=True, slots=True)
class Figures:
    """In-scope accuracy, refusal rate and false-answer share on some cases."""

    in_scope: float
    rejected: float
    false: float
    count: int


def figures(cases: Sequence[Case], ok: Sequence[bool], false: Sequence[bool]) -> Figures:
    """The figures of outcomes, one per case, in order."""
    answerable = [o for c, o in zip(cases, ok, strict=True) if c.answerable]
    refused = [o for c, o in zip(cases, ok, strict=True) if not c.answerable]
    return Figures(
        sum(answerable) / len(answerable) if answerable else 1.0,
        sum(refused) / len(refused) if refused else 1.0,
        sum(false) / len(false) if false else 0.0,
        len(cases),
    )


def search(
    knowledge: Knowledge,
    cases: Sequence[Case],
    render: Callable[[Engine], Render],
    trials: int,
    seed: int = 7,
) -> list[Trial]:
    """The defaults and `trials` random settings, each tried on every case."""
    rng = random.Random(seed)
    settings = [Thresholds()]
    for _ in range(trials):
        drawn = {name: rng.choice(values) for name, values in SPACE.items()}
        settings.append(replace(Thresholds(), **drawn))
    found = []
    for thresholds in settings:
        engine = Engine(knowledge, thresholds)
        report = evaluate(engine, cases, render(engine))
        found.append(
            Trial(
                thresholds,
                tuple(o.ok for o in report.outcomes),
                tuple(o.false_answer for o in report.outcomes),
            )
        )
    return found


def best(found: Sequence[Trial], cases: Sequence[int], cost: float) -> Trial:
    """The trial with the highest utility on `cases` (the first of equals)."""
    return max(found, key=lambda t: t.utility(cases, cost))


def cross_validate(
    found: Sequence[Trial], count: int, folds: int, cost: float, seed: int = 1
) -> tuple[list[bool], list[bool], list[Trial]]:
    """Held-out outcomes of every case, and the trial each fold chose."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    ok, false = [False] * count, [False] * count
    chosen = []
    for fold in range(folds):
        held = set(order[fold::folds])
        trial = best(found, [i for i in range(count) if i not in held], cost)
        chosen.append(trial)
        for i in held:
            ok[i], false[i] = trial.ok[i], trial.false[i]
    return ok, false, chosen


def changed(thresholds: Thresholds) -> dict[str, float]:
    """The numbers of `thresholds` that differ from the defaults."""
    default = asdict(Thresholds())
    return {k: v for k, v in asdict(thresholds).items() if v != default[k]}
