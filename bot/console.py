"""The console adapter: a chat in the terminal with the same replies as Telegram.

Buttons become numbered choices; typing the number taps the button. With
piped input it answers each line and stops at end of input.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from bot import texts
from bot.models import Button, Reply
from bot.replies import Replies

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
    """One reader's conversation: remembers the last buttons so numbers pick them."""

    def __init__(self, replies: Callable[[], Replies]) -> None:
        self._replies = replies
        self._buttons: list[Button] = []

    def say(self, line: str) -> str:
        """Answer one line the reader typed."""
        replies = self._replies()
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self._buttons):
            reply = replies.callback(self._buttons[int(choice) - 1].data)
        else:
            reply = replies.handle(line)
        self._buttons = [button for row in reply.buttons for button in row]
        return render(reply)


def run(
    replies: Callable[[], Replies],
    lines: Iterable[str],
    write: Callable[[str], None],
    interactive: bool,
) -> int:
    """Hold the chat until the input ends; return the exit status."""
    chat = ConsoleChat(replies)
    write(texts.CONSOLE_BANNER)
    if interactive:
        write(render(replies().command("start")))
        write(texts.CONSOLE_HINT)
    for line in lines:
        if not line.strip():
            continue
        if not interactive:
            write(f"> {line.rstrip()}")
        write(chat.say(line))
        write("")
    return 0
