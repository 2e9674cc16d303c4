"""The FAQ loader (`bot.answering.knowledge`) and ``faq-bot lint``: shipped and broken FAQs."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answering import knowledge
from bot.answering.knowledge import FaqError, Problem
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.cli import main
from tests.conftest import SHIPPED_FAQ

# The article the FAQ is grounded in must stay exactly the one the curators were given.
ARTICLE = SHIPPED_FAQ / "article.txt"
SEED = SHIPPED_FAQ.parent / "seeds" / "000_d071ec34e4d6fff3.txt"
ARTICLE_SHA256 = "88b43b227957abcfa33634abe770a719450fbfe724b77f99771c6631ad29a9d8"
COMMANDS = ("pilastri", *(f"pilastro{n}" for n in range(1, 6)))
COMMANDS += ("italia", "spagna", "usa", "europa", "ucraina", "russia")
MENUS = {"pilastri": 5, "paesi": 6}

# A valid entry, grounded in the real article; the broken FAQs below change one thing in it.
GOOD: dict[str, object] = {
    "questions": [
        "Dove si è svolto il vertice?",
        "In quale città si sono riuniti i Volenterosi?",
        "luogo della riunione",
        "dove si sono incontrati i leader?",
    ],
    "answer": "La riunione della Coalizione dei Volenterosi si è svolta a Parigi.",
    "source": ["riunione della Coalizione dei Volenterosi, che si è svolta a Parigi"],
}
OMIT = object()  # a field value meaning "leave the field out"


def entry(entry_id: str, **fields: object) -> str:
    """One FAQ entry as YAML text: the valid GOOD entry with `fields` changed."""
    merged = {"id": entry_id, **GOOD, **fields}
    lines = [
        f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in merged.items() if v is not OMIT
    ]
    return "  - " + "\n    ".join(lines) + "\n"


def write_faq(root: Path, *entries: str, name: str = "temi.yaml") -> Path:
    """A FAQ folder under `root`: the shipped article and one theme file with `entries`."""
    faq_dir = root / "faq"
    faq_dir.mkdir(exist_ok=True)
    shutil.copyfile(ARTICLE, faq_dir / "article.txt")
    (faq_dir / name).write_text("entries:\n" + "".join(entries), encoding="utf-8")
    return faq_dir


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of `text` containing `needle`."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[occurrence - 1]


def problems(faq_dir: Path) -> tuple[Problem, ...]:
    """The problems the loader reports for `faq_dir` (it must refuse to load it)."""
    with pytest.raises(FaqError) as caught:
        knowledge.load(faq_dir)
    return caught.value.problems


def only_problem(faq_dir: Path) -> Problem:
    """The single problem reported for `faq_dir`."""
    found = problems(faq_dir)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# --- the shipped FAQ ------------------------------------------------------------------


def test_article_is_the_original(shipped: Knowledge) -> None:
    """The seed article is byte-identical to the original the FAQ was written from."""
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == ARTICLE_SHA256
    assert ARTICLE.read_bytes() == SEED.read_bytes()  # the FAQ's copy is the seed, unchanged
    assert shipped.article == ARTICLE.read_text(encoding="utf-8")


def shipped_copy(root: Path, old: str, new: str) -> Path:
    """A copy of the shipped FAQ with the first `old` in an entries file replaced by `new`."""
    copy = Path(shutil.copytree(SHIPPED_FAQ, root / "faq"))
    for path in sorted(copy.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return copy
    raise AssertionError(f"{old!r} is not in the shipped FAQ")


def test_every_source_excerpt_is_in_the_article(tmp_path: Path) -> None:
    """A shipped excerpt changed by one word is no longer the article's: the FAQ is refused."""
    old = "Stati come la Spagna, finora tra i più prudenti"
    faq_dir = shipped_copy(tmp_path, old, old.replace("più", "meno"))
    problem = problems(faq_dir)[0]  # then the entries that relate to the refused one
    assert (problem.entry, problem.file) == ("italia-differenze", str(faq_dir / "paesi.yaml"))
    assert problem.message.startswith("source excerpt not found in the article")


