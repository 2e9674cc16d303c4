"""Curators' loop benchmark: recording choices, `faq-bot suggest`, the HTML page, one --apply.

Usage:
    uv run python benchmarks/bench_suggest.py [--taps 5000] [--unanswered 5000]

A fresh inbox in a temporary folder is filled as a busy month would fill it:
`--taps` reader taps on suggested entries (questions made from the shipped
FAQ's phrasings with a word dropped, a tenth of them 👎), `--unanswered`
fallbacks over about a thousand distinct questions, and a month of usage
counts. It then times what a curator runs: building the proposals, writing
the report page, and applying one phrasing to a copy of the FAQ (load, lint
in a copy, write). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering import knowledge  # noqa: E402
from bot.answering.engine import Engine  # noqa: E402
from bot.answering.models import Kind, Result, Scored  # noqa: E402
from bot.curation import faq_edit, html_report, report, suggest  # noqa: E402
from bot.curation.inbox import Inbox  # noqa: E402
from bot.settings import default_faq_dir  # noqa: E402


def fill(inbox: Inbox, engine: Engine, taps: int, unanswered: int, now: datetime) -> float:
    """Fill the inbox; the mean time of one link-and-choose, in microseconds."""
    rng = random.Random(12)
    entries = engine.knowledge.entries
    spent = []
    for n in range(taps):
        entry = rng.choice(entries)
        words = rng.choice(entry.questions).split()
        if len(words) > 2:
            del words[rng.randrange(len(words))]
        when = now - timedelta(days=rng.random() * 29)
        key = f"bench:{n}"
        start = time.perf_counter()
        inbox.link(key, " ".join(words), "fallback", 60.0, (entry.id,), now=when)
        inbox.choose(key, entry.id, chosen=rng.random() > 0.1, now=when)
        spent.append(time.perf_counter() - start)
    near = Scored(entries[0], 40.0)
    for n in range(unanswered):
        text = f"domanda senza risposta numero {rng.randrange(1000)} sul tema {n % 7}"
        when = now - timedelta(days=rng.random() * 29)
        inbox.record(text, Result(Kind.FALLBACK, alternatives=(near,)), now=when)
    for day in range(30):
        for kind in ("answer", "clarify", "fallback", "smalltalk"):
            for _ in range(rng.randrange(50)):
                inbox.count(kind, now=now - timedelta(days=day))
    return statistics.mean(spent) * 1e6


def timed(call: Callable[[], object], rounds: int = 3) -> float:
    """The median of `rounds` runs of `call`, in seconds."""
    spent = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def main() -> None:
    """Fill, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=5000)
    parser.add_argument("--unanswered", type=int, default=5000)
    args = parser.parse_args()
    now = datetime.now(UTC)
    loaded = knowledge.load(default_faq_dir())
    engine = Engine(loaded)
    with tempfile.TemporaryDirectory() as tmp, Inbox.in_folder(Path(tmp)) as inbox:
        per_tap = fill(inbox, engine, args.taps, args.unanswered, now)
        proposals = suggest.build(inbox, engine, 30, now=now)
        kinds = {
            k: sum(p.kind == k for p in proposals)
            for k in ("phrasing", "drop", "review", "new-entry")
        }
        build = timed(lambda: suggest.build(inbox, engine, 30, now=now))
        built = report.build(inbox, 30, now=now)
        page = html_report.page(built, inbox.usage_by_day(built.since), proposals)
        html = timed(
            lambda: html_report.page(
                report.build(inbox, 30, now=now), inbox.usage_by_day(built.since), proposals
            )
        )
        faq = Path(tmp) / "faq"
        shutil.copytree(default_faq_dir(), faq)
        outcomes = []  # (seconds, written) per phrasing tried, until one is written
        for proposal in [p for p in proposals if p.kind == "phrasing" and p.entry][:10]:
            assert proposal.entry is not None
            start = time.perf_counter()
            try:
                faq_edit.apply(faq, [faq_edit.Change(proposal.entry, proposal.text)])
                outcomes.append((time.perf_counter() - start, True))
                break
            except faq_edit.EditError:
                outcomes.append((time.perf_counter() - start, False))
    print(f"inbox: {args.taps:,} taps, {args.unanswered:,} unanswered questions, 30 days of counts")
    print(f"{'recording one tap (link + choose)':40s} {per_tap:8.1f} µs mean")
    print(f"{'suggest.build':40s} {build * 1000:8.1f} ms  {len(proposals)} proposals {kinds}")
    print(f"{'report + HTML page':40s} {html * 1000:8.1f} ms  {len(page) / 1024:.0f} KiB")
    for seconds, written in outcomes:
        verdict = "written" if written else "refused: another entry answers it"
        print(f"{'apply one phrasing (load, lint, write)':40s} {seconds * 1000:8.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
