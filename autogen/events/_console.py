"""The console subscriber: how each output event looks on the console (the 0.2 text, byte for byte)."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

from ..formatting_utils import colored
from ..io.base import IOStream

__all__ = ("render_fields", "render")


def _message_received(iostream: IOStream, fields: Dict[str, Any]) -> None:
    from ..agentchat._printing import render_received_message

    render_received_message(
        iostream, fields["sender"], fields["recipient"], fields["message"], fields.get("allow_format", False)
    )


def _notice(iostream: IOStream, fields: Dict[str, Any]) -> None:
    iostream.print(colored(f"\n>>>>>>>> {fields['text']}", fields["color"]), flush=True)


def _next_speaker(iostream: IOStream, fields: Dict[str, Any]) -> None:
    iostream.print(colored(f"\nNext speaker: {fields['name']}\n", "green"), flush=True)


def _function_output(iostream: IOStream, fields: Dict[str, Any]) -> None:
    text = f"\nInput arguments: {fields.get('arguments')}\nOutput:\n{fields.get('content')}"
    iostream.print(colored(text, "magenta"), flush=True)


def _text(iostream: IOStream, fields: Dict[str, Any]) -> None:
    iostream.print(*fields.get("objects", ()), sep=fields.get("sep", " "), end=fields.get("end", "\n"), flush=True)


_RENDERERS: Dict[str, Callable[[IOStream, Dict[str, Any]], None]] = {
    "message_received": _message_received,
    "notice": _notice,
    "next_speaker": _next_speaker,
    "function_output": _function_output,
    "text": _text,
}


def render_fields(kind: str, fields: Dict[str, Any], iostream: Optional[IOStream] = None) -> None:
    """Print the output event `kind` with these fields to `iostream` (default: the current IOStream)."""
    renderer = _RENDERERS.get(kind)
    if renderer is not None:
        renderer(iostream if iostream is not None else IOStream.get_default(), fields)


def render(event: Any, iostream: Optional[IOStream] = None) -> None:
    """Print `event` as the console would have during the chat (events with no console form print nothing)."""
    kind = getattr(event, "type", None)
    if kind in _RENDERERS:
        render_fields(kind, dict(event), iostream)
