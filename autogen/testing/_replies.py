"""What the loopback server answers: one `Reply` per request, built with the classmethods."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Union


@dataclass
class Reply:
    """One scripted answer of the test server.

    A plain reply carries `content`; a tool-call reply carries `tool_calls` (dicts with `name`, `arguments`
    and optionally `id`); an error reply has a non-200 `status`. `delay` waits before answering (use it to
    provoke client timeouts); `raw_body` answers with exactly these bytes, sent as `content_type` (malformed
    bodies); `disconnect` closes the connection without an answer; `hold` (a threading.Event) keeps the answer
    back until the test sets it (at most 60 s), to check what happens while a request is in flight.
    """

    content: Optional[str] = None
    tool_calls: List[Dict[str, Any]] = field(default_factory=list)
    function_call: Optional[Dict[str, Any]] = None
    finish_reason: Optional[str] = None
    usage: Optional[Dict[str, int]] = None
    status: int = 200
    error_message: str = ""
    error_type: str = "server_error"
    headers: Dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw_body: Optional[bytes] = None
    content_type: str = "application/json"
    disconnect: bool = False
    n: int = 1
    hold: Optional[threading.Event] = None

    @classmethod
    def text(cls, content: str, *, usage: Optional[Dict[str, int]] = None, n: int = 1, **kw: Any) -> Reply:
        """An assistant message with `content` (repeated in `n` choices)."""
        return cls(content=content, usage=usage, n=n, **kw)

    @classmethod
    def tool_call(
        cls, name: str, arguments: Union[str, Dict[str, Any]] = "{}", *, id: Optional[str] = None, **kw: Any
    ) -> Reply:
        """A single tool call; `arguments` may be a dict (JSON-encoded for you) or a raw string."""
        return cls.tool_calls_([{"name": name, "arguments": arguments, "id": id}], **kw)

    @classmethod
    def tool_calls_(cls, calls: List[Dict[str, Any]], *, content: Optional[str] = None, **kw: Any) -> Reply:
        """Several (parallel) tool calls in one assistant message."""
        norm = []
        for call in calls:
            args = call.get("arguments", "{}")
            norm.append(
                {
                    "id": call.get("id"),  # None: the server numbers it
                    "name": call["name"],
                    "arguments": args if isinstance(args, str) else json.dumps(args),
                }
            )
        return cls(content=content, tool_calls=norm, **kw)

    @classmethod
    def function(cls, name: str, arguments: Union[str, Dict[str, Any]] = "{}", **kw: Any) -> Reply:
        """A legacy `function_call` reply."""
        args = arguments if isinstance(arguments, str) else json.dumps(arguments)
        return cls(function_call={"name": name, "arguments": args}, **kw)

    @classmethod
    def error(cls, status: int = 500, message: str = "The test server was told to fail.", **kw: Any) -> Reply:
        """An OpenAI-style error body with HTTP `status`."""
        return cls(status=status, error_message=message, **kw)

    @classmethod
    def rate_limit(cls, message: str = "Rate limit reached (test server).", retry_after: float = 0) -> Reply:
        """HTTP 429 with a `retry-after` header."""
        return cls(
            status=429,
            error_message=message,
            error_type="rate_limit_exceeded",
            headers={"retry-after": str(retry_after)},
        )

    @classmethod
    def malformed(cls, body: bytes = b"{this is not json", content_type: str = "application/json") -> Reply:
        """HTTP 200 whose body is not a chat completion (e.g. a proxy's HTML page with `content_type="text/html"`)."""
        return cls(raw_body=body, content_type=content_type)

    @classmethod
    def hang(cls, seconds: float) -> Reply:
        """Answer only after `seconds` (a client with a shorter timeout gives up first)."""
        return cls(content="(late answer)", delay=seconds)

    @classmethod
    def drop(cls) -> Reply:
        """Close the connection without answering."""
        return cls(disconnect=True)
