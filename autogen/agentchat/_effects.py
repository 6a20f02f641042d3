"""Run one piece of agent logic both synchronously and asynchronously.

Agent logic that may have to wait (on a human, an async tool, another agent) is written once as a
generator that yields `Call` effects: "call this, or in async mode await that". `run_sync` and
`run_async` drive such a generator, sending each result (or throwing each exception) back in. So every
decision lives in one place, and the sync driver never needs an event loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import threading
from typing import Any, Callable, Coroutine, Dict, Generator, Optional, Tuple, TypeVar

__all__ = ("Call", "Steps", "run_sync", "run_async", "run_coroutine_sync")

T = TypeVar("T")


class Call:
    """An effect: call `sync_fn` in a sync run, or call `async_fn` (awaiting its result) in an async run."""

    __slots__ = ("sync_fn", "async_fn", "args", "kwargs")

    def __init__(
        self, sync_fn: Optional[Callable[..., Any]], async_fn: Optional[Callable[..., Any]], *args: Any, **kwargs: Any
    ) -> None:
        self.sync_fn = sync_fn
        self.async_fn = async_fn
        self.args: Tuple[Any, ...] = args
        self.kwargs: Dict[str, Any] = kwargs

    def run_sync(self) -> Any:
        if self.sync_fn is None:
            raise RuntimeError(f"{self.async_fn!r} can only run in an async chat")
        return self.sync_fn(*self.args, **self.kwargs)

    async def run_async(self) -> Any:
        fn = self.async_fn if self.async_fn is not None else self.sync_fn
        result = fn(*self.args, **self.kwargs)  # type: ignore[misc]
        if inspect.isawaitable(result):
            result = await result
        return result


Steps = Generator[Call, Any, T]


def run_sync(steps: Steps[T]) -> T:
    """Drive `steps` to completion, running every effect synchronously."""
    value: Any = None
    error: Optional[BaseException] = None
    while True:
        try:
            effect = steps.throw(error) if error is not None else steps.send(value)
        except StopIteration as stop:
            return stop.value
        try:
            if effect.sync_fn is None:
                effect.run_sync()  # raises: this effect exists only in async chats
            # called inline, not through Call.run_sync: an agent that overrides send/receive recurses through
            # here once per message, so every frame saved is turns gained before Python's recursion limit
            value, error = effect.sync_fn(*effect.args, **effect.kwargs), None
        except BaseException as exc:  # handed to the generator, which may catch it
            value, error = None, exc


async def run_async(steps: Steps[T]) -> T:
    """Drive `steps` to completion, awaiting every effect."""
    value: Any = None
    error: Optional[BaseException] = None
    while True:
        try:
            effect = steps.throw(error) if error is not None else steps.send(value)
        except StopIteration as stop:
            return stop.value
        try:
            value, error = await effect.run_async(), None
        except BaseException as exc:
            value, error = None, exc


def run_coroutine_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion from sync code, even when this thread already runs an event loop.

    Without a running loop a private loop is used and closed; inside one (e.g. a notebook) the coroutine
    runs on a helper thread with its own loop, since the running loop cannot be re-entered.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        try:
            return loop.run_until_complete(coro)
        finally:
            loop.close()
    outcome: Dict[str, Any] = {}
    context = contextvars.copy_context()

    def _target() -> None:
        try:
            outcome["value"] = context.run(asyncio.run, coro)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=_target, name="autogen-sync-coroutine")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
