"""Learning from clicks: a question tied to the entry its reader tapped, 👎'd or declined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.adapters.console import ConsoleChat
from bot.answering import texts
from bot.answering.engine import Engine
from bot.answering.models import Kind, Knowledge
from bot.answering.replies import DECLINE, Replies
from bot.answering.thresholds import Thresholds
from bot.curation.feedback import Feedback
from bot.curation.inbox import Inbox
from bot.curation.live import LiveFaq
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import Chat, buttons

AMBIGUOUS = "verifica del cessate il fuoco"  # ambiguous for a strict engine
UNKNOWN = "quali truppe"  # a fallback with suggestions for the shipped engine
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def strict(shipped: Knowledge) -> Replies:
    """A reply layer whose engine finds any close runner-up ambiguous."""
    return Replies(shipped, Engine(shipped, Thresholds(margin=100.0, sure=101.0)))


async def test_clarify_ends_with_none_of_these(chat: Chat, shipped: Knowledge) -> None:
    """The "Forse intendevi…" reply offers the candidates, then "Nessuna di queste" last."""
    chat.live.current = strict(shipped)
    sent = await chat.one(updates.message(AMBIGUOUS))
    assert sent["text"] == texts.CLARIFY
    rows = sent["reply_markup"]["inline_keyboard"]
    assert rows[-1] == [{"text": texts.NONE_OF_THESE, "callback_data": DECLINE}]
    assert all(data.startswith("e:") for data in buttons(sent)[:-1])


async def test_a_tap_on_a_suggestion_is_kept_with_the_question(
    chat: Chat, replies: Replies
) -> None:
    """Tapping an entry the fallback suggested records (question → entry), chosen."""
    offered = replies.handle(UNKNOWN)
    assert offered.kind is Kind.FALLBACK
    sent = await chat.one(updates.message(UNKNOWN))
    assert sent["text"] == offered.text
    data = buttons(sent)[0]
    await chat.one(updates.callback(data, message_id=chat.request.last_message_id()))
    (choice,) = chat.inbox.choices(LONG_AGO)
    assert (choice.question, choice.entry, choice.chosen, choice.kind) == (
        UNKNOWN,
        data.removeprefix("e:"),
        True,
        "fallback",
    )


async def test_thumbs_down_after_a_tap_counts_against_that_entry(
    chat: Chat, replies: Replies
) -> None:
    """A 👎 on the entry a tap brought up records (question → entry), rejected; 👍 takes it back."""
    await chat.one(updates.message(UNKNOWN))
    data = buttons(chat.request.sent()[-1])[0]
    entry = data.removeprefix("e:")
    await chat.one(updates.callback(data, message_id=chat.request.last_message_id()))
    shown = chat.request.last_message_id()
    await chat.push(updates.callback(f"v:{entry}:0", message_id=shown))
    verdicts = {(c.question, c.entry, c.chosen) for c in chat.inbox.choices(LONG_AGO)}
    assert verdicts == {(UNKNOWN, entry, True), (UNKNOWN, entry, False)}
    await chat.push(updates.callback(f"v:{entry}:1", message_id=shown))
    assert [c.chosen for c in chat.inbox.choices(LONG_AGO)] == [True]


async def test_thumbs_down_on_an_answer_is_kept_with_its_question(
    chat: Chat, replies: Replies
) -> None:
    """A 👎 on a typed question's answer records that question against the entry."""
    question = "chi guida la forza?"
    answer = replies.handle(question)
    assert answer.entry_id is not None
    await chat.one(updates.message(question))
    tap = updates.callback(f"v:{answer.entry_id}:0", message_id=chat.request.last_message_id())
    await chat.push(tap)
    (choice,) = chat.inbox.choices(LONG_AGO)
    assert (choice.question, choice.entry, choice.chosen) == (question, answer.entry_id, False)


