"""Retrieval as a tool in a group chat (0.2's RetrieveChat group-chat pattern): the tool returns the context prompt."""

from __future__ import annotations

from pathlib import Path

from rag_fixtures import PDF_FACT, HashedEmbedding, make_docs_folder
from typing_extensions import Annotated

from autogen import AssistantAgent, GroupChat, GroupChatManager, UserProxyAgent, register_function
from autogen.agentchat.contrib.retrieve_user_proxy_agent import RetrieveUserProxyAgent
from autogen.agentchat.contrib.vectordb.chromadb import ChromaVectorDB
from autogen.testing import LoopbackLLMServer, Reply


def test_group_member_calls_retrieval_as_a_tool(
    hashed_ef: HashedEmbedding, llm_server: LoopbackLLMServer, tmp_path: Path
) -> None:
    config = {
        "task": "qa",
        "docs_path": str(make_docs_folder(tmp_path)),
        "vector_db": ChromaVectorDB(path=str(tmp_path / "db"), embedding_function=hashed_ef),
        "collection_name": "group-rag",
        "get_or_create": True,
    }
    boss_aid = RetrieveUserProxyAgent("boss_aid", human_input_mode="NEVER", retrieve_config=config)

    def retrieve_content(
        message: Annotated[str, "the question to find context for"],
        n_results: Annotated[int, "how many chunks"] = 1,
    ) -> str:
        boss_aid.n_results = n_results
        prompt = boss_aid.message_generator(boss_aid, None, {"problem": message, "n_results": n_results})
        return prompt or message

    llm = {"config_list": llm_server.config_list(), "cache_seed": None}
    boss = UserProxyAgent("boss", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="")
    expert = AssistantAgent("expert", llm_config=llm)
    register_function(retrieve_content, caller=expert, executor=boss, description="Retrieve document context.")
    chat = GroupChat([boss, expert], messages=[], max_round=4, speaker_selection_method="round_robin")
    manager = GroupChatManager(chat, llm_config=llm)
    llm_server.script(
        Reply.tool_call("retrieve_content", {"message": "flux capacitor power gigawatts", "n_results": 1}),
        Reply.text("It needs 1.21 gigawatts. TERMINATE"),
    )
    boss.initiate_chat(manager, message="How much power does the flux capacitor need?")
    tool_results = [m for m in chat.messages if m.get("role") == "tool"]
    assert tool_results and PDF_FACT in tool_results[0]["content"]
    assert chat.messages[-1]["content"] == "It needs 1.21 gigawatts. TERMINATE"
