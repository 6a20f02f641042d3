"""A cache stored in a Redis server, shared by every process that reaches it.

Needs the `redis` package (`pip install "autogen-agentchat[redis]"`); importing this module without it raises
ImportError, which `CacheFactory` catches to fall back to a disk cache.
"""

from __future__ import annotations

import pickle
import sys
from types import TracebackType
from typing import Any, Dict, Optional, Type, Union
from urllib.parse import urlsplit, urlunsplit

try:
    import redis
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'RedisCache needs the "redis" package: pip install "autogen-agentchat[redis]"', name=e.name
    ) from e

from .abstract_cache_base import AbstractCache

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover - older interpreters
    from typing_extensions import Self

__all__ = ["RedisCache", "redis"]


def _redact_url(url: str) -> str:
    """The URL without its password, for reprs and messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<redis url>"
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname or ''}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class RedisCache(AbstractCache):
    """LLM-response cache in Redis; keys are `autogen:<seed>:<key>`, values are pickled. No expiry.

    Args:
        seed: namespace of this cache inside the Redis database.
        redis_url: e.g. `redis://localhost:6379/0`.
    """

    def __init__(self, seed: Union[str, int], redis_url: str):
        self.seed = seed
        self._redis_url = redis_url
        self.cache = redis.Redis.from_url(redis_url)

    def _prefixed_key(self, key: str) -> str:
        return f"autogen:{self.seed}:{key}"

    def get(self, key: str, default: Optional[Any] = None) -> Optional[Any]:
        """Return the unpickled value stored under `key`, or `default`."""
        raw = self.cache.get(self._prefixed_key(key))
        if raw is None:
            return default
        return pickle.loads(raw)

    def set(self, key: str, value: Any) -> None:
        """Pickle `value` first (so an unpicklable value writes nothing), then store it."""
        data = pickle.dumps(value)
        self.cache.set(self._prefixed_key(key), data)

    def close(self) -> None:
        """Close the connections; the client reconnects on the next get/set."""
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

    def __getstate__(self) -> Dict[str, Any]:
        # The redis client holds sockets and locks; a pickled cache reconnects from its URL instead.
        return {"seed": self.seed, "redis_url": self._redis_url}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(state["seed"], state["redis_url"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"RedisCache(seed={self.seed!r}, redis_url={_redact_url(self._redis_url)!r})"
