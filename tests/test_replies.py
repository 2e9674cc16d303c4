"""The reply layer: what the bot says to each command, message and button."""

from __future__ import annotations

import pytest

from bot.answering import texts
from bot.answering.models import Kind, Knowledge
from bot.answering.replies import Replies, parse_command


def _data(reply_buttons: tuple[tuple[object, ...], ...]) -> list[str]:
    """Every button's callback data, in order."""
    return [b.data for row in reply_buttons for b in row]  # type: ignore[attr-defined]


def test_answer_shows_the_entry_its_source_and_related(replies: Replies) -> None:
    """An answer carries the entry's text, a Fonte line and buttons for related entries."""
    reply = replies.handle("L'Italia manderà soldati in Ucraina?")
    assert reply.kind is Kind.ANSWER
    entry = replies.knowledge.by_id[reply.entry_id or ""]
    assert "nessun soldato italiano" in reply.text.lower()
    assert texts.SOURCE_LABEL in reply.text
    *related, up, down, share = _data(reply.buttons)
    assert related == [f"e:{r}" for r in entry.related]
    assert (up, down) == (f"v:{entry.id}:1", f"v:{entry.id}:0")
    (button,) = reply.buttons[-1]
    assert (share, button.label, button.share) == ("", texts.SHARE, entry.question)


def test_the_share_query_finds_its_own_entry_first(replies: Replies) -> None:
    """The question a share button pre-fills brings up that entry first in inline mode."""
    for entry in replies.knowledge.entries:
        (share,) = replies.entry(entry).buttons[-1]
        assert share.share is not None
        offers = replies.inline(share.share)
        assert offers, entry.id
        assert offers[0][0].id == entry.id, (entry.id, share.share)
        assert "Fonte" in offers[0][1].text  # the inline result keeps the source excerpt


def test_start_with_an_entry_id_opens_that_entry(replies: Replies) -> None:
    """A deep link's /start payload that names an entry shows that entry."""
    entry = replies.knowledge.entries[3]
    assert replies.command("start", entry.id) == replies.entry(entry)


@pytest.mark.parametrize("payload", ["voce-cancellata", "<b>x</b>", "e:italia", "a" * 64])
def test_a_stale_or_forged_start_payload_gets_the_welcome(replies: Replies, payload: str) -> None:
    """A payload naming no entry gets a note and the welcome, and never the payload back."""
    reply = replies.command("start", payload)
    welcome = replies.command("start")
    assert reply.text == texts.STALE_LINK + welcome.text
    assert reply.buttons == welcome.buttons
    assert payload not in reply.text


def test_group_commands_are_a_short_known_list(replies: Replies) -> None:
    """Groups get help, /faq and the menus: a subset of the full list, in its wording."""
    full = dict(replies.commands())
    short = replies.group_commands()
    assert 2 < len(short) < len(full)
    assert all(full[name] == text for name, text in short)
    assert [name for name, _ in short][:2] == ["aiuto", "faq"]


def test_user_text_is_escaped(replies: Replies) -> None:
    """Markup typed by a user never comes back as markup."""
    reply = replies.command("x<b>&")
    assert "<b>" not in reply.text
    assert "/x&lt;b&gt;&amp;" in reply.text


def test_fallback_points_to_help(replies: Replies) -> None:
    """An unanswerable question gets "non lo so" and pointers to /pilastri and /aiuto."""
    reply = replies.handle("Qual è la ricetta del tiramisù?")
    assert reply.kind is Kind.FALLBACK
    assert "Non lo so" in reply.text
    assert "/pilastri" in reply.text
    assert "/aiuto" in reply.text


def test_smalltalk_reply(replies: Replies) -> None:
    """A greeting gets a friendly reply, not an FAQ answer."""
    reply = replies.handle("ciao!")
    assert reply.kind is Kind.SMALLTALK
    assert reply.text == replies.knowledge.profile.smalltalk["greeting"]


