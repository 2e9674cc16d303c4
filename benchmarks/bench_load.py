"""Load benchmark: ``faq-bot`` answering many simulated users, in polling and webhook mode.

Usage:
    uv run python benchmarks/bench_load.py [--updates 10000] [--users 1000]
        [--capped-updates 1200] [--modes polling,webhook]

The bot runs as users run it: the installed ``faq-bot`` script in a subprocess,
configured only by TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL (the Bot API
stand-in of tests/helpers/botapi.py on 127.0.0.1) and, in webhook mode,
WEBHOOK_URL, WEBHOOK_PORT and WEBHOOK_SECRET; the benchmark then POSTs each
update to the bot's webhook with the secret header, at most WEBHOOK_CONNECTIONS
at a time (Telegram's default max_connections).

Every user asks questions from tests/data/questions.yaml, one at a time: the
next when the answer to the previous one has arrived (a closed loop, no think
time), so all users are waiting at once. Each user's questions have pairwise
distinct answers, so a (chat, text) pair names exactly one update: an answer
that arrives twice, or never, is counted. Latency runs from an update's
availability (queued in the stand-in, or its POST sent) to its sendMessage
reaching the stand-in.

Two kinds of run:
  * capped: the bot exactly as shipped. PTB's AIORateLimiter holds all sends to
    30 per second (Telegram's broadcast limit), so this run is shorter.
  * capacity: the same, with that overall cap lifted in the child through a
    sitecustomize on PYTHONPATH (the per-group limit and everything else stay):
    how fast the bot itself is, and where the headroom is.

Users ask 10 questions each by default, under the flood limit of bot/flood.py
(20 per chat per 60 s), so flood control never triggers: every update gets its
answer. Each user is one conversation, so the answer expected is the one read
in the context of that user's earlier questions; with --follow-ups every other
message is a follow-up ("e il quarto?", "perché?"), and the table shows how
many conversation contexts the bot held when it stopped (its log's last word).
Bounded: a run that makes no progress for STALL seconds ends and counts
the rest as lost. Prints a table; asserts nothing.

Fault runs (``--faults 15,60``, polling, uncapped): FAULT_AT seconds into the
run every Bot API method answers 502 for the given seconds (a total Telegram
outage, getUpdates included); FAULT_GAP seconds after it ends, another
connection holds the inbox's exclusive SQLite lock for ``--lock`` seconds (20).
The table gives answered, lost and doubled updates, and the p99 latency of
the chats not involved in the outage (updates that arrived after it ended or
were answered before it began), over the whole run and during the lock.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import queue
import random
import re
import secrets
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the stand-in lives in tests/helpers; reuse it, never copy it

from bot.adapters import splitting  # noqa: E402 (after the path set-up above)
from bot.adapters.flood import LIMIT, WINDOW  # noqa: E402
from bot.answering import knowledge  # noqa: E402
from bot.answering.conversation import Conversations  # noqa: E402
from bot.answering.replies import Replies  # noqa: E402
from bot.settings import default_faq_dir  # noqa: E402
from tests.helpers import updates  # noqa: E402
from tests.helpers.botapi import BotApi  # noqa: E402
from tests.helpers.process import Bot, free_port, wait_until  # noqa: E402
from tests.helpers.recording import TOKEN  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "questions.yaml"
WEBHOOK_URL = "https://bench.example.test/telegram/hook"
WEBHOOK_CONNECTIONS = 40  # Telegram's default max_connections for a webhook
STALL = 30.0  # seconds without a single answer: the run ends, the rest counts as lost
SETTLE = 1.0  # seconds to keep listening after the last answer, for late duplicates
FIRST_CHAT = 100_000
FAULT_AT = 5.0  # seconds into a fault run when the outage begins
FAULT_GAP = 25.0  # seconds after the outage when the inbox lock begins (after the catch-up)
# Follow-ups a user may send after any question: some resolve, some get the honest reply.
FOLLOW_UPS = ("e il quarto?", "perché?", "e la Spagna?", "chi lo guida?", "quando?", "e l'ultimo?")
HELD = re.compile(r"Conversation contexts held at shutdown: (\d+)")
SEED = 20260106
# Lifts AIORateLimiter's overall cap (0 = no overall limiter) in the bot process only.
UNCAPPED = """\
import telegram.ext
_defaults = list(telegram.ext.AIORateLimiter.__init__.__defaults__)
_defaults[0] = 0  # overall_max_rate
telegram.ext.AIORateLimiter.__init__.__defaults__ = tuple(_defaults)
"""


@dataclass(slots=True)
class Ask:
    """One update of the plan and the text its answer must have."""

    chat: int
    update: dict[str, Any]
    expected: str
    asked: float = (
        0.0  # perf_counter when the user asked (webhook: before waiting for a connection)
    )
    sent: float = 0.0  # perf_counter when the update became available to the bot


@dataclass(slots=True)
class Result:
    """One run's figures."""

    mode: str
    capped: bool
    users: int
    updates: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)  # from `asked`, not `sent`
    twice: int = 0
    wrong: int = 0
    rejected: int = 0  # webhook POSTs not answered 200
    unconfirmed: int = 0  # updates the stand-in still held after the bot stopped (polling)
    exit_status: int | None = None
    peak_mib: float = 0.0
    idle_mib: float = 0.0
    contexts: int | None = None  # conversation contexts the bot held when it stopped
    outage: float = 0.0  # seconds of total Bot API outage (fault runs)
    lock: float = 0.0  # seconds of exclusive inbox lock (fault runs)
    spans: list[tuple[float, float]] = field(default_factory=list)  # (available, answered)
    outage_window: tuple[float, float] = (0.0, 0.0)
    lock_window: tuple[float, float] = (0.0, 0.0)
    bot_cpu: float = 0.0  # share of one core, over the run
    driver_cpu: float = 0.0  # this process (stand-in and load driver), share of one core

    @property
    def lost(self) -> int:
        """Updates that never got their answer."""
        return self.updates - len(self.latencies)


