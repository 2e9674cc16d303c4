"""A small HTTP/1.1 server on asyncio for the webhook, /healthz and /metrics, with hard limits.

Why not PTB's tornado server: it buffers a whole body before the secret is
checked (99 MB bodies without the secret took ~1 GiB), holds idle connections
for ever, and logs a traceback for every failed accept when file descriptors
run out. Here, before anything is buffered:

- a request head is at most `Limits.head` bytes;
- a body must announce its length (no chunked upload: Telegram never sends
  one), at most `Limits.body`; `Site.check` sees the head first and may refuse
  (a wrong secret) without the body ever being read;
- at most `Limits.connections` connections are open; a new one over the cap
  closes the longest idle one, or is closed itself when none is idle;
- a connection idle (no request, or a request not finished) for `Limits.idle`
  seconds is closed;
- running out of file descriptors is logged once per episode
  (`bot.adapters.accept_watch`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Protocol

from bot.adapters.accept_watch import AcceptWatch

logger = logging.getLogger(__name__)


CLOSE_WAIT = 5.0  # seconds a closing server waits for its connections' tasks to end


@dataclass(frozen=True, slots=True)
class Limits:
    """What one client may take of the server."""

    head: int = 8 * 1024  # request line and headers, bytes
    body: int = 256 * 1024  # an update is a few KiB; Telegram's largest are far below this
    connections: int = 128  # Telegram opens at most 40 (setWebhook's max_connections)
    idle: float = 20.0  # seconds a connection may wait for, or within, a request


@dataclass(frozen=True, slots=True)
class Request:
    """A request as the site sees it: method, path (query dropped), headers in lower case."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class Response:
    """What to answer: status, body and its type."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    close: bool = False  # close the connection after it (the rest of the request is unread)


def plain(status: int) -> Response:
    """A response with the status's own phrase as body."""
    return Response(status, f"{HTTPStatus(status).phrase}\n".encode())


class Site(Protocol):
    """What the server serves."""

    def check(self, request: Request) -> Response | None:
        """An answer from the head alone (the body is then never read), or None to read it."""

    async def handle(self, request: Request) -> Response:
        """The answer to a whole request."""


@dataclass
class _Connection:
    writer: asyncio.StreamWriter
    idle_since: float | None = field(default_factory=time.monotonic)


