"""``faq-bot suggest``: what the readers' clicks and votes say the FAQ should change.

Four kinds of proposal, each ranked by its evidence, strongest first:

- ``phrasing``: a reader's question to add to the entry readers chose for it,
  shown when that question led to the entry more than once, or when readers
  reached the entry from at least two distinct questions. A tap that merely
  followed a related button of a confident answer to another entry is
  browsing, not evidence. Questions the entry already answers are left out.
- ``drop``: a phrasing of an entry that readers 👎'd when their question
  (nearly) matched it: the phrasing may be drawing the wrong questions.
- ``review``: an entry 👎'd for questions that match none of its phrasings:
  its answer may not answer what readers ask. Both need `MIN_THUMBS_DOWN`.
- ``new-entry``: near-duplicate questions nothing answered (a fallback, or
  "none of these" under a clarification), asked at least `MIN_CLUSTER`
  times, with the entries nearest to them.

Only ``phrasing`` and ``drop`` can be written by ``--apply``; a new entry needs
an answer and its source, which only a curator can write. Every proposal has a
short, stable id; applied and rejected ones are not shown again.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz

from bot.answering.engine import Engine
from bot.answering.models import Kind
from bot.answering.normalise import fold
from bot.curation import report
from bot.curation.display import clean, shorten
from bot.curation.inbox import LOW_CONFIDENCE, Choice, Inbox

PHRASING, DROP, REVIEW, NEW_ENTRY = "phrasing", "drop", "review", "new-entry"
APPLICABLE = frozenset({PHRASING, DROP})
DEFAULT_DAYS = 30  # the period `faq-bot suggest` looks back over, unless told
MIN_CLUSTER = 2  # unanswered questions asked fewer times are not a proposal yet
MIN_THUMBS_DOWN = 2  # one 👎 is one reader's mood; a drop or a review needs more
MAX_PHRASING = 200  # characters: a longer question is a message to read, not a phrasing
SAME_PHRASING = 90.0  # token-set ratio at which a 👎'd question is one of the entry's phrasings
NEAREST = 3  # entries shown beside a new-entry proposal
EXAMPLES = 5  # reader questions kept per proposal
TEXT_SHOWN = 15  # proposals of each kind shown in the terminal; --json lists them all


@dataclass(frozen=True, slots=True)
class Proposal:
    """One change to the FAQ, with the readers' evidence for it.

    `evidence` counts taps (phrasing), 👎 (drop, review) or questions (new-entry);
    `questions` the distinct reader questions behind it.
    """

    id: str
    kind: str
    entry: str | None
    text: str  # the phrasing to add or drop; the cluster's question for a new entry
    evidence: int
    questions: int
    examples: tuple[str, ...] = ()
    nearest: tuple[tuple[str, float], ...] = ()

    @property
    def applicable(self) -> bool:
        """Whether ``--apply`` can write it."""
        return self.kind in APPLICABLE


def proposal_id(kind: str, entry: str | None, text: str) -> str:
    """A short id that stays the same from one run to the next for the same proposal."""
    digest = hashlib.sha256(f"{kind}\n{entry or ''}\n{fold(text)}".encode()).hexdigest()
    return digest[:8]


def build(
    inbox: Inbox, engine: Engine, days: int, now: datetime | None = None
) -> tuple[Proposal, ...]:
    """Every open proposal from the last `days`, by kind, strongest evidence first."""
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    choices = [c for c in inbox.choices(since) if clean(c.question)]
    decided = inbox.decisions()
    found = [
        *phrasings(choices, engine),
        *thumbs_down(choices, engine),
        *new_entries(inbox, choices, engine, since),
    ]
    return tuple(p for p in found if p.id not in decided)


def phrasings(choices: list[Choice], engine: Engine) -> list[Proposal]:
    """New phrasings: questions whose readers chose an entry, net of 👎 on it."""
    net: dict[str, Counter[str]] = defaultdict(Counter)  # entry -> folded question -> taps
    shown: dict[str, str] = {}  # folded question -> the wording to propose
    for c in choices:
        if c.entry is None or c.entry not in engine.knowledge.by_id:
            continue
        key = fold(clean(c.question))
        if not key or len(clean(c.question)) > MAX_PHRASING:
            continue  # punctuation alone, or a whole paragraph: no phrasing to add
        shown.setdefault(key, clean(c.question))
        if c.chosen and not _browsing(c, engine):
            net[c.entry][key] += 1
        elif not c.chosen:
            net[c.entry][key] -= 1
    found = []
    for entry_id, taps in net.items():
        entry = engine.knowledge.by_id[entry_id]
        own = {fold(q) for q in entry.questions}
        positive = {q: n for q, n in taps.items() if n > 0 and q not in own}
        for key, n in positive.items():
            if n < 2 and len(positive) < 2:
                continue
            result = engine.ask(shown[key])
            if result.kind is Kind.ANSWER and result.best and result.best.entry.id == entry_id:
                continue  # already answered by that entry
            text = shown[key]
            found.append(
                Proposal(
                    proposal_id(PHRASING, entry_id, text),
                    PHRASING,
                    entry_id,
                    text,
                    n,
                    len(positive),
                )
            )
    found.sort(key=lambda p: (-p.evidence, p.entry or "", p.text))
    return found


def _browsing(choice: Choice, engine: Engine) -> bool:
    """Whether a tap followed a related button under a confident answer to another entry."""
    if choice.kind != Kind.ANSWER.value:
        return False
    result = engine.ask(clean(choice.question))
    return (
        result.kind is Kind.ANSWER
        and result.best is not None
        and result.best.entry.id != choice.entry
        and result.best.score >= LOW_CONFIDENCE
    )


def thumbs_down(choices: list[Choice], engine: Engine) -> list[Proposal]:
    """Phrasings to drop and entries to review, from 👎 tied to readers' questions."""
    drops: dict[tuple[str, str], list[str]] = defaultdict(list)
    reviews: dict[str, list[str]] = defaultdict(list)
    for c in choices:
        if c.chosen or c.entry is None or c.entry not in engine.knowledge.by_id:
            continue
        entry = engine.knowledge.by_id[c.entry]
        asked = fold(clean(c.question))
        near = max(
            entry.questions[1:], key=lambda q: fuzz.token_set_ratio(asked, fold(q)), default=None
        )
        if near is not None and fuzz.token_set_ratio(asked, fold(near)) >= SAME_PHRASING:
            drops[(c.entry, near)].append(clean(c.question))
        else:
            reviews[c.entry].append(clean(c.question))
    found = [
        Proposal(
            proposal_id(DROP, entry_id, phrasing),
            DROP,
            entry_id,
            phrasing,
            len(asked),
            len(set(asked)),
            _examples(asked),
        )
        for (entry_id, phrasing), asked in drops.items()
        if len(asked) >= MIN_THUMBS_DOWN
    ]
    found += [
        Proposal(
            proposal_id(REVIEW, entry_id, ""),
            REVIEW,
            entry_id,
            engine.knowledge.by_id[entry_id].question,
            len(asked),
            len(set(asked)),
            _examples(asked),
        )
        for entry_id, asked in reviews.items()
        if len(asked) >= MIN_THUMBS_DOWN
    ]
    found.sort(key=lambda p: (p.kind != DROP, -p.evidence, p.entry or "", p.text))
    return found


