"""Loading and validating a FAQ folder: the article, its profile, the entries, the synonyms.

A folder holds the article text, ``profile.yaml`` (see `bot.answering.profile`),
``synonyms.yaml`` and one YAML file of entries per theme.

Loading is all-or-nothing: every problem found is collected into one
`FaqError` that names the file, the line, the entry and what is wrong, so the
bot never starts with half a FAQ and a curator sees every mistake at once.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.answering import normalise, profile
from bot.answering.models import Entry, Knowledge, Numbering, Profile, Unsaid

SYNONYMS_FILE = "synonyms.yaml"
NOT_ENTRIES = frozenset({SYNONYMS_FILE, profile.PROFILE_FILE})

MAX_ANSWER = 900
# A FAQ file (or article) larger than this is refused unread: the shipped files are under
# 100 KB, and a huge one would take the loader seconds and hundreds of MB to reject.
MAX_FILE_BYTES = 2 * 1024 * 1024
MIN_QUESTIONS = 4
MAX_TITLE = 40
MAX_ID = 60  # button data is "e:<id>" and Telegram allows 64 bytes
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
ANSWER_KINDS = (
    "number",
    "date",
    "time",
    "hour",
    "duration",
    "place",
    "venue",
    "person",
    "name",
)  # see italian.yaml `asks`
FIELDS = frozenset(
    {
        "id",
        "questions",
        "answer",
        "source",
        "keywords",
        "related",
        "command",
        "title",
        "menu",
        "gives",
        "unsaid",
    }
)
# libyaml's C parser when PyYAML was built with it (the PyPI wheels are): ~10x faster.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the FAQ, located as precisely as the YAML allows."""

    file: str
    line: int | None
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" entry '{self.entry}':" if self.entry else ""
        return f"{where}:{who} {self.message}"


class FaqError(Exception):
    """The FAQ cannot be used; `problems` says why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


def fold_excerpt(text: str) -> str:
    """Collapse whitespace and typographic quotes so excerpts compare fairly."""
    return " ".join(normalise.fold_quotes(text).split())


def load(faq_dir: Path) -> Knowledge:
    """Load and validate the FAQ folder `faq_dir`; raise `FaqError` on any problem."""
    problems: list[Problem] = []
    files = sorted(p for p in faq_dir.glob("*.yaml") if p.name not in NOT_ENTRIES)
    if not faq_dir.is_dir() or not files:
        raise FaqError([Problem(str(faq_dir), None, None, "no FAQ files (*.yaml) found")])
    found = _read_profile(faq_dir, problems)
    article_path = profile.check_article_file(
        found.article_file, faq_dir, lambda m: problems.append(_profile_problem(faq_dir, m))
    )
    try:
        article = read_text(article_path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else "not UTF-8 text"
        unreadable = Problem(str(article_path), None, None, f"cannot read: {reason}")
        raise FaqError([*problems, unreadable]) from None
    entries: list[tuple[Entry, str, int | None]] = []
    themes: list[tuple[str, tuple[str, ...]]] = []
    menus = frozenset(menu.name for menu in found.menus)
    for path in files:
        theme, read = _read_entries(path, fold_excerpt(article), menus, problems)
        entries.extend(read)
        themes.append((theme, tuple(e.id for e, _, _ in read)))
    numbered = next((m.name for m in found.menus if m.numbered is not None), None)
    numbering = found.numbering(sum(1 for e, _, _ in entries if e.menu == numbered))
    synonyms, subjects = _read_synonyms(faq_dir / SYNONYMS_FILE, numbering, problems)
    _check_across(entries, problems)
    _check_profile(found, entries, faq_dir, problems)
    if problems:
        raise FaqError(problems)
    return Knowledge(
        tuple(e for e, _, _ in entries), synonyms, article, subjects, found, tuple(themes)
    )


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes; OSError for anything else.

    Opened without blocking and checked on the open file, so a FIFO or a device
    named like a FAQ file is refused instead of waited on.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise OSError(f"{path.name} is larger than {limit // (1024 * 1024)} MB")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"{path.name} is larger than {limit // (1024 * 1024)} MB")
    return data.decode("utf-8")


def _profile_problem(faq_dir: Path, message: str) -> Problem:
    """A problem of the profile file."""
    return Problem(str(faq_dir / profile.PROFILE_FILE), None, None, message)


def _read_profile(faq_dir: Path, problems: list[Problem]) -> Profile:
    """The folder's profile; the defaults when it has none."""
    path = faq_dir / profile.PROFILE_FILE
    if not path.exists():
        return Profile()
    data, _ = _parse(path, problems)
    return profile.read(data, lambda m: problems.append(_profile_problem(faq_dir, m)))


