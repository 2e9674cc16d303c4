"""For the people who run the bot: inbox recording, 👍/👎 votes, admins, live FAQ reload."""

from __future__ import annotations

import asyncio
import copy
import io
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.answering import knowledge, texts
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.cli import main
from bot.curation import upkeep
from bot.curation.inbox import FILENAME, Inbox
from bot.curation.live import LiveFaq
from bot.curation.writer import InboxWriter
from bot.settings import CONSOLE_INBOX, Settings
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import Chat, open_chat
from tests.helpers.recording import BOT_USER, TOKEN

SPAIN_ANSWER = "la Spagna, tra gli altri Paesi europei"
EDITED = "sempre tra gli altri Paesi europei"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def faq_copy(tmp_path: Path) -> Path:
    """A copy of the shipped FAQ that a test may edit."""
    return Path(shutil.copytree(SHIPPED_FAQ, tmp_path / "faq"))


def edit(faq_dir: Path, old: str, new: str) -> None:
    """Replace `old` with `new` in the FAQ file that holds it."""
    for path in faq_dir.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
            return
    raise AssertionError(f"{old!r} not found")


@pytest.fixture
async def chat(shipped: Knowledge, tmp_path: Path, faq_copy: Path) -> AsyncIterator[Chat]:
    """The real application with an admin (the test user), its FAQ editable, its inbox in tmp."""
    settings = Settings(
        token=TOKEN,
        data_dir=tmp_path / "data",
        faq_dir=faq_copy,
        admin_ids=frozenset({updates.USER["id"]}),
    )
    async with open_chat(settings, knowledge.load(faq_copy)) as opened:
        yield opened


async def test_unanswered_questions_are_recorded_without_ids(chat: Chat) -> None:
    """A fallback lands in the inbox with its text; answers only count by kind."""
    await chat.one(updates.message("Qual è la ricetta del tiramisù?"))
    await chat.one(updates.message("pilastro 3"))
    inbox = chat.inbox
    stored = [q.text for q in inbox.questions(LONG_AGO)]
    assert stored == ["Qual è la ricetta del tiramisù?"]
    usage = inbox.usage(LONG_AGO)
    assert usage.get("fallback") == 1
    assert usage.get("answer") == 1


async def test_a_vote_is_acknowledged_without_a_new_message(chat: Chat) -> None:
    """A 👍/👎 tap is thanked in the callback answer, sends nothing, and a later tap changes it."""
    await chat.one(updates.message("/spagna"))
    down = updates.callback("v:spagna:0", on=chat.request.last())
    assert await chat.push(down) == []
    answered = chat.request.sent("answerCallbackQuery")
    assert answered[-1].get("text") == texts.VOTE_THANKS
    up = copy.deepcopy(down)  # the same bot message, tapped again on 👍
    up["update_id"] += 1000
    up["callback_query"]["id"] += "-again"
    up["callback_query"]["data"] = "v:spagna:1"
    assert await chat.push(up) == []
    inbox = chat.inbox
    assert [(v.entry_id, v.up, v.down) for v in inbox.votes(LONG_AGO)] == [("spagna", 1, 0)]


async def test_admin_gets_statistics(chat: Chat) -> None:
    """An admin's /statistiche shows the short report in Italian."""
    await chat.one(updates.message("Qual è la ricetta del tiramisù?"))
    sent = await chat.one(updates.message("/statistiche"))
    assert sent["text"].startswith("<b>Statistiche degli ultimi 7 giorni</b>")
    assert "ricetta del tiramisù" in sent["text"]


async def test_statistics_label_unknown_commands(chat: Chat) -> None:
    """/statistiche counts unknown commands as such, never as a command named /unknown."""
    await chat.one(updates.message("/boh"))
    sent = await chat.one(updates.message("/statistiche"))
    assert "comandi sconosciuti 1" in sent["text"]
    assert "/unknown" not in sent["text"]


async def test_others_get_the_unknown_command_reply(chat: Chat) -> None:
    """Anyone not in ADMIN_IDS gets the normal unknown-command reply to admin commands."""
    for command in ("/statistiche", "/ricarica"):
        sent = await chat.one(updates.message(command, sender=updates.OTHER_USER))
        assert sent["text"] == texts.UNKNOWN_COMMAND.format(command=command)


async def test_reload_swaps_a_valid_edit_and_keeps_serving_after_a_broken_one(
    chat: Chat, faq_copy: Path
) -> None:
    """/ricarica applies a valid edit at once; a broken edit is reported and changes nothing."""
    edit(faq_copy, SPAIN_ANSWER, f"la Spagna, {EDITED}")
    chat.request.clear()
    sent = await chat.one(updates.message("/ricarica"))
    assert sent["text"].startswith("FAQ ricaricate")
    assert chat.request.sent("setMyCommands"), "the new FAQ's commands are announced"
    assert EDITED in (await chat.one(updates.message("/spagna")))["text"]
    edit(faq_copy, "  - id: spagna", "  - id: Spagna!")
    sent = await chat.one(updates.message("/ricarica"))
    assert sent["text"].startswith("Le FAQ modificate non sono valide")
    assert EDITED in (await chat.one(updates.message("/spagna")))["text"]


