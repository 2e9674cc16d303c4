"""The webhook server's limits, against a real server on 127.0.0.1 (in process, raw sockets)."""

from __future__ import annotations

import asyncio
import json
import logging
import resource
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot, Update

from bot.adapters.health import Health
from bot.adapters.http_server import HttpServer, Limits, Request, Response
from bot.adapters.metrics import Metrics
from bot.adapters.webhook import RecentIds, WebhookSite
from bot.answering.models import Knowledge
from bot.answering.replies import Replies
from bot.curation.live import LiveFaq
from tests.conftest import SHIPPED_FAQ
from tests.helpers import updates
from tests.helpers.recording import TOKEN

SECRET = "segreto-di-prova_123"
PATH = "/telegram/hook"
HUGE = 99 * 1024 * 1024  # what the attack announced


class Served:
    """A webhook server on 127.0.0.1 and the queue it feeds."""

    def __init__(self, server: HttpServer, queue: asyncio.Queue[object], site: WebhookSite):
        self.server = server
        self.queue = queue
        self.site = site

    async def request(self, head: str, body: bytes = b"") -> tuple[int, bytes]:
        """Send one request on a new connection; the status and body of the answer."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.server.port)
        writer.write(head.encode() + body)
        await writer.drain()
        status, answer = await read_response(reader)
        writer.close()
        return status, answer


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP response: its status and body."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode()
    length = int(head.lower().split("content-length:")[1].split("\r\n")[0])
    return int(head.split(" ")[1]), await reader.readexactly(length)


def post_head(length: int, secret: str | None = SECRET, extra: str = "") -> str:
    """The head of a POST to the webhook announcing `length` bytes of body."""
    header = f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n" if secret else ""
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n{header}{extra}\r\n"
    )


def update_request(update: dict[str, object]) -> tuple[str, bytes]:
    """Head and body of a webhook POST carrying `update`, with the secret."""
    body = json.dumps(update).encode()
    return post_head(len(body)), body


@pytest.fixture
def limits() -> Limits:
    """The shipped limits (tests narrow them with a parameter of their own)."""
    return Limits()


@pytest.fixture
async def served(shipped: Knowledge, limits: Limits) -> AsyncIterator[Served]:
    """A webhook server on an ephemeral port, feeding a plain queue, closed after the test."""
    queue: asyncio.Queue[object] = asyncio.Queue()
    health = Health(LiveFaq(Replies(shipped), SHIPPED_FAQ), Metrics(), "webhook")
    site = WebhookSite(PATH, SECRET, Bot(TOKEN), queue, health)
    server = HttpServer(site, limits)
    await server.start("127.0.0.1", 0)
    yield Served(server, queue, site)
    await server.close()


async def test_huge_bodies_without_the_secret_are_refused_before_reading(served: Served) -> None:
    """Eight 99 MB POSTs without the secret get 403 from their head alone: no body is sent."""
    answers = await asyncio.gather(*(served.request(post_head(HUGE, None)) for _ in range(8)))
    assert [status for status, _ in answers] == [403] * 8


async def test_a_body_over_the_limit_is_refused_with_the_secret_too(served: Served) -> None:
    """With the right secret, a body announced over the limit gets 413 before it is read."""
    status, _ = await served.request(post_head(Limits().body + 1))
    assert status == 413
    assert served.queue.empty()


async def test_a_body_without_a_length_is_refused(served: Served) -> None:
    """A chunked upload (no length to check first) gets 411."""
    head = post_head(0).replace("Content-Length: 0\r\n", "Transfer-Encoding: chunked\r\n")
    status, _ = await served.request(head, b"5\r\nhello\r\n0\r\n\r\n")
    assert status == 411


@pytest.mark.parametrize(
    "body", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"update_id": "uno"}', b'{"message": {}}']
)
async def test_malformed_json_with_the_secret_gets_400(served: Served, body: bytes) -> None:
    """A body that is not one update (bad JSON, bad UTF-8, no update_id) gets 400, not 500."""
    status, _ = await served.request(post_head(len(body)), body)
    assert status == 400
    assert served.queue.empty()


async def test_an_update_is_queued_once_however_often_it_is_posted(served: Served) -> None:
    """The same update_id posted three times is answered 200 each time and queued once."""
    head, body = update_request(updates.message("/italia"))
    statuses = [(await served.request(head, body))[0] for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert served.queue.qsize() == 1
    update = served.queue.get_nowait()
    assert isinstance(update, Update)
    assert update.message is not None
    assert update.message.text == "/italia"


def test_recent_ids_are_bounded() -> None:
    """Only the last `size` ids are remembered: memory stays bounded."""
    recent = RecentIds(size=3)
    assert [recent.first_time(i) for i in (1, 2, 3, 1)] == [True, True, True, False]
    assert recent.first_time(4)
    assert len(recent) == 3
    assert recent.first_time(1)  # forgotten: the oldest went first


async def test_keep_alive_serves_requests_one_after_another(served: Served) -> None:
    """One connection carries several updates, as Telegram's connections do."""
    reader, writer = await asyncio.open_connection("127.0.0.1", served.server.port)
    for text in ("/italia", "/pilastri"):
        head, body = update_request(updates.message(text))
        writer.write(head.encode() + body)
        assert (await read_response(reader))[0] == 200
    writer.close()
    assert served.queue.qsize() == 2


