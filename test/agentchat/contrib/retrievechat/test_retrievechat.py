"""RetrieveChat conversations over a folder of real documents, on each real vector database, with a scripted model."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
from rag_fixtures import PDF_FACT, Backend, HashedEmbedding, make_docs_folder

from autogen import AssistantAgent
from autogen.agentchat.contrib.retrieve_user_proxy_agent import (
    PROMPT_CODE,
    UPDATE_CONTEXT_IN_PROMPT,
    RetrieveUserProxyAgent,
)
from autogen.testing import LoopbackLLMServer, Reply

QUESTION = "How much power does the flux capacitor of the Zephyr engine need?"
TYPES = ["md", "txt", "html", "pdf", "py"]


def _rag(vector_db: Any, docs: Path, **config: Any) -> RetrieveUserProxyAgent:
    retrieve_config: Dict[str, Any] = {
        "task": "qa",
        "docs_path": str(docs),
        "custom_text_types": TYPES,
        "vector_db": vector_db,
        "collection_name": "rag-chat",
        "get_or_create": True,
        "chunk_token_size": 40,
        **config,
    }
    return RetrieveUserProxyAgent(
        "ragproxyagent",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=3,
        code_execution_config=False,
        retrieve_config=retrieve_config,
    )


def _assistant(server: LoopbackLLMServer) -> AssistantAgent:
    return AssistantAgent(
        "assistant",
        system_message="You answer questions.",
        llm_config={"config_list": server.config_list(), "cache_seed": None},
    )


def _user_texts(server: LoopbackLLMServer, index: int) -> str:
    return "\n".join(m["content"] for m in server.chat_requests[index].messages if m["role"] == "user")


def test_conversation_retrieves_the_right_chunk_and_updates_context(
    backend: Backend, hashed_ef: HashedEmbedding, llm_server: LoopbackLLMServer, tmp_path: Path, capsys: Any
) -> None:
    docs = make_docs_folder(tmp_path)
    rag = _rag(backend.make(hashed_ef), docs)
    llm_server.script(Reply.text("UPDATE CONTEXT"), Reply.text("It needs 1.21 gigawatts."))
    result = rag.initiate_chat(_assistant(llm_server), message=rag.message_generator, problem=QUESTION, n_results=1)

    first, second = _user_texts(llm_server, 0), _user_texts(llm_server, 1)
    assert PDF_FACT in first and QUESTION in first and UPDATE_CONTEXT_IN_PROMPT in first
    assert PDF_FACT not in second and QUESTION in second  # the next result replaced the first
    assert len(llm_server.chat_requests) == 2  # the plain answer ended the chat
    assert result.chat_history[-1]["content"] == "It needs 1.21 gigawatts."
    printed = capsys.readouterr().out
    assert "Updating context and resetting conversation." in printed
    assert printed.count("Adding content of doc") == 2


def test_update_context_resets_both_histories(
    backend: Backend, hashed_ef: HashedEmbedding, llm_server: LoopbackLLMServer, tmp_path: Path
) -> None:
    rag = _rag(backend.make(hashed_ef), make_docs_folder(tmp_path))
    llm_server.script(Reply.text("UPDATE CONTEXT"), Reply.text("Done."))
    rag.initiate_chat(_assistant(llm_server), message=rag.message_generator, problem=QUESTION, n_results=1)
    roles = [m["role"] for m in llm_server.chat_requests[1].messages]
    assert roles == ["system", "user"]


def test_answer_without_more_context_ends_after_one_request(
    backend: Backend, hashed_ef: HashedEmbedding, llm_server: LoopbackLLMServer, tmp_path: Path
) -> None:
    rag = _rag(backend.make(hashed_ef), make_docs_folder(tmp_path))
    llm_server.script(Reply.text("1.21 gigawatts."))
    rag.initiate_chat(_assistant(llm_server), message=rag.message_generator, problem=QUESTION, n_results=2)
    assert len(llm_server.chat_requests) == 1


def test_context_runs_out_and_the_agent_terminates(
    hashed_ef: HashedEmbedding, llm_server: LoopbackLLMServer, tmp_path: Path, capsys: Any
) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    docs = tmp_path / "one"
    docs.mkdir()
    (docs / "only.txt").write_text("A single short fact about ferries.", encoding="utf-8")
    rag = _rag(ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), docs)
    llm_server.script(Reply.text("UPDATE CONTEXT"))
    result = rag.initiate_chat(_assistant(llm_server), message=rag.message_generator, problem="ferries?", n_results=1)
    assert result.chat_history[-1]["content"] == "TERMINATE"
    assert "No more context, will terminate." in capsys.readouterr().out


def test_default_task_prompt_names_the_sources(
    hashed_ef: HashedEmbedding, llm_server: LoopbackLLMServer, tmp_path: Path
) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    docs = make_docs_folder(tmp_path)
    rag = _rag(ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), docs, task="default")
    message = RetrieveUserProxyAgent.message_generator(rag, None, {"problem": QUESTION, "n_results": 1})
    assert PDF_FACT in message and str(docs / "manual.pdf") in message and "Sources:" in message


def test_code_task_uses_the_code_prompt(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    rag = _rag(
        ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), make_docs_folder(tmp_path), task="code"
    )
    message = RetrieveUserProxyAgent.message_generator(rag, None, {"problem": "checksum of bytes", "n_results": 1})
    assert message.startswith(PROMPT_CODE.split("{")[0]) and "def checksum" in message


def test_customized_prompt_is_filled_with_question_and_context(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    db = ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef)
    rag = _rag(db, make_docs_folder(tmp_path), customized_prompt="Q={input_question}\nC={input_context}")
    message = RetrieveUserProxyAgent.message_generator(rag, None, {"problem": QUESTION, "n_results": 1})
    assert message.startswith(f"Q={QUESTION}\nC=") and PDF_FACT in message


def test_unknown_task_is_not_implemented(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    rag = _rag(
        ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), make_docs_folder(tmp_path), task="poem"
    )
    with pytest.raises(NotImplementedError):
        RetrieveUserProxyAgent.message_generator(rag, None, {"problem": QUESTION, "n_results": 1})


def test_search_string_limits_chroma_results(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    rag = _rag(ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), make_docs_folder(tmp_path))
    rag.retrieve_docs(QUESTION, n_results=5, search_string="ferry")
    assert [doc["content"] for doc, _ in rag._results[0]] and all(
        "ferry" in doc["content"] for doc, _ in rag._results[0]
    )


def test_second_run_inserts_only_new_chunks(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    db = ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef)
    docs = make_docs_folder(tmp_path)
    _rag(db, docs).retrieve_docs(QUESTION)
    before = len(db.get_docs_by_ids(collection_name="rag-chat"))
    (docs / "extra.txt").write_text("A brand new fact about lighthouses.", encoding="utf-8")
    _rag(db, docs).retrieve_docs(QUESTION)
    assert len(db.get_docs_by_ids(collection_name="rag-chat")) == before + 1


def test_vector_db_by_name_with_db_config(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    rag = _rag(
        "chroma", make_docs_folder(tmp_path), db_config={"path": str(tmp_path / "db")}, embedding_function=hashed_ef
    )
    rag.retrieve_docs(QUESTION, n_results=1)
    assert rag._results[0][0][0]["content"].count("gigawatts") == 1


def test_deprecated_chromadb_client_path(hashed_ef: HashedEmbedding, tmp_path: Path, capsys: Any) -> None:
    import chromadb

    from autogen.agentchat.contrib.vectordb.chromadb import _CallableEmbedding

    config = {
        "client": chromadb.PersistentClient(path=str(tmp_path / "db")),
        "embedding_function": _CallableEmbedding(hashed_ef),
    }
    rag = _rag(None, make_docs_folder(tmp_path), **config)
    rag.retrieve_docs(QUESTION, n_results=1)
    assert PDF_FACT in rag._results[0][0][0]["content"]
    assert "doc_ids:  [['doc_" in capsys.readouterr().out


def test_human_typed_update_context_is_replaced_by_a_context_prompt(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    rag = _rag(ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), make_docs_folder(tmp_path))
    RetrieveUserProxyAgent.message_generator(rag, None, {"problem": QUESTION, "n_results": 1})
    replaced = rag._check_update_context_before_send(rag, {"content": "update context"}, None, False)
    assert UPDATE_CONTEXT_IN_PROMPT in replaced["content"] and PDF_FACT not in replaced["content"]


def test_termination_needs_no_code_and_no_update_request(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    rag = _rag(ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), make_docs_folder(tmp_path))
    assert rag._is_termination_msg({"content": "The answer is 4."})
    assert not rag._is_termination_msg({"content": "```python\nprint(4)\n```"})
    assert not rag._is_termination_msg({"content": "Sorry. UPDATE CONTEXT"})
    assert not rag._is_termination_msg({"content": None})


def test_answer_prefix_missing_counts_as_a_request_for_context(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    db = ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef)
    rag = _rag(db, make_docs_folder(tmp_path), customized_answer_prefix="the answer is")
    assert rag._check_update_context({"content": "I think 4"}) == (False, True)
    assert rag._check_update_context({"content": "The answer is 4"}) == (False, False)


def test_max_tokens_from_model_name() -> None:
    assert [RetrieveUserProxyAgent.get_max_tokens(m) for m in ("gpt-4-32k", "gpt-3.5-turbo-16k", "gpt-4", "x")] == [
        32000,
        16000,
        8000,
        4000,
    ]


def test_package_installs_are_refused(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    rag = _rag(ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef), make_docs_folder(tmp_path))
    exitcode, logs, _ = rag.run_code("pip install numpy", lang="sh")
    assert exitcode == 0 and "already installed" in logs


def test_missing_docs_path_key_warns(hashed_ef: HashedEmbedding, tmp_path: Path, caplog: Any) -> None:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    db = ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef)
    rag = RetrieveUserProxyAgent("rag", human_input_mode="NEVER", retrieve_config={"vector_db": db})
    assert rag._docs_path is None
    assert "docs_path is not provided" in caplog.text


def test_db_config_must_be_a_dict() -> None:
    with pytest.raises(ValueError, match="`db_config` should be a dictionary."):
        RetrieveUserProxyAgent("rag", human_input_mode="NEVER", retrieve_config={"docs_path": None, "db_config": "x"})


def _chroma(tmp_path: Path, ef: HashedEmbedding) -> Any:
    from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB

    return ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=ef)


def test_custom_token_count_skips_documents_too_long_for_the_context(
    hashed_ef: HashedEmbedding, tmp_path: Path, capsys: Any
) -> None:
    rag = _rag(_chroma(tmp_path, hashed_ef), make_docs_folder(tmp_path), custom_token_count_function=lambda t, m: 10**6)
    message = RetrieveUserProxyAgent.message_generator(rag, None, {"problem": QUESTION, "n_results": 2})
    assert message == "TERMINATE" and "as it is too long to fit in the context." in capsys.readouterr().out


def test_distance_threshold_from_the_config_drops_far_chunks(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    rag = _rag(_chroma(tmp_path, hashed_ef), make_docs_folder(tmp_path), distance_threshold=1e-9)
    rag.retrieve_docs(QUESTION, n_results=3)
    assert rag._results == [[]]


def test_custom_text_split_function_makes_the_chunks(hashed_ef: HashedEmbedding, tmp_path: Path) -> None:
    db = _chroma(tmp_path, hashed_ef)
    rag = _rag(db, make_docs_folder(tmp_path), custom_text_split_function=lambda text: text.split("\n"))
    rag.retrieve_docs(QUESTION, n_results=1)
    assert rag._results[0][0][0]["content"] == PDF_FACT
