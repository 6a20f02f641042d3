"""Cache API directly: Cache.disk get/set/close, InMemoryCache, cache factory, seed handling."""

import tempfile

from autogen.cache import Cache
from autogen.cache.cache_factory import CacheFactory
from autogen.cache.in_memory_cache import InMemoryCache

with tempfile.TemporaryDirectory() as tmp:
    with Cache.disk(cache_seed=11, cache_path_root=tmp) as c:
        print("MISS:", c.get("k"), c.get("k", "dflt"))
        c.set("k", {"v": [1, 2]})
        print("HIT:", c.get("k"))
        print("ENTERED TYPE:", type(c).__name__)
    outer = Cache.disk(cache_seed=11, cache_path_root=tmp)
    print("CONFIG:", {k: v for k, v in outer.config.items() if k != "cache_path_root"}, type(outer.cache).__name__)
    print("VIA OUTER:", outer.get("k"))
    outer.close()
    with Cache.disk(cache_seed=11, cache_path_root=tmp) as c:
        print("PERSISTED:", c.get("k"))
    with Cache.disk(cache_seed=12, cache_path_root=tmp) as c:
        print("OTHER SEED:", c.get("k"))
    mem = InMemoryCache(seed=3)
    mem.set("a", 1)
    print("MEM:", mem.get("a"), mem.get("b"), mem.get("b", 0))
    with InMemoryCache() as m2:
        m2.set("x", "y")
        print("MEM CTX:", m2.get("x"))
    f = CacheFactory.cache_factory(seed=5, cache_path_root=tmp)
    print("FACTORY:", type(f).__name__)
    f.set("z", 1)
    print("FACTORY GET:", f.get("z"))
    f.close()
    try:
        Cache({"bogus_key": 1})
    except Exception as exc:
        print("BAD CONFIG:", type(exc).__name__, exc)
