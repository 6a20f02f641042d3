"""The function-call and tool-call reply functions, sync and async."""

from __future__ import annotations

import asyncio
import json

import pytest

from autogen.agentchat import ConversableAgent


def echo(text: str) -> str:
    return text


async def a_echo(text: str) -> str:
    await asyncio.sleep(0)
    return text


def raises() -> str:
    raise RuntimeError("Error in tool function")


def _agent():
    return ConversableAgent(
        "executor",
        llm_config=False,
        human_input_mode="NEVER",
        function_map={"echo": echo, "a_echo": a_echo, "raises": raises},
    )


def _fc(name, args):
    return {"role": "assistant", "content": None, "function_call": {"name": name, "arguments": json.dumps(args)}}


def _tc(*calls):
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": args}}
            for i, (name, args) in enumerate(calls)
        ],
    }


@pytest.mark.parametrize("name", ["echo", "a_echo"])
def test_function_call_reply_success_repeatedly(name):
    agent = _agent()
    for _ in range(3):  # a private event loop is created and closed each time for async functions
        assert agent.generate_function_call_reply([_fc(name, {"text": "hi"})]) == (
            True,
            {"name": name, "role": "function", "content": "hi"},
        )


def test_function_call_reply_not_found_bad_json_and_raise():
    agent = _agent()
    assert agent.generate_function_call_reply([_fc("nope", {})])[1]["content"] == "Error: Function nope not found."
    bad = {"content": None, "function_call": {"name": "echo", "arguments": "{bad"}}
    assert agent.generate_function_call_reply([bad])[1]["content"].endswith("The argument must be in JSON format.")
    assert agent.generate_function_call_reply([_fc("raises", {})])[1]["content"] == "Error: Error in tool function"


def test_function_call_reply_ignores_text_and_tool_messages():
    agent = _agent()
    assert agent.generate_function_call_reply([{"content": "hi"}]) == (False, None)
    assert agent.generate_function_call_reply([_tc(("echo", '{"text": "x"}'))]) == (False, None)


async def test_async_function_call_reply():
    agent = _agent()
    for name in ("echo", "a_echo"):
        assert (await agent.a_generate_function_call_reply([_fc(name, {"text": "hi"})]))[1]["content"] == "hi"
    assert (await agent.a_generate_function_call_reply([{"content": "x"}])) == (False, None)
    assert (await agent.a_generate_function_call_reply([_fc("raises", {})]))[1][
        "content"
    ] == "Error: Error in tool function"


async def test_sync_function_call_reply_with_async_function_inside_running_loop():
    agent = _agent()  # sync API called from a coroutine (as in a notebook): still works
    assert agent.generate_function_call_reply([_fc("a_echo", {"text": "in loop"})])[1]["content"] == "in loop"


def test_tool_calls_reply_bundles_every_call():
    agent = _agent()
    final, reply = agent.generate_tool_calls_reply(
        [
            _tc(
                ("echo", '{"text": "y"}'),
                ("a_echo", '{"text": "z"}'),
                ("nope", "{}"),
                ("echo", "{bad"),
                ("raises", "{}"),
            )
        ]
    )
    assert final is True and reply["role"] == "tool"
    contents = [r["content"] for r in reply["tool_responses"]]
    assert contents[:3] == ["y", "z", "Error: Function nope not found."]
    assert contents[3].endswith("The argument must be in JSON format.")
    assert contents[4] == "Error: Error in tool function"
    assert [r["tool_call_id"] for r in reply["tool_responses"]] == [f"call_{i}" for i in range(5)]
    assert reply["content"] == "\n\n".join(contents)


def test_tool_calls_reply_omits_missing_id():
    agent = _agent()
    msg = {
        "content": None,
        "tool_calls": [{"type": "function", "function": {"name": "echo", "arguments": '{"text": "y"}'}}],
    }
    assert agent.generate_tool_calls_reply([msg])[1]["tool_responses"] == [{"role": "tool", "content": "y"}]


def test_tool_calls_reply_ignores_text_and_function_call():
    agent = _agent()
    assert agent.generate_tool_calls_reply([{"content": "x"}]) == (False, None)
    assert agent.generate_tool_calls_reply([_fc("echo", {"text": "x"})]) == (False, None)


async def test_async_tool_calls_reply_runs_calls_concurrently():
    started, release = [], asyncio.Event()

    async def first():
        started.append("first")
        await release.wait()
        return "first done"

    async def second():
        started.append("second")
        release.set()  # only reachable if both calls run at the same time
        return "second done"

    agent = ConversableAgent("x", llm_config=False, function_map={"first": first, "second": second})
    final, reply = await asyncio.wait_for(
        agent.a_generate_tool_calls_reply([_tc(("first", "{}"), ("second", "{}"))]), 5
    )
    assert final and reply["content"] == "first done\n\nsecond done"


async def test_async_tool_calls_reply_errors_per_call():
    agent = _agent()
    _, reply = await agent.a_generate_tool_calls_reply(
        [_tc(("a_echo", '{"text": "ok"}'), ("nope", "{}"), ("raises", "{}"))]
    )
    assert [r["content"] for r in reply["tool_responses"]] == [
        "ok",
        "Error: Function nope not found.",
        "Error: Error in tool function",
    ]
    assert (await agent.a_generate_tool_calls_reply([{"content": "x"}])) == (False, None)
