"""Messages as agents store them: normalisation, name rules, and the one way history is written."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, Union

if TYPE_CHECKING:
    from .agent import Agent

__all__ = ("message_to_dict", "assert_valid_name", "normalize_name", "format_json_str", "append_oai_message")

# The keys a stored (OpenAI-style) message keeps, in this order; everything else is dropped.
OAI_MESSAGE_KEYS = ("content", "function_call", "tool_calls", "tool_responses", "tool_call_id", "name", "context")

_VALID_NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
_INVALID_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")
_MAX_NAME_LENGTH = 64


def message_to_dict(message: Any) -> Dict[str, Any]:
    """A str becomes `{"content": ...}`; a dict is returned as is (same object); anything else goes through dict()."""
    if isinstance(message, str):
        return {"content": message}
    if isinstance(message, dict):
        return message
    return dict(message)


def assert_valid_name(name: str) -> str:
    """Function names sent to the model must be short and use only letters, digits, '_' and '-'."""
    if _VALID_NAME.match(name) is None:
        reason = "Only letters, numbers, '_' and '-' are allowed."
    elif len(name) > _MAX_NAME_LENGTH:
        reason = f"Name must be less than {_MAX_NAME_LENGTH} characters."
    else:
        return name
    raise ValueError(f"Invalid name: {name}. {reason}")


def normalize_name(name: str) -> str:
    """Make a model-produced function name valid: odd characters become '_', at most 64 characters."""
    return _INVALID_NAME_CHARS.sub("_", name)[:_MAX_NAME_LENGTH]


def format_json_str(jstr: str) -> str:
    """Repair JSON the model wrote across lines: drop newlines between tokens, escape those inside strings."""
    out = []
    in_string = False
    previous = " "
    for ch in jstr:
        if ch == '"' and previous != "\\":
            in_string = not in_string
        previous = ch
        if ch == "\n":
            if in_string:
                out.append("\\n")
        elif ch == "\t" and in_string:
            out.append("\\t")
        else:
            out.append(ch)
    return "".join(out)


def to_oai_message(message: Union[Dict[str, Any], str], role: str, default_name: str) -> Union[Dict[str, Any], None]:
    """The stored form of `message`, or None when it is neither content nor a function/tool call."""
    message = message_to_dict(message)
    oai_message = {key: message[key] for key in OAI_MESSAGE_KEYS if message.get(key) is not None}
    if "content" not in oai_message:
        if oai_message.get("function_call") or oai_message.get("tool_calls"):
            oai_message["content"] = None
        else:
            return None
    if message.get("role") in ("function", "tool"):
        oai_message["role"] = message.get("role")
    elif "override_role" in message:
        oai_message["role"] = message.get("override_role")
    else:
        oai_message["role"] = role
    if oai_message.get("function_call") or oai_message.get("tool_calls"):
        oai_message["role"] = "assistant"  # only the assistant role may carry calls
    elif "name" not in oai_message:
        oai_message["name"] = default_name
    return oai_message


def append_oai_message(
    history: Dict[Agent, Any], message: Union[Dict[str, Any], str], role: str, conversation_id: Agent, name: str
) -> bool:
    """Append `message` to the conversation with `conversation_id`; False when it is not a valid message."""
    oai_message = to_oai_message(message, role, name)
    if oai_message is None:
        return False
    history[conversation_id].append(oai_message)
    return True
