"""AgentOptimizer: conversations recorded, functions proposed by the optimizer model (loopback server)."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

import autogen
from autogen.agentchat.contrib.agent_optimizer import ADD_FUNC, REMOVE_FUNC, REVISE_FUNC, AgentOptimizer

CODE = "def add_numbers(a, b):\n    return a + b\n"
ADD_ARGS = {
    "name": "add_numbers",
    "description": "Add two numbers.",
    "arguments": json.dumps({"a": {"type": "number"}, "b": {"type": "number"}}),
    "packages": "",
    "code": CODE,
}


@pytest.fixture
def optimizer(llm_server: Any, llm_config: Dict[str, Any]) -> AgentOptimizer:
    return AgentOptimizer(max_actions_per_step=1, llm_config=llm_config, optimizer_model="gpt-4")


def test_invalid_llm_config() -> None:
    with pytest.raises(ValueError):
        AgentOptimizer(max_actions_per_step=1, llm_config={"config_list": []})
    with pytest.raises(AssertionError):
        AgentOptimizer(max_actions_per_step=1, llm_config=None)  # type: ignore[arg-type]


def test_config_list_is_filtered_to_optimizer_model(llm_server: Any) -> None:
    config = {"config_list": llm_server.config_list(model="gpt-4") + llm_server.config_list(model="other")}
    optimizer = AgentOptimizer(max_actions_per_step=1, llm_config=config, optimizer_model="gpt-4")
    assert [c["model"] for c in optimizer.llm_config["config_list"]] == ["gpt-4"]


def test_record_and_reset(optimizer: AgentOptimizer) -> None:
    optimizer.record_one_conversation([{"role": "user", "content": "hi"}], is_satisfied=True)
    assert len(optimizer._trial_conversations_history) == 1
    assert optimizer._trial_conversations_performance == [{"Conversation 0": 1}]
    optimizer.reset_optimizer()
    assert optimizer._trial_conversations_history == []
    assert optimizer._trial_conversations_performance == []


def test_record_asks_when_satisfaction_unknown(optimizer: AgentOptimizer, scripted_io: Any) -> None:
    scripted_io.answers = ["0"]
    optimizer.record_one_conversation([{"role": "user", "content": "hi"}])
    assert optimizer._trial_conversations_performance == [{"Conversation 0": 0}]
    scripted_io.answers = ["maybe"]
    with pytest.raises(AssertionError):
        optimizer.record_one_conversation([])


def test_step_adds_a_function(optimizer: AgentOptimizer, llm_server: Any, reply: Any, scripted_io: Any) -> None:
    llm_server.script(reply.tool_call("add_function", ADD_ARGS))
    optimizer.record_one_conversation([{"role": "user", "content": "1+1?"}], is_satisfied=True)
    register_for_llm, register_for_executor = optimizer.step()
    assert register_for_llm == [
        {
            "func_sig": {
                "name": "add_numbers",
                "description": "Add two numbers.",
                "parameters": {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}},
            },
            "is_remove": False,
        }
    ]
    assert list(register_for_executor) == ["add_numbers"]
    request = llm_server.chat_requests[0].body
    assert [t["function"]["name"] for t in request["tools"]] == ["add_function", "revise_function", "remove_function"]
    assert request["tool_choice"] == "auto"
    # the results plug into agents as 0.2 documents
    assistant = autogen.AssistantAgent("assistant", llm_config={"config_list": llm_server.config_list()})
    for item in register_for_llm:
        assistant.update_function_signature(**item)
    user = autogen.UserProxyAgent("user", code_execution_config=False)
    user.register_function(function_map=register_for_executor)
    assert assistant.llm_config["functions"][0]["name"] == "add_numbers"
    assert "add_numbers" in user.function_map


def test_step_removes_a_function(optimizer: AgentOptimizer, llm_server: Any, reply: Any, scripted_io: Any) -> None:
    llm_server.script(reply.tool_call("add_function", ADD_ARGS))
    optimizer.record_one_conversation([], is_satisfied=True)
    optimizer.step()
    llm_server.script(reply.tool_call("remove_function", {"name": "add_numbers"}))
    optimizer.record_one_conversation([], is_satisfied=True)
    register_for_llm, register_for_executor = optimizer.step()
    assert register_for_llm == [{"func_sig": {"name": "add_numbers"}, "is_remove": True}]
    assert register_for_executor == {"add_numbers": None}


def test_invalid_actions_are_retried(optimizer: AgentOptimizer, llm_server: Any, reply: Any, scripted_io: Any) -> None:
    bad_code = {**ADD_ARGS, "code": "def broken(:"}
    llm_server.script(
        reply.tool_call("add_function", bad_code),
        reply.tool_call("remove_function", {"name": "missing"}),
        reply.tool_call("add_function", ADD_ARGS),
    )
    optimizer.record_one_conversation([], is_satisfied=False)
    register_for_llm, _ = optimizer.step()
    assert register_for_llm[0]["func_sig"]["name"] == "add_numbers"
    assert len(llm_server.chat_requests) == 3
    assert "Syntax is invalid" in scripted_io.text


def test_no_action_keeps_functions(optimizer: AgentOptimizer, llm_server: Any, reply: Any) -> None:
    llm_server.script(reply.text("TERMINATE"))
    optimizer.record_one_conversation([], is_satisfied=True)
    assert optimizer.step() == ([], {})


def test_worse_trial_is_remembered_as_failure(
    optimizer: AgentOptimizer, llm_server: Any, reply: Any, scripted_io: Any
) -> None:
    llm_server.script(reply.tool_call("add_function", ADD_ARGS), reply.text("TERMINATE"))
    optimizer.record_one_conversation([], is_satisfied=True)
    optimizer.step()
    optimizer.record_one_conversation([], is_satisfied=False)
    optimizer.step()
    assert optimizer._failure_functions_performance[0]["performance"] == 0
    assert "add_numbers" in llm_server.chat_requests[-1].messages[0]["content"]


def test_step_without_records_fails(optimizer: AgentOptimizer) -> None:
    with pytest.raises(ZeroDivisionError):
        optimizer.step()


def test_tool_schemas() -> None:
    for tool in (ADD_FUNC, REVISE_FUNC):
        assert tool["function"]["parameters"]["required"] == ["name", "description", "arguments", "packages", "code"]
    assert REMOVE_FUNC["function"]["parameters"]["required"] == ["name"]


def test_executor_runs_the_function(optimizer: AgentOptimizer, llm_server: Any, reply: Any, scripted_io: Any) -> None:
    llm_server.script(reply.tool_call("add_function", ADD_ARGS))
    optimizer.record_one_conversation([], is_satisfied=True)
    _, register_for_executor = optimizer.step()
    try:
        output = register_for_executor["add_numbers"](a=2, b=3)
    except RuntimeError as e:  # 0.2 runs it in a Docker image; inside a container it runs in place
        pytest.skip(f"needs Docker here: {e}")
    assert output.strip().endswith("5")
