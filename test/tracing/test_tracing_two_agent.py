"""Span trees of real two-agent conversations against the loopback model: code, tools, failover, async, privacy."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import openai
import pytest
from _tracing_helpers import Traced, attrs
from opentelemetry.trace import StatusCode

import autogen
from autogen.testing import LoopbackLLMServer, Reply

SECRET_TEXT = "the vault code is 7-7-1"


def _pair(llm_config: Dict[str, Any], **user_kwargs: Any) -> List[autogen.ConversableAgent]:
    bot = autogen.AssistantAgent("bot", llm_config=llm_config)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False, **user_kwargs)
    return [user, bot]


def test_two_agent_chat_is_a_chat_span_over_replies_over_model_calls(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("Paris."), Reply.text("Yes, Paris."))
    user, bot = _pair(llm_config)
    user.initiate_chat(bot, message="Capital of France?", max_turns=2, silent=True)
    (chat,) = traced.roots()
    assert chat.name == "autogen.chat"
    assert attrs(chat)["autogen.chat.sender"] == "user" and attrs(chat)["autogen.chat.recipient"] == "bot"
    bot_replies = [s for s in traced.children(chat) if s.name == "invoke_agent bot"]
    assert len(bot_replies) == 2
    for reply in bot_replies:
        (call,) = traced.children(reply)
        assert call.name == "chat gpt-4"
        call_attrs = attrs(call)
        assert call_attrs["gen_ai.operation.name"] == "chat"
        assert call_attrs["gen_ai.provider.name"] == "openai"
        assert call_attrs["gen_ai.request.model"] == "gpt-4" and call_attrs["gen_ai.response.model"] == "gpt-4"
        assert call_attrs["gen_ai.response.id"].startswith("chatcmpl-loopback-")
        assert call_attrs["gen_ai.response.finish_reasons"] == ("stop",)
        assert call_attrs["gen_ai.usage.input_tokens"] > 0 and call_attrs["gen_ai.usage.output_tokens"] > 0
        assert call_attrs["autogen.cache_hit"] is False
        assert "autogen.cost" in call_attrs


def test_code_execution_span_sits_under_the_executing_agents_reply(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any], tmp_path: Path
) -> None:
    llm_server.script(Reply.text("```python\nprint(6 * 7)\n```"), Reply.text("It printed 42. TERMINATE"))
    bot = autogen.AssistantAgent("bot", llm_config=llm_config)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config={"work_dir": str(tmp_path), "use_docker": False}
    )
    user.initiate_chat(bot, message="Compute six times seven in Python.", max_turns=2, silent=True)
    run = traced.one("execute_code")
    assert traced.parent_of(run).name == "invoke_agent user"
    run_attrs = attrs(run)
    assert run_attrs["autogen.code.language"] == "python"
    assert run_attrs["autogen.code.exit_code"] == 0
    assert run_attrs["autogen.code.executor"]
    assert "autogen.code.output" not in run_attrs


def _tool_chat(llm_server: LoopbackLLMServer, llm_config: Dict[str, Any], tool: Any) -> None:
    llm_server.script(Reply.tool_call("scale", {"x": 4}, id="call_scale_1"), Reply.text("Done. TERMINATE"))
    caller = autogen.AssistantAgent("caller", llm_config=llm_config)
    runner = autogen.UserProxyAgent("runner", human_input_mode="NEVER", code_execution_config=False)
    autogen.register_function(tool, caller=caller, executor=runner, name="scale", description="scale a number")
    runner.initiate_chat(caller, message="Scale 4.", max_turns=2, silent=True)


def test_tool_span_has_name_and_call_id_under_the_executing_reply(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    def scale(x: int) -> int:
        return x * 10

    _tool_chat(llm_server, llm_config, scale)
    tool = traced.one("execute_tool scale")
    assert traced.parent_of(tool).name == "invoke_agent runner"
    tool_attrs = attrs(tool)
    assert tool_attrs["gen_ai.operation.name"] == "execute_tool"
    assert tool_attrs["gen_ai.tool.name"] == "scale" and tool_attrs["gen_ai.tool.call.id"] == "call_scale_1"
    assert tool.status.status_code == StatusCode.UNSET
    assert "gen_ai.tool.call.arguments" not in tool_attrs and "gen_ai.tool.call.result" not in tool_attrs


def test_a_tool_that_raises_ends_its_span_with_status_error(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    def scale(x: int) -> int:
        raise ValueError("scale refuses to work today")

    _tool_chat(llm_server, llm_config, scale)
    tool = traced.one("execute_tool scale")
    assert tool.status.status_code == StatusCode.ERROR
    assert attrs(tool)["autogen.tool.succeeded"] is False
    assert "scale refuses to work today" in (tool.status.description or "")
    assert [e.name for e in tool.events] == ["exception"]
    assert attrs(tool)["error.type"] == "ValueError"


def test_failover_gives_one_span_per_attempt_and_marks_the_failed_one(
    traced: Traced, llm_server: LoopbackLLMServer
) -> None:
    primary = llm_server.config_list(model="gpt-4-primary", max_retries=0)[0]
    backup = llm_server.config_list(model="gpt-4-backup")[0]
    llm_server.script(Reply.error(500, "primary is down"), Reply.text("Answer from the backup."))
    user, bot = _pair({"config_list": [primary, backup], "cache_seed": None})
    user.initiate_chat(bot, message="Anyone there?", max_turns=1, silent=True)
    first, second = traced.named("chat gpt-4")
    assert traced.parent_of(first) is not None
    assert traced.parent_of(first).context.span_id == traced.parent_of(second).context.span_id
    assert first.name == "chat gpt-4-primary" and second.name == "chat gpt-4-backup"
    assert first.status.status_code == StatusCode.ERROR
    assert "primary is down" in (first.status.description or "")
    assert attrs(first)["error.type"] == "InternalServerError"
    assert attrs(first)["autogen.model_call.failed_over"] is True
    assert attrs(first)["autogen.model_call.attempt"] == 0 and attrs(second)["autogen.model_call.attempt"] == 1
    assert second.status.status_code == StatusCode.UNSET
    assert attrs(second)["autogen.model_call.failed_over"] is False


async def test_async_chat_builds_the_same_tree_as_the_sync_one(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("One."), Reply.text("Two."))
    user, bot = _pair(llm_config)
    await user.a_initiate_chat(bot, message="Count with me.", max_turns=2, silent=True)
    (chat,) = traced.roots()
    assert traced.tree(chat) == (
        "autogen.chat",
        [
            ("invoke_agent bot", [("chat gpt-4", [])]),
            ("invoke_agent user", []),
            ("invoke_agent bot", [("chat gpt-4", [])]),
        ],
    )


def test_contents_are_left_out_by_default(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text(f"I will not repeat that {SECRET_TEXT}."))
    user, bot = _pair(llm_config)
    user.initiate_chat(bot, message=f"Remember: {SECRET_TEXT}", max_turns=1, silent=True)
    assert SECRET_TEXT not in traced.all_attribute_text()


def test_contents_are_recorded_when_opted_in(
    traced_content: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("Noted."))
    user, bot = _pair(llm_config)
    user.initiate_chat(bot, message=f"Remember: {SECRET_TEXT}", max_turns=1, silent=True)
    assert SECRET_TEXT in traced_content.all_attribute_text()
    call = attrs(traced_content.one("chat gpt-4"))
    assert SECRET_TEXT in str(call["gen_ai.input.messages"]) and "Noted." in str(call["gen_ai.output.messages"])


@pytest.mark.parametrize("capture", ["traced", "traced_content"])
def test_no_api_key_in_any_attribute(
    capture: str, request: pytest.FixtureRequest, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    found: Traced = request.getfixturevalue(capture)
    llm_server.script(Reply.error(401, f"Incorrect API key provided: {llm_server.api_key}"), Reply.text("ok"))
    user, bot = _pair(llm_config)
    with pytest.raises(openai.AuthenticationError):
        user.initiate_chat(bot, message="hello", max_turns=1, silent=True)
    text = found.all_attribute_text()
    assert "chat gpt-4" in [s.name for s in found.spans]
    assert llm_server.api_key not in text


def test_streamed_model_call_is_one_span_marked_as_streamed(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("Streaming works fine."))
    user, bot = _pair({**llm_config, "stream": True})
    user.initiate_chat(bot, message="Stream please.", max_turns=1, silent=True)
    call = traced.one("chat gpt-4")
    assert attrs(call)["autogen.request.stream"] is True
    assert attrs(call)["gen_ai.response.finish_reasons"] == ("stop",)
    assert traced.parent_of(call).name == "invoke_agent bot"