async def test_upkeep_reloads_within_seconds_of_an_edit(
    faq_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher notices an edited YAML file and swaps the FAQ, with no restart."""
    monkeypatch.setattr(upkeep, "WATCH_SECONDS", 0.05)
    live = LiveFaq(Replies(knowledge.load(faq_copy)), faq_copy)
    writer = InboxWriter(Inbox.in_folder(tmp_path / "data"))
    try:
        care = upkeep.Upkeep(live, writer, retention_days=30)
        care.start()
        try:
            before = live.current
            edit(faq_copy, SPAIN_ANSWER, f"la Spagna, {EDITED}")
            for _ in range(200):  # up to ~10 s on a busy machine; no timing is asserted
                if live.current is not before:
                    break
                await asyncio.sleep(0.05)
            assert EDITED in live.current.command("spagna").text
        finally:
            await care.stop()
    finally:
        writer.close()


def test_console_session_feeds_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A console chat feeds its own inbox: `report --inbox` shows it, the bot's report does not."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    spain = Replies(knowledge.load(SHIPPED_FAQ)).command("spagna")
    labels = [b.label for row in spain.buttons for b in row]
    thumbs_down = str(labels.index(texts.VOTE_DOWN) + 1)
    chat = ["ricetta del tiramisù", "la ricetta del tiramisù?", "/spagna", thumbs_down]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(chat) + "\n"))
    assert main([]) == 0
    capsys.readouterr()
    assert main(["report"]) == 0
    assert "no inbox yet" in capsys.readouterr().out  # production figures untouched
    assert main(["report", "--inbox", str(tmp_path / "data" / CONSOLE_INBOX)]) == 0
    out = capsys.readouterr().out
    assert "2  'ricetta del tiramisù'" in out or "2  'la ricetta del tiramisù?'" in out
    assert "spagna" in out.split("Entries by share of 👎", 1)[1]


def test_console_may_record_nothing_or_into_the_bots_inbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """CONSOLE_INBOX=none records nothing; CONSOLE_INBOX=<the bot's inbox> shares it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("CONSOLE_INBOX", "none")
    monkeypatch.setattr("sys.stdin", io.StringIO("ricetta del tiramisù\n"))
    assert main([]) == 0
    assert not (data / CONSOLE_INBOX).exists()
    assert not (data / FILENAME).exists()
    monkeypatch.setenv("CONSOLE_INBOX", str(data / FILENAME))
    monkeypatch.setattr("sys.stdin", io.StringIO("ricetta del tiramisù\n"))
    assert main([]) == 0
    capsys.readouterr()
    assert main(["report"]) == 0
    assert "1  'ricetta del tiramisù'" in capsys.readouterr().out


async def test_help_is_counted_as_the_command_it_is(chat: Chat) -> None:
    """/help, the alias of /aiuto, is a known command in the usage counts, not an unknown one."""
    await chat.one(updates.message("/help"))
    await chat.one(updates.message("/boh"))
    usage = chat.inbox.usage(LONG_AGO)
    assert (usage.get("/help"), usage.get("/unknown")) == (1, 1)


async def test_a_command_added_by_a_reload_is_answered_bare_in_groups(
    chat: Chat, faq_copy: Path
) -> None:
    """After a reload brings /zelensky, a bare /zelensky in a group is answered, no restart."""
    group = updates.message("/zelensky", chat=updates.GROUP)
    assert await chat.push(group) == []  # unknown, not addressed to the bot: someone else's
    edit(faq_copy, "  - id: zelensky\n", "  - id: zelensky\n    command: zelensky\n")
    assert (await chat.one(updates.message("/ricarica")))["text"].startswith("FAQ ricaricate")
    sent = await chat.one(group)
    assert sent["text"] == chat.live.current.command("zelensky").text
    assert chat.live.current.command("zelensky").entry_id == "zelensky"


@pytest.mark.parametrize("where", ["private", "group", "group-addressed"])
async def test_admin_commands_from_others_are_like_any_unknown_command(
    chat: Chat, where: str
) -> None:
    """/statistiche from a non-admin gets exactly what /boh gets, in every chat type."""
    group = where.startswith("group")
    suffix = "@" + BOT_USER["username"] if where == "group-addressed" else ""
    got = []
    for command in ("/statistiche", "/boh"):
        message = updates.message(
            command + suffix,
            chat=updates.GROUP if group else updates.PRIVATE,
            sender=updates.OTHER_USER,
        )
        got.append([p["text"].replace(command, "/X") for p in await chat.push(message)])
    assert got[0] == got[1]
    assert (got[0] == []) is (where == "group")
