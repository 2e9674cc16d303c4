"""Long replies become several Telegram messages, each valid Telegram HTML on its own."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.splitting import LIMIT, split
from bot.answering import texts
from bot.answering.models import Button, Reply
from bot.answering.replies import Replies
from bot.curation import admin
from bot.curation.live import Reloaded
from tests.helpers.telegram_html import problems

BUTTONS = ((Button("Sì", "e:spagna"),),)


def visible(text: str) -> str:
    """What a reader sees of Telegram HTML: tags dropped, entities read, blanks folded."""
    return " ".join(html.unescape(re.sub(r"<[^<>]*>", "", text)).split())


def utf16(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def assert_valid_parts(reply: Reply, limit: int = LIMIT) -> list[Reply]:
    """Split `reply`; every part valid, within `limit`, nothing lost; the parts."""
    parts = split(reply, limit)
    for part in parts:
        assert problems(part.text) == [], part.text
        assert utf16(part.text) <= limit
    shown = "".join(visible(p.text) for p in parts)
    assert shown.replace(" ", "") == visible(reply.text).replace(" ", "")
    assert all(p.buttons == () for p in parts[:-1])
    assert parts[-1].buttons == reply.buttons
    return parts


def test_short_reply_is_one_message() -> None:
    """A reply under the limit is sent as it is."""
    reply = Reply("<b>Ciao</b>\n\nTutto qui.", BUTTONS)
    assert split(reply) == [reply]


def test_long_reply_is_cut_between_paragraphs() -> None:
    """Paragraphs stay whole, every message fits, buttons go on the last one."""
    paragraphs = [f"<b>Paragrafo {n}</b> " + "parola " * 300 for n in range(10)]
    reply = Reply("\n\n".join(p.strip() for p in paragraphs), BUTTONS)
    parts = assert_valid_parts(reply)
    assert len(parts) > 1
    assert "\n\n".join(p.text for p in parts) == reply.text


def test_a_paragraph_longer_than_the_limit_is_cut_between_words() -> None:
    """One huge paragraph still yields messages within the limit, words intact."""
    reply = Reply("parola " * 2000)
    parts = assert_valid_parts(reply)
    assert " ".join(p.text for p in parts).split() == reply.text.split()


def test_escaped_ampersands_are_never_cut() -> None:
    """A thousand '&' a reader typed, escaped, split into parts with whole '&amp;' entities."""
    reply = Reply("«" + html.escape("&" * 1000 * 5) + "»")
    parts = assert_valid_parts(reply)
    assert len(parts) > 1
    assert all(not re.search(r"&(?!amp;)", p.text) for p in parts)


def test_a_long_pre_block_is_closed_and_reopened_across_parts() -> None:
    """A <pre> longer than a message is closed at the end of a part and reopened in the next."""
    problems_text = "\n".join(f"faq/temi.yaml:{n}: entry 'x': problem {n}" for n in range(400))
    reply = Reply(f"<b>FAQ non ricaricate</b>\n<pre>{html.escape(problems_text)}</pre>")
    parts = assert_valid_parts(reply)
    assert len(parts) > 1
    assert all(p.text.count("<pre>") == p.text.count("</pre>") == 1 for p in parts)


@pytest.mark.parametrize(
    "text",
    [
        "<b>" + "grassetto " * 900 + "</b>",
        "<i>" + "x" * 9000 + "</i>",
        '<a href="https://example.org/?a=1&amp;b=2">' + "collegamento " * 700 + "</a>",
        "<b>uno <i>" + "due " * 1500 + "</i> tre</b>",
        "😀" * 5000,
        "<code>" + "&lt;tag&gt; " * 1000 + "</code>",
    ],
)
def test_tags_entities_and_emoji_survive_any_cut(text: str) -> None:
    """Bold, italic, links, nesting, code and astral emoji: every part valid and within size."""
    assert len(assert_valid_parts(Reply(text))) > 1


def test_every_shipped_reply_splits_into_valid_parts(replies: Replies) -> None:
    """Every command and entry reply of the shipped FAQ, cut small, gives valid parts only."""
    shown = [replies.command(name) for name, _ in replies.commands()]
    shown += [replies.entry(entry) for entry in replies.knowledge.entries]
    for reply in shown:
        for limit in (60, 150, 400):
            assert_valid_parts(reply, limit)


def test_a_refused_reload_with_many_problems_splits_validly() -> None:
    """/ricarica with a broken FAQ: its <pre> of problems is valid in every part."""
    error = "\n".join(f"faq/x.yaml:{n}: '<&>' non valido" for n in range(300))
    reply = admin.reloaded(Reloaded(error=error))
    assert "<pre>" in texts.RELOAD_FAILED
    assert_valid_parts(reply)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["<b>", "</b>", "<i>", "</i>", "&amp;", "&lt;", "parola", "😀", "\n", "\n\n", " "]
        )
        | st.text(alphabet="abcèé ", min_size=1, max_size=30),
        max_size=300,
    ),
    limit=st.integers(min_value=40, max_value=300),
)
def test_any_balanced_html_splits_validly(words: list[str], limit: int) -> None:
    """Random well-formed HTML (tags balanced by construction) splits into valid parts."""
    stack: list[str] = []
    out = []
    for word in words:
        if word in ("<b>", "<i>"):
            if word[1] in stack:
                continue
            stack.append(word[1])
        elif word in ("</b>", "</i>"):
            if not stack or stack[-1] != word[2]:
                continue
            stack.pop()
        out.append(word)
    text = "".join(out) + "".join(f"</{t}>" for t in reversed(stack))
    if problems(text) or not visible(text):
        return
    assert_valid_parts(Reply(text), limit)
