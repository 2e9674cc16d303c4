"""Splitting long replies into Telegram-sized messages, each part valid Telegram HTML.

A reply is cut between paragraphs when it can, else between lines, else
between words, else between characters; never inside a tag or an entity
(``&amp;``). A tag open at a cut (``<b>``, ``<i>``, ``<pre>``, ``<a href=…>``…)
is closed at the end of the part and opened again at the start of the next,
so every part is balanced HTML on its own. Sizes count UTF-16 code units of
the HTML, as Telegram counts (the text it shows is never longer).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from bot.answering.models import Reply

LIMIT = 4096  # Telegram's maximum message length
FULL_ENOUGH = 0.5  # a cut of a better kind is taken only if the part is at least this full

_ATOM = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|\n\n+|\n| +|[^<&\n ]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
PARAGRAPH, LINE, WORD, CHARACTER = 3, 2, 1, 0  # kinds of cut, the better the higher


@dataclass(frozen=True, slots=True)
class _Cut:
    """A place to cut: the part ends at `end`, the next begins at `begin` (after a separator)."""

    end: int
    begin: int
    kind: int
    open: tuple[str, ...]  # the opening tags still open there, outermost first


def split(reply: Reply, limit: int = LIMIT) -> list[Reply]:
    """Cut `reply` into messages of at most `limit` UTF-16 units; buttons go on the last."""
    chunks = _chunks(reply.text, limit)
    last = len(chunks) - 1
    return [
        replace(reply, text=chunk, buttons=reply.buttons if i == last else ())
        for i, chunk in enumerate(chunks)
    ]


def _chunks(text: str, limit: int) -> list[str]:
    """The texts of the parts."""
    if _size(text) <= limit:
        return [text]
    cuts = _cuts(text)
    ends = [cut.end for cut in cuts]
    units = _prefix_sizes(text)
    chunks: list[str] = []
    begin, opened = 0, tuple[str, ...]()
    while True:
        head = "".join(opened)
        if _size(head) + units[len(text)] - units[begin] <= limit:
            chunks.append(head + text[begin:])
            break
        cut = _best(cuts, ends, begin, _size(head), units, limit)
        if cut is None and opened:  # nothing fits after the tags to reopen: start it bare
            opened = ()
            continue
        if cut is None:  # one tag longer than a message: no reply has one, cut it anyway
            chunks.append(text[begin : begin + limit])
            begin += limit
            continue
        chunks.append(head + text[begin : cut.end] + _closers(cut.open))
        begin, opened = cut.begin, cut.open
    return [chunk for chunk in chunks if _visible(chunk)] or [text[:0]]


def _best(
    cuts: list[_Cut], ends: list[int], begin: int, head: int, units: list[int], limit: int
) -> _Cut | None:
    """The cut that ends the part begun at `begin`: the best kind that fills it enough."""
    best: dict[int, _Cut] = {}
    for cut in cuts[bisect.bisect_right(ends, begin) :]:
        size = head + units[cut.end] - units[begin]
        if size > limit:
            break
        if size + _size(_closers(cut.open)) <= limit:
            best[cut.kind] = cut  # cuts come in order: the furthest of each kind wins
    for kind in (PARAGRAPH, LINE, WORD, CHARACTER):
        found = best.get(kind)
        if found is not None and head + units[found.end] - units[begin] >= FULL_ENOUGH * limit:
            return found
    return max(best.values(), key=lambda c: c.end, default=None)


def _cuts(text: str) -> list[_Cut]:
    """Every place `text` may be cut, in order, with the tags open there."""
    cuts: list[_Cut] = []
    stack: list[tuple[str, str]] = []  # (tag name, opening tag as written)
    for atom in _ATOM.finditer(text):
        token, start, end = atom.group(), atom.start(), atom.end()
        opened = tuple(tag for _, tag in stack)
        if token.startswith("<") and len(token) > 1:
            tag = _TAG.match(token)
            if tag is not None and tag.group(1):
                name = tag.group(2).lower()
                while stack:
                    if stack.pop()[0] == name:
                        break
            elif tag is not None and not token.endswith("/>"):
                stack.append((tag.group(2).lower(), token))
            cuts.append(_Cut(start, start, CHARACTER, opened))
        elif token.startswith("\n\n"):
            cuts.append(_Cut(start, end, PARAGRAPH, opened))
        elif token == "\n":
            cuts.append(_Cut(start, end, LINE, opened))
        elif token.startswith(" "):
            cuts.append(_Cut(start, end, WORD, opened))
        elif token.startswith("&") or len(token) == 1:
            cuts.append(_Cut(start, start, CHARACTER, opened))
        else:  # a run of plain characters: any place inside it will do
            cuts += [_Cut(i, i, CHARACTER, opened) for i in range(start, end)]
    return cuts


def _closers(opened: tuple[str, ...]) -> str:
    """The closing tags for `opened`, innermost first."""
    names = (_TAG.match(tag) for tag in reversed(opened))
    return "".join(f"</{m.group(2).lower()}>" for m in names if m is not None)


def _visible(chunk: str) -> bool:
    """Whether a part holds anything but tags and blanks."""
    return bool(re.sub(r"<[^<>]*>", "", chunk).strip())


def _size(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limit."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _prefix_sizes(text: str) -> list[int]:
    """`sizes[i]` is the UTF-16 length of `text[:i]`."""
    sizes = [0]
    for c in text:
        sizes.append(sizes[-1] + (2 if ord(c) > 0xFFFF else 1))
    return sizes
