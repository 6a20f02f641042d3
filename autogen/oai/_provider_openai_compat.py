"""Calling SDKs whose chat API mirrors OpenAI's (Groq, Cerebras, Together) and reading their answers.

Each of those SDKs returns objects with `choices[0].message` (or `.delta` when streaming) and `usage`; this
module turns either form into the text, tool calls and token counts the provider clients need.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

__all__ = ["CompatAnswer", "call_chat_completions"]


class CompatAnswer:
    """Text, tool calls, finish reason, id and token counts of one OpenAI-like answer."""

    def __init__(self) -> None:
        self.id: Optional[str] = None
        self.text: Optional[str] = ""
        self.tool_calls: List[Dict[str, Any]] = []
        self.finish_reason: Optional[str] = None
        self.prompt_tokens: int = 0
        self.completion_tokens: int = 0


def _field(obj: Any, name: str) -> Any:
    """An attribute of an SDK object, or a key when the SDK left that part as a plain dict."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


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
    answer.text = choice.message.content  # None stays None (a tool-call reply), as 0.2 passes it on
    answer.finish_reason = choice.finish_reason
    answer.tool_calls = [_tool_call_dict(c) for c in (choice.message.tool_calls or [])]
    usage = _usage_from(response)
    if usage is not None:
        answer.prompt_tokens = usage.prompt_tokens or 0
        answer.completion_tokens = usage.completion_tokens or 0
    return answer


def _merge_tool_call_delta(calls: List[Dict[str, Any]], delta: Any) -> None:
    index = _field(delta, "index")
    index = len(calls) if index is None else index
    while len(calls) <= index:
        calls.append({"id": None, "type": "function", "function": {"name": "", "arguments": ""}})
    target = calls[index]
    if _field(delta, "id"):
        target["id"] = _field(delta, "id")
    function = _field(delta, "function")
    if function is not None:
        if _field(function, "name"):
            target["function"]["name"] += _field(function, "name")
        if _field(function, "arguments"):
            target["function"]["arguments"] += _field(function, "arguments")


def _read_stream(chunks: Any) -> CompatAnswer:
    answer = CompatAnswer()
    for chunk in chunks:  # nothing is printed while streaming: 0.2's provider clients stream silently
        answer.id = answer.id or getattr(chunk, "id", None)
        usage = _usage_from(chunk)
        if usage is not None:
            answer.prompt_tokens = usage.prompt_tokens or answer.prompt_tokens
            answer.completion_tokens = usage.completion_tokens or answer.completion_tokens
        if not getattr(chunk, "choices", None):
            continue
        choice = chunk.choices[0]
        delta = _field(choice, "delta") or {}
        text = _field(delta, "content")
        if text:
            answer.text += text
        for call in _field(delta, "tool_calls") or []:
            _merge_tool_call_delta(answer.tool_calls, call)
        if choice.finish_reason:
            answer.finish_reason = choice.finish_reason
    return answer


def call_chat_completions(sdk_client: Any, request: Dict[str, Any]) -> Tuple[CompatAnswer, bool]:
    """Send `request` through `sdk_client.chat.completions.create`; returns the answer and whether it streamed."""
    streaming = bool(request.get("stream"))
    response = sdk_client.chat.completions.create(**request)
    return (_read_stream(response) if streaming else _read_whole(response)), streaming
