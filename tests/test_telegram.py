"""The Telegram adapter in-process: real `Update`s through the real `Application`.

The network is replaced at PTB's own seam by `RecordingRequest`, so every Bot
API call the handlers make is recorded with its parameters and answered with
canned JSON; nothing leaves the process.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

import pytest
from telegram.error import NetworkError

from bot.adapters.logs import RedactingFormatter
from bot.answering import texts
from bot.answering.conversation import Thread
from bot.answering.engine import Engine, Thresholds
from bot.answering.models import Kind, Knowledge, Reply
from bot.answering.replies import Replies
from bot.settings import Settings
from tests.conftest import QUESTION, SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import Chat, assert_shows, buttons, open_chat
from tests.helpers.recording import BOT_USER, TOKEN
from tests.helpers.updates import DOCUMENT, GROUP, LOCATION, PHOTO, STICKER, USER, VOICE

BOT = "@" + BOT_USER["username"]


async def test_start_welcomes_with_pillar_and_italy_buttons(chat: Chat, replies: Replies) -> None:
    """/start sends the welcome with buttons for the pillars, Italy and the countries."""
    sent = await chat.one(updates.message("/start"))
    assert_shows(sent, replies.command("start"))
    assert "domande sulla riunione della <b>Coalizione dei Volenterosi</b>" in sent["text"]
    assert "Oppure usa /pilastri, /italia, /paesi." in sent["text"]
    assert buttons(sent) == ["c:pilastri", "e:italia", "c:paesi"]


@pytest.mark.parametrize("command", ["/aiuto", "/help", f"/aiuto{BOT}"])
async def test_help_lists_every_command(chat: Chat, replies: Replies, command: str) -> None:
    """/aiuto (and its alias /help) lists every command and the group tips."""
    sent = await chat.one(updates.message(command))
    for name, _ in replies.commands():
        assert f"/{name} " in sent["text"]
    assert BOT in sent["text"]


@pytest.mark.parametrize(
    ("text", "name", "args", "fragment"),
    [
        ("/pilastri", "pilastri", "", "pilastri"),
        ("/pilastro 3", "pilastro", "3", "3° pilastro"),
        ("/pilastro 9", "pilastro", "9", "/pilastro 3"),
        ("/pilastro tre", "pilastro", "tre", "/pilastro 3"),
        ("/italia", "italia", "", "Italia"),
        ("/usa", "usa", "", "Stati Uniti"),
        ("/paesi", "paesi", "", "Paesi"),
        ("/fonte", "fonte", "", "Fonte"),
        (f"/faq {QUESTION}", "faq", QUESTION, "Fonte"),
        ("/faq", "faq", "", "/faq"),
        ("/comandosegreto", "comandosegreto", "", "/comandosegreto"),
    ],
)
async def test_command_shows_its_reply(
    chat: Chat, replies: Replies, text: str, name: str, args: str, fragment: str
) -> None:
    """Each command is answered with the reply layer's reply, rendered as HTML with buttons."""
    sent = await chat.one(updates.message(text))
    assert_shows(sent, replies.command(name, args))
    assert fragment in sent["text"]


async def test_every_listed_command_is_answered(chat: Chat, replies: Replies) -> None:
    """No command in the list falls through to the unknown-command reply."""
    unknown = texts.UNKNOWN_COMMAND.split("{")[0]
    for name, _ in replies.commands():
        sent = await chat.one(updates.message(f"/{name}"))
        assert not sent["text"].startswith(unknown), name


async def test_commands_are_registered_at_start_up(chat: Chat, replies: Replies) -> None:
    """post_init registers every command with its Italian description."""
    post_init = chat.application.post_init
    assert post_init is not None
    chat.request.clear()
    await post_init(chat.application)
    (registered,) = [
        c for c in chat.request.sent("setMyCommands") if c["scope"] == {"type": "default"}
    ]
    expected = [{"command": n, "description": d} for n, d in replies.commands()]
    assert registered["commands"] == expected


async def test_answer_has_source_and_related_buttons(chat: Chat, replies: Replies) -> None:
    """A question the FAQ answers gets the answer, a Fonte line and related buttons."""
    expected = replies.handle(QUESTION)
    assert expected.kind is Kind.ANSWER
    sent = await chat.one(updates.message(QUESTION))
    assert_shows(sent, expected)
    assert texts.SOURCE_LABEL in sent["text"]
    *related, up, down = buttons(sent)
    assert related
    assert all(data.startswith("e:") for data in related)
    assert (up, down) == (f"v:{expected.entry_id}:1", f"v:{expected.entry_id}:0")


