"""MongoDB Atlas and Couchbase: real driver code; they need services that cannot run on this machine.

Set MONGODB_URI (an Atlas cluster or Atlas local) or COUCHBASE_CONNECTION_STRING (+ COUCHBASE_USERNAME,
COUCHBASE_PASSWORD, a bucket named vector_db) to run them.
"""

from __future__ import annotations

import os

import pytest
from rag_fixtures import HashedEmbedding

MONGODB_URI = os.environ.get("MONGODB_URI")
COUCHBASE = os.environ.get("COUCHBASE_CONNECTION_STRING")


def test_mongodb_module_imports_with_its_driver() -> None:
    pytest.importorskip("pymongo")
    from autogen.agentchat.contrib.vectordb.mongodb import with_id_rename

    assert with_id_rename([{"_id": 1, "content": "a"}]) == [{"content": "a", "id": 1}]


def test_couchbase_module_imports_with_its_driver() -> None:
    pytest.importorskip("couchbase")
    from autogen.agentchat.contrib.vectordb.couchbase import CouchbaseVectorDB

    assert callable(CouchbaseVectorDB)


@pytest.mark.skipif(not MONGODB_URI, reason="needs MongoDB Atlas vector search (set MONGODB_URI); none runs here")
def test_mongodb_round_trip() -> None:
    from autogen.agentchat.contrib.vectordb.mongodb import MongoDBAtlasVectorDB

    db = MongoDBAtlasVectorDB(
        connection_string=MONGODB_URI or "",
        embedding_function=HashedEmbedding(),
        wait_until_index_ready=120,
        wait_until_document_ready=120,
    )
    db.create_collection("autogen_rag_test", overwrite=True)
    db.insert_docs([{"id": "1", "content": "Postgres stores rows"}], collection_name="autogen_rag_test")
    (hits,) = db.retrieve_docs(["rows"], collection_name="autogen_rag_test", n_results=1)
    assert hits[0][0]["id"] == "1"
    db.delete_collection("autogen_rag_test")


@pytest.mark.skipif(not COUCHBASE, reason="needs a Couchbase cluster with search (set COUCHBASE_CONNECTION_STRING)")
def test_couchbase_round_trip() -> None:
    from autogen.agentchat.contrib.vectordb.couchbase import CouchbaseVectorDB

    db = CouchbaseVectorDB(
        connection_string=COUCHBASE or "",
        username=os.environ.get("COUCHBASE_USERNAME", "Administrator"),
        password=os.environ.get("COUCHBASE_PASSWORD", "password"),
        embedding_function=HashedEmbedding(),
    )
    db.create_collection("autogen_rag_test", overwrite=True)
    db.insert_docs([{"id": "1", "content": "Postgres stores rows"}], collection_name="autogen_rag_test")
    assert db.get_docs_by_ids(["1"], collection_name="autogen_rag_test")[0]["content"] == "Postgres stores rows"
    db.delete_collection("autogen_rag_test")