@pytest.mark.parametrize("command", COMMANDS)
def test_product_command_exists(shipped: Knowledge, command: str) -> None:
    """Each command the product promises is defined by an FAQ entry."""
    assert command in shipped.by_command


@pytest.mark.parametrize(("menu", "size"), MENUS.items())
def test_menu_has_its_entries(shipped: Knowledge, menu: str, size: int) -> None:
    """The pillars and countries menus list the expected number of entries, with commands."""
    entries = shipped.menu(menu)
    assert len(entries) == size
    assert all(e.command for e in entries)


def test_entries_have_enough_questions_and_short_answers(tmp_path: Path) -> None:
    """A shipped entry cut to 3 phrasings, or with a 901-character answer, is refused."""
    questions = (SHIPPED_FAQ / "paesi.yaml").read_text(encoding="utf-8").split("  - id: spagna")[1]
    questions = questions.split("    questions:\n")[1].split("    keywords:")[0]
    three = "".join(questions.splitlines(keepends=True)[:3])
    few = problems(shipped_copy(tmp_path / "few", questions, three))[0]
    assert (few.entry, few.message) == ("spagna", "has 3 questions; at least 4 are needed")
    answer = "    answer: >-\n      Secondo l'articolo la Spagna"
    long = shipped_copy(tmp_path / "long", answer, answer + " " + "molto " * 150)
    assert problems(long)[0].message.endswith("characters; the limit is 900")


# --- broken FAQs ----------------------------------------------------------------------


def test_valid_small_faq_loads(tmp_path: Path) -> None:
    """The small FAQ the broken cases start from is itself valid."""
    faq_dir = write_faq(tmp_path, entry("uno", command="uno"), entry("due", related=["uno"]))
    loaded = knowledge.load(faq_dir)
    assert [e.id for e in loaded.entries] == ["uno", "due"]
    assert loaded.by_command["uno"].id == "uno"


# Each row: the entries of one theme file, the entry the problem names, which occurrence of
# that id the reported line points at, and what the message must say.
BROKEN_ENTRIES = [
    pytest.param([entry("uno"), entry("uno")], "uno", 2, "duplicate id", id="duplicate-id"),
    pytest.param(
        [entry("uno"), entry("due", related=["tre"])],
        "due",
        1,
        "unknown related id 'tre'",
        id="unknown-related",
    ),
    pytest.param(
        [entry("uno", questions=OMIT)], "uno", 1, "missing 'questions'", id="no-questions"
    ),
    pytest.param(
        [entry("uno", questions=[])],
        "uno",
        1,
        "'questions' must be a non-empty list",
        id="empty-questions",
    ),
    pytest.param(
        [entry("uno", questions=["Dove?", " ", "Quando?", "Chi?"])],
        "uno",
        1,
        "every item of 'questions' must be a non-empty string",
        id="blank-question",
    ),
    pytest.param(
        [entry("uno", answer=OMIT)], "uno", 1, "missing or empty 'answer'", id="no-answer"
    ),
    pytest.param(
        [entry("uno", answer="   ")], "uno", 1, "missing or empty 'answer'", id="empty-answer"
    ),
    pytest.param([entry("uno", source=OMIT)], "uno", 1, "missing 'source'", id="no-source"),
    pytest.param(
        [entry("uno", source=[])], "uno", 1, "'source' must be a non-empty list", id="empty-source"
    ),
    pytest.param(
        [entry("uno", questions=["Dove?", "Dove si è svolto?", "luogo"])],
        "uno",
        1,
        "has 3 questions; at least 4 are needed",
        id="too-few-questions",
    ),
    pytest.param(
        [entry("uno", command="Pilastro-1")],
        "uno",
        1,
        "command 'Pilastro-1' is not a valid Telegram command",
        id="command-uppercase-dash",
    ),
    pytest.param(
        [entry("uno", command="p" * 33)],
        "uno",
        1,
        f"command '{'p' * 33}' is not a valid Telegram command",
        id="command-33-chars",
    ),
    pytest.param(
        [entry("uno", command="vertice"), entry("due", command="vertice")],
        "due",
        1,
        "duplicate command 'vertice' (also uno)",
        id="duplicate-command",
    ),
    pytest.param(
        [entry("uno", answer="Parigi. " * 113)],
        "uno",
        1,
        "answer is 903 characters; the limit is 900",
        id="answer-too-long",
    ),
    pytest.param(
        [entry("uno", source=["Il vertice si è svolto a Londra"])],
        "uno",
        1,
        "source excerpt not found in the article: 'Il vertice si è svolto a Londra'",
        id="source-not-in-article",
    ),
    pytest.param(
        [entry("uno", risposta="A Parigi.")],
        "uno",
        1,
        "unknown field 'risposta'",
        id="unknown-field",
    ),
    pytest.param(
        [
            entry(
                "uno",
                unsaid=[{"says": "L'articolo non dice a che ora.", "questions": ["A che ora?"]}],
            )
        ],
        "uno",
        1,
        "'unsaid' says \"L'articolo non dice a che ora.\", which is not a sentence of the answer",
        id="unsaid-not-in-answer",
    ),
    pytest.param(
        [entry("uno", unsaid=[{"says": "si è svolta a Parigi"}])],
        "uno",
        1,
        "each item of 'unsaid' must have exactly 'says' and 'questions'",
        id="unsaid-without-questions",
    ),
]


