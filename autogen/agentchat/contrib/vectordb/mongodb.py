"""`MongoDBAtlasVectorDB`: RetrieveChat on MongoDB Atlas Vector Search (`$vectorSearch` over an `embedding` field).

Documents are stored as `{"_id", "content", "metadata", "embedding"}`; each collection gets a search index
of type vectorSearch. Needs an Atlas cluster (or Atlas local): there is no embedded mode.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional

from ._common import check_dimension, default_embedding_function, missing_extra, require_content_and_id
from .base import Document, ItemID, QueryResults, VectorDB
from .utils import get_logger

try:
    from pymongo import MongoClient, UpdateOne, errors
    from pymongo.collection import Collection
    from pymongo.driver_info import DriverInfo
    from pymongo.operations import SearchIndexModel
except ImportError as exc:
    raise missing_extra("pymongo", "retrievechat-mongodb") from exc

__all__ = ("MongoDBAtlasVectorDB", "with_id_rename")

logger = get_logger(__name__)
_SAMPLE = "The dimension of this embedding tells the index size."
_DELAY = 0.5


def with_id_rename(docs: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """MongoDB's `_id` field renamed to `id`."""
    renamed = []
    for doc in docs:
        row = {key: value for key, value in doc.items() if key != "_id"}
        row["id"] = doc["_id"]
        renamed.append(row)
    return renamed


