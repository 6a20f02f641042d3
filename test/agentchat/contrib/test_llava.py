"""LLaVAAgent and llava_call: a local LLaVA worker (served on loopback) or Replicate (patched, it is remote)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("PIL.Image")
pytest.importorskip("replicate")

import autogen  # noqa: E402
from autogen.agentchat.contrib import llava_agent  # noqa: E402
from autogen.agentchat.contrib.img_utils import get_image_data  # noqa: E402
from autogen.agentchat.contrib.llava_agent import (  # noqa: E402
    DEFAULT_LLAVA_SYS_MSG,
    SEP,
    LLaVAAgent,
    _llava_call_binary_with_config,
    llava_call,
    llava_call_binary,
)


class _Worker:
    """A fake LLaVA worker: answers /worker_generate_stream with NUL-delimited JSON chunks."""

    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.answers: List[str] = []
        worker = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                worker.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                answer = worker.answers.pop(0) if worker.answers else "response text"
                text = body["prompt"] + answer
                chunks = [json.dumps({"text": text[: len(text) // 2]}), json.dumps({"text": text})]
                payload = b"\0".join(c.encode() for c in chunks) + b"\0"
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://localhost:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def worker() -> Iterator[_Worker]:
    w = _Worker()
    yield w
    w.close()


def _config(base_url: str) -> Dict[str, Any]:
    return {"model": "llava-test", "base_url": base_url, "api_key": "sk-test-not-a-real-key"}


def test_agent_constructs_with_default_system_message(worker: _Worker) -> None:
    agent = LLaVAAgent("llava", llm_config={"config_list": [_config(worker.base_url)]})
    assert agent.system_message == [{"type": "text", "text": DEFAULT_LLAVA_SYS_MSG}]
    assert agent._reply_func_list[2]["reply_func"] == LLaVAAgent._image_reply


def test_local_call_posts_to_the_worker(worker: _Worker) -> None:
    out = _llava_call_binary_with_config("Test Prompt", ["aW1n"], _config(worker.base_url), 10, 0.3)
    assert out == "response text"
    request = worker.requests[0]
    assert request["path"] == "/worker_generate_stream"
    assert request["headers"]["User-Agent"] == "LLaVA Client"
    assert request["body"] == {
        "model": "llava-test",
        "prompt": "Test Prompt",
        "max_new_tokens": 10,
        "temperature": 0.3,
        "stop": SEP,
        "images": ["aW1n"],
    }


def test_remote_call_uses_replicate(monkeypatch: Any) -> None:
    calls: List[Any] = []

    def fake_run(ref: str, input: Dict[str, Any]) -> Iterator[str]:  # noqa: A002 (replicate's keyword)
        calls.append((ref, input))
        return iter(["response ", "text"])

    monkeypatch.setattr(llava_agent.replicate, "run", fake_run)
    out = _llava_call_binary_with_config("Test <image> Prompt", ["image_data"], _config("yorickvp/llava-13b:abc"))
    assert out == "response text"
    assert calls == [
        (
            "yorickvp/llava-13b:abc",
            {"image": "data:image/jpeg;base64,image_data", "prompt": "Test   Prompt", "seed": 1},
        )
    ]


def test_call_binary_tries_configs_in_order(worker: _Worker, scripted_io: Any) -> None:
    broken = _config("http://localhost:1/")  # nothing listens there
    assert llava_call_binary("P", [], [broken, _config(worker.base_url)]) == "response text"
    assert "Error:" in scripted_io.text


def test_call_binary_returns_none_when_every_config_fails(scripted_io: Any) -> None:
    assert llava_call_binary("P", [], [_config("http://localhost:1/")]) is None


def test_llava_call_formats_images(worker: _Worker, png_path: Path) -> None:
    llm_config = {"config_list": [_config(worker.base_url)], "max_new_tokens": 7, "temperature": 0.1, "seed": 1}
    assert llava_call(f"Describe <img {png_path}>", llm_config) == "response text"
    body = worker.requests[0]["body"]
    assert body["prompt"] == "Describe <image>"
    assert body["images"] == [get_image_data(str(png_path))]
    assert (body["max_new_tokens"], body["temperature"]) == (7, 0.1)


def test_agent_reply_builds_llava_prompt(worker: _Worker, png_path: Path, scripted_io: Any) -> None:
    worker.answers = ["It is red."]
    agent = LLaVAAgent("llava", llm_config={"config_list": [_config(worker.base_url)]}, human_input_mode="NEVER")
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    result = user.initiate_chat(agent, message=f"What color is <img {png_path}>?", max_turns=1)
    # as in 0.2, the worker echoes the prompt and only the part after the last separator is kept
    assert result.summary == "Assistant: It is red."
    body = worker.requests[0]["body"]
    assert body["prompt"] == (f"{DEFAULT_LLAVA_SYS_MSG}\n{SEP}Human: What color is <image>?\n\n{SEP}Assistant: ")
    assert body["images"] == [get_image_data(str(png_path))]
    assert (body["max_new_tokens"], body["temperature"]) == (2000, 0.5)
