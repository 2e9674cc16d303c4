"""Typo robustness: labelled questions the engine answers, each given one typo.

Usage:
    uv run python benchmarks/bench_typos.py [--seeds 3,4,5] [--first] [FILE ...]

From each file (default: the dev set, `tests/data/questions.yaml` and
`tests/data/readers.yaml`), the answerable questions in the direct, para and
colloq styles that the engine answers right are taken; each gets one typo in
one word of five letters or more, at a random inner position (with
`--first`, at the first letter): a letter left out, swapped with the next,
replaced, or doubled. A typo that makes another
word of Italian ("prese" -> "perse") is drawn again (no speller can tell it).
Prints, per seed, how many of them are still answered right and how many get
a false answer. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering import knowledge, lexicon  # noqa: E402
from bot.answering.evaluation import Case, evaluate, load_cases  # noqa: E402
from bot.answering.replies import Replies  # noqa: E402
from bot.cli import _reader_text  # noqa: E402
from bot.settings import default_faq_dir  # noqa: E402

DEFAULT_FILES = (
    ROOT.parent / "shared" / "eval" / "dev-questions.yaml",
    ROOT / "tests" / "data" / "questions.yaml",
    ROOT / "tests" / "data" / "readers.yaml",
)
STYLES = frozenset({"direct", "para", "colloq"})
LETTERS = "abcdefghilmnopqrstuvz"
TRIES = 20  # draws of a typo before a word is left as it is


def typo(word: str, rng: random.Random, first: bool = False) -> str | None:
    """`word` with one typo that makes no other word of Italian, or None."""
    for _ in range(TRIES):
        at = 0 if first else rng.randrange(1, len(word) - 1)
        kind = rng.choice(("drop", "swap", "change", "double"))
        if kind == "drop":
            typed = word[:at] + word[at + 1 :]
        elif kind == "swap":
            typed = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == "change":
            typed = word[:at] + rng.choice(LETTERS.replace(word[at], "")) + word[at + 1 :]
        else:
            typed = word[:at] + word[at] + word[at:]
        plain = typed.lower()
        if typed != word and not lexicon.seen(plain) and lexicon.zipf(plain) < 3:
            return typed
    return None


def misspell(cases: list[Case], rng: random.Random, first: bool = False) -> list[Case]:
    """Each case with one typo in one of its longer words (cases without one left out)."""
    typed = []
    for case in cases:
        words = case.question.split()
        long = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5]
        if not long:
            continue
        at = rng.choice(long)
        changed = typo(words[at], rng, first)
        if changed is not None:
            words[at] = changed
            typed.append(replace(case, question=" ".join(words)))
    return typed


def main() -> None:
    """Print how many right answers survive one typo, per seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--seeds", default="3,4,5")
    parser.add_argument("--first", action="store_true", help="the typo at the first letter")
    args = parser.parse_args()
    loaded = knowledge.load(default_faq_dir())
    replies = Replies(loaded)
    render = _reader_text(replies)
    cases = [
        c for path in args.files for c in load_cases(path) if c.answerable and c.category in STYLES
    ]
    right = [o.case for o in evaluate(replies.engine, cases, render).outcomes if o.ok]
    print(f"{len(right)} of {len(cases)} questions answered right as written")
    for seed in (int(s) for s in args.seeds.split(",")):
        typed = misspell(right, random.Random(seed), args.first)
        report = evaluate(replies.engine, typed, render)
        kept = sum(o.ok for o in report.outcomes)
        print(
            f"seed {seed}: {kept}/{len(typed)} still right ({kept / len(typed):.1%}),"
            f" {report.false_answers} false answers"
        )


if __name__ == "__main__":
    main()
