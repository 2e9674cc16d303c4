"""``faq-bot suggest --interactive``: the proposals one by one, each accepted, rejected or skipped.

Nothing is written while the curator answers: the accepted proposals are
applied together at the end (and refused together if lint objects), the
rejected ones remembered. End of input, or "q", stops asking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bot.curation.display import shorten
from bot.curation.suggest import Proposal

Write = Callable[[str], None]


@dataclass
class Verdicts:
    """The curator's answers: the ids to apply and the ids to reject."""

    apply: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)


def ask(proposals: tuple[Proposal, ...], answers: Iterator[str], write: Write) -> Verdicts:
    """Show each proposal and read one answer per line from `answers`."""
    verdicts = Verdicts()
    for number, p in enumerate(proposals, start=1):
        target = p.entry or ", ".join(e for e, _ in p.nearest) or "no entry near"
        write(f"[{number}/{len(proposals)}] {p.kind} {p.id}: {shorten(p.text)!r} → {target}")
        write(f"    evidence {p.evidence} from {p.questions} question(s)")
        for example in p.examples[:3]:
            write(f"    e.g. {shorten(example)!r}")
        choices = (
            "[a]pply, [r]eject, [s]kip, [q]uit" if p.applicable else "[r]eject, [s]kip, [q]uit"
        )
        while True:
            write(f"  {choices}? ")
            answer = next(answers, "q").strip().lower()[:1]
            if answer == "a" and p.applicable:
                verdicts.apply.append(p.id)
            elif answer == "r":
                verdicts.reject.append(p.id)
            elif answer == "q":
                return verdicts
            elif answer != "s":
                continue  # anything else: ask again
            break
    return verdicts