@pytest.mark.parametrize(
    ("head", "status"),
    [
        ("GET /telegram/hook HTTP/1.1\r\n\r\n", 405),
        ("POST /altro HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 404),
        ("nonsense\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
    ],
)
async def test_other_requests_get_a_clear_status(served: Served, head: str, status: int) -> None:
    """A wrong method, path or request line gets its 4xx or 5xx status, never a crash."""
    assert (await served.request(head))[0] == status


async def test_an_oversized_head_is_refused(served: Served) -> None:
    """A head over the limit gets 431 and is not buffered further."""
    head = "GET /healthz HTTP/1.1\r\nX-Filler: " + "a" * (Limits().head * 2) + "\r\n\r\n"
    assert (await served.request(head))[0] == 431


@pytest.mark.parametrize("limits", [Limits(idle=0.2)])
async def test_an_idle_connection_is_closed(served: Served) -> None:
    """A connection that sends nothing is closed by the server after the idle time."""
    reader, writer = await asyncio.open_connection("127.0.0.1", served.server.port)
    assert await asyncio.wait_for(reader.read(), 30) == b""  # EOF: the server closed it
    writer.close()


@pytest.mark.parametrize("limits", [Limits(connections=3)])
async def test_idle_connections_give_way_to_new_ones(served: Served) -> None:
    """At the cap, a new connection closes the longest idle one, and its update is answered."""
    idle = [await asyncio.open_connection("127.0.0.1", served.server.port) for _ in range(3)]
    await asyncio.sleep(0.05)  # let the server take each one
    head, body = update_request(updates.message("/italia"))
    assert (await served.request(head, body))[0] == 200
    first_reader, _ = idle[0]
    assert await asyncio.wait_for(first_reader.read(), 30) == b""
    for _, writer in idle:
        writer.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
async def test_running_out_of_descriptors_is_logged_once(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    """With no file descriptor left, failed accepts log one line for the episode, then recover."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    clients: list[socket.socket] = []
    caplog.set_level(logging.WARNING, logger="bot.adapters.accept_watch")
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (_open_descriptors() + 8, hard))
        _fill_descriptors(clients, served.server.port)  # the server cannot accept any more
        await asyncio.sleep(2.5)  # asyncio tries the accept again every second
    finally:
        for client in clients:
            client.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    head, body = update_request(updates.message("/italia"))
    assert (await served.request(head, body))[0] == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.adapters.accept_watch"]
    assert len([m for m in messages if m.startswith("Cannot accept")]) == 1, messages
    assert "Accepting connections again" in messages
    assert all(record.exc_info is None for record in caplog.records)


def _fill_descriptors(clients: list[socket.socket], port: int) -> None:
    """Connect to `port` until this process has no descriptor left (EMFILE)."""
    for _ in range(64):
        try:
            client = socket.socket()
        except OSError:
            return
        client.setblocking(False)
        clients.append(client)
        client.connect_ex(("127.0.0.1", port))
    raise AssertionError("the descriptor limit was never reached")


def _open_descriptors() -> int:
    """How many file descriptors this process has open."""
    return len(list(Path("/proc/self/fd").iterdir()))


class _Failing:
    """A site whose every request fails inside."""

    def check(self, request: Request) -> Response | None:
        """Read every body."""
        return None

    async def handle(self, request: Request) -> Response:
        """Fail."""
        raise RuntimeError("guasto")


async def test_a_failing_site_gets_500_and_the_server_goes_on() -> None:
    """A failure inside the site is answered 500 and logged; the next request is served."""
    server = HttpServer(_Failing())
    await server.start("127.0.0.1", 0)
    try:
        for _ in range(2):
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
            assert (await read_response(reader))[0] == 500
            writer.close()
    finally:
        await server.close()
