"""The console chat: ``faq-bot`` without a token, fed through a pipe."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat, render
from bot.answering import texts
from bot.answering.conversation import IDLE_SECONDS
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.cli import main
from bot.curation.feedback import Feedback
from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from tests.conftest import QUESTION, SHIPPED_FAQ
from tests.helpers.process import WAIT, environment


def chat(folder: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``faq-bot`` with no token in `folder` (no .env there), `lines` on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=folder,
        env=environment(DATA_DIR=str(folder / "data")),
        timeout=WAIT,
        check=False,
    )


@pytest.mark.slow  # runs faq-bot as a subprocess
def test_console_answers_each_line_and_exits_at_end_of_input(
    tmp_path: Path, replies: Replies
) -> None:
    """Commands, a question and a number choosing a button are answered; exit 0 at EOF."""
    done = chat(tmp_path, ["/pilastri", "/italia", QUESTION, "1"])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    answer = replies.handle(QUESTION)
    for expected in (
        render(replies.command("pilastri")),
        render(replies.command("italia")),
        render(answer),
        render(replies.callback(answer.buttons[0][0].data)),
    ):
        assert expected in out
    assert out.index("> /pilastri") < out.index("> /italia") < out.index("> 1")
    assert done.stderr == ""


@pytest.mark.slow  # runs faq-bot as a subprocess
def test_console_says_how_to_connect_to_telegram(tmp_path: Path) -> None:
    """Without a token the first line explains how to connect to Telegram."""
    done = chat(tmp_path, [])
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == texts.CONSOLE_BANNER
    assert "TELEGRAM_BOT_TOKEN" in texts.CONSOLE_BANNER


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        """The time now."""
        return self.now


@pytest.fixture
def clock() -> Clock:
    """A hand-moved clock."""
    return Clock()


@pytest.fixture
def console(shipped: Knowledge, inbox: Inbox, clock: Clock) -> ConsoleChat:
    """A console conversation over the shipped FAQ, on a hand-moved clock."""
    live = LiveFaq(Replies(shipped), SHIPPED_FAQ)
    return ConsoleChat(live, Feedback(inbox, live), clock)


def entry_text(replies: Replies, entry_id: str) -> str:
    """How the console shows an entry."""
    return render(replies.entry(replies.knowledge.by_id[entry_id]))


def test_console_keeps_one_conversation(console: ConsoleChat, replies: Replies) -> None:
    """Each line is read in the context of the ones before it."""
    talk = [
        ("Cosa dice il quarto pilastro?", "pilastro-4"),
        ("e il primo?", "pilastro-1"),
        ("e il successivo?", "pilastro-2"),
    ]
    for line, expected in talk:
        assert console.say(line) == entry_text(replies, expected), line


def test_a_chosen_button_sets_context(console: ConsoleChat, replies: Replies) -> None:
    """Typing a button's number sets context like a tap on Telegram."""
    menu = replies.command("pilastri")
    data = [b.data for row in menu.buttons for b in row]
    console.say("/pilastri")
    console.say(str(data.index("e:pilastro-4") + 1))
    assert console.say("e il successivo?") == entry_text(replies, "pilastro-5")


def test_console_context_expires(console: ConsoleChat, clock: Clock, replies: Replies) -> None:
    """After more than the idle time a follow-up is read alone."""
    console.say("Cosa dice il quarto pilastro?")
    clock.now += IDLE_SECONDS + 1
    assert console.say("e il primo?") != entry_text(replies, "pilastro-1")


def test_piped_console_reads_follow_ups(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    replies: Replies,
) -> None:
    """`faq-bot` with no token and piped lines answers follow-ups in context."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("L'Italia darà soldati a Kiev?\nperché?\n"))
    assert main([]) == 0
    out = capsys.readouterr().out
    first = out.index(entry_text(replies, "italia-truppe"))
    assert out.index(entry_text(replies, "italia-vincoli-costituzionali")) > first
