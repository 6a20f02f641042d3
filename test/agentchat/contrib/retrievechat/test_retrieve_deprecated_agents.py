"""The deprecated RetrieveAssistantAgent and QdrantRetrieveUserProxyAgent (with create_qdrant_from_dir, query_qdrant)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rag_fixtures import PDF_FACT, HashedEmbedding, make_docs_folder

from autogen import ConversableAgent
from autogen.agentchat.contrib.retrieve_assistant_agent import RetrieveAssistantAgent


@pytest.fixture
def assistant() -> RetrieveAssistantAgent:
    with pytest.warns(DeprecationWarning, match="RetrieveAssistantAgent is deprecated"):
        return RetrieveAssistantAgent("assistant", llm_config=False)


def _reply(agent: RetrieveAssistantAgent, content: str) -> Any:
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    return agent.generate_reply([{"role": "user", "content": content}], sender=user)


def test_assistant_terminates_after_successful_code(assistant: RetrieveAssistantAgent) -> None:
    assert _reply(assistant, "exitcode: 0 (execution succeeded)\nCode output: 4") == "TERMINATE"


def test_assistant_echoes_update_context(assistant: RetrieveAssistantAgent) -> None:
    assert _reply(assistant, "I cannot tell. UPDATE CONTEXT") == "UPDATE CONTEXT"


def test_qdrant_helpers_fill_and_query_a_collection(packaged_model: Any, tmp_path: Path) -> None:
    from qdrant_client import QdrantClient

    from autogen.agentchat.contrib.qdrant_retrieve_user_proxy_agent import create_qdrant_from_dir, query_qdrant

    client = QdrantClient(":memory:")
    create_qdrant_from_dir(str(make_docs_folder(tmp_path)), client=client, collection_name="qdrant-docs")
    found = query_qdrant(
        ["How much power does the flux capacitor need?"], n_results=1, client=client, collection_name="qdrant-docs"
    )
    assert PDF_FACT in found["documents"][0][0] and isinstance(found["ids"][0][0], int)


def test_qdrant_search_string_filters_by_text(packaged_model: Any, tmp_path: Path) -> None:
    from qdrant_client import QdrantClient

    from autogen.agentchat.contrib.qdrant_retrieve_user_proxy_agent import create_qdrant_from_dir, query_qdrant

    client = QdrantClient(":memory:")
    docs = make_docs_folder(tmp_path)
    create_qdrant_from_dir(str(docs), client=client, collection_name="qdrant-docs", payload_indexing=True)
    found = query_qdrant(
        ["timetable"], n_results=4, client=client, collection_name="qdrant-docs", search_string="ferry"
    )
    assert found["documents"][0] and all("ferry" in text.lower() for text in found["documents"][0])


def test_qdrant_agent_retrieves_with_a_deprecation_warning(
    packaged_model: Any, hashed_ef: HashedEmbedding, tmp_path: Path
) -> None:
    from autogen.agentchat.contrib.qdrant_retrieve_user_proxy_agent import QdrantRetrieveUserProxyAgent
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    config = {
        "docs_path": str(make_docs_folder(tmp_path)),
        "collection_name": "qdrant-agent",
        "vector_db": ChromaVectorDB(path=str(tmp_path / "unused"), embedding_function=hashed_ef),
    }
    with pytest.warns(DeprecationWarning, match="vector_db='qdrant'"):
        rag = QdrantRetrieveUserProxyAgent("rag", human_input_mode="NEVER", retrieve_config=config)
    rag.retrieve_docs("How much power does the flux capacitor need?", n_results=1)
    assert PDF_FACT in rag._results[0][0][0]["content"]
