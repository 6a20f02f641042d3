"""`ChromaVectorDB`: RetrieveChat's default vector database, on chromadb (embedded, persistent or remote client)."""

from __future__ import annotations

import os
import re
from typing import Any, Callable, Dict, List, Optional

from ._common import dimension_error, require_content_and_id
from .base import Document, ItemID, QueryResults, VectorDB
from .utils import chroma_results_to_query_results, filter_results_by_distance, get_logger

try:
    import chromadb
    from chromadb import EmbeddingFunction as _ChromaEmbeddingFunction
    from chromadb.errors import ChromaError
except ImportError as exc:
    raise ImportError(
        "chromadb is not installed. Install it with the retrievechat extra: "
        "pip install autogen-agentchat[retrievechat]~=0.2"
    ) from exc

if chromadb.__version__ < "0.4.15":
    raise ImportError("Please upgrade chromadb to version 0.4.15 or later.")

__all__ = ("CHROMADB_MAX_BATCH_SIZE", "ChromaVectorDB")

CHROMADB_MAX_BATCH_SIZE = int(os.environ.get("CHROMADB_MAX_BATCH_SIZE", 40000))
_DEFAULT_METADATA = {"hnsw:space": "ip", "hnsw:construction_ef": 30, "hnsw:M": 32}
_DIMENSION = re.compile(r"dimension of (\d+), got (\d+)")
logger = get_logger(__name__)


class _CallableEmbedding(_ChromaEmbeddingFunction):  # type: ignore[misc,type-arg]
    """Lets a plain `texts -> vectors` callable serve where chromadb insists on its own embedding-function type."""

    def __init__(self, function: Callable[[List[str]], Any]) -> None:
        self.function = function

    def __call__(self, input: List[str]) -> Any:  # noqa: A002 (chromadb's parameter name)
        return self.function(input)


