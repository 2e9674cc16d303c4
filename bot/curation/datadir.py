"""The data folder: private to the bot's user, with the secret that keys vote pseudonyms.

The folder is made 0700 and every file the bot keeps there 0600, old ones
included: the inbox holds what readers wrote. SQLite gives its ``-wal`` and
``-shm`` files the mode of the database file, so that file is made first.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
KEY_FILE = "vote.key"  # 32 random bytes; without them no vote key can be tied to a chat
KEY_BYTES = 32
_SQLITE_SIDES = ("-wal", "-shm", "-journal")


def private_folder(folder: Path) -> None:
    """Make `folder` (and its parents) if missing; make it readable by its owner only."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):  # a folder of another owner: leave it as it is
        folder.chmod(FOLDER_MODE)


def private_database(path: Path) -> None:
    """Prepare a SQLite file in a private folder: it and its side files are 0600."""
    private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    for side in ("", *_SQLITE_SIDES):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            Path(f"{path}{side}").chmod(FILE_MODE)


def secret_key(folder: Path) -> bytes:
    """The bot's secret key in `folder`, made (0600) on first use."""
    private_folder(folder)
    path = folder / KEY_FILE
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        with contextlib.suppress(PermissionError):
            path.chmod(FILE_MODE)  # one made by hand, or by an older version
        key = path.read_bytes()
        if len(key) >= KEY_BYTES:
            return key
        fd = os.open(path, os.O_TRUNC | os.O_WRONLY, FILE_MODE)  # a damaged key: a new one
    key = secrets.token_bytes(KEY_BYTES)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def pseudonym(key: bytes, *parts: object) -> str:
    """A keyed hash of `parts`: stable for one key, irreversible without it."""
    message = ":".join(str(part) for part in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
