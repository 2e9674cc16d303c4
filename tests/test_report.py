"""The curators' report: near-duplicate groups, 👎 ranking, usage counts, text, JSON, CLI."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answering.models import Kind
from bot.cli import main
from bot.curation import report
from bot.curation.inbox import FILENAME, Inbox, message_key
from tests.helpers.results import verdict

NOW = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def ask(inbox: Inbox, text: str, *candidates: tuple[str, float], when: datetime = NOW) -> None:
    """Record `text` as a fallback with `candidates`, as the bot would."""
    inbox.record(text, verdict(Kind.FALLBACK, *candidates), now=when)


def test_near_duplicates_form_one_group(inbox: Inbox) -> None:
    """Typos, accents, case and word order fold into one group, counted, most frequent first."""
    ask(inbox, "Chi pagherà la ricostruzione?", ("costi", 38.0))
    ask(inbox, "chi paghera la ricostruzione", ("costi", 41.0))
    ask(inbox, "la ricostruzione chi la paghera")
    ask(inbox, "Chi pagherà la ricostruzione?", ("aiuti", 36.0))
    ask(inbox, "ricetta del tiramisù")
    (first, second) = report.build(inbox, 7, now=NOW).unanswered
    assert (first.count, first.question) == (4, "Chi pagherà la ricostruzione?")
    assert (first.closest, first.closest_score) == ("costi", 41.0)
    assert set(first.variants) == {
        "chi paghera la ricostruzione",
        "la ricostruzione chi la paghera",
    }
    assert first.kinds == {"fallback": 4}
    assert (second.count, second.question, second.closest) == (1, "ricetta del tiramisù", None)


def test_a_short_question_does_not_swallow_longer_ones(inbox: Inbox) -> None:
    """A one-word question is not grouped with a long one that merely contains its word."""
    ask(inbox, "quando?")
    ask(inbox, "quando finirà la guerra in Ucraina?")
    assert [g.count for g in report.build(inbox, 7, now=NOW).unanswered] == [1, 1]


def test_entries_are_ranked_by_share_of_thumbs_down(inbox: Inbox) -> None:
    """The entry with the largest 👎 share comes first, with its vote counts."""
    votes = {"spagna": [True, False, False], "italia": [True, True, True, False], "costi": [False]}
    message_ids = itertools.count(1)
    for entry, taps in votes.items():
        for up in taps:
            inbox.vote(message_key(1, next(message_ids)), entry, up, now=NOW)
    feedback = report.build(inbox, 7, now=NOW).feedback
    assert [(f.entry_id, f.down, f.up) for f in feedback] == [
        ("costi", 1, 0),
        ("spagna", 2, 1),
        ("italia", 1, 3),
    ]
    assert feedback[1].down_share == pytest.approx(2 / 3)


def test_counts_cover_only_the_period(inbox: Inbox) -> None:
    """Kinds and commands are summed over the last N days; older days are left out."""
    for when in (NOW, NOW - 2 * DAY, NOW - 10 * DAY):
        inbox.count("answer", now=when)
        inbox.count("start", now=when)
    inbox.count("paesi", now=NOW)
    inbox.count("paesi", now=NOW)
    ask(inbox, "una domanda vecchia", when=NOW - 10 * DAY)
    built = report.build(inbox, 7, now=NOW)
    assert built.kinds == {kind.value: 2 if kind is Kind.ANSWER else 0 for kind in Kind}
    assert built.commands == {"paesi": 2, "start": 2}
    assert built.unanswered == ()
    assert report.build(inbox, 30, now=NOW).kinds["answer"] == 3


def test_text_has_a_heading_per_section(inbox: Inbox) -> None:
    """The terminal text shows the period, the groups, the votes, the kinds and the commands."""
    ask(inbox, "ricetta del tiramisù", ("costi", 36.0))
    inbox.vote(message_key(1, 1), "spagna", up=False, now=NOW)
    inbox.count("start", now=NOW)
    text = report.format_text(report.build(inbox, 7, now=NOW))
    assert "the last 7 day(s), 2026-01-13 12:00 to 2026-01-20 12:00 UTC" in text
    for heading in ("Unanswered questions (1, 1 group(s)", "Entries by share of 👎"):
        assert heading in text
    assert "'ricetta del tiramisù'  closest: costi (36)" in text
    assert "100%     1     0  spagna" in text
    assert "Replies by kind\n  answer" in text
    assert "Commands\n  /start" in text


def test_json_holds_every_section(inbox: Inbox) -> None:
    """The JSON report has the period, the groups, the votes and the counts, for tools."""
    ask(inbox, "ricetta del tiramisù", ("costi", 36.0))
    inbox.vote(message_key(1, 1), "spagna", up=True, now=NOW)
    payload = json.loads(report.to_json(report.build(inbox, 3, now=NOW)))
    assert payload["days"] == 3
    assert payload["since"] == "2026-01-17T12:00:00+00:00"
    assert payload["unanswered"] == [
        {
            "question": "ricetta del tiramisù",
            "count": 1,
            "kinds": {"fallback": 1},
            "closest": "costi",
            "closest_score": 36.0,
            "variants": [],
        }
    ]
    assert payload["feedback"] == [{"entry_id": "spagna", "up": 1, "down": 0, "down_share": 0.0}]
    assert payload["follow_ups"] == []
    assert set(payload) == {
        *("days", "since", "until", "unanswered", "follow_ups", "feedback", "kinds", "commands"),
        "unknown_commands",
    }


# --- faq-bot report -----------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DATA_DIR pointing into tmp_path; no other setting, no .env file in the working directory."""
    for name in ("TELEGRAM_BOT_TOKEN", "FAQ_DIR", "LOG_LEVEL", "WEBHOOK_URL", "RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_cli_without_a_database_says_so(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot report` before the bot recorded anything prints one friendly line, exit 0."""
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"faq-bot: no inbox yet in {data_dir}/: nothing to report"
    assert not data_dir.exists()


def test_cli_json_without_a_database_is_an_empty_report(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --json` with no database prints an empty report; the notice goes to stderr."""
    assert main(["report", "--json", "--days", "2"]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert (payload["days"], payload["unanswered"], payload["feedback"]) == (2, [], [])
    assert "no inbox yet" in captured.err


def test_cli_reports_what_the_bot_recorded(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`faq-bot report` reads the inbox in DATA_DIR: text by default, JSON with --json."""
    with Inbox.in_folder(data_dir) as inbox:  # recorded now, so inside any period
        inbox.record("ricetta del tiramisù", verdict(Kind.FALLBACK))
        inbox.count("fallback")
        inbox.count("start")
    assert main(["report"]) == 0
    assert "'ricetta del tiramisù'  closest: no entry near" in capsys.readouterr().out
    assert main(["report", "--json", "--days", "1"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["unanswered"][0]["question"] == "ricetta del tiramisù"
    assert payload["kinds"]["fallback"] == 1
    assert payload["commands"] == {"start": 1}


def test_cli_refuses_a_damaged_database(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that is not a database ends with one line naming it, status 2, no traceback."""
    data_dir.mkdir()
    (data_dir / FILENAME).write_bytes(b"\x00rotto" * 200)
    assert main(["report"]) == 2
    err = capsys.readouterr().err
    assert f"cannot open the inbox {data_dir / FILENAME}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("days", ["0", "-1", "una"])
def test_cli_refuses_a_period_that_is_not_positive(
    data_dir: Path, days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--days must be a whole number of days, 1 or more."""
    with pytest.raises(SystemExit) as exited:
        main(["report", "--days", days])
    assert exited.value.code == 2
    assert "1 or more" in capsys.readouterr().err


def follow_up(inbox: Inbox, text: str, resolved: str, entry: str, when: datetime = NOW) -> None:
    """Record `text` as a follow-up read as `resolved` and answered with `entry`."""
    inbox.record(text, verdict(Kind.ANSWER, (entry, 90.0)), now=when, resolved=resolved)


def test_follow_ups_are_counted_apart_from_unanswered_questions(inbox: Inbox) -> None:
    """Resolved follow-ups are listed with what they were read as, not as unanswered."""
    follow_up(inbox, "e il sesto?", "Cosa dice il sesto punto?", "punto-6")
    follow_up(inbox, "e il sesto?", "Cosa dice il sesto punto?", "punto-6")
    follow_up(inbox, "perché?", "perché (manda soldati)", "vincoli")
    ask(inbox, "ricetta del tiramisù", ("costi", 36.0))
    built = report.build(inbox, 7, now=NOW)
    assert [g.question for g in built.unanswered] == ["ricetta del tiramisù"]
    assert built.follow_ups == (
        report.FollowUp("e il sesto?", "Cosa dice il sesto punto?", "punto-6", "answer", 2),
        report.FollowUp("perché?", "perché (manda soldati)", "vincoli", "answer", 1),
    )
    text = report.format_text(built)
    assert "Follow-ups read in context (3)" in text
    assert "     2  'e il sesto?' → 'Cosa dice il sesto punto?' → punto-6  [answer]" in text
    payload = json.loads(report.to_json(built))
    assert payload["follow_ups"][1]["resolved"] == "perché (manda soldati)"


def test_cli_report_shows_follow_ups(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot report` shows the follow-ups the bot read in context."""
    with Inbox.in_folder(data_dir) as inbox:
        inbox.record("e l'altro?", verdict(Kind.ANSWER, ("altro", 80.0)), resolved="Chi è l'altro?")
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "Follow-ups read in context (1)\n  " in out
    assert """"e l'altro?" → "Chi è l'altro?" → altro  [answer]""" in out


def test_control_characters_are_dropped_before_grouping(inbox: Inbox) -> None:
    """An arrow key's escape sequence is no question, and groups with nothing."""
    long = "perché " + "la coalizione decide così " * 240
    ask(inbox, "\x1b[A")
    ask(inbox, long)
    ask(inbox, "quando\x00 arriva\x1b[B la\tforza?")
    groups = report.build(inbox, 7, now=NOW).unanswered
    assert sorted(g.question[:20] for g in groups) == [
        "perché la coalizione",
        "quando arriva la for",
    ]
    assert all(g.count == 1 for g in groups)


def test_terminal_cuts_long_questions_with_an_ellipsis(inbox: Inbox) -> None:
    """A 6,000-character question is shown cut to a readable length, ending in an ellipsis."""
    ask(inbox, "parola " * 900)
    line = next(
        x for x in report.format_text(report.build(inbox, 7, now=NOW)).splitlines() if "parola" in x
    )
    assert len(line) < 200
    assert "…'" in line


def test_unknown_commands_are_labelled_as_such(inbox: Inbox) -> None:
    """Unknown commands are one labelled count, not a command named /unknown."""
    for name in ("start", "unknown", "unknown"):
        inbox.count(name, now=NOW)
    built = report.build(inbox, 7, now=NOW)
    assert (built.commands, built.unknown_commands) == ({"start": 1}, 2)
    text = report.format_text(built)
    assert "/unknown" not in text
    assert "(unknown commands)" in text
