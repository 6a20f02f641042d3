"""The interface every LLM-response cache backend implements."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Optional, Protocol, Type, runtime_checkable

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover - older interpreters
    from typing_extensions import Self

__all__ = ["AbstractCache"]


@runtime_checkable
class AbstractCache(Protocol):
    """A key/value store for LLM responses, usable as a context manager.

    Backends must stay usable after `close()` and after leaving a `with` block: the OpenAI wrapper enters and
    leaves the same cache object on every request.
    """

    def get(self, key: str, default: Optional[Any] = None) -> Optional[Any]:
        """Return the value stored under `key`, or `default` when there is none."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Store `value` under `key`, replacing any previous value."""
        ...

    def close(self) -> None:
        """Release the resources (connections, file handles) the backend holds."""
        ...

    def __enter__(self) -> Self:
        """Enter the context; returns the backend itself."""
        ...

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        """Leave the context, closing the backend."""
        ...
