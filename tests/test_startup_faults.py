"""Start-up faults: a broken or missing FAQ stops ``faq-bot`` before it talks to Telegram.

The bot runs as a subprocess with a token and the Bot API stand-in as its server,
so a bot that went on despite the fault would show up as calls to the stand-in.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_FAQ
from tests.helpers.botapi import BotApi
from tests.helpers.process import Bot
from tests.helpers.recording import TOKEN

pytestmark = pytest.mark.slow  # runs faq-bot as a subprocess

NO_ANSWER = """\
entries:
  - id: senza-risposta
    title: "Una voce senza risposta"
    questions:
      - "Questa domanda ha una risposta?"
"""


def shipped_plus(name: str, text: str) -> Callable[[Path], Path]:
    """A FAQ folder maker: the shipped files plus `name` holding `text`."""

    def make(folder: Path) -> Path:
        """Copy the shipped FAQ into `folder`, add the file; the folder."""
        shutil.copytree(SHIPPED_FAQ, folder)
        (folder / name).write_text(text, encoding="utf-8")
        return folder

    return make


def empty(folder: Path) -> Path:
    """An existing folder without a single YAML file."""
    folder.mkdir()
    (folder / "LEGGIMI.txt").write_text("le domande stanno altrove\n", encoding="utf-8")
    return folder


def missing(folder: Path) -> Path:
    """A folder that does not exist."""
    return folder


@pytest.mark.parametrize(
    ("make", "named", "says"),
    [
        pytest.param(
            shipped_plus("rotto.yaml", "entries:\n  - id: [aperta\n"),
            "rotto.yaml:3",
            "invalid YAML",
            id="invalid-yaml",
        ),
        pytest.param(
            shipped_plus("incompleto.yaml", NO_ANSWER), "incompleto.yaml", "answer", id="no-answer"
        ),
        pytest.param(empty, "faq", "no FAQ files", id="empty-folder"),
        pytest.param(missing, "faq", "no FAQ files", id="missing-folder"),
    ],
)
def test_broken_faq_ends_with_exit_2_and_no_call_to_telegram(
    api: BotApi, tmp_path: Path, make: Callable[[Path], Path], named: str, says: str
) -> None:
    """A broken, empty or missing FAQ: exit 2, the problem named, no traceback, no Bot API call."""
    faq_dir = make(tmp_path / "faq")
    bot = Bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        FAQ_DIR=str(faq_dir),
        LOG_LEVEL="DEBUG",
    )
    status = bot.wait()
    assert status == 2, bot.stderr
    lines = bot.stderr.strip().splitlines()
    assert lines[0].startswith("faq-bot: the FAQ has "), bot.stderr
    assert any(named in line and says in line for line in lines[1:]), bot.stderr
    assert "Traceback" not in bot.stderr
    assert api.calls == []