async def test_clarify_offers_one_button_per_candidate(chat: Chat, shipped: Knowledge) -> None:
    """An ambiguous question gets "Forse intendevi:" and one button per candidate."""
    # A strict engine makes any close runner-up ambiguous; swapping the holder also shows
    # that handlers always answer from the current reply layer.
    strict = Replies(shipped, Engine(shipped, Thresholds(margin=100.0, sure=101.0)))
    chat.live.current = strict
    question = "verifica del cessate il fuoco"
    expected = strict.handle(question)
    assert expected.kind is Kind.CLARIFY
    sent = await chat.one(updates.message(question))
    assert sent["text"] == texts.CLARIFY
    assert len(buttons(sent)) == len(expected.buttons) >= 2


def _ambiguous(replies: Replies) -> str:
    """A word from the FAQ's own questions that the shipped engine finds ambiguous."""
    words = {w for e in replies.knowledge.entries for q in e.questions for w in q.split()}
    for word in sorted(words):
        if replies.handle(word).kind is Kind.CLARIFY:
            return word
    pytest.skip("no single word of the FAQ is ambiguous for the shipped engine")


async def test_clarify_from_the_shipped_engine(chat: Chat, replies: Replies) -> None:
    """A question the shipped engine finds ambiguous gets its candidates as buttons."""
    question = _ambiguous(replies)
    sent = await chat.one(updates.message(question))
    assert_shows(sent, replies.handle(question))
    assert sent["text"] == texts.CLARIFY


async def test_fallback_points_to_pillars_and_help(chat: Chat, replies: Replies) -> None:
    """A question the article does not cover gets the fallback with /pilastri and /aiuto."""
    question = "Qual è la ricetta della carbonara?"
    assert replies.handle(question).kind is Kind.FALLBACK
    sent = await chat.one(updates.message(question))
    assert sent["text"].startswith("Non lo so: l'articolo non ne parla")
    assert "guarda /pilastri e /aiuto" in sent["text"]
    assert "/aiuto" in sent["text"]


async def test_smalltalk_gets_its_reply(chat: Chat, shipped: Knowledge) -> None:
    """A greeting gets the greeting the profile words for this article."""
    sent = await chat.one(updates.message("ciao!"))
    assert sent["text"] == shipped.profile.smalltalk["greeting"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script> ricetta della carbonara?",
        "<b>ciao</b> & <i> quanto costa il biglietto?",
        "<a href='http://x'>x</a> chi vince il campionato?",
    ],
)
async def test_html_a_reader_typed_comes_back_as_text(
    shipped: Knowledge, tmp_path: Path, text: str
) -> None:
    """Tags a reader types come back escaped, never as markup: in the admins' statistics."""
    settings = Settings(
        token=TOKEN, data_dir=tmp_path, faq_dir=SHIPPED_FAQ, admin_ids=frozenset({USER["id"]})
    )
    async with open_chat(settings, shipped) as chat:
        await chat.one(updates.message(text))  # not answered: the curators' inbox keeps it
        sent = await chat.one(updates.message("/statistiche"))
    assert f"«{html.escape(text, quote=False)}»" in sent["text"]


async def test_button_tap_answers_query_then_shows_entry(chat: Chat, replies: Replies) -> None:
    """A tap on an entry button answers the callback query, then shows the entry."""
    sent = await chat.one(updates.callback("e:italia"))
    assert [name for name, _ in chat.request.calls] == ["answerCallbackQuery", "sendMessage"]
    assert_shows(sent, replies.entry(replies.knowledge.by_id["italia"]))


async def test_menu_button_shows_the_menu(chat: Chat, replies: Replies) -> None:
    """A tap on the pillars button shows the pillars with one button each."""
    sent = await chat.one(updates.callback("c:pilastri"))
    assert_shows(sent, replies.callback("c:pilastri"))


@pytest.mark.parametrize("data", ["e:voce-rimossa", "c:rm -rf", "x", "", "e:" + "a" * 62])
async def test_stale_or_forged_button_gets_a_polite_note(chat: Chat, data: str) -> None:
    """Unknown callback data is answered and gets the polite stale-button text."""
    sent = await chat.one(updates.callback(data))
    assert chat.request.sent("answerCallbackQuery")
    assert sent["text"] == texts.STALE_BUTTON.format(command="/pilastri")


async def test_tap_on_inline_message_edits_it(chat: Chat, replies: Replies) -> None:
    """A tap on a message sent through inline mode edits that message in place."""
    assert await chat.push(updates.callback("e:spagna", chat=None)) == []
    (edited,) = chat.request.sent("editMessageText")
    assert edited["inline_message_id"] == "inline-msg-1"
    assert edited["text"] == replies.entry(replies.knowledge.by_id["spagna"]).text


async def test_tap_on_inaccessible_message_still_answers(chat: Chat, replies: Replies) -> None:
    """A tap on a message the bot can no longer read is answered in the same chat."""
    tap = updates.callback("e:russia")
    old = tap["callback_query"]["message"]
    tap["callback_query"]["message"] = {"chat": old["chat"], "message_id": 1, "date": 0}
    sent = await chat.one(tap)
    assert sent["chat_id"] == old["chat"]["id"]
    assert_shows(sent, replies.entry(replies.knowledge.by_id["russia"]))


