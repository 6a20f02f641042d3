"""Function and tool calls inside group chats: the agent that registered the function executes it."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest

from autogen import AssistantAgent, ConversableAgent, GroupChat, GroupChatManager, UserProxyAgent, register_function
from autogen.testing import Reply


def names(messages: List[Dict[str, Any]]) -> List[str]:
    return [m.get("name") for m in messages]


def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def tool_team(llm_config: Dict[str, Any]) -> tuple:
    caller = AssistantAgent("caller", llm_config=llm_config)
    executor = UserProxyAgent("executor", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="")
    bystander = ConversableAgent("bystander", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    register_function(add, caller=caller, executor=executor, description="Add two numbers.")
    return caller, executor, bystander


def test_tool_call_is_executed_by_the_registering_agent(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.tool_call("add", {"a": 2, "b": 3}, id="call_1"), Reply.text("The sum is 5. TERMINATE"))
    caller, executor, bystander = tool_team(llm_config)
    gc = GroupChat([bystander, caller, executor], [], max_round=5, speaker_selection_method="round_robin")
    manager = GroupChatManager(
        gc, llm_config=False, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    bystander.initiate_chat(manager, message="What is 2 + 3?")
    assert names(gc.messages) == ["bystander", "caller", "executor", "bystander", "caller"]
    call, result = gc.messages[1], gc.messages[2]
    assert call["tool_calls"][0]["function"]["name"] == "add"
    assert result["role"] == "tool"
    assert result["tool_responses"] == [{"tool_call_id": "call_1", "role": "tool", "content": "5"}]
    # the follow-up request the caller made was a valid transcript (the fixture also checks this)
    followup = llm_server.chat_requests[1].messages
    assert followup[-2] == {"tool_call_id": "call_1", "role": "tool", "content": "5"}
    assert followup[-3]["tool_calls"][0]["id"] == "call_1"


def test_function_call_filter_skips_other_agents(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    # round robin would give the turn to the bystander, but only the executor can run the call
    llm_server.script(Reply.tool_call("add", {"a": 1, "b": 1}, id="call_9"))
    caller, executor, bystander = tool_team(llm_config)
    gc = GroupChat([caller, bystander, executor], [], max_round=3, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    user.initiate_chat(manager, message="Caller, please add 1 and 1.")
    assert names(gc.messages) == ["user", "caller", "executor"]
    assert gc.messages[2]["content"] == "2"
    assert caller.chat_messages[manager][-1]["tool_responses"][0]["content"] == "2"


def test_auto_selection_after_tool_response_sends_a_valid_transcript(
    llm_server: Any, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(
        Reply.tool_call("add", {"a": 2, "b": 2}, id="call_7"),  # caller's turn
        Reply.text("caller"),  # selection after the tool response
        Reply.text("The answer is 4."),  # caller again
    )
    caller, executor, bystander = tool_team(llm_config)
    gc = GroupChat([bystander, caller, executor], [], max_round=4, speaker_selection_method="auto")
    manager = GroupChatManager(gc, llm_config=llm_config)
    gc.allowed_speaker_transitions_dict[bystander] = [caller]  # first turn goes to the caller without a selection
    bystander.initiate_chat(manager, message="What is 2 + 2?")
    assert names(gc.messages) == ["bystander", "caller", "executor", "caller"]
    selection = llm_server.chat_requests[1].messages
    assert [m["role"] for m in selection] == ["system", "user", "assistant", "tool", "system"]
    assert selection[2]["tool_calls"][0]["id"] == "call_7"
    assert selection[3]["tool_call_id"] == "call_7"
    assert gc.messages[-1]["content"] == "The answer is 4."


def test_function_call_without_executor_raises() -> None:
    alice = ConversableAgent("alice", llm_config=False, human_input_mode="NEVER")
    bob = ConversableAgent("bob", llm_config=False, human_input_mode="NEVER")
    gc = GroupChat(
        [alice, bob], [{"role": "assistant", "content": None, "function_call": {"name": "nope", "arguments": "{}"}}]
    )
    with pytest.raises(ValueError, match="No agent can execute the function nope. Please check the function_map"):
        gc._prepare_and_select_agents(alice)


def test_function_call_with_single_function_map_owner() -> None:
    alice = ConversableAgent("alice", llm_config=False, human_input_mode="NEVER", function_map={"other": lambda: 1})
    bob = ConversableAgent("bob", llm_config=False, human_input_mode="NEVER")
    gc = GroupChat(
        [alice, bob], [{"role": "assistant", "content": None, "function_call": {"name": "nope", "arguments": "{}"}}]
    )
    selected, agents, messages = gc._prepare_and_select_agents(bob)
    assert selected is alice


def test_function_result_in_group(llm_server: Any) -> None:
    alice = ConversableAgent("alice", llm_config=False, human_input_mode="NEVER", function_map={"test_func": lambda: 1})
    bob = ConversableAgent("bob", llm_config=False, human_input_mode="NEVER", default_auto_reply="done")
    gc = GroupChat([alice, bob], [], max_round=3)
    manager = GroupChatManager(gc, llm_config=False)
    bob.initiate_chat(manager, message={"function_call": {"name": "test_func", "arguments": "{}"}, "content": None})
    assert gc.messages[1] == {"role": "function", "name": "test_func", "content": "1"}
    assert gc.messages[2]["name"] == "bob"


def test_two_capable_agents_fall_back_to_next_agent() -> None:
    alice = ConversableAgent("alice", llm_config=False, human_input_mode="NEVER", function_map={"f": lambda: 1})
    bob = ConversableAgent("bob", llm_config=False, human_input_mode="NEVER", function_map={"f": lambda: 2})
    carl = ConversableAgent("carl", llm_config=False, human_input_mode="NEVER", default_auto_reply="hi")
    gc = GroupChat([alice, bob, carl], [], max_round=2)
    manager = GroupChatManager(gc, llm_config=False)
    carl.initiate_chat(manager, message={"function_call": {"name": "f", "arguments": "{}"}, "content": None})
    assert gc.messages[1] == {"role": "function", "name": "f", "content": "1"}


def test_async_tool_call_in_group(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.tool_call("add", {"a": 4, "b": 5}, id="call_a"), Reply.text("9. TERMINATE"))
    caller, executor, bystander = tool_team(llm_config)
    gc = GroupChat([bystander, caller, executor], [], max_round=5, speaker_selection_method="round_robin")
    manager = GroupChatManager(
        gc, llm_config=False, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    asyncio.run(bystander.a_initiate_chat(manager, message="4 + 5?"))
    assert names(gc.messages) == ["bystander", "caller", "executor", "bystander", "caller"]
    assert gc.messages[2]["tool_responses"][0]["content"] == "9"
