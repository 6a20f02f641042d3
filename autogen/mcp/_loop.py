"""A private event loop on its own thread, where MCP sessions live.

The SDK's sessions are asyncio/anyio objects bound to one loop. Keeping that loop on a dedicated
thread lets sync code (scripts, and notebooks whose loop is already running) and async code (any
loop) use the same session: both hand a coroutine to this loop and wait for its future, so there
is no `asyncio.run` behind a sync call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Coroutine, Optional, TypeVar

from ._errors import MCPConnectionError, MCPTimeoutError

__all__ = ("LoopThread",)

T = TypeVar("T")

# How much longer than the work's own deadline a caller waits for the loop thread to answer.
_GRACE = 10.0


class LoopThread:
    """Runs an event loop forever on a daemon thread until `stop`."""

    def __init__(self, name: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_forever()
        finally:
            pending = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._loop.is_closed()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedule `coro` on the loop thread."""
        if threading.current_thread() is self._thread:
            coro.close()
            raise RuntimeError("an MCP call was made from the MCP loop thread itself; it would wait forever")
        if not self.alive:
            coro.close()
            raise MCPConnectionError("the MCP connection is closed")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call(self, coro: Coroutine[Any, Any, T], deadline: Optional[float]) -> T:
        """Run `coro` there and block this thread (only) until it is done."""
        future = self.submit(coro)
        concurrent.futures.wait([future], None if deadline is None else deadline + _GRACE)
        if not future.done():  # the work has its own deadline; this only guards against a stuck loop thread
            future.cancel()
            raise MCPTimeoutError(f"the MCP loop thread did not answer within {deadline} s")
        return future.result()

    async def a_call(self, coro: Coroutine[Any, Any, T], deadline: Optional[float]) -> T:
        """Run `coro` there and await it from the caller's own loop."""
        future = asyncio.wrap_future(self.submit(coro))
        await asyncio.wait({future}, timeout=None if deadline is None else deadline + _GRACE)
        if not future.done():
            future.cancel()
            raise MCPTimeoutError(f"the MCP loop thread did not answer within {deadline} s")
        return future.result()

    def stop(self, join_timeout: float = 10.0) -> None:
        """Stop the loop (its pending tasks are cancelled) and wait for the thread to end."""
        if self._loop.is_closed():
            return
        try:
            self._loop.call_soon_threadsafe(self._loop.stop)
        except RuntimeError:  # closed meanwhile
            return
        if threading.current_thread() is not self._thread:
            self._thread.join(join_timeout)
