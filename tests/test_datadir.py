"""The data folder is the bot's user's alone: 0700, and every file in it 0600."""

from __future__ import annotations

import os
from pathlib import Path

from bot.answering.models import Knowledge
from bot.curation import datadir
from bot.curation.inbox import FILENAME, Inbox
from bot.settings import Settings
from tests.conftest import QUESTION, SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.chat import open_chat
from tests.helpers.recording import TOKEN


def mode(path: Path) -> int:
    """The permission bits of `path`."""
    return path.stat().st_mode & 0o777


async def test_a_running_bot_keeps_its_data_private(shipped: Knowledge, tmp_path: Path) -> None:
    """After answering and recording, the folder is 0700 and the inbox, WAL and key 0600."""
    data = tmp_path / "data"
    settings = Settings(token=TOKEN, data_dir=data, faq_dir=SHIPPED_FAQ)
    async with open_chat(settings, shipped) as chat:
        await chat.one(updates.message("Qual è la ricetta del tiramisù?"))
        await chat.one(updates.message(QUESTION))
        assert mode(data) == 0o700
        files = sorted(p.name for p in data.iterdir())
        assert FILENAME in files
        assert datadir.KEY_FILE in files
        assert {p.name: mode(p) for p in data.iterdir()} == {name: 0o600 for name in files}


def test_an_old_world_readable_inbox_is_made_private(tmp_path: Path) -> None:
    """A data folder left 0755 with a 0644 inbox by an older version is tightened on opening."""
    data = tmp_path / "data"
    with Inbox.in_folder(data):
        pass
    data.chmod(0o755)
    for path in data.iterdir():
        path.chmod(0o644)
    old = os.umask(0o022)
    try:
        with Inbox.in_folder(data):
            assert mode(data) == 0o700
            assert all(mode(p) == 0o600 for p in data.iterdir())
    finally:
        os.umask(old)


def test_a_damaged_key_is_replaced_by_a_full_one(tmp_path: Path) -> None:
    """A key file too short to be a secret gets a new random key, still 0600."""
    (tmp_path / datadir.KEY_FILE).write_bytes(b"short")
    key = datadir.secret_key(tmp_path)
    assert len(key) == datadir.KEY_BYTES
    assert datadir.secret_key(tmp_path) == key
    assert mode(tmp_path / datadir.KEY_FILE) == 0o600
