"""Loopback fakes of model providers' HTTP APIs, for driving their real SDKs in tests.

Independent of autogen: each fake is a `ThreadingHTTPServer` on 127.0.0.1 that records every request and
answers from a script of `FakeReply`s in the provider's own wire format (JSON, server-sent events or
newline-delimited JSON). A `Dialect` knows one provider's routes, reply shapes and error bodies.
"""

from __future__ import annotations

import collections
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Deque, Dict, List, Optional, Tuple


@dataclass
class FakeReply:
    """One scripted answer: text and/or tool calls `(name, arguments)`, token counts, or an HTTP error."""

    text: str = ""
    tool_calls: List[Tuple[str, Dict[str, Any]]] = field(default_factory=list)
    input_tokens: int = 11
    output_tokens: int = 7
    status: int = 200
    error: str = ""

    @classmethod
    def failure(cls, status: int, error: str) -> FakeReply:
        return cls(status=status, error=error)


@dataclass
class Recorded:
    method: str
    path: str
    headers: Dict[str, str]
    body: Dict[str, Any]


@dataclass
class Answer:
    """What the handler writes: a status, a content type and either one body or a list of stream pieces."""

    status: int
    content_type: str
    body: bytes = b""
    pieces: Optional[List[bytes]] = None
    headers: Dict[str, str] = field(default_factory=dict)


class Dialect:
    """One provider's wire format; subclasses override `route`, `reply` and `error`."""

    def route(self, method: str, path: str) -> bool:
        raise NotImplementedError

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        raise NotImplementedError

    def consumes_reply(self, path: str) -> bool:
        """Whether a request to `path` takes the next scripted reply (auxiliary calls such as token counts do not)."""
        return True

    def error(self, reply: FakeReply) -> Answer:
        return json_answer(reply.status, {"error": {"message": reply.error, "type": "invalid_request_error"}})


def json_answer(status: int, payload: Any, headers: Optional[Dict[str, str]] = None) -> Answer:
    return Answer(status, "application/json", json.dumps(payload).encode(), headers=headers or {})


def sse_answer(events: List[Any], done: bool = True) -> Answer:
    pieces = [f"data: {json.dumps(e)}\n\n".encode() for e in events]
    if done:
        pieces.append(b"data: [DONE]\n\n")
    return Answer(200, "text/event-stream", pieces=pieces)


def ndjson_answer(events: List[Any]) -> Answer:
    return Answer(200, "application/x-ndjson", pieces=[(json.dumps(e) + "\n").encode() for e in events])


class FakeProviderServer:
    """A running fake: `script(...)` replies, read `requests`, point the SDK at `base_url`."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.requests: List[Recorded] = []
        self._script: Deque[FakeReply] = collections.deque()
        self._lock = threading.Lock()
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> FakeProviderServer:
        handler = type("_Bound", (_Handler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeProviderServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "fake server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def script(self, *replies: FakeReply) -> None:
        with self._lock:
            self._script.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()

    @property
    def bodies(self) -> List[Dict[str, Any]]:
        return [r.body for r in self.requests]

    def _take(self, request: Recorded, consume: bool = True) -> Tuple[FakeReply, int]:
        with self._lock:
            self.requests.append(request)
            if not consume:
                return FakeReply(), len(self.requests)
            reply = self._script.popleft() if self._script else FakeReply(text="(no scripted reply)")
            return reply, len(self.requests)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeProviderServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _write(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        if answer.pieces is None:
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            return
        self.send_header("Connection", "close")
        self.end_headers()
        for piece in answer.pieces:
            self.wfile.write(piece)
            self.wfile.flush()
        self.close_connection = True

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw.decode(errors="replace")}
        path = self.path.split("?")[0]
        if not self.fake.dialect.route(method, path):
            self._write(json_answer(404, {"error": f"no route for {method} {path}"}))
            return
        recorded = Recorded(method, path, {k.lower(): v for k, v in self.headers.items()}, body)
        reply, number = self.fake._take(recorded, self.fake.dialect.consumes_reply(path))
        if reply.status != 200:
            self._write(self.fake.dialect.error(reply))
        else:
            self._write(self.fake.dialect.reply(reply, body, number, path))

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")
