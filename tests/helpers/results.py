"""Factories of engine verdicts for the inbox and report tests: no FAQ needed."""

from __future__ import annotations

from bot.answering.models import Entry, Kind, Result, Scored


def scored(entry_id: str, score: float) -> Scored:
    """A candidate entry with a score; the entry holds just enough to be valid."""
    entry = Entry(entry_id, (f"Domanda {entry_id}?",), "Risposta.", ("Fonte.",))
    return Scored(entry, score)


def verdict(kind: Kind, *candidates: tuple[str, float]) -> Result:
    """A `Result` of `kind`; for an answer the first candidate is the best."""
    shown = tuple(scored(entry_id, score) for entry_id, score in candidates)
    if kind is Kind.ANSWER:
        return Result(kind, best=shown[0], alternatives=shown[1:])
    if kind is Kind.SMALLTALK:
        return Result(kind, smalltalk="greeting")
    return Result(kind, alternatives=shown)
