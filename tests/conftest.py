"""Shared fixtures: the shipped FAQ, loaded once, and objects built on it."""

from __future__ import annotations

import pytest

from bot.answering import knowledge
from bot.answering.engine import Engine
from bot.answering.models import Knowledge
from bot.answering.replies import Replies


@pytest.fixture(scope="session")
def shipped() -> Knowledge:
    """The FAQ in faq/, validated against the article in seeds/."""
    return knowledge.load()


@pytest.fixture(scope="session")
def engine(shipped: Knowledge) -> Engine:
    """The answer engine over the shipped FAQ."""
    return Engine(shipped)


@pytest.fixture(scope="session")
def replies(shipped: Knowledge, engine: Engine) -> Replies:
    """The reply layer over the shipped FAQ."""
    return Replies(shipped, engine)
