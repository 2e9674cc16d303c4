"""Shared fixtures: the shipped FAQ, loaded once, objects built on it, and the test doubles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.answering import knowledge
from bot.answering.engine import Engine
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation.inbox import Inbox
from bot.settings import Settings
from tests.helpers.botapi import BotApi
from tests.helpers.chat import Chat, open_chat
from tests.helpers.recording import TOKEN

SHIPPED_FAQ = Path(__file__).resolve().parents[1] / "faq"
TINY_FAQ = Path(__file__).resolve().parent / "data" / "tiny_faq"
QUESTION = "L'Italia manderà soldati in Ucraina?"  # a question the shipped FAQ answers


@pytest.fixture(autouse=True)
def no_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In-process runs of the command line never read the developer's .env or data/."""
    monkeypatch.setenv("ENV_FILE", str(tmp_path / "absent.env"))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def shipped() -> Knowledge:
    """The FAQ in faq/, validated against the article it holds."""
    return knowledge.load(SHIPPED_FAQ)


@pytest.fixture(scope="session")
def engine(shipped: Knowledge) -> Engine:
    """The answer engine over the shipped FAQ."""
    return Engine(shipped)


@pytest.fixture(scope="session")
def replies(shipped: Knowledge, engine: Engine) -> Replies:
    """The reply layer over the shipped FAQ."""
    return Replies(shipped, engine)


@pytest.fixture
def api() -> Iterator[BotApi]:
    """A running Bot API stand-in on 127.0.0.1."""
    with BotApi() as server:
        yield server


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    """An empty inbox in a fresh data folder, closed after the test."""
    with Inbox.in_folder(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
async def chat(shipped: Knowledge, tmp_path: Path) -> AsyncIterator[Chat]:
    """The real application over the shipped FAQ, its network recorded, its inbox in tmp."""
    settings = Settings(token=TOKEN, data_dir=tmp_path / "data", faq_dir=SHIPPED_FAQ)
    async with open_chat(settings, shipped) as opened:
        yield opened
