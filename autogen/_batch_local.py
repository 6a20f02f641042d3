"""The local backend: many conversations of one process at once, on a thread pool or an event loop.

Each conversation has its own agents (the factory builds them), so threads share nothing but the process-wide
rate-limit schedule. The sync path runs each `initiate_chat` in a worker thread, which also works inside a
running event loop (Jupyter); the async path awaits `a_initiate_chat` under a semaphore.
"""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Dict, List, Optional, Sequence

from ._batch_limits import SlotBook
from ._batch_progress import Progress
from ._batch_task import ChatFactory, ChatFailure, Slot, a_run_task, run_task

__all__ = ("LocalBackend",)

DEFAULT_LOCAL_CONCURRENCY = 32


class LocalBackend:
    """Runs a batch in this process: up to `max_concurrency` conversations at a time (default 32).

    `max_concurrency` given to `run_chats` wins over the one given here.
    """

    def __init__(self, max_concurrency: Optional[int] = None) -> None:
        self.max_concurrency = max_concurrency

    def _limit(self, max_concurrency: Optional[int], count: int) -> int:
        wanted = max_concurrency or self.max_concurrency or DEFAULT_LOCAL_CONCURRENCY
        if wanted < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {wanted}")
        return max(1, min(wanted, count))

    def run(
        self, factory: ChatFactory, tasks: Sequence[Any], max_concurrency: Optional[int], progress: Progress
    ) -> List[Slot]:
        """Every task's slot, in input order; at most `max_concurrency` threads, each running one chat."""
        book = SlotBook()
        slots: List[Optional[Slot]] = [None] * len(tasks)
        pending: Dict[Future, int] = {}
        queue = iter(enumerate(tasks))
        limit = self._limit(max_concurrency, len(tasks))
        with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="autogen-batch") as pool:
            try:
                while True:
                    while len(pending) < limit:
                        item = next(queue, None)
                        if item is None:
                            break
                        index, task = item
                        context = contextvars.copy_context()  # e.g. an IOStream.set_default of the caller
                        pending[pool.submit(context.run, run_task, factory, task, index, book.reserve)] = index
                    if not pending:
                        break
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index = pending.pop(future)
                        slots[index] = future.result()
                        progress.advance(isinstance(slots[index], ChatFailure))
            except BaseException:  # Ctrl-C: start nothing new, let running chats end
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        return slots  # type: ignore[return-value]  (every index is filled once the queue is drained)

    async def a_run(
        self, factory: ChatFactory, tasks: Sequence[Any], max_concurrency: Optional[int], progress: Progress
    ) -> List[Slot]:
        """Every task's slot, in input order, from `a_initiate_chat`s on the running loop."""
        book = SlotBook()
        gate = asyncio.Semaphore(self._limit(max_concurrency, len(tasks)))

        async def one(index: int, task: Any) -> Slot:
            async with gate:
                slot = await a_run_task(factory, task, index, book.reserve)
            progress.advance(isinstance(slot, ChatFailure))
            return slot

        return list(await asyncio.gather(*(one(i, t) for i, t in enumerate(tasks))))