async def test_none_of_these_thanks_and_records_the_question(
    chat: Chat, shipped: Knowledge
) -> None:
    """A tap on "Nessuna di queste" thanks, says how to rephrase and keeps the question."""
    chat.live.current = strict(shipped)
    await chat.one(updates.message(AMBIGUOUS))
    sent = await chat.one(updates.callback(DECLINE, message_id=chat.request.last_message_id()))
    assert sent["text"].startswith("Grazie!")
    assert "riformulala" in sent["text"]
    assert "/aiuto" in sent["text"]
    (choice,) = chat.inbox.choices(LONG_AGO)
    assert (choice.question, choice.entry, choice.kind) == (AMBIGUOUS, None, "clarify")


async def test_a_tap_on_an_unknown_message_or_entry_is_not_kept(
    chat: Chat, replies: Replies
) -> None:
    """A tap on a message the inbox never linked, or on an entry it did not offer, is ignored."""
    await chat.one(updates.callback("e:italia-truppe"))
    await chat.one(updates.message(UNKNOWN))
    offered = {d.removeprefix("e:") for d in buttons(chat.request.sent()[-1])}
    other = next(e.id for e in replies.knowledge.entries if e.id not in offered)
    await chat.one(updates.callback(f"e:{other}", message_id=chat.request.last_message_id()))
    assert chat.inbox.choices(LONG_AGO) == []


async def test_the_same_tap_twice_counts_once(chat: Chat) -> None:
    """Tapping the same suggestion of the same message again adds no second choice."""
    await chat.one(updates.message(UNKNOWN))
    data = buttons(chat.request.sent()[-1])[0]
    message_id = chat.request.last_message_id()
    for _ in range(2):
        await chat.one(updates.callback(data, message_id=message_id))
    assert len(chat.inbox.choices(LONG_AGO)) == 1


def test_console_taps_are_kept_like_telegram_ones(shipped: Knowledge, inbox: Inbox) -> None:
    """In the console, typing a suggestion's number records the choice for the question."""
    live = LiveFaq(Replies(shipped), SHIPPED_FAQ)
    console = ConsoleChat(live, Feedback(inbox, live))
    shown = console.say(UNKNOWN)
    assert "[1]" in shown
    console.say("1")
    entry = live.current.handle(UNKNOWN).buttons[0][0].data.removeprefix("e:")
    (choice,) = inbox.choices(LONG_AGO)
    assert (choice.question, choice.entry, choice.chosen) == (UNKNOWN, entry, True)


def test_choices_are_purged_with_the_rest(inbox: Inbox) -> None:
    """Links, choices and decisions older than the retention period are deleted."""
    old = datetime(2026, 1, 1, tzinfo=UTC)
    inbox.link("k", "domanda", "fallback", 50.0, ("a",), now=old)
    inbox.choose("k", "a", chosen=True, now=old)
    inbox.decide("p", "rejected", now=old)
    assert inbox.purge(30, now=old + timedelta(days=31)) == 3
    assert (inbox.linked("k"), inbox.choices(LONG_AGO), inbox.decisions()) == (None, [], {})


async def test_a_related_tap_after_a_tap_is_browsing(chat: Chat) -> None:
    """From the entry a tap brought up, a related button is not the original question's choice."""
    await chat.one(updates.message(UNKNOWN))
    data = buttons(chat.request.sent()[-1])[0]
    entry = await chat.one(updates.callback(data, message_id=chat.request.last_message_id()))
    related = [d for d in buttons(entry) if d.startswith("e:")]
    assert related
    await chat.one(updates.callback(related[0], message_id=chat.request.last_message_id()))
    assert [c.entry for c in chat.inbox.choices(LONG_AGO)] == [data.removeprefix("e:")]


def test_a_follow_up_is_not_linked(shipped: Knowledge, inbox: Inbox) -> None:
    """A tap under the reply to a follow-up read in context teaches nothing about phrasings."""
    live = LiveFaq(Replies(shipped), SHIPPED_FAQ)
    console = ConsoleChat(live, Feedback(inbox, live))
    console.say("Cosa dice il quarto pilastro?")
    follow_up = console.say("e il primo?")
    assert "[1]" in follow_up
    console.say("1")
    assert inbox.choices(LONG_AGO) == []
