"""graph_rag: the document types, the query-engine protocol and the capability stub."""

from __future__ import annotations

from typing import Any, List, Optional

import autogen
from autogen.agentchat.contrib.graph_rag.document import Document, DocumentType
from autogen.agentchat.contrib.graph_rag.graph_query_engine import GraphQueryEngine, GraphStoreQueryResult
from autogen.agentchat.contrib.graph_rag.graph_rag_capability import GraphRagCapability


class ListEngine:
    """A tiny GraphQueryEngine: remembers records and answers with how many it has."""

    def __init__(self) -> None:
        self.records: List[Any] = []

    def init_db(self, input_doc: Optional[List[Document]] = None) -> None:
        self.records = list(input_doc or [])

    def add_records(self, new_records: List) -> bool:
        self.records.extend(new_records)
        return True

    def query(self, question: str, n_results: int = 1, **kwargs: Any) -> GraphStoreQueryResult:
        return GraphStoreQueryResult(answer=str(len(self.records)), results=self.records[:n_results])


def test_document_defaults() -> None:
    doc = Document(doctype=DocumentType.TEXT)
    assert doc.data is None and doc.path_or_url == ""
    assert {t.name for t in DocumentType} == {"TEXT", "HTML", "PDF"}


def test_query_result_defaults() -> None:
    result = GraphStoreQueryResult()
    assert result.answer is None and result.results == []
    assert GraphStoreQueryResult().results is not result.results


def test_engine_follows_protocol() -> None:
    engine: GraphQueryEngine = ListEngine()
    engine.init_db([Document(DocumentType.HTML, path_or_url="http://127.0.0.1/x.html")])
    assert engine.add_records(["r"])
    assert engine.query("how many?").answer == "2"


def test_capability_adds_to_agent() -> None:
    agent = autogen.ConversableAgent("agent", llm_config=False)
    GraphRagCapability(ListEngine()).add_to_agent(agent)
