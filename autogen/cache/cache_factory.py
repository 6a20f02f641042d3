"""Chooses the cache backend for a configuration: Redis, then Cosmos DB, then a disk directory."""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Optional, Union

from .abstract_cache_base import AbstractCache
from .disk_cache import DiskCache

__all__ = ["CacheFactory"]


_DEFAULT_CACHE_ROOT = ".cache"


class CacheFactory:
    """Builds cache backends; optional backends are imported only when asked for."""

    @staticmethod
    def cache_factory(
        seed: Union[str, int],
        redis_url: Optional[str] = None,
        cache_path_root: str = _DEFAULT_CACHE_ROOT,
        cosmosdb_config: Optional[Dict[str, Any]] = None,
    ) -> AbstractCache:
        """Return a backend for `seed`; the first usable of these wins.

        1. `redis_url` given and the `redis` package installed: `RedisCache(seed, redis_url)`.
        2. `cosmosdb_config` given and `azure-cosmos` installed: `CosmosDBCache.create_cache(seed, cosmosdb_config)`.
        3. Otherwise a `DiskCache` in `./<cache_path_root>/<seed>` (`cache_path_root` None means `.cache`).
        A missing optional package is logged as a warning and the next option is tried.
        """
        candidates = []
        if redis_url:
            candidates.append((_redis_backend, (seed, redis_url), _NO_REDIS))
        if cosmosdb_config:
            candidates.append((_cosmos_backend, (seed, cosmosdb_config), _NO_COSMOS))
        for build, args, unavailable in candidates:
            try:
                return build(*args)
            except ImportError:
                # the root logger, as in 0.2.40 (so it prints as "WARNING:root:..." without any logging setup)
                logging.warning(unavailable)
        folder = os.path.join(_DEFAULT_CACHE_ROOT if cache_path_root is None else cache_path_root, str(seed))
        return DiskCache(os.path.join(".", folder))


_NO_REDIS = "RedisCache is not available. Checking other cache options. The last fallback is DiskCache."
_NO_COSMOS = "CosmosDBCache is not available. Fallback to DiskCache."


def _redis_backend(seed: Union[str, int], redis_url: str) -> AbstractCache:
    from .redis_cache import RedisCache  # needs the optional `redis` package

    return RedisCache(seed, redis_url)


def _cosmos_backend(seed: Union[str, int], cosmosdb_config: Dict[str, Any]) -> AbstractCache:
    from .cosmos_db_cache import CosmosDBCache  # needs the optional `azure-cosmos` package

    return CosmosDBCache.create_cache(seed, cosmosdb_config)  # type: ignore[arg-type]
