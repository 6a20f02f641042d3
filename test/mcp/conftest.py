"""Fixtures for the MCP tests: the test server over stdio and over HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from typing import Iterator

import pytest
from _mcp_helpers import SERVER_SCRIPT, stdio_server

from autogen.mcp import MCPServerHTTP, MCPToolset

try:
    import mcp  # noqa: F401
except ImportError:  # without the `mcp` extra only the rendering tests run
    collect_ignore = ["test_toolset.py", "test_chat.py", "mcp_test_server.py"]


@pytest.fixture(scope="module")
def shared_toolset() -> Iterator[MCPToolset]:
    """One stdio test server for the tests that leave it running (starting Python with the SDK is slow)."""
    with MCPToolset(stdio_server("shared"), timeout=20) as toolset:
        yield toolset


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the HTTP test server exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the HTTP test server did not start listening")


@pytest.fixture(scope="module")
def http_server_url() -> Iterator[str]:
    """The test server over streamable HTTP on 127.0.0.1, started and stopped around the module's tests."""
    port = _free_port()
    cmd = [sys.executable, SERVER_SCRIPT, "--label", "http", "--transport", "http", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, proc, time.monotonic() + 60)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture
def http_server(http_server_url: str) -> MCPServerHTTP:
    return MCPServerHTTP(http_server_url, headers={"X-Test": "yes"}, name="http")
