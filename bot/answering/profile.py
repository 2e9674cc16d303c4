"""Reading ``profile.yaml``: what the bot says about its article as a whole.

The profile names the article file, gives the title-and-date phrase, the
welcome's examples, the menus (their commands, labels and order), the start
buttons and the small-talk replies that name the topic. Every text is
Telegram HTML and checked here, so a typo in a tag fails at start-up, not in a
reader's chat.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.answering.models import Menu, Numbered, Numbering, Profile

PROFILE_FILE = "profile.yaml"
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
SMALLTALK_INTENTS = frozenset({"greeting", "howareyou", "thanks", "identity", "help", "ack", "bye"})
TAGS = frozenset({"b", "i", "u", "s", "code", "pre"})
FIELDS = frozenset(
    {
        "article",
        "about",
        "topic",
        "source",
        "examples",
        "example",
        "short_examples",
        "menus",
        "start",
        "smalltalk",
        "description",
        "short_description",
        "group_commands",
    }
)
DESCRIPTION_LIMIT = 512  # Telegram's limit for the text shown in an empty chat
SHORT_DESCRIPTION_LIMIT = 120  # and for the one on the bot's profile page
MENU_FIELDS = frozenset({"name", "command", "description", "button", "heading", "numbered"})
NUMBERED_FIELDS = frozenset({"command", "description", "usage", "words", "roman", "plural"})
_MARKUP = re.compile(r"<(/?)([A-Za-z-]*)[^<>]*>|[<>]|&(?!(?:lt|gt|amp|quot|#\d+);)")

Report = Callable[[str], None]


def html_problem(text: str) -> str | None:
    """What is wrong with `text` as Telegram HTML (tags b, i, u, s, code, pre), or None."""
    open_tags: list[str] = []
    for match in _MARKUP.finditer(text):
        closing, tag = match.group(1), match.group(2)
        if tag is None:
            return f"write {match.group(0)!r} as &lt; &gt; or &amp;"
        if tag not in TAGS:
            return f"tag <{tag}> is not one of {', '.join(sorted(TAGS))}"
        if not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            return f"</{tag}> closes a tag that is not open"
    return f"<{open_tags[-1]}> is never closed" if open_tags else None


def read(data: object, bad: Report) -> Profile:
    """The profile in `data` (parsed YAML); each problem is passed to `bad`."""
    if data is None:
        return Profile()
    if not isinstance(data, dict):
        bad("expected a mapping")
        return Profile()
    for unknown in sorted(set(data) - FIELDS):
        bad(f"unknown field '{unknown}'")
    defaults = Profile()
    menus = _list(data, "menus", bad)
    return Profile(
        about=_text(data, "about", bad) or defaults.about,
        topic=_text(data, "topic", bad) or defaults.topic,
        source=_text(data, "source", bad) or defaults.source,
        examples=_texts(data, "examples", bad),
        example=_text(data, "example", bad) or "",
        short_examples=_texts(data, "short_examples", bad),
        menus=tuple(m for m in (_menu(raw, bad) for raw in menus) if m is not None),
        start=_start(data, bad),
        smalltalk=MappingProxyType(_smalltalk(data, bad)),
        article_file=_text(data, "article", bad, html=False) or defaults.article_file,
        description=_plain(data, "description", DESCRIPTION_LIMIT, bad),
        short_description=_plain(data, "short_description", SHORT_DESCRIPTION_LIMIT, bad),
        group_commands=_words(data, "group_commands", bad),
    )


def _plain(raw: dict[str, Any], name: str, limit: int, bad: Report) -> str:
    """An optional plain-text field (Telegram shows it as it is) of at most `limit` characters."""
    value = optional_string(raw, name, bad) or ""
    if len(value) > limit:
        bad(f"'{name}' has {len(value)} characters; Telegram takes at most {limit}")
        return value[:limit]
    return value


def check_article_file(name: str, faq_dir: Path, bad: Report) -> Path:
    """The article's path: a file name inside the FAQ folder."""
    if Path(name).name != name:
        bad(f"'article' must be a file name in {faq_dir}, not a path: {name!r}")
    return faq_dir / Path(name).name


def optional_string(raw: dict[str, Any], name: str, bad: Report) -> str | None:
    """An optional non-empty string field, stripped; reported when it is anything else."""
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        bad(f"'{name}' must be a non-empty string")
        return None
    return value.strip()


