"""A cache held in a dict of this process (lost when the process ends)."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Dict, Optional, Type, Union

from .abstract_cache_base import AbstractCache

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover - older interpreters
    from typing_extensions import Self

__all__ = ["InMemoryCache"]


class InMemoryCache(AbstractCache):
    """LLM-response cache in memory; keys are prefixed with the seed when one is given.

    Not created by `Cache`/`CacheFactory`: pass an instance directly as `cache=`.
    """

    def __init__(self, seed: Union[str, int] = ""):
        self._seed = str(seed)
        self._cache: Dict[str, Any] = {}

    def _prefixed_key(self, key: str) -> str:
        return f"{self._seed}_{key}" if self._seed else key

    def get(self, key: str, default: Optional[Any] = None) -> Optional[Any]:
        """Return the stored value, or `default` when missing or stored as None."""
        value = self._cache.get(self._prefixed_key(key))
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        """Store `value` under the (prefixed) key."""
        self._cache[self._prefixed_key(key)] = value

    def close(self) -> None:
        """Nothing to release; the contents are kept."""

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
        return f"InMemoryCache(seed={self._seed!r}, entries={len(self._cache)})"
