"""A local Bot API stand-in: an HTTP server on 127.0.0.1 that plays Telegram.

A bot in a subprocess talks to it through TELEGRAM_API_BASE_URL. The test
queues updates with `push`; the server hands them out through getUpdates
(honouring offset, limit and the long-polling timeout) and, like Telegram,
forgets every update below a getUpdates `offset`: those are confirmed, and a
restarted bot never sees them again. It answers every other
known method with the canned JSON of `tests.helpers.recording.answer`, and
records each call's parameters for the test to inspect. A wrong token gets
401, as Telegram does; an unknown method is recorded in `unexpected`.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.helpers.recording import TOKEN, answer

WAIT = 60.0  # generous: the machine running the tests may be slow and busy
LONG_POLL_CAP = 2.0  # never hold a getUpdates longer, so a stopping bot is not kept waiting
RAW = frozenset(
    {"text", "query", "callback_query_id", "inline_query_id", "inline_message_id", "url"}
    | {"secret_token", "parse_mode", "description", "caption"}
)  # string parameters never decoded as JSON, whatever they look like


def decode(form: str) -> dict[str, Any]:
    """Form parameters as PTB sends them: nested values and numbers are JSON."""
    params: dict[str, Any] = {}
    for key, value in parse_qsl(form, keep_blank_values=True):
        try:
            params[key] = value if key in RAW else json.loads(value)
        except ValueError:
            params[key] = value
    return params


class BotApi:
    """The stand-in server; use as a context manager, it runs in a daemon thread."""

    def __init__(self, token: str = TOKEN, *, reject: bool = False) -> None:
        self.token = token
        self.reject = reject  # answer 401 to everything, as for a revoked token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.unexpected: list[str] = []
        self.delivered: list[tuple[str, dict[str, Any]]] = []  # answered 200, getUpdates aside
        self.listener: Callable[[str, dict[str, Any]], None] | None = None
        self._faults: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._delays: dict[str, list[float]] = {}
        self._down_until = 0.0  # every method answers 502 until this time.monotonic()
        self._updates: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._closing = False
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL: PTB appends the token."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def __enter__(self) -> BotApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for the bot's next getUpdates."""
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    def fail(self, method: str, status: int, times: int, *, retry_after: int | None = None) -> None:
        """Answer the next `times` calls to `method` with error `status` (429: `retry_after`)."""
        payload: dict[str, Any] = {"ok": False, "error_code": status, "description": "Fault"}
        if retry_after is not None:
            payload["parameters"] = {"retry_after": retry_after}
        with self._changed:
            self._faults.setdefault(method, []).extend([(status, payload)] * times)

    def outage(self, seconds: float) -> None:
        """Answer every call with 502 Bad Gateway for the next `seconds`, as a Telegram outage."""
        with self._changed:
            self._down_until = time.monotonic() + seconds

    def delay(self, method: str, seconds: float, times: int) -> None:
        """Hold the answers to the next `times` calls to `method` for `seconds` each."""
        with self._changed:
            self._delays.setdefault(method, []).extend([seconds] * times)

    @property
    def pending(self) -> list[int]:
        """The update_ids Telegram still holds: queued and not yet confirmed by an offset."""
        with self._changed:
            return [update["update_id"] for update in self._updates]

    def sent(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call to `method` so far, in order."""
        with self._changed:
            return [params for name, params in self.calls if name == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        where: Callable[[dict[str, Any]], bool] = lambda params: True,
        *,
        delivered: bool = False,
    ) -> list[dict[str, Any]]:
        """Block until `count` calls (`delivered`: answered 200) to `method` match `where`.

        Fail after WAIT seconds.
        """
        deadline = time.monotonic() + WAIT
        with self._changed:
            while True:
                calls = self.delivered if delivered else self.calls
                found = [p for name, p in calls if name == method and where(p)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [name for name, _ in self.calls]
                    raise AssertionError(f"no {count} x {method} within {WAIT}s; saw {seen}")
                self._changed.wait(left)

    def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Record one call and compute the HTTP status and JSON body of the answer."""
        with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
            delays = self._delays.get(method)
            pause = delays.pop(0) if delays else 0.0
        if pause:
            time.sleep(pause)  # this request's own server thread: other calls go on meanwhile
        if self.reject:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if time.monotonic() < self._down_until:
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        with self._changed:
            faults = self._faults.get(method)
            if faults:
                return faults.pop(0)
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._next_updates(params)}
        result = answer(method, params)
        if result is None:
            self.unexpected.append(method)
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {method}"}
        with self._changed:
            self.delivered.append((method, params))
            self._changed.notify_all()
        if self.listener is not None:
            self.listener(method, params)
        return 200, {"ok": True, "result": result}

    def _next_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Updates from `offset` on, waiting up to the long-polling timeout for one.

        As on Telegram, an `offset` confirms every update below it: they are dropped for good.
        Updates handed out stay queued until a later call confirms them.
        """
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), LONG_POLL_CAP)
        with self._changed:
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = self._updates[:limit]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._closing:
                    return ready
                self._changed.wait(left)


class _Server(ThreadingHTTPServer):
    """An HTTP server with room for a busy bot's connections."""

    # The default backlog of 5 drops connections of a bot sending hundreds of replies at
    # once, and each dropped one waits a second for the client to try again.
    request_queue_size = 1024


def _handler(api: BotApi) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to `api`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            """A call without parameters."""
            self._answer("")

        def do_POST(self) -> None:
            """A call with form or JSON parameters."""
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(self.rfile.read(length).decode())

        def _answer(self, body: str) -> None:
            """Route /bot<token>/<method> to the stand-in and write its JSON answer."""
            prefix, _, method = self.path.partition("?")[0].rpartition("/")
            if prefix != f"/bot{api.token}":
                status = 401
                payload: dict[str, Any] = {
                    "ok": False,
                    "error_code": 401,
                    "description": "Unauthorized",
                }
            elif self.headers.get("Content-Type", "").startswith("application/json"):
                status, payload = api.call(method, json.loads(body or "{}"))
            else:
                status, payload = api.call(method, decode(body))
            data = json.dumps(payload).encode()
            # A bot that stops cancels its pending long poll: nobody is left to read this.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: the test reads `api.calls`, not a log."""

    return Handler
