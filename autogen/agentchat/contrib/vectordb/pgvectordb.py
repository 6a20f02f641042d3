"""`PGVectorDB`: RetrieveChat on PostgreSQL with the pgvector extension; one table per collection.

A collection is a table `(documents text, id text primary key, metadatas jsonb, embedding vector(n))` with
HNSW indexes for the three distances. Tables made by 0.2 (`id CHAR(8)`) are read and written unchanged.
Every write runs in one transaction, so a failing batch leaves the table as it was.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np

from ._common import check_dimension, default_embedding_function, missing_extra, require_content_and_id
from .base import Document, ItemID, QueryResults, VectorDB
from .utils import get_logger

try:
    import pgvector  # noqa: F401 (the extra's marker package)
    import psycopg
    from pgvector.psycopg import register_vector
    from psycopg import sql
except ImportError as exc:
    raise missing_extra("pgvector / psycopg", "retrievechat-pgvector") from exc

__all__ = ("PGVECTOR_MAX_BATCH_SIZE", "Collection", "PGVectorDB")

PGVECTOR_MAX_BATCH_SIZE = int(os.environ.get("PGVECTOR_MAX_BATCH_SIZE", 40000))
_DEFAULT_DOC_METADATA = {"hnsw:space": "ip", "hnsw:construction_ef": 32, "hnsw:M": 16}
_OPERATORS = {"euclidean": "<->", "l2": "<->", "cosine": "<=>", "inner-product": "<#>", "ip": "<#>"}
logger = get_logger(__name__)


def _as_lists(vectors: Any) -> List[List[float]]:
    return [list(map(float, v)) for v in (vectors.tolist() if hasattr(vectors, "tolist") else vectors)]


class Collection:
    """One pgvector table and the operations RetrieveChat runs on it."""

    def __init__(
        self,
        client: Any = None,
        collection_name: str = "autogen-docs",
        embedding_function: Optional[Callable[..., Any]] = None,
        metadata: Optional[Dict[str, Any]] = None,
        get_or_create: Optional[bool] = None,
    ) -> None:
        self.client = client
        self.name = self.set_collection_name(collection_name)
        self.embedding_function = embedding_function or default_embedding_function()
        self.metadata = metadata if metadata else dict(_DEFAULT_DOC_METADATA)
        self.get_or_create = get_or_create
        self.require_embeddings_or_documents = False
        self._dimension: Optional[int] = None

    @staticmethod
    def set_collection_name(collection_name: str) -> str:
        return collection_name.replace("-", "_")

    @property
    def dimension(self) -> int:
        """The embedding function's dimension (asked once)."""
        if self._dimension is None:
            self._dimension = len(_as_lists(self.embedding_function(["The size of this embedding."]))[0])
        return self._dimension

    def _table(self, name: Optional[str] = None) -> Any:
        return sql.Identifier(self.set_collection_name(name) if name else self.name)

    def table_exists(self, table_name: str) -> bool:
        row = self.client.execute("SELECT to_regclass(%s) IS NOT NULL", (self.set_collection_name(table_name),))
        return bool(row.fetchone()[0])

    def stored_dimension(self) -> Optional[int]:
        """The vector size the table was created with, or None when there is no table."""
        row = self.client.execute(
            "SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = 'embedding'",
            (self.name,),
        ).fetchone()
        return int(row[0]) if row and row[0] and row[0] > 0 else None

    def create_collection(self, collection_name: Optional[str] = None, dimension: Optional[int] = None) -> None:
        """Create the table and its HNSW indexes for l2, cosine and inner-product search."""
        if collection_name:
            self.name = self.set_collection_name(collection_name)
        size = dimension or self.dimension
        table = self._table()
        with self.client.transaction():
            self.client.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (documents text, id text PRIMARY KEY, metadatas jsonb, "
                    "embedding vector({}))"
                ).format(table, sql.Literal(size))
            )
            for suffix, ops in (("l2", "vector_l2_ops"), ("cos", "vector_cosine_ops"), ("ip", "vector_ip_ops")):
                self.client.execute(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} USING hnsw (embedding {})").format(
                        sql.Identifier(f"{self.name}_{suffix}_idx"), table, sql.SQL(ops)
                    )
                )

    def _rows(self, ids: Sequence[ItemID], documents: Sequence[str], embeddings: Any, metadatas: Any) -> List[tuple]:
        if embeddings is None:
            embeddings = self.embedding_function(list(documents))
        vectors = _as_lists(embeddings)
        check_dimension(self.name, self.stored_dimension(), vectors)
        metas = metadatas if metadatas is not None else [None] * len(ids)
        return [
            (str(i), doc, json.dumps(meta if meta is not None else self.metadata), np.asarray(vec, dtype=np.float32))
            for i, doc, vec, meta in zip(ids, documents, vectors, metas)
        ]

    def _write(self, rows: List[tuple], replace: bool) -> None:
        statement = sql.SQL("INSERT INTO {} (id, documents, metadatas, embedding) VALUES (%s, %s, %s, %s)").format(
            self._table()
        )
        if replace:
            statement += sql.SQL(
                " ON CONFLICT (id) DO UPDATE SET documents = EXCLUDED.documents, metadatas = EXCLUDED.metadatas, "
                "embedding = EXCLUDED.embedding"
            )
        with self.client.transaction(), self.client.cursor() as cursor:
            for start in range(0, len(rows), PGVECTOR_MAX_BATCH_SIZE):
                cursor.executemany(statement, rows[start : start + PGVECTOR_MAX_BATCH_SIZE])

    def add(self, ids: List[ItemID], documents: List[str], embeddings: Any = None, metadatas: Any = None) -> None:
        """Insert new rows; an id that exists fails the whole call."""
        self._write(self._rows(ids, documents, embeddings, metadatas), replace=False)

    def upsert(self, ids: List[ItemID], documents: List[str], embeddings: Any = None, metadatas: Any = None) -> None:
        """Insert rows, replacing those whose id exists."""
        self._write(self._rows(ids, documents, embeddings, metadatas), replace=True)

    def count(self) -> int:
        return int(self.client.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(self._table())).fetchone()[0])

    def get(
        self,
        ids: Optional[List[ItemID]] = None,
        include: Optional[List[str]] = None,
        where: Optional[Dict[str, Any]] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
    ) -> List[Document]:
        """Rows as documents (all when `ids` is None); `include` may add "embedding"; `where` matches metadata."""
        if not self.table_exists(self.name):
            logger.info(f"Table {self.name} does not exist: creating it.")
            self.create_collection()
            return []
        with_embedding = bool(include) and any(str(key).startswith("embedding") for key in include or [])
        query = sql.SQL("SELECT id::text, documents, metadatas, embedding FROM {}").format(self._table())
        conditions, params = [], []
        if ids is not None:
            conditions.append(sql.SQL("id = ANY(%s)"))
            params.append([str(i) for i in ids])
        if where:
            conditions.append(sql.SQL("metadatas @> %s::jsonb"))
            params.append(json.dumps(where))
        if conditions:
            query += sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions)
        query += sql.SQL(" ORDER BY id")
        if limit is not None:
            query += sql.SQL(" LIMIT {}").format(sql.Literal(int(limit)))
        if offset is not None:
            query += sql.SQL(" OFFSET {}").format(sql.Literal(int(offset)))
        return [self._document(row, with_embedding) for row in self.client.execute(query, params).fetchall()]

    @staticmethod
    def _document(row: Sequence[Any], with_embedding: bool) -> Document:
        doc: Dict[str, Any] = {"id": row[0], "content": row[1], "metadata": row[2]}
        if with_embedding:
            vector = row[3].to_list() if hasattr(row[3], "to_list") else row[3]
            doc["embedding"] = [float(x) for x in vector]
        return doc  # type: ignore[return-value]

    def query(
        self,
        query_texts: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_type: str = "euclidean",
        distance_threshold: float = -1,
        include_embedding: bool = False,
    ) -> QueryResults:
        """Nearest rows per query by `distance_type` (euclidean, cosine or inner-product); smaller is closer."""
        if collection_name:
            self.name = self.set_collection_name(collection_name)
        operator = _OPERATORS.get(distance_type.lower())
        if operator is None:
            raise ValueError(f"Unsupported distance type {distance_type!r}: use one of {sorted(_OPERATORS)}.")
        vectors = _as_lists(self.embedding_function(list(query_texts)))
        check_dimension(self.name, self.stored_dimension(), vectors)
        distance = sql.SQL("embedding {} %(q)s").format(sql.SQL(operator))
        statement = sql.SQL("SELECT id::text, documents, metadatas, embedding, {} AS distance FROM {}").format(
            distance, self._table()
        )
        if distance_threshold > 0:
            statement += sql.SQL(" WHERE {} < %(t)s").format(distance)
        statement += sql.SQL(" ORDER BY distance LIMIT %(n)s")
        results: QueryResults = []
        for vector in vectors:
            params = {"q": np.asarray(vector, dtype=np.float32), "t": distance_threshold, "n": n_results}
            rows = self.client.execute(statement, params).fetchall()
            results.append([(self._document(row, include_embedding), float(row[4])) for row in rows])
        return results

    @staticmethod
    def euclidean_distance(arr1: List[float], arr2: List[float]) -> float:
        return float(np.linalg.norm(np.asarray(arr1, dtype=float) - np.asarray(arr2, dtype=float)))

    @staticmethod
    def cosine_distance(arr1: List[float], arr2: List[float]) -> float:
        a, b = np.asarray(arr1, dtype=float), np.asarray(arr2, dtype=float)
        return float(1.0 - a.dot(b) / (np.linalg.norm(a) * np.linalg.norm(b)))

    @staticmethod
    def inner_product_distance(arr1: List[float], arr2: List[float]) -> float:
        return float(-np.dot(np.asarray(arr1, dtype=float), np.asarray(arr2, dtype=float)))

    @staticmethod
    def convert_string_to_array(array_string: Any) -> Any:
        """A vector given as text ("[1,2,3]") as a list of floats; anything else unchanged."""
        if not isinstance(array_string, str):
            return array_string
        inner = array_string.strip().strip("[]").strip()
        return [float(x) for x in inner.split(",")] if inner else []

    def delete(self, ids: List[ItemID], collection_name: Optional[str] = None) -> None:
        table = self._table(collection_name)
        with self.client.transaction():
            self.client.execute(sql.SQL("DELETE FROM {} WHERE id = ANY(%s)").format(table), ([str(i) for i in ids],))

    def delete_collection(self, collection_name: Optional[str] = None) -> None:
        self.client.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(self._table(collection_name)))