class HttpServer:
    """Serves `site` on (host, port) within `limits`; `start`, then `close`."""

    def __init__(self, site: Site, limits: Limits = Limits()) -> None:
        self.site = site
        self.limits = limits
        self._open: dict[asyncio.StreamWriter, _Connection] = {}
        self._server: asyncio.Server | None = None
        self._watch: AcceptWatch | None = None
        self._tasks: set[asyncio.Task[object]] = set()  # one per open connection

    @property
    def port(self) -> int:
        """The port listened on (useful when started on port 0)."""
        assert self._server is not None
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def start(self, host: str, port: int) -> None:
        """Listen; file-descriptor exhaustion is logged once per episode from now on."""
        self._watch = AcceptWatch.install(asyncio.get_running_loop())
        self._server = await asyncio.start_server(
            self._serve, host, port, limit=self.limits.head, backlog=1024
        )

    async def close(self) -> None:
        """Stop listening, close every connection and let each one's task end by itself.

        A task cancelled instead would be logged by asyncio with a traceback.
        """
        if self._server is not None:
            self._server.close()
        for connection in list(self._open.values()):
            connection.writer.close()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=CLOSE_WAIT)
        if self._server is not None:
            await self._server.wait_closed()

    def _admit(self, writer: asyncio.StreamWriter) -> bool:
        """Make room for a new connection, closing the longest idle one; False if none is idle."""
        if len(self._open) >= self.limits.connections:
            idle = [c for c in self._open.values() if c.idle_since is not None]
            if not idle:
                return False
            oldest = min(idle, key=lambda c: c.idle_since or 0.0)
            oldest.writer.close()
            self._open.pop(oldest.writer, None)
        self._open[writer] = _Connection(writer)
        return True

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection: requests one after another, until closed, idle or refused."""
        if self._watch is not None:
            self._watch.accepted()
        if not self._admit(writer):
            writer.close()
            return
        connection = self._open[writer]
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            while not writer.is_closing():
                connection.idle_since = time.monotonic()
                request = await self._read(reader, writer)
                if request is None:
                    return
                connection.idle_since = None
                response = self.site.check(request)
                if response is not None and _has_body(request):
                    response = replace(response, close=True)  # its body is left unread
                if response is None:
                    problem = self._length_problem(request)
                    if problem is not None:
                        await self._refuse(writer, problem)
                        return
                    body = await self._body(reader, request)
                    if body is None:
                        return
                    response = await self._handled(
                        Request(request.method, request.path, request.headers, body)
                    )
                await self._write(writer, request, response)
                if response.close or request.headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            return
        finally:
            self._open.pop(writer, None)
            writer.close()

    async def _handled(self, request: Request) -> Response:
        """The site's answer; a failure inside it is logged and answered 500."""
        try:
            return await self.site.handle(request)
        except Exception:
            logger.exception("The %s %s request failed", request.method, request.path)
            return replace(plain(500), close=True)

    async def _read(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> Request | None:
        """The next request's head; None (after a 4xx when due) when there is none to serve."""
        try:
            async with asyncio.timeout(self.limits.idle):  # cheaper than wait_for: no new task
                head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.LimitOverrunError:
            await self._refuse(writer, 431)
            return None
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            return None
        try:
            line, *fields = head.decode("latin-1").split("\r\n")
            method, target, version = line.split(" ")
            headers: dict[str, str] = {}
            for text in fields:
                if text:
                    name, _, value = text.partition(":")
                    headers[name.strip().lower()] = value.strip()
        except ValueError:
            await self._refuse(writer, 400)
            return None
        if not version.startswith("HTTP/1."):
            await self._refuse(writer, 505)
            return None
        if version == "HTTP/1.0" and "connection" not in headers:
            headers["connection"] = "close"
        return Request(method.upper(), target.partition("?")[0], headers)

    def _length_problem(self, request: Request) -> int | None:
        """The status that refuses the body announced, or None when it may be read."""
        if "transfer-encoding" in request.headers:
            return 411  # a length is required: the limit is checked before reading
        text = request.headers.get("content-length", "0")
        if not text.isdecimal():
            return 400
        return 413 if int(text) > self.limits.body else None

    async def _body(self, reader: asyncio.StreamReader, request: Request) -> bytes | None:
        """The body (its length already checked); None when the client stops sending."""
        length = int(request.headers.get("content-length", "0"))
        if not length:
            return b""
        with contextlib.suppress(asyncio.IncompleteReadError, TimeoutError):
            async with asyncio.timeout(self.limits.idle):
                return await reader.readexactly(length)
        return None

    async def _refuse(self, writer: asyncio.StreamWriter, status: int) -> None:
        """Answer `status` and close: what the client sent is not read further."""
        with contextlib.suppress(ConnectionError):
            await self._write(writer, None, plain(status))

    async def _write(
        self, writer: asyncio.StreamWriter, request: Request | None, response: Response
    ) -> None:
        """Write `response`, keeping the connection open unless it ends here."""
        closing = (
            request is None
            or response.close
            or request.headers.get("connection", "").lower() == "close"
        )
        head = (
            f"HTTP/1.1 {response.status} {HTTPStatus(response.status).phrase}\r\n"
            f"Content-Type: {response.content_type}\r\n"
            f"Content-Length: {len(response.body)}\r\n"
            f"Connection: {'close' if closing else 'keep-alive'}\r\n\r\n"
        )
        writer.write(head.encode("latin-1") + response.body)
        await writer.drain()


def _has_body(request: Request) -> bool:
    """Whether a body follows the request's head."""
    length = request.headers.get("content-length", "0")
    return "transfer-encoding" in request.headers or length not in ("", "0")