def test_unsaid_items_are_loaded_with_the_answers_own_words(tmp_path: Path) -> None:
    """An `unsaid` item keeps its questions and a `says` found in the answer, spaces folded."""
    answer = "La riunione si è svolta a Parigi. L'articolo non dice   a che ora."
    item = {"says": "L'articolo non dice a\n che ora.", "questions": ["A che ora?", "orario"]}
    loaded = knowledge.load(write_faq(tmp_path, entry("uno", answer=answer, unsaid=[item])))
    (unsaid,) = loaded.by_id["uno"].unsaid
    assert unsaid.says == "L'articolo non dice a che ora."
    assert unsaid.questions == ("A che ora?", "orario")


@pytest.mark.parametrize(("entries", "entry_id", "occurrence", "message"), BROKEN_ENTRIES)
def test_broken_entry_is_reported(
    tmp_path: Path, entries: list[str], entry_id: str, occurrence: int, message: str
) -> None:
    """A broken entry is refused with one problem naming its file, line, id and fault."""
    faq_dir = write_faq(tmp_path, *entries)
    path = faq_dir / "temi.yaml"
    line = line_of(path.read_text(encoding="utf-8"), f'- id: "{entry_id}"', occurrence)
    problem = only_problem(faq_dir)
    assert (problem.file, problem.line, problem.entry) == (str(path), line, entry_id)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}: entry '{entry_id}': ")


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    """An id used in two files is reported at the second, naming the first file."""
    faq_dir = write_faq(tmp_path, entry("uno"), name="a.yaml")
    write_faq(tmp_path, entry("due"), entry("uno"), name="b.yaml")
    second = faq_dir / "b.yaml"
    line = line_of(second.read_text(encoding="utf-8"), 'id: "uno"')
    problem = only_problem(faq_dir)
    assert (problem.file, problem.line, problem.entry) == (str(second), line, "uno")
    assert problem.message == f"duplicate id (also in {faq_dir / 'a.yaml'})"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Problems in several entries and files are all reported together, not one by one."""
    faq_dir = write_faq(tmp_path, entry("uno", answer=""), name="a.yaml")
    write_faq(tmp_path, entry("due", command="Due"), entry("tre", extra=1), name="b.yaml")
    assert [(Path(p.file).name, p.entry) for p in problems(faq_dir)] == [
        ("a.yaml", "uno"),
        ("b.yaml", "due"),
        ("b.yaml", "tre"),
    ]


def test_invalid_yaml_reports_its_line(tmp_path: Path) -> None:
    """Unparseable YAML is reported with the file and the line the parser stopped at."""
    faq_dir = write_faq(tmp_path, entry("uno"))
    path = faq_dir / "temi.yaml"
    text = path.read_text(encoding="utf-8") + "  - id: due\n    answer: Parigi: martedì\n"
    path.write_text(text, encoding="utf-8")
    problem = only_problem(faq_dir)
    assert (problem.file, problem.line) == (str(path), line_of(text, "answer: Parigi:"))
    assert problem.message.startswith("invalid YAML: mapping values are not allowed")


def test_empty_file_is_reported(tmp_path: Path) -> None:
    """An empty theme file is refused, naming the file."""
    faq_dir = write_faq(tmp_path, entry("uno"))
    (faq_dir / "vuoto.yaml").write_text("", encoding="utf-8")
    problem = only_problem(faq_dir)
    assert (problem.file, problem.message) == (str(faq_dir / "vuoto.yaml"), "the file is empty")


def test_file_without_entries_list_is_reported(tmp_path: Path) -> None:
    """A theme file that is not a mapping with an 'entries' list is refused at line 1."""
    faq_dir = write_faq(tmp_path, entry("uno"))
    (faq_dir / "lista.yaml").write_text("- id: due\n", encoding="utf-8")
    problem = only_problem(faq_dir)
    assert (problem.file, problem.line) == (str(faq_dir / "lista.yaml"), 1)
    assert "'entries' list" in problem.message


def test_synonym_in_two_groups_is_reported(tmp_path: Path) -> None:
    """A synonym listed in two groups is reported with the file, the line and the word."""
    faq_dir = write_faq(tmp_path, entry("uno"))
    text = "groups:\n  - [tregua, cessate il fuoco]\n  - [armistizio, Tregua]\n"
    (faq_dir / "synonyms.yaml").write_text(text, encoding="utf-8")
    problem = only_problem(faq_dir)
    assert (problem.file, problem.line) == (str(faq_dir / "synonyms.yaml"), 3)
    assert problem.message == "'tregua' is in groups 1 and 2"


def test_empty_synonyms_file_is_reported_with_other_problems(tmp_path: Path) -> None:
    """An empty synonyms file is reported even when a theme file has problems too."""
    faq_dir = write_faq(tmp_path, entry("uno", answer=""))
    (faq_dir / "synonyms.yaml").write_text("", encoding="utf-8")
    assert [Path(p.file).name for p in problems(faq_dir)] == ["temi.yaml", "synonyms.yaml"]


def test_missing_faq_folder_is_reported(tmp_path: Path) -> None:
    """A FAQ folder that does not exist is refused, naming the folder."""
    problem = only_problem(tmp_path / "manca")
    assert problem.file == str(tmp_path / "manca")
    assert "no FAQ files" in problem.message


# --- faq-bot lint ---------------------------------------------------------------------


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No bot settings from the environment or from a .env file in the working directory."""
    for name in ("TELEGRAM_BOT_TOKEN", "FAQ_DIR", "LOG_LEVEL", "WEBHOOK_URL", "WEBHOOK_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("clean_env")
def test_lint_summarises_the_shipped_faq(
    shipped: Knowledge, capsys: pytest.CaptureFixture[str]
) -> None:
    """`faq-bot lint` on the shipped FAQ prints entries, questions and commands, and passes."""
    status = main(["lint", str(SHIPPED_FAQ)])
    out = capsys.readouterr().out
    questions = sum(len(e.questions) for e in shipped.entries)
    summary = f"{len(shipped.entries)} entries, {questions} questions, 12 commands"
    assert f"{SHIPPED_FAQ}: {summary}" in out
    assert status == 0, out


@pytest.mark.usefixtures("clean_env")
def test_lint_names_a_phrasing_its_own_entry_says_is_not_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phrasing asking which ones, of an entry saying the article does not tell, is flagged."""
    line = '      - "asse europeo"\n'
    faq_dir = shipped_copy(tmp_path, line, line + '      - "Quali sono i dossier strategici?"\n')
    status = main(["lint", str(faq_dir)])
    out = capsys.readouterr().out
    assert status == 1
    told = "L'articolo non specifica quali siano questi dossier strategici."
    flagged = f"asse-europeo: 'Quali sono i dossier strategici?' is told {told!r}"
    assert f"{flagged}: move the phrasing to the entry's 'unsaid', or reword or drop it" in out


@pytest.mark.usefixtures("clean_env")
def test_lint_reports_a_broken_faq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`faq-bot lint` on a broken FAQ exits non-zero listing every problem, no traceback."""
    faq_dir = write_faq(tmp_path, entry("uno", command="Uno"), entry("due", related=["tre"]))
    status = main(["lint", str(faq_dir)])
    captured = capsys.readouterr()
    assert status == 2
    assert "the FAQ has 2 problem(s)" in captured.err
    assert f"{faq_dir / 'temi.yaml'}:2: entry 'uno': command 'Uno'" in captured.err
    assert "entry 'due': unknown related id 'tre'" in captured.err
    assert "Traceback" not in captured.err + captured.out


@pytest.mark.slow
@pytest.mark.usefixtures("clean_env")
def test_lint_as_a_process_exits_2_without_traceback(tmp_path: Path) -> None:
    """`python -m bot lint` on a content error exits with status 2 and no traceback."""
    faq_dir = write_faq(tmp_path, entry("uno", questions=["Dove?"]))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "lint", str(faq_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "has 1 questions; at least 4 are needed" in done.stderr
    assert "Traceback" not in done.stderr


# --- the profile ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ('about: "sulla <b>festa"', "'about' is not valid Telegram HTML: <b> is never closed"),
        ('topic: "sulla <div>festa</div>"', "'topic' is not valid Telegram HTML: tag <div>"),
        ('example: "1 < 2?"', "'example' is not valid Telegram HTML: write '<'"),
        ("start:\n  - entry: nessuna", "start: unknown entry 'nessuna'"),
        ("colore: blu", "unknown field 'colore'"),
        ("smalltalk:\n  meteo: Piove.", "smalltalk 'meteo' is not one of"),
        ("article: ../segreto.txt", "'article' must be a file name in"),
    ],
)
def test_a_broken_profile_is_refused(tmp_path: Path, profile: str, message: str) -> None:
    """Bad HTML, unknown entries, fields or intents in profile.yaml are named at load time."""
    faq_dir = write_faq(tmp_path, entry("uno"))
    (faq_dir / "profile.yaml").write_text(profile + "\n", encoding="utf-8")
    found = problems(faq_dir)
    assert any(p.file == str(faq_dir / "profile.yaml") and message in p.message for p in found), (
        found
    )


