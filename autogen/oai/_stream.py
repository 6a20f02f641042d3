"""Assemble a streamed chat completion: merge the deltas of content, function calls and tool calls."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

__all__ = ("update_dict_from_chunk", "update_function_call_from_chunk", "update_tool_calls_from_chunk", "StreamState")


def update_dict_from_chunk(chunk: Any, d: Dict[str, Any], field: str) -> int:
    """Merge `chunk.<field>` into `d[field]`: strings are appended, other scalars replace; returns tokens seen (0/1)."""
    value = getattr(chunk, field, None)
    if value is None:
        return 0
    if isinstance(value, (list, dict)):
        raise NotImplementedError(
            f"Field {field} is a list or dict, which is currently not supported. Only string and numbers are supported."
        )
    if isinstance(value, str):
        d[field] = d.get(field, "") + value
    else:
        d[field] = value
    return 1


def update_function_call_from_chunk(
    function_call_chunk: Any, full_function_call: Optional[Dict[str, Any]], completion_tokens: int
) -> Tuple[Dict[str, Any], int]:
    """Merge a function-call delta (`name`, `arguments`) into the call built so far."""
    full = {} if full_function_call is None else full_function_call
    for field in ("name", "arguments"):
        completion_tokens += update_dict_from_chunk(function_call_chunk, full, field)
    if not full:
        raise RuntimeError("Function call is not found, this should not happen.")
    return full, completion_tokens


def update_tool_calls_from_chunk(
    tool_calls_chunk: Any, full_tool_call: Optional[Dict[str, Any]], completion_tokens: int
) -> Tuple[Dict[str, Any], int]:
    """Merge one tool-call delta (`index`, `id`, `type`, `function`) into the tool call built so far."""
    call_type = getattr(tool_calls_chunk, "type", None)
    if call_type and call_type != "function":
        raise NotImplementedError(
            f"Tool call type {call_type} is currently not supported. Only function calls are supported."
        )
    full = {} if full_tool_call is None else full_tool_call
    for field in ("index", "id", "type"):
        completion_tokens += update_dict_from_chunk(tool_calls_chunk, full, field)
    function = getattr(tool_calls_chunk, "function", None)
    if function:
        full["function"], completion_tokens = update_function_call_from_chunk(
            function, full.get("function"), completion_tokens
        )
    if not full:
        raise RuntimeError("Tool call is not found, this should not happen.")
    return full, completion_tokens


class StreamState:
    """What has been received so far from one streamed chat completion with `n` choices.

    Usage is estimated as 0.2.40 does, whatever the API sends: one completion token per content delta (the
    empty role delta included) and one per function/tool-call field a delta sets. The function call and the
    tool calls are shared by all choices.
    """

    def __init__(self, n: int) -> None:
        self.contents: List[str] = [""] * n
        self.finish_reasons: List[Optional[str]] = [None] * n
        self.completion_tokens = 0
        self.function_call: Optional[Dict[str, Any]] = None
        self.tool_calls: Optional[List[Optional[Dict[str, Any]]]] = None
        self.last_chunk: Any = None

    def _grow(self, index: int) -> None:
        while index >= len(self.contents):
            self.contents.append("")
            self.finish_reasons.append(None)

    def add_tool_call_delta(self, delta: Any) -> None:
        if self.tool_calls is None:
            self.tool_calls = []
        index = delta.index
        if index >= len(self.tool_calls):
            self.tool_calls.extend([None] * (index + 1 - len(self.tool_calls)))
        self.tool_calls[index], self.completion_tokens = update_tool_calls_from_chunk(
            delta, self.tool_calls[index], self.completion_tokens
        )

    def add_choice(self, choice: Any) -> Optional[str]:
        """Merge one streamed choice; returns the content to print ("" included), None when there is none."""
        self._grow(choice.index)
        delta = choice.delta
        self.finish_reasons[choice.index] = choice.finish_reason
        content = delta.content
        function_call = getattr(delta, "function_call", None)
        if function_call:
            self.function_call, self.completion_tokens = update_function_call_from_chunk(
                function_call, self.function_call, self.completion_tokens
            )
            if not content:
                return None
        for tool_delta in getattr(delta, "tool_calls", None) or []:
            self.add_tool_call_delta(tool_delta)
        if content is None:
            return None
        self.contents[choice.index] += content
        self.completion_tokens += 1
        return content

    def add_chunk(self, chunk: Any) -> List[str]:
        """Merge one chunk; returns the content pieces to print (a chunk without choices, e.g. usage, adds none)."""
        self.last_chunk = chunk
        printed = []
        for choice in chunk.choices or []:
            text = self.add_choice(choice)
            if text is not None:
                printed.append(text)
        return printed
