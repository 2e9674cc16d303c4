"""Running ``faq-bot`` as a reader would: a subprocess with a clean environment.

The child runs in a temporary folder with only the variables a test gives it
(no ``.env`` is read, and DATA_DIR is in the folder unless given), and writes
its output to files, never to pipes a busy test might not drain.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

WAIT = 60.0  # generous: the machine running the tests may be slow and busy
_SETTINGS = (
    "TELEGRAM_",
    "WEBHOOK_",
    "FAQ_DIR",
    "LOG_LEVEL",
    "DATA_DIR",
    "ADMIN_IDS",
    "RETENTION_DAYS",
    "CONSOLE_INBOX",
    "ENV_FILE",
    "METRICS_",
)
_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def environment(**values: str) -> dict[str, str]:
    """The test process environment, minus bot settings and proxies, plus `values`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_SETTINGS) and key.lower() not in _PROXIES
    }
    env["PYTHONUNBUFFERED"] = "1"
    env["ENV_FILE"] = os.devnull  # never the developer's .env, wherever the child runs
    env.update(values)
    return env


class Bot:
    """``python -m bot`` (what ``faq-bot`` runs) in `folder`, output captured in files.

    `command` runs something else instead, such as the installed ``faq-bot`` script.
    """

    def __init__(self, folder: Path, *, command: Sequence[str] = (), **values: str) -> None:
        values.setdefault("DATA_DIR", str(folder / "data"))  # not the checkout's data/
        self.stdout_path = folder / "stdout.txt"
        self.stderr_path = folder / "stderr.txt"
        with self.stdout_path.open("w") as out, self.stderr_path.open("w") as err:
            self.process = subprocess.Popen(
                list(command) or [sys.executable, "-m", "bot"],
                cwd=folder,
                env=environment(**values),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )

    @property
    def stderr(self) -> str:
        """Everything the bot has written to stderr so far."""
        return self.stderr_path.read_text()

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Ask the bot to stop, as a service manager (SIGTERM) or Ctrl+C would; its exit status."""
        self.signal(signum)
        return self.wait()

    def signal(self, signum: int = signal.SIGTERM) -> None:
        """Send `signum` to the bot, unless it has already ended."""
        if self.process.poll() is None:
            self.process.send_signal(signum)

    def wait(self) -> int:
        """Wait for the bot to end by itself; its exit status."""
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"faq-bot did not stop; stderr:\n{self.stderr}") from None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until(ready: Callable[[], bool], what: str) -> None:
    """Poll `ready` until it holds; fail after WAIT seconds naming `what`."""
    deadline = time.monotonic() + WAIT
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
