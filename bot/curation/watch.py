"""Noticing edits to a FAQ folder, cheaply enough to look every few seconds."""

from __future__ import annotations

from pathlib import Path

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(faq_dir: Path) -> Fingerprint:
    """Name, size and modification time of every file of the folder: what an edit alters."""
    try:
        files = sorted(p for p in faq_dir.iterdir() if p.is_file())
        return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    except OSError:
        return ()


class FaqWatch:
    """Says whether the files of `faq_dir` changed since it last looked."""

    def __init__(self, faq_dir: Path) -> None:
        self.faq_dir = faq_dir
        self._seen = fingerprint(faq_dir)

    def changed(self) -> bool:
        """Whether the folder changed since the last look."""
        now = fingerprint(self.faq_dir)
        if now == self._seen:
            return False
        self._seen = now
        return True
