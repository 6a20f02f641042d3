"""Turn tool calls that small local models write as text into proper OpenAI `tool_calls`.

Small models often ignore their chat template's tool tags and write the call as JSON: inside
`<tool_call>` tags (the Qwen template), in a ```json fence, bare, or with doubled braces. Only calls
naming a tool the request offered are accepted, so ordinary code blocks are never mistaken for calls.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

__all__ = ("extract_tool_calls",)

_TAGGED = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_FENCED = re.compile(r"```(?:json|tool_call|tool)?\s*\n(.*?)\n?```", re.DOTALL)


def _candidates(text: str) -> Iterable[Tuple[str, Tuple[int, int]]]:
    """JSON-looking snippets with their spans: tagged first, then fenced, then the whole text."""
    found = False
    for pattern in (_TAGGED, _FENCED):
        for match in pattern.finditer(text):
            found = True
            yield match.group(1), match.span()
        if found:
            return
    stripped = text.strip()
    if stripped.startswith("{") or stripped.startswith("["):
        yield stripped, (0, len(text))


def _parse_json(snippet: str) -> Optional[Any]:
    snippet = snippet.strip()
    for attempt in (snippet, snippet.replace("{{", "{").replace("}}", "}")):
        try:
            return json.loads(attempt)
        except json.JSONDecodeError:
            continue
    return None


def _as_call(obj: Any, tool_names: Set[str]) -> Optional[Dict[str, str]]:
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("function"), dict):  # {"type": "function", "function": {...}}
        obj = obj["function"]
    name = obj.get("name")
    if name not in tool_names:
        return None
    args = obj.get("arguments", obj.get("parameters", {}))
    if isinstance(args, str):
        parsed = _parse_json(args)
        args = parsed if isinstance(parsed, dict) else args
    return {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)}


def extract_tool_calls(text: Optional[str], tool_names: Iterable[str]) -> Tuple[List[Dict[str, str]], Optional[str]]:
    """Return (calls, remaining text). `calls` holds {"name", "arguments"} dicts for offered tools only."""
    names = set(tool_names)
    if not text or not names:
        return [], text
    calls: List[Dict[str, str]] = []
    spans: List[Tuple[int, int]] = []
    for snippet, span in _candidates(text):
        parsed = _parse_json(snippet)
        items = parsed if isinstance(parsed, list) else [parsed]
        found = [call for call in (_as_call(item, names) for item in items) if call]
        if found:
            calls.extend(found)
            spans.append(span)
    if not calls:
        return [], text
    remaining = text
    for start, end in sorted(spans, reverse=True):
        remaining = remaining[:start] + remaining[end:]
    remaining = remaining.strip()
    return calls, remaining or None