def _text(raw: dict[str, Any], name: str, bad: Report, html: bool = True) -> str | None:
    """An optional non-empty string, checked as Telegram HTML unless `html` is False."""
    value = optional_string(raw, name, bad)
    problem = html_problem(value) if html and value is not None else None
    if problem is not None:
        bad(f"'{name}' is not valid Telegram HTML: {problem}")
        return None
    return value


def _list(raw: dict[str, Any], name: str, bad: Report) -> list[Any]:
    """An optional list."""
    value = raw.get(name, [])
    if not isinstance(value, list):
        bad(f"'{name}' must be a list")
        return []
    return value


def _texts(raw: dict[str, Any], name: str, bad: Report) -> tuple[str, ...]:
    """An optional list of texts."""
    found = []
    for number, item in enumerate(_list(raw, name, bad), start=1):
        text = _text({name: item}, name, bad)
        if text is None:
            bad(f"item {number} of '{name}' is missing or invalid")
        else:
            found.append(text)
    return tuple(found)


def _words(raw: dict[str, Any], name: str, bad: Report) -> tuple[str, ...]:
    """An optional list of single lower-case words."""
    words = _list(raw, name, bad)
    if not all(isinstance(w, str) and re.fullmatch(r"[a-zàèéìòù]+", w) for w in words):
        bad(f"'{name}' must list single lower-case words")
        return ()
    return tuple(words)


def _menu(raw: object, bad: Report) -> Menu | None:
    """One menu of the profile."""
    if not isinstance(raw, dict):
        bad("each item of 'menus' must be a mapping")
        return None
    where = f"menu '{raw.get('name')}': "
    for unknown in sorted(set(raw) - MENU_FIELDS):
        bad(f"{where}unknown field '{unknown}'")
    name, command = raw.get("name"), raw.get("command")
    description = _text(raw, "description", bad)
    button = _text(raw, "button", bad)
    if (
        not isinstance(name, str)
        or not isinstance(command, str)
        or not COMMAND_RE.fullmatch(command)
    ):
        bad(f"{where}needs a 'name' and a valid 'command' ([a-z0-9_], 1-32 chars)")
        return None
    if description is None or button is None:
        bad(f"{where}needs a 'description' and a 'button' label")
        return None
    numbered = None
    if raw.get("numbered") is not None:
        numbered = _numbered(raw["numbered"], lambda m: bad(where + m))
    heading = _text(raw, "heading", bad)
    return Menu(name, command, description, button, heading, numbered)


def _numbered(raw: object, bad: Report) -> Numbered | None:
    """The /cmd N command of a menu and the words that name its items."""
    if not isinstance(raw, dict):
        bad("'numbered' must be a mapping")
        return None
    for unknown in sorted(set(raw) - NUMBERED_FIELDS):
        bad(f"'numbered': unknown field '{unknown}'")
    command = raw.get("command")
    description, usage = _text(raw, "description", bad), _text(raw, "usage", bad)
    if not isinstance(command, str) or not COMMAND_RE.fullmatch(command):
        bad("'numbered' needs a valid 'command' ([a-z0-9_], 1-32 chars)")
        return None
    if description is None or usage is None:
        bad("'numbered' needs a 'description' and a 'usage' text")
        return None
    numbering = Numbering(
        words=_words(raw, "words", bad),
        roman=frozenset(_words(raw, "roman", bad)),
        plural=frozenset(_words(raw, "plural", bad)),
    )
    return Numbered(command, description, usage, numbering)


def _start(raw: dict[str, Any], bad: Report) -> tuple[tuple[str, str], ...]:
    """The welcome's buttons: each `menu: name` or `entry: id`."""
    found = []
    for item in _list(raw, "start", bad):
        if (
            not isinstance(item, dict)
            or len(item) != 1
            or next(iter(item)) not in {"menu", "entry"}
            or not isinstance(next(iter(item.values())), str)
        ):
            bad("each item of 'start' must be 'menu: <name>' or 'entry: <id>'")
            continue
        ((kind, name),) = item.items()
        found.append((kind, name))
    return tuple(found)


def _smalltalk(raw: dict[str, Any], bad: Report) -> dict[str, str]:
    """Small-talk replies by intent."""
    value = raw.get("smalltalk", {})
    if not isinstance(value, dict):
        bad("'smalltalk' must be a mapping of intent to reply")
        return {}
    found = {}
    for intent in value:
        if intent not in SMALLTALK_INTENTS:
            bad(f"smalltalk '{intent}' is not one of {', '.join(sorted(SMALLTALK_INTENTS))}")
            continue
        text = _text(value, intent, bad)
        if text is not None:
            found[intent] = text
    return found
