"""The bot's Prometheus metrics: one registry per running bot, rendered for ``GET /metrics``.

Counters move where the thing happens (an update handled, a reply sent, a
flood refusal); what other objects already count (reloads) is read when the
metrics are scraped, so nothing here sits on the reply path but an increment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.answering.models import Reply

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Seconds from an update's arrival in the bot to its handling done: a reply is ~1 ms to choose,
# the rest is Telegram's round trip (and the rate limiter's wait when busy).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def reply_kind(reply: Reply) -> str:
    """A reply's kind as a label: the engine's verdict, else an entry shown, else a fixed text."""
    if reply.kind is not None:
        return reply.kind.value
    if reply.vote is not None:
        return "vote"
    return "entry" if reply.entry_id is not None else "text"


class _Pulled(Collector):
    """Counters kept by other objects, read at scrape time."""

    def __init__(self, name: str, doc: str, label: str, read: Callable[[], dict[str, int]]) -> None:
        self.name, self.doc, self.label, self.read = name, doc, label, read

    def collect(self) -> Iterable[Metric]:
        """The counter family as it is now."""
        family = CounterMetricFamily(self.name, self.doc, labels=[self.label])
        for value, count in sorted(self.read().items()):
            family.add_metric([value], count)
        yield family


class _Single(Collector):
    """One counter kept by another object, read at scrape time."""

    def __init__(self, name: str, doc: str, read: Callable[[], int]) -> None:
        self.name, self.doc, self.read = name, doc, read

    def collect(self) -> Iterable[Metric]:
        """The counter as it is now."""
        yield CounterMetricFamily(self.name, self.doc, value=self.read())


class Metrics:
    """The metrics of one running bot, in their own registry (tests build as many as they like)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter("faq_bot_updates", "Updates received, by type", ["type"], registry=r)
        self.duplicates = Counter(
            "faq_bot_webhook_duplicates",
            "Webhook updates seen before, not handled again",
            registry=r,
        )
        self.replies = Counter("faq_bot_replies", "Replies sent, by kind", ["kind"], registry=r)
        self.latency = Histogram(
            "faq_bot_update_seconds",
            "Seconds to handle an update, reply sent",
            ["type"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.send_failures = Counter(
            "faq_bot_send_failures", "Replies Telegram did not take, after any retries", registry=r
        )
        self.flood_refusals = Counter(
            "faq_bot_flood_refusals", "Messages not answered: over the flood limit", registry=r
        )
        # Read off the inbox writer's queue by whoever owns it; 0 while writes are synchronous.
        self.inbox_queue = Gauge(
            "faq_bot_inbox_queue_depth", "Inbox writes waiting to be stored", registry=r
        )
        self.webhook_refusals = Counter(
            "faq_bot_webhook_refusals",
            "Webhook requests refused, by HTTP status",
            ["status"],
            registry=r,
        )
        self.entries = Gauge("faq_bot_faq_entries", "Entries of the FAQ in use", registry=r)
        self.telegram_up = Gauge(
            "faq_bot_telegram_reachable", "1 while the last Bot API call got an answer", registry=r
        )
        self.telegram_up.set(1)

    def pull_reloads(self, read: Callable[[], dict[str, int]]) -> None:
        """Expose the FAQ reloads by outcome ("ok", "rejected") as `read` counts them."""
        self.registry.register(
            _Pulled("faq_bot_reloads", "FAQ reloads, by outcome", "outcome", read)
        )

    def pull_delivery(self, retries: Callable[[], int]) -> None:
        """Expose the sends tried again (after a 5xx, a 429 or a refused connection)."""
        self.registry.register(_Single("faq_bot_send_retries", "Sends tried again", retries))

    def sent(self, reply: Reply) -> None:
        """Count one reply sent."""
        self.replies.labels(reply_kind(reply)).inc()

    def render(self) -> bytes:
        """Every metric in the Prometheus text format."""
        return generate_latest(self.registry)
