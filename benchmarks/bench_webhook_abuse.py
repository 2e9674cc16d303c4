"""Abuse benchmark: the webhook server under the attacks of issue 13, figures of the real bot.

Usage:
    uv run python benchmarks/bench_webhook_abuse.py

The installed ``faq-bot`` runs in webhook mode (under a 1,024 open-files limit)
against the Bot API stand-in; then:

  1. eight clients at once each POST a 99 MB body without the secret header:
     the statuses they get and the bot's peak RSS (VmHWM) before and after;
  2. 1,100 connections are opened and left idle for 20 s while an update with
     the secret is posted every second: how many got answered, and how many
     bytes the bot wrote to its log meanwhile;
  3. the same update_id posted 20 times: how many answers were sent;
  4. malformed JSON with the right secret: the status.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the stand-in lives in tests/helpers; reuse it, never copy it

from tests.helpers import updates  # noqa: E402 (after the path set-up above)
from tests.helpers.botapi import BotApi  # noqa: E402
from tests.helpers.webhook import SECRET_HEADER, post, webhook_bot  # noqa: E402

SECRET = "bench-secret_0123456789"
HUGE = 99 * 1024 * 1024
CHUNK = b"x" * (1024 * 1024)


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size so far, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def huge_post(port: int, statuses: list[str]) -> None:
    """POST a 99 MB body without the secret; note the status line the server answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        head = (
            f"POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {HUGE}\r\n\r\n"
        )
        sock.sendall(head.encode())
        try:
            for _ in range(HUGE // len(CHUNK)):
                sock.sendall(CHUNK)
        except OSError:
            pass  # the server answered and closed: the rest was never wanted
        try:
            statuses.append(sock.recv(64).split(b"\r\n")[0].decode() or "closed")
        except OSError as exc:
            statuses.append(type(exc).__name__)


def main() -> None:
    command = ["prlimit", "--nofile=1024:1024", str(Path(sys.executable).with_name("faq-bot"))]
    with tempfile.TemporaryDirectory() as folder, BotApi() as api:
        bot, port = webhook_bot(Path(folder), api, SECRET, command=command)
        pid = bot.process.pid
        try:
            idle_rss = peak_rss_mib(pid)
            statuses: list[str] = []
            clients = [threading.Thread(target=huge_post, args=(port, statuses)) for _ in range(8)]
            started = time.perf_counter()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            print(
                f"8 x 99 MB without the secret: {sorted(set(statuses))} in "
                f"{time.perf_counter() - started:.1f} s; bot peak RSS {idle_rss:.1f} MiB before, "
                f"{peak_rss_mib(pid):.1f} MiB after"
            )

            log_before = len(bot.stderr.encode())
            idle = []
            for _ in range(1100):
                sock = socket.socket()
                sock.settimeout(30)
                sock.connect(("127.0.0.1", port))
                idle.append(sock)
            answered_before = len(api.sent("sendMessage"))
            ok = 0
            for second in range(20):
                update = updates.message("/italia", chat={"id": 900 + second, "type": "private"})
                ok += post(port, update, SECRET) == 200
                time.sleep(1)
            api.wait_for("sendMessage", answered_before + 20)
            for sock in idle:
                sock.close()
            log_bytes = len(bot.stderr.encode()) - log_before
            print(
                f"1,100 idle connections, 1,024 files: {ok}/20 updates accepted and answered "
                f"over 20 s; log written meanwhile: {log_bytes:,} bytes"
            )

            before = len(api.sent("sendMessage"))
            repeated = updates.message("/pilastri", chat={"id": 777, "type": "private"})
            codes = {post(port, repeated, SECRET) for _ in range(20)}
            time.sleep(2)
            print(
                f"one update_id posted 20 times: statuses {sorted(codes)}, "
                f"answered {len(api.sent('sendMessage')) - before} time(s)"
            )
            print(f"malformed JSON with the secret: {_malformed(port)}")
        finally:
            status = bot.stop()
        print(f"exit status {status}")


def _malformed(port: int) -> str:
    """The status line for a body that is not JSON, with the right secret."""
    body = b"{not json"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            f"POST /telegram/hook HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
            f"{SECRET_HEADER}: {SECRET}\r\n\r\n".encode()
            + body
        )
        return sock.recv(64).split(b"\r\n")[0].decode()


if __name__ == "__main__":
    main()