def _check_profile(
    found: Profile,
    entries: list[tuple[Entry, str, int | None]],
    faq_dir: Path,
    problems: list[Problem],
) -> None:
    """The profile names existing entries and menus, and its commands are free."""
    ids = {entry.id for entry, _, _ in entries}
    commands = {entry.command for entry, _, _ in entries if entry.command}
    menus = {menu.name for menu in found.menus}

    def bad(message: str) -> None:
        problems.append(_profile_problem(faq_dir, message))

    for kind, name in found.start:
        if name not in (menus if kind == "menu" else ids):
            bad(f"start: unknown {kind} '{name}'")
    if sum(1 for menu in found.menus if menu.numbered is not None) > 1:
        bad("only one menu may have numbered items")
    for menu in found.menus:
        if menu.heading is None and menu.command not in commands:
            bad(f"menu '{menu.name}' needs a 'heading', or an entry with command '{menu.command}'")
        if menu.numbered is not None and menu.numbered.command in commands:
            bad(f"menu '{menu.name}': command '{menu.numbered.command}' is also an entry's")


def _parse(path: Path, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file into data and its node tree (for line numbers)."""
    try:
        text = read_text(path)
        # Parse once into nodes (they carry line numbers), then build the data from them.
        node = yaml.compose(text, Loader=_LOADER)
        return (_LOADER(text).construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(str(path), line, None, f"invalid YAML: {reason}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, None, f"cannot read: {exc}"))
    return None, None


def _read_entries(
    path: Path, article: str, menus: frozenset[str], problems: list[Problem]
) -> tuple[str, list[tuple[Entry, str, int | None]]]:
    """Validate one theme file: its theme's name, and its entries with their file and line."""
    theme = path.stem.replace("_", " ").capitalize()
    data, node = _parse(path, problems)
    if node is None and data is None:
        if not any(p.file == str(path) for p in problems):
            problems.append(Problem(str(path), None, None, "the file is empty"))
        return theme, []
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        problems.append(Problem(str(path), 1, None, "expected a mapping with an 'entries' list"))
        return theme, []
    for unknown in sorted(set(data) - {"entries", "theme"}):
        problems.append(Problem(str(path), 1, None, f"unknown top-level field '{unknown}'"))
    if data.get("theme") is not None:
        if isinstance(data["theme"], str) and data["theme"].strip():
            theme = data["theme"].strip()
        else:
            problems.append(Problem(str(path), 1, None, "'theme' must be a non-empty string"))
    lines = _item_lines(node, "entries")
    found = []
    for index, raw in enumerate(data["entries"]):
        line = lines[index] if index < len(lines) else None
        entry = _entry(raw, str(path), line, article, menus, problems)
        if entry is not None:
            found.append((entry, str(path), line))
    return theme, found


def _item_lines(node: yaml.Node | None, name: str) -> list[int]:
    """The 1-based line of each item of the top-level sequence `name`."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == name and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _entry(
    raw: object,
    file: str,
    line: int | None,
    article: str,
    menus: frozenset[str],
    problems: list[Problem],
) -> Entry | None:
    """Check one raw entry; report its problems and return it when usable."""
    if not isinstance(raw, dict):
        problems.append(Problem(file, line, None, "each entry must be a mapping"))
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not ID_RE.fullmatch(entry_id) or len(entry_id) > MAX_ID:
        problems.append(
            Problem(
                file,
                line,
                None,
                f"missing or invalid id {entry_id!r} (kebab-case, {MAX_ID} chars at most)",
            )
        )
        return None
    before = len(problems)

    def bad(message: str) -> None:
        problems.append(Problem(file, line, entry_id, message))

    for unknown in sorted(set(raw) - FIELDS):
        bad(f"unknown field '{unknown}'")
    questions = _strings(raw, "questions", bad, required=True)
    if questions and len(questions) < MIN_QUESTIONS:
        bad(f"has {len(questions)} questions; at least {MIN_QUESTIONS} are needed")
    answer = raw.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        bad("missing or empty 'answer'")
        answer = ""
    elif len(answer.strip()) > MAX_ANSWER:
        bad(f"answer is {len(answer.strip())} characters; the limit is {MAX_ANSWER}")
    source = _strings(raw, "source", bad, required=True)
    for excerpt in source:
        if fold_excerpt(excerpt) not in article:
            bad(f"source excerpt not found in the article: {excerpt[:60]!r}")
    command = profile.optional_string(raw, "command", bad)
    if command is not None and not COMMAND_RE.fullmatch(command):
        bad(f"command '{command}' is not a valid Telegram command ([a-z0-9_], 1-32 chars)")
    title = profile.optional_string(raw, "title", bad)
    if title is not None and len(title) > MAX_TITLE:
        bad(f"title is {len(title)} characters; the limit is {MAX_TITLE}")
    menu = profile.optional_string(raw, "menu", bad)
    if menu is not None and menu not in menus:
        known = ", ".join(sorted(menus)) or "none: profile.yaml lists no menus"
        bad(f"menu '{menu}' is not a menu of the profile ({known})")
    gives = _strings(raw, "gives", bad)
    for kind in gives:
        if kind not in ANSWER_KINDS:
            bad(f"'gives' kind '{kind}' is not one of {', '.join(ANSWER_KINDS)}")
    unsaid = _unsaid(raw.get("unsaid"), " ".join(answer.split()), bad)
    if len(problems) > before:
        return None
    return Entry(
        id=entry_id,
        questions=questions,
        answer=" ".join(answer.split()),
        source=source,
        keywords=_strings(raw, "keywords", bad),
        related=_strings(raw, "related", bad),
        command=command,
        title=title,
        menu=menu,
        gives=frozenset(gives),
        unsaid=unsaid,
    )


def _unsaid(value: object, answer: str, bad: Any) -> tuple[Unsaid, ...]:
    """The `unsaid` items of an entry: each `says` a sentence of its answer, with questions."""
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        bad("'unsaid' must be a non-empty list of {says, questions} mappings")
        return ()
    items = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"says", "questions"}:
            bad("each item of 'unsaid' must have exactly 'says' and 'questions'")
            continue
        says = item["says"]
        if not isinstance(says, str) or not says.strip():
            bad("'unsaid' needs a non-empty 'says'")
            continue
        says = " ".join(says.split())
        # What the bot says the article leaves out is the curated answer's own words.
        if says not in answer:
            bad(f"'unsaid' says {says[:60]!r}, which is not a sentence of the answer")
            continue
        questions = _strings(item, "questions", bad, required=True)
        if questions:
            items.append(Unsaid(says, questions))
    return tuple(items)


def _strings(raw: dict[str, Any], name: str, bad: Any, required: bool = False) -> tuple[str, ...]:
    """A list of non-empty strings under `name`, reporting what is wrong."""
    value = raw.get(name)
    if value is None:
        if required:
            bad(f"missing '{name}'")
        return ()
    if not isinstance(value, list) or not value:
        bad(f"'{name}' must be a non-empty list")
        return ()
    if not all(isinstance(item, str) and item.strip() for item in value):
        bad(f"every item of '{name}' must be a non-empty string")
        return ()
    return tuple(item.strip() for item in value)


def _check_across(entries: list[tuple[Entry, str, int | None]], problems: list[Problem]) -> None:
    """Checks that need every entry: unique ids and commands, known related ids."""
    seen_ids: dict[str, str] = {}
    seen_commands: dict[str, str] = {}
    for entry, file, line in entries:
        if entry.id in seen_ids:
            problems.append(
                Problem(file, line, entry.id, f"duplicate id (also in {seen_ids[entry.id]})")
            )
        seen_ids.setdefault(entry.id, file)
        if entry.command:
            if entry.command in seen_commands:
                other = seen_commands[entry.command]
                problems.append(
                    Problem(
                        file, line, entry.id, f"duplicate command '{entry.command}' (also {other})"
                    )
                )
            seen_commands.setdefault(entry.command, entry.id)
    for entry, file, line in entries:
        for related in entry.related:
            if related not in seen_ids:
                problems.append(Problem(file, line, entry.id, f"unknown related id '{related}'"))


def _read_synonyms(
    path: Path, numbering: Numbering, problems: list[Problem]
) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Read the synonym groups (a phrase may belong to one group only) and the subjects."""
    if not path.exists():
        return (), ()
    before = len(problems)
    data, node = _parse(path, problems)
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        if len(problems) == before:  # not already reported as unreadable YAML
            problems.append(Problem(str(path), 1, None, "expected a mapping with a 'groups' list"))
        return (), ()
    lines = _item_lines(node, "groups")
    result: list[tuple[str, ...]] = []
    owner: dict[tuple[str, ...], tuple[int, str]] = {}
    for number, group in enumerate(groups, start=1):
        line = lines[number - 1] if number <= len(lines) else None
        if (
            not isinstance(group, list)
            or len(group) < 2
            or not all(isinstance(w, str) and w.strip() for w in group)
        ):
            problems.append(
                Problem(str(path), line, None, f"group {number}: need 2+ non-empty words")
            )
            continue
        words = tuple(" ".join(w.lower().split()) for w in group)
        for word in words:
            # Phrases are compared as the engine sees them: "soldi" and "soldati"
            # stem alike, so they cannot mean different things.
            key = tuple(normalise.keys(word, numbering))
            other_group, other = owner.get(key, (number, word))
            if other_group != number:
                same = f"'{word}' is in groups {other_group} and {number}"
                if other != word:
                    same = f"'{word}' (group {number}) reads as '{other}' (group {other_group})"
                problems.append(Problem(str(path), line, None, same))
            owner.setdefault(key, (number, word))
        result.append(words)
    subjects = data.get("subjects", [])
    if not isinstance(subjects, list) or not all(
        isinstance(w, str) and w.strip() for w in subjects
    ):
        problems.append(Problem(str(path), None, None, "'subjects' must be a list of words"))
        subjects = []
    return tuple(result), tuple(" ".join(w.lower().split()) for w in subjects)
