"""Readers' text as curators see it: control characters gone, long questions cut.

Anything a reader sends is kept as sent; before it is grouped or shown in a
report, terminal escape sequences (an arrow key typed in a console: ESC [ A)
and other control or invisible format characters are removed, whitespace runs
become one space, and a long question is cut at a word with an ellipsis.
"""

from __future__ import annotations

import re
import unicodedata

SHOWN = 120  # characters of a question shown in a report
_DROPPED = frozenset(
    {"Cc", "Cf", "Cs", "Co", "Cn"}
)  # control, format, surrogate, private, unassigned
_JOINER = "\u200d"  # a format character, but it holds emoji such as 👨‍👩‍👧 together
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")


def clean(text: str) -> str:
    """`text` without escape sequences or control characters, its whitespace collapsed."""
    text = _ESCAPE.sub(" ", text)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or ch == _JOINER or unicodedata.category(ch) not in _DROPPED
    )
    return " ".join(kept.split())


def shorten(text: str, limit: int = SHOWN) -> str:
    """`text` cleaned and, when longer than `limit`, cut at a word with "…"."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"