def test_pillars_menu_has_five_buttons(replies: Replies) -> None:
    """/pilastri shows the overview and one button per pillar."""
    reply = replies.command("pilastri")
    assert _data(reply.buttons)[:5] == [f"e:pilastro-{n}" for n in range(1, 6)]


@pytest.mark.parametrize("arg", ["1", "3", "5", " 2 ", "4°"])
def test_pillar_command(replies: Replies, arg: str) -> None:
    """/pilastro N shows pillar N."""
    assert replies.command("pilastro", arg).entry_id == f"pilastro-{arg.strip(' °')}"


@pytest.mark.parametrize("arg", ["", "0", "6", "tre", "-1", "99999999999999999999", "1 2"])
def test_pillar_command_usage(replies: Replies, arg: str) -> None:
    """/pilastro with a missing or invalid number explains the usage."""
    usage = replies.knowledge.profile.menus[0].numbered
    assert usage is not None
    assert replies.command("pilastro", arg).text == usage.usage


@pytest.mark.parametrize("command", ["italia", "spagna", "usa", "europa", "ucraina", "russia"])
def test_country_commands_come_from_the_faq(replies: Replies, command: str) -> None:
    """Each national stance has its command, declared in the YAML."""
    reply = replies.command(command)
    assert reply.entry_id == replies.knowledge.by_command[command].id


def test_help_lists_every_command(replies: Replies) -> None:
    """/aiuto lists all commands, fixed and from the data."""
    text = replies.help().text
    for name, _ in replies.commands():
        assert f"/{name}" in text


@pytest.mark.parametrize(
    "data",
    [
        "e:non-esiste",
        "x:1",
        "",
        "e:",
        "c:rm -rf",
        "e:" + "a" * 500,
        "v:spagna:2",
        "v:ghost:1",
        "v:",
    ],
)
def test_stale_or_forged_button(replies: Replies, data: str) -> None:
    """Unknown callback data gets a polite notice."""
    assert replies.callback(data).text == texts.STALE_BUTTON.format(command="/pilastri")


def test_vote_buttons(replies: Replies) -> None:
    """A 👍/👎 tap on a current entry is read as a vote and thanked."""
    up, down = replies.callback("v:spagna:1"), replies.callback("v:spagna:0")
    assert (up.entry_id, up.vote, down.entry_id, down.vote) == ("spagna", True, "spagna", False)
    assert up.text == down.text == texts.VOTE_THANKS


def test_every_button_fits_telegram(replies: Replies, shipped: Knowledge) -> None:
    """Callback data stays under Telegram's 64-byte limit and every button works."""
    for entry in shipped.entries:
        for data in _data(replies.entry(entry).buttons)[:-1]:  # the last is the share button
            assert len(data.encode()) <= 64
            assert replies.callback(data).text != texts.STALE_BUTTON.format(command="/pilastri")


def test_inline_offers_pillars_then_matches(replies: Replies) -> None:
    """An empty inline query offers the five pillars; a question at most ten entries."""
    assert [e.id for e, _ in replies.inline("")] == [f"pilastro-{n}" for n in range(1, 6)]
    found = replies.inline("soldati italiani")
    assert 1 <= len(found) <= 10


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("/pilastro 3", ("pilastro", "3", None)),
        ("/Italia@FaqBot", ("italia", "", "FaqBot")),
        ("/faq l'Italia?", ("faq", "l'Italia?", None)),
        ("ciao /start", None),
        ("/", None),
    ],
)
def test_parse_command(text: str, parsed: tuple[str, str, str | None] | None) -> None:
    """Commands split into name, arguments and bot name; other text is not a command."""
    assert parse_command(text) == parsed


def test_empty_message(replies: Replies) -> None:
    """A blank message asks for a question."""
    assert replies.handle("   ").text == texts.EMPTY.format(
        topic="sulla riunione di Parigi", example="L'Italia manderà soldati?"
    )
