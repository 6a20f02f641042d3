"""Agents talking to an LLM (the loopback server): requests, replies, tools, usage, valid tool transcripts."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, Dict

import pytest
from typing_extensions import Annotated

from autogen.agentchat import AssistantAgent, ConversableAgent, UserProxyAgent, register_function
from autogen.cache import Cache


def _assistant(llm_config: Dict[str, Any], **kwargs: Any) -> AssistantAgent:
    return AssistantAgent("assistant", llm_config=llm_config, **kwargs)


def _user(**kwargs: Any) -> UserProxyAgent:
    kwargs.setdefault("human_input_mode", "NEVER")
    kwargs.setdefault("code_execution_config", False)
    kwargs.setdefault("is_termination_msg", lambda m: "TERMINATE" in (m.get("content") or ""))
    return UserProxyAgent("user", **kwargs)


def _with_tools(llm_config, user, assistant):
    def echo(text: Annotated[str, "text to echo"]) -> str:
        return text

    def fail(reason: Annotated[str, "why"]) -> str:
        raise ValueError(reason)

    async def a_echo(text: Annotated[str, "text"]) -> str:
        await asyncio.sleep(0)
        return text.upper()

    register_function(echo, caller=assistant, executor=user, description="echo")
    register_function(fail, caller=assistant, executor=user, description="fails")
    register_function(a_echo, caller=assistant, executor=user, description="async echo")


def test_request_has_system_message_then_history(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.text("hello TERMINATE"))
    user, assistant = _user(), _assistant(llm_config)
    result = user.initiate_chat(assistant, message="hi")
    request = llm_server.requests[0]
    assert request.messages[0] == {"content": AssistantAgent.DEFAULT_SYSTEM_MESSAGE, "role": "system"}
    assert request.messages[1] == {"content": "hi", "role": "user", "name": "user"}
    assert result.summary == "hello "
    assert result.cost["usage_including_cached_inference"]["total_cost"] > 0


def test_assistant_description_defaults(llm_config):
    assert _assistant(llm_config).description == AssistantAgent.DEFAULT_DESCRIPTION
    assert _assistant(llm_config, system_message="custom").description == "custom"
    assert AssistantAgent("x").llm_config is False and AssistantAgent("x").human_input_mode == "NEVER"


def test_terminate_message_ends_chat_immediately(llm_server, llm_config, scripted_io):
    user, assistant = _user(), _assistant(llm_config)
    user.initiate_chat(assistant, message="TERMINATE")
    assert assistant.last_message()["content"] == "TERMINATE" and user.last_message(assistant)["content"] == "TERMINATE"
    assert llm_server.requests == []


def test_tool_calls_round_trip_with_parallel_calls_errors_and_async(llm_server, llm_config, reply, scripted_io):
    llm_server.script(
        reply.tool_calls_(
            [
                {"name": "echo", "arguments": {"text": "a"}},
                {"name": "fail", "arguments": {"reason": "bad day"}},
                {"name": "a_echo", "arguments": {"text": "b"}},
                {"name": "missing", "arguments": {}},
                {"name": "echo", "arguments": "{not json"},
            ]
        ),
        reply.text("done TERMINATE"),
    )
    user, assistant = _user(), _assistant(llm_config)
    _with_tools(llm_config, user, assistant)
    user.initiate_chat(assistant, message="use the tools")
    tool_messages = [m for m in llm_server.requests[1].messages if m["role"] == "tool"]
    contents = [m["content"] for m in tool_messages]
    assert contents[:4] == ["a", "Error: bad day", "B", "Error: Function missing not found."]
    assert contents[4].endswith("The argument must be in JSON format.")
    assert llm_server.requests[0].body["tools"][0]["function"]["name"] == "echo"


async def test_async_chat_runs_tool_calls(llm_server, llm_config, reply, scripted_io):
    llm_server.script(
        reply.tool_calls_(
            [{"name": "a_echo", "arguments": {"text": "x"}}, {"name": "echo", "arguments": {"text": "y"}}]
        ),
        reply.text("TERMINATE"),
    )
    user, assistant = _user(), _assistant(llm_config)
    _with_tools(llm_config, user, assistant)
    await user.a_initiate_chat(assistant, message="go")
    assert [m["content"] for m in llm_server.requests[1].messages if m["role"] == "tool"] == ["X", "y"]


def test_legacy_function_call_round_trip(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.function("add.num", {"n": 5}), reply.text("TERMINATE"))
    user = _user(function_map={"add_num": lambda n: n + 10})
    assistant = _assistant(llm_config)
    user.initiate_chat(assistant, message="add")
    stored = assistant.chat_messages[user]
    assert stored[1]["function_call"]["name"] == "add_num"  # model-made name normalised
    assert stored[2] == {"content": "15", "name": "add_num", "role": "function"}


def test_human_interrupting_tool_calls_keeps_transcript_valid(llm_server, llm_config, reply, scripted_io):
    scripted_io.answers = ["no, do something else", "exit"]
    llm_server.script(reply.tool_call("echo", {"text": "a"}), reply.text("ok"))
    user, assistant = _user(human_input_mode="ALWAYS"), _assistant(llm_config)
    _with_tools(llm_config, user, assistant)
    user.initiate_chat(assistant, message="go")
    second = llm_server.requests[1].messages
    assert second[-2] == {
        "tool_call_id": second[-3]["tool_calls"][0]["id"],
        "role": "tool",
        "content": "USER INTERRUPTED",
    }
    assert second[-1]["content"] == "no, do something else" and second[-1]["role"] == "user"


def test_reflection_summary_after_unanswered_tool_call_is_valid(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.tool_call("echo", {"text": "a"}), reply.text("summary text"))
    user = _user(max_consecutive_auto_reply=0, human_input_mode="NEVER")
    assistant = _assistant(llm_config)
    _with_tools(llm_config, user, assistant)
    user._max_consecutive_auto_reply_dict[assistant] = 0
    user.human_input_mode = "NEVER"
    result = user.initiate_chat(assistant, message="go", max_turns=1, summary_method="reflection_with_llm")
    assert result.summary == "summary text"
    assert llm_server.violations == []


def test_clear_history_between_call_and_answer_keeps_requests_valid(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.tool_call("echo", {"text": "a"}), reply.text("after"), reply.text("again TERMINATE"))
    user, assistant = _user(), _assistant(llm_config)
    _with_tools(llm_config, user, assistant)
    user.initiate_chat(assistant, message="go", max_turns=2)
    assistant.clear_history(nr_messages_to_preserve=2)  # would start at the tool responses: one more is kept
    assert "tool_calls" in assistant.chat_messages[user][0]
    user.initiate_chat(assistant, message="continue", clear_history=False, max_turns=1)
    assert llm_server.violations == []


def test_orphan_tool_answers_and_unanswered_calls_are_repaired_in_requests(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.text("fine"))
    assistant = _assistant(llm_config)
    other = _user()
    call = {"id": "c9", "type": "function", "function": {"name": "echo", "arguments": "{}"}}
    assistant._oai_messages[other] = [
        {
            "content": "orphan",
            "tool_responses": [{"tool_call_id": "c0", "role": "tool", "content": "x"}],
            "role": "tool",
        },
        {"content": None, "tool_calls": [call], "role": "assistant"},
        {"content": "next", "role": "user", "name": "user"},
    ]
    assert assistant.generate_reply(sender=other) == "fine"
    sent = llm_server.requests[0].messages
    assert [m["role"] for m in sent] == ["system", "assistant", "tool", "user"]
    assert assistant.chat_messages[other][0]["content"] == "orphan"  # history itself untouched


def test_context_is_popped_from_last_message(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.text("ok"))
    config = {**llm_config, "allow_format_str_template": True}
    assistant = ConversableAgent("assistant", llm_config=config, human_input_mode="NEVER")
    user = _user()
    user.send({"content": "hello {name}", "context": {"name": "Ann"}}, assistant, request_reply=False)
    assert assistant.generate_reply(sender=user) == "ok"
    assert "context" not in assistant.chat_messages[user][-1]
    assert llm_server.requests[0].messages[-1]["content"] == "hello Ann"


def test_max_turns_with_llm(llm_server, llm_config, reply, scripted_io):
    llm_server.responder = lambda body: reply.text("more")
    user = _user(default_auto_reply="continue")
    result = user.initiate_chat(_assistant(llm_config), message="go", max_turns=3)
    assert len(result.chat_history) == 6 and len(llm_server.requests) == 3


def test_cache_is_passed_to_client_and_restored(llm_server, llm_config, reply, scripted_io, tmp_path):
    llm_server.responder = lambda body: reply.text("cached answer TERMINATE")
    user, assistant = _user(), _assistant(llm_config)
    with Cache.disk(cache_seed=7, cache_path_root=str(tmp_path)) as cache:
        first = user.initiate_chat(assistant, message="same", cache=cache)
        second = user.initiate_chat(assistant, message="same", cache=cache)
    assert len(llm_server.requests) == 1 and second.summary == first.summary
    assert assistant.client_cache is None and assistant.previous_cache is None


def test_usage_methods(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.text("x TERMINATE", usage={"prompt_tokens": 10, "completion_tokens": 5}))
    user, assistant = _user(), _assistant(llm_config)
    user.initiate_chat(assistant, message="go")
    assert assistant.get_actual_usage()["gpt-4"]["prompt_tokens"] == 10
    assert assistant.get_total_usage()["gpt-4"]["completion_tokens"] == 5
    assert user.get_actual_usage() is None
    user.print_usage_summary()
    assert "No cost incurred from agent 'user'." in scripted_io.text
    assistant.print_usage_summary()
    assert "Agent 'assistant':" in scripted_io.text


class EchoModelClient:
    """A custom model client: answers with the last user message reversed."""

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        self.model = config["model"]

    def create(self, params: Dict[str, Any]) -> Any:
        text = params["messages"][-1]["content"][::-1]
        message = SimpleNamespace(content=text, function_call=None, tool_calls=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], model=self.model, cost=0)

    def message_retrieval(self, response: Any) -> Any:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: Any) -> float:
        return 0

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        return {}


def test_register_model_client(scripted_io):
    config = {"config_list": [{"model": "local", "model_client_cls": "EchoModelClient"}], "cache_seed": None}
    assistant = ConversableAgent("assistant", llm_config=config, human_input_mode="NEVER")
    assistant.register_model_client(model_client_cls=EchoModelClient)
    assert assistant.generate_reply(messages=[{"role": "user", "content": "abc"}]) == "cba"
    with pytest.raises(AttributeError):
        ConversableAgent("x", llm_config=False).register_model_client(EchoModelClient)


async def test_a_generate_oai_reply_runs_off_the_event_loop(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.text("threaded"))
    assistant = _assistant(llm_config)
    final, text = await assistant.a_generate_oai_reply(messages=[{"role": "user", "content": "x"}])
    assert (final, text) == (True, "threaded")


def test_update_tool_signature_remove_rebuilds_client(llm_server, llm_config, reply, scripted_io):
    assistant = _assistant(llm_config)
    _with_tools(llm_config, _user(), assistant)
    old_client = assistant.client
    assistant.update_tool_signature("echo", is_remove=True)
    assert [t["function"]["name"] for t in assistant.llm_config["tools"]] == ["fail", "a_echo"]
    assert assistant.client is not old_client


def test_nested_chat_with_tools_keeps_transcripts_valid(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.tool_call("echo", {"text": "inner"}), reply.text("inner done TERMINATE"))
    inner_user, inner_assistant = _user(), _assistant(llm_config)
    _with_tools(llm_config, inner_user, inner_assistant)
    outer = ConversableAgent("outer", llm_config=False, human_input_mode="NEVER")
    front = ConversableAgent("front", llm_config=False, human_input_mode="NEVER")
    front.register_nested_chats(
        [{"sender": inner_user, "recipient": inner_assistant, "summary_method": "last_msg"}], trigger=outer
    )
    outer.initiate_chat(front, message="delegate", max_turns=1)
    assert outer.last_message(front)["content"] == "inner done "
