"""CosmosDBCache without azure-cosmos: a clear ImportError naming the extra."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import pytest


def _has_azure_cosmos() -> bool:
    try:
        return importlib.util.find_spec("azure.cosmos") is not None
    except ImportError:
        return False


@pytest.mark.skipif(_has_azure_cosmos(), reason="azure-cosmos is installed")
def test_import_without_azure_names_the_cosmosdb_extra() -> None:
    sys.modules.pop("autogen.cache.cosmos_db_cache", None)
    with pytest.raises(ImportError, match=r"autogen-agentchat\[cosmosdb\]"):
        importlib.import_module("autogen.cache.cosmos_db_cache")


def test_importing_autogen_cache_does_not_import_optional_backends(tmp_path) -> None:
    import subprocess

    code = (
        "import sys, autogen.cache; from autogen.cache import Cache; Cache.disk(1, '.c'); "
        "print(any(m.split('.')[0] in ('redis', 'azure') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.strip() == "False"


@pytest.fixture
def cosmos(monkeypatch: pytest.MonkeyPatch):
    """`autogen.cache.cosmos_db_cache` imported against the in-memory SDK stand-in in fake_sdks/."""
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).parent / "fake_sdks"))
    for name in [m for m in sys.modules if m == "azure" or m.startswith("azure.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delitem(sys.modules, "autogen.cache.cosmos_db_cache", raising=False)
    module = importlib.import_module("autogen.cache.cosmos_db_cache")
    yield module
    for name in [m for m in sys.modules if m == "azure" or m.startswith("azure.")]:
        sys.modules.pop(name, None)
    sys.modules.pop("autogen.cache.cosmos_db_cache", None)


def test_from_connection_string_keeps_string_seed(cosmos) -> None:
    import azure.cosmos

    cache = cosmos.CosmosDBCache.from_connection_string(42, "AccountEndpoint=x;", "db", "container")
    assert cache.seed == "42"
    assert azure.cosmos.CONNECTIONS[-1] == "AccountEndpoint=x;"
    assert cache.database.id == "db" and cache.container.id == "container"


def test_set_upserts_pickled_item_partitioned_by_seed(cosmos) -> None:
    import pickle

    cache = cosmos.CosmosDBCache.from_connection_string("42", "c", "db", "container")
    cache.set("key", {"a": 1})
    item = cache.container.read_item(item="key", partition_key="42")
    assert item == {"id": "key", "partitionKey": "42", "data": pickle.dumps({"a": 1})}


def test_get_unpickles_and_missing_item_gives_default(cosmos) -> None:
    cache = cosmos.CosmosDBCache.from_connection_string("42", "c", "db", "container")
    assert cache.get("key") is None
    assert cache.get("key", "dflt") == "dflt"
    cache.set("key", [1, 2])
    assert cache.get("key") == [1, 2]


def test_create_cache_with_existing_client_uses_it(cosmos) -> None:
    client = cosmos.CosmosClient()
    config = {"connection_string": None, "database_id": "autogen_cache", "container_id": "c", "client": client}
    cache = cosmos.CosmosDBCache.create_cache(7, config)
    assert cache.client is client and cache.seed == "7"
    assert cache.database.id == "autogen_cache"


def test_create_cache_without_client_connects(cosmos) -> None:
    cache = cosmos.CosmosDBCache.create_cache("s", {"connection_string": "conn", "container_id": "c"})
    assert cache.database.id == "autogen_cache"


def test_context_manager_yields_itself(cosmos) -> None:
    cache = cosmos.CosmosDBCache.from_connection_string("1", "c", "db", "container")
    with cache as c:
        assert c is cache
        c.set("k", "v")
    assert cache.get("k") == "v"


def test_cache_cosmos_db_facade_builds_cosmos_backend(cosmos) -> None:
    from autogen.cache import Cache

    client = cosmos.CosmosClient()
    cache = Cache.cosmos_db(container_id="c", cache_seed=5, client=client)
    assert isinstance(cache.cache, cosmos.CosmosDBCache)
    with cache as backend:
        backend.set("k", 1)
    assert cache.get("k") == 1
