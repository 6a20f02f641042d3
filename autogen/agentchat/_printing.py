"""How a received message looks on the console (through the current IOStream)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, Optional

from ..code_utils import content_str
from ..events._bus import show
from ..formatting_utils import colored
from ..io.base import IOStream
from ._messages import message_to_dict

if TYPE_CHECKING:
    from .agent import Agent

__all__ = ("print_received_message", "render_received_message", "print_notice", "RULE")

RULE = "-" * 80

# Terminal control sequences a model (or a tool's output) could smuggle into a message: CSI and OSC
# sequences in their 7-bit (ESC-introduced) and 8-bit forms, other two-byte escapes, and every remaining
# C0/C1 control character, DEL included. Newline and tab are kept; our own colours are added afterwards.
_CONTROL = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, screen clearing
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window titles, hyperlinks
    r"|\x1b[ -/]*[0-~]?"  # any other escape (intermediate bytes, then a final byte)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def strip_control(text: Any) -> Any:
    """`text` without terminal control sequences (values that are not str are returned as they are)."""
    return _CONTROL.sub("", text) if isinstance(text, str) else text


def print_notice(text: str, color: str) -> None:
    """A `>>>>>>>>` status line, e.g. `USING AUTO REPLY...` (a notice event; the console prints it)."""
    show("notice", text=text, color=color)


def _print_call(iostream: IOStream, title: str, call: Dict[str, Any]) -> None:
    iostream.print(colored(title, "green"), flush=True)
    arguments = strip_control(call.get("arguments", "(No arguments found)"))
    iostream.print("Arguments: \n", arguments, flush=True, sep="")
    iostream.print(colored("*" * len(title), "green"), flush=True)


def _print_content(iostream: IOStream, message: Dict[str, Any], allow_format: bool) -> None:
    content = message.get("content")
    if content is None:
        return
    if "context" in message:
        from ..oai.client import OpenAIWrapper

        content = OpenAIWrapper.instantiate(content, message["context"], allow_format)
    iostream.print(strip_control(content_str(content)), flush=True)


def print_received_message(receiver: Agent, message: Any, sender: Agent, llm_config: Optional[Any]) -> None:
    """Emit the received message as an output event; the console renders it (see `render_received_message`)."""
    allow_format = bool(llm_config and llm_config.get("allow_format_str_template", False))
    show(
        "message_received",
        sender=sender.name,
        recipient=receiver.name,
        message=message_to_dict(message),
        allow_format=allow_format,
    )


def render_received_message(
    iostream: IOStream, sender: str, receiver: str, message: Dict[str, Any], allow_format: bool
) -> None:
    """Header `sender (to receiver):`, the message by kind, then a rule of 80 dashes."""
    iostream.print(colored(sender, "yellow"), "(to", f"{receiver}):\n", flush=True)
    if message.get("tool_responses"):
        for response in message["tool_responses"]:
            render_received_message(iostream, sender, receiver, message_to_dict(response), allow_format)
        if message.get("role") == "tool":
            return  # the bundle's content only repeats the responses just printed
    role = message.get("role")
    if role in ("function", "tool"):
        call_id = strip_control(message.get("name" if role == "function" else "tool_call_id", "No id found"))
        title = f"***** Response from calling {role} ({call_id}) *****"
        iostream.print(colored(title, "green"), flush=True)
        iostream.print(strip_control(message["content"]), flush=True)
        iostream.print(colored("*" * len(title), "green"), flush=True)
    else:
        _print_content(iostream, message, allow_format)
        if message.get("function_call"):
            call = dict(message["function_call"])
            name = strip_control(call.get("name", "(No function name found)"))
            _print_call(iostream, f"***** Suggested function call: {name} *****", call)
        for tool_call in message.get("tool_calls") or []:
            call_id = strip_control(tool_call.get("id", "No tool call id found"))
            call = dict(tool_call.get("function", {}))
            name = strip_control(call.get("name", "(No function name found)"))
            _print_call(iostream, f"***** Suggested tool call ({call_id}): {name} *****", call)
    iostream.print("\n", RULE, flush=True, sep="")
