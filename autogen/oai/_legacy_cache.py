"""The legacy `cache_seed` disk caches (`./.cache/<seed>`), kept open across calls and shared by all wrappers.

Opening a disk cache costs far more than a lookup, so each directory is opened once. A cache whose directory
was removed or replaced (e.g. a user cleared `.cache`) is reopened, so it writes where the user looks.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any, Tuple

__all__ = ("get_legacy_cache", "close_legacy_caches")

_MAX_OPEN = 16
_lock = threading.Lock()
# (working directory, cache_dir, seed) -> (absolute directory, its inode when opened, Cache)
_open: OrderedDict[Tuple[str, str, str], Tuple[str, int, Any]] = OrderedDict()


def _inode(path: str) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def get_legacy_cache(cache_seed: Any, cache_dir: str) -> Any:
    """The open `Cache.disk(cache_seed, cache_dir)` for the current working directory."""
    key = (os.getcwd(), cache_dir, str(cache_seed))
    entry = _open.get(key)
    if entry is not None and entry[1] == _inode(entry[0]):
        return entry[2]
    with _lock:
        entry = _open.pop(key, None)
        if entry is not None:
            _close_quietly(entry[2])
        from ..cache import Cache

        root = os.path.join(key[0], cache_dir)
        cache = Cache.disk(cache_seed, root)
        path = os.path.join(root, key[2])
        _open[key] = (path, _inode(path), cache)
        while len(_open) > _MAX_OPEN:
            _close_quietly(_open.popitem(last=False)[1][2])
        return cache


def _close_quietly(cache: Any) -> None:
    try:
        cache.close()
    except Exception:  # a cache on a vanished directory may fail to close; it is dropped either way
        pass


def close_legacy_caches() -> None:
    """Close every open legacy cache (they reopen on next use)."""
    with _lock:
        while _open:
            _close_quietly(_open.popitem()[1][2])
