"""Long replies become several Telegram messages, cut between paragraphs."""

from __future__ import annotations

from bot.adapters.splitting import LIMIT, split
from bot.answering.models import Button, Reply

BUTTONS = ((Button("Sì", "e:spagna"),),)


def test_short_reply_is_one_message() -> None:
    """A reply under the limit is sent as it is."""
    reply = Reply("<b>Ciao</b>\n\nTutto qui.", BUTTONS)
    assert split(reply) == [reply]


def test_long_reply_is_cut_between_paragraphs() -> None:
    """Paragraphs stay whole, every message fits, buttons go on the last one."""
    paragraphs = [f"<b>Paragrafo {n}</b> " + "parola " * 300 for n in range(10)]
    reply = Reply("\n\n".join(p.strip() for p in paragraphs), BUTTONS)
    parts = split(reply)
    assert len(parts) > 1
    assert all(len(p.text) <= LIMIT for p in parts)
    assert all(p.buttons == () for p in parts[:-1])
    assert parts[-1].buttons == BUTTONS
    assert "\n\n".join(p.text for p in parts) == reply.text


def test_a_paragraph_longer_than_the_limit_is_cut_between_words() -> None:
    """One huge paragraph still yields messages within the limit, words intact."""
    reply = Reply("parola " * 2000)
    parts = split(reply)
    assert all(len(p.text) <= LIMIT for p in parts)
    assert " ".join(p.text for p in parts).split() == reply.text.split()
