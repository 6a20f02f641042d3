"""InMemoryCache: seed prefix, defaults, round trips."""

from __future__ import annotations

from autogen.cache.in_memory_cache import InMemoryCache


def test_seed_prefixes_keys() -> None:
    assert InMemoryCache(seed="test")._prefixed_key("key") == "test_key"


def test_missing_key_returns_default() -> None:
    cache = InMemoryCache()
    assert cache.get("key", "default_value") == "default_value"
    assert cache.get("key") is None


def test_stored_none_returns_default() -> None:
    cache = InMemoryCache()
    cache.set("key", None)
    assert cache.get("key", "d") == "d"


def test_round_trip_without_seed_stores_plain_key() -> None:
    cache = InMemoryCache()
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert cache._cache["key"] == "value"


def test_round_trip_with_seed_stores_prefixed_key() -> None:
    cache = InMemoryCache(seed="test")
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert cache._cache["test_key"] == "value"


def test_integer_seed_is_stringified() -> None:
    cache = InMemoryCache(seed=41)
    cache.set("k", 1)
    assert cache._cache == {"41_k": 1}


def test_context_manager_yields_cache_and_keeps_contents() -> None:
    cache = InMemoryCache(seed="s")
    with cache as c:
        assert c is cache
        c.set("k", "v")
        assert c.get("k") == "v"
    assert cache.get("k") == "v"
