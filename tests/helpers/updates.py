"""Factories of Bot API update payloads, shaped as Telegram sends them.

They return plain dicts: `Update.de_json` turns them into real PTB objects for
in-process tests, and the HTTP stand-in serves them as they are to a bot
running in a subprocess.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from tests.helpers.recording import BOT_USER

USER: dict[str, Any] = {"id": 4242, "is_bot": False, "first_name": "Giulia", "language_code": "it"}
OTHER_USER: dict[str, Any] = {"id": 5151, "is_bot": False, "first_name": "Marco"}
PRIVATE: dict[str, Any] = {"id": 4242, "type": "private", "first_name": "Giulia"}
GROUP: dict[str, Any] = {"id": -1001234567890, "type": "supergroup", "title": "Gruppo di prova"}

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_COMMAND = re.compile(r"^/\w+(?:@\w+)?")
_MENTION = re.compile(r"@\w+")


def _utf16(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram would attach to `text`."""
    found = []
    command = _COMMAND.match(text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group())})
    start = command.end() if command else 0
    for mention in _MENTION.finditer(text, start):
        offset = _utf16(text[: mention.start()])
        found.append({"type": "mention", "offset": offset, "length": _utf16(mention.group())})
    return found


def message_dict(
    text: str | None = None,
    *,
    chat: dict[str, Any] = PRIVATE,
    sender: dict[str, Any] = USER,
    reply_to: dict[str, Any] | None = None,
    **content: Any,
) -> dict[str, Any]:
    """A message: text (with its entities) or other `content` such as a sticker."""
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
        **content,
    }
    if text is not None:
        message["text"] = text
        if found := entities(text):
            message["entities"] = found
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return message


def message(text: str | None = None, *, edited: bool = False, **kwargs: Any) -> dict[str, Any]:
    """An update carrying a new (or edited) message."""
    key = "edited_message" if edited else "message"
    body = message_dict(text, **kwargs)
    if edited:
        body["edit_date"] = body["date"]
    return {"update_id": next(_update_ids), key: body}


def bot_message(text: str = "Risposta del bot", chat: dict[str, Any] = GROUP) -> dict[str, Any]:
    """A message the bot itself sent, to reply to."""
    return message_dict(text, chat=chat, sender=BOT_USER)


def callback(
    data: str,
    *,
    chat: dict[str, Any] | None = PRIVATE,
    sender: dict[str, Any] = USER,
    message_id: int | None = None,
    on: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A button tap; `on` is the tapped message, `chat=None` one sent through inline mode.

    `message_id` is the bot message tapped (by default a new one).
    """
    query: dict[str, Any] = {
        "id": str(next(_update_ids)),
        "from": sender,
        "chat_instance": "ci-1",
        "data": data,
    }
    if chat is None:
        query["inline_message_id"] = "inline-msg-1"
    else:
        query["message"] = bot_message(chat=chat) if on is None else on
        if message_id is not None:
            query["message"]["message_id"] = message_id
    return {"update_id": next(_update_ids), "callback_query": query}


def inline_query(query: str) -> dict[str, Any]:
    """An inline query, "@bot <query>" typed in any chat."""
    body = {"id": f"iq{next(_update_ids)}", "from": USER, "query": query, "offset": ""}
    return {"update_id": next(_update_ids), "inline_query": body}


STICKER = {
    "file_id": "CAAC-sticker",
    "file_unique_id": "u-sticker",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
    "type": "regular",
}
PHOTO = [{"file_id": "AgAC-photo", "file_unique_id": "u-photo", "width": 90, "height": 90}]
VOICE = {"file_id": "AwAC-voice", "file_unique_id": "u-voice", "duration": 3}
LOCATION = {"latitude": 48.8566, "longitude": 2.3522}
DOCUMENT = {"file_id": "BQAC-doc", "file_unique_id": "u-doc", "file_name": "domande.pdf"}
