"""The one place that decides what the bot says, for Telegram and console alike.

A command, a message or a button tap goes in; a `Reply` (Telegram HTML and
buttons) comes out. Adapters only render it. Every dynamic string is escaped
here, so no reader's text can ever become markup.
"""

from __future__ import annotations

import html
import re

from bot.answering import texts
from bot.answering.engine import Engine
from bot.answering.models import Button, Entry, Kind, Knowledge, Reply, Result

MAX_QUESTION = 1000  # longer messages are cut before matching: no question needs more
INLINE_LIMIT = 10
SOURCE_LIMIT = 300
MAX_OFFERED = 2  # entries offered as buttons when the article does not say what is asked
PILLAR_COMMAND = "pilastro"
VOTE = "v"  # callback data "v:<entry id>:1" is 👍, ":0" is 👎
PILLARS = range(1, 6)
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@(\w+))?(?:\s+(.*))?$", re.DOTALL)


def escape(text: str) -> str:
    """Escape text for Telegram HTML."""
    return html.escape(text, quote=False)


def parse_command(text: str) -> tuple[str, str, str | None] | None:
    """Split "/cmd@bot args" into (cmd, args, bot); None when it is not a command."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(3) or "").strip(), match.group(2)


class Replies:
    """Turns commands, messages and button taps into replies using one FAQ."""

    def __init__(self, knowledge: Knowledge, engine: Engine | None = None) -> None:
        self.knowledge = knowledge
        self.engine = engine or Engine(knowledge)
        self.names = frozenset(name for name, _ in self.commands())

    def commands(self) -> list[tuple[str, str]]:
        """Every command with its Italian description, fixed ones first."""
        listed = [(name, description) for name, description in texts.COMMANDS.items()]
        fixed = {name for name, _ in listed}
        for entry in self.knowledge.entries:
            if entry.command and entry.command not in fixed:
                listed.append((entry.command, entry.label))
        return listed

    def handle(self, text: str) -> Reply:
        """Reply to any text a reader sends: a command or a question."""
        parsed = parse_command(text)
        if parsed is not None:
            name, args, _ = parsed
            return self.command(name, args)
        return self.question(text)

    def command(self, name: str, args: str = "", bot_username: str | None = None) -> Reply:
        """Reply to /name args; `bot_username` adds the group tips to the help."""
        if name == "start":
            return self._start()
        if name in {"aiuto", "help"}:
            return self.help(bot_username)
        if name == "paesi":
            return Reply(texts.COUNTRIES_HEAD, self._menu("paesi"))
        if name == "fonte":
            return Reply(texts.FONTE.format(article=texts.ARTICLE))
        if name == "faq":
            return self.question(args) if args.strip() else Reply(texts.FAQ_USAGE)
        if name == PILLAR_COMMAND:
            return self._pillar(args)
        entry = self.knowledge.by_command.get(name)
        if entry is not None:
            return self.entry(entry)
        return Reply(texts.UNKNOWN_COMMAND.format(command=escape("/" + name[:32])))

    def help(self, bot_username: str | None = None) -> Reply:
        """The commands and how to ask."""
        lines = [texts.HELP_HEAD.format(article=texts.ARTICLE)]
        lines += [f"/{name} – {escape(description)}" for name, description in self.commands()]
        text = "\n".join(lines)
        if bot_username:
            text += texts.HELP_GROUPS.format(bot=escape(bot_username))
        return Reply(text)

    def question(self, text: str) -> Reply:
        """Reply to a free-text question."""
        if not text.strip():
            return Reply(texts.EMPTY)
        return self.result(self.engine.ask(text[:MAX_QUESTION]))

    def result(self, result: Result) -> Reply:
        """Render the engine's verdict."""
        if result.kind is Kind.SMALLTALK:
            reply = texts.SMALLTALK.get(result.smalltalk or "", texts.SMALLTALK["help"])
            return Reply(reply, kind=Kind.SMALLTALK, result=result)
        if result.kind is Kind.ANSWER and result.best is not None:
            shown = self.entry(result.best.entry)
            return Reply(shown.text, shown.buttons, shown.entry_id, Kind.ANSWER, result)
        if result.kind is Kind.COMPARE and result.best is not None and result.second is not None:
            return self._compare(result)
        if result.kind in (Kind.NOT_SAID, Kind.OPINION):
            return self._offer(result)
        buttons = tuple((_entry_button(s.entry),) for s in result.alternatives)
        if result.kind is Kind.CLARIFY:
            return Reply(texts.CLARIFY, buttons, kind=Kind.CLARIFY, result=result)
        text = texts.FALLBACK + (texts.FALLBACK_SUGGEST if buttons else "")
        return Reply(text, buttons, kind=Kind.FALLBACK, result=result)

    def _offer(self, result: Result) -> Reply:
        """What the article does not say, or an opinion declined: the entry on topic as a button."""
        if result.kind is Kind.OPINION:
            head, offer = texts.OPINION, texts.OPINION_OFFER
        else:
            head = texts.NOT_SAID.get(result.asked or "", texts.FALLBACK)
            offer = texts.NOT_SAID_OFFER
        offered = [s for s in (result.best, *result.alternatives) if s is not None]
        buttons = tuple((_entry_button(s.entry),) for s in offered[:MAX_OFFERED])
        return Reply(head + (offer if buttons else ""), buttons, kind=result.kind, result=result)

    def _compare(self, result: Result) -> Reply:
        """Two entries side by side, each with its own excerpt."""
        assert result.best is not None
        assert result.second is not None
        sides = (result.best.entry, result.second.entry)
        text = "\n\n".join(self._card(entry) for entry in sides)
        buttons = tuple((_entry_button(entry),) for entry in sides)
        return Reply(text, buttons, kind=Kind.COMPARE, result=result)

    def _card(self, entry: Entry) -> str:
        """An entry's heading, answer and supporting excerpt, as HTML."""
        excerpt = entry.source[0]
        if len(excerpt) > SOURCE_LIMIT:
            excerpt = excerpt[:SOURCE_LIMIT].rsplit(" ", 1)[0] + " …"
        return (
            f"<b>{escape(entry.label)}</b>\n{escape(entry.answer)}\n\n"
            f"<i>{texts.SOURCE_LABEL}: «{escape(excerpt)}»</i>"
        )

    def entry(self, entry: Entry) -> Reply:
        """An FAQ entry: heading, answer, the supporting excerpt and follow-ups."""
        text = self._card(entry)
        buttons = self._menu(entry.command) if entry.command else ()
        related = [self.knowledge.by_id[r] for r in entry.related if r in self.knowledge.by_id]
        buttons += tuple(
            (_entry_button(r),) for r in related if not entry.command or r.menu != entry.command
        )
        feedback = (
            Button(texts.VOTE_UP, f"{VOTE}:{entry.id}:1"),
            Button(texts.VOTE_DOWN, f"{VOTE}:{entry.id}:0"),
        )
        return Reply(text, (*buttons, feedback), entry.id)

    def callback(self, data: str) -> Reply:
        """Reply to a button tap; stale or forged data gets a polite notice."""
        vote = self.vote(data)
        if vote is not None:
            return Reply(texts.VOTE_THANKS, entry_id=vote[0])
        prefix, _, value = data.partition(":")
        if prefix == "e" and value in self.knowledge.by_id:
            return self.entry(self.knowledge.by_id[value])
        if prefix == "c" and value in {"paesi", "pilastri", "aiuto", "fonte"}:
            return self.command(value)
        return Reply(texts.STALE_BUTTON)

    def vote(self, data: str) -> tuple[str, bool] | None:
        """The (entry id, thumbs up) of a 👍/👎 tap on a current entry, else None."""
        prefix, _, rest = data.partition(":")
        entry_id, _, up = rest.rpartition(":")
        if prefix != VOTE or up not in {"0", "1"} or entry_id not in self.knowledge.by_id:
            return None
        return entry_id, up == "1"

    def inline(self, query: str) -> tuple[Entry, ...]:
        """Entries to offer for an inline query; the pillars when it is empty."""
        if not query.strip():
            return self.knowledge.menu("pilastri")
        ranked = self.engine.rank(query[:MAX_QUESTION])
        floor = self.engine.thresholds.suggest
        return tuple(r.scored.entry for r in ranked if r.scored.score >= floor)[:INLINE_LIMIT]

    def _start(self) -> Reply:
        """Welcome, with buttons for the pillars and for Italy."""
        buttons: list[tuple[Button, ...]] = [(Button("🏛 I cinque pilastri", "c:pilastri"),)]
        italy = self.knowledge.by_command.get("italia")
        if italy is not None:
            buttons.append((_entry_button(italy),))
        buttons.append((Button("🌍 Le posizioni dei Paesi", "c:paesi"),))
        return Reply(texts.WELCOME.format(article=texts.ARTICLE), tuple(buttons))

    def _pillar(self, args: str) -> Reply:
        """/pilastro N for N in 1-5, else a usage note."""
        number = args.strip().rstrip("°º")
        entry = None
        if number.isdecimal() and int(number) in PILLARS:
            entry = self.knowledge.by_command.get(f"{PILLAR_COMMAND}{int(number)}")
        return self.entry(entry) if entry is not None else Reply(texts.PILLAR_USAGE)

    def _menu(self, name: str) -> tuple[tuple[Button, ...], ...]:
        """One button per entry of a menu."""
        return tuple((_entry_button(e),) for e in self.knowledge.menu(name))


def _entry_button(entry: Entry) -> Button:
    """A button that shows `entry`; ids are short, so the data stays under 64 bytes."""
    return Button(entry.label, f"e:{entry.id}")
