"""Turning an OpenAI-style conversation into strictly alternating user/assistant turns.

Anthropic's Messages API and Amazon Bedrock's Converse API both require: the first turn from the user,
user and assistant alternating, every tool use answered by tool results in the very next user turn, and
the last turn from the user. `alternate_turns` enforces that with "Please continue." fillers, grouping
consecutive tool results into one user turn. The block shapes differ per API; a `TurnFormat` supplies them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Set

__all__ = ["CONTINUE_TEXT", "TurnFormat", "alternate_turns", "convert_content", "tool_call_input"]

CONTINUE_TEXT = "Please continue."


@dataclass
class TurnFormat:
    """How one API spells text, tool uses, tool results and images."""

    text: Callable[[str], Any]  # plain text content of a turn
    tool_use: Callable[[str, str, Dict[str, Any]], Dict[str, Any]]  # (id, name, input) -> block
    tool_result: Callable[[str, str], Dict[str, Any]]  # (id, text) -> block
    text_block: Callable[[str], Dict[str, Any]]  # a text block inside a list of blocks
    image_block: Callable[[str], Optional[Dict[str, Any]]]  # image URL -> block (None: drop)


def tool_call_input(arguments: Any) -> Dict[str, Any]:
    """A tool call's JSON arguments as a dict (invalid or empty JSON -> {})."""
    if isinstance(arguments, dict):
        return arguments
    try:
        value = json.loads(arguments or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _content_text(content: Any) -> str:
    """The text of an OpenAI message content (string or list of parts)."""
    if content is None:
        return ""
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
    return str(content)


def convert_content(content: Any, fmt: TurnFormat) -> Any:
    """Text stays text; multimodal part lists become the API's text and image blocks."""
    if not isinstance(content, list):
        text = _content_text(content)
        return fmt.text(text if text.strip() else CONTINUE_TEXT)
    blocks: List[Dict[str, Any]] = []
    for part in content:
        if not isinstance(part, dict):
            continue
        if part.get("type") == "text" and str(part.get("text", "")).strip():
            blocks.append(fmt.text_block(str(part["text"])))
        elif part.get("type") == "image_url":
            url = part["image_url"]["url"] if isinstance(part.get("image_url"), dict) else part.get("image_url")
            block = fmt.image_block(str(url))
            if block is not None:
                blocks.append(block)
    return blocks or fmt.text(CONTINUE_TEXT)


def _tool_call_text(call: Dict[str, Any]) -> str:
    function = call.get("function", {})
    return f"[Calling function {function.get('name')} with arguments {function.get('arguments') or '{}'}]"


def _dangling_call_ids(messages: List[Dict[str, Any]]) -> Set[str]:
    """Ids of tool calls that cannot be sent as tool blocks: calls of an assistant message some of whose calls
    never got a result, and results whose call is not in the history."""
    answered = {m.get("tool_call_id") for m in messages if m.get("tool_call_id")}
    called = {c.get("id") for m in messages for c in m.get("tool_calls") or []}
    dangling: Set[str] = {i for i in answered if i not in called}  # results whose call is not in the history
    for message in messages:
        ids = [c.get("id") for c in message.get("tool_calls") or []]
        if any(i not in answered for i in ids):
            dangling.update(i for i in ids if i)
    return dangling


def _to_turn(message: Dict[str, Any], has_tools: bool, dangling: Set[str], fmt: TurnFormat) -> Optional[Dict[str, Any]]:
    """One OpenAI message as a {role, content, kind} turn; kind marks tool results for grouping."""
    role = message.get("role")
    content = message.get("content")
    if message.get("tool_calls"):
        calls = message["tool_calls"]
        if not has_tools or any(c.get("id") in dangling for c in calls):
            if any(c.get("id") in dangling for c in calls):
                return {"role": "assistant", "content": fmt.text(CONTINUE_TEXT), "kind": "text"}
            text = "\n".join(filter(None, [_content_text(content)] + [_tool_call_text(c) for c in calls]))
            return {"role": "assistant", "content": fmt.text(text), "kind": "text"}
        blocks = [fmt.text_block(_content_text(content))] if _content_text(content).strip() else []
        for call in calls:
            function = call.get("function", {})
            blocks.append(
                fmt.tool_use(call["id"], function.get("name", ""), tool_call_input(function.get("arguments")))
            )
        return {"role": "assistant", "content": blocks, "kind": "tool_use"}
    if role == "tool" or message.get("tool_call_id"):
        text = _content_text(content)
        if has_tools and message.get("tool_call_id") not in dangling:
            return {"role": "user", "content": [fmt.tool_result(message["tool_call_id"], text)], "kind": "tool_result"}
        return {"role": "user", "content": fmt.text(f"[Function result] {text}"), "kind": "text"}
    if role == "function":
        return {
            "role": "user",
            "content": fmt.text(f"[Function {message.get('name')} result] {_content_text(content)}"),
            "kind": "text",
        }
    turn_role = "assistant" if role == "assistant" else "user"
    return {"role": turn_role, "content": convert_content(content, fmt), "kind": "text"}


def alternate_turns(messages: List[Dict[str, Any]], has_tools: bool, fmt: TurnFormat) -> List[Dict[str, Any]]:
    """Alternating {role, content} turns that start and end with the user (system messages must be removed first)."""
    dangling = _dangling_call_ids(messages)
    turns: List[Dict[str, Any]] = []
    for message in messages:
        turn = _to_turn(message, has_tools, dangling, fmt)
        if turn is None:
            continue
        if not turns and turn["role"] == "assistant":
            turns.append({"role": "user", "content": fmt.text(CONTINUE_TEXT), "kind": "text"})
        if turns and turns[-1]["role"] == turn["role"]:
            if turn["kind"] == "tool_result" and turns[-1]["kind"] == "tool_result":
                turns[-1]["content"] = list(turns[-1]["content"]) + list(turn["content"])
                continue
            other = "assistant" if turn["role"] == "user" else "user"
            turns.append({"role": other, "content": fmt.text(CONTINUE_TEXT), "kind": "text"})
        turns.append(turn)
    if not turns or turns[-1]["role"] != "user":
        turns.append({"role": "user", "content": fmt.text(CONTINUE_TEXT), "kind": "text"})
    return [{"role": t["role"], "content": t["content"]} for t in turns]
