"""``faq-bot new ARTICLE.txt DIR``: a working FAQ folder for another article.

The folder gets the article, a profile and a starter entries file whose
places to fill in say ``TODO``, a synonyms file and a README on the format.
It loads at once, so ``faq-bot lint DIR`` names what is left to write.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.answering import coverage

TODO = "TODO"

PROFILE = """\
# The bot's profile: what it says about the article as a whole. Replace every TODO.
# Every text is Telegram HTML: <b>, <i>, <u>, <s>, <code>, <pre>; write &lt; &gt; &amp; for < > &.
article: {article}  # the article, in this folder; every `source` excerpt is checked against it

# The article's title and date line, completing "Rispondo solo ..." in /start, /aiuto and /fonte.
about: "TODO sull'articolo «titolo», del giorno mese anno"
topic: "TODO sull'argomento"  # the short form: "Scrivimi una domanda ..."
source: "TODO Un articolo di cronaca in italiano"  # what the article is, for /fonte
# Plain text for the Telegram profile: an empty chat (<= 512 chars), the profile page (<= 120).
description: "TODO Rispondo alle domande sull'articolo «titolo»: ogni risposta cita l'articolo."
short_description: "TODO Domande e risposte sull'articolo «titolo»."

examples:  # shown by /start
  - "TODO una domanda a cui il bot risponde?"
example: "TODO una domanda breve?"  # shown when a question is missing
short_examples: []  # /aiuto: questions may be this short, e.g. [nome, luogo]

# Menus list the entries whose `menu:` is their name, in file order, shown by `command`.
# Add `numbered:` to a menu for "/cmd N" (see faq/profile.yaml of the project for an example).
menus: []
#  - name: temi
#    command: temi
#    description: "I temi in breve"
#    button: "📋 I temi"
#    heading: "<b>I temi</b>\\nScegli un tema:"

start: []  # buttons under the welcome: "- menu: temi" or "- entry: <id>"

smalltalk: {{}}  # optional wordings by intent: greeting, howareyou, thanks, identity, help
"""

ENTRIES = """\
# Entries of one theme; add files for more themes. Replace every TODO (see README.md).
theme: "TODO il nome del tema"
entries:
  - id: primo-fatto
    title: "TODO un titolo breve"
    questions:
      - "TODO la domanda principale?"
      - "TODO la stessa domanda con altre parole?"
      - "TODO una versione colloquiale?"
      - "TODO parole chiave"
    answer: >-
      TODO la risposta, in 1-5 frasi, fondata solo sull'estratto qui sotto.
    source:
      - {excerpt}
"""

SYNONYMS = """\
# Groups of words a reader may use for the same thing; the first is the canonical one.
groups: []
#  - [sindaco, primo cittadino]
subjects: []  # who a question can be about: answered only by an entry that names them too
"""

README = """\
# A FAQ folder

Everything the bot knows about one article: point FAQ_DIR at this folder.

- `{article}`: the article, UTF-8 text. Every `source` excerpt must occur in it word
  for word (whitespace and typographic quotes aside).
- `profile.yaml`: what the bot says about the article as a whole (welcome, help,
  /fonte, menus, start buttons, small talk). Comments explain each field.
- `synonyms.yaml`: words a reader may use for the same thing, and the subjects.
- any other `*.yaml`: entries, one file per theme. An entry has an `id`
  (kebab-case), at least 4 `questions`, an `answer` of 1-5 sentences (900
  characters at most), verbatim `source` excerpts, and optionally `title`,
  `command`, `menu` (a menu of the profile), `keywords`, `related` ids and
  `gives`: the kinds of answer it states (number, time, place, person, name),
  so "Quanti…?" or "Dove…?" is answered only by an entry that says it.

`faq-bot lint DIR` checks all of it and lists what is left: every TODO, every
phrasing answered by another entry, every sentence of the article no entry cites.
"""


class ScaffoldError(Exception):
    """The folder cannot be made; the message says why."""


def create(article: Path, folder: Path) -> list[Path]:
    """Make `folder` for `article`; the files written, in order."""
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"{article}: cannot read it as UTF-8 text ({exc})") from None
    found = coverage.sentences(text)
    if not found:
        raise ScaffoldError(f"{article}: the article has no text")
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder}: the folder exists and is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    name = "article.txt"
    files = {
        name: None,
        "profile.yaml": PROFILE.format(article=name),
        "temi.yaml": ENTRIES.format(excerpt=json.dumps(found[0].text, ensure_ascii=False)),
        "synonyms.yaml": SYNONYMS,
        "README.md": README.format(article=name),
    }
    written = []
    for file, content in files.items():
        path = folder / file
        if content is None:
            shutil.copyfile(article, path)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def todos(folder: Path) -> list[str]:
    """Every line of the folder's YAML files that still says TODO, as "file:line: text"."""
    return [
        f"  {path.name}:{number}: fill in: {line.strip()}"
        for path in sorted(folder.glob("*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if TODO in line and not line.lstrip().startswith("#")
    ]
