"""Turning MCP results into the text of 0.2 tool messages.

0.2 tool messages carry a string, so every content block becomes text:

- text blocks: their text, as is;
- images and audio: a placeholder ``[image: image/png, 1234 bytes]`` (the data is not sent to the model);
- embedded resources: text resources as ``[resource: <uri>]`` followed by their text, binary ones as
  ``[resource: <uri>, <mime type>, <n> bytes]``;
- resource links: ``[resource link: <name> <uri>]``;
- anything else: its JSON.

Blocks are joined with newlines. A result with no content blocks but structured content gives that
structured content as JSON. Results are handled as wire-format dicts (camelCase keys), so the same
code serves every SDK version.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Dict, List

__all__ = ("render_result", "render_block", "wire", "decoded_size")


def wire(model: Any) -> Any:
    """A pydantic model of the SDK as the JSON the protocol sends (camelCase keys, no unset fields)."""
    if hasattr(model, "model_dump"):
        return model.model_dump(by_alias=True, mode="json", exclude_none=True)
    return model


def decoded_size(data: str) -> int:
    """Byte size of base64 `data` (0 when it is not valid base64)."""
    try:
        return len(base64.b64decode(data, validate=False))
    except (binascii.Error, ValueError):
        return 0


def _binary_placeholder(kind: str, block: Dict[str, Any]) -> str:
    mime = block.get("mimeType") or "application/octet-stream"
    return f"[{kind}: {mime}, {decoded_size(block.get('data', ''))} bytes]"


def _render_resource(resource: Dict[str, Any]) -> str:
    uri = resource.get("uri", "")
    if "text" in resource:
        return f"[resource: {uri}]\n{resource['text']}"
    mime = resource.get("mimeType") or "application/octet-stream"
    return f"[resource: {uri}, {mime}, {decoded_size(resource.get('blob', ''))} bytes]"


def render_block(block: Dict[str, Any]) -> str:
    """One content block as text (see the module docstring for the forms)."""
    kind = block.get("type")
    if kind == "text":
        return str(block.get("text", ""))
    if kind in ("image", "audio"):
        return _binary_placeholder(kind, block)
    if kind == "resource":
        return _render_resource(block.get("resource") or {})
    if kind == "resource_link":
        return f"[resource link: {block.get('name', '')} {block.get('uri', '')}]"
    return json.dumps(block)


def render_result(result: Dict[str, Any]) -> str:
    """The text of a `tools/call` result (a wire dict): its blocks joined, or its structured content."""
    blocks: List[Dict[str, Any]] = result.get("content") or []
    if not blocks and result.get("structuredContent") is not None:
        return json.dumps(result["structuredContent"])
    return "\n".join(render_block(block) for block in blocks)
