"""What admins read: the /statistiche summary and the outcome of /ricarica."""

from __future__ import annotations

import logging
import sqlite3

from bot.answering import texts
from bot.answering.models import Reply
from bot.answering.replies import escape
from bot.curation import report
from bot.curation.display import shorten
from bot.curation.inbox import Inbox
from bot.curation.live import Reloaded

logger = logging.getLogger(__name__)

STATS_DAYS = 7
STATS_GROUPS = 5  # unanswered-question groups shown by /statistiche
ERROR_LIMIT = 3000  # characters of a refused FAQ's problems shown in the chat
# /statistiche groups at most the latest STATS_QUESTIONS questions (0.7 s for distinct ones
# on this machine, off the event loop: see benchmarks/bench_stats.py).
STATS_QUESTIONS = 1000


def reloaded(outcome: Reloaded) -> Reply:
    """The reply to /ricarica: the new FAQ's size, or why the edit was refused."""
    if outcome.entries is None:
        error = escape((outcome.error or "")[:ERROR_LIMIT])
        return Reply(texts.RELOAD_FAILED.format(error=error))
    return Reply(texts.RELOADED.format(entries=outcome.entries))


def statistics(inbox: Inbox) -> Reply:
    """A short, Italian version of `faq-bot report` for admins."""
    try:
        found = report.build(inbox, STATS_DAYS, most=STATS_QUESTIONS)
    except (sqlite3.Error, OSError) as exc:  # locked by another process, damaged, gone
        logger.warning("Statistics unavailable: the inbox cannot be read (%s)", exc)
        return Reply(texts.STATS_UNAVAILABLE)
    kinds = " · ".join(
        f"{texts.STATS_KINDS.get(kind, kind)} {n}" for kind, n in found.kinds.items()
    )
    lines = [texts.STATS_HEAD.format(days=STATS_DAYS), kinds or texts.STATS_NONE]
    lines.append(texts.STATS_UNANSWERED)
    lines += [
        f"• {g.count}× «{escape(shorten(g.question))}» → {escape(g.closest or '–')}"
        for g in found.unanswered[:STATS_GROUPS]
    ] or [texts.STATS_NONE]
    lines.append(texts.STATS_VOTES)
    lines += [
        f"• {escape(f.entry_id)}: 👎 {f.down} · 👍 {f.up}" for f in found.feedback[:STATS_GROUPS]
    ] or [texts.STATS_NONE]
    used = ", ".join(f"/{name} {n}" for name, n in found.commands.items())
    if found.unknown_commands:
        unknown = texts.STATS_UNKNOWN.format(count=found.unknown_commands)
        used = f"{used}, {unknown}" if used else unknown
    lines += [texts.STATS_COMMANDS, used or texts.STATS_NONE]
    return Reply("\n".join(lines))
