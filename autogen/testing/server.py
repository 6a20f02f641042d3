"""A loopback OpenAI-compatible chat-completions server for tests and key-less local development.

Start it, script its answers, point a config list at it, and read what it was asked::

    with LoopbackLLMServer() as server:
        server.script(Reply.text("Hi!"), Reply.tool_call("add", {"a": 1, "b": 2}))
        assistant = AssistantAgent("a", llm_config={"config_list": server.config_list()})
        ...
        assert server.requests[0].body["messages"][0]["role"] == "system"
"""

from __future__ import annotations

import collections
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Deque, Dict, List, Optional

from ._replies import Reply
from ._validate import tool_message_problem

__all__ = ("LoopbackLLMServer", "RecordedRequest", "Reply")

Responder = Callable[[Dict[str, Any]], Reply]


@dataclass
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    headers: Dict[str, str]
    body: Dict[str, Any]

    @property
    def messages(self) -> List[Dict[str, Any]]:
        return self.body.get("messages", [])


def _count_words(messages: List[Dict[str, Any]]) -> int:
    """A deterministic stand-in for prompt tokens: words in every text content, at least 1 per message."""
    total = 0
    for msg in messages:
        content = msg.get("content")
        if isinstance(content, list):
            content = " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
        total += max(1, len(str(content or "").split()))
    return total


