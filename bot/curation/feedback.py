"""Feeding the curators' inbox from both adapters: questions, votes and usage.

Questions the bot could not answer well, 👍/👎 taps and one counter per reply
kind and command go in; nothing here knows about Telegram or the console.
"""

from __future__ import annotations

from bot.answering.models import Reply
from bot.curation.inbox import Inbox, worth_recording
from bot.curation.live import LiveFaq
from bot.curation.masking import for_inbox
from bot.curation.writer import InboxWriter

UNKNOWN_COMMAND = "unknown"  # unknown commands are the reader's own text: counted, not named


class Feedback:
    """What one running bot tells its curators' inbox."""

    def __init__(self, inbox: Inbox | InboxWriter, live: LiveFaq) -> None:
        """Write to `inbox` directly (the console), or through its writer thread (Telegram)."""
        self.inbox = inbox
        self.live = live
        self.reader = inbox.inbox if isinstance(inbox, InboxWriter) else inbox  # for reports

    def observe(self, question: str, reply: Reply) -> None:
        """Count a reply to a question by kind; keep the question if it was not answered well.

        A follow-up read in context is kept with the question it was read as.
        Replies to anything but a question (a command, a tap) carry no verdict and are skipped.
        """
        if reply.result is None:
            return
        if worth_recording(reply.result, reply.resolved):
            # What a reader wrote is stored valid, and without their e-mail, phone or tax code.
            resolved = for_inbox(reply.resolved) if reply.resolved is not None else None
            self.inbox.record(for_inbox(question), reply.result, resolved=resolved)
        self.inbox.count(reply.result.kind)

    def command(self, name: str) -> None:
        """Count one use of a command (unknown ones under one name)."""
        self.inbox.count(name if name in self.live.current.names else UNKNOWN_COMMAND)

    def vote(self, message_key: str, reply: Reply) -> None:
        """Record the 👍/👎 tap `reply` thanks for (one per message, changeable)."""
        if reply.vote is not None and reply.entry_id is not None:
            self.inbox.vote(message_key, reply.entry_id, reply.vote)
