"""Assembling streamed chunks as 0.2.40 does: what is printed, and the completion tokens it counts."""

from __future__ import annotations

from typing import Any, Dict, List

from openai.types.chat import ChatCompletionChunk

from autogen.oai._stream import StreamState


def _chunk(*choices: Dict[str, Any], usage: Any = None) -> ChatCompletionChunk:
    return ChatCompletionChunk.model_validate(
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "gpt-4",
            "choices": [{"finish_reason": None, **c} for c in choices],
            "usage": usage,
        }
    )


def _feed(state: StreamState, chunks: List[ChatCompletionChunk]) -> List[str]:
    printed: List[str] = []
    for chunk in chunks:
        printed.extend(state.add_chunk(chunk))
    return printed


def test_empty_role_delta_is_printed_and_counted() -> None:
    state = StreamState(1)
    printed = _feed(
        state,
        [
            _chunk({"index": 0, "delta": {"role": "assistant", "content": ""}}),
            _chunk({"index": 0, "delta": {"content": "Hello"}}),
            _chunk({"index": 0, "delta": {"content": " there"}}),
            _chunk({"index": 0, "delta": {}, "finish_reason": "stop"}),
        ],
    )
    assert printed == ["", "Hello", " there"]
    assert state.contents == ["Hello there"]
    assert state.completion_tokens == 3
    assert state.finish_reasons == ["stop"]


def test_usage_chunk_adds_nothing() -> None:
    state = StreamState(1)
    usage = {"prompt_tokens": 50, "completion_tokens": 40, "total_tokens": 90}
    assert _feed(state, [_chunk({"index": 0, "delta": {"content": "x"}}), _chunk(usage=usage)]) == ["x"]
    assert state.completion_tokens == 1


def test_tool_call_fields_count_one_token_each_and_keep_index() -> None:
    state = StreamState(1)
    head = {"index": 0, "id": "call_a", "type": "function", "function": {"name": "f", "arguments": ""}}
    printed = _feed(
        state,
        [
            _chunk({"index": 0, "delta": {"role": "assistant", "content": ""}}),
            _chunk({"index": 0, "delta": {"tool_calls": [head]}}),  # index, id, type, name, arguments: 5
            _chunk({"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": '{"a": 1}'}}]}}),
            _chunk({"index": 0, "delta": {}, "finish_reason": "tool_calls"}),
        ],
    )
    assert printed == [""]
    assert state.completion_tokens == 1 + 5 + 2
    assert state.tool_calls == [
        {"index": 0, "id": "call_a", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
    ]


def test_function_call_delta_without_content_prints_nothing() -> None:
    state = StreamState(1)
    printed = _feed(
        state,
        [
            _chunk({"index": 0, "delta": {"role": "assistant", "content": ""}}),
            _chunk({"index": 0, "delta": {"function_call": {"name": "g", "arguments": "{}"}, "content": ""}}),
            _chunk({"index": 0, "delta": {}, "finish_reason": "function_call"}),
        ],
    )
    assert printed == [""]
    assert state.completion_tokens == 1 + 2
    assert state.function_call == {"name": "g", "arguments": "{}"}


def test_each_choice_counts_its_own_role_delta() -> None:
    state = StreamState(2)
    chunks = []
    for index in (0, 1):
        chunks.append(_chunk({"index": index, "delta": {"role": "assistant", "content": ""}}))
        chunks.append(_chunk({"index": index, "delta": {"content": "same"}}))
        chunks.append(_chunk({"index": index, "delta": {}, "finish_reason": "stop"}))
    assert _feed(state, chunks) == ["", "same", "", "same"]
    assert state.contents == ["same", "same"]
    assert state.completion_tokens == 4
