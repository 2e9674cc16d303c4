"""The one place that decides what the bot says, for Telegram and console alike.

A command, a message or a button tap goes in; a `Reply` (Telegram HTML and
buttons) comes out. Adapters only render it. Every dynamic string is escaped
here, so no reader's text can ever become markup.

Given a `Thread` (one conversation of a `Conversations` store), a question is
read in the context of the previous ones, and a command or button that shows
an entry makes that entry the context, as a typed question would.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

from bot.answering import texts
from bot.answering.conversation import Thread, Turn
from bot.answering.engine import Engine
from bot.answering.models import Button, Entry, Kind, Knowledge, Menu, Reply, Result

MAX_QUESTION = 1000  # longer messages are cut before matching: no question needs more
INLINE_LIMIT = 10
SOURCE_LIMIT = 300
SHARE_LIMIT = 256  # Telegram's limit for an inline query
MAX_OFFERED = 2  # entries offered as buttons when the article does not say what is asked
VOTE = "v"  # callback data "v:<entry id>:1" is 👍, ":0" is 👎
ENTRY = "e"  # callback data "e:<entry id>" shows an entry
DECLINE = "n"  # callback data of "none of these", under "Forse intendevi…"
HELP = "aiuto"
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
        self.profile = knowledge.profile
        self.engine = engine or Engine(knowledge)
        self.menus = {menu.command: menu for menu in self.profile.menus}
        self.numbered = {m.numbered.command: m for m in self.profile.menus if m.numbered}
        # Every command answered, aliases included: the one list adapters and counters use.
        self.names = frozenset(name for name, _ in self.commands()) | frozenset(texts.ALIASES)

    def commands(self) -> list[tuple[str, str]]:
        """Every listed command with its Italian description, fixed ones first."""
        listed = list(texts.COMMANDS_FIRST.items())
        for menu in self.profile.menus:
            listed.append((menu.command, menu.description))
            if menu.numbered is not None:
                listed.append((menu.numbered.command, menu.numbered.description))
        listed += texts.COMMANDS_LAST.items()
        fixed = {name for name, _ in listed}
        for entry in self.knowledge.entries:
            if entry.command and entry.command not in fixed:
                listed.append((entry.command, entry.label))
        return listed

    def handle(self, text: str, thread: Thread[Any] | None = None) -> Reply:
        """Reply to any text a reader sends: a command or a question."""
        parsed = parse_command(text)
        if parsed is not None:
            name, args, _ = parsed
            return self.command(name, args, thread=thread)
        return self.question(text, thread)

    def command(
        self,
        name: str,
        args: str = "",
        bot_username: str | None = None,
        thread: Thread[Any] | None = None,
    ) -> Reply:
        """Reply to /name args; `bot_username` adds the group tips to the help."""
        if texts.ALIASES.get(name, name) == "faq" and args.strip():
            return self.question(args, thread)  # "/faq question" is a question in context
        return self._shown(self._command(name, args, bot_username), thread)

    def _command(self, name: str, args: str, bot_username: str | None) -> Reply:
        """The reply to a command, context aside."""
        name = texts.ALIASES.get(name, name)
        if name == "start":
            return self._opened(args) if args else self._start()
        if name == HELP:
            return self.help(bot_username)
        if name == "fonte":
            return self._fonte()
        if name == "faq":
            return self.question(args) if args.strip() else Reply(self._faq_usage())
        if name in self.numbered:
            return self._numbered(self.numbered[name], args)
        entry = self.knowledge.by_command.get(name)
        if entry is not None:
            return self.entry(entry)
        if name in self.menus:
            menu = self.menus[name]
            return Reply(menu.heading or escape(menu.description), self._menu(menu.name))
        return Reply(texts.UNKNOWN_COMMAND.format(command=escape("/" + name[:32])))

    def help(self, bot_username: str | None = None) -> Reply:
        """The commands and how to ask."""
        short = ", ".join(
            texts.HELP_EXAMPLE.format(question=q) for q in self.profile.short_examples
        )
        examples = texts.HELP_EXAMPLES.format(examples=short) if short else ""
        lines = [texts.HELP_HEAD.format(examples=examples, about=self.profile.about)]
        lines += [f"/{name} – {escape(description)}" for name, description in self.commands()]
        text = "\n".join(lines)
        if bot_username:
            text += texts.HELP_GROUPS.format(bot=escape(bot_username))
        return Reply(text)

    def question(self, text: str, thread: Thread[Any] | None = None) -> Reply:
        """Reply to a free-text question, in `thread`'s context if given.

        Only its first MAX_QUESTION characters count.
        """
        if not text.strip():
            example = self.profile.example
            empty = texts.EMPTY if example else texts.EMPTY_PLAIN
            return Reply(empty.format(topic=self.profile.topic, example=example))
        if thread is None:
            return self.result(self.engine.ask(text[:MAX_QUESTION]))
        return self.turn(thread.ask(self.engine, text[:MAX_QUESTION]))

    def turn(self, turn: Turn) -> Reply:
        """Render one turn of a conversation: its verdict and the question it was read as."""
        reply = self.result(turn.result)
        return reply if turn.resolved is None else replace(reply, resolved=turn.resolved)

    def result(self, result: Result) -> Reply:
        """Render the engine's verdict."""
        if result.kind is Kind.SMALLTALK:
            return Reply(self._smalltalk(result.smalltalk), kind=Kind.SMALLTALK, result=result)
        if result.kind is Kind.ANSWER and result.best is not None:
            shown = self.entry(result.best.entry)
            return Reply(shown.text, shown.buttons, shown.entry_id, Kind.ANSWER, result)
        if result.kind is Kind.COMPARE and result.best is not None and result.second is not None:
            return self._compare(result)
        if result.kind in (Kind.NOT_SAID, Kind.OPINION):
            return self._offer(result)
        buttons = tuple((_entry_button(s.entry),) for s in result.alternatives)
        if result.kind is Kind.CLARIFY:
            # The last choice lets a reader say none fits: that question is one to write.
            buttons += ((Button(texts.NONE_OF_THESE, DECLINE),),)
            return Reply(texts.CLARIFY, buttons, kind=Kind.CLARIFY, result=result)
        text = texts.FALLBACK.format(commands=self._look_at())
        text += texts.FALLBACK_SUGGEST if buttons else ""
        return Reply(text, buttons, kind=Kind.FALLBACK, result=result)

    def _look_at(self) -> str:
        """The commands to suggest when nothing fits: the first menu's and the help."""
        first = [f"/{menu.command}" for menu in self.profile.menus[:1]]
        return texts.AND.join([*first, f"/{HELP}"])

    def _declined(self) -> Reply:
        """Thanks for "none of these", and how to ask again."""
        example = self.profile.example
        shown = texts.DECLINED_EXAMPLE.format(example=example) if example else ""
        text = texts.DECLINED.format(example=shown, commands=self._look_at())
        return Reply(text, declined=True)

    def _offer(self, result: Result) -> Reply:
        """What the article does not say, or an opinion declined: the entry on topic as a button."""
        if result.kind is Kind.OPINION:
            head, offer = texts.OPINION, texts.OPINION_OFFER
        else:
            head = texts.NOT_SAID.get(result.asked or "", texts.NOT_SAID_ANY)
            if result.says is not None:  # the curated answer's own words on what is left out
                head = escape(_sentence(result.says))
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
        menu = self.menus.get(entry.command) if entry.command else None
        buttons = self._menu(menu.name) if menu is not None else ()
        related = [self.knowledge.by_id[r] for r in entry.related if r in self.knowledge.by_id]
        buttons += tuple(
            (_entry_button(r),) for r in related if menu is None or r.menu != menu.name
        )
        feedback = (
            Button(texts.VOTE_UP, f"{VOTE}:{entry.id}:1"),
            Button(texts.VOTE_DOWN, f"{VOTE}:{entry.id}:0"),
        )
        share = (Button(texts.SHARE, "", share=entry.question[:SHARE_LIMIT]),)
        return Reply(text, (*buttons, feedback, share), entry.id)

    def callback(self, data: str, thread: Thread[Any] | None = None) -> Reply:
        """Reply to a button tap; a vote is thanked; stale or forged data gets a polite notice."""
        return self._shown(self._callback(data), thread)

    def _shown(self, reply: Reply, thread: Thread[Any] | None) -> Reply:
        """`reply`; an entry it shows on request becomes `thread`'s context."""
        shown = reply.entry_id if reply.vote is None and reply.result is None else None
        if thread is not None and shown is not None:
            thread.tap(self.engine, shown)
        return reply

    def _callback(self, data: str) -> Reply:
        """The reply to a button tap, context aside."""
        prefix, _, value = data.partition(":")
        entry_id, _, up = value.rpartition(":")
        if prefix == VOTE and up in {"0", "1"} and entry_id in self.knowledge.by_id:
            return Reply(texts.VOTE_THANKS, entry_id=entry_id, vote=up == "1")
        if prefix == ENTRY and value in self.knowledge.by_id:
            return self.entry(self.knowledge.by_id[value])
        if data == DECLINE:
            return self._declined()
        if prefix == "c" and value in {*self.menus, HELP, "fonte"}:
            return self.command(value)
        return Reply(texts.STALE_BUTTON.format(command=self._browse()))

    def inline(self, query: str) -> tuple[tuple[Entry, Reply], ...]:
        """Entries to offer for an inline query, each with its reply; the first menu when empty."""
        if not query.strip():
            menu = self.profile.menus[0].name if self.profile.menus else None
            found = self.knowledge.menu(menu) if menu else ()
        else:
            ranked = self.engine.rank(query[:MAX_QUESTION])
            floor = self.engine.thresholds.suggest
            found = tuple(r.scored.entry for r in ranked if r.scored.score >= floor)
        return tuple((entry, self.entry(entry)) for entry in found[:INLINE_LIMIT])

    def _start(self) -> Reply:
        """Welcome, with the profile's start buttons and their commands."""
        buttons: list[tuple[Button, ...]] = []
        commands: list[str] = []
        for kind, name in self.profile.start:
            if kind == "menu":
                menu = next(m for m in self.profile.menus if m.name == name)
                buttons.append((Button(menu.button, f"c:{menu.command}"),))
                commands.append(f"/{menu.command}")
            elif (entry := self.knowledge.by_id.get(name)) is not None:
                buttons.append((_entry_button(entry),))
                commands += [f"/{entry.command}"] if entry.command else []
        examples = "\n".join(
            texts.WELCOME_EXAMPLE.format(question=q) for q in self.profile.examples
        )
        ask = texts.WELCOME_ASK.format(examples=examples) if examples else texts.WELCOME_ASK_PLAIN
        listed = texts.WELCOME_COMMANDS.format(commands=", ".join(commands)) if commands else ""
        text = texts.WELCOME.format(about=self.profile.about, ask=ask, commands=listed)
        return Reply(text, tuple(buttons))

    def _opened(self, payload: str) -> Reply:
        """A deep link's ``/start <entry id>``: that entry; a stale or forged one, the welcome."""
        entry = self.knowledge.by_id.get(payload.strip())
        if entry is not None:
            return self.entry(entry)
        welcome = self._start()
        return Reply(texts.STALE_LINK + welcome.text, welcome.buttons)

    def group_commands(self) -> list[tuple[str, str]]:
        """The short command list for groups: the profile's choice, else help, /faq and menus."""
        chosen = self.profile.group_commands or (
            HELP,
            "faq",
            *(menu.command for menu in self.profile.menus),
        )
        listed = dict(self.commands())
        return [(name, listed[name]) for name in chosen if name in listed]

    def _fonte(self) -> Reply:
        """What the article is, and what the bot covers, theme by theme, from the entries."""
        lines = [texts.FONTE_COVERED.format(entries=len(self.knowledge.entries))]
        for theme, ids in self.knowledge.themes:
            labels = "; ".join(escape(self.knowledge.by_id[i].label) for i in ids)
            if labels:
                lines.append(texts.FONTE_THEME.format(theme=escape(theme), labels=labels))
        profile = self.profile
        covered = "\n".join(lines)
        return Reply(
            texts.FONTE.format(source=profile.source, about=profile.about, covered=covered)
        )

    def _numbered(self, menu: Menu, args: str) -> Reply:
        """/cmd N: the menu's N-th entry, else the menu's usage note."""
        assert menu.numbered is not None
        number = args.strip().rstrip("°º")
        items = self.knowledge.menu(menu.name)
        if number.isdecimal() and 1 <= int(number) <= len(items):
            return self.entry(items[int(number) - 1])
        return Reply(menu.numbered.usage)

    def _faq_usage(self) -> str:
        """How to use /faq, with the profile's example question."""
        example = self.profile.example
        return texts.FAQ_USAGE.format(example=example) if example else texts.FAQ_USAGE_PLAIN

    def _smalltalk(self, intent: str | None) -> str:
        """The small-talk reply: the profile's wording, else the bot's own."""
        intent = intent if intent in texts.SMALLTALK else "help"
        own = texts.SMALLTALK[intent].format(topic=self.profile.topic, about=self.profile.about)
        return self.profile.smalltalk.get(intent, own)

    def _browse(self) -> str:
        """The command to suggest for browsing: the first menu's, else the help."""
        return f"/{self.profile.menus[0].command}" if self.profile.menus else f"/{HELP}"

    def _menu(self, name: str) -> tuple[tuple[Button, ...], ...]:
        """One button per entry of a menu."""
        return tuple((_entry_button(e),) for e in self.knowledge.menu(name))


def _entry_button(entry: Entry) -> Button:
    """A button that shows `entry`; ids are short, so the data stays under 64 bytes."""
    return Button(entry.label, f"{ENTRY}:{entry.id}")


def offered(reply: Reply) -> tuple[str, ...]:
    """The entries a reply shows or offers as buttons, by id: what a reader may pick from it."""
    ids = [reply.entry_id] if reply.entry_id is not None else []
    for row in reply.buttons:
        for button in row:
            prefix, _, value = button.data.partition(":")
            if prefix == ENTRY and value not in ids:
                ids.append(value)
    return tuple(ids)


def _sentence(clause: str) -> str:
    """A clause of an answer as a sentence of its own: a capital first, a full stop last."""
    text = clause.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."
