"""Two-agent chats on the scripted loopback model calling a real MCP server's tools.

The `llm_server` fixture fails a test whose requests carried an invalid tool-call transcript.
"""

from typing import Any, Dict, List

import pytest
from _mcp_helpers import server_processes, stdio_server

from autogen import AssistantAgent, UserProxyAgent
from autogen.mcp import MCPToolset
from autogen.testing import Reply


def _agents(llm_config: Dict[str, Any]):
    assistant = AssistantAgent("assistant", llm_config=llm_config)
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False, max_consecutive_auto_reply=5)
    return assistant, user


def _tool_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [m for m in messages if m.get("role") == "tool"]


def _last_tool_contents(llm_server) -> List[str]:
    return [m["content"] for m in _tool_messages(llm_server.chat_requests[-1].messages)]


def test_model_request_carries_the_mcp_tool_schemas(shared_toolset, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    shared_toolset.register(caller=assistant, executor=user, tools=["add", "echo"])
    llm_server.script(Reply.text("TERMINATE"))
    user.initiate_chat(assistant, message="hi")
    tools = {t["function"]["name"]: t["function"] for t in llm_server.chat_requests[0].body["tools"]}
    assert sorted(tools) == ["add", "echo"]
    assert tools["add"]["description"] == "Add two integers."
    assert tools["add"]["parameters"]["properties"] == {
        "a": {"title": "A", "type": "integer"},
        "b": {"title": "B", "type": "integer"},
    }
    assert tools["add"]["parameters"]["required"] == ["a", "b"]


def test_stdio_tool_result_comes_back_as_a_tool_message(shared_toolset, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    shared_toolset.register(caller=assistant, executor=user)
    llm_server.script(Reply.tool_call("add", {"a": 2, "b": 3}, id="call_add"), Reply.text("TERMINATE"))
    user.initiate_chat(assistant, message="What is 2 + 3?")
    assert _tool_messages(llm_server.chat_requests[1].messages) == [
        {"tool_call_id": "call_add", "role": "tool", "content": "5"}
    ]


def test_http_tool_result_comes_back_as_a_tool_message(http_server, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    with MCPToolset(http_server) as toolset:
        toolset.register(caller=assistant, executor=user)
        llm_server.script(Reply.tool_call("echo", {"text": "over http", "times": 2}), Reply.text("TERMINATE"))
        user.initiate_chat(assistant, message="echo")
    assert _last_tool_contents(llm_server) == ["over http over http"]


def test_image_result_reaches_the_model_as_a_placeholder(shared_toolset, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    shared_toolset.register(caller=assistant, executor=user, tools=["picture"])
    llm_server.script(Reply.tool_call("picture"), Reply.text("TERMINATE"))
    user.initiate_chat(assistant, message="draw")
    assert _last_tool_contents(llm_server) == ["[image: image/png, 73 bytes]"]


async def test_a_initiate_chat_calls_async_mcp_tools(llm_server, llm_config):
    assistant, user = _agents(llm_config)
    async with MCPToolset(stdio_server("achat"), timeout=30) as toolset:
        toolset.register(caller=assistant, executor=user, asynchronous=True)
        calls = [{"name": "slow", "arguments": {"seconds": 0.2}}, {"name": "add", "arguments": {"a": 1, "b": 1}}]
        llm_server.script(Reply.tool_calls_(calls), Reply.text("TERMINATE"))
        await user.a_initiate_chat(assistant, message="go")
    assert _last_tool_contents(llm_server) == ["slept 0.2", "2"]


def test_two_servers_with_the_same_tool_names_need_prefixes(llm_server, llm_config):
    assistant, user = _agents(llm_config)
    with MCPToolset(stdio_server("a")) as first, MCPToolset(stdio_server("b")) as second:
        first.register(caller=assistant, executor=user)
        with pytest.raises(
            ValueError, match="'add' is already a tool of user; register the MCP server 'b' with a prefix"
        ):
            second.register(caller=assistant, executor=user)
        second.register(caller=assistant, executor=user, prefix="b_")
        calls = [{"name": "whoami"}, {"name": "b_whoami"}]
        llm_server.script(Reply.tool_calls_(calls), Reply.text("TERMINATE"))
        user.initiate_chat(assistant, message="who is there?")
    assert _last_tool_contents(llm_server) == ["server a", "server b"]
    names = [t["function"]["name"] for t in llm_server.chat_requests[0].body["tools"]]
    assert "whoami" in names and "b_whoami" in names


def test_tool_that_raises_becomes_an_error_tool_message(shared_toolset, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    shared_toolset.register(caller=assistant, executor=user)
    llm_server.script(Reply.tool_call("fail", {"message": "bad day"}), Reply.text("TERMINATE"))
    user.initiate_chat(assistant, message="fail")
    assert _last_tool_contents(llm_server) == ["Error: Error executing tool fail: failing on purpose: bad day"]


def test_arguments_that_fail_the_servers_schema_become_an_error_tool_message(shared_toolset, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    shared_toolset.register(caller=assistant, executor=user)
    llm_server.script(Reply.tool_call("add", {"a": "two"}), Reply.text("TERMINATE"))
    user.initiate_chat(assistant, message="add")
    (content,) = _last_tool_contents(llm_server)
    assert content.startswith("Error: ") and "validation error" in content and "Field required" in content


def test_timeout_becomes_an_error_tool_message_and_the_chat_goes_on(llm_server, llm_config):
    assistant, user = _agents(llm_config)
    with MCPToolset(stdio_server("slowchat"), timeout=1) as toolset:
        toolset.register(caller=assistant, executor=user)
        script = [Reply.tool_call("slow", {"seconds": 30}), Reply.tool_call("add", {"a": 1, "b": 2})]
        llm_server.script(*script, Reply.text("TERMINATE"))
        user.initiate_chat(assistant, message="slow")
    tool_messages = _tool_messages(llm_server.chat_requests[-1].messages)
    assert [m["content"] for m in tool_messages] == [
        "Error: the MCP tool 'slow' got no answer from MCP server 'slowchat' within 1 s",
        "3",
    ]


def test_server_that_exits_mid_chat_becomes_an_error_and_leaves_no_process(llm_server, llm_config):
    assistant, user = _agents(llm_config)
    with MCPToolset(stdio_server("dies"), timeout=30) as toolset:
        toolset.register(caller=assistant, executor=user)
        script = [Reply.tool_call("exit_now"), Reply.tool_call("add", {"a": 1, "b": 2})]
        llm_server.script(*script, Reply.text("TERMINATE"))
        result = user.initiate_chat(assistant, message="crash")
    contents = [m["content"] for m in _tool_messages(llm_server.chat_requests[-1].messages)]
    assert contents[0].startswith("Error: MCP server 'dies' is not connected: the server closed the connection")
    assert "test server dies exiting with code 3" in contents[0]
    assert contents[1].startswith("Error: MCP server 'dies' is not connected")
    assert result.chat_history[-1]["content"] == "TERMINATE"
    assert server_processes("dies") == []


def test_sync_chat_runs_tools_registered_as_async(shared_toolset, llm_server, llm_config):
    assistant, user = _agents(llm_config)
    shared_toolset.register(caller=assistant, executor=user, asynchronous=True)
    llm_server.script(Reply.tool_call("echo", {"text": "sync"}), Reply.text("TERMINATE"))
    user.initiate_chat(assistant, message="echo")
    assert _last_tool_contents(llm_server) == ["sync"]
