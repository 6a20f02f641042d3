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
        if redis_url:
            try:
                from .redis_cache import RedisCache

                return RedisCache(seed, redis_url)
            except ImportError:
                # the root logger, as in 0.2.40 (so it prints as "WARNING:root:..." without any logging setup)
                logging.warning(
                    "RedisCache is not available. Checking other cache options. The last fallback is DiskCache."
                )

        if cosmosdb_config:
            try:
                from .cosmos_db_cache import CosmosDBCache

                return CosmosDBCache.create_cache(seed, cosmosdb_config)  # type: ignore[arg-type]
            except ImportError:
                logging.warning("CosmosDBCache is not available. Fallback to DiskCache.")

        root = _DEFAULT_CACHE_ROOT if cache_path_root is None else cache_path_root
        return DiskCache(os.path.join(".", os.path.join(root, str(seed))))
