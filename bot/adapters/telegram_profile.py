"""The bot's Telegram profile from the FAQ folder: descriptions and command lists per scope.

Set at start-up and after every reload, each only when it differs from what
this process last set: an unchanged FAQ sends nothing. The descriptions come
from ``profile.yaml`` (``description``, ``short_description``), in Italian, for
the "it" language code and as the default for every other; the full command
list is the default (private chats fall back to it), the short one is for groups.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from functools import partial

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeDefault

from bot.answering.replies import Replies

LANGUAGES = ("it", None)  # Italian readers, and the default for everyone else


class TelegramProfile:
    """What this process last told Telegram about the bot, so nothing is sent twice."""

    def __init__(self) -> None:
        self._sent: dict[Hashable, Hashable] = {}

    async def apply(self, bot: Bot, replies: Replies) -> None:
        """Tell Telegram the profile and commands of `replies`' FAQ, what changed only."""
        profile = replies.profile
        full = tuple(BotCommand(name, text) for name, text in replies.commands())
        short = tuple(BotCommand(name, text) for name, text in replies.group_commands())
        await self._once(
            ("commands", "default"),
            full,
            partial(bot.set_my_commands, full, scope=BotCommandScopeDefault()),
        )
        await self._once(
            ("commands", "groups"),
            short,
            partial(bot.set_my_commands, short, scope=BotCommandScopeAllGroupChats()),
        )
        for language in LANGUAGES:
            if profile.description:
                await self._once(
                    ("description", language),
                    profile.description,
                    partial(bot.set_my_description, profile.description, language_code=language),
                )
            if profile.short_description:
                await self._once(
                    ("short_description", language),
                    profile.short_description,
                    partial(
                        bot.set_my_short_description,
                        profile.short_description,
                        language_code=language,
                    ),
                )

    async def _once(
        self, key: Hashable, value: Hashable, call: Callable[[], Awaitable[object]]
    ) -> None:
        """Make `call` unless `value` is what was last set under `key`; remember it once done."""
        if self._sent.get(key) == value:
            return
        await call()
        self._sent[key] = value