def test_an_entry_menu_must_be_a_menu_of_the_profile(tmp_path: Path) -> None:
    """An entry listed in a menu the profile does not define is refused, naming the menus."""
    faq_dir = write_faq(tmp_path, entry("uno", menu="paesi"))
    message = only_problem(faq_dir).message
    assert (
        message == "menu 'paesi' is not a menu of the profile (none: profile.yaml lists no menus)"
    )


def test_a_numbered_menu_shows_its_nth_entry(tmp_path: Path) -> None:
    """A menu with numbered items answers /cmd N with its N-th entry, in file order."""
    faq_dir = write_faq(tmp_path, entry("uno", menu="temi"), entry("due", menu="temi"))
    (faq_dir / "profile.yaml").write_text(
        "menus:\n  - name: temi\n    command: temi\n    description: I temi\n"
        "    button: Temi\n    heading: <b>Temi</b>\n    numbered:\n      command: tema\n"
        "      description: Un tema\n      usage: Scrivi /tema 1 o /tema 2.\n      words: [tema]\n",
        encoding="utf-8",
    )
    replies = Replies(knowledge.load(faq_dir))
    assert replies.command("tema", "2").entry_id == "due"
    assert replies.command("tema", "3").text == "Scrivi /tema 1 o /tema 2."
    assert [b.data for (b,) in replies.command("temi").buttons] == ["e:uno", "e:due"]
