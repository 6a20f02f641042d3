"""LLamaIndexConversableAgent answering through a real llama-index chat engine on llama-index's own MockLLM."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("llama_index.core")

from llama_index.core.chat_engine import SimpleChatEngine  # noqa: E402
from llama_index.core.llms import MockLLM  # noqa: E402

from autogen import ConversableAgent, GroupChat, GroupChatManager  # noqa: E402
from autogen.agentchat.contrib.llamaindex_conversable_agent import LLamaIndexConversableAgent  # noqa: E402


def _engine(**llm_kwargs: Any) -> SimpleChatEngine:
    return SimpleChatEngine.from_defaults(llm=MockLLM(**llm_kwargs))


def _customer(reply: str = "Thanks!") -> ConversableAgent:
    return ConversableAgent("customer", llm_config=False, human_input_mode="NEVER", default_auto_reply=reply)


def test_agent_is_required() -> None:
    with pytest.raises(ValueError, match="^llama_index_agent must be provided$"):
        LLamaIndexConversableAgent("trip", llama_index_agent=None, description="plans trips")


@pytest.mark.parametrize("description", [None, "   "])
def test_description_is_required(description: Any) -> None:
    with pytest.raises(ValueError, match="^description must be provided$"):
        LLamaIndexConversableAgent("trip", llama_index_agent=_engine(), description=description)


def test_reply_comes_from_the_chat_engine(scripted_io: Any) -> None:
    agent = LLamaIndexConversableAgent("trip", llama_index_agent=_engine(max_tokens=3), description="plans trips")
    result = _customer().initiate_chat(agent, message="Where should I go?", max_turns=1)
    assert result.chat_history[-1] == {"content": "text text text", "role": "user", "name": "trip"}


def test_engine_sees_the_question_and_the_earlier_messages(scripted_io: Any) -> None:
    agent = LLamaIndexConversableAgent("trip", llama_index_agent=_engine(), description="plans trips")
    customer = _customer("And in winter?")
    customer.initiate_chat(agent, message="I like the sea.", max_turns=2)
    echoed = customer.chat_messages[agent][-1]["content"]  # MockLLM without max_tokens echoes its prompt
    assert echoed.startswith("user: I like the sea.\nassistant: ")  # the history, as llama-index chat messages
    assert echoed.endswith("user: And in winter?\nassistant: ")  # then the new question


async def test_async_chat_uses_achat(scripted_io: Any) -> None:
    agent = LLamaIndexConversableAgent("trip", llama_index_agent=_engine(max_tokens=2), description="plans trips")
    result = await _customer().a_initiate_chat(agent, message="Hello", max_turns=1)
    assert result.chat_history[-1]["content"] == "text text"


def test_round_robin_group_chat_with_a_customer_terminates(scripted_io: Any) -> None:
    planner = LLamaIndexConversableAgent("planner", llama_index_agent=_engine(max_tokens=4), description="plans")
    location = LLamaIndexConversableAgent("location", llama_index_agent=_engine(max_tokens=2), description="places")
    customer = ConversableAgent(
        "customer", llm_config=False, human_input_mode="NEVER", default_auto_reply="Sounds good. TERMINATE"
    )
    group = GroupChat(
        agents=[location, planner, customer], messages=[], max_round=5, speaker_selection_method="round_robin"
    )
    manager = GroupChatManager(
        groupchat=group, llm_config=False, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    customer.initiate_chat(manager, message="Plan a trip to the coast.")
    assert [m.get("name") for m in group.messages] == ["customer", "location", "planner", "customer"]
    assert all(len(agent.chat_messages[manager]) <= 5 for agent in (location, planner, customer))
