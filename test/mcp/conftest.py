"""Fixtures for the MCP tests: the test server over stdio and over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Callable, Iterator, List, Optional

import pytest

pytest.importorskip("mcp", reason="the MCP tests need the `mcp` extra")

import psutil  # noqa: E402

from autogen.mcp import MCPServerHTTP, MCPServerStdio, MCPToolset  # noqa: E402

SERVER_SCRIPT = os.path.join(os.path.dirname(__file__), "mcp_test_server.py")


def stdio_server(label: str = "main") -> MCPServerStdio:
    """Parameters that start the test server as a subprocess of this Python."""
    return MCPServerStdio(sys.executable, [SERVER_SCRIPT, "--label", label], name=label)


def server_processes(label: Optional[str] = None) -> List[psutil.Process]:
    """Live test-server processes below this test process (only those started with `label`, if given)."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            cmd = child.cmdline()
            if SERVER_SCRIPT not in cmd or child.status() == psutil.STATUS_ZOMBIE:
                continue
        except psutil.NoSuchProcess:
            continue
        if label is None or cmd[cmd.index("--label") + 1] == label:
            found.append(child)
    return found


@pytest.fixture
def make_stdio() -> Callable[[str], MCPServerStdio]:
    return stdio_server


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
