"""``faq-bot lint``: a FAQ folder checked the way the bot will use it.

After everything the loader checks, three reports: places that still say
TODO (``faq-bot new`` leaves them), phrasings the engine
answers with another entry (or not at all), and sentences of the article no
entry cites, with their line, so a curator sees what the bot cannot answer yet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.answering import coverage
from bot.answering.engine import Engine
from bot.answering.models import Kind, Knowledge
from bot.curation.scaffold import todos

Write = Callable[[str], None]
EXCERPT = 80  # characters of an uncovered sentence shown


def lint(loaded: Knowledge, faq_dir: Path, write: Write) -> int:
    """Report on `loaded`, read from `faq_dir`; 0 when nothing needs a curator, else 1."""
    questions = sum(len(e.questions) for e in loaded.entries)
    commands = sum(1 for e in loaded.entries if e.command)
    write(f"{faq_dir}: {len(loaded.entries)} entries, {questions} questions, {commands} commands")
    left = todos(faq_dir)
    for line in left:
        write(line)
    if left:
        write(f"{len(left)} place(s) still say TODO")
    found = collisions(Engine(loaded))
    for line in found:
        write(line)
    if found:
        write(f"{len(found)} phrasing(s) are not answered by their own entry")
    else:
        write("ok: every phrasing is answered by its own entry")
    missing = coverage.uncovered(loaded)
    total = len(coverage.sentences(loaded.article))
    article = loaded.profile.article_file
    for sentence in missing:
        text = sentence.text if len(sentence.text) <= EXCERPT else sentence.text[:EXCERPT] + "…"
        write(f"  {article}:{sentence.line}: uncovered: {text!r}")
    if missing:
        write(f"{len(missing)} of {total} sentence(s) of the article are cited by no source")
    else:
        write(f"ok: all {total} sentences of the article are cited by an entry's source")
    return 1 if left or found or missing else 0


def collisions(engine: Engine) -> list[str]:
    """Phrasings of an entry that the engine answers with another entry, or not at all."""
    found = []
    for entry in engine.knowledge.entries:
        for question in entry.questions:
            result = engine.ask(question)
            if result.kind is Kind.ANSWER and result.best and result.best.entry.id == entry.id:
                continue
            if result.kind is Kind.NOT_SAID and result.best and result.best.entry.id == entry.id:
                found.append(
                    f"  {entry.id}: {question!r} asks for the kind {result.asked!r}: add "
                    f"'gives: [{result.asked}]' to the entry if its answer states it, "
                    "or drop the phrasing"
                    if result.asked
                    else f"  {entry.id}: {question!r} is told {result.says!r}: move the "
                    "phrasing to the entry's 'unsaid', or reword or drop it"
                )
                continue
            got = result.best.entry.id if result.best else result.kind.value
            others = ", ".join(s.entry.id for s in result.alternatives)
            found.append(f"  {entry.id}: {question!r} -> {got} ({others})")
        for item in entry.unsaid:  # what the article leaves unsaid is never answered
            for question in item.questions:
                result = engine.ask(question)
                if result.matched and result.best is not None:
                    got = result.best.entry.id
                    found.append(f"  {entry.id}: unsaid {question!r} is answered by {got}")
    return found