def new_entries(
    inbox: Inbox, choices: list[Choice], engine: Engine, since: datetime
) -> list[Proposal]:
    """Clusters of questions nothing answered, with the entries nearest to them."""
    declined = {fold(clean(c.question)) for c in choices if c.entry is None}
    chosen = {fold(clean(c.question)) for c in choices if c.entry is not None and c.chosen}
    asked = [
        q
        for q in inbox.questions(since)
        if q.resolved is None
        and (
            q.kind is Kind.FALLBACK or (q.kind is Kind.CLARIFY and fold(clean(q.text)) in declined)
        )
        and fold(clean(q.text)) not in chosen
    ]
    found = []
    for group in report.group(asked):
        if group.count < MIN_CLUSTER or engine.ask(group.question).matched:
            continue
        nearest = tuple(
            (r.scored.entry.id, round(r.scored.score, 1)) for r in engine.rank(group.question)
        )[:NEAREST]
        found.append(
            Proposal(
                proposal_id(NEW_ENTRY, None, group.question),
                NEW_ENTRY,
                None,
                group.question,
                group.count,
                1 + len(group.variants),
                group.variants,
                nearest,
            )
        )
    return found


def _examples(questions: list[str]) -> tuple[str, ...]:
    """The most frequent of `questions`, a few."""
    return tuple(q for q, _ in Counter(questions).most_common(EXAMPLES))


def format_text(proposals: tuple[Proposal, ...]) -> str:
    """The proposals as terminal text, one section per kind, with how to act on them."""
    headings = {
        PHRASING: "New phrasings (readers' question → the entry they chose; taps)",
        DROP: "Phrasings to drop (readers 👎'd the entry for questions like them; 👎)",
        REVIEW: "Entries to review (👎 for questions none of their phrasings matches)",
        NEW_ENTRY: "Questions that need a new entry (times asked; nearest entries)",
    }
    lines: list[str] = []
    for kind, heading in headings.items():
        mine = [p for p in proposals if p.kind == kind]
        lines += ["", f"{heading}: {len(mine)}"] if lines else [f"{heading}: {len(mine)}"]
        for p in mine[:TEXT_SHOWN]:
            target = p.entry or ", ".join(f"{e} ({s:.0f})" for e, s in p.nearest) or "no entry near"
            lines.append(f"  [{p.id}] {p.evidence:4d}  {shorten(p.text)!r}  → {target}")
            lines += [f"             e.g. {shorten(q)!r}" for q in p.examples[:2] if q != p.text]
        if len(mine) > TEXT_SHOWN:
            lines.append(f"  … and {len(mine) - TEXT_SHOWN} more (see --json)")
    lines += [
        "",
        "faq-bot suggest --apply ID…  writes phrasings and drops into the FAQ (checked by lint);",
        "faq-bot suggest --reject ID…  hides a proposal for good.",
    ]
    return "\n".join(lines)


def to_json(proposals: tuple[Proposal, ...]) -> str:
    """The proposals as one JSON object."""
    listed = [{**asdict(p), "applicable": p.applicable} for p in proposals]
    return json.dumps({"proposals": listed}, ensure_ascii=False, indent=2)
