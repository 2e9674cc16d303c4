"""Logging for the running bot: one line per record on stderr, secrets blanked out."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from telegram.error import InvalidToken, NetworkError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str, hidden: Iterable[str | None]) -> str:
    """`text` with every secret in `hidden` (and a token's secret half) blanked out."""
    for secret in hidden:
        if secret:
            text = text.replace(secret, "[hidden]")
            text = text.replace(secret.partition(":")[2] or secret, "[hidden]")
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter that keeps secrets out of log lines and tracebacks alike."""

    def __init__(self, hidden: Iterable[str | None]) -> None:
        super().__init__(LOG_FORMAT)
        self.hidden = tuple(hidden)

    def format(self, record: logging.LogRecord) -> str:
        """The record as one redacted line (plus its redacted traceback, if any)."""
        return redact(super().format(record), self.hidden)

    def formatException(self, ei: Any) -> str:  # noqa: N802 (the name logging calls)
        """A traceback, except for network errors: their cause fits on one line."""
        if isinstance(ei[1], NetworkError):
            return f"{type(ei[1]).__name__}: {ei[1]}"
        return super().formatException(ei)


def _not_invalid_token(record: logging.LogRecord) -> bool:
    """Drop PTB's traceback for a rejected token: `run` reports it in one line."""
    return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))


def configure_logging(level: str, hidden: Iterable[str | None]) -> None:
    """Log to stderr at `level`, secrets redacted; a no-op if logging is already set up."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(hidden))
    handler.addFilter(_not_invalid_token)
    logging.basicConfig(level=level, handlers=[handler])
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
