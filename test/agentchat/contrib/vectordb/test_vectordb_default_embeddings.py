"""Default embeddings: the packaged all-MiniLM-L6-v2, found in site-packages, never downloaded.

One model load for the whole session (the `packaged_model` fixture); a user's own function still wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag_fixtures import HashedEmbedding

DOCS = [
    {"id": "1", "content": "The recipe needs flour, eggs and sugar for the cake."},
    {"id": "2", "content": "The train to the airport departs every fifteen minutes."},
]


def test_chroma_default_is_the_packaged_model(packaged_model: Any, tmp_path: Path) -> None:
    from autogen._embeddings import packaged_model_path
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    db = ChromaVectorDB(path=str(tmp_path))
    assert db.embedding_function.get_config()["model_name"] == packaged_model_path()
    db.create_collection("default-ef")
    db.insert_docs([dict(d) for d in DOCS], collection_name="default-ef")
    (hits,) = db.retrieve_docs(["When does the airport shuttle leave?"], collection_name="default-ef", n_results=1)
    assert hits[0][0]["id"] == "2"


def test_qdrant_default_is_the_packaged_model(packaged_model: Any) -> None:
    from autogen.agentchat.contrib.vectordb.qdrant import QdrantVectorDB

    db = QdrantVectorDB()
    db.create_collection("default-ef")
    assert db.get_collection("default-ef").config.params.vectors.size == 384
    db.insert_docs([{"id": int(d["id"]), "content": d["content"]} for d in DOCS], collection_name="default-ef")
    (hits,) = db.retrieve_docs(["What goes into the cake?"], collection_name="default-ef", n_results=1)
    assert hits[0][0]["id"] == 1


def test_users_embedding_function_wins(tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    own = HashedEmbedding(dim=8)
    db = ChromaVectorDB(path=str(tmp_path), embedding_function=own)
    db.create_collection("own-ef")
    db.insert_docs([dict(DOCS[0])], collection_name="own-ef")
    (doc,) = db.get_docs_by_ids(["1"], collection_name="own-ef", include=["embeddings"])
    assert len(doc["embedding"]) == 8
