"""The console chat at a terminal: a prompt, line editing, history, Ctrl-C, numbered choices."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest

from bot.adapters.console import PROMPT, ConsoleChat, choices, render
from bot.answering import texts
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation.feedback import Feedback
from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from tests.conftest import SHIPPED_FAQ
from tests.helpers.process import WAIT, environment

LEFT, UP = "\x1b[D", "\x1b[A"  # what the arrow keys send


def first_line(replies: Replies, command: str) -> str:
    """The first line the console shows for `command`."""
    return render(replies.command(command)).splitlines()[0]


def terminal(folder: Path, **env: str) -> pexpect.spawn:
    """``faq-bot`` with no token under a pseudo-terminal, waiting at its first prompt."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot"],
        cwd=str(folder),
        env=environment(DATA_DIR=str(folder / "data"), TERM="xterm", **env),
        encoding="utf-8",
        timeout=WAIT,
        dimensions=(50, 200),
    )
    child.expect_exact(texts.CONSOLE_HINT)
    child.expect_exact(PROMPT)
    return child


@pytest.mark.slow  # runs faq-bot as a subprocess
def test_arrow_keys_edit_the_line_and_recall_history(tmp_path: Path, replies: Replies) -> None:
    """Left arrow moves the cursor (no ^[[D in the text); up arrow brings back the last line."""
    child = terminal(tmp_path)
    child.send("/itlia" + LEFT * 3 + "a\r")  # "/it" + "a" + "lia": the typo fixed in place
    child.expect_exact(first_line(replies, "italia"))
    child.expect_exact(PROMPT)
    child.send(UP + "\r")
    child.expect_exact(first_line(replies, "italia"))
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.wait()
    assert child.exitstatus == 0
    assert "^[[" not in (child.before or "")


@pytest.mark.slow  # runs faq-bot as a subprocess
def test_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    """Ctrl-C at the prompt ends the chat with exit 0, a new line and no traceback."""
    child = terminal(tmp_path)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.wait()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")
    assert (child.before or "").endswith("\n")


@pytest.mark.slow  # runs faq-bot as a subprocess
def test_an_out_of_range_number_names_the_valid_ones(tmp_path: Path, replies: Replies) -> None:
    """After the menu's numbered choices, a number past the last says which are valid."""
    last = len(choices(replies.command("pilastri")))
    child = terminal(tmp_path)
    child.send("/pilastri\r")
    child.expect_exact(PROMPT)
    child.send(f"{last + 2}\r")
    child.expect_exact(texts.CONSOLE_RANGE.format(last=last))
    child.sendeof()
    child.expect(pexpect.EOF)


@pytest.mark.slow  # runs faq-bot as a subprocess
def test_telegram_only_settings_do_not_stop_the_console(tmp_path: Path) -> None:
    """An http:// WEBHOOK_URL and bad ADMIN_IDS, without a token, still open the console."""
    child = terminal(tmp_path, WEBHOOK_URL="http://example.test/hook", ADMIN_IDS="tizio")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.wait()
    assert child.exitstatus == 0


@pytest.fixture
def console(shipped: Knowledge, inbox: Inbox) -> ConsoleChat:
    """A console conversation over the shipped FAQ."""
    live = LiveFaq(Replies(shipped), SHIPPED_FAQ)
    return ConsoleChat(live, Feedback(inbox, live))


def test_numbers_out_of_range_say_which_are_valid(console: ConsoleChat, replies: Replies) -> None:
    """0 and a number past the last button name the range, and the buttons stay choosable."""
    menu = replies.command("pilastri")
    last = len(choices(menu))
    console.say("/pilastri")
    assert console.say("0") == texts.CONSOLE_RANGE.format(last=last)
    assert console.say(str(last + 2)) == texts.CONSOLE_RANGE.format(last=last)
    first = menu.buttons[0][0]
    assert console.say("1") == render(replies.callback(first.data))


def test_share_buttons_are_not_numbered(console: ConsoleChat, replies: Replies) -> None:
    """An answer's share button needs Telegram: the console leaves it out of the choices."""
    shown = console.say("/italia")
    assert texts.SHARE not in shown
    assert texts.VOTE_UP in shown
