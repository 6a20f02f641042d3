"""Checks and defaults shared by the vector database backends."""

from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence

from .base import Document

__all__ = (
    "EmbeddingDimensionError",
    "check_dimension",
    "default_embedding_function",
    "dimension_error",
    "missing_extra",
    "require_content_and_id",
)


class EmbeddingDimensionError(ValueError):
    """The embedding function's vectors do not have the dimension the stored collection was built with."""


def missing_extra(package: str, extra: str) -> ImportError:
    """An ImportError that names the extra which installs `package`."""
    return ImportError(
        f"{package} is not installed. Install it with the {extra} extra: pip install autogen-agentchat[{extra}]~=0.2"
    )


def default_embedding_function() -> Callable[[Sequence[str]], List[List[float]]]:
    """all-MiniLM-L6-v2 from its PyPI package (loaded on first use, shared by every backend): nothing downloaded."""
    from ...._embeddings import encode_with

    return encode_with()


def require_content_and_id(doc: Document) -> None:
    """0.2's checks on a document to insert."""
    if doc.get("content") is None:
        raise ValueError("The document content is required.")
    if doc.get("id") is None:
        raise ValueError("The document id is required.")


def check_dimension(collection: str, stored: Optional[int], vectors: Sequence[Any]) -> None:
    """Raise EmbeddingDimensionError when `vectors` do not match the collection's stored dimension."""
    if stored is None or not vectors:
        return
    got = len(vectors[0])
    if got != stored:
        raise dimension_error(collection, stored, got)


def dimension_error(collection: str, stored: Any, got: Any) -> EmbeddingDimensionError:
    """The error for vectors of dimension `got` sent to a collection of dimension `stored`."""
    return EmbeddingDimensionError(
        f"Embedding dimension mismatch for collection '{collection}': it stores vectors of dimension {stored}, "
        f"but the embedding function produced vectors of dimension {got}. Use the embedding function the "
        "collection was built with, or recreate it (overwrite=True)."
    )
