"""Just enough of `azure.cosmos` for CosmosDBCache: clients, databases, containers kept in memory."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .exceptions import CosmosResourceNotFoundError

CONNECTIONS: List[str] = []


class PartitionKey:
    def __init__(self, path: str):
        self.path = path


class ContainerProxy:
    def __init__(self, container_id: str, partition_key: PartitionKey):
        self.id = container_id
        self.partition_key = partition_key
        self.items: Dict[Tuple[str, str], Dict[str, Any]] = {}

    def read_item(self, item: str, partition_key: str) -> Dict[str, Any]:
        try:
            return dict(self.items[(partition_key, item)])
        except KeyError:
            raise CosmosResourceNotFoundError(message=f"{item} not found")

    def upsert_item(self, body: Dict[str, Any]) -> Dict[str, Any]:
        self.items[(body["partitionKey"], body["id"])] = dict(body)
        return body


class DatabaseProxy:
    def __init__(self, database_id: str):
        self.id = database_id
        self.containers: Dict[str, ContainerProxy] = {}

    def create_container_if_not_exists(self, id: str, partition_key: PartitionKey) -> ContainerProxy:
        return self.containers.setdefault(id, ContainerProxy(id, partition_key))


class CosmosClient:
    def __init__(self) -> None:
        self.databases: Dict[str, DatabaseProxy] = {}

    @classmethod
    def from_connection_string(cls, conn_str: str) -> CosmosClient:
        CONNECTIONS.append(conn_str)
        return cls()

    def get_database_client(self, database: str) -> DatabaseProxy:
        return self.databases.setdefault(database, DatabaseProxy(database))


__all__ = ["ContainerProxy", "CosmosClient", "DatabaseProxy", "PartitionKey"]
