"""A cache stored in an Azure Cosmos DB container (partition key = the seed).

Needs `azure-cosmos` (`pip install "autogen-agentchat[cosmosdb]"`); importing this module without it raises
ImportError, which `CacheFactory` catches to fall back to a disk cache.
"""

from __future__ import annotations

import pickle
import sys
from types import TracebackType
from typing import Any, Optional, Type, TypedDict, Union

try:
    from azure.cosmos import CosmosClient, PartitionKey
    from azure.cosmos.exceptions import CosmosResourceNotFoundError
except ImportError as e:
    raise ImportError(
        'CosmosDBCache needs the "azure-cosmos" package: pip install "autogen-agentchat[cosmosdb]"', name=e.name
    ) from e

from .abstract_cache_base import AbstractCache

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover - older interpreters
    from typing_extensions import Self

__all__ = ["CosmosDBCache", "CosmosDBConfig", "CosmosClient"]

_DEFAULT_DATABASE = "autogen_cache"


class CosmosDBConfig(TypedDict, total=False):
    """Where the cache lives: a connection string or an existing client, plus database and container ids."""

    connection_string: str
    database_id: str
    container_id: str
    cache_seed: Optional[Union[str, int]]
    client: Optional[CosmosClient]


def _seed_partitioned_container(database: Any, container_id: Optional[str]) -> Any:
    """The container (made on first use), with items partitioned by their `partitionKey` field: the seed."""
    by_seed = PartitionKey(path="/partitionKey")
    return database.create_container_if_not_exists(id=container_id, partition_key=by_seed)


class CosmosDBCache(AbstractCache):
    """LLM-response cache in Cosmos DB; items are `{"id": key, "partitionKey": seed, "data": pickled value}`."""

    def __init__(self, seed: Union[str, int], cosmosdb_config: CosmosDBConfig):
        self.seed = str(seed)
        given = cosmosdb_config.get("client")
        self.client = given if given else CosmosClient.from_connection_string(cosmosdb_config["connection_string"])
        self.database = self.client.get_database_client(cosmosdb_config.get("database_id", _DEFAULT_DATABASE))
        self.container = _seed_partitioned_container(self.database, cosmosdb_config.get("container_id"))

    @classmethod
    def create_cache(cls, seed: Union[str, int], cosmosdb_config: CosmosDBConfig) -> CosmosDBCache:
        """Build from a config holding either a ready `CosmosClient` (under `client`) or a connection string."""
        if isinstance(cosmosdb_config.get("client"), CosmosClient):
            return cls.from_existing_client(seed, **cosmosdb_config)
        return cls.from_config(seed, cosmosdb_config)

    @classmethod
    def from_config(cls, seed: Union[str, int], cosmosdb_config: CosmosDBConfig) -> CosmosDBCache:
        return cls(str(seed), cosmosdb_config)

    @classmethod
    def from_connection_string(
        cls, seed: Union[str, int], connection_string: str, database_id: str, container_id: str
    ) -> CosmosDBCache:
        config: CosmosDBConfig = {
            "connection_string": connection_string,
            "database_id": database_id,
            "container_id": container_id,
        }
        return cls(str(seed), config)

    @classmethod
    def from_existing_client(
        cls,
        seed: Union[str, int],
        client: CosmosClient,
        database_id: str = _DEFAULT_DATABASE,
        container_id: Optional[str] = None,
        **_unused: Any,
    ) -> CosmosDBCache:
        config: CosmosDBConfig = {"client": client, "database_id": database_id, "container_id": container_id}  # type: ignore[typeddict-item]
        return cls(str(seed), config)

    def get(self, key: str, default: Optional[Any] = None) -> Optional[Any]:
        """Return the unpickled value stored under `key`, or `default` when the item does not exist."""
        try:
            item = self.container.read_item(item=key, partition_key=str(self.seed))
        except CosmosResourceNotFoundError:
            return default
        return pickle.loads(item["data"])

    def set(self, key: str, value: Any) -> None:
        """Pickle `value` first (so an unpicklable value writes nothing), then upsert the item."""
        data = pickle.dumps(value)
        self.container.upsert_item({"id": key, "partitionKey": str(self.seed), "data": data})

    def close(self) -> None:
        """Nothing to release: the Cosmos client manages its own connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CosmosDBCache(seed={self.seed!r})"
