"""The console adapter: a chat in the terminal with the same replies as Telegram.

Buttons become numbered choices; typing the number taps the button. With
piped input it answers each line and stops at end of input. The chat is one
conversation: a follow-up ("e il quarto?") is read in the context of the
previous line, and a chosen button sets that context like a tap on Telegram.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterable

from bot.answering import texts
from bot.answering.conversation import Conversations
from bot.answering.models import Button, Reply
from bot.answering.replies import parse_command
from bot.curation.feedback import Feedback
from bot.curation.live import LiveFaq
from bot.curation.watch import FaqWatch

_TAG = re.compile(r"</?[a-z]+(?:\s[^>]*)?>")


def plain(text: str) -> str:
    """Telegram HTML to what a reader sees: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def render(reply: Reply) -> str:
    """A reply as terminal text, its buttons numbered from 1."""
    lines = [plain(reply.text)]
    buttons = [button for row in reply.buttons for button in row]
    if buttons:
        lines.append("")
        lines += [f"  [{number}] {b.label}" for number, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


class ConsoleChat:
    """One reader's conversation: its context, and the last buttons so numbers pick them.

    `clock` (seconds) measures the idle time after which the context is forgotten.
    """

    def __init__(
        self, live: LiveFaq, feedback: Feedback, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.live = live
        self.watch = FaqWatch(live.faq_dir)
        self.feedback = feedback
        self.clock = clock
        self.conversations: Conversations[str] = Conversations(max_size=1)
        self._buttons: list[Button] = []
        self._shown = 0  # replies shown so far: a vote belongs to one of them

    def say(self, line: str) -> str:
        """Answer one line the reader typed, from the FAQ as it is now on disk."""
        if self.watch.changed():
            self.live.reload_now()  # an invalid edit is logged and changes nothing
        replies = self.live.current
        thread = self.conversations.thread("console", self.clock())
        choice = line.strip()
        tapped = self._key()  # the reply on screen, whose buttons the numbers pick
        asked: str | None = None
        if choice.isdecimal() and 1 <= int(choice) <= len(self._buttons):
            reply = replies.callback(self._buttons[int(choice) - 1].data, thread)
            self.feedback.vote(tapped, reply)
        elif (parsed := parse_command(line)) is not None:
            reply = replies.command(parsed[0], parsed[1], thread=thread)
            self.feedback.command(parsed[0])
            self.feedback.observe(parsed[1], reply)  # "/faq question" is a question too
            asked = parsed[1]
        else:
            reply = replies.question(line, thread)
            self.feedback.observe(line, reply)
            asked = line
        if reply.buttons or not choice.isdecimal():
            self._buttons = [button for row in reply.buttons for button in row]
            self._shown += 1
        if asked is None:
            self.feedback.tapped(tapped, reply, self._key() if reply.buttons else None)
        else:
            self.feedback.shown(self._key(), asked, reply)
        return render(reply)

    def _key(self) -> str:
        """The key of the reply on screen, as a Telegram message's key is its chat and id."""
        return f"console:{id(self)}:{self._shown}"


def run(
    live: LiveFaq,
    feedback: Feedback,
    lines: Iterable[str],
    write: Callable[[str], None],
    interactive: bool,
) -> int:
    """Hold the chat until the input ends; return the exit status."""
    chat = ConsoleChat(live, feedback)
    write(texts.CONSOLE_BANNER)
    if interactive:
        write(render(live.current.command("start")))
        write(texts.CONSOLE_HINT)
    for line in lines:
        if not line.strip():
            continue
        if not interactive:
            write(f"> {line.rstrip()}")
        write(chat.say(line))
        write("")
    return 0
