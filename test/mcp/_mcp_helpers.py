"""Helpers shared by the MCP tests: where the test server is, and which of its processes are alive."""

from __future__ import annotations

import os
import sys
from typing import List, Optional

import psutil

from autogen.mcp import MCPServerStdio

SERVER_SCRIPT = os.path.join(os.path.dirname(__file__), "mcp_test_server.py")


def stdio_server(label: str = "main") -> MCPServerStdio:
    """Parameters that start the test server as a subprocess of this Python."""
    env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else None  # the SDK passes few
    return MCPServerStdio(sys.executable, [SERVER_SCRIPT, "--label", label], env=env, name=label)


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
