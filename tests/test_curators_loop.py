"""The curators' loop end to end, through the real Telegram application on a copy of the FAQ.

Readers ask a question the FAQ does not phrase and tap the suggestion they
meant; `faq-bot suggest` proposes their question as a phrasing; `--apply`
writes it into the copy with its comments intact; the bot, reloaded, answers
the next such question; the HTML report shows the day's figures in a browser.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bot.answering import knowledge
from bot.answering.models import Kind
from bot.answering.replies import Replies
from bot.cli import main
from bot.curation.inbox import Inbox
from bot.settings import Settings
from tests.conftest import SHIPPED_FAQ
from tests.helpers import browser, updates
from tests.helpers.chat import Chat, buttons, open_chat
from tests.helpers.recording import TOKEN

pytestmark = pytest.mark.slow  # starts a real browser

QUESTION = "quali truppe"  # the shipped FAQ falls back on it, suggesting the entry meant
MEANT = "italia-truppe"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
READERS = [
    ({"id": 101, "is_bot": False, "first_name": "Anna"}, "quali truppe"),
    ({"id": 102, "is_bot": False, "first_name": "Bruno"}, "Quali truppe?"),
]


def private(user: dict[str, Any]) -> dict[str, Any]:
    """The private chat with `user`."""
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    """A copy of the shipped FAQ, for the loop to edit."""
    return Path(shutil.copytree(SHIPPED_FAQ, tmp_path / "faq"))


@pytest.fixture
async def bot(faq: Path, tmp_path: Path) -> AsyncIterator[Chat]:
    """The real application over the copy, its inbox in DATA_DIR (tmp_path/data)."""
    settings = Settings(token=TOKEN, data_dir=tmp_path / "data", faq_dir=faq)
    async with open_chat(settings, knowledge.load(faq)) as opened:
        yield opened


async def test_taps_become_phrasings_that_answer_the_next_reader(
    bot: Chat, faq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two readers tap the entry they meant; suggest, apply, reload: the third is answered."""
    assert Replies(knowledge.load(faq)).handle(QUESTION).kind is Kind.FALLBACK
    for user, text in READERS:
        sent = await bot.one(updates.message(text, chat=private(user), sender=user))
        assert f"e:{MEANT}" in buttons(sent)
        tap = updates.callback(
            f"e:{MEANT}",
            chat=private(user),
            sender=user,
            message_id=bot.request.last_message_id(),
        )
        await bot.one(tap)
    await bot.one(updates.message("ricetta del pesto"))

    assert main(["--faq", str(faq), "suggest", "--json"]) == 0
    proposals = json.loads(capsys.readouterr().out)["proposals"]
    (proposal,) = [p for p in proposals if p["kind"] == "phrasing"]
    assert (proposal["entry"], proposal["text"], proposal["evidence"]) == (MEANT, QUESTION, 2)

    before = (faq / "paesi.yaml").read_text(encoding="utf-8")
    assert main(["--faq", str(faq), "suggest", "--apply", proposal["id"]]) == 0
    assert f"added to {MEANT}" in capsys.readouterr().out
    after = (faq / "paesi.yaml").read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == comments
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    assert main(["--faq", str(faq), "suggest", "--json"]) == 0
    assert [
        p for p in json.loads(capsys.readouterr().out)["proposals"] if p["kind"] == "phrasing"
    ] == []

    assert (await bot.live.reload()).entries is not None
    third = {"id": 103, "is_bot": False, "first_name": "Carla"}
    sent = await bot.one(updates.message("quali truppe?", chat=private(third), sender=third))
    reloaded = Replies(knowledge.load(faq))
    assert sent["text"] == reloaded.entry(reloaded.knowledge.by_id[MEANT]).text

    page = tmp_path / "report.html"
    capsys.readouterr()
    assert main(["--faq", str(faq), "report", "--html", str(page)]) == 0
    with Inbox.in_folder(tmp_path / "data") as inbox:
        usage = inbox.usage(LONG_AGO)
    shown = Tiles(browser.rendered_dom(page, tmp_path / "profile"))
    assert shown.tiles["risposte"] == usage.get("answer", 0) == 1
    assert shown.tiles["non so"] == usage.get("fallback", 0) == 3
    assert shown.rects >= 2
    assert "ricetta del pesto" in shown.text


class Tiles(HTMLParser):
    """The figures a rendered report shows: its tiles by kind, its bars, its text."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.tiles: dict[str, int] = {}
        self.rects = 0
        self.text = ""
        self._kind: str | None = None
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a tile or a bar."""
        found = dict(attrs)
        if tag == "div" and found.get("data-kind"):
            self._kind = found["data-kind"]
        self.rects += tag == "rect"

    def handle_data(self, data: str) -> None:
        """Read a tile's figure, and keep every text."""
        self.text += data
        if self._kind is not None and data.strip().isdecimal():
            self.tiles[self._kind] = int(data)
            self._kind = None
