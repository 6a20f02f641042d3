"""A cache stored in a directory on disk, through the `diskcache` library (SQLite + value files).

The directory layout and value format are `diskcache`'s own, so caches written by pyautogen 0.2 stay readable.
`diskcache` is safe for several threads and processes sharing one directory, writes each entry in one SQLite
transaction (no half-written entries), and reopens its connection after `close()`.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Optional, Type, Union

import diskcache

from .abstract_cache_base import AbstractCache

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover - older interpreters
    from typing_extensions import Self

__all__ = ["DiskCache", "diskcache"]


class DiskCache(AbstractCache):
    """LLM-response cache in a directory.

    Args:
        seed: despite its name (kept from AutoGen 0.2), the path of the cache directory, e.g. `./.cache/41`.
    """

    def __init__(self, seed: Union[str, int]):
        self.cache = diskcache.Cache(seed)

    def get(self, key: str, default: Optional[Any] = None) -> Optional[Any]:
        """Return the value stored under `key`, or `default`."""
        return self.cache.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Store `value` (pickled by diskcache) under `key`."""
        self.cache.set(key, value)

    def close(self) -> None:
        """Close the SQLite connection; the next get/set reopens it."""
        self.cache.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DiskCache({getattr(self.cache, 'directory', self.cache)!r})"
