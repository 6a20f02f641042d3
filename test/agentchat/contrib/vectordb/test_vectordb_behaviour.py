"""One behaviour suite run against every real backend: chromadb, Qdrant (local on-disk), PostgreSQL + pgvector."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, List

import pytest
from rag_fixtures import Backend, HashedEmbedding, cosine

from autogen.agentchat.contrib.vectordb._common import EmbeddingDimensionError
from autogen.agentchat.contrib.vectordb.base import VectorDB

NAME = "rag-suite"
TEXTS = [
    "The cat sat on the warm mat by the door.",
    "Postgres stores rows in tables and answers SQL queries.",
    "Qdrant stores points in collections and answers vector queries.",
]


def _docs(backend: Backend, texts: List[str] = TEXTS) -> List[dict]:
    return [
        {"id": backend.ids(i + 1), "content": text, "metadata": {"source": f"file{i + 1}.txt"}}
        for i, text in enumerate(texts)
    ]


def _filled(backend: Backend, ef: HashedEmbedding) -> Any:
    db = backend.make(ef)
    db.create_collection(NAME, overwrite=True, get_or_create=False)
    db.insert_docs(_docs(backend), collection_name=NAME)
    return db


def _ids(results: Any) -> List[List[Any]]:
    return [[doc["id"] for doc, _ in hits] for hits in results]


def _contents(backend: Backend, docs: List[dict]) -> List[str]:
    return [doc[backend.content_key] for doc in docs]


def test_backend_is_a_vectordb(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    assert isinstance(backend.make(hashed_ef), VectorDB)


def test_created_collection_can_be_fetched(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = backend.make(hashed_ef)
    db.create_collection(NAME, overwrite=False, get_or_create=False)
    assert db.get_collection(NAME) is not None


def test_existing_collection_without_get_or_create_is_refused(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = backend.make(hashed_ef)
    db.create_collection(NAME, overwrite=False, get_or_create=False)
    with pytest.raises(ValueError, match="already exists"):
        db.create_collection(NAME, overwrite=False, get_or_create=False)


def test_get_or_create_keeps_the_documents(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    db.create_collection(NAME, overwrite=False, get_or_create=True)
    assert len(db.get_docs_by_ids(ids=None, collection_name=NAME)) == 3


def test_overwrite_empties_the_collection(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    db.create_collection(NAME, overwrite=True, get_or_create=False)
    assert db.get_docs_by_ids(ids=None, collection_name=NAME) == []


def test_deleted_collection_cannot_be_fetched(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    db.delete_collection(NAME)
    with pytest.raises(ValueError, match="does not exist"):
        db.get_collection(NAME)


def test_inserted_documents_are_returned_by_id(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    found = db.get_docs_by_ids([backend.ids(1), backend.ids(2)], collection_name=NAME)
    assert sorted(_contents(backend, found)) == sorted(TEXTS[:2])


def test_all_documents_are_returned_without_ids(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    found = db.get_docs_by_ids(ids=None, collection_name=NAME)
    assert sorted(doc["id"] for doc in found) == sorted(backend.ids(i) for i in (1, 2, 3))


def test_metadata_is_stored(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    (doc,) = db.get_docs_by_ids([backend.ids(2)], collection_name=NAME)
    assert doc["metadata"] == {"source": "file2.txt"}


def test_update_replaces_the_content(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    db.update_docs([{"id": backend.ids(1), "content": "A dog slept."}], collection_name=NAME)
    (doc,) = db.get_docs_by_ids([backend.ids(1)], collection_name=NAME)
    assert doc[backend.content_key] == "A dog slept."


def test_upsert_adds_new_and_replaces_existing(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    replacement = [
        {"id": backend.ids(3), "content": "Qdrant was replaced.", "metadata": {"source": "x"}},
        {"id": backend.ids(4), "content": "A fourth document.", "metadata": {"source": "y"}},
    ]
    db.insert_docs(replacement, collection_name=NAME, upsert=True)
    found = db.get_docs_by_ids([backend.ids(3), backend.ids(4)], collection_name=NAME)
    assert sorted(_contents(backend, found)) == ["A fourth document.", "Qdrant was replaced."]


def test_deleted_documents_are_gone(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    db.delete_docs([backend.ids(1)], collection_name=NAME)
    assert db.get_docs_by_ids([backend.ids(1)], collection_name=NAME) == []
    assert len(db.get_docs_by_ids(ids=None, collection_name=NAME)) == 2


def test_document_without_content_is_refused(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = backend.make(hashed_ef)
    db.create_collection(NAME, overwrite=True, get_or_create=False)
    with pytest.raises(ValueError, match="content is required"):
        db.insert_docs([{"id": backend.ids(1)}], collection_name=NAME)


def test_query_ranks_by_embedding_similarity(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    queries = ["which database stores rows in tables", "vector queries on collections of points"]
    results = db.retrieve_docs(queries, collection_name=NAME, n_results=3)
    for query, hits in zip(queries, _ids(results)):
        q = hashed_ef.vector(query)
        expected = sorted(range(3), key=lambda i: -cosine(q, hashed_ef.vector(TEXTS[i])))
        assert hits == [backend.ids(i + 1) for i in expected]


def test_query_returns_at_most_n_results(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    results = db.retrieve_docs(["stores rows"], collection_name=NAME, n_results=2)
    assert len(results) == 1 and len(results[0]) == 2


def test_query_results_carry_content_and_metadata(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    (hits,) = db.retrieve_docs(["Postgres rows tables SQL"], collection_name=NAME, n_results=1)
    doc, _score = hits[0]
    assert doc["content"] == TEXTS[1] and doc["metadata"] == {"source": "file2.txt"}


def test_distance_threshold_drops_farther_documents(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    query = "Postgres stores rows in tables"
    q = hashed_ef.vector(query)
    best, second = sorted((cosine(q, hashed_ef.vector(t)) for t in TEXTS), reverse=True)[:2]
    threshold = backend.threshold_for((best + second) / 2)
    (hits,) = db.retrieve_docs([query], collection_name=NAME, n_results=3, distance_threshold=threshold)
    assert [doc["id"] for doc, _ in hits] == [backend.ids(2)]


def test_scores_order_matches_the_backend_metric(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    (hits,) = db.retrieve_docs(["Postgres stores rows"], collection_name=NAME, n_results=3)
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=backend.score_is_similarity)


def test_embeddings_are_stored_as_computed(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = _filled(backend, hashed_ef)
    (doc,) = db.get_docs_by_ids([backend.ids(1)], collection_name=NAME, include=backend.include_embeddings)
    assert doc["embedding"] == pytest.approx(hashed_ef.vector(TEXTS[0]), abs=1e-6)


def test_given_embeddings_are_used_as_is(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    db = backend.make(hashed_ef)
    db.create_collection(NAME, overwrite=True, get_or_create=False)
    vector = hashed_ef.vector("something else entirely")
    db.insert_docs([{"id": backend.ids(1), "content": "text", "embedding": vector}], collection_name=NAME)
    (doc,) = db.get_docs_by_ids([backend.ids(1)], collection_name=NAME, include=backend.include_embeddings)
    assert doc["embedding"] == pytest.approx(vector, abs=1e-6)


def test_dimension_mismatch_is_refused_and_writes_nothing(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    _filled(backend, hashed_ef)
    narrow = backend.make(HashedEmbedding(dim=16))
    with pytest.raises(EmbeddingDimensionError, match=r"rag.suite.*dimension 384.*dimension 16"):
        narrow.insert_docs([{"id": backend.ids(9), "content": "new text"}], collection_name=NAME, upsert=True)
    assert len(backend.make(hashed_ef).get_docs_by_ids(ids=None, collection_name=NAME)) == 3


def test_dimension_mismatch_on_query_names_the_problem(backend: Backend, hashed_ef: HashedEmbedding) -> None:
    _filled(backend, hashed_ef)
    narrow = backend.make(HashedEmbedding(dim=16))
    with pytest.raises(EmbeddingDimensionError, match="dimension mismatch"):
        narrow.retrieve_docs(["cats"], collection_name=NAME, n_results=1)


def _run_in_new_process(backend: Backend, body: str) -> Any:
    """Run `body` (which sees `db`) in a fresh interpreter on the same storage; returns what it prints as JSON."""
    fixtures = Path(__file__).resolve().parent
    script = (
        f"import json, sys\nsys.path.insert(0, {str(fixtures)!r})\n"
        "from rag_fixtures import HashedEmbedding\nef = HashedEmbedding()\n"
        + backend.reopen_code
        + textwrap.dedent(body)
    )
    backend.release()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_documents_written_by_another_process_are_read_back_with_embeddings(
    backend: Backend, hashed_ef: HashedEmbedding
) -> None:
    written = _run_in_new_process(
        backend,
        f"""
        db.create_collection({NAME!r}, overwrite=True, get_or_create=False)
        ids = {[backend.ids(n + 1) for n in range(len(TEXTS))]!r}
        docs = [{{"id": i, "content": t, "metadata": {{"source": "s"}}}} for i, t in zip(ids, {TEXTS!r})]
        db.insert_docs(docs, collection_name={NAME!r})
        print(json.dumps("ok"))
        """,
    )
    assert written == "ok"
    reopened = backend.make(hashed_ef)
    found = reopened.get_docs_by_ids(ids=None, collection_name=NAME, include=backend.include_embeddings)
    by_id = {doc["id"]: doc for doc in found}
    for i, text in enumerate(TEXTS):
        assert by_id[backend.ids(i + 1)]["embedding"] == pytest.approx(hashed_ef.vector(text), abs=1e-6)
