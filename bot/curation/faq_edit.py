"""Writing accepted phrasings into the FAQ's YAML files, comments and layout intact.

`apply` adds (or drops) phrasings of entries, each in the file that holds the
entry. The files are read and written by ruamel.yaml's round-trip mode, which
keeps comments, key order, quoting and folded answers as they were: only the
changed lines differ (a test checks that every shipped file round-trips byte
for byte). Before anything is written, the edited folder is loaded and linted
in a temporary copy; a change that makes the FAQ invalid, or that makes any
phrasing answered by another entry than its own, is refused and no file is
touched. Files are replaced atomically.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bot.answering import knowledge
from bot.answering.engine import Engine
from bot.answering.normalise import fold
from bot.curation.lint import collisions


class EditError(RuntimeError):
    """A change cannot be written; the message says why, and nothing was written."""


@dataclass(frozen=True, slots=True)
class Change:
    """One phrasing to add to (or, with `drop`, remove from) the entry `entry_id`."""

    entry_id: str
    phrasing: str
    drop: bool = False


def _yaml() -> YAML:
    """A round-trip YAML reader and writer set to the FAQ files' layout."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def entry_files(faq_dir: Path) -> dict[str, Path]:
    """Which file holds each entry, by id."""
    found: dict[str, Path] = {}
    yaml = _yaml()
    for path in sorted(faq_dir.glob("*.yaml")):
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, YAMLError) as exc:
            raise EditError(f"cannot read {path}: {exc}") from None
        for entry in _entries(doc):
            found[str(entry.get("id"))] = path
    return found


def apply(faq_dir: Path, changes: list[Change]) -> list[Path]:
    """Write `changes` into the FAQ in `faq_dir` if it stays valid and clean; the files changed."""
    before = set(collisions(Engine(knowledge.load(faq_dir))))
    files = entry_files(faq_dir)
    yaml = _yaml()
    docs: dict[Path, Any] = {}
    for change in changes:
        path = files.get(change.entry_id)
        if path is None:
            raise EditError(f"no entry {change.entry_id!r} in {faq_dir}")
        if path not in docs:
            docs[path] = yaml.load(path.read_text(encoding="utf-8"))
        entry = next(e for e in _entries(docs[path]) if str(e.get("id")) == change.entry_id)
        _change(entry, change, path)
    texts = {path: _dump(yaml, doc) for path, doc in docs.items()}
    _check(faq_dir, texts, before)
    for path, text in texts.items():
        _replace(path, text)
    return sorted(texts)


def _entries(doc: Any) -> list[Any]:
    """The entries of one parsed file; none for the profile or the synonyms."""
    listed = doc.get("entries") if hasattr(doc, "get") else None
    return [e for e in listed if hasattr(e, "get")] if isinstance(listed, list) else []


def _change(entry: Any, change: Change, path: Path) -> None:
    """Apply one change to a parsed entry, in place."""
    questions = entry.get("questions")
    if not isinstance(questions, list) or not questions:
        raise EditError(f"{path.name}: entry {change.entry_id!r} has no list of questions")
    folded = [fold(str(q)) for q in questions]
    if change.drop:
        if fold(change.phrasing) not in folded:
            raise EditError(f"{change.entry_id}: no phrasing {change.phrasing!r} to drop")
        at = folded.index(fold(change.phrasing))
        if at == 0:
            raise EditError(
                f"{change.entry_id}: {change.phrasing!r} is the entry's canonical question, "
                "shown on its buttons; reword it by hand instead"
            )
        del questions[at]
        return
    if fold(change.phrasing) in folded:
        raise EditError(f"{change.entry_id}: already has the phrasing {change.phrasing!r}")
    quoted = isinstance(questions[-1], DoubleQuotedScalarString)
    questions.append(DoubleQuotedScalarString(change.phrasing) if quoted else change.phrasing)


def _dump(yaml: YAML, doc: Any) -> str:
    """A parsed file as text again."""
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _check(faq_dir: Path, texts: dict[Path, str], before: set[str]) -> None:
    """Load and lint the edited FAQ in a temporary copy; raise EditError if it got worse."""
    with tempfile.TemporaryDirectory(prefix="faq-edit-") as tmp:
        copy = Path(tmp) / faq_dir.name
        shutil.copytree(faq_dir, copy)
        for path, text in texts.items():
            (copy / path.name).write_text(text, encoding="utf-8")
        try:
            loaded = knowledge.load(copy)
        except knowledge.FaqError as exc:
            raise EditError(f"the change would make the FAQ invalid:\n{exc}") from None
        worse = [line for line in collisions(Engine(loaded)) if line not in before]
    if worse:
        raise EditError(
            "the change would leave phrasings answered by another entry "
            "(as `faq-bot lint` reports):\n" + "\n".join(worse)
        )


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, keeping the file's permissions."""
    mode = path.stat().st_mode
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
