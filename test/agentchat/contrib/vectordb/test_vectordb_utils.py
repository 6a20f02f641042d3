"""vectordb.utils: distance filtering, chromadb result conversion, the coloured logger; vectordb.base: the factory."""

from __future__ import annotations

import logging

import pytest

from autogen.agentchat.contrib.vectordb.base import VectorDBFactory
from autogen.agentchat.contrib.vectordb.utils import (
    ColoredLogger,
    chroma_results_to_query_results,
    filter_results_by_distance,
    get_logger,
)


def test_filter_keeps_only_closer_than_the_threshold() -> None:
    results = [[("id1", 1), ("id2", 2)], [("id3", 2), ("id4", 3)]]
    assert filter_results_by_distance(results, 2.1) == [[("id1", 1), ("id2", 2)], [("id3", 2)]]


def test_filter_with_no_threshold_keeps_everything() -> None:
    results = [[("id1", 1)]]
    assert filter_results_by_distance(results, -1) == results


def test_chroma_columns_become_document_rows() -> None:
    data = {
        "ids": [["1", "2"], ["3"]],
        "contents": [["a", "b"], ["c"]],
        "metadatas": [[{"s": 1}, {"s": 2}], [{"s": 3}]],
        "embeddings": None,
        "distances": [[0.1, 0.2], [0.3]],
    }
    assert chroma_results_to_query_results(data) == [
        [
            ({"id": "1", "content": "a", "metadata": {"s": 1}}, 0.1),
            ({"id": "2", "content": "b", "metadata": {"s": 2}}, 0.2),
        ],
        [({"id": "3", "content": "c", "metadata": {"s": 3}}, 0.3)],
    ]


def test_logger_is_coloured_and_formatted() -> None:
    logger = get_logger("autogen.test.rag.logger", level=logging.DEBUG)
    assert isinstance(logger, ColoredLogger) and logger.level == logging.DEBUG
    assert "%(levelname)s" in logger.handlers[0].formatter._fmt


def test_logger_takes_a_colour(caplog: pytest.LogCaptureFixture) -> None:
    get_logger("autogen.test.rag.colour").info("blue words", color="blue")
    assert "blue words" in caplog.text  # termcolor drops the escape codes when not writing to a terminal


@pytest.mark.parametrize("alias", ["chroma", "ChromaDB"])
def test_factory_builds_chroma_from_its_aliases(alias: str, tmp_path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    db = VectorDBFactory.create_vector_db(
        alias, path=str(tmp_path), embedding_function=lambda texts: [[1.0]] * len(texts)
    )
    assert isinstance(db, ChromaVectorDB) and db.type == "chroma"


def test_factory_builds_qdrant() -> None:
    from autogen.agentchat.contrib.vectordb.qdrant import QdrantVectorDB

    db = VectorDBFactory.create_vector_db("qdrantdb", embedding_function=lambda texts: [[1.0]] * len(texts))
    assert isinstance(db, QdrantVectorDB)


def test_factory_refuses_an_unknown_type() -> None:
    with pytest.raises(ValueError, match=r"Unsupported vector database type: faiss\. Valid types are \["):
        VectorDBFactory.create_vector_db("faiss")
