"""Many independent conversations at once, on this machine or on a Ray cluster, with results in input order.

A batch is a task factory and a list of tasks. The factory (a picklable, module-level callable) turns one task
into the entry of an `initiate_chats` queue: ``{"sender": ..., "recipient": ..., "message": ..., ...}``; it
builds fresh agents each time, so no conversation shares state with another and nothing unpicklable has to
travel to another process::

    def make_chat(question):
        assistant = AssistantAgent("assistant", llm_config={"config_list": config_list, "cache_seed": None})
        user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
        return {"sender": user, "recipient": assistant, "message": question, "max_turns": 2}

    results = run_chats(make_chat, questions)                      # threads on this machine
    results = run_chats(make_chat, questions, backend="ray")       # or: backend=RayBackend(address="auto")

Each slot of the result is the conversation's `ChatResult`, or a `ChatFailure` (falsy) when it raised: one
failing conversation never stops the others. Chats run with ``silent=True`` unless the factory says otherwise.
A ``cache`` the factory returns (e.g. ``Cache.redis(seed, redis_url)``, which workers share) is closed after its
chat. Config entries with ``api_rate_limit`` are throttled per endpoint across the whole batch, not per agent.

Building an agent costs little except its model client's TLS setup (tens of milliseconds of CPU each): put
``"http_client": shared_http_client()`` in the config entries the factory builds to share one per process.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, List, Optional, Protocol, Sequence, Union

from ._batch_local import LocalBackend
from ._batch_progress import Progress
from ._batch_ray import RayBackend
from ._batch_task import ChatFactory, ChatFailure, Slot

__all__ = (
    "BatchBackend",
    "ChatFactory",
    "ChatFailure",
    "LocalBackend",
    "RayBackend",
    "a_run_chats",
    "run_chats",
    "shared_http_client",
)


class BatchBackend(Protocol):
    """Where a batch runs: `run` returns one slot per task, in input order, advancing `progress` as chats end."""

    def run(
        self, factory: ChatFactory, tasks: Sequence[Any], max_concurrency: Optional[int], progress: Progress
    ) -> List[Slot]: ...


_http_client: Any = None
_http_client_lock = threading.Lock()


def shared_http_client() -> Any:
    """This process's one `httpx` client for the openai SDK, to put in config entries as ``http_client``.

    Every agent otherwise builds its own client and TLS context; this one is shared by all the agents of the
    process (httpx clients are thread-safe) and survives the deep copy agents make of their llm_config.
    """
    global _http_client
    with _http_client_lock:
        if _http_client is None:
            import openai

            shared = type("SharedHttpClient", (openai.DefaultHttpxClient,), {"__deepcopy__": lambda self, memo: self})
            _http_client = shared()
        return _http_client


def _backend(backend: Union[str, BatchBackend]) -> BatchBackend:
    if backend == "local":
        return LocalBackend()
    if backend == "ray":
        return RayBackend()
    if isinstance(backend, str):
        raise ValueError(f"unknown batch backend {backend!r}: use 'local', 'ray' or a backend object")
    return backend


def run_chats(
    factory: ChatFactory,
    tasks: Sequence[Any],
    backend: Union[str, BatchBackend] = "local",
    max_concurrency: Optional[int] = None,
    progress: Optional[bool] = None,
) -> List[Slot]:
    """Run one conversation per task and return their ChatResults (or ChatFailures) in the order of `tasks`.

    `backend`: "local" (threads in this process, the default), "ray" (joins or starts a Ray cluster as
    `ray.init()` does) or a `LocalBackend` / `RayBackend` object. `max_concurrency`: most conversations in flight
    (local default 32; Ray default: as many as the cluster's resources admit). `progress`: a bar on stderr
    (tqdm when installed); None shows it for batches of 20 tasks or more.
    """
    tasks = list(tasks)
    bar = Progress(len(tasks), progress)
    try:
        return _backend(backend).run(factory, tasks, max_concurrency, bar)
    finally:
        bar.close()


async def a_run_chats(
    factory: ChatFactory,
    tasks: Sequence[Any],
    backend: Union[str, BatchBackend] = "local",
    max_concurrency: Optional[int] = None,
    progress: Optional[bool] = None,
) -> List[Slot]:
    """`run_chats` for async code: locally each conversation is an `a_initiate_chat` on the running loop.

    Async reply functions work there; the sync LLM calls of 0.2 agents still go to the loop's default executor,
    whose thread count then bounds the concurrency. Other backends run in a worker thread, not blocking the loop.
    """
    tasks = list(tasks)
    bar = Progress(len(tasks), progress)
    chosen = _backend(backend)
    try:
        if isinstance(chosen, LocalBackend):
            return await chosen.a_run(factory, tasks, max_concurrency, bar)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, chosen.run, factory, tasks, max_concurrency, bar)
    finally:
        bar.close()
