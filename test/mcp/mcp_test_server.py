"""An MCP server for the tests, written with the SDK's server side.

python mcp_test_server.py [--label NAME] [--transport stdio|http] [--port N]

Tools: `add` and `echo` (typed arguments), `whoami` (the label, to tell two servers apart), `header`
(an HTTP request header, to check the client sends them), `fail`
(raises), `slow` (sleeps), `picture` (a PNG image), `exit_now` (the process exits, as a crashing
server would). Also a text resource and a prompt.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import struct
import sys
import zlib

try:  # SDK 2.x
    from mcp.server.mcpserver import Context, Image
    from mcp.server.mcpserver import MCPServer as Server
    from mcp.server.mcpserver.exceptions import ToolError

    SDK_MAJOR = 2
except ImportError:  # SDK 1.x
    from mcp.server.fastmcp import Context, Image  # type: ignore[no-redef]
    from mcp.server.fastmcp import FastMCP as Server  # type: ignore[no-redef]
    from mcp.server.fastmcp.exceptions import ToolError  # type: ignore[no-redef]

    SDK_MAJOR = 1


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid all-red PNG, built by hand so the server needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def build(label: str, port: int) -> Server:
    extra = {"host": "127.0.0.1", "port": port} if SDK_MAJOR == 1 else {}
    server = Server(f"test-{label}", **extra)

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @server.tool()
    def echo(text: str, times: int = 1) -> str:
        """Repeat a text."""
        return " ".join([text] * times)

    @server.tool()
    def whoami() -> str:
        """Say which server this is."""
        return f"server {label}"

    @server.tool()
    def header(name: str, ctx: Context) -> str:
        """An HTTP header of the request that called this tool."""
        request = ctx.request_context.request
        if request is None:
            return "(not over HTTP)"
        return request.headers.get(name, "(absent)")

    @server.tool()
    def fail(message: str) -> str:
        """Always raise (a ToolError's message reaches the client)."""
        raise ToolError(f"failing on purpose: {message}")

    @server.tool()
    async def slow(seconds: float) -> str:
        """Sleep, then answer."""
        await asyncio.sleep(seconds)
        return f"slept {seconds}"

    @server.tool()
    def picture() -> Image:
        """A small red PNG."""
        return Image(data=tiny_png(), format="png")

    @server.tool()
    def exit_now(code: int = 3) -> str:
        """Exit the server process at once, as a crash would."""
        print(f"test server {label} exiting with code {code}", file=sys.stderr, flush=True)
        os._exit(code)

    @server.resource("notes://readme", mime_type="text/plain")
    def readme() -> str:
        return f"Read me: this is the test server {label}."

    @server.prompt()
    def review(code: str) -> str:
        """Ask for a code review."""
        return f"Please review this code:\n{code}"

    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="main")
    parser.add_argument("--transport", choices=("stdio", "http"), default="stdio")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = build(args.label, args.port)
    if args.transport == "stdio":
        server.run("stdio")
    elif SDK_MAJOR == 1:
        server.run("streamable-http")
    else:
        server.run("streamable-http", host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
