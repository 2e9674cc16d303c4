"""A second, tiny article with its own FAQ folder: nothing of the shipped article is needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters import console
from bot.answering import knowledge
from bot.answering.models import Kind, Knowledge
from bot.answering.replies import Replies
from bot.cli import main
from bot.curation.feedback import Feedback
from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from bot.settings import Settings
from tests.conftest import TINY_FAQ
from tests.helpers import updates
from tests.helpers.chat import assert_shows, buttons, open_chat
from tests.helpers.recording import TOKEN


@pytest.fixture(scope="module")
def tiny() -> Knowledge:
    """The tiny FAQ on an invented village fair."""
    return knowledge.load(TINY_FAQ)


def test_tiny_faq_passes_lint(capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot lint` passes on the tiny folder: no collision, every sentence cited."""
    assert main(["lint", str(TINY_FAQ)]) == 0
    assert "ok: all 5 sentences of the article are cited" in capsys.readouterr().out


async def test_telegram_answers_from_the_tiny_faq(tiny: Knowledge, tmp_path: Path) -> None:
    """On Telegram the bot welcomes, lists its own menu and answers from the tiny FAQ."""
    replies = Replies(tiny)
    settings = Settings(token=TOKEN, data_dir=tmp_path, faq_dir=TINY_FAQ)
    async with open_chat(settings, tiny) as chat:
        welcome = await chat.one(updates.message("/start"))
        assert "domande sulla quarta <b>Sagra della castagna</b>" in welcome["text"]
        assert buttons(welcome) == ["c:sagra", "e:prezzi"]
        menu = await chat.one(updates.callback("c:sagra"))
        assert buttons(menu) == [f"e:{e.id}" for e in tiny.entries]
        answer = await chat.one(updates.message("E se piove?"))
        assert_shows(answer, replies.question("E se piove?"))
        assert "palestra comunale" in answer["text"]
        fallback = await chat.one(updates.message("Quanti soldati manda l'Italia?"))
        assert fallback["text"].startswith("Non lo so")
        assert "guarda /sagra e /aiuto" in fallback["text"]
        assert "/pilastri" not in (await chat.one(updates.message("/aiuto")))["text"]


def test_console_answers_from_the_tiny_faq(tiny: Knowledge, tmp_path: Path) -> None:
    """The console chat answers the tiny FAQ's questions and commands."""
    lines: list[str] = []
    live = LiveFaq(Replies(tiny), TINY_FAQ)
    with Inbox.in_folder(tmp_path) as inbox:
        console.run(
            live, Feedback(inbox, live), ["/prezzi", "chi organizza la sagra?"], lines.append, False
        )
    out = "\n".join(lines)
    assert "un cartoccio di caldarroste costa tre euro" in out
    assert "Pro Loco" in out
    assert live.current.question("chi organizza la sagra?").kind is Kind.ANSWER