async def test_empty_inline_query_offers_the_pillars(chat: Chat, replies: Replies) -> None:
    """An empty inline query offers the five pillars as articles."""
    await chat.push(updates.inline_query(""))
    (answer,) = chat.request.sent("answerInlineQuery")
    pillars = replies.knowledge.menu("pilastri")
    assert [r["id"] for r in answer["results"]] == [e.id for e in pillars]
    for result, entry in zip(answer["results"], pillars, strict=True):
        assert result["type"] == "article"
        assert result["title"] == entry.label
        assert entry.answer.startswith(result["description"].removesuffix(" …"))
        content = result["input_message_content"]
        assert content == {
            "message_text": replies.entry(entry).text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }


@pytest.mark.parametrize("query", ["italia soldati", "pilastro", "garanzie di sicurezza ucraina"])
async def test_inline_query_offers_up_to_ten_answers(
    chat: Chat, replies: Replies, query: str
) -> None:
    """A non-empty inline query offers the ranked entries, at most ten."""
    await chat.push(updates.inline_query(query))
    (answer,) = chat.request.sent("answerInlineQuery")
    assert 1 <= len(answer["results"]) <= 10
    assert [r["id"] for r in answer["results"]] == [e.id for e, _ in replies.inline(query)]


async def test_inline_query_about_nothing_offers_nothing(chat: Chat) -> None:
    """An inline query the FAQ cannot match is answered with no results, not an error."""
    await chat.push(updates.inline_query("xyzzy plugh"))
    (answer,) = chat.request.sent("answerInlineQuery")
    assert answer["results"] == []


async def test_group_chatter_gets_no_reply(chat: Chat) -> None:
    """Group messages not meant for the bot, questions included, are ignored."""
    assert await chat.push(updates.message(QUESTION, chat=GROUP)) == []
    assert await chat.push(updates.message("ciao a tutti", chat=GROUP)) == []
    assert await chat.push(updates.message("@qualcuno guarda qui", chat=GROUP)) == []
    other = updates.message_dict("un messaggio", chat=GROUP, sender=updates.OTHER_USER)
    assert await chat.push(updates.message(QUESTION, chat=GROUP, reply_to=other)) == []
    assert await chat.push(updates.message(sticker=STICKER, chat=GROUP)) == []


@pytest.mark.parametrize("text", ["/italia", f"/italia{BOT}", f"/ITALIA{BOT}"])
async def test_group_answers_commands(chat: Chat, replies: Replies, text: str) -> None:
    """Commands are answered in groups, /cmd@bot included, quoting the asker."""
    message = updates.message(text, chat=GROUP)
    sent = await chat.one(message)
    assert_shows(sent, replies.command("italia"))
    assert sent["chat_id"] == GROUP["id"]
    assert sent["reply_parameters"]["message_id"] == message["message"]["message_id"]


@pytest.mark.parametrize("text", ["/italia@AltroBot", "/comandosegreto"])
async def test_group_ignores_commands_for_others(chat: Chat, text: str) -> None:
    """Commands addressed to another bot, and unknown bare ones, get no reply in groups."""
    assert await chat.push(updates.message(text, chat=GROUP)) == []


async def test_group_answers_unknown_command_addressed_to_bot(chat: Chat) -> None:
    """An unknown /cmd@bot in a group gets the unknown-command reply."""
    sent = await chat.one(updates.message(f"/boh{BOT}", chat=GROUP))
    assert sent["text"] == texts.UNKNOWN_COMMAND.format(command="/boh")


@pytest.mark.parametrize(
    "text",
    [f"/faq {QUESTION}", f"{BOT} {QUESTION}", f"{QUESTION} {BOT}", f"{BOT.upper()} {QUESTION}"],
)
async def test_group_answers_faq_and_mentions(chat: Chat, replies: Replies, text: str) -> None:
    """/faq and a mention of the bot get the answer to the question, mention left out."""
    sent = await chat.one(updates.message(text, chat=GROUP))
    assert_shows(sent, replies.handle(QUESTION))


async def test_group_answers_replies_to_the_bot(chat: Chat, replies: Replies) -> None:
    """A reply to one of the bot's own messages is a question for it."""
    sent = await chat.one(updates.message(QUESTION, chat=GROUP, reply_to=updates.bot_message()))
    assert_shows(sent, replies.handle(QUESTION))


async def test_mention_alone_gets_a_prompt(chat: Chat, replies: Replies) -> None:
    """A bare mention of the bot gets the request for a question."""
    sent = await chat.one(updates.message(BOT, chat=GROUP))
    assert sent["text"] == replies.question("").text
    assert sent["text"].startswith("Scrivimi una domanda sulla riunione di Parigi")


