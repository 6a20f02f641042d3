"""Documents that a graph RAG query engine can ingest."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto
from typing import Optional

__all__ = ("DocumentType", "Document")


class DocumentType(Enum):
    """The format of a document."""

    TEXT = auto()
    HTML = auto()
    PDF = auto()


@dataclass
class Document:
    """A document: its type, its content (if loaded) and where it comes from."""

    doctype: DocumentType
    data: Optional[object] = None
    path_or_url: Optional[str] = ""
