"""`CouchbaseVectorDB`: RetrieveChat on Couchbase (Server or Capella) with a full-text-search vector index.

Documents are stored as `{"content", "metadata", "embedding", "id"}` under their id; search uses the
index's `embedding` field (dot product). Needs a Couchbase cluster: there is no embedded mode.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any, Callable, Dict, List, Optional

from ._common import check_dimension, default_embedding_function, missing_extra, require_content_and_id
from .base import Document, ItemID, QueryResults, VectorDB
from .utils import get_logger

try:
    import couchbase.search as search
    from couchbase.auth import PasswordAuthenticator
    from couchbase.cluster import Cluster
    from couchbase.options import ClusterOptions, SearchOptions
    from couchbase.vector_search import VectorQuery, VectorSearch
except ImportError as exc:
    raise missing_extra("couchbase", "retrievechat-couchbase") from exc

__all__ = ("CouchbaseVectorDB",)

logger = get_logger(__name__)
_INDEX_ATTEMPTS = 10


class CouchbaseVectorDB(VectorDB):
    """Collections of one bucket and scope, searched through a Couchbase search index with a vector field."""

    def __init__(
        self,
        connection_string: str = "couchbase://localhost",
        username: str = "Administrator",
        password: str = "password",
        bucket_name: str = "vector_db",
        embedding_function: Optional[Callable[..., Any]] = None,
        scope_name: str = "_default",
        collection_name: str = "_default",
        index_name: Optional[str] = None,
    ) -> None:
        try:
            cluster = Cluster(connection_string, ClusterOptions(PasswordAuthenticator(username, password)))
            cluster.wait_until_ready(timedelta(seconds=5))
        except Exception as exc:
            raise ConnectionError("Could not connect to Couchbase server") from exc
        self.cluster = cluster
        self.bucket = cluster.bucket(bucket_name)
        self.scope = self.bucket.scope(scope_name)
        self.active_collection: Any = self.scope.collection(collection_name)
        self.embedding_function = embedding_function or default_embedding_function()
        self.index_name = index_name
        self.type = "couchbase"
        self._dimensions: Optional[int] = None

    @property
    def dimensions(self) -> int:
        if self._dimensions is None:
            self._dimensions = len(self._embed(["The dimension of this embedding sizes the index."])[0])
        return self._dimensions

    def _embed(self, texts: List[str]) -> List[List[float]]:
        vectors = self.embedding_function(texts)
        return [list(map(float, v)) for v in (vectors.tolist() if hasattr(vectors, "tolist") else vectors)]

    # ------------------------------------------------------------------ collections and indexes
    def _collection_names(self) -> List[str]:
        manager = self.bucket.collections()
        return [c.name for s in manager.get_all_scopes() if s.name == self.scope.name for c in s.collections]

    def create_collection(self, collection_name: str, overwrite: bool = False, get_or_create: bool = True) -> Any:
        """Create the collection, its primary index and the vector search index; see `VectorDB.create_collection`."""
        exists = collection_name in self._collection_names()
        if exists and overwrite:
            self.delete_collection(collection_name)
            exists = False
        if exists and not get_or_create:
            raise ValueError(f"Collection {collection_name} already exists.")
        if not exists:
            self.bucket.collections().create_collection(self.scope.name, collection_name)
            time.sleep(1)
            self.cluster.query(
                f"CREATE PRIMARY INDEX IF NOT EXISTS ON `{self.bucket.name}`.`{self.scope.name}`.`{collection_name}`"
            ).execute()
        self.active_collection = self.scope.collection(collection_name)
        self.create_index_if_not_exists(self.index_name or f"{collection_name}_vector_index", collection_name)
        return self.active_collection

    def create_index_if_not_exists(
        self, index_name: str = "vector_index", collection_name: Optional[str] = None
    ) -> None:
        """A search index mapping `embedding` as a dot-product vector; retried while the cluster settles."""
        self.index_name = index_name
        manager = self.scope.search_indexes()
        if any(ix.name == index_name for ix in manager.get_all_indexes()):
            return
        target = f"{self.scope.name}.{collection_name or self.active_collection.name}"
        field = {"name": "embedding", "type": "vector", "dims": self.dimensions, "similarity": "dot_product"}
        params = {
            "doc_config": {"mode": "scope.collection.type_field", "type_field": "type"},
            "mapping": {
                "default_mapping": {"enabled": False},
                "types": {target: {"enabled": True, "properties": {"embedding": {"fields": [field]}}}},
            },
        }
        index = search.SearchIndex(name=index_name, source_name=self.bucket.name, params=params)
        for attempt in range(_INDEX_ATTEMPTS):
            try:
                manager.upsert_index(index)
                return
            except Exception as exc:  # noqa: BLE001 (the cluster refuses until the collection is known)
                logger.info(f"Search index not created yet (attempt {attempt + 1}): {exc}")
                time.sleep(2)
        raise RuntimeError(f"Could not create the search index {index_name} after {_INDEX_ATTEMPTS} attempts.")

    def get_collection(self, collection_name: Optional[str] = None) -> Any:
        if collection_name is None:
            return self.active_collection
        if collection_name not in self._collection_names():
            raise ValueError(f"Collection {collection_name} does not exist.")
        self.active_collection = self.scope.collection(collection_name)
        return self.active_collection

    def delete_collection(self, collection_name: str) -> None:
        self.bucket.collections().drop_collection(self.scope.name, collection_name)
        if self.active_collection is not None and self.active_collection.name == collection_name:
            self.active_collection = None

    # ------------------------------------------------------------------ documents
    def upsert_docs(self, docs: List[Document], collection: Any, batch_size: int = 1000, **kwargs: Any) -> None:
        """Write documents (with their embeddings) by id, `batch_size` at a time."""
        for doc in docs:
            require_content_and_id(doc)
        vectors = self._embed([doc["content"] for doc in docs])
        check_dimension(collection.name, self.dimensions, vectors)
        for start in range(0, len(docs), batch_size):
            batch = {
                str(doc["id"]): {
                    "content": doc["content"],
                    "metadata": doc.get("metadata"),
                    "embedding": vector,
                    "id": doc["id"],
                    "type": f"{self.scope.name}.{collection.name}",
                }
                for doc, vector in zip(docs[start : start + batch_size], vectors[start : start + batch_size])
            }
            collection.upsert_multi(batch)

    def insert_docs(
        self,
        docs: List[Document],
        collection_name: Optional[str] = None,
        upsert: bool = False,
        batch_size: int = 1000,
        **kwargs: Any,
    ) -> None:
        if docs:
            self.upsert_docs(docs, self.get_collection(collection_name), batch_size)

    def update_docs(
        self, docs: List[Document], collection_name: Optional[str] = None, batch_size: int = 1000, **kwargs: Any
    ) -> None:
        if docs:
            self.upsert_docs(docs, self.get_collection(collection_name), batch_size)

    def delete_docs(
        self, ids: List[ItemID], collection_name: Optional[str] = None, batch_size: int = 1000, **kwargs: Any
    ) -> None:
        collection = self.get_collection(collection_name)
        keys = [str(i) for i in ids]
        for start in range(0, len(keys), batch_size):
            collection.remove_multi(keys[start : start + batch_size])

    def get_docs_by_ids(
        self,
        ids: Optional[List[ItemID]] = None,
        collection_name: Optional[str] = None,
        include: Optional[List[str]] = None,
        **kwargs: Any,
    ) -> List[Document]:
        """Documents by id (all when `ids` is None) with the fields in `include` (content and metadata by default)."""
        collection = self.get_collection(collection_name)
        fields = include if include else ["content", "metadata"]
        columns = ", ".join(f"`{field}`" for field in ["id", *fields] if field != "id")
        statement = (
            f"SELECT META().id AS id, {columns} FROM `{self.bucket.name}`.`{self.scope.name}`.`{collection.name}`"
        )
        if ids is not None:
            statement += f" USE KEYS {json.dumps([str(i) for i in ids])}"
        return [dict(row) for row in self.cluster.query(statement)]  # type: ignore[misc]

    def retrieve_docs(
        self,
        queries: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_threshold: float = -1,
        **kwargs: Any,
    ) -> QueryResults:
        """Vector search per query; a threshold >= 0 keeps scores >= 1 - threshold."""
        collection = self.get_collection(collection_name)
        if isinstance(queries, str):
            queries = [queries]
        results: QueryResults = []
        for vector in self._embed(queries):
            request = search.SearchRequest.create(
                VectorSearch.from_vector_query(VectorQuery("embedding", vector, n_results))
            )
            hits = self.scope.search(self.index_name, request, SearchOptions(limit=n_results, fields=["*"]))
            pairs: List[Any] = []
            for row in hits.rows():
                if distance_threshold >= 0 and row.score < 1 - distance_threshold:
                    continue
                stored: Dict[str, Any] = collection.get(row.id).content_as[dict]
                doc = {"id": row.id, "content": stored.get("content"), "metadata": stored.get("metadata")}
                pairs.append((doc, row.score))
            results.append(pairs)
        return results
