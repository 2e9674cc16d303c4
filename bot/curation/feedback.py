"""What the people who run the bot get, for Telegram and console alike.

`Curation` feeds the curators' inbox (questions the bot could not answer well,
👍/👎 votes, usage counts) and reloads the FAQ live: a valid edit is swapped in
at once through the shared `Holder`; an invalid one is logged and changes
nothing. Adapters call it; nothing here knows about Telegram.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.answering import knowledge, texts
from bot.answering.models import Reply
from bot.answering.replies import Replies, escape
from bot.curation import report
from bot.curation.inbox import Inbox

logger = logging.getLogger(__name__)

UNKNOWN_COMMAND = "unknown"  # unknown commands are the reader's own text: counted, not named
STATS_DAYS = 7
STATS_GROUPS = 5  # unanswered-question groups shown by /statistiche


@dataclass(slots=True)
class Holder:
    """The reply layer in use; assign `current` to answer from another FAQ."""

    current: Replies


class Curation:
    """The inbox and the live FAQ of one running bot."""

    def __init__(self, holder: Holder, inbox: Inbox, faq_dir: Path) -> None:
        self.holder = holder
        self.inbox = inbox
        self.faq_dir = faq_dir
        self._seen = self.fingerprint()

    def observe(self, question: str, reply: Reply) -> None:
        """Count a free-text reply by kind; keep the question if it was not answered well."""
        if reply.result is not None:
            self.inbox.record(question, reply.result)
            self.inbox.count(reply.result.kind)

    def command(self, name: str) -> None:
        """Count one use of a command (unknown ones under one name)."""
        self.inbox.count(name if name in self.holder.current.names else UNKNOWN_COMMAND)

    def vote(self, message_key: str, data: str) -> bool:
        """Record a 👍/👎 tap (one per message, changeable); False if `data` is no vote."""
        vote = self.holder.current.vote(data)
        if vote is not None:
            self.inbox.vote(message_key, *vote)
        return vote is not None

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and modification time of every FAQ file: what a change alters."""
        try:
            files = sorted(self.faq_dir.glob("*.yaml"))
            return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
        except OSError:
            return ()

    def changed(self) -> bool:
        """Whether the FAQ files changed since the last look."""
        now = self.fingerprint()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def reload(self) -> Reply:
        """Load the FAQ again; swap it in if valid, else keep the current one."""
        self._seen = self.fingerprint()
        try:
            loaded = knowledge.load(self.faq_dir)
        except knowledge.FaqError as exc:
            logger.error("FAQ edit rejected, still serving the previous FAQ:\n%s", exc)
            return Reply(texts.RELOAD_FAILED.format(error=escape(str(exc)[:3000])))
        self.holder.current = Replies(loaded)
        logger.info("FAQ reloaded: %d entries", len(loaded.entries))
        return Reply(texts.RELOADED.format(entries=len(loaded.entries)))

    def statistics(self) -> Reply:
        """A short, Italian version of `faq-bot report` for admins."""
        found = report.build(self.inbox, STATS_DAYS)
        kinds = " · ".join(
            f"{texts.STATS_KINDS.get(kind, kind)} {n}" for kind, n in found.kinds.items()
        )
        lines = [texts.STATS_HEAD.format(days=STATS_DAYS), kinds or texts.STATS_NONE]
        lines.append(texts.STATS_UNANSWERED)
        lines += [
            f"• {g.count}× «{escape(g.question)}» → {escape(g.closest or '–')}"
            for g in found.unanswered[:STATS_GROUPS]
        ] or [texts.STATS_NONE]
        lines.append(texts.STATS_VOTES)
        lines += [
            f"• {escape(f.entry_id)}: 👎 {f.down} · 👍 {f.up}"
            for f in found.feedback[:STATS_GROUPS]
        ] or [texts.STATS_NONE]
        used = ", ".join(f"/{name} {n}" for name, n in found.commands.items())
        lines += [texts.STATS_COMMANDS, used or texts.STATS_NONE]
        return Reply("\n".join(lines))
