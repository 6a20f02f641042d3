"""Process-wide open disk caches, so repeated requests with the same `cache_seed` do not reopen SQLite.

`OpenAIWrapper` builds a disk cache from the legacy `cache_seed` on every request; opening one costs about a
millisecond, a lookup in an open one some microseconds. `shared_disk_cache` keeps one open `Cache` per
(process, absolute directory) and opens a fresh one when the directory was deleted or replaced meanwhile (tests
and users remove `.cache` between runs; an open SQLite handle would otherwise keep serving the deleted data).
"""

from __future__ import annotations

import os
import threading
from typing import Dict, Optional, Tuple, Union

from .cache import Cache

__all__ = ["shared_disk_cache", "close_shared_disk_caches"]

_DB_FILE = "cache.db"  # diskcache's SQLite file inside the cache directory
_lock = threading.Lock()
_open: Dict[Tuple[int, str], Tuple[Cache, Optional[int]]] = {}


def _db_inode(directory: str) -> Optional[int]:
    try:
        return os.stat(os.path.join(directory, _DB_FILE)).st_ino
    except OSError:
        return None


def shared_disk_cache(cache_seed: Union[str, int], cache_path_root: str = ".cache") -> Cache:
    """An open `Cache.disk(cache_seed, cache_path_root)` shared by this process; do not close it per request.

    The directory is resolved against the current working directory at call time, as `Cache.disk` does.
    """
    directory = os.path.abspath(os.path.join(cache_path_root, str(cache_seed)))
    key = (os.getpid(), directory)
    entry = _open.get(key)
    if entry is not None:
        cache, inode = entry
        if inode is not None and _db_inode(directory) == inode:
            return cache
    with _lock:
        entry = _open.get(key)
        if entry is not None:
            cache, inode = entry
            if inode is not None and _db_inode(directory) == inode:
                return cache
            cache.close()
        cache = Cache.disk(cache_seed, os.path.dirname(directory))
        _open[key] = (cache, _db_inode(directory))
        return cache


def close_shared_disk_caches() -> None:
    """Close every shared cache of this process (they reopen when asked for again)."""
    with _lock:
        entries = list(_open.values())
        _open.clear()
    for cache, _ in entries:
        cache.close()
