"""`QdrantVectorDB`: RetrieveChat on Qdrant (a server, or qdrant-client's in-memory and on-disk local modes).

As in 0.2 the score that comes back is Qdrant's cosine *similarity* (higher is closer), and
`distance_threshold` is passed as Qdrant's `score_threshold`, a minimum similarity.
"""

from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Sequence

from ._common import check_dimension, default_embedding_function, missing_extra, require_content_and_id
from .base import Document, ItemID, QueryResults, VectorDB
from .utils import get_logger

try:
    from qdrant_client import QdrantClient, models
except ImportError as exc:
    raise missing_extra("qdrant_client", "retrievechat-qdrant") from exc

__all__ = ("EmbeddingFunction", "FastEmbedEmbeddingFunction", "QdrantVectorDB")

logger = get_logger(__name__)
Embeddings = List[List[float]]


class EmbeddingFunction(abc.ABC):
    """Turns texts into vectors."""

    @abc.abstractmethod
    def __call__(self, inputs: List[str]) -> Embeddings:
        raise NotImplementedError


class FastEmbedEmbeddingFunction(EmbeddingFunction):
    """Embeddings from a fastembed model (fastembed downloads the model on first use: not for offline machines)."""

    def __init__(
        self,
        model_name: str = "BAAI/bge-small-en-v1.5",
        batch_size: int = 256,
        cache_dir: Optional[str] = None,
        threads: Optional[int] = None,
        parallel: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        try:
            from fastembed import TextEmbedding
        except ImportError as exc:
            raise ValueError(
                "The 'fastembed' package is not installed. Please install it with `pip install fastembed`"
            ) from exc
        self._embed_options = {"batch_size": batch_size, "parallel": parallel}
        options = {"cache_dir": cache_dir, "threads": threads, **kwargs}
        self._model = TextEmbedding(model_name, **options)

    def __call__(self, inputs: List[str]) -> Embeddings:
        return [vector.tolist() for vector in self._model.embed(inputs, **self._embed_options)]


class QdrantVectorDB(VectorDB):
    """Documents as Qdrant points: the text and metadata in the payload, the embedding as the vector.

    The default embedding function is all-MiniLM-L6-v2 from its PyPI package (384 dimensions, like 0.2's
    fastembed default), so nothing is downloaded. Without a `client`, keyword arguments build one
    (`path=` for the local on-disk mode); with neither, an in-memory client.
    """

    def __init__(
        self,
        *,
        client: Any = None,
        embedding_function: Optional[Any] = None,
        content_payload_key: str = "_content",
        metadata_payload_key: str = "_metadata",
        collection_options: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> None:
        self.client = client if client is not None else QdrantClient(**(kwargs or {"location": ":memory:"}))
        self.embedding_function = embedding_function or default_embedding_function()
        self.collection_options = collection_options or {}
        self.content_payload_key = content_payload_key
        self.metadata_payload_key = metadata_payload_key
        self.type = "qdrant"
        self.active_collection: Any = None

    # ------------------------------------------------------------------ collections
    def create_collection(self, collection_name: str, overwrite: bool = False, get_or_create: bool = True) -> None:
        """Create a cosine collection sized by the embedding function; see `VectorDB.create_collection`."""
        if self.client.collection_exists(collection_name):
            if not overwrite and not get_or_create:
                raise ValueError(f"Collection {collection_name} already exists.")
            if not overwrite:
                return None
            self.client.delete_collection(collection_name)
        params = models.VectorParams(size=len(self.embedding_function(["test"])[0]), distance=models.Distance.COSINE)
        self.client.create_collection(collection_name, vectors_config=params, **self.collection_options)
        return None

    def get_collection(self, collection_name: Optional[str] = None) -> Any:
        """Qdrant's description of the collection (a name is required)."""
        if collection_name is None:
            raise ValueError("The collection name is required.")
        if not self.client.collection_exists(collection_name):
            raise ValueError(f"Collection {collection_name} does not exist.")
        return self.client.get_collection(collection_name)

    def delete_collection(self, collection_name: str) -> None:
        self.client.delete_collection(collection_name)

    def _stored_dimension(self, collection_name: str) -> Optional[int]:
        vectors = self.get_collection(collection_name).config.params.vectors
        return getattr(vectors, "size", None)

    # ------------------------------------------------------------------ documents
    def insert_docs(
        self, docs: List[Document], collection_name: Optional[str] = None, upsert: bool = False, **kwargs: Any
    ) -> None:
        """Write documents as points; without `upsert`, ids that exist are reported and overwritten (as in 0.2)."""
        if not docs:
            return
        for doc in docs:
            require_content_and_id(doc)
        name = collection_name or ""
        stored = self._stored_dimension(name)
        if not upsert:
            taken = self._stored_ids(name, [doc["id"] for doc in docs])
            if taken:
                logger.warning(f"Some IDs already exist: {taken}. They will be overwritten.")
        vectors = self._vectors_for(docs)
        check_dimension(name, stored, vectors)
        points = [
            models.PointStruct(
                id=doc["id"],
                vector=list(vector),
                payload={self.content_payload_key: doc["content"], self.metadata_payload_key: doc.get("metadata")},
            )
            for doc, vector in zip(docs, vectors)
        ]
        self.client.upsert(collection_name=name, points=points)

    def _vectors_for(self, docs: List[Document]) -> Sequence[Sequence[float]]:
        """Given embeddings where present, the others computed in one call."""
        missing = [index for index, doc in enumerate(docs) if doc.get("embedding") is None]
        computed = iter(self.embedding_function([docs[i]["content"] for i in missing]) if missing else [])
        return [doc["embedding"] if doc.get("embedding") is not None else next(computed) for doc in docs]

    def _stored_ids(self, collection_name: str, ids: List[ItemID]) -> List[ItemID]:
        found = self.client.retrieve(collection_name, ids=ids, with_payload=False, with_vectors=False)
        return [point.id for point in found]

    def update_docs(self, docs: List[Document], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        """Replace existing documents; refuses (ValueError) when any id is not stored."""
        if not docs:
            return
        wanted = [doc["id"] for doc in docs]
        if len(self._stored_ids(collection_name or "", wanted)) != len(set(wanted)):
            raise ValueError("Some IDs do not exist. Skipping update")
        self.insert_docs(docs, collection_name, upsert=True)

    def delete_docs(self, ids: List[ItemID], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        self.client.delete(collection_name or "", points_selector=models.PointIdsList(points=list(ids)), **kwargs)

    def retrieve_docs(
        self,
        queries: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_threshold: float = 0,
        **kwargs: Any,
    ) -> QueryResults:
        """Most similar documents per query with their cosine similarity; `distance_threshold` is a minimum similarity."""
        if isinstance(queries, str):
            queries = [queries]
        name = collection_name or ""
        vectors = self.embedding_function(queries)
        check_dimension(name, self._stored_dimension(name), vectors)
        requests = [
            models.QueryRequest(
                query=list(vector), limit=n_results, score_threshold=distance_threshold, with_payload=True
            )
            for vector in vectors
        ]
        responses = self.client.query_batch_points(name, requests=requests)
        return [[(self._as_document(point), point.score) for point in response.points] for response in responses]

    def _as_document(self, point: Any, with_embedding: bool = False) -> Document:
        payload = point.payload or {}
        doc: Dict[str, Any] = {
            "id": point.id,
            "content": payload.get(self.content_payload_key, ""),
            "metadata": payload.get(self.metadata_payload_key, {}),
        }
        if with_embedding:
            doc["embedding"] = point.vector
        return doc  # type: ignore[return-value]

    def get_docs_by_ids(
        self,
        ids: Optional[List[ItemID]] = None,
        collection_name: Optional[str] = None,
        include: Any = True,
        **kwargs: Any,
    ) -> List[Document]:
        """Documents by id (all when `ids` is None), with their vectors unless `include` is false."""
        name = collection_name or ""
        with_vectors = bool(include)
        if ids is None:
            points: List[Any] = []
            offset = None
            while True:
                page, offset = self.client.scroll(
                    name, limit=256, offset=offset, with_payload=True, with_vectors=with_vectors, **kwargs
                )
                points.extend(page)
                if offset is None:
                    break
        else:
            points = self.client.retrieve(name, ids=ids, with_payload=True, with_vectors=with_vectors, **kwargs)
        return [self._as_document(point, with_vectors) for point in points]
