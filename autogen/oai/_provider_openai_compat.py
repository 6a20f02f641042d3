"""Calling SDKs whose chat API mirrors OpenAI's (Groq, Cerebras, Together) and reading their answers.

Each of those SDKs returns objects with `choices[0].message` (or `.delta` when streaming) and `usage`; this
module turns either form into the text, tool calls and token counts the provider clients need.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..io.base import IOStream

__all__ = ["CompatAnswer", "call_chat_completions"]


class CompatAnswer:
    """Text, tool calls, finish reason, id and token counts of one OpenAI-like answer."""

    def __init__(self) -> None:
        self.id: Optional[str] = None
        self.text: str = ""
        self.tool_calls: List[Dict[str, Any]] = []
        self.finish_reason: Optional[str] = None
        self.prompt_tokens: int = 0
        self.completion_tokens: int = 0


def _usage_from(obj: Any) -> Optional[Any]:
    """The usage block of a response or chunk (Groq streams it under `x_groq.usage`)."""
    usage = getattr(obj, "usage", None)
    if usage is None:
        extra = getattr(obj, "x_groq", None)
        usage = getattr(extra, "usage", None) if extra is not None else None
    return usage


def _tool_call_dict(call: Any) -> Dict[str, Any]:
    function = call.function
    return {"id": call.id, "type": "function", "function": {"name": function.name, "arguments": function.arguments}}


def _read_whole(response: Any) -> CompatAnswer:
    answer = CompatAnswer()
    answer.id = getattr(response, "id", None)
    choice = response.choices[0]
    answer.text = choice.message.content or ""
    answer.finish_reason = choice.finish_reason
    answer.tool_calls = [_tool_call_dict(c) for c in (choice.message.tool_calls or [])]
    usage = _usage_from(response)
    if usage is not None:
        answer.prompt_tokens = usage.prompt_tokens or 0
        answer.completion_tokens = usage.completion_tokens or 0
    return answer


def _merge_tool_call_delta(calls: List[Dict[str, Any]], delta: Any) -> None:
    index = getattr(delta, "index", None)
    index = len(calls) if index is None else index
    while len(calls) <= index:
        calls.append({"id": None, "type": "function", "function": {"name": "", "arguments": ""}})
    target = calls[index]
    if getattr(delta, "id", None):
        target["id"] = delta.id
    function = getattr(delta, "function", None)
    if function is not None:
        if getattr(function, "name", None):
            target["function"]["name"] += function.name
        if getattr(function, "arguments", None):
            target["function"]["arguments"] += function.arguments


def _read_stream(chunks: Any) -> CompatAnswer:
    answer = CompatAnswer()
    iostream = IOStream.get_default()
    for chunk in chunks:
        answer.id = answer.id or getattr(chunk, "id", None)
        usage = _usage_from(chunk)
        if usage is not None:
            answer.prompt_tokens = usage.prompt_tokens or answer.prompt_tokens
            answer.completion_tokens = usage.completion_tokens or answer.completion_tokens
        if not getattr(chunk, "choices", None):
            continue
        choice = chunk.choices[0]
        delta = choice.delta
        if getattr(delta, "content", None):
            answer.text += delta.content
            iostream.print(delta.content, end="", flush=True)
        for call in getattr(delta, "tool_calls", None) or []:
            _merge_tool_call_delta(answer.tool_calls, call)
        if choice.finish_reason:
            answer.finish_reason = choice.finish_reason
    iostream.print("", flush=True)
    return answer


def call_chat_completions(sdk_client: Any, request: Dict[str, Any]) -> Tuple[CompatAnswer, bool]:
    """Send `request` through `sdk_client.chat.completions.create`; returns the answer and whether it streamed."""
    streaming = bool(request.get("stream"))
    response = sdk_client.chat.completions.create(**request)
    return (_read_stream(response) if streaming else _read_whole(response)), streaming