class Load:
    """The users: each asks its next question when the previous one is answered."""

    def __init__(self, plan: list[list[Ask]], submit: Callable[[Ask], None]) -> None:
        self.submit = submit
        self.next = {asks[0].chat: iter(asks) for asks in plan}
        self.waiting: dict[int, Ask] = {}
        self.answered: set[tuple[int, str]] = set()
        self.latencies: list[float] = []
        self.waits: list[float] = []
        self.spans: list[tuple[float, float]] = []
        self.twice = 0
        self.wrong = 0
        self.last_progress = time.perf_counter()
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.total = sum(len(asks) for asks in plan)

    def start(self) -> None:
        """Every user asks a first question."""
        for chat in list(self.next):
            self._ask(chat)

    def _ask(self, chat: int) -> None:
        """Hand user `chat`'s next question to the transport, if any is left."""
        ask = next(self.next[chat], None)
        if ask is None:
            return
        with self.lock:
            self.waiting[chat] = ask
        ask.asked = time.perf_counter()
        self.submit(ask)

    def heard(self, method: str, params: dict[str, Any]) -> None:
        """The stand-in delivered a call: match a sendMessage to the update it answers."""
        if method != "sendMessage":
            return
        now = time.perf_counter()
        chat, text = int(params["chat_id"]), str(params.get("text", ""))
        with self.lock:
            ask = self.waiting.get(chat)
            if ask is not None and ask.expected == text:
                del self.waiting[chat]
                self.answered.add((chat, text))
                self.latencies.append(now - ask.sent)
                self.waits.append(now - ask.asked)
                self.spans.append((ask.sent, now))
                self.last_progress = now
                if len(self.latencies) == self.total:
                    self.done.set()
            elif (chat, text) in self.answered:
                self.twice += 1
                return
            else:
                self.wrong += 1
                return
        self._ask(chat)


