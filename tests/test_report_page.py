"""`faq-bot report --html`: one self-contained page, escaped, with charts a browser renders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.answering.models import Kind
from bot.cli import main
from bot.curation import html_report, report
from bot.curation.inbox import Inbox, message_key
from bot.curation.suggest import Proposal
from tests.helpers import browser
from tests.helpers.results import verdict

NOW = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """The tags, attributes and text of a page, as a browser's parser would see them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep the tag and its attributes."""
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((name, value or ""))
            if name == "id" and value:
                self.ids.add(value)

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self.text.append(data)


def filled(inbox: Inbox) -> None:
    """Two days of traffic: answers, a clarification, fallbacks (one hostile), votes."""
    for when, kinds in (
        (NOW - timedelta(days=1), ["answer"] * 3 + ["fallback"]),
        (NOW, ["answer"] * 5 + ["clarify", "fallback", "smalltalk"]),
    ):
        for kind in kinds:
            inbox.count(kind, now=when)
    inbox.record(HOSTILE, verdict(Kind.FALLBACK, ("costi", 40.0)), now=NOW)
    inbox.record("chi paga?", verdict(Kind.FALLBACK, ("costi", 38.0)), now=NOW)
    inbox.vote(message_key(1, 1), "costi", up=False, now=NOW)
    inbox.vote(message_key(1, 2), "costi", up=True, now=NOW)


def built_page(inbox: Inbox) -> str:
    """The page for the filled inbox, with one suggestion waiting."""
    waiting = (Proposal("abcd1234", "phrasing", "costi", "chi paga " + HOSTILE, 2, 1),)
    built = report.build(inbox, 7, now=NOW)
    return html_report.page(built, inbox.usage_by_day(built.since), waiting)


def test_page_is_self_contained(inbox: Inbox) -> None:
    """No script, no external stylesheet, font or image: only inline CSS and inline SVG."""
    filled(inbox)
    page = Page(built_page(inbox))
    assert "script" not in page.tags
    assert "link" not in page.tags
    assert "img" not in page.tags
    assert page.tags.count("svg") == 2
    external = [v for n, v in page.attributes if n in ("src", "href") and v]
    assert external == []
    assert ("name", "viewport") in page.attributes
    assert ("lang", "it") in page.attributes


def test_every_question_is_escaped(inbox: Inbox) -> None:
    """A reader's markup shows as text, in the unanswered table and the suggestions alike."""
    filled(inbox)
    text = built_page(inbox)
    page = Page(text)
    assert sum(HOSTILE in chunk for chunk in page.text) == 2
    assert "<script>" not in text
    assert "onerror" not in {name for name, _ in page.attributes}


def test_figures_are_the_inboxs(inbox: Inbox) -> None:
    """The tiles add up the period's replies by kind, and the answer rate leaves small talk out."""
    filled(inbox)
    text = built_page(inbox)
    assert '<div class="tile" data-kind="risposte"><b>8</b>' in text
    assert '<div class="tile" data-kind="chiarimenti"><b>1</b>' in text
    assert '<div class="tile" data-kind="non so"><b>2</b>' in text
    assert '<div class="tile" id="rate"><b>73%</b>' in text  # 8 of 11 questions


def test_an_empty_period_still_makes_a_page(tmp_path: Path) -> None:
    """With no inbox the page says there is nothing yet, and draws empty charts."""
    out = tmp_path / "vuoto.html"
    assert main(["report", "--html", str(out)]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert page.tags.count("svg") == 2
    assert {"unanswered", "feedback", "suggestions"} <= page.ids


@pytest.mark.slow  # starts a real browser
def test_a_real_browser_renders_the_page(inbox: Inbox, tmp_path: Path) -> None:
    """Headless chromium renders the page: its DOM has the figures and charts; shot not blank."""
    filled(inbox)
    out = tmp_path / "report.html"
    html_report.write(out, built_page(inbox))
    dom = browser.rendered_dom(out, tmp_path / "profile")
    page = Page(dom)
    assert page.tags.count("svg") == 2
    assert page.tags.count("rect") >= 4  # a bar segment per kind and day with replies
    assert "73%" in "".join(page.text)
    assert HOSTILE in "".join(page.text)
    assert "script" not in page.tags
    shot = browser.screenshot(out, tmp_path / "profile", tmp_path / "shot.png", 412, 1600)
    width, height, colours = browser.png_size_and_colours(shot)
    assert (width, height) == (412, 1600)
    assert colours > 50
    assert shot.stat().st_size > 20_000
