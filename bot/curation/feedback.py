"""Feeding the curators' inbox from both adapters: questions, votes and usage.

Questions the bot could not answer well, 👍/👎 taps and one counter per reply
kind and command go in; nothing here knows about Telegram or the console.

Readers' clicks teach the curators too: each bot message that answers a
question is linked to it (`shown`), so a later tap on one of its entries, a 👎
or "none of these" is kept as that question's choice (`tapped`). The message
a tap brings up is linked to the same question, so a 👎 there counts against
the entry the reader picked.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answering.models import Reply
from bot.answering.replies import offered
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

    def shown(self, message_key: str, question: str, reply: Reply) -> None:
        """Link the bot message `message_key`, which answered `question` with `reply`.

        A follow-up read in context ("e il quarto?") is not linked: its words
        mean something only after the question before, so they are no phrasing.
        """
        entries = offered(reply)
        if reply.result is not None and reply.resolved is None and entries:
            kind, score, asked = reply.result.kind.value, reply.result.score, for_inbox(question)
            self._write(lambda inbox: inbox.link(message_key, asked, kind, score, entries))

    def tapped(self, message_key: str, reply: Reply, shown_key: str | None = None) -> None:
        """Keep what a tap on the message `message_key` says about its question.

        `reply` is what the tap brought up, sent as the message `shown_key`
        (None when nothing new was sent, as for a vote).
        """

        def tap(inbox: Inbox) -> None:
            if reply.declined:
                inbox.choose(message_key, None, chosen=True)
            elif reply.vote is not None and reply.entry_id is not None:
                if reply.vote:
                    inbox.withdraw(message_key, reply.entry_id)
                else:
                    inbox.choose(message_key, reply.entry_id, chosen=False)
            elif reply.entry_id is not None:
                link = inbox.choose(message_key, reply.entry_id, chosen=True)
                if link is not None and shown_key is not None:
                    # Only the entry picked: a 👎 on it counts, a related tap from it is browsing.
                    picked = (reply.entry_id,)
                    inbox.link(shown_key, link.question, link.kind, link.score, picked)

        self._write(tap)

    def _write(self, job: Callable[[Inbox], object]) -> None:
        """Run `job` on the inbox: queued on the writer thread when there is one."""
        if isinstance(self.inbox, InboxWriter):
            self.inbox.submit(job)
        else:
            job(self.inbox)