def plan(users: int, per_user: int, replies: Replies, follow_ups: bool) -> list[list[Ask]]:
    """Each user's questions, drawn from the labelled file, with pairwise distinct answers.

    The answer expected is read in the context of the user's earlier messages, as the
    bot reads it; with `follow_ups` every second message is one of FOLLOW_UPS.
    """
    cases = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    by_answer: dict[str, str] = {}
    for case in cases:
        text = str(case["q"])
        reply = replies.handle(text)
        if len(splitting.split(reply)) == 1 and replies.handle(text).text == reply.text:
            by_answer.setdefault(reply.text, text)  # one question per distinct answer
    pool = [(question, answer) for answer, question in by_answer.items()]
    if per_user > len(pool):
        raise SystemExit(f"only {len(pool)} questions have distinct answers; ask fewer per user")
    rng = random.Random(SEED)
    result = []
    for number in range(users):
        chat = FIRST_CHAT + number
        user = {
            "id": chat,
            "is_bot": False,
            "first_name": f"Utente {number}",
            "language_code": "it",
        }
        private = {"id": chat, "type": "private", "first_name": user["first_name"]}
        store: Conversations[int] = Conversations()
        questions = [question for question, _ in rng.sample(pool, per_user)]
        if follow_ups:
            questions = [
                rng.choice(FOLLOW_UPS) if turn % 2 else question
                for turn, question in enumerate(questions)
            ]
        asks = []
        for turn, question in enumerate(questions):
            expected = replies.handle(question, store.thread(chat, float(turn))).text
            asks.append(Ask(chat, updates.message(question, chat=private, sender=user), expected))
        result.append(asks)
    return result


def memory_mib(pid: int, key: str) -> float:
    """A VmHWM/VmRSS figure of process `pid` in MiB, from /proc (0 when unavailable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far, from /proc (0 when unavailable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def faq_bot() -> list[str]:
    """The installed ``faq-bot`` script, or ``python -m bot`` (the same entry point)."""
    script = Path(sys.executable).with_name("faq-bot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


class Poster:
    """Webhook transport: POST updates with the secret, at most `connections` at a time."""

    def __init__(self, port: int, secret: str, connections: int, result: Result) -> None:
        self.port = port
        self.secret = secret
        self.result = result
        self.lock = threading.Lock()
        self.queue: queue.SimpleQueue[Ask | None] = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._work, daemon=True) for _ in range(connections)
        ]

    def __enter__(self) -> Poster:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join(timeout=10)

    def submit(self, ask: Ask) -> None:
        """Queue `ask` for the next free connection."""
        self.queue.put(ask)

    def _work(self) -> None:
        """POST queued updates over one kept-alive connection until told to stop."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": self.secret,
        }
        while (ask := self.queue.get()) is not None:
            body = json.dumps(ask.update).encode()
            ask.sent = time.perf_counter()
            try:
                connection.request("POST", "/telegram/hook", body, headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            if not ok:
                with self.lock:
                    self.result.rejected += 1
        connection.close()


def run(
    mode: str,
    capped: bool,
    users: int,
    per_user: int,
    replies: Replies,
    follow_ups: bool,
    outage: float = 0.0,
    lock: float = 0.0,
) -> Result:
    """Start the bot, play the users against it, stop it with SIGTERM; the figures.

    `outage` and `lock` (seconds) make it a fault run.
    """
    result = Result(mode, capped, users, users * per_user, outage=outage, lock=lock)
    stall = STALL + (outage + 60.0 if outage else 0.0)  # PTB's polling backs off up to 30 s
    work = plan(users, per_user, replies, follow_ups)
    with tempfile.TemporaryDirectory() as folder, BotApi() as api:
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
        if not capped:
            Path(folder, "sitecustomize.py").write_text(UNCAPPED)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (folder, os.environ.get("PYTHONPATH", "")) if p
            )
        secret, port = secrets.token_urlsafe(24), free_port()
        if mode == "webhook":
            env |= {"WEBHOOK_URL": WEBHOOK_URL, "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET": secret}
        poster = Poster(port, secret, WEBHOOK_CONNECTIONS, result)
        load = Load(work, poster.submit if mode == "webhook" else _pusher(api))
        bot = Bot(Path(folder), command=faq_bot(), **env)
        pid = bot.process.pid
        try:
            if mode == "webhook":
                api.wait_for("setWebhook")
                wait_until(lambda: _listening(port), "the webhook server")
            else:
                api.wait_for("getUpdates")
            result.idle_mib = memory_mib(pid, "VmRSS")
            api.listener = load.heard
            with poster:
                cpu0, own0, start = cpu_seconds(pid), time.process_time(), time.perf_counter()
                if outage or lock:
                    faults = threading.Thread(
                        target=_faults, args=(api, Path(folder) / "data", result), daemon=True
                    )
                    faults.start()
                load.start()
                while not load.done.wait(0.5):
                    if time.perf_counter() - load.last_progress > stall:
                        break
                result.seconds = time.perf_counter() - start
                result.bot_cpu = (cpu_seconds(pid) - cpu0) / result.seconds
                result.driver_cpu = (time.process_time() - own0) / result.seconds
                time.sleep(SETTLE)
                result.peak_mib = memory_mib(pid, "VmHWM")
        finally:
            result.exit_status = bot.stop()
        api.listener = None
        with load.lock:
            result.latencies, result.waits = load.latencies, load.waits
            result.spans = load.spans
            result.twice, result.wrong = load.twice, load.wrong
        result.unconfirmed = len(api.pending)
        held = HELD.findall(bot.stderr)
        result.contexts = int(held[-1]) if held else 0  # logged only when some were held
        if result.exit_status != 0:
            print(bot.stderr[-2000:], file=sys.stderr)
    return result


