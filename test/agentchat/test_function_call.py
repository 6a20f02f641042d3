"""execute_function / a_execute_function and the JSON repair of model-written arguments."""

from __future__ import annotations

import asyncio

import pytest

from autogen.agentchat import ConversableAgent


def _agent(**kwargs):
    return ConversableAgent("executor", llm_config=False, human_input_mode="NEVER", **kwargs)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ('{\n"location": "Boston, MA"\n}', '{"location": "Boston, MA"}'),
        ('{"text": "line one\nline two"}', '{"text": "line one\\nline two"}'),
        ('{"text": "a\tb"}', '{"text": "a\\tb"}'),
        ('{"quote": "say \\"hi\\"\n"}', '{"quote": "say \\"hi\\"\\n"}'),
        ("{}", "{}"),
    ],
)
def test_format_json_str(raw, expected):
    assert ConversableAgent._format_json_str(raw) == expected


def add_num(num_to_be_added):
    return num_to_be_added + 10


class Counter:
    def __init__(self):
        self.value = 10

    def add(self, n):
        self.value += n
        return self.value


def test_execute_function_success_and_errors(scripted_io):
    agent = _agent(function_map={"add_num": add_num})
    ok, result = agent.execute_function({"name": "add_num", "arguments": '{ "num_to_be_added": 5 }'})
    assert ok and result == {"name": "add_num", "role": "function", "content": "15"}
    assert "EXECUTING FUNCTION add_num" in scripted_io.text
    ok, result = agent.execute_function({"name": "nope", "arguments": "{}"})
    assert not ok and result["content"] == "Error: Function nope not found."


def test_execute_function_bad_json_gives_json_error_text():
    agent = _agent(function_map={"add_num": add_num})
    _, result = agent.execute_function({"name": "add_num", "arguments": '{"arg1": "value1", "arg2": "value2",}'})
    assert result["content"] == (
        "Error: Expecting property name enclosed in double quotes: line 1 column 37 (char 36)\n"
        " The argument must be in JSON format."
    )


def test_execute_function_bad_kwargs_and_raising_function():
    def boom():
        raise RuntimeError("Error in tool function")

    agent = _agent(function_map={"add_num": add_num, "boom": boom})
    ok, result = agent.execute_function({"name": "add_num", "arguments": '{"wrong": 1}'})
    assert not ok and result["content"].startswith("Error: ")
    ok, result = agent.execute_function({"name": "boom", "arguments": "{}"})
    assert not ok and result["content"] == "Error: Error in tool function"


def test_execute_function_bound_method_keeps_state():
    counter = Counter()
    agent = _agent(function_map={"add": counter.add})
    assert agent.execute_function({"name": "add", "arguments": '{"n": 5}'})[1]["content"] == "15"
    assert agent.execute_function({"name": "add", "arguments": '{"n": 5}'})[1]["content"] == "20"


def test_execute_function_without_arguments_key():
    agent = _agent(function_map={"answer": lambda: 42})
    assert agent.execute_function({"name": "answer"})[1]["content"] == "42"


def test_execute_function_verbose_prints_arguments(scripted_io):
    agent = _agent(function_map={"add_num": add_num})
    agent.execute_function({"name": "add_num", "arguments": '{"num_to_be_added": 1}'}, verbose=True)
    assert "Input arguments: {'num_to_be_added': 1}\nOutput:\n11" in scripted_io.text


async def test_a_execute_function_awaits_async_functions(scripted_io):
    async def a_add(num_to_be_added):
        await asyncio.sleep(0)
        return num_to_be_added + 10

    agent = _agent(function_map={"a_add": a_add, "add_num": add_num})
    ok, result = await agent.a_execute_function({"name": "a_add", "arguments": '{"num_to_be_added": 5}'})
    assert ok and result["content"] == "15"
    assert "EXECUTING ASYNC FUNCTION a_add" in scripted_io.text
    assert (await agent.a_execute_function({"name": "add_num", "arguments": '{"num_to_be_added": 5}'}))[1][
        "content"
    ] == "15"
    _, not_awaited = agent.execute_function({"name": "a_add", "arguments": '{"num_to_be_added": 5}'})
    assert not_awaited["content"] != "15"  # the sync path does not await: it stringifies a coroutine
    _, missing = await agent.a_execute_function({"name": "x", "arguments": "{}"})
    assert missing["content"] == "Error: Function x not found."
    _, bad = await agent.a_execute_function({"name": "a_add", "arguments": "{bad"})
    assert bad["content"].endswith("The argument must be in JSON format.")
