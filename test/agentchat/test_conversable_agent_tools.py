"""ConversableAgent function and tool registration: function_map, signatures, register_for_llm/execution."""

from __future__ import annotations

import asyncio
import copy
import linecache
import os
from typing import Any

import pytest
from pydantic import BaseModel
from typing_extensions import Annotated

from autogen.agentchat import ConversableAgent
from autogen.agentchat.conversable_agent import register_function


def _agent(name: str, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("human_input_mode", "NEVER")
    return ConversableAgent(name, **kwargs)


@pytest.fixture
def pair(scripted_io):
    return _agent("a", default_auto_reply="a-auto"), _agent("b", default_auto_reply="b-auto")


# ---------------------------------------------------------------- functions and tools
def add_num(num_to_be_added: int) -> str:
    return str(num_to_be_added + 10)


def test_generate_reply_runs_function_call(pair):
    a, b = pair
    a.register_function({"add_num": add_num})
    msg = {
        "role": "assistant",
        "content": None,
        "function_call": {"name": "add_num", "arguments": '{ "num_to_be_added": 5 }'},
    }
    assert a.generate_reply(messages=[msg], sender=None)["content"] == "15"
    b.send(msg, a, request_reply=False)
    assert a.generate_reply(sender=b) == {"name": "add_num", "role": "function", "content": "15"}


def test_update_function_signature_and_register_function(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)
    sig = {"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}}}
    agent.update_function_signature(sig, is_remove=False)
    assert agent.llm_config["functions"] == [sig]
    with pytest.warns(UserWarning, match="Function 'f' is being overridden."):
        agent.update_function_signature(sig, is_remove=False)
    agent.update_function_signature("f", is_remove=True)
    assert "functions" not in agent.llm_config
    agent.register_function({"f": add_num})
    assert agent.function_map["f"] is add_num
    with pytest.warns(UserWarning, match="Function 'f' is being overridden."):
        agent.register_function({"f": None})
    assert "f" not in agent.function_map


def test_update_signature_errors():
    agent = _agent("a")
    with pytest.raises(AssertionError, match="To update a function signature, agent must have an llm_config"):
        agent.update_function_signature({"name": "f"}, is_remove=False)
    with pytest.raises(AssertionError, match="To update a tool signature, agent must have an llm_config"):
        agent.update_tool_signature({"function": {"name": "f"}}, is_remove=False)


def test_update_tool_signature_remove_missing_key(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)
    with pytest.raises(AssertionError, match="The agent config doesn't have tool f."):
        agent.update_tool_signature("f", is_remove=True)
    with pytest.raises(AssertionError, match="The agent config doesn't have function f."):
        agent.update_function_signature("f", is_remove=True)


def test_removing_unknown_function_hits_0_2_warning_quirk():
    with pytest.raises(TypeError):
        _agent("a").register_function({"nope": None})


def test_register_for_llm_builds_tool_schema(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)

    @agent.register_for_llm(name="python", description="run cell")
    def exec_python(cell: Annotated[str, "Valid Python cell to execute."]) -> str:
        return cell

    assert agent.llm_config["tools"] == [
        {
            "type": "function",
            "function": {
                "description": "run cell",
                "name": "python",
                "parameters": {
                    "type": "object",
                    "properties": {"cell": {"type": "string", "description": "Valid Python cell to execute."}},
                    "required": ["cell"],
                },
            },
        }
    ]


def test_register_for_llm_stacked_decorators_share_name_and_description(llm_config):
    a1 = ConversableAgent("a1", llm_config=llm_config)
    a2 = ConversableAgent("a2", llm_config=copy.deepcopy(llm_config))

    @a2.register_for_llm()
    @a1.register_for_llm(name="sh", description="run shell")
    async def exec_sh(script: Annotated[str, "script"]) -> str:
        return script

    assert a1.llm_config["tools"] == a2.llm_config["tools"]
    assert a2.llm_config["tools"][0]["function"]["name"] == "sh"


def test_register_for_llm_function_api_style(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)

    @agent.register_for_llm(description="d", api_style="function")
    def f(x: Annotated[int, "x"]) -> int:
        return x

    assert agent.llm_config["functions"][0]["name"] == "f"


def test_register_for_llm_errors(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)
    with pytest.raises(ValueError, match="Function description is required, none found."):

        @agent.register_for_llm()
        def f(x: int) -> int:
            return x

    with pytest.raises(AssertionError, match="To update a tool signature, agent must have an llm_config"):

        @ConversableAgent("b", llm_config=None).register_for_llm(description="d")
        def g(x: int) -> int:
            return x

    with pytest.raises(ValueError, match="Unsupported API style: rpc"):

        @agent.register_for_llm(description="d", api_style="rpc")
        def h(x: int) -> int:
            return x


def test_register_for_execution_maps_wrapped_functions():
    agent = _agent("a")

    @agent.register_for_execution()
    def f(x: int) -> int:
        return x

    @agent.register_for_execution(name="renamed")
    async def g(x: int) -> int:
        return x

    assert agent.function_map["f"]._origin is f
    assert agent.function_map["renamed"]._origin is g
    assert agent.function_map["f"](x=3) == "3"


class Currency(BaseModel):
    currency: str
    amount: float


def test_wrap_function_serialises_pydantic_results():
    agent = _agent("a")

    def convert(c: Currency) -> Currency:
        return c

    async def a_convert(c: Currency) -> Currency:
        return c

    wrapped, a_wrapped = agent._wrap_function(convert), agent._wrap_function(a_convert)
    assert wrapped(c={"currency": "EUR", "amount": 100.1}) == '{"currency":"EUR","amount":100.1}'
    assert asyncio.iscoroutinefunction(a_wrapped) and not asyncio.iscoroutinefunction(wrapped)
    assert asyncio.run(a_wrapped(c={"currency": "EUR", "amount": 100.1})) == '{"currency":"EUR","amount":100.1}'


def test_module_register_function_sets_both_sides(llm_config):
    caller = ConversableAgent("caller", llm_config=llm_config)
    executor = _agent("executor")

    def stock(symbol: Annotated[str, "ticker"]) -> str:
        return symbol

    assert register_function(stock, caller=caller, executor=executor, description="price") is None
    assert caller.llm_config["tools"][0]["function"]["name"] == "stock"
    assert executor.function_map["stock"]._origin is stock


def test_can_execute_function():
    agent = _agent("a", function_map={"f": add_num, "g": add_num})
    assert agent.can_execute_function("f") and agent.can_execute_function(["f", "g"])
    assert not agent.can_execute_function(["f", "h"])


def test_update_tool_signature_warns_on_duplicate(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)
    tool = {"type": "function", "function": {"name": "yo", "parameters": {"type": "object", "properties": {}}}}
    agent.update_tool_signature(tool, is_remove=False)
    with pytest.warns(UserWarning, match="Function 'yo' is being overridden."):
        agent.update_tool_signature(tool, is_remove=False)
    assert len(agent.llm_config["tools"]) == 1


def _warned_at_library_warn_line(record, module_path):
    """0.2 warns with the default stacklevel: the location is the library's own `warnings.warn(` line."""
    [warning] = record
    source = linecache.getline(warning.filename, warning.lineno)
    return warning.filename.endswith(module_path) and "warnings.warn(" in source


def test_register_function_override_warning_points_at_the_library(recwarn):
    agent = _agent("a")
    agent.register_function({"f": add_num})
    agent.register_function({"f": add_num})
    assert _warned_at_library_warn_line(recwarn.list, os.path.join("autogen", "agentchat", "_tools.py"))


def test_update_tool_signature_override_warning_points_at_the_library(llm_config, recwarn):
    agent = ConversableAgent("a", llm_config=llm_config)
    tool = {"type": "function", "function": {"name": "yo", "parameters": {"type": "object", "properties": {}}}}
    agent.update_tool_signature(tool, is_remove=False)
    agent.update_tool_signature(tool, is_remove=False)
    assert _warned_at_library_warn_line(recwarn.list, os.path.join("autogen", "agentchat", "_tools.py"))