def _faults(api: BotApi, data: Path, result: Result) -> None:
    """The fault run's faults: a total outage, then an exclusive lock on the inbox."""
    time.sleep(FAULT_AT)
    if result.outage:
        begin = time.perf_counter()
        api.outage(result.outage)
        result.outage_window = (begin, begin + result.outage)
        time.sleep(result.outage + FAULT_GAP)
    if result.lock:
        other = sqlite3.connect(data / "inbox.sqlite3", isolation_level=None, timeout=30)
        other.execute("BEGIN EXCLUSIVE")
        begin = time.perf_counter()
        time.sleep(result.lock)
        other.execute("COMMIT")
        result.lock_window = (begin, time.perf_counter())
        other.close()


def uninvolved(
    result: Result, within: tuple[float, float] | None = None, outside: bool = False
) -> list[float]:
    """Latencies of updates the outage did not touch.

    `within`: only those arriving in that window (`outside`: only those arriving at other times).
    """
    begin, end = result.outage_window
    found = []
    for sent, answered in result.spans:
        if result.outage and not (sent >= end or answered < begin):
            continue  # in flight during the outage
        if within is not None and (within[0] <= sent <= within[1]) is outside:
            continue
        found.append(answered - sent)
    return found


def fault_table(results: Sequence[Result]) -> None:
    """Print one row per fault run."""
    header = (
        f"{'outage s':>8} {'lock s':>6} {'updates':>8} {'answered':>9} {'lost':>5} "
        f"{'doubled':>8} {'wrong':>6} {'time s':>7} {'p99 ms not involved':>20} "
        f"{'p99 ms during lock':>19} {'p99 ms other times':>19} {'exit':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        clean = uninvolved(r)
        locked = uninvolved(r, r.lock_window) if r.lock else []
        other = uninvolved(r, r.lock_window, outside=True) if r.lock else clean
        print(
            f"{r.outage:8.0f} {r.lock:6.0f} {r.updates:8,} {len(r.latencies):9,} {r.lost:5} "
            f"{r.twice:8} {r.wrong:6} {r.seconds:7.1f} "
            f"{percentile(clean, 0.99):12.1f} ({len(clean):5}) "
            f"{percentile(locked, 0.99):11.1f} ({len(locked):5}) "
            f"{percentile(other, 0.99):11.1f} ({len(other):5}) {r.exit_status!s:>5}"
        )
    print()


def _pusher(api: BotApi) -> Callable[[Ask], None]:
    """Polling transport: queue the update in the stand-in, as Telegram would hold it.

    Like Telegram, number updates in the order they arrive: the bot confirms all ids
    below the next offset, so an id handed out of order would be dropped unseen.
    """
    numbers = itertools.count(1)
    lock = threading.Lock()

    def push(ask: Ask) -> None:
        with lock:
            ask.update["update_id"] = next(numbers)
            ask.sent = time.perf_counter()
            api.push(ask.update)

    return push


def _listening(port: int) -> bool:
    """Whether the webhook server accepts connections yet."""
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
    except OSError:
        return False
    return True


def stand_in_rate(requests: int = 3000, threads: int = 8) -> float:
    """How many sendMessage calls a second the stand-in serves in-process clients (a floor)."""
    body = "chat_id=1&text=Ciao&parse_mode=HTML"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with BotApi() as api:
        port = int(api.base_url.split(":")[2].split("/")[0])

        def client() -> None:
            for _ in range(requests // threads):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("POST", f"/bot{TOKEN}/sendMessage", body, headers)
                connection.getresponse().read()
                connection.close()

        workers = [threading.Thread(target=client) for _ in range(threads)]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return (requests // threads * threads) / (time.perf_counter() - start)


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` quantile of `values` in milliseconds (nearest rank), 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def table(results: Sequence[Result]) -> None:
    """Print one row per run."""
    header = (
        f"{'mode':8} {'sends':9} {'users':>6} {'updates':>8} {'time s':>7} {'upd/s':>7} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'lost':>5} {'twice':>6} {'wrong':>6} "
        f"{'bot CPU':>8} {'bot RSS idle/peak MiB':>22} {'contexts':>9} {'exit':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        rate = len(r.latencies) / r.seconds if r.seconds else 0.0
        print(
            f"{r.mode:8} {'30/s cap' if r.capped else 'uncapped':9} {r.users:6,} {r.updates:8,} "
            f"{r.seconds:7.1f} {rate:7.1f} {percentile(r.latencies, 0.5):8.1f} "
            f"{percentile(r.latencies, 0.99):8.1f} {percentile(r.latencies, 1.0):8.1f} "
            f"{r.lost:5} {r.twice:6} {r.wrong:6} {r.bot_cpu:7.0%} "
            f"{r.idle_mib:10.1f} / {r.peak_mib:8.1f} "
            f"{'?' if r.contexts is None else f'{r.contexts:,}':>9} {r.exit_status!s:>5}"
        )
    print()
    print(
        "latency: from the update queued in the stand-in (polling) or its POST sent (webhook)\n"
        "to its sendMessage reaching the stand-in; with every user waiting at once it is\n"
        "mostly queueing: about users / throughput (Little's law)"
    )
    print()
    for r in results:
        extra = []
        if r.mode == "webhook":
            extra.append(f"POSTs not answered 200: {r.rejected}")
            extra.append(
                f"from the question asked, queueing for one of {WEBHOOK_CONNECTIONS} "
                f"connections included: p50 {percentile(r.waits, 0.5):.0f} ms, "
                f"p99 {percentile(r.waits, 0.99):.0f} ms"
            )
        else:
            extra.append(f"updates left unconfirmed at exit: {r.unconfirmed}")
        extra.append(f"this process (stand-in + driver) CPU: {r.driver_cpu:.0%} of a core")
        print(f"  {r.mode}, {'capped' if r.capped else 'uncapped'}: " + "; ".join(extra))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=10_000, help="updates per uncapped run")
    parser.add_argument("--users", type=int, default=1_000, help="simulated users")
    parser.add_argument(
        "--capped-updates", type=int, default=1_200, help="updates per capped run (0: skip)"
    )
    parser.add_argument("--modes", default="polling,webhook", help="comma-separated")
    parser.add_argument(
        "--follow-ups", action="store_true", help="every second message is a follow-up"
    )
    parser.add_argument(
        "--faults", default="", help="outage seconds per fault run, comma-separated (polling)"
    )
    parser.add_argument("--lock", type=float, default=20.0, help="inbox lock in fault runs, s")
    args = parser.parse_args(argv)
    per_user = max(1, args.updates // args.users)
    if per_user > LIMIT:
        parser.error(f"{per_user} questions per user would trip flood control ({LIMIT} per chat)")
    modes = [m for m in args.modes.split(",") if m]
    replies = Replies(knowledge.load(default_faq_dir()))
    print(f"load benchmark: faq-bot ({' '.join(faq_bot()[-1:])}) against the Bot API stand-in")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(
        f"each user asks {per_user} questions in a row (flood limit: {LIMIT} per {WINDOW:.0f} s, "
        "never reached); closed loop, all users at once"
        + ("; every second message a follow-up" if args.follow_ups else "")
    )
    rate = stand_in_rate()
    print(f"stand-in alone: {rate:,.0f} sendMessage/s (8 in-process clients, one connection each)")
    print()
    results = []
    if args.capped_updates:
        capped_users = max(1, args.capped_updates // per_user)
        for mode in modes:
            results.append(run(mode, True, capped_users, per_user, replies, args.follow_ups))
    for mode in modes:
        results.append(run(mode, False, args.users, per_user, replies, args.follow_ups))
    if results:
        table(results)
    faulted = [
        run("polling", False, args.users, per_user, replies, args.follow_ups, float(o), args.lock)
        for o in args.faults.split(",")
        if o
    ]
    if faulted:
        print("fault runs (polling, uncapped): a total Bot API outage, then an inbox lock")
        fault_table(faulted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
