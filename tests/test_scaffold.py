"""``faq-bot new``: a FAQ folder for another article, which lint then checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering import knowledge
from bot.cli import main

ARTICLE = (
    "Il consiglio comunale di Valdoro ha approvato il piano delle piste ciclabili. "
    "Il piano prevede dodici chilometri di percorsi entro il 2027.\n"
    "La spesa prevista è di due milioni di euro.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """Another article, in a text file."""
    path = tmp_path / "piste.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_new_makes_a_folder_that_loads(article: Path, tmp_path: Path) -> None:
    """The new folder has the article, a profile, entries, synonyms and a README, and loads."""
    folder = tmp_path / "valdoro"
    assert main(["new", str(article), str(folder)]) == 0
    names = {p.name for p in folder.iterdir()}
    assert names == {"article.txt", "profile.yaml", "temi.yaml", "synonyms.yaml", "README.md"}
    assert (folder / "article.txt").read_text(encoding="utf-8") == ARTICLE
    loaded = knowledge.load(folder)
    assert loaded.entries[0].source == (
        "Il consiglio comunale di Valdoro ha approvato il piano delle piste ciclabili.",
    )


def test_lint_names_what_to_fill_in(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lint on a new folder fails, naming every TODO and every uncovered sentence with its line."""
    folder = tmp_path / "valdoro"
    main(["new", str(article), str(folder)])
    capsys.readouterr()
    assert main(["lint", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "profile.yaml:6: fill in: about:" in out
    assert "temi.yaml:2: fill in: theme:" in out
    assert "article.txt:1: uncovered: 'Il piano prevede dodici chilometri" in out
    assert "article.txt:2: uncovered: 'La spesa prevista" in out
    assert "2 of 3 sentence(s) of the article are cited by no source" in out


def test_new_refuses_a_folder_in_use_and_a_missing_article(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing, non-empty folder or an unreadable article is refused with one line, exit 2."""
    (tmp_path / "usata").mkdir()
    (tmp_path / "usata" / "x.yaml").write_text("entries: []\n")
    assert main(["new", str(article), str(tmp_path / "usata")]) == 2
    assert main(["new", str(tmp_path / "manca.txt"), str(tmp_path / "nuova")]) == 2
    err = capsys.readouterr().err
    assert "the folder exists and is not empty" in err
    assert "manca.txt: cannot read it as UTF-8 text" in err
    assert not (tmp_path / "nuova").exists()
