"""The interface of a graph-database query engine used for graph RAG."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Protocol

from .document import Document

__all__ = ("GraphStoreQueryResult", "GraphQueryEngine")


@dataclass
class GraphStoreQueryResult:
    """A query's answer and the raw results behind it."""

    answer: Optional[str] = None
    results: list = field(default_factory=list)


class GraphQueryEngine(Protocol):
    """Builds a knowledge graph from documents and answers questions from it."""

    def init_db(self, input_doc: List[Document] | None = None) -> None:
        """Create the graph database, optionally loading `input_doc`."""
        ...

    def add_records(self, new_records: List) -> bool:
        """Add records to the graph; True on success."""
        ...

    def query(self, question: str, n_results: int = 1, **kwargs) -> GraphStoreQueryResult:
        """Answer `question` from the graph."""
        ...
