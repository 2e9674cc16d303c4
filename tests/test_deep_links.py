"""Deep links (``/start <entry id>``), the share button, link previews and ``faq-bot link``."""

from __future__ import annotations

import pytest

from bot.answering import texts
from bot.answering.replies import Replies
from bot.cli import main
from tests.conftest import QUESTION
from tests.helpers import updates
from tests.helpers.botapi import BotApi
from tests.helpers.chat import Chat
from tests.helpers.recording import BOT_USER, TOKEN


async def test_start_payload_opens_that_entry(chat: Chat, replies: Replies) -> None:
    """t.me/<bot>?start=<id> arrives as "/start <id>" and shows that entry."""
    entry = replies.knowledge.by_id["spagna"]
    sent = await chat.one(updates.message(f"/start {entry.id}"))
    assert sent["text"] == replies.entry(entry).text


@pytest.mark.parametrize("payload", ["voce-sparita", "e:italia", "<script>", "x" * 64])
async def test_a_stale_or_forged_payload_gets_the_welcome(
    chat: Chat, replies: Replies, payload: str
) -> None:
    """A payload that names no entry gets a short note and the welcome, never an error."""
    sent = await chat.one(updates.message(f"/start {payload}"))
    assert sent["text"] == texts.STALE_LINK + replies.command("start").text


async def test_an_answer_carries_a_share_button(chat: Chat, replies: Replies) -> None:
    """The share button opens inline mode in a chat the reader picks, the question pre-filled."""
    sent = await chat.one(updates.message(QUESTION))
    entry = replies.knowledge.by_id[replies.handle(QUESTION).entry_id or ""]
    (share,) = sent["reply_markup"]["inline_keyboard"][-1]
    assert share["text"] == texts.SHARE
    assert share["switch_inline_query_chosen_chat"] == {
        "query": entry.question,
        "allow_user_chats": True,
        "allow_group_chats": True,
        "allow_channel_chats": True,
        "allow_bot_chats": False,
    }
    assert "callback_data" not in share


async def test_the_shared_inline_result_keeps_the_source(chat: Chat, replies: Replies) -> None:
    """The inline query a share button fills in offers that entry first, its excerpt included."""
    entry = replies.knowledge.by_id["italia"]
    chat.request.clear()
    await chat.push(updates.inline_query(entry.question))
    (answered,) = chat.request.sent("answerInlineQuery")
    first = answered["results"][0]
    assert first["id"] == entry.id
    assert first["input_message_content"]["message_text"] == replies.entry(entry).text
    assert texts.SOURCE_LABEL in first["input_message_content"]["message_text"]


async def test_answers_have_no_link_preview(chat: Chat) -> None:
    """Link previews are off for every answer."""
    sent = await chat.one(updates.message(QUESTION))
    assert sent["link_preview_options"] == {"is_disabled": True}


def test_link_prints_the_deep_link(capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot link ID --bot NAME` prints t.me/NAME?start=ID."""
    assert main(["link", "spagna", "--bot", "@UnBot"]) == 0
    assert capsys.readouterr().out == "https://t.me/UnBot?start=spagna\n"


def test_link_asks_telegram_for_the_name(
    api: BotApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --bot, the username comes from Telegram's getMe with the token."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
    assert main(["link", "italia"]) == 0
    assert capsys.readouterr().out == f"https://t.me/{BOT_USER['username']}?start=italia\n"


@pytest.mark.parametrize(
    ("argv", "says"),
    [(["link", "nessuna-voce", "--bot", "B"], "no entry"), (["link", "italia"], "--bot")],
)
def test_link_refuses_clearly(
    argv: list[str], says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown id, or no way to know the bot's name, is one clear line and exit 2."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(argv) == 2
    assert says in capsys.readouterr().err
