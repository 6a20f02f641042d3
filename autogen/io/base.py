"""Where agents print and read: a context-local stream with a process-wide fallback."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator, Optional, Protocol, runtime_checkable

__all__ = ("OutputStream", "InputStream", "IOStream")

logger = logging.getLogger(__name__)


@runtime_checkable
class OutputStream(Protocol):
    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        """Write objects to the stream."""
        ...  # pragma: no cover


@runtime_checkable
class InputStream(Protocol):
    def input(self, prompt: str = "", *, password: bool = False) -> str:
        """Read one line from the stream."""
        ...  # pragma: no cover


@runtime_checkable
class IOStream(InputStream, OutputStream, Protocol):
    """Protocol for a two-way stream; the static methods manage the current default stream."""

    # Context-local default (per thread / per asyncio task) and a process-wide fallback.
    _default_io_stream: ContextVar[Optional[IOStream]] = ContextVar("default_iostream", default=None)
    _global_default: Optional[IOStream] = None

    @staticmethod
    def set_global_default(stream: IOStream) -> None:
        """Set the stream used by every context that has not set its own."""
        IOStream._global_default = stream

    @staticmethod
    def get_global_default() -> IOStream:
        if IOStream._global_default is None:
            raise RuntimeError("No global default IOStream has been set")
        return IOStream._global_default

    @staticmethod
    def get_default() -> IOStream:
        """The stream of the current context, falling back to (and remembering) the global one."""
        stream = IOStream._default_io_stream.get()
        if stream is None:
            stream = IOStream.get_global_default()
            IOStream._default_io_stream.set(stream)
        return stream

    @staticmethod
    @contextmanager
    def set_default(stream: Optional[IOStream]) -> Iterator[None]:
        """Use `stream` as the default inside a `with` block; the previous one comes back on exit."""
        token = IOStream._default_io_stream.set(stream)
        try:
            yield
        finally:
            IOStream._default_io_stream.reset(token)
