"""A loopback fake of the OpenAI Assistants API (v2), plus images and chat completions.

Enough for GPTAssistantAgent and DalleImageGenerator tests with the real `openai` SDK.

Runs are answered from a script of steps: `Step.say(...)` completes the run with an assistant message;
`Step.tool_calls(...)` puts the run in `requires_action` until the tool outputs are submitted, after which
the next step is taken. Every request is recorded in `requests` as (method, path, body).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlparse


@dataclass
class Step:
    """One answer of the fake assistant."""

    text: Optional[str] = None
    annotations: List[Dict[str, Any]] = field(default_factory=list)
    calls: List[Tuple[str, Dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def say(cls, text: str, annotations: Optional[List[Dict[str, Any]]] = None) -> Step:
        return cls(text=text, annotations=annotations or [])

    @classmethod
    def tool_calls(cls, *calls: Tuple[str, Dict[str, Any]]) -> Step:
        return cls(calls=list(calls))


class FakeAssistantsAPI:
    """In-memory assistants, threads, messages, runs, files and vector stores behind a loopback HTTP server."""

    def __init__(self) -> None:
        self.assistants: Dict[str, Dict[str, Any]] = {}
        self.threads: Dict[str, Dict[str, Any]] = {}
        self.messages: Dict[str, List[Dict[str, Any]]] = {}
        self.runs: Dict[str, Dict[str, Any]] = {}
        self.files: Dict[str, Dict[str, Any]] = {}
        self.vector_stores: Dict[str, Dict[str, Any]] = {}
        self.script: List[Step] = []
        self.tool_outputs: List[Dict[str, Any]] = []
        self.requests: List[Tuple[str, str, Dict[str, Any]]] = []
        self.chat_reply = "A chat completion from the fake assistants API."  # for summaries etc.
        self.image_url: Optional[str] = None  # what POST /images/generations answers (None: b64_json only)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def config(self, model: str = "gpt-4-test") -> Dict[str, Any]:
        return {"model": model, "api_key": "sk-fake-assistants-key", "base_url": self.base_url}

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids)}"

    def add_file(self, filename: str) -> str:
        file_id = self.new_id("file")
        self.files[file_id] = {
            "id": file_id,
            "object": "file",
            "bytes": 10,
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": "assistants",
            "status": "processed",
        }
        return file_id

    # --------------------------------------------------------------------------------------------- route handlers
    def handle(self, method: str, path: str, query: Dict[str, List[str]], body: Dict[str, Any]) -> Tuple[int, Any]:
        with self._lock:
            self.requests.append((method, path, body))
            parts = [p for p in path.split("/") if p][1:]  # drop "v1"
            for route in (self._assistants, self._threads, self._files, self._vector_stores, self._chat, self._images):
                result = route(method, parts, query, body)
                if result is not None:
                    return result
            return 404, _error(f"no route for {method} {path}")

    def _assistants(self, method: str, parts: List[str], query: Any, body: Dict[str, Any]) -> Optional[Tuple[int, Any]]:
        if parts[:1] != ["assistants"]:
            return None
        if len(parts) == 1:
            if method == "POST":
                assistant = {
                    "id": self.new_id("asst"),
                    "object": "assistant",
                    "created_at": int(time.time()),
                    "description": None,
                    "metadata": {},
                    "tools": [],
                    "tool_resources": {},
                    **body,
                }
                self.assistants[assistant["id"]] = assistant
                return 200, assistant
            return 200, _page(list(self.assistants.values()))
        assistant = self.assistants.get(parts[1])
        if assistant is None:
            return 404, _error(f"No assistant found with id '{parts[1]}'.")
        if method == "DELETE":
            del self.assistants[parts[1]]
            return 200, {"id": parts[1], "object": "assistant.deleted", "deleted": True}
        if method == "POST":
            assistant.update(body)
        return 200, assistant

    def _threads(self, method: str, parts: List[str], query: Any, body: Dict[str, Any]) -> Optional[Tuple[int, Any]]:
        if parts[:1] != ["threads"]:
            return None
        if len(parts) == 1:
            thread = {"id": self.new_id("thread"), "object": "thread", "created_at": int(time.time()), "metadata": {}}
            self.threads[thread["id"]] = thread
            self.messages[thread["id"]] = []
            return 200, thread
        thread_id = parts[1]
        if thread_id not in self.threads:
            return 404, _error(f"No thread found with id '{thread_id}'.")
        if len(parts) == 2:
            if method == "DELETE":
                del self.threads[thread_id]
                return 200, {"id": thread_id, "object": "thread.deleted", "deleted": True}
            return 200, self.threads[thread_id]
        if parts[2] == "messages":
            if method == "POST":
                return 200, self._add_message(thread_id, body["role"], body["content"], None)
            data = list(self.messages[thread_id])
            if query.get("order", ["desc"])[0] == "desc":
                data.reverse()
            return 200, _page(data)
        return self._runs(method, thread_id, parts[3:], body)

    def _runs(self, method: str, thread_id: str, parts: List[str], body: Dict[str, Any]) -> Tuple[int, Any]:
        if not parts:
            run = {
                "id": self.new_id("run"),
                "object": "thread.run",
                "created_at": int(time.time()),
                "thread_id": thread_id,
                "assistant_id": body["assistant_id"],
                "instructions": body.get("instructions"),
                "model": "gpt-4-test",
                "tools": [],
                "status": "queued",
                "required_action": None,
            }
            self.runs[run["id"]] = run
            self._advance(run)
            return 200, {**run, "status": "queued", "required_action": None}
        run = self.runs[parts[0]]
        if parts[1:] == ["submit_tool_outputs"]:
            self.tool_outputs.extend(body["tool_outputs"])
            self._advance(run)
        return 200, run

    def _advance(self, run: Dict[str, Any]) -> None:
        """Apply the next scripted step to `run` (retrieving it then shows the outcome)."""
        step = self.script.pop(0) if self.script else Step.say("Hello from the fake assistant.")
        if step.calls:
            calls = [
                {"id": self.new_id("call"), "type": "function", "function": {"name": n, "arguments": json.dumps(a)}}
                for n, a in step.calls
            ]
            run["status"] = "requires_action"
            run["required_action"] = {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": calls}}
            return
        content = [{"type": "text", "text": {"value": step.text, "annotations": step.annotations}}]
        self._add_message(run["thread_id"], "assistant", content, run)
        run["status"] = "completed"
        run["required_action"] = None

    def _add_message(self, thread_id: str, role: str, content: Any, run: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if isinstance(content, str):
            content = [{"type": "text", "text": {"value": content, "annotations": []}}]
        message = {
            "id": self.new_id("msg"),
            "object": "thread.message",
            "created_at": int(time.time()),
            "thread_id": thread_id,
            "role": role,
            "content": content,
            "assistant_id": run["assistant_id"] if run else None,
            "run_id": run["id"] if run else None,
            "attachments": [],
            "metadata": {},
            "status": "completed",
        }
        self.messages[thread_id].append(message)
        return message

    def _chat(self, method: str, parts: List[str], query: Any, body: Dict[str, Any]) -> Optional[Tuple[int, Any]]:
        if parts != ["chat", "completions"]:
            return None
        message = {"role": "assistant", "content": self.chat_reply}
        usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
        return 200, {
            "id": self.new_id("chatcmpl"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "gpt-4-test"),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
            "usage": usage,
        }

    def _images(self, method: str, parts: List[str], query: Any, body: Dict[str, Any]) -> Optional[Tuple[int, Any]]:
        if parts != ["images", "generations"]:
            return None
        item = {"url": self.image_url} if self.image_url else {"b64_json": "", "url": None}
        return 200, {"created": int(time.time()), "data": [item]}

    def _files(self, method: str, parts: List[str], query: Any, body: Dict[str, Any]) -> Optional[Tuple[int, Any]]:
        if parts[:1] != ["files"] or len(parts) != 2:
            return None
        found = self.files.get(parts[1])
        return (200, found) if found else (404, _error(f"No such File object: {parts[1]}"))

    def _vector_stores(
        self, method: str, parts: List[str], query: Any, body: Dict[str, Any]
    ) -> Optional[Tuple[int, Any]]:
        if parts[:1] != ["vector_stores"]:
            return None
        if len(parts) == 1:
            store = {
                "id": self.new_id("vs"),
                "object": "vector_store",
                "created_at": int(time.time()),
                "name": body.get("name"),
                "file_ids": [],
                "status": "completed",
                "usage_bytes": 0,
                "file_counts": _counts(0),
            }
            self.vector_stores[store["id"]] = store
            return 200, store
        store = self.vector_stores[parts[1]]
        if method == "POST" and parts[2:] == ["file_batches"]:
            store["file_ids"].extend(body.get("file_ids", []))
        batch = {
            "id": "vsfb_1",
            "object": "vector_store.file_batch",
            "created_at": int(time.time()),
            "vector_store_id": store["id"],
            "status": "completed",
            "file_counts": _counts(len(store["file_ids"])),
        }
        return 200, batch


def _counts(n: int) -> Dict[str, int]:
    return {"completed": n, "total": n, "in_progress": 0, "failed": 0, "cancelled": 0}


def _page(data: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": False,
    }


def _error(message: str) -> Dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}


def _make_handler(api: FakeAssistantsAPI) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            url = urlparse(self.path)
            status, payload = api.handle(method, url.path, parse_qs(url.query), body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def do_DELETE(self) -> None:  # noqa: N802
            self._serve("DELETE")

    return Handler
