"""Splitting long replies into Telegram-sized messages on paragraph boundaries."""

from __future__ import annotations

from dataclasses import replace

from bot.answering.models import Reply

LIMIT = 4096  # Telegram's maximum message length


def split(reply: Reply, limit: int = LIMIT) -> list[Reply]:
    """Cut `reply` into messages of at most `limit` characters; buttons go on the last.

    Cuts fall between paragraphs, then lines, then words; our HTML puts tags
    within a line, so a cut never separates an opening tag from its closing one
    unless a single line is longer than the limit, which no reply has.
    """
    chunks: list[str] = []
    current = ""
    for piece in _pieces(reply.text, limit):
        joined = f"{current}{piece}" if current else piece.lstrip("\n")
        if len(joined) <= limit:
            current = joined
        else:
            chunks.append(current.rstrip("\n"))
            current = piece.lstrip("\n")
    if current.strip() or not chunks:
        chunks.append(current.rstrip("\n"))
    last = len(chunks) - 1
    return [
        replace(reply, text=chunk, buttons=reply.buttons if i == last else ())
        for i, chunk in enumerate(chunks)
    ]


def _pieces(text: str, limit: int) -> list[str]:
    """Paragraphs (with their leading blank line), further cut when one is too long."""
    pieces: list[str] = []
    for number, paragraph in enumerate(text.split("\n\n")):
        prefix = "\n\n" if number else ""
        if len(paragraph) + len(prefix) <= limit:
            pieces.append(prefix + paragraph)
            continue
        for i, line in enumerate(paragraph.split("\n")):
            lead = prefix if i == 0 else "\n"
            while len(line) + len(lead) > limit:
                cut = line.rfind(" ", 0, limit - len(lead))
                cut = cut if cut > 0 else limit - len(lead)
                pieces.append(lead + line[:cut])
                line, lead = line[cut:].lstrip(" "), "\n"
            pieces.append(lead + line)
    return pieces
