"""The package's layers and its independence from the one article it ships with."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bot"
# Names of the shipped article (places, people, its menus): they belong in faq/, not in Python.
ARTICLE_WORDS = re.compile(
    r"\b(?:Parigi|Volenteros\w*|Meloni|Spagna|Groenlandia|Ucraina|Kiev|Kyiv|Italia|Russia"
    r"|Zelensky|Chigi|Madrid)\b|pilastr",
    re.IGNORECASE,
)
# What each layer may not import: the answering core is pure, nothing points upwards.
FORBIDDEN = {
    "answering": ("telegram", "sqlite3", "asyncio", "bot.curation", "bot.adapters", "bot.cli"),
    "curation": ("telegram", "bot.adapters", "bot.cli"),
    "adapters": ("bot.cli",),
}


def imports(path: Path) -> set[str]:
    """Every module `path` imports, as dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(layer: str) -> None:
    """The answering package imports no telegram, sqlite3 or asyncio; no layer imports upwards."""
    wrong = [
        f"{path.name}: {name}"
        for path in sorted((PACKAGE / layer).glob("*.py"))
        for name in imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert wrong == []


def test_the_import_check_sees_imports(tmp_path: Path) -> None:
    """The checker above finds plain, dotted and from-imports."""
    module = tmp_path / "m.py"
    module.write_text("import asyncio\nimport telegram.ext\nfrom sqlite3 import connect\n")
    assert imports(module) == {"asyncio", "telegram.ext", "sqlite3"}


def test_no_word_of_the_article_is_in_python() -> None:
    """The package names no place, person or menu of the shipped article: those are data."""
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ARTICLE_WORDS.search(line)
    ]
    assert found == []


def test_the_article_words_are_the_shipped_faqs() -> None:
    """The words looked for above do occur in the shipped FAQ, so the check can fail."""
    profile = (PACKAGE.parent / "faq" / "profile.yaml").read_text(encoding="utf-8")
    assert len(set(m.group(0).lower() for m in ARTICLE_WORDS.finditer(profile))) >= 5
