"""``faq-bot report --html FILE``: the curators' report as one self-contained web page.

The page has no script, no external stylesheet, font or image: its CSS is
inline and its two charts are inline SVG (`bot.curation.charts`), so the file
can be mailed, archived or opened offline, and reads on a phone (one column,
tables that scroll sideways). It is in Italian, like the bot, for the people
who keep the FAQ. Every text that comes from readers or from the FAQ is
escaped and cleaned (`bot.curation.display`).

Replies per day are grouped as a reader sees them (`GROUPS`): answers (an
entry, or two side by side), clarifications, "non so" (nothing fits, the
article does not say, an opinion declined) and small talk. The answer rate is
answers over replies to questions, small talk aside.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from pathlib import Path

from bot.curation.charts import Series, share_line, stacked_bars
from bot.curation.display import shorten
from bot.curation.report import Report
from bot.curation.suggest import Proposal

# (label, reply kinds counted, colour), in stacking order.
GROUPS = (
    ("risposte", ("answer", "compare"), "#2e7d32"),
    ("chiarimenti", ("clarify",), "#f9a825"),
    ("non so", ("fallback", "not_said", "opinion"), "#c62828"),
    ("saluti e simili", ("smalltalk",), "#90a4ae"),
)
TOP_GROUPS = 15  # unanswered clusters shown
KIND_NAMES = {
    "phrasing": "nuova formulazione",
    "drop": "formulazione da togliere",
    "review": "voce da rivedere",
    "new-entry": "nuova voce",
}
_CSS = """
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;
background:#f6f7f9}
main{max-width:760px;margin:0 auto;padding:16px}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .5em}
.period{color:#555;margin:0 0 1em}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px}
.tile{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px #0002}
.tile b{display:block;font-size:1.6em}
.chart{width:100%;height:auto;background:#fff;border-radius:8px;box-shadow:0 1px 2px #0002}
.legend span{display:inline-block;margin-right:12px;font-size:.9em}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;
vertical-align:-1px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
.bar{display:inline-block;height:10px;background:#c62828;border-radius:2px;vertical-align:0}
code{font-size:.9em}.empty{color:#666;font-style:italic}
"""


def days_between(start: date, end: date) -> list[date]:
    """Every day from `start` to `end`, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def page(
    report: Report,
    daily: Mapping[str, Mapping[str, int]] | None = None,
    waiting: Sequence[Proposal] = (),
) -> str:
    """The whole page: `daily` is counts per day and reply kind, `waiting` open suggestions."""
    days = days_between(report.since.date(), report.until.date())
    keys = [d.isoformat() for d in days]
    counts = daily or {}
    series = [
        Series(label, colour, tuple(sum(counts.get(k, {}).get(n, 0) for n in kinds) for k in keys))
        for label, kinds, colour in GROUPS
    ]
    labels = [d.strftime("%d/%m") for d in days]
    answered, asked = (
        series[0].values,
        [sum(s.values[i] for s in series[:3]) for i in range(len(days))],
    )
    shares = [a / n if n else None for a, n in zip(answered, asked, strict=True)]
    total_asked = sum(asked)
    rate = f"{sum(answered) / total_asked:.0%}" if total_asked else "–"
    period = f"{report.since:%d/%m/%Y %H:%M} – {report.until:%d/%m/%Y %H:%M} UTC"
    body = [
        f"<h1>Rapporto per chi cura le FAQ: ultimi {report.days} giorni</h1>",
        f'<p class="period">{escape(period)}</p>',
        '<section class="tiles" id="totals">',
        *(
            f'<div class="tile" data-kind="{escape(s.name)}"><b>{sum(s.values)}</b>'
            f"{escape(s.name)}</div>"
            for s in series
        ),
        f'<div class="tile" id="rate"><b>{rate}</b>domande con risposta</div>',
        "</section>",
        "<h2>Risposte al giorno, per tipo</h2>",
        stacked_bars("Risposte al giorno, per tipo", labels, series),
        '<p class="legend">',
        *(f'<span><i style="background:{s.colour}"></i>{escape(s.name)}</span>' for s in series),
        "</p>",
        "<h2>Quota di domande con risposta</h2>",
        share_line("Quota di domande con risposta, giorno per giorno", labels, shares),
        *_unanswered(report),
        *_thumbs_down(report),
        *_waiting(waiting),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="it"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Rapporto FAQ: ultimi {report.days} giorni</title><style>{_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def _unanswered(report: Report) -> list[str]:
    """The most frequent unanswered clusters, each with its nearest entry."""
    rows = [
        f'<tr><td class="n">{g.count}</td><td>{escape(shorten(g.question))}'
        + "".join(f"<br><small>anche: {escape(shorten(v, 80))}</small>" for v in g.variants)
        + f"</td><td>{escape(g.closest or '–')}</td></tr>"
        for g in report.unanswered[:TOP_GROUPS]
    ]
    head = "<tr><th>volte</th><th>domanda</th><th>voce più vicina</th></tr>"
    return ["<h2>Domande senza risposta, le più frequenti</h2>", *_table("unanswered", head, rows)]


def _thumbs_down(report: Report) -> list[str]:
    """Entries by share of 👎, with a bar for the share."""
    rows = [
        f'<tr><td>{escape(f.entry_id)}</td><td class="n">'
        f'<span class="bar" style="width:{round(60 * f.down_share)}px"></span> '
        f'{f.down_share:.0%}</td><td class="n">{f.down}</td><td class="n">{f.up}</td></tr>'
        for f in report.feedback
    ]
    head = "<tr><th>voce</th><th>quota di 👎</th><th>👎 negativi</th><th>👍 positivi</th></tr>"
    return ["<h2>Voci per quota di voti negativi</h2>", *_table("feedback", head, rows)]


def _waiting(waiting: Sequence[Proposal]) -> list[str]:
    """The suggestions waiting for a curator, with the command that acts on them."""
    rows = [
        f"<tr><td><code>{escape(p.id)}</code></td><td>{escape(KIND_NAMES.get(p.kind, p.kind))}"
        f"</td><td>{escape(shorten(p.text))}</td><td>{escape(_target(p))}</td>"
        f'<td class="n">{p.evidence}</td></tr>'
        for p in waiting
    ]
    head = "<tr><th>id</th><th>proposta</th><th>testo</th><th>voce</th><th>prove</th></tr>"
    note = (
        "<p>Con <code>faq-bot suggest --apply ID</code> una formulazione entra nel file YAML "
        "della voce; con <code>--reject ID</code> la proposta non compare più.</p>"
    )
    return ["<h2>Proposte in attesa</h2>", *_table("suggestions", head, rows), note]


def _target(proposal: Proposal) -> str:
    """The entry a proposal changes; for a new entry, the nearest ones."""
    nearest = ", ".join(entry for entry, _ in proposal.nearest)
    return proposal.entry or (f"vicine: {nearest}" if nearest else "–")


def _table(name: str, head: str, rows: list[str]) -> list[str]:
    """A table that scrolls sideways on a narrow screen; a short note when it is empty."""
    if not rows:
        return [f'<p class="empty" id="{name}">Nessuna.</p>']
    return [f'<div class="scroll"><table id="{name}">{head}', *rows, "</table></div>"]


def write(path: Path, text: str) -> None:
    """Write the page to `path`, making its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
