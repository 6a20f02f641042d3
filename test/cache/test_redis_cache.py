"""RedisCache against a real redis-server."""

from __future__ import annotations

import pickle
import uuid

import pytest

redis = pytest.importorskip("redis")

from autogen.cache.redis_cache import RedisCache  # noqa: E402

pytestmark = pytest.mark.redis


@pytest.fixture
def seed() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def test_keeps_seed_and_prefixes_keys(redis_url: str) -> None:
    cache = RedisCache(7, redis_url)
    assert cache.seed == 7
    assert cache._prefixed_key("test_key") == "autogen:7:test_key"


def test_set_stores_pickled_value_under_prefixed_key(redis_url: str, seed: str) -> None:
    cache = RedisCache(seed, redis_url)
    cache.set("key", {"a": 1})
    raw = redis.Redis.from_url(redis_url).get(f"autogen:{seed}:key")
    assert raw == pickle.dumps({"a": 1})


def test_get_unpickles_and_defaults(redis_url: str, seed: str) -> None:
    cache = RedisCache(seed, redis_url)
    assert cache.get("key") is None
    assert cache.get("key", "dflt") == "dflt"
    cache.set("key", [1, "two"])
    assert cache.get("key") == [1, "two"]


def test_seeds_are_separate_namespaces(redis_url: str, seed: str) -> None:
    RedisCache(seed + "a", redis_url).set("k", "a")
    assert RedisCache(seed + "b", redis_url).get("k") is None


def test_context_manager_yields_itself_and_reconnects_after_exit(redis_url: str, seed: str) -> None:
    cache = RedisCache(seed, redis_url)
    with cache as c:
        assert c is cache
        c.set("k", "v")
    assert cache.get("k") == "v"
    cache.close()
    assert cache.get("k") == "v"


def test_unpicklable_value_raises_and_writes_nothing(redis_url: str, seed: str) -> None:
    cache = RedisCache(seed, redis_url)
    with pytest.raises((pickle.PicklingError, TypeError, AttributeError)):
        cache.set("k", lambda: None)
    assert cache.get("k", "absent") == "absent"


def test_pickled_redis_cache_reconnects(redis_url: str, seed: str) -> None:
    cache = RedisCache(seed, redis_url)
    cache.set("k", 3)
    clone = pickle.loads(pickle.dumps(cache))
    assert clone.seed == seed
    assert clone.get("k") == 3


def test_repr_hides_password() -> None:
    cache = RedisCache("s", "redis://user:pw-123@127.0.0.1:1/0")
    assert "pw-123" not in repr(cache)
