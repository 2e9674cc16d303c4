"""Telegram renderings of a `Reply`: inline keyboards and inline-mode results.

Nothing here decides what to say; `bot.answering.replies` has already chosen the text
and the buttons, and escaped every dynamic string.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    SwitchInlineQueryChosenChat,
)
from telegram.constants import InlineKeyboardButtonLimit, ParseMode

from bot.answering.models import Button, Entry, Reply

DESCRIPTION_LIMIT = 100  # clients show about two lines under the title of an inline result


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard; None when it has none."""
    rows = [[_button(button) for button in row] for row in reply.buttons]
    # Telegram rejects the whole message if one button's data is too long; the reply
    # layer keeps them short, this only guards against a future regression.
    rows = [[b for b in row if _fits(b)] for row in rows]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def _button(button: Button) -> InlineKeyboardButton:
    """A callback button, or a share button opening inline mode in a chat the reader picks."""
    if button.share is None:
        return InlineKeyboardButton(button.label, callback_data=button.data)
    chosen = SwitchInlineQueryChosenChat(
        query=button.share,
        allow_user_chats=True,
        allow_group_chats=True,
        allow_channel_chats=True,
        allow_bot_chats=False,
    )
    return InlineKeyboardButton(button.label, switch_inline_query_chosen_chat=chosen)


def articles(offers: Iterable[tuple[Entry, Reply]]) -> list[InlineQueryResultArticle]:
    """One inline-mode article per offer: the entry's label, its answer's start, the reply."""
    return [
        InlineQueryResultArticle(
            id=entry.id,
            title=entry.label,
            description=snippet(entry.answer),
            input_message_content=InputTextMessageContent(reply.text, parse_mode=ParseMode.HTML),
        )
        for entry, reply in offers
    ]


def snippet(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """The start of `text`, cut at a word boundary, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def _fits(button: InlineKeyboardButton) -> bool:
    """Whether the button's callback data is within Telegram's 64-byte limit."""
    if button.switch_inline_query_chosen_chat is not None:
        return True
    data = button.callback_data
    size = len(data.encode()) if isinstance(data, str) else 0
    return 0 < size <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
