"""Admin statistics over a big inbox: how long /statistiche takes and what the event loop feels.

Usage:
    uv run python benchmarks/bench_stats.py [--questions 20000]

Fills an inbox in a temporary folder with distinct unanswered questions of
made-up words (no two near-duplicates: the worst case for grouping), then
computes the /statistiche reply the way the bot does (on a daemon thread,
over at most admin.STATS_QUESTIONS questions) while a ticker on the event
loop measures how late its 10 ms sleeps wake up: the delay any other chat's
update would see. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering.models import Kind  # noqa: E402 (after the path set-up above)
from bot.curation import admin  # noqa: E402
from bot.curation.inbox import Inbox  # noqa: E402
from bot.curation.offloop import in_daemon  # noqa: E402
from tests.helpers.results import verdict  # noqa: E402

SYLLABLES = "ba ce di fo gu la me ni po ru sa te vi zo ca de fi go lu ma ne pi ro su".split()


async def measure(inbox: Inbox) -> tuple[float, float, float]:
    """Seconds for the reply; the p99 and max lateness of a 10 ms ticker meanwhile, in ms."""
    lateness: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        while not done.is_set():
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lateness.append((time.perf_counter() - start - 0.01) * 1000)

    ticker = asyncio.create_task(tick())
    start = time.perf_counter()
    await in_daemon(lambda: admin.statistics(inbox), "statistics")
    took = time.perf_counter() - start
    done.set()
    await ticker
    ordered = sorted(lateness)
    return took, ordered[int(0.99 * (len(ordered) - 1))], ordered[-1]


def main(argv: Sequence[str] | None = None) -> int:
    """Fill an inbox, time /statistiche, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=20_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, Inbox.in_folder(Path(folder)) as inbox:
        fallback = verdict(Kind.FALLBACK, ("x", 30.0))
        rng = random.Random(6)
        for _ in range(args.questions):  # made-up words: every question its own group, the worst
            words = ("".join(rng.choices(SYLLABLES, k=3)) for _ in range(6))
            inbox.record(" ".join(words) + "?", fallback)
        took, p99, worst = asyncio.run(measure(inbox))
    print(
        f"/statistiche over {args.questions:,} stored questions "
        f"(grouping at most the latest {admin.STATS_QUESTIONS:,}): {took:.2f} s"
    )
    print(f"event loop meanwhile: 10 ms ticker late by p99 {p99:.1f} ms, max {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
