"""Bad input to RetrieveChat: each gives an error that names the problem, and nothing is written to the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rag_fixtures import HashedEmbedding, make_docs_folder

from autogen.agentchat.contrib.retrieve_user_proxy_agent import RetrieveUserProxyAgent
from autogen.agentchat.contrib.vectordb._common import EmbeddingDimensionError
from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

COLLECTION = "rag-bad"


def _rag(db: ChromaVectorDB, docs_path: Any, **config: Any) -> RetrieveUserProxyAgent:
    retrieve_config = {"docs_path": docs_path, "vector_db": db, "collection_name": COLLECTION, **config}
    return RetrieveUserProxyAgent("rag", human_input_mode="NEVER", retrieve_config=retrieve_config)


@pytest.fixture
def db(tmp_path: Path, hashed_ef: HashedEmbedding) -> ChromaVectorDB:
    return ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef)


def _collection_missing(db: ChromaVectorDB) -> bool:
    try:
        db.get_collection(COLLECTION)
    except ValueError:
        return True
    return False


def test_missing_docs_path_is_named(db: ChromaVectorDB, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(ValueError, match=f"{missing} does not exist"):
        _rag(db, str(missing)).retrieve_docs("question")
    assert _collection_missing(db)


def test_unsupported_binary_file_is_named(db: ChromaVectorDB, tmp_path: Path) -> None:
    blob = tmp_path / "picture.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(ValueError, match=r"Unsupported file type \.png.*picture\.png"):
        _rag(db, [str(blob)]).retrieve_docs("question")
    assert _collection_missing(db)


def test_empty_folder_is_reported(db: ChromaVectorDB, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="No documents found in docs_path"):
        _rag(db, str(empty)).retrieve_docs("question")
    assert _collection_missing(db)


def test_corrupt_pdf_is_named(db: ChromaVectorDB, tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\nthis is not a pdf")
    with pytest.raises(ValueError, match=r"Cannot read the PDF file .*broken\.pdf"):
        _rag(db, str(docs)).retrieve_docs("question")
    assert _collection_missing(db)


def test_corrupt_pdf_error_is_also_pypdf_read_error(tmp_path: Path) -> None:
    from pypdf.errors import PdfReadError

    from autogen.retrieve_utils import extract_text_from_pdf

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    with pytest.raises(PdfReadError):
        extract_text_from_pdf(str(broken))


def test_existing_collection_without_get_or_create_is_refused(db: ChromaVectorDB, tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    _rag(db, str(docs), get_or_create=True).retrieve_docs("question")
    count = len(db.get_docs_by_ids(collection_name=COLLECTION))
    with pytest.raises(ValueError, match=f"Collection {COLLECTION} already exists"):
        _rag(db, str(docs), get_or_create=False).retrieve_docs("question")
    assert len(db.get_docs_by_ids(collection_name=COLLECTION)) == count


def test_embedding_dimension_mismatch_is_named(db: ChromaVectorDB, tmp_path: Path) -> None:
    docs = make_docs_folder(tmp_path)
    _rag(db, str(docs), get_or_create=True).retrieve_docs("question")
    count = len(db.get_docs_by_ids(collection_name=COLLECTION))
    (docs / "new.txt").write_text("A new document to insert.", encoding="utf-8")
    narrow = ChromaVectorDB(client=db.client, embedding_function=HashedEmbedding(dim=16))
    with pytest.raises(EmbeddingDimensionError, match="rag-bad.*dimension 384.*dimension 16"):
        _rag(narrow, str(docs), get_or_create=True).retrieve_docs("question")
    assert len(db.get_docs_by_ids(collection_name=COLLECTION)) == count


def test_no_docs_path_and_no_collection_is_named(db: ChromaVectorDB) -> None:
    rag = _rag(db, None)
    with pytest.raises(ValueError, match=f"Collection {COLLECTION} does not exist"):
        rag.retrieve_docs("question")