class PGVectorDB(VectorDB):
    """Collections as pgvector tables on one PostgreSQL connection.

    Connect with `conn` (an open psycopg connection), a `connection_string`, or host/port/dbname/username/
    password. The default embedding function is all-MiniLM-L6-v2 from its PyPI package.
    """

    def __init__(
        self,
        *,
        conn: Optional[Any] = None,
        connection_string: Optional[str] = None,
        host: Optional[str] = None,
        port: Optional[int] = None,
        dbname: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        connect_timeout: Optional[int] = 10,
        embedding_function: Optional[Callable[..., Any]] = None,
        metadata: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.client = self.establish_connection(
            conn, connection_string, host, port, dbname, username, password, connect_timeout
        )
        self.client.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(self.client)
        self.embedding_function = embedding_function or default_embedding_function()
        self.metadata = metadata
        self.type = "pgvector"
        self.active_collection: Optional[Collection] = None

    @staticmethod
    def establish_connection(
        conn: Optional[Any] = None,
        connection_string: Optional[str] = None,
        host: Optional[str] = None,
        port: Optional[int] = None,
        dbname: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        connect_timeout: Optional[int] = 10,
    ) -> Any:
        """An autocommit psycopg connection from whichever way of connecting was given, in that order."""
        if conn is not None:
            return conn
        if connection_string:
            return psycopg.connect(conninfo=connection_string, autocommit=True)
        if host or dbname:
            params = {"host": host, "port": port, "dbname": dbname, "user": username, "password": password}
            params = {key: value for key, value in params.items() if value is not None}
            return psycopg.connect(**params, connect_timeout=connect_timeout, autocommit=True)
        raise PermissionError(
            "PGVectorDB needs a connection: pass conn, connection_string, or host/port/dbname/username/password."
        )

    def _collection(self, collection_name: str) -> Collection:
        return Collection(self.client, collection_name, self.embedding_function, self.metadata)

    def create_collection(
        self, collection_name: str, overwrite: bool = False, get_or_create: bool = True
    ) -> Collection:
        """Create the collection's table; see `VectorDB.create_collection`."""
        collection = self._collection(collection_name)
        if collection.table_exists(collection_name):
            if overwrite:
                collection.delete_collection()
            elif get_or_create:
                self.active_collection = collection
                return collection
            else:
                raise ValueError(f"Collection {collection_name} already exists.")
        collection.create_collection()
        self.active_collection = collection
        return collection

    def get_collection(self, collection_name: Optional[str] = None) -> Collection:
        """The named collection (which becomes the active one), or the active one when no name is given."""
        if collection_name is None:
            if self.active_collection is None:
                raise ValueError("No collection is specified.")
            return self.active_collection
        collection = self._collection(collection_name)
        if not collection.table_exists(collection_name):
            raise ValueError(f"Collection {collection_name} does not exist.")
        self.active_collection = collection
        return collection

    def delete_collection(self, collection_name: str) -> None:
        self._collection(collection_name).delete_collection()
        if self.active_collection is not None and self.active_collection.name == Collection.set_collection_name(
            collection_name
        ):
            self.active_collection = None

    def insert_docs(
        self, docs: List[Document], collection_name: Optional[str] = None, upsert: bool = False, **kwargs: Any
    ) -> None:
        """Add documents in one transaction; `upsert` replaces documents whose id exists."""
        if not docs:
            return
        require_content_and_id(docs[0])
        collection = self.get_collection(collection_name)
        embeddings = [doc["embedding"] for doc in docs] if docs[0].get("embedding") is not None else None
        metadatas = [doc.get("metadata") for doc in docs] if docs[0].get("metadata") is not None else None
        write = collection.upsert if upsert else collection.add
        write([doc["id"] for doc in docs], [doc["content"] for doc in docs], embeddings, metadatas)

    def update_docs(self, docs: List[Document], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        self.insert_docs(docs, collection_name, upsert=True)

    def delete_docs(self, ids: List[ItemID], collection_name: Optional[str] = None, **kwargs: Any) -> None:
        self.get_collection(collection_name).delete(ids)

    def retrieve_docs(
        self,
        queries: List[str],
        collection_name: Optional[str] = None,
        n_results: int = 10,
        distance_threshold: float = -1,
    ) -> QueryResults:
        """Nearest documents per query by euclidean distance; a threshold > 0 keeps only closer ones."""
        if isinstance(queries, str):
            queries = [queries]
        collection = self.get_collection(collection_name)
        return collection.query(queries, n_results=n_results, distance_threshold=distance_threshold)

    def get_docs_by_ids(
        self,
        ids: Optional[List[ItemID]] = None,
        collection_name: Optional[str] = None,
        include: Any = None,
        **kwargs: Any,
    ) -> List[Document]:
        """Documents by id (all when `ids` is None); `include=["embedding"]` adds the vectors."""
        return self.get_collection(collection_name).get(ids, include=include, **kwargs)
