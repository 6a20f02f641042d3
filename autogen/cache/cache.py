"""`Cache`: the user-facing cache object passed to agents and `OpenAIWrapper.create(cache=...)`."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Dict, Optional, Type, Union

from .abstract_cache_base import AbstractCache
from .cache_factory import CacheFactory

__all__ = ["Cache"]


class Cache(AbstractCache):
    """A cache configured by a dict, delegating to the backend `CacheFactory` picks.

    Build one with `Cache.disk()`, `Cache.redis()` or `Cache.cosmos_db()`. Used as a context manager it yields
    the backend itself (e.g. a `DiskCache`), which is what agents and the wrapper then use.

    Args:
        config: keys among `ALLOWED_CONFIG_KEYS`; `cache_seed` (default 42) is stored back as a string.

    Raises:
        ValueError: for a key that is not allowed.
    """

    ALLOWED_CONFIG_KEYS = ["cache_seed", "redis_url", "cache_path_root", "cosmos_db_config"]

    @staticmethod
    def redis(cache_seed: Union[str, int] = 42, redis_url: str = "redis://localhost:6379/0") -> Cache:
        """A cache in the Redis database at `redis_url`, namespaced by `cache_seed`."""
        return Cache({"cache_seed": cache_seed, "redis_url": redis_url})

    @staticmethod
    def disk(cache_seed: Union[str, int] = 42, cache_path_root: str = ".cache") -> Cache:
        """A cache in the directory `<cache_path_root>/<cache_seed>`."""
        return Cache({"cache_seed": cache_seed, "cache_path_root": cache_path_root})

    @staticmethod
    def cosmos_db(
        connection_string: Optional[str] = None,
        container_id: Optional[str] = None,
        cache_seed: Union[str, int] = 42,
        client: Optional[Any] = None,
    ) -> Cache:
        """A cache in the Cosmos DB container `container_id` of database `autogen_cache`."""
        cosmos_db_config = {
            "connection_string": connection_string,
            "database_id": "autogen_cache",
            "container_id": container_id,
            "client": client,
        }
        return Cache({"cache_seed": str(cache_seed), "cosmos_db_config": cosmos_db_config})

    def __init__(self, config: Dict[str, Any]):
        self.config = config
        rejected = [name for name in config if name not in self.ALLOWED_CONFIG_KEYS]
        config["cache_seed"] = str(config.get("cache_seed", 42))  # the caller's dict is normalised too, as in 0.2
        if rejected:
            raise ValueError(f"Invalid config key: {rejected[0]}")
        backend_args = {
            "redis_url": "redis_url",
            "cache_path_root": "cache_path_root",
            "cosmosdb_config": "cosmos_db_config",
        }
        self.cache = CacheFactory.cache_factory(
            config["cache_seed"], **{arg: config.get(key) for arg, key in backend_args.items()}
        )

    def __enter__(self) -> Any:
        """Enter the backend's context and return the backend (not this `Cache`)."""
        return self.cache.__enter__()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        return self.cache.__exit__(exc_type, exc_value, traceback)

    def get(self, key: str, default: Optional[Any] = None) -> Optional[Any]:
        """The backend's value for `key`, or `default`."""
        return self.cache.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Store `value` under `key` in the backend."""
        self.cache.set(key, value)

    def close(self) -> None:
        """Close the backend (it reopens on next use)."""
        self.cache.close()

    def __repr__(self) -> str:
        return f"Cache(seed={self.config.get('cache_seed')!r}, backend={self.cache!r})"
