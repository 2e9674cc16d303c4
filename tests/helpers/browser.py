"""A real headless browser (Debian's chromium) that loads a local page: its DOM and a screenshot.

`bash .ci/run` installs chromium when it is missing. Nothing is fetched from a
network: the page is a local file, and the pages under test load nothing else.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

WAIT = 120.0  # generous: a cold browser start on a busy machine is slow; not a figure tested
NAMES = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str:
    """The browser's executable; fails the test with how to install it when there is none."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("no chromium found: `apt-get install -y chromium` (bash .ci/run installs it)")


def _run(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run the headless browser on `page` with its own profile folder."""
    command = [
        browser(),
        "--headless",
        "--no-sandbox",  # CI runs as root in a container, where the sandbox cannot start
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *options,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=WAIT, check=True)


def rendered_dom(page: Path, profile: Path) -> str:
    """The page's DOM after the browser loaded it, serialised."""
    return _run(page, profile, "--dump-dom").stdout


def screenshot(page: Path, profile: Path, out: Path, width: int, height: int) -> Path:
    """A PNG of the page rendered in a window of `width` by `height` CSS pixels."""
    _run(page, profile, f"--screenshot={out}", f"--window-size={width},{height}")
    return out


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """A PNG's width, height and how many distinct byte values its pixel rows hold."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return width, height, len(set(pixels))
