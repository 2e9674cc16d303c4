"""The console chat: ``faq-bot`` without a token, fed through a pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.adapters.console import render
from bot.answering import texts
from bot.answering.replies import Replies
from tests.conftest import QUESTION
from tests.helpers.process import WAIT, environment

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess


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


def test_console_says_how_to_connect_to_telegram(tmp_path: Path) -> None:
    """Without a token the first line explains how to connect to Telegram."""
    done = chat(tmp_path, [])
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == texts.CONSOLE_BANNER
    assert "TELEGRAM_BOT_TOKEN" in texts.CONSOLE_BANNER
