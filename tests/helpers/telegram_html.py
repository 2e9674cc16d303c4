"""A checker for Telegram's HTML subset: only allowed tags, balanced, known entities."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "span",
    "tg-spoiler",
    "tg-emoji",
}
INSIDE_PRE = {"code"}  # Telegram allows no other tag within <pre>
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Checker(HTMLParser):
    """Collects problems while parsing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note an opening tag."""
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}> is not allowed")
        if "pre" in self.stack and tag not in INSIDE_PRE:
            self.problems.append(f"tag <{tag}> inside <pre>")
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append("<a> without href")
        if tag == "span" and dict(attrs).get("class") != "tg-spoiler":
            self.problems.append("<span> other than class=tg-spoiler")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Match a closing tag with the last opening one."""
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


def problems(text: str) -> list[str]:
    """What makes `text` invalid Telegram HTML (empty when it is valid)."""
    found = [f"bare '&' at {m.start()}" for m in _ENTITY.finditer(text)]
    checker = _Checker()
    checker.feed(text)
    checker.close()
    found += checker.problems
    if checker.stack:
        found.append(f"unclosed tags {checker.stack}")
    if re.search(r"<(?![a-z/])", text):
        found.append("a bare '<' that is not a tag")
    return found
