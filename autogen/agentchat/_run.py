"""`run()` / `a_run()`: a chat on a worker thread whose events the caller reads while it runs (beyond 0.2).

The chat runs with the console muted and an IOStream that turns prints into `text` events and `input()`
into `input_request` events, so everything the console would show arrives as an event, in order, and a
question to the human waits on its event until the consumer calls `respond()`. Only the worker thread
waits: the consumer's thread (or event loop, for `a_run`) stays free. An async chat gets its own event
loop on the worker, so a sync reply function asking for input can never block the consumer's loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, AsyncIterator, Deque, Dict, Iterator, List, Optional, Tuple

from ..events import _bus
from ..io.base import IOStream
from ._effects import run_coroutine_sync

if TYPE_CHECKING:
    from .chat import ChatResult

__all__ = ("RunResponse", "EventStream", "start_run")

_run_id: contextvars.ContextVar[Optional[int]] = contextvars.ContextVar("autogen_run_id", default=None)
_run_ids = itertools.count(1)
_END = object()


class EventStream:
    """The events of one run, iterable with `for` (any thread) or `async for` (any event loop), once."""

    def __init__(self) -> None:
        self._items: Deque[Any] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self._waiters: List[Tuple[asyncio.AbstractEventLoop, asyncio.Future]] = []

    def put(self, event: Any) -> None:
        with self._cond:
            self._items.append(event)
            self._wake()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._wake()

    def _wake(self) -> None:
        self._cond.notify_all()
        waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            try:
                loop.call_soon_threadsafe(_resolve, future)
            except RuntimeError:  # that consumer's loop has closed: nobody is waiting any more
                pass

    def _take(self) -> Any:
        """The next event, `_END` when the run is over, or None when there is nothing yet (lock held)."""
        if self._items:
            return self._items.popleft()
        return _END if self._closed else None

    def __iter__(self) -> Iterator[Any]:
        while True:
            with self._cond:
                item = self._take()
                while item is None:
                    self._cond.wait()
                    item = self._take()
            if item is _END:
                return
            yield item

    async def _next_async(self) -> Any:
        loop = asyncio.get_running_loop()
        while True:
            with self._cond:
                item = self._take()
                if item is not None:
                    return item
                future = loop.create_future()
                self._waiters.append((loop, future))
            await future

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._aiter()

    async def _aiter(self) -> AsyncIterator[Any]:
        while True:
            item = await self._next_async()
            if item is _END:
                return
            yield item


def _resolve(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


class _RunIO:
    """The IOStream of a run: prints become `text` events, `input()` an `input_request` the consumer answers."""

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        _bus.show("text", objects=list(objects), sep=sep, end=end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        from ..events.models import InputRequestEvent

        agent = _bus.current_agent.get()
        request = InputRequestEvent(prompt=prompt, password=password, agent=agent)
        _bus.emit(request)
        answer = request.wait_answer()
        _bus.emit_kind("input_response", text=answer or "", agent=agent)
        return answer or ""


class RunResponse:
    """What `run()` returns at once: `events` while the chat runs; `summary`, `messages`, `cost`, `last_speaker`
    and `chat_result` when it has ended (reading them waits for the end; an exception of the chat is raised)."""

    def __init__(self, stream: EventStream, recipient: Any) -> None:
        self.events = stream
        self._recipient = recipient
        self._done = threading.Event()
        self._result: Optional[ChatResult] = None
        self._error: Optional[BaseException] = None
        self._thread: Optional[threading.Thread] = None

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Block until the chat has ended; False after `timeout` seconds."""
        return self._done.wait(timeout)

    async def a_wait(self) -> None:
        """Wait for the end without blocking the event loop."""
        while not self._done.is_set():
            await asyncio.sleep(0.01)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def chat_result(self) -> ChatResult:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    @property
    def summary(self) -> Any:
        return self.chat_result.summary

    @property
    def messages(self) -> List[Dict[str, Any]]:
        return self.chat_result.chat_history

    @property
    def cost(self) -> Dict[str, Any]:
        return self.chat_result.cost

    @property
    def last_speaker(self) -> Optional[str]:
        return _last_speaker(self.chat_result, self._recipient)

    def process(self, iostream: Any = None) -> ChatResult:
        """Render every event to the console as the chat would have printed it, asking it for human input."""
        stream = iostream if iostream is not None else IOStream.get_default()
        for event in self.events:
            _render_or_ask(event, stream)
        return self.chat_result

    async def a_process(self, iostream: Any = None) -> ChatResult:
        """`process()` for an event loop: reads events without blocking it (input is asked on a thread)."""
        stream = iostream if iostream is not None else IOStream.get_default()
        async for event in self.events:
            if getattr(event, "type", None) == "input_request":
                event.respond(await asyncio.to_thread(stream.input, event.prompt, password=event.password))
            else:
                _render_or_ask(event, stream)
        await self.a_wait()
        return self.chat_result


def _render_or_ask(event: Any, stream: Any) -> None:
    from ..events._console import render

    if getattr(event, "type", None) == "input_request":
        event.respond(stream.input(event.prompt, password=event.password))
    else:
        render(event, stream)


def _last_speaker(result: ChatResult, recipient: Any) -> Optional[str]:
    """Group chats: the manager's last speaker; two-agent chats: the author of the last message."""
    speaker = getattr(recipient, "last_speaker", None)
    if speaker is not None and hasattr(recipient, "groupchat"):
        return speaker.name
    if not result.chat_history:
        return None
    last = result.chat_history[-1]
    if last.get("name"):
        return last["name"]
    return None


def _worker(sender: Any, recipient: Any, kwargs: Dict[str, Any], use_async: bool, response: RunResponse) -> None:
    from ..events.models import ErrorEvent, RunCompleteEvent

    try:
        with IOStream.set_default(_RunIO()):
            if use_async:
                result = run_coroutine_sync(sender.a_initiate_chat(recipient, **kwargs))
            else:
                result = sender.initiate_chat(recipient, **kwargs)
        response._result = result
        speaker = _last_speaker(result, recipient)
        _bus.emit(RunCompleteEvent(summary=result.summary, last_speaker=speaker, cost=result.cost))
    except BaseException as error:  # handed to the consumer through the response
        response._error = error
        _bus.emit(ErrorEvent(error=str(error), error_type=type(error).__name__))
    finally:
        response._done.set()


def start_run(sender: Any, recipient: Any, kwargs: Dict[str, Any], use_async: bool) -> RunResponse:
    """Start `sender.initiate_chat(recipient, **kwargs)` on a worker thread; events go to the response."""
    stream = EventStream()
    response = RunResponse(stream, recipient)
    run_id = next(_run_ids)

    def collect(event: Any) -> None:
        if _run_id.get() == run_id:
            stream.put(event)

    unsubscribe = _bus.subscribe(collect)

    def target() -> None:
        _run_id.set(run_id)
        _bus.console_muted.set(True)
        try:
            _worker(sender, recipient, kwargs, use_async, response)
        finally:
            unsubscribe()
            stream.close()

    thread = threading.Thread(target=contextvars.copy_context().run, args=(target,), name="autogen-run", daemon=True)
    response._thread = thread
    thread.start()
    return response
