"""Work that must not hold the event loop, on a daemon thread the process never waits for.

`asyncio.to_thread` uses the default executor, whose threads the interpreter
joins at exit: a reload stuck on a file that never ends would keep the bot
from stopping. A daemon thread per call is cheap for rare work (reloads,
statistics) and is simply left behind at exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def in_daemon(work: Callable[[], T], name: str) -> T:
    """The result of `work()`, run on a new daemon thread named `name`."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        """Hand the outcome to the waiting coroutine, unless it stopped waiting."""
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        """Do the work; report back to the loop if it still runs."""
        try:
            result, error = work(), None
        except BaseException as exc:  # handed over to the awaiting coroutine
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
