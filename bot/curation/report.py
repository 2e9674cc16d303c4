"""The curators' report (``faq-bot report``), built from the inbox over the last N days.

- Unanswered questions, grouped when they are near-duplicates: two folded
  questions are one group when rapidfuzz's token-set ratio is at least
  `SIMILAR` and the shorter has at least `MIN_LENGTH_SHARE` of the longer's
  words (token-set alone puts "quando" with "quando finisce la guerra"). Most
  frequent first, each with its count, its most frequent phrasing, a few
  variants and the entry it came closest to. Questions that differ in one
  word of many ("quanti soldati manda la Germania" / "... la Francia") can
  still share a group: its variants show it. Grouping 5,000 distinct
  questions takes about 2 s.
- Follow-ups read in context: how many, and the most frequent, each as the
  message, the question it was read as and the entry it got, so a curator
  can spot a wrong reading ("e il quarto?" → the question about the fourth
  item → its entry). They are not counted as unanswered.
- Entries ranked by their share of 👎, with the vote counts.
- Counts per reply kind and per command; unknown commands (a reader's own
  "/whatever") are one count, labelled as such.

Questions are cleaned before they are grouped or shown (`bot.curation.display`):
escape sequences and control characters are removed, and the terminal shows
each cut to a readable length with an ellipsis; --json keeps them whole.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz, process

from bot.answering.models import Kind
from bot.answering.normalise import fold
from bot.curation.display import clean, shorten
from bot.curation.feedback import UNKNOWN_COMMAND
from bot.curation.inbox import Inbox, Question

SIMILAR = 85.0  # token-set ratio (0-100) at which two questions are near-duplicates
MIN_LENGTH_SHARE = 0.5  # the shorter question must have this share of the longer's words
VARIANTS = 3  # other phrasings shown per group
TEXT_GROUPS = 20  # groups shown in the terminal; --json lists them all
TEXT_FOLLOW_UPS = 10  # follow-ups shown in the terminal; --json lists them all


@dataclass(frozen=True, slots=True)
class Group:
    """Near-duplicate unanswered questions: `question` is the most frequent phrasing."""

    question: str
    count: int
    kinds: dict[str, int]
    closest: str | None  # the entry id with the best score in the group, if any
    closest_score: float | None
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A follow-up read in context: the message, the question it was read as, what it got."""

    message: str
    resolved: str
    entry: str | None  # the entry answered (or the closest, for another kind), if any
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class Feedback:
    """An entry's votes; `down_share` is the share of 👎 (0-1)."""

    entry_id: str
    up: int
    down: int
    down_share: float


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `faq-bot report` shows, for the `days` up to `until`."""

    days: int
    since: datetime
    until: datetime
    unanswered: tuple[Group, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    kinds: dict[str, int] = field(default_factory=dict)
    commands: dict[str, int] = field(default_factory=dict)
    unknown_commands: int = 0  # uses of commands the bot does not have


def build(
    inbox: Inbox | None, days: int, now: datetime | None = None, most: int | None = None
) -> Report:
    """The report over the `days` before `now`; an empty one when there is no inbox.

    `most` bounds the work: only the latest `most` questions are grouped.
    """
    until = now or datetime.now(UTC)
    since = until - timedelta(days=days)
    if inbox is None:
        return Report(days, since, until, kinds={kind.value: 0 for kind in Kind})
    usage = inbox.usage(since)
    feedback = [
        Feedback(v.entry_id, v.up, v.down, v.down / (v.up + v.down)) for v in inbox.votes(since)
    ]
    feedback.sort(key=lambda f: (-f.down_share, -f.down, f.entry_id))
    questions = inbox.questions(since)
    if most is not None:
        questions = questions[-most:] if most > 0 else []
    return Report(
        days,
        since,
        until,
        unanswered=group([q for q in questions if q.resolved is None]),
        follow_ups=follow_ups(questions),
        feedback=tuple(feedback),
        kinds={kind.value: usage.get(kind.value, 0) for kind in Kind},
        commands=dict(
            sorted(
                (
                    (name[1:], n)
                    for name, n in usage.items()
                    if name.startswith("/") and name != "/" + UNKNOWN_COMMAND
                ),
                key=lambda pair: (-pair[1], pair[0]),
            )
        ),
        unknown_commands=usage.get("/" + UNKNOWN_COMMAND, 0),
    )


def group(questions: list[Question]) -> tuple[Group, ...]:
    """Near-duplicate questions grouped, the largest group first; blank ones once cleaned, none."""
    by_text: dict[str, list[Question]] = {}
    for q in questions:
        text = clean(q.text)
        if text:
            by_text.setdefault(fold(text) or text, []).append(q)
    heads: list[str] = []  # each group's first (most frequent) folded phrasing
    members: list[list[str]] = []
    for text in sorted(by_text, key=lambda t: (-len(by_text[t]), t)):
        words = len(text.split())
        found = None
        for _, _, i in process.extract(
            text, heads, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR, limit=None
        ):
            shorter, longer = sorted((words, len(heads[i].split())))
            if shorter >= MIN_LENGTH_SHARE * longer:
                found = i
                break
        if found is None:
            heads.append(text)
            members.append([text])
        else:
            members[found].append(text)
    groups = [_group([q for text in texts for q in by_text[text]], texts) for texts in members]
    groups.sort(key=lambda g: (-g.count, g.question))
    return tuple(groups)


def follow_ups(questions: list[Question]) -> tuple[FollowUp, ...]:
    """The follow-ups read in context, the same reading counted once, most frequent first."""
    counted = Counter(
        (
            clean(q.text),
            clean(q.resolved),
            q.candidates[0][0] if q.candidates else None,
            q.kind.value,
        )
        for q in questions
        if q.resolved is not None and clean(q.text)
    )
    return tuple(
        FollowUp(message, resolved, entry, kind, n)
        for (message, resolved, entry, kind), n in sorted(
            counted.items(), key=lambda pair: (-pair[1], pair[0][0], pair[0][1])
        )
        if resolved is not None
    )


def _group(rows: list[Question], texts: list[str]) -> Group:
    """One group from its rows; `texts` are its folded phrasings, most frequent first."""
    candidates = [c for q in rows for c in q.candidates[:1]]
    closest = max(candidates, key=lambda c: c[1], default=None)
    phrasing = Counter(clean(q.text) for q in rows).most_common()
    return Group(
        question=phrasing[0][0],
        count=len(rows),
        kinds=dict(Counter(q.kind.value for q in rows).most_common()),
        closest=closest[0] if closest else None,
        closest_score=closest[1] if closest else None,
        variants=tuple(text for text, _ in phrasing[1 : 1 + VARIANTS]),
    )


def format_text(report: Report) -> str:
    """The report as plain terminal text under clear headings."""
    day = "%Y-%m-%d %H:%M"
    lines = [
        f"faq-bot report: the last {report.days} day(s), "
        f"{report.since:{day}} to {report.until:{day}} UTC",
        "",
        f"Unanswered questions ({sum(g.count for g in report.unanswered)}, "
        f"{len(report.unanswered)} group(s), most frequent first)",
    ]
    for g in report.unanswered[:TEXT_GROUPS]:
        near = f"{g.closest} ({g.closest_score:.0f})" if g.closest else "no entry near"
        kinds = ", ".join(f"{k} {n}" for k, n in g.kinds.items())
        lines.append(f"  {g.count:4d}  {shorten(g.question)!r}  closest: {near}  [{kinds}]")
        lines += [f"        also: {shorten(v)!r}" for v in g.variants]
    if len(report.unanswered) > TEXT_GROUPS:
        lines.append(f"  … and {len(report.unanswered) - TEXT_GROUPS} more group(s) (see --json)")
    if not report.unanswered:
        lines.append("  none")
    lines += ["", f"Follow-ups read in context ({sum(f.count for f in report.follow_ups)})"]
    for f in report.follow_ups[:TEXT_FOLLOW_UPS]:
        lines.append(
            f"  {f.count:4d}  {shorten(f.message)!r} → {shorten(f.resolved)!r}"
            f" → {f.entry or 'no entry'}  [{f.kind}]"
        )
    if len(report.follow_ups) > TEXT_FOLLOW_UPS:
        lines.append(f"  … and {len(report.follow_ups) - TEXT_FOLLOW_UPS} more (see --json)")
    if not report.follow_ups:
        lines.append("  none")
    lines += ["", "Entries by share of 👎", f"  {'share':>6s} {'down':>5s} {'up':>5s}  entry"]
    lines += [f"  {f.down_share:6.0%} {f.down:5d} {f.up:5d}  {f.entry_id}" for f in report.feedback]
    if not report.feedback:
        lines.append("  no votes")
    lines += ["", "Replies by kind"]
    lines += [f"  {kind:10s} {n:6d}" for kind, n in report.kinds.items()]
    lines += ["", "Commands"]
    lines += [f"  /{name:9s} {n:6d}" for name, n in report.commands.items()]
    if report.unknown_commands:
        lines.append(f"  {'(unknown commands)':10s} {report.unknown_commands:6d}")
    if not report.commands and not report.unknown_commands:
        lines.append("  none")
    return "\n".join(lines)


def to_json(report: Report) -> str:
    """The report as one JSON object, times in ISO 8601 UTC."""
    payload = asdict(report)
    payload["since"] = report.since.isoformat(timespec="seconds")
    payload["until"] = report.until.isoformat(timespec="seconds")
    return json.dumps(payload, ensure_ascii=False, indent=2)