class ChromaVectorDB(VectorDB):
    """Documents in chromadb collections, embedded by `embedding_function`.

    The default embedding function is all-MiniLM-L6-v2 loaded from its PyPI package, so nothing is downloaded.
    Without a `client`, a `PersistentClient` stores the data under `path` (an in-memory client when `path` is None).
    """

    def __init__(
        self,
        *,
        client: Any = None,
        path: Optional[str] = "tmp/db",
        embedding_function: Optional[Callable] = None,
        metadata: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> None:
        if client is None:
            client = chromadb.PersistentClient(path=path, **kwargs) if path is not None else chromadb.Client(**kwargs)
        self.client = client
        self.path = path
        if embedding_function is None:
            from ...._embeddings import chroma_embedding_function

            embedding_function = chroma_embedding_function()
        elif not isinstance(embedding_function, _ChromaEmbeddingFunction):
            embedding_function = _CallableEmbedding(embedding_function)
        self.embedding_function = embedding_function
        self.metadata = metadata if metadata is not None else dict(_DEFAULT_METADATA)
        self.type = "chroma"
        self.active_collection: Any = None

    # ------------------------------------------------------------------ collections
    def _fetch(self, collection_name: str) -> Any:
        """The stored collection, or None when there is none of that name."""
        try:
            return self.client.get_collection(collection_name, embedding_function=self.embedding_function)
        except (ValueError, ChromaError) as exc:
            if "does not exist" in str(exc) or type(exc).__name__ in ("NotFoundError", "InvalidCollectionException"):
                return None
            raise

    def create_collection(self, collection_name: str, overwrite: bool = False, get_or_create: bool = True) -> Any:
        """Create the collection; an existing one is replaced (`overwrite`), returned (`get_or_create`) or refused."""
        existing = self._fetch(collection_name)
        if existing is not None and not overwrite:
            if not get_or_create:
                raise ValueError(f"Collection {collection_name} already exists.")
            self.active_collection = existing
            return existing
        if existing is not None:
            self.client.delete_collection(collection_name)
        collection = self.client.create_collection(
            collection_name, embedding_function=self.embedding_function, metadata=self.metadata
        )
        self.active_collection = collection
        return collection

    def get_collection(self, collection_name: Optional[str] = None) -> Any:
        """The named collection (which becomes the active one), or the active collection when no name is given."""
        if collection_name is None:
            if self.active_collection is None:
                raise ValueError("No collection is specified.")
            return self.active_collection
        if self.active_collection is not None and self.active_collection.name == collection_name:
            return self.active_collection
        collection = self._fetch(collection_name)
        if collection is None:
            raise ValueError(f"Collection {collection_name} does not exist.")
        self.active_collection = collection
        return collection

    def delete_collection(self, collection_name: str) -> None:
        """Drop the collection; forget it if it was the active one."""
        self.client.delete_collection(collection_name)
        if self.active_collection is not None and self.active_collection.name == collection_name:
            self.active_collection = None

    # ------------------------------------------------------------------ documents
    def insert_docs(
        self, docs: List[Document], collection_name: Optional[str] = None, upsert: bool = False, **kwargs: Any
    ) -> None:
        """Add documents in batches of CHROMADB_MAX_BATCH_SIZE; `upsert` replaces documents whose id exists."""
        if not docs:
            return
        require_content_and_id(docs[0])
        collection = self.get_collection(collection_name)
        # Without given embeddings chromadb embeds the documents itself, with the collection's function.
        columns: Dict[str, List[Any]] = {
            "ids": [doc["id"] for doc in docs],
            "documents": [doc["content"] for doc in docs],
        }
        if docs[0].get("embedding") is not None:
            columns["embeddings"] = [doc["embedding"] for doc in docs]
        if docs[0].get("metadata"):
            columns["metadatas"] = [doc.get("metadata") for doc in docs]
        write = collection.upsert if upsert else collection.add
        for start in range(0, len(docs), CHROMADB_MAX_BATCH_SIZE):
            batch = {key: values[start : start + CHROMADB_MAX_BATCH_SIZE] for key, values in columns.items()}
            self._guard_dimension(collection.name, write, **batch)

    @staticmethod
    def _guard_dimension(name: str, call: Callable[..., Any], **kwargs: Any) -> Any:
        """Run a chromadb call, turning its dimension complaint into an error that names the collection."""
        try:
            return call(**kwargs)
        except (ValueError, ChromaError) as exc:
            found = _DIMENSION.search(str(exc))
            if found is None:
                raise
            raise dimension_error(name, *found.groups()) from exc

    def update_docs(self, docs: List[Document], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        """Replace documents by id (an upsert)."""
        self.insert_docs(docs, collection_name, upsert=True)

    def delete_docs(self, ids: List[ItemID], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        """Remove documents by id; extra keyword arguments go to chromadb's `delete`."""
        self.get_collection(collection_name).delete(ids, **kwargs)

    def retrieve_docs(
        self,
        queries: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_threshold: float = -1,
        **kwargs: Any,
    ) -> QueryResults:
        """Nearest documents per query (smaller distance is closer); `where_document=` and other chromadb filters pass through."""
        if isinstance(queries, str):
            queries = [queries]
        collection = self.get_collection(collection_name)
        found = self._guard_dimension(
            collection.name, collection.query, query_texts=queries, n_results=n_results, **kwargs
        )
        found = dict(found)
        found["contents"] = found.pop("documents", None)
        return filter_results_by_distance(chroma_results_to_query_results(found), distance_threshold)

    @staticmethod
    def _chroma_get_results_to_list_documents(data_dict: Dict[str, Any]) -> List[Document]:
        """Rows of chromadb's column-wise `get` result, each field named without its plural "s"."""
        columns = {
            key: value
            for key, value in data_dict.items()
            if key != "included" and value is not None and len(value) == len(data_dict["ids"])
        }
        rows: List[Any] = []
        for index in range(len(data_dict["ids"])):
            row = {}
            for key, column in columns.items():
                value = column[index]
                row[key[:-1]] = value.tolist() if hasattr(value, "tolist") else value
            rows.append(row)
        return rows

    def get_docs_by_ids(
        self,
        ids: Optional[List[ItemID]] = None,
        collection_name: Optional[str] = None,
        include: Optional[List[str]] = None,
        **kwargs: Any,
    ) -> List[Document]:
        """Documents by id (all when `ids` is None); `include` picks chromadb's columns (metadatas and documents)."""
        collection = self.get_collection(collection_name)
        include = include if include is not None else ["metadatas", "documents"]
        found = collection.get(ids, include=include, **kwargs)
        return self._chroma_get_results_to_list_documents(found)
