"""The `Cache` facade: configuration, backend choice, context manager, delegation."""

from __future__ import annotations

import importlib.util
import logging
import pickle
from pathlib import Path

import pytest

from autogen.cache import AbstractCache, Cache
from autogen.cache.disk_cache import DiskCache
from autogen.cache.in_memory_cache import InMemoryCache


def _has_azure_cosmos() -> bool:
    try:
        return importlib.util.find_spec("azure.cosmos") is not None
    except ImportError:
        return False


@pytest.fixture
def in_tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_disk_factory_uses_seed_directory_under_root(in_tmp_cwd: Path) -> None:
    cache = Cache.disk(cache_seed=7, cache_path_root="my_cache")
    cache.set("k", "v")
    assert isinstance(cache.cache, DiskCache)
    assert (in_tmp_cwd / "my_cache" / "7" / "cache.db").is_file()


def test_default_disk_cache_is_dot_cache_42(in_tmp_cwd: Path) -> None:
    Cache.disk().set("k", 1)
    assert (in_tmp_cwd / ".cache" / "42").is_dir()


def test_seed_is_stored_as_string_in_the_callers_dict(in_tmp_cwd: Path) -> None:
    config = {"cache_seed": 3, "cache_path_root": ".c"}
    cache = Cache(config)
    assert cache.config is config
    assert config["cache_seed"] == "3"


def test_missing_seed_defaults_to_42(in_tmp_cwd: Path) -> None:
    config = {"cache_path_root": ".c"}
    Cache(config)
    assert config["cache_seed"] == "42"


def test_unknown_config_key_is_rejected(in_tmp_cwd: Path) -> None:
    with pytest.raises(ValueError, match="Invalid config key: cache_dir"):
        Cache({"cache_seed": 1, "cache_dir": "x"})


def test_missing_cache_path_root_falls_back_to_dot_cache(in_tmp_cwd: Path) -> None:
    Cache({"cache_seed": "s"}).set("k", 1)
    assert (in_tmp_cwd / ".cache" / "s").is_dir()


def test_context_manager_yields_the_backend(in_tmp_cwd: Path) -> None:
    cache = Cache.disk(1)
    with cache as backend:
        assert backend is cache.cache
        assert isinstance(backend, DiskCache)


def test_cache_stays_usable_after_leaving_with_block(in_tmp_cwd: Path) -> None:
    cache = Cache.disk(1)
    for i in range(3):
        with cache as c:
            c.set(f"k{i}", i)
        with cache as c:
            assert c.get(f"k{i}") == i
    assert cache.get("k0") == 0


def test_get_set_close_delegate_to_backend(in_tmp_cwd: Path) -> None:
    cache = Cache.disk(1)
    cache.set("key", {"answer": 42})
    assert cache.get("key") == {"answer": 42}
    assert cache.cache.get("key") == {"answer": 42}
    assert cache.get("missing", "dflt") == "dflt"
    cache.close()
    assert cache.get("key") == {"answer": 42}


def test_all_backends_are_abstract_caches() -> None:
    for cls in (Cache, DiskCache, InMemoryCache):
        assert AbstractCache in cls.__mro__
        assert isinstance(cls.__new__(cls), AbstractCache)


def test_disk_cache_facade_pickles_and_reopens(in_tmp_cwd: Path) -> None:
    cache = Cache.disk(5)
    cache.set("k", [1, 2])
    clone = pickle.loads(pickle.dumps(cache))
    assert clone.get("k") == [1, 2]
    clone.close()


@pytest.mark.redis
def test_redis_factory_builds_redis_backend(redis_url: str) -> None:
    from autogen.cache.redis_cache import RedisCache

    cache = Cache.redis(cache_seed="facade", redis_url=redis_url)
    with cache as backend:
        assert isinstance(backend, RedisCache)
        backend.set("k", "v")
    assert cache.get("k") == "v"


@pytest.mark.skipif(_has_azure_cosmos(), reason="azure-cosmos is installed")
def test_cosmos_without_azure_warns_and_falls_back_to_disk(in_tmp_cwd: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        cache = Cache.cosmos_db(connection_string="AccountEndpoint=x;", container_id="c", cache_seed=9)
    assert isinstance(cache.cache, DiskCache)
    assert cache.config["cache_seed"] == "9"
    assert cache.config["cosmos_db_config"]["database_id"] == "autogen_cache"
    # 0.2.40's text, on the root logger
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("root", "CosmosDBCache is not available. Fallback to DiskCache.")
    ]


def test_repr_hides_redis_password(in_tmp_cwd: Path) -> None:
    pytest.importorskip("redis")
    cache = Cache.redis(redis_url="redis://user:s3cret@127.0.0.1:1/0")
    assert "s3cret" not in repr(cache)
