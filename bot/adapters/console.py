"""The console adapter: a chat in the terminal with the same replies as Telegram.

Buttons become numbered choices; typing the number taps the button (a
number out of range says which are valid). At a terminal, lines are read
after a prompt with line editing and history (the standard library's
``readline``), and Ctrl-C or Ctrl-D ends the chat; with piped input it answers
each line and stops at end of input. The chat is one
conversation: a follow-up ("e il quarto?") is read in the context of the
previous line, and a chosen button sets that context like a tap on Telegram.
"""

from __future__ import annotations

import contextlib
import html
import re
import time
from collections.abc import Callable, Iterable, Iterator

from bot.answering import texts
from bot.answering.conversation import Conversations
from bot.answering.models import Button, Reply
from bot.answering.replies import parse_command
from bot.curation.feedback import Feedback
from bot.curation.live import LiveFaq
from bot.curation.watch import FaqWatch

PROMPT = "> "
_TAG = re.compile(r"</?[a-z]+(?:\s[^>]*)?>")


def plain(text: str) -> str:
    """Telegram HTML to what a reader sees: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def render(reply: Reply) -> str:
    """A reply as terminal text, its buttons numbered from 1."""
    lines = [plain(reply.text)]
    buttons = choices(reply)
    if buttons:
        lines.append("")
        lines += [f"  [{number}] {b.label}" for number, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


def choices(reply: Reply) -> list[Button]:
    """The reply's buttons a number can choose: share buttons need Telegram."""
    return [button for row in reply.buttons for button in row if button.share is None]


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
        if choice.isdecimal() and self._buttons and not 1 <= int(choice) <= len(self._buttons):
            last = len(self._buttons)
            return texts.CONSOLE_ONE if last == 1 else texts.CONSOLE_RANGE.format(last=last)
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
            self._buttons = choices(reply)
            self._shown += 1
        if asked is None:
            self.feedback.tapped(tapped, reply, self._key() if reply.buttons else None)
        else:
            self.feedback.shown(self._key(), asked, reply)
        return render(reply)

    def _key(self) -> str:
        """The key of the reply on screen, as a Telegram message's key is its chat and id."""
        return f"console:{id(self)}:{self._shown}"


def typed(prompt: str = PROMPT) -> Iterator[str]:
    """Lines typed at a terminal after `prompt`, with line editing and history where available."""
    with contextlib.suppress(ImportError):  # not on every platform; input() works without it
        import readline  # noqa: F401 (importing it is what gives input() editing and history)
    while True:
        try:
            yield input(prompt)
        except EOFError:  # Ctrl-D: end the prompt's line before leaving
            print()
            return


def run(
    live: LiveFaq,
    feedback: Feedback,
    lines: Iterable[str],
    write: Callable[[str], None],
    interactive: bool,
) -> int:
    """Hold the chat until the input ends or Ctrl-C; return the exit status.

    At a terminal (`interactive`) the lines are read with a prompt and line
    editing instead of from `lines`; piped lines are echoed after "> ".
    """
    chat = ConsoleChat(live, feedback)
    write(texts.CONSOLE_BANNER)
    if interactive:
        write(render(live.current.command("start")))
        write(texts.CONSOLE_HINT)
        lines = typed()
    try:
        for line in lines:
            if not line.strip():
                continue
            if not interactive:
                write(f"{PROMPT}{line.rstrip()}")
            write(chat.say(line))
            write("")
    except KeyboardInterrupt:  # Ctrl-C: a clean exit on a fresh line, no traceback
        write("")
    return 0