@pytest.mark.parametrize(
    "content",
    [
        {"sticker": STICKER},
        {"photo": PHOTO},
        {"photo": PHOTO, "caption": "che cos'è?"},
        {"voice": VOICE},
        {"location": LOCATION},
        {"document": DOCUMENT},
    ],
)
async def test_not_text_gets_a_request_for_text(chat: Chat, content: dict[str, Any]) -> None:
    """Stickers, photos, voice, places and files in private get the written-question request."""
    sent = await chat.one(updates.message(**content))
    assert sent["text"] == texts.NOT_TEXT


async def test_answer_posted_via_inline_mode_is_not_a_question(chat: Chat) -> None:
    """A message the reader sent through "@bot ..." is the bot's own answer: no reply."""
    posted = updates.message("Posizione dell'Italia …", via_bot=BOT_USER)
    assert await chat.push(posted) == []


async def test_edited_message_is_a_new_question(chat: Chat, replies: Replies) -> None:
    """An edited message is answered like a new one."""
    sent = await chat.one(updates.message(QUESTION, edited=True))
    assert_shows(sent, replies.handle(QUESTION))
    sent = await chat.one(updates.message("/pilastro 2", edited=True))
    assert_shows(sent, replies.command("pilastro", "2"))


class _Verbose(Replies):
    """A reply layer whose every answer is longer than one Telegram message."""

    def question(self, text: str, thread: Thread[Any] | None = None) -> Reply:
        answer = super().question(text, thread)
        return Reply("\n\n".join([answer.text] * 12), answer.buttons, answer.entry_id, answer.kind)


async def test_long_reply_is_split_with_buttons_on_the_last_part(
    chat: Chat, shipped: Knowledge
) -> None:
    """A reply over 4096 characters goes out in parts, its buttons under the last one."""
    chat.live.current = _Verbose(shipped, chat.live.current.engine)
    sent = await chat.push(updates.message(QUESTION))
    assert len(sent) >= 2
    assert all(buttons(part) == [] for part in sent[:-1])
    assert buttons(sent[-1]) == [
        b.data for row in chat.live.current.handle(QUESTION).buttons for b in row if not b.share
    ]


class _Broken(Replies):
    """A reply layer that fails on every question."""

    def question(self, text: str, thread: Thread[Any] | None = None) -> Reply:
        raise RuntimeError("the engine broke")


async def test_error_is_logged_with_update_and_user_gets_apology(
    chat: Chat, shipped: Knowledge, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing handler is logged with its update's id (not its words), the user apologised to."""
    chat.live.current = _Broken(shipped, chat.live.current.engine)
    update = updates.message("domanda che rompe tutto")
    with caplog.at_level(logging.ERROR):
        sent = await chat.one(update)
    assert sent["text"] == texts.ERROR
    (record,) = [r for r in caplog.records if r.name == "bot.adapters.handlers"]
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)
    assert record.getMessage() == f"Error while handling update {update['update_id']}"
    assert "domanda che rompe tutto" not in caplog.text
    assert updates.USER["first_name"] not in caplog.text


async def test_failed_inline_query_is_logged_without_apology(
    chat: Chat, shipped: Knowledge, caplog: pytest.LogCaptureFixture
) -> None:
    """A failure with no chat to apologise in is only logged."""

    class Broken(Replies):
        def inline(self, query: str) -> tuple[Any, ...]:
            raise RuntimeError("inline broke")

    chat.live.current = Broken(shipped, chat.live.current.engine)
    with caplog.at_level(logging.ERROR):
        assert await chat.push(updates.inline_query("italia")) == []
    assert any(r.exc_info and r.name == "bot.adapters.handlers" for r in caplog.records)


def test_log_lines_never_show_the_token() -> None:
    """The log formatter blanks the token in messages and tracebacks."""
    formatter = RedactingFormatter([TOKEN, None])
    try:
        raise ValueError(f"https://api.telegram.org/bot{TOKEN}/getMe failed")
    except ValueError as exc:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "url %s", (TOKEN,), (type(exc), exc, None)
        )
    line = formatter.format(record)
    assert TOKEN not in line
    assert TOKEN.partition(":")[2] not in line
    assert "[hidden]" in line


def test_network_errors_are_logged_in_one_line() -> None:
    """A network error is logged with its cause on one line instead of a deep traceback."""
    formatter = RedactingFormatter([TOKEN])
    try:
        raise NetworkError("httpx.ConnectError: All connection attempts failed")
    except NetworkError as exc:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "down", (), (NetworkError, exc, None)
        )
    assert formatter.format(record).splitlines()[1:] == [
        "NetworkError: httpx.ConnectError: All connection attempts failed"
    ]
