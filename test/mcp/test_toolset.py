"""MCPToolset against the real test server: tools, results, resources, prompts, errors and lifetime."""

import asyncio
import sys

import psutil
import pytest
from _mcp_helpers import server_processes, stdio_server

from autogen.mcp import MCPConnectionError, MCPServerStdio, MCPTimeoutError, MCPToolError, MCPToolset
from autogen.mcp._toolset import llm_tool_name


def test_lists_the_servers_tools_with_their_input_schemas(shared_toolset):
    tools = {tool["name"]: tool for tool in shared_toolset.tools}
    assert {"add", "echo", "fail", "slow", "picture", "exit_now", "whoami"} <= set(tools)
    assert tools["add"]["inputSchema"]["properties"]["a"]["type"] == "integer"
    assert tools["add"]["inputSchema"]["required"] == ["a", "b"]


def test_call_returns_the_tools_text(shared_toolset):
    assert shared_toolset.call_tool("add", {"a": 2, "b": 40}) == "42"


def test_image_result_is_a_placeholder_with_mime_type_and_size(shared_toolset):
    assert shared_toolset.call_tool("picture") == "[image: image/png, 73 bytes]"


def test_tool_that_raises_gives_tool_error_with_the_servers_message(shared_toolset):
    with pytest.raises(MCPToolError, match="failing on purpose: boom"):
        shared_toolset.call_tool("fail", {"message": "boom"})


def test_arguments_that_fail_the_schema_give_tool_error(shared_toolset):
    with pytest.raises(MCPToolError, match="validation error"):
        shared_toolset.call_tool("add", {"a": "not a number", "b": 1})


def test_slow_tool_times_out_and_the_session_stays_usable():
    with MCPToolset(stdio_server("timeout"), timeout=1.0) as toolset:
        with pytest.raises(MCPTimeoutError, match="the MCP tool 'slow' got no answer .* within 1.0 s"):
            toolset.call_tool("slow", {"seconds": 30})
        assert toolset.call_tool("echo", {"text": "still here"}) == "still here"


def test_resources_are_listed_and_read(shared_toolset):
    assert [r["uri"] for r in shared_toolset.list_resources()] == ["notes://readme"]
    assert shared_toolset.read_resource("notes://readme") == "Read me: this is the test server shared."


def test_prompt_comes_back_as_message_dicts(shared_toolset):
    assert [p["name"] for p in shared_toolset.list_prompts()] == ["review"]
    assert shared_toolset.get_prompt("review", {"code": "x = 1"}) == [
        {"role": "user", "content": "Please review this code:\nx = 1"}
    ]


def test_server_that_exits_is_reported_and_later_calls_fail_fast():
    with MCPToolset(stdio_server("crash"), timeout=30) as toolset:
        with pytest.raises(MCPConnectionError, match="(?s)closed the connection.*exiting with code 3"):
            toolset.call_tool("exit_now")
        with pytest.raises(MCPConnectionError, match="not connected"):
            toolset.call_tool("add", {"a": 1, "b": 2})


def test_closing_the_context_leaves_no_server_process():
    with MCPToolset(stdio_server("lifetime")):
        assert len(server_processes("lifetime")) == 1
    assert server_processes("lifetime") == []


def test_call_after_close_raises_connection_error():
    with MCPToolset(stdio_server("closed")) as toolset:
        pass
    with pytest.raises(MCPConnectionError, match="not open"):
        toolset.call_tool("add", {"a": 1, "b": 2})


def test_command_that_is_not_an_mcp_server_fails_to_connect_with_a_clear_error():
    bad = MCPServerStdio("python3", ["-c", "import sys; print('no mcp here', file=sys.stderr)"], name="bad")
    with pytest.raises(MCPConnectionError, match="(?s)could not connect to MCP server .bad.*no mcp here"):
        MCPToolset(bad, connect_timeout=30).open()


async def test_sync_api_works_inside_a_running_event_loop(shared_toolset):
    asyncio.get_running_loop()  # as in a notebook cell
    assert shared_toolset.call_tool("echo", {"text": "hi", "times": 2}) == "hi hi"


async def test_async_context_manager_and_calls():
    async with MCPToolset(stdio_server("async")) as toolset:
        assert await toolset.a_call_tool("whoami") == "server async"
        assert await toolset.a_read_resource("notes://readme") == "Read me: this is the test server async."
    assert server_processes("async") == []


def test_streamable_http_server_lists_and_calls_tools(http_server):
    with MCPToolset(http_server) as toolset:
        assert "add" in toolset.tool_names
        assert toolset.call_tool("whoami") == "server http"


def test_http_headers_given_are_sent_with_requests(http_server):
    with MCPToolset(http_server) as toolset:
        assert toolset.call_tool("header", {"name": "X-Test"}) == "yes"


def test_toolset_opens_again_after_close_with_a_new_server():
    toolset = MCPToolset(stdio_server("reopen"))
    with toolset:
        assert toolset.call_tool("whoami") == "server reopen"
    with toolset:
        assert toolset.call_tool("whoami") == "server reopen"
    assert server_processes("reopen") == []


def test_model_names_replace_characters_openai_rejects():
    assert llm_tool_name("fs.", "read/file") == "fs_read_file"
    assert len(llm_tool_name("p_", "x" * 100)) == 64


def test_registering_an_unknown_tool_name_raises(shared_toolset):
    from autogen import ConversableAgent

    agent = ConversableAgent("a", llm_config=False)
    with pytest.raises(ValueError, match=r"has no tool named \['nope'\]"):
        shared_toolset.register(caller=agent, executor=agent, tools=["nope"])


def test_server_that_never_answers_the_handshake_times_out_and_is_stopped():
    mute = MCPServerStdio(sys.executable, ["-c", "import time; time.sleep(120)  # mute-mcp"], name="mute")
    with pytest.raises(MCPTimeoutError, match="MCP server 'mute' did not complete the handshake within 2 s"):
        MCPToolset(mute, connect_timeout=2).open()
    alive = [p for p in psutil.Process().children(recursive=True) if "mute-mcp" in " ".join(p.cmdline())]
    assert alive == []
