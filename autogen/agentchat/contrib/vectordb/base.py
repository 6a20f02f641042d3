"""The vector database interface of RetrieveChat: document and result types, the `VectorDB` protocol, a factory.

Every backend (chromadb, pgvector, Qdrant, MongoDB Atlas, Couchbase) implements `VectorDB`, so an agent can
take any of them, or a user's own class, as `retrieve_config["vector_db"]`.
"""

from __future__ import annotations

from typing import (
    Any,
    Callable,
    List,
    Mapping,
    Optional,
    Protocol,
    Sequence,
    Tuple,
    TypedDict,
    Union,
    runtime_checkable,
)

__all__ = ("Document", "ItemID", "Metadata", "QueryResults", "Vector", "VectorDB", "VectorDBFactory")

Metadata = Union[Mapping[str, Any], None]
Vector = Union[Sequence[float], Sequence[int]]
ItemID = Union[str, int]


class Document(TypedDict):
    """One stored item: an id, its text, optional metadata (such as `{"source": path}`) and optional embedding."""

    id: ItemID
    content: str
    metadata: Optional[Metadata]
    embedding: Optional[Vector]


# One list per query, each holding (document, distance) pairs, best match first.
QueryResults = List[List[Tuple[Document, float]]]


@runtime_checkable
class VectorDB(Protocol):
    """What RetrieveChat needs from a vector database.

    `active_collection` is the collection used when a method gets no name; `type` names the backend;
    `embedding_function` turns texts into vectors.
    """

    active_collection: Any = None
    type: str = ""
    embedding_function: Optional[Callable[[List[str]], List[List[float]]]] = None

    def create_collection(self, collection_name: str, overwrite: bool = False, get_or_create: bool = True) -> Any:
        """Create a collection; an existing one is dropped first (`overwrite`), returned (`get_or_create`) or an error."""
        ...

    def get_collection(self, collection_name: Optional[str] = None) -> Any:
        """The named collection, or the active one when no name is given."""
        ...

    def delete_collection(self, collection_name: str) -> Any:
        """Drop the named collection."""
        ...

    def insert_docs(
        self, docs: List[Document], collection_name: Optional[str] = None, upsert: bool = False, **kwargs: Any
    ) -> None:
        """Add documents; with `upsert`, documents whose id exists replace the stored ones."""
        ...

    def update_docs(self, docs: List[Document], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        """Replace stored documents by id."""
        ...

    def delete_docs(self, ids: List[ItemID], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        """Remove documents by id."""
        ...

    def retrieve_docs(
        self,
        queries: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_threshold: float = -1,
        **kwargs: Any,
    ) -> QueryResults:
        """The `n_results` nearest documents for each query; a threshold >= 0 drops the farther ones."""
        ...

    def get_docs_by_ids(
        self,
        ids: Optional[List[ItemID]] = None,
        collection_name: Optional[str] = None,
        include: Any = None,
        **kwargs: Any,
    ) -> List[Document]:
        """Stored documents by id; every document when `ids` is None."""
        ...


_BACKENDS = {
    "chroma": ("chromadb", "ChromaVectorDB"),
    "chromadb": ("chromadb", "ChromaVectorDB"),
    "pgvector": ("pgvectordb", "PGVectorDB"),
    "pgvectordb": ("pgvectordb", "PGVectorDB"),
    "mdb": ("mongodb", "MongoDBAtlasVectorDB"),
    "mongodb": ("mongodb", "MongoDBAtlasVectorDB"),
    "atlas": ("mongodb", "MongoDBAtlasVectorDB"),
    "qdrant": ("qdrant", "QdrantVectorDB"),
    "qdrantdb": ("qdrant", "QdrantVectorDB"),
    "couchbase": ("couchbase", "CouchbaseVectorDB"),
    "couchbasedb": ("couchbase", "CouchbaseVectorDB"),
    "capella": ("couchbase", "CouchbaseVectorDB"),
}


class VectorDBFactory:
    """Builds a backend from its name, importing only that backend's module."""

    PREDEFINED_VECTOR_DB = ["chroma", "pgvector", "mongodb", "qdrant", "couchbase"]

    @staticmethod
    def create_vector_db(db_type: str, **kwargs: Any) -> VectorDB:
        """A new backend of type `db_type` (case-insensitive, aliases accepted) built with `kwargs`."""
        entry = _BACKENDS.get(db_type.lower())
        if entry is None:
            raise ValueError(
                f"Unsupported vector database type: {db_type}. Valid types are {VectorDBFactory.PREDEFINED_VECTOR_DB}."
            )
        import importlib

        module = importlib.import_module(f"{__package__}.{entry[0]}")
        return getattr(module, entry[1])(**kwargs)