class MongoDBAtlasVectorDB(VectorDB):
    """Collections in one Atlas database, searched through their vector search index."""

    def __init__(
        self,
        connection_string: str = "",
        database_name: str = "vector_db",
        embedding_function: Optional[Callable[..., Any]] = None,
        collection_name: Optional[str] = None,
        index_name: str = "vector_index",
        overwrite: bool = False,
        wait_until_index_ready: Optional[float] = None,
        wait_until_document_ready: Optional[float] = None,
    ) -> None:
        self.embedding_function = embedding_function or default_embedding_function()
        self.index_name = index_name
        self._wait_until_index_ready = wait_until_index_ready
        self._wait_until_document_ready = wait_until_document_ready
        self.type = "mongodb"
        self.client = MongoClient(connection_string, driver=DriverInfo(name="autogen"))
        try:
            self.client.admin.command("ping")
        except errors.ServerSelectionTimeoutError as exc:
            raise ConnectionError("Could not connect to MongoDB server") from exc
        self.db = self.client[database_name]
        self.active_collection: Any = None
        self._dimensions: Optional[int] = None
        if collection_name:
            self.active_collection = self.create_collection(collection_name, overwrite)

    @property
    def dimensions(self) -> int:
        if self._dimensions is None:
            self._dimensions = len(self._embed([_SAMPLE])[0])
        return self._dimensions

    def _embed(self, texts: List[str]) -> List[List[float]]:
        vectors = self.embedding_function(texts)
        return [list(map(float, v)) for v in (vectors.tolist() if hasattr(vectors, "tolist") else vectors)]

    # ------------------------------------------------------------------ collections and indexes
    def list_collections(self) -> List[Collection]:
        return [self.db[name] for name in self.db.list_collection_names()]

    def _exists(self, collection_name: str) -> bool:
        return collection_name in self.db.list_collection_names()

    def create_collection(self, collection_name: str, overwrite: bool = False, get_or_create: bool = True) -> Any:
        """Create the collection and its vector search index; see `VectorDB.create_collection`."""
        if self._exists(collection_name):
            if overwrite:
                self.delete_collection(collection_name)
            elif get_or_create:
                collection = self.db[collection_name]
                if not any(ix["name"] == self.index_name for ix in collection.list_search_indexes()):
                    self.create_vector_search_index(collection)
                return collection
            else:
                raise ValueError(f"Collection {collection_name} already exists.")
        collection = self.db.create_collection(collection_name)
        self.create_vector_search_index(collection)
        return collection

    def create_vector_search_index(
        self, collection: Collection, index_name: Optional[str] = None, similarity: str = "cosine"
    ) -> None:
        """A vectorSearch index on `embedding`, waited for when `wait_until_index_ready` is set."""
        name = index_name or self.index_name
        definition = {
            "fields": [
                {"type": "vector", "path": "embedding", "numDimensions": self.dimensions, "similarity": similarity}
            ]
        }
        collection.create_search_index(SearchIndexModel(definition=definition, name=name, type="vectorSearch"))
        if self._wait_until_index_ready:
            self._wait_for_index(collection, name, self._wait_until_index_ready)

    def _wait_for_index(self, collection: Collection, index_name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(ix["name"] == index_name and ix.get("queryable") for ix in collection.list_search_indexes()):
                return
            time.sleep(_DELAY)
        raise TimeoutError(f"Index {index_name} is not ready after {timeout} seconds.")

    def _wait_for_document(self, collection: Collection, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self._search(collection, self._embed([text])[0], 1, -1)
            if found and found[0][0]["content"] == text:
                return
            time.sleep(_DELAY)
        raise TimeoutError(f"Document is not searchable after {timeout} seconds.")

    def get_collection(self, collection_name: Optional[str] = None) -> Collection:
        """The named collection (which becomes the active one), or the active one when no name is given."""
        if collection_name is not None:
            if not self._exists(collection_name):
                raise ValueError(f"Collection {collection_name} does not exist.")
            self.active_collection = self.db[collection_name]
        elif self.active_collection is None:
            raise ValueError("No collection is specified.")
        return self.active_collection

    def delete_collection(self, collection_name: str) -> None:
        self.db[collection_name].drop()
        if self.active_collection is not None and self.active_collection.name == collection_name:
            self.active_collection = None

    # ------------------------------------------------------------------ documents
    def insert_docs(
        self,
        docs: List[Document],
        collection_name: Optional[str] = None,
        upsert: bool = False,
        batch_size: int = 100_000,
        **kwargs: Any,
    ) -> None:
        """Insert documents in batches; `upsert` goes through `update_docs`."""
        if not docs:
            return
        if upsert:
            self.update_docs(docs, collection_name, upsert=True, **kwargs)
            return
        for doc in docs:
            require_content_and_id(doc)
        collection = self.get_collection(collection_name)
        rows = self._rows(docs)
        for start in range(0, len(rows), batch_size):
            collection.insert_many(rows[start : start + batch_size])
        if self._wait_until_document_ready:
            self._wait_for_document(collection, docs[-1]["content"], self._wait_until_document_ready)

    def _rows(self, docs: List[Document]) -> List[Dict[str, Any]]:
        vectors = self._embed([doc["content"] for doc in docs])
        check_dimension(self.index_name, self.dimensions, vectors)
        return [
            {"_id": doc["id"], "content": doc["content"], "metadata": doc.get("metadata"), "embedding": vector}
            for doc, vector in zip(docs, vectors)
        ]

    def update_docs(self, docs: List[Document], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        """Set content, metadata and embedding by id (`upsert=True` inserts missing ids)."""
        if not docs:
            return
        collection = self.get_collection(collection_name)
        upsert = bool(kwargs.get("upsert", False))
        operations = [
            UpdateOne({"_id": row["_id"]}, {"$set": {k: v for k, v in row.items() if k != "_id"}}, upsert=upsert)
            for row in self._rows(docs)
        ]
        collection.bulk_write(operations)

    def delete_docs(self, ids: List[ItemID], collection_name: Optional[str] = None, **kwargs: Any) -> Any:
        return self.get_collection(collection_name).delete_many({"_id": {"$in": list(ids)}})

    def get_docs_by_ids(
        self,
        ids: Optional[List[ItemID]] = None,
        collection_name: Optional[str] = None,
        include: Optional[List[str]] = None,
        **kwargs: Any,
    ) -> List[Document]:
        """Documents by id (all when `ids` is None) with the fields in `include` (content and metadata by default)."""
        fields = include if include else ["content", "metadata"]
        projection = {"_id": 1, **{field: 1 for field in fields}}
        query = {} if ids is None else {"_id": {"$in": list(ids)}}
        return with_id_rename(self.get_collection(collection_name).find(query, projection))  # type: ignore[return-value]

    def retrieve_docs(
        self,
        queries: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_threshold: float = -1,
        **kwargs: Any,
    ) -> QueryResults:
        """`$vectorSearch` per query; a threshold >= 0 keeps scores >= 1 - threshold."""
        collection = self.get_collection(collection_name)
        if collection.count_documents({}, limit=1) == 0:
            return []
        if isinstance(queries, str):
            queries = [queries]
        return [
            self._search(collection, vector, n_results, distance_threshold, **kwargs) for vector in self._embed(queries)
        ]

    def _search(
        self,
        collection: Collection,
        vector: List[float],
        n_results: int,
        distance_threshold: float,
        oversampling_factor: int = 10,
        **kwargs: Any,
    ) -> List[Any]:
        search = {"index": self.index_name, "path": "embedding", "queryVector": vector, "limit": n_results}
        search["numCandidates"] = n_results * oversampling_factor
        keep = [{"$match": {"score": {"$gte": 1.0 - distance_threshold}}}] if distance_threshold >= 0.0 else []
        pipeline = [
            {"$vectorSearch": search},
            {"$set": {"score": {"$meta": "vectorSearchScore"}}},
            *keep,
            {"$project": {"embedding": 0}},
        ]
        rows = with_id_rename(collection.aggregate(pipeline))
        return [(row, row.pop("score")) for row in rows]
