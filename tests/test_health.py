"""What /healthz says: healthy, a missing FAQ, Telegram unreachable for a long while."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.adapters.health import UNREACHABLE_AFTER, Health, faq_version
from bot.adapters.http_server import Request
from bot.adapters.metrics import Metrics
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation.live import LiveFaq
from tests.conftest import SHIPPED_FAQ


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        """The time now."""
        return self.now


def healthz(health: Health) -> tuple[int, dict[str, object]]:
    """GET /healthz: status and JSON body."""
    response = health.route(Request("GET", "/healthz", {}))
    assert response is not None
    return response.status, json.loads(response.body)


def test_a_missing_faq_folder_is_unhealthy(shipped: Knowledge, tmp_path: Path) -> None:
    """While the FAQ folder is gone /healthz says 503 and why; back again, 200."""
    folder = tmp_path / "faq"
    shutil.copytree(SHIPPED_FAQ, folder)
    health = Health(LiveFaq(Replies(shipped), folder), Metrics(), "polling")
    assert healthz(health)[0] == 200
    folder.rename(tmp_path / "moved")
    status, body = healthz(health)
    assert (status, body["status"], body["problems"]) == (503, "unavailable", ["faq missing"])
    (tmp_path / "moved").rename(folder)
    assert healthz(health)[0] == 200


def test_telegram_unreachable_for_long_is_unhealthy(shipped: Knowledge) -> None:
    """Failing Bot API calls turn /healthz to 503 only after UNREACHABLE_AFTER seconds."""
    clock = Clock()
    health = Health(LiveFaq(Replies(shipped), SHIPPED_FAQ), Metrics(), "webhook", clock)
    health.telegram(answered=False)
    clock.now += UNREACHABLE_AFTER - 1
    health.telegram(answered=False)
    assert healthz(health)[0] == 200
    clock.now += 2
    status, body = healthz(health)
    assert (status, body["problems"]) == (503, ["telegram unreachable"])
    health.telegram(answered=True)
    assert healthz(health)[0] == 200


def test_the_version_follows_the_files(tmp_path: Path) -> None:
    """The FAQ version changes when a file of the folder changes, and only then."""
    folder = tmp_path / "faq"
    shutil.copytree(SHIPPED_FAQ, folder)
    before = faq_version(folder)
    assert faq_version(folder) == before
    (folder / "article.txt").write_text("Altro.", encoding="utf-8")
    assert faq_version(folder) != before


def test_other_methods_and_paths(shipped: Knowledge) -> None:
    """POST /healthz gets 405; other paths are not health's to answer."""
    health = Health(LiveFaq(Replies(shipped), SHIPPED_FAQ), Metrics(), "polling")
    posted = health.route(Request("POST", "/healthz", {}))
    assert posted is not None
    assert posted.status == 405
    assert health.route(Request("GET", "/", {})) is None