class LoopbackLLMServer:
    """OpenAI-compatible `/v1/chat/completions` on 127.0.0.1, answering from a script.

    Answers come, in order, from the replies given to `script`; when the script is empty, from `responder`
    (a callable taking the request body) if set, else `default_reply`. Every request is kept in
    `requests`. With `validate_tool_messages` (on by default) a request whose tool messages would be
    rejected by the OpenAI API is answered with HTTP 400 and its reason appended to `violations`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        default_reply: Optional[Reply] = None,
        validate_tool_messages: bool = True,
        api_key: str = "sk-loopback-test-key",
    ) -> None:
        self.host = host
        self.requested_port = port
        self.default_reply = default_reply or Reply.text("Hello from the autogen loopback test server.")
        self.validate_tool_messages = validate_tool_messages
        self.api_key = api_key
        self.responder: Optional[Responder] = None
        self.requests: List[RecordedRequest] = []
        self.violations: List[str] = []
        self._script: Deque[Reply] = collections.deque()
        self._lock = threading.Lock()
        self._counter = 0
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> LoopbackLLMServer:
        handler = type("_BoundHandler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer((self.host, self.requested_port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="loopback-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackLLMServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses and configs
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the loopback server is not running; call start() first")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def config_list(self, model: str = "gpt-4", **extra: Any) -> List[Dict[str, Any]]:
        """A one-entry config list that points the real openai client at this server."""
        return [{"model": model, "api_key": self.api_key, "base_url": self.base_url, **extra}]

    # ------------------------------------------------------------------ scripting
    def script(self, *replies: Reply) -> None:
        """Queue replies; each request takes the next one."""
        with self._lock:
            self._script.extend(replies)

    def reset(self) -> None:
        """Forget the script, the responder, the request log and the violations."""
        with self._lock:
            self._script.clear()
            self.requests.clear()
            self.violations.clear()
            self.responder = None

    @property
    def pending(self) -> int:
        """How many scripted replies are still queued."""
        return len(self._script)

    @property
    def chat_requests(self) -> List[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # ------------------------------------------------------------------ request handling (server threads)
    def _next_reply(self, body: Dict[str, Any]) -> Reply:
        with self._lock:
            if self._script:
                return self._script.popleft()
        if self.responder is not None:
            return self.responder(body)
        return self.default_reply

    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self.requests.append(request)
            self._counter += 1
            return self._counter

    def _completion(self, number: int, body: Dict[str, Any], reply: Reply) -> Dict[str, Any]:
        """The chat.completion object for `reply`."""
        message: Dict[str, Any] = {"role": "assistant", "content": reply.content}
        finish = reply.finish_reason
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": call["id"] or f"call_{number}_{i}",
                    "type": "function",
                    "function": {"name": call["name"], "arguments": call["arguments"]},
                }
                for i, call in enumerate(reply.tool_calls)
            ]
            finish = finish or "tool_calls"
        if reply.function_call:
            message["function_call"] = reply.function_call
            finish = finish or "function_call"
        n = max(reply.n, int(body.get("n") or 1)) if reply.n == 1 else reply.n
        usage = reply.usage or {
            "prompt_tokens": _count_words(body.get("messages", [])),
            "completion_tokens": max(1, len((reply.content or "").split())) * n,
        }
        usage = {**usage, "total_tokens": usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0)}
        return {
            "id": f"chatcmpl-loopback-{number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "unknown"),
            "system_fingerprint": None,
            "choices": [
                {"index": i, "message": dict(message), "finish_reason": finish or "stop", "logprobs": None}
                for i in range(n)
            ],
            "usage": usage,
        }


def _stream_chunks(completion: Dict[str, Any], include_usage: bool) -> List[Dict[str, Any]]:
    """Split a completion into chat.completion.chunk objects as the OpenAI API streams them."""
    base = {k: completion[k] for k in ("id", "created", "model", "system_fingerprint")}
    base["object"] = "chat.completion.chunk"
    chunks: List[Dict[str, Any]] = []
    for choice in completion["choices"]:
        index, message = choice["index"], choice["message"]
        chunks.append(
            {
                **base,
                "choices": [{"index": index, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}],
            }
        )
        content = message.get("content") or ""
        pieces = [content[i : i + 8] for i in range(0, len(content), 8)]
        for piece in pieces:
            chunks.append({**base, "choices": [{"index": index, "delta": {"content": piece}, "finish_reason": None}]})
        for i, call in enumerate(message.get("tool_calls") or []):
            head = {
                "index": i,
                "id": call["id"],
                "type": "function",
                "function": {"name": call["function"]["name"], "arguments": ""},
            }
            chunks.append(
                {**base, "choices": [{"index": index, "delta": {"tool_calls": [head]}, "finish_reason": None}]}
            )
            args = call["function"]["arguments"]
            for j in range(0, len(args), 10):
                part = {"index": i, "function": {"arguments": args[j : j + 10]}}
                chunks.append(
                    {**base, "choices": [{"index": index, "delta": {"tool_calls": [part]}, "finish_reason": None}]}
                )
        if message.get("function_call"):
            chunks.append(
                {
                    **base,
                    "choices": [
                        {"index": index, "delta": {"function_call": message["function_call"]}, "finish_reason": None}
                    ],
                }
            )
        chunks.append({**base, "choices": [{"index": index, "delta": {}, "finish_reason": choice["finish_reason"]}]})
    if include_usage:
        chunks.append({**base, "choices": [], "usage": completion["usage"]})
    return chunks


class _Handler(BaseHTTPRequestHandler):
    server_state: LoopbackLLMServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # otherwise each keep-alive answer waits ~40 ms for a delayed ACK

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr access log
        pass

    def _send_json(self, status: int, payload: Any, headers: Optional[Dict[str, str]] = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, etype: str, headers: Optional[Dict[str, str]] = None) -> None:
        payload = {"error": {"message": message, "type": etype, "param": None, "code": etype}}
        self._send_json(status, payload, headers)

    def do_GET(self) -> None:  # noqa: N802
        state = self.server_state
        state._record(RecordedRequest("GET", self.path, dict(self.headers), {}))
        if self.path.rstrip("/").endswith("/models"):
            self._send_json(
                200, {"object": "list", "data": [{"id": "gpt-4", "object": "model", "owned_by": "loopback"}]}
            )
        else:
            self._error(404, f"no route for GET {self.path}", "not_found")

    def do_POST(self) -> None:  # noqa: N802
        state = self.server_state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_unparsed": raw.decode(errors="replace")}
        number = state._record(RecordedRequest("POST", self.path, dict(self.headers), body))
        if not self.path.split("?")[0].endswith("/chat/completions"):
            self._error(404, f"no route for POST {self.path}", "not_found")
            return
        if state.validate_tool_messages:
            problem = tool_message_problem(body.get("messages", []))
            if problem:
                with state._lock:
                    state.violations.append(problem)
                self._error(400, problem, "invalid_request_error")
                return
        reply = state._next_reply(body)
        if reply.hold is not None:
            reply.hold.wait(60)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.disconnect:
            self.close_connection = True
            self.connection.close()
            return
        if reply.status != 200:
            self._error(reply.status, reply.error_message, reply.error_type, reply.headers)
            return
        if reply.raw_body is not None:
            self.send_response(200)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.raw_body)))
            self.end_headers()
            self.wfile.write(reply.raw_body)
            return
        completion = state._completion(number, body, reply)
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._send_stream(_stream_chunks(completion, include_usage))
        else:
            self._send_json(200, completion)

    def _send_stream(self, chunks: List[Dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True
