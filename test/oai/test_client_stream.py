"""Streaming: merging of chunk deltas, and streamed completions from the loopback server."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest
from openai.types.chat import ChatCompletionMessage
from openai.types.chat.chat_completion_chunk import (
    ChoiceDeltaFunctionCall,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
)

from autogen.io import IOStream
from autogen.oai.client import OpenAIClient, OpenAIWrapper
from autogen.testing import Reply

MESSAGES = [{"role": "user", "content": "Stream something."}]


class Recorder:
    def __init__(self) -> None:
        self.parts: List[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.parts.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


@pytest.mark.parametrize("value", [{}, [], {"a": 1}, [1]])
def test_update_dict_rejects_collections(value: Any) -> None:
    with pytest.raises(NotImplementedError):
        OpenAIClient._update_dict_from_chunk(SimpleNamespace(c=value), {}, "c")


@pytest.mark.parametrize("value", [0, 1, False, True, 0.0, 1.0])
def test_update_dict_assigns_scalars(value: Any) -> None:
    d: Dict[str, Any] = {}
    assert OpenAIClient._update_dict_from_chunk(SimpleNamespace(f=value), d, "f") == 1
    assert d["f"] == value and type(d["f"]) is type(value)


def test_update_dict_appends_strings() -> None:
    d: Dict[str, Any] = {}
    for piece in ("beginning", " and", " end"):
        OpenAIClient._update_dict_from_chunk(SimpleNamespace(s=piece), d, "s")
    assert d == {"s": "beginning and end"}


def test_wrapper_exposes_update_dict_from_chunk() -> None:
    # 0.2's streaming tests call the helper on OpenAIWrapper itself, without an instance.
    d: Dict[str, Any] = {"s": "one"}
    assert OpenAIWrapper._update_dict_from_chunk(SimpleNamespace(s=" two"), d, "s") == 1
    assert OpenAIWrapper._update_dict_from_chunk(SimpleNamespace(n=7), d, "n") == 1
    assert d == {"s": "one two", "n": 7}
    with pytest.raises(NotImplementedError):
        OpenAIWrapper._update_dict_from_chunk(SimpleNamespace(c=[]), {}, "c")


def test_update_dict_ignores_missing_and_none() -> None:
    d: Dict[str, Any] = {}
    assert OpenAIClient._update_dict_from_chunk(SimpleNamespace(x=None), d, "x") == 0
    assert OpenAIClient._update_dict_from_chunk(SimpleNamespace(), d, "x") == 0
    assert d == {}


def test_function_call_assembled_from_chunks() -> None:
    chunks = [
        ChoiceDeltaFunctionCall(name="get_current_weather", arguments=""),
        ChoiceDeltaFunctionCall(arguments='{"'),
        ChoiceDeltaFunctionCall(arguments="location"),
        ChoiceDeltaFunctionCall(arguments='":"'),
        ChoiceDeltaFunctionCall(arguments="San"),
        ChoiceDeltaFunctionCall(arguments=" Francisco"),
        ChoiceDeltaFunctionCall(arguments='"}'),
    ]
    full, tokens = None, 0
    for chunk in chunks:
        full, tokens = OpenAIClient._update_function_call_from_chunk(chunk, full, tokens)
    assert full == {"name": "get_current_weather", "arguments": '{"location":"San Francisco"}'}
    assert tokens == 8  # the first chunk sets both fields
    message = ChatCompletionMessage(role="assistant", function_call=full, content=None)
    assert message.function_call.name == "get_current_weather"


def test_empty_function_call_delta_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        OpenAIClient._update_function_call_from_chunk(ChoiceDeltaFunctionCall(), None, 0)


def test_tool_calls_assembled_by_index() -> None:
    chunks = [
        ChoiceDeltaToolCall(
            index=0, id="call_a", type="function", function=ChoiceDeltaToolCallFunction(name="f", arguments="")
        ),
        ChoiceDeltaToolCall(index=0, function=ChoiceDeltaToolCallFunction(arguments='{"x": ')),
        ChoiceDeltaToolCall(
            index=1, id="call_b", type="function", function=ChoiceDeltaToolCallFunction(name="g", arguments="{}")
        ),
        ChoiceDeltaToolCall(index=0, function=ChoiceDeltaToolCallFunction(arguments="1}")),
    ]
    calls: List[Any] = [None, None]
    tokens = 0
    for chunk in chunks:
        calls[chunk.index], tokens = OpenAIClient._update_tool_calls_from_chunk(chunk, calls[chunk.index], tokens)
    assert calls[0]["function"] == {"name": "f", "arguments": '{"x": 1}'}
    assert calls[1]["id"] == "call_b"
    message = ChatCompletionMessage(role="assistant", tool_calls=calls, content=None)
    assert [c.function.name for c in message.tool_calls] == ["f", "g"]


def test_non_function_tool_call_type_is_rejected() -> None:
    with pytest.raises(NotImplementedError):
        OpenAIClient._update_tool_calls_from_chunk(SimpleNamespace(type="custom", index=0), None, 0)


def test_streamed_text_is_printed_in_green_and_returned(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("A fairly long streamed answer, in several chunks."))
    rec = Recorder()
    client = OpenAIWrapper(**llm_config)
    with IOStream.set_default(rec):
        response = client.create(messages=MESSAGES, stream=True)
    text = "A fairly long streamed answer, in several chunks."
    assert client.extract_text_or_completion_object(response) == [text]
    assert rec.parts[0] == "\033[32m" and rec.parts[-1] == "\033[0m\n\n"
    assert rec.parts[1] == ""  # the role delta's empty content is printed too, as in 0.2.40
    assert "".join(rec.parts[1:-1]) == text
    assert llm_server.requests[0].body["stream"] is True
    assert response.object == "chat.completion"
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.completion_tokens == len(rec.parts) - 2  # one per content delta, the empty one included
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens
    assert response.cost > 0


def test_streamed_usage_is_estimated_even_when_the_api_sends_it(llm_server, llm_config) -> None:
    # 0.2.40 ignores the usage chunk: prompt tokens are counted with tiktoken, completion tokens per delta
    from autogen.token_count_utils import count_token

    llm_server.script(Reply.text("hi", usage={"prompt_tokens": 11, "completion_tokens": 3}))
    client = OpenAIWrapper(**llm_config)
    with IOStream.set_default(Recorder()):
        response = client.create(messages=MESSAGES, stream=True, stream_options={"include_usage": True})
    prompt_tokens = count_token(MESSAGES, "gpt-4")
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (prompt_tokens, 2)
    assert response.usage.total_tokens == prompt_tokens + 2


def test_streamed_tool_calls(llm_server, llm_config) -> None:
    llm_server.script(
        Reply.tool_calls_([{"name": "f", "arguments": {"a": "long argument value"}}, {"name": "g", "arguments": {}}])
    )
    tools = [
        {"type": "function", "function": {"name": n, "parameters": {"type": "object", "properties": {}}}} for n in "fg"
    ]
    client = OpenAIWrapper(**llm_config)
    with IOStream.set_default(Recorder()):
        response = client.create(messages=MESSAGES, stream=True, tools=tools)
    assert response.choices[0].finish_reason == "tool_calls"
    (message,) = client.extract_text_or_completion_object(response)
    assert [c.function.name for c in message.tool_calls] == ["f", "g"]
    assert json.loads(message.tool_calls[0].function.arguments) == {"a": "long argument value"}
    assert [c["index"] for c in message.model_dump()["tool_calls"]] == [0, 1]  # kept, as in 0.2.40


def test_streamed_function_call(llm_server, llm_config) -> None:
    llm_server.script(Reply.function("lookup", {"q": "x"}))
    client = OpenAIWrapper(**llm_config)
    with IOStream.set_default(Recorder()):
        response = client.create(messages=MESSAGES, stream=True)
    (message,) = client.extract_text_or_completion_object(response)
    assert message.function_call.name == "lookup"
    assert json.loads(message.function_call.arguments) == {"q": "x"}


def test_streamed_several_choices(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("twice", n=2))
    client = OpenAIWrapper(**llm_config)
    with IOStream.set_default(Recorder()):
        response = client.create(messages=MESSAGES, stream=True, n=2)
    assert client.extract_text_or_completion_object(response) == ["twice", "twice"]


def test_streamed_unknown_model_counts_no_prompt_tokens_and_logs_why(llm_server, caplog) -> None:
    llm_server.script(Reply.text("fine"))
    client = OpenAIWrapper(config_list=llm_server.config_list(model="my-stream-model"), cache_seed=None)
    with IOStream.set_default(Recorder()), caplog.at_level(logging.WARNING, logger="autogen.oai.client"):
        response = client.create(messages=MESSAGES, stream=True)
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (0, 2)
    assert (
        "_num_token_from_messages() is not implemented for model my-stream-model. See "
        "https://github.com/openai/openai-python/blob/main/chatml.md for information on how messages are converted "
        "to tokens."
    ) in caplog.messages


def test_stream_merge_errors_use_02_texts() -> None:
    with pytest.raises(NotImplementedError) as info:
        OpenAIClient._update_dict_from_chunk(SimpleNamespace(c=[1]), {}, "c")
    assert str(info.value) == (
        "Field c is a list or dict, which is currently not supported. Only string and numbers are supported."
    )
    with pytest.raises(RuntimeError, match="^Function call is not found, this should not happen.$"):
        OpenAIClient._update_function_call_from_chunk(ChoiceDeltaFunctionCall(), None, 0)
    with pytest.raises(NotImplementedError) as info:
        OpenAIClient._update_tool_calls_from_chunk(SimpleNamespace(type="custom", index=0), None, 0)
    assert str(info.value) == "Tool call type custom is currently not supported. Only function calls are supported."
    with pytest.raises(RuntimeError, match="^Tool call is not found, this should not happen.$"):
        OpenAIClient._update_tool_calls_from_chunk(SimpleNamespace(type=None), None, 0)


def test_chunk_helpers_are_also_on_the_wrapper_with_0_2_keywords() -> None:
    from autogen.oai.client import OpenAIWrapper

    full, tokens = OpenAIWrapper._update_function_call_from_chunk(
        function_call_chunk=ChoiceDeltaFunctionCall(name="f", arguments="{}"),
        full_function_call=None,
        completion_tokens=0,
    )
    assert (full, tokens) == ({"name": "f", "arguments": "{}"}, 2)
    chunk = ChoiceDeltaToolCall(index=0, id="c", type="function", function=ChoiceDeltaToolCallFunction(name="g"))
    call, tokens = OpenAIWrapper._update_tool_calls_from_chunk(
        tool_calls_chunk=chunk, full_tool_call=None, completion_tokens=0
    )
    assert call == {"index": 0, "id": "c", "type": "function", "function": {"name": "g"}}
    assert tokens == 4
