"""The bot's Telegram profile and scoped commands, through PTB's request seam."""

from __future__ import annotations

import dataclasses

from bot.answering.replies import Replies
from tests.helpers.chat import Chat


async def start(chat: Chat) -> None:
    """Run the application's start-up hook, as run_polling and the webhook do."""
    post_init = chat.application.post_init
    assert post_init is not None
    await post_init(chat.application)


async def reloaded(chat: Chat, replies: Replies) -> None:
    """Tell every listener of the live FAQ that `replies` was loaded, as a reload does."""
    for listener in chat.live.listeners:
        await listener(replies)


async def test_start_up_sets_descriptions_and_commands_per_scope(
    chat: Chat, replies: Replies
) -> None:
    """Italian descriptions ("it" and default); all commands by default, a short list in groups."""
    chat.request.clear()
    await start(chat)
    profile = replies.profile
    descriptions = chat.request.sent("setMyDescription")
    assert [(d["description"], d.get("language_code")) for d in descriptions] == [
        (profile.description, "it"),
        (profile.description, None),
    ]
    shorts = chat.request.sent("setMyShortDescription")
    assert [s["short_description"] for s in shorts] == [profile.short_description] * 2
    scoped = {c["scope"]["type"]: c["commands"] for c in chat.request.sent("setMyCommands")}
    assert [c["command"] for c in scoped["default"]] == [n for n, _ in replies.commands()]
    assert [c["command"] for c in scoped["all_group_chats"]] == [
        n for n, _ in replies.group_commands()
    ]


async def test_nothing_is_sent_again_when_unchanged(chat: Chat, replies: Replies) -> None:
    """A reload with the same profile and commands makes no call; a changed text is sent alone."""
    await start(chat)
    chat.request.clear()
    await reloaded(chat, chat.live.current)
    assert chat.request.calls == []
    changed = dataclasses.replace(replies.profile, short_description="Una descrizione nuova.")
    knowledge = dataclasses.replace(replies.knowledge, profile=changed)
    await reloaded(chat, Replies(knowledge, replies.engine))
    assert [name for name, _ in chat.request.calls] == ["setMyShortDescription"] * 2
    assert chat.request.calls[0][1]["short_description"] == "Una descrizione nuova."
