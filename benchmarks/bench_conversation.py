"""Conversation benchmark: the per-message cost of reading follow-ups, and a context's memory.

Usage:
    uv run python benchmarks/bench_conversation.py [--rounds 10]

Cost: every turn of tests/data/conversations.yaml (first turns and follow-ups,
in order, context kept as a chat keeps it) is answered `--rounds` times
through `Conversations.ask`, and the same messages once more with
`Engine.ask` alone, each timed on its own; the difference is what the
conversation layer adds per message. Memory: a store filled to its bound with
contexts set by real answers, measured with tracemalloc. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering import knowledge  # noqa: E402
from bot.answering.conversation import MAX_CONVERSATIONS, Conversations  # noqa: E402
from bot.answering.engine import Engine  # noqa: E402
from bot.answering.evaluation import load_conversations  # noqa: E402
from bot.settings import default_faq_dir  # noqa: E402

CONVERSATIONS = ROOT / "tests" / "data" / "conversations.yaml"


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` quantile of `values` (seconds) in milliseconds, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def timings(engine: Engine, talks: list[list[str]], rounds: int) -> tuple[list[float], list[float]]:
    """Seconds per message with the conversation layer, and with the engine alone.

    Word caches (typo readings, keys of phrases) stay warm, as in a running bot;
    the verdict cache is emptied before each message, or every round after the
    first would only look answers up.
    """
    fresh = getattr(engine.ask, "cache_clear", lambda: None)
    store: Conversations[int] = Conversations()
    with_context, alone = [], []
    for number in range(rounds):
        for key, talk in enumerate(talks):
            store.put(key, None)  # each conversation starts afresh
            for at, text in enumerate(talk):
                fresh()  # no verdict cached from an earlier round: each message is worked out
                start = time.perf_counter()
                store.ask(engine, key, text, float(number * 100 + at))
                with_context.append(time.perf_counter() - start)
                fresh()
                start = time.perf_counter()
                engine.ask(text)
                alone.append(time.perf_counter() - start)
    return with_context, alone


def memory(engine: Engine, talks: list[list[str]], size: int) -> tuple[float, int]:
    """Bytes per context in a store of `size` contexts set by real answers, and its size."""
    first = [talk[0] for talk in talks]
    store: Conversations[tuple[int, int]] = Conversations(max_size=size)
    contexts = [store.ask(engine, (0, n), text, 0.0).context for n, text in enumerate(first)]
    for n in range(len(first)):
        store.put((0, n), None)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(size):
        # A context of its own per key, with its own question text, as a chat sets one.
        context = contexts[n % len(contexts)]
        if context is not None:
            question = f"{context.question} {n}"
            store.put((n, n), replace(context, question=question, topic=question, at=float(n)))
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / size, len(store)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="times each conversation is run")
    args = parser.parse_args(argv)
    engine = Engine(knowledge.load(default_faq_dir()))
    talks = [[case.question for case in c.turns] for c in load_conversations(CONVERSATIONS)]
    timings(engine, talks, 1)  # warm the caches: the figures are for a running bot
    with_context, alone = timings(engine, talks, args.rounds)
    turns = sum(len(t) for t in talks)
    print(
        f"conversation benchmark: {len(talks)} conversations, {turns} turns, {args.rounds} rounds"
    )
    print(f"{'':28} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'mean ms':>8} {'n':>6}")
    for name, values in (("Conversations.ask", with_context), ("Engine.ask alone", alone)):
        print(
            f"{name:28} {percentile(values, 0.5):8.3f} {percentile(values, 0.99):8.3f} "
            f"{max(values) * 1000:8.3f} {statistics.mean(values) * 1000:8.3f} {len(values):6}"
        )
    per_context, held = memory(engine, talks, MAX_CONVERSATIONS)
    print(
        f"memory: {per_context:.0f} bytes per context (tracemalloc, store filled to {held:,});"
        f" the bound of {MAX_CONVERSATIONS:,} contexts is {per_context * held / 2**20:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
