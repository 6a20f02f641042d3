"""One MCP client session, run on the toolset's loop thread.

The SDK's transports and `ClientSession` are anyio context managers that must be entered and left
by the same task, so one owner task opens them, waits until it is told to close (or the server goes
away), and closes them. Requests from other tasks on the same loop share the session; each one races
the server's disappearance and a timeout, so a dead or stuck server is reported, never waited on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from typing import IO, Any, Awaitable, Callable, Dict, Optional, Tuple, TypeVar

from ._content import wire
from ._errors import MCPConnectionError, MCPTimeoutError, MCPToolError
from ._params import MCPServerHTTP, MCPServerParams, MCPServerStdio

__all__ = ("Connection", "describe")

T = TypeVar("T")

_CLOSE_TIMEOUT = 15.0  # the SDK gives a stdio server a few seconds to exit before killing it
_STDERR_TAIL_LINES = 8


def _import_sdk() -> Any:
    try:
        import mcp
    except ImportError as exc:
        raise ImportError(
            "autogen.mcp needs the MCP SDK: pip install 'autogen-agentchat[mcp]' (or pip install mcp)"
        ) from exc
    return mcp


def describe(exc: BaseException) -> str:
    """A one-line account of `exc`, looking inside the exception groups anyio raises."""
    while isinstance(getattr(exc, "exceptions", None), (list, tuple)) and exc.exceptions:  # type: ignore[attr-defined]
        exc = exc.exceptions[0]  # type: ignore[attr-defined]
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _StderrFile:
    """The stdio server's stderr, kept in a temporary file so failures can quote its last lines."""

    def __init__(self) -> None:
        fd, self.path = tempfile.mkstemp(prefix="autogen-mcp-", suffix=".stderr")
        self.file: IO[str] = os.fdopen(fd, "w")

    def tail(self) -> str:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                lines = [line.rstrip() for line in f.read().splitlines() if line.strip()]
        except OSError:
            return ""
        return "\n".join(lines[-_STDERR_TAIL_LINES:])

    def remove(self) -> None:
        self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


async def _open_stdio(server: MCPServerStdio, stack: contextlib.AsyncExitStack, errlog: IO[Any]) -> Tuple[Any, Any]:
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=server.command,
        args=list(server.args),
        env=dict(server.env) if server.env else None,
        cwd=os.fspath(server.cwd) if server.cwd is not None else None,
    )
    streams = await stack.enter_async_context(stdio_client(params, errlog=errlog))
    return streams[0], streams[1]


async def _open_http(server: MCPServerHTTP, stack: contextlib.AsyncExitStack) -> Tuple[Any, Any]:
    from mcp.client import streamable_http

    headers = dict(server.headers)
    if hasattr(streamable_http, "streamable_http_client"):  # SDK 2.x (and late 1.x): headers live on the client
        from mcp.shared._httpx_utils import create_mcp_http_client

        client = await stack.enter_async_context(create_mcp_http_client(headers=headers))
        streams = await stack.enter_async_context(
            streamable_http.streamable_http_client(server.url, http_client=client)
        )
    else:
        streams = await stack.enter_async_context(streamable_http.streamablehttp_client(server.url, headers=headers))
    return streams[0], streams[1]


class Connection:
    """The session with one server; every method runs on the loop thread."""

    def __init__(self, server: MCPServerParams) -> None:
        self.server = server
        self.session: Any = None
        self.initialize_result: Dict[str, Any] = {}
        self._owner: Optional[asyncio.Task[None]] = None
        self._wake: Optional[asyncio.Event] = None
        self._lost: Optional[asyncio.Event] = None
        self._closing = False
        self._reason = "it was never opened"
        self._stderr: Optional[_StderrFile] = None

    @property
    def label(self) -> str:
        return self.server.label

    # ------------------------------------------------------------------ lifetime
    async def open(self, timeout: Optional[float]) -> None:
        """Start the server (stdio) or reach it (HTTP) and complete the MCP handshake."""
        _import_sdk()
        self._wake, self._lost = asyncio.Event(), asyncio.Event()
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._owner = asyncio.ensure_future(self._own(ready))
        try:
            await asyncio.wait_for(asyncio.shield(ready), timeout)
        except asyncio.TimeoutError:
            await self.close()
            raise MCPTimeoutError(
                f"MCP server '{self.label}' did not complete the handshake within {timeout} s{self._tail()}"
            ) from None
        except Exception as exc:
            tail = self._tail()
            await self.close()
            raise MCPConnectionError(f"could not connect to MCP server '{self.label}': {describe(exc)}{tail}") from exc

    async def _own(self, ready: asyncio.Future[None]) -> None:
        """Hold the transport and session open until told to close or the server goes away."""
        from mcp import ClientSession

        try:
            async with contextlib.AsyncExitStack() as stack:
                read, write = await self._transport(stack)
                read = await self._watched(read, stack)
                session = await stack.enter_async_context(ClientSession(read, write))
                self.initialize_result = wire(await session.initialize())
                self.session = session
                self._reason = "the connection is open"
                ready.set_result(None)
                assert self._wake is not None
                await self._wake.wait()
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc if isinstance(exc, Exception) else MCPConnectionError("connection cancelled"))
            elif not self._closing:
                self._mark_lost(f"the connection failed ({describe(exc)})")
            if not isinstance(exc, Exception):
                raise
        finally:
            self.session = None
            if self._closing:
                self._reason = "the toolset has been closed"
            assert self._lost is not None
            self._lost.set()

    async def _transport(self, stack: contextlib.AsyncExitStack) -> Tuple[Any, Any]:
        if isinstance(self.server, MCPServerHTTP):
            return await _open_http(self.server, stack)
        errlog = self.server.stderr
        if errlog is None:
            self._stderr = _StderrFile()
            stack.callback(self._stderr.file.flush)
            errlog = self._stderr.file
        return await _open_stdio(self.server, stack, errlog)

    async def _watched(self, read: Any, stack: contextlib.AsyncExitStack) -> Any:
        """Relay the transport's incoming stream, noticing when it ends (a stdio server that exited)."""
        import anyio

        sink, source = anyio.create_memory_object_stream(0)
        group = await stack.enter_async_context(anyio.create_task_group())
        stack.callback(group.cancel_scope.cancel)  # runs before the group is left: stop the relay

        async def relay() -> None:
            try:
                async with sink:
                    async for item in read:
                        await sink.send(item)
            except (anyio.ClosedResourceError, anyio.BrokenResourceError):
                pass
            if not self._closing:
                self._mark_lost("the server closed the connection (has its process exited?)")

        group.start_soon(relay)
        return source

    def _mark_lost(self, reason: str) -> None:
        self._reason = reason + self._tail()
        assert self._lost is not None and self._wake is not None
        self._lost.set()
        self._wake.set()

    def _tail(self) -> str:
        tail = self._stderr.tail() if self._stderr is not None else ""
        return f"; the server's last stderr lines:\n{tail}" if tail else ""

    async def close(self) -> None:
        """Close the session and the transport (a stdio server is stopped, and killed if it lingers)."""
        self._closing = True
        if self._wake is not None:
            self._wake.set()
        if self._owner is not None and not self._owner.done():
            await asyncio.wait({self._owner}, timeout=_CLOSE_TIMEOUT)
            if not self._owner.done():
                self._owner.cancel()
                await asyncio.wait({self._owner}, timeout=_CLOSE_TIMEOUT)
        if self._stderr is not None:
            self._stderr.remove()
            self._stderr = None

    # ------------------------------------------------------------------ requests
    def gone_message(self) -> str:
        return f"MCP server '{self.label}' is not connected: {self._reason}"

    async def request(self, what: str, make: Callable[[Any], Awaitable[T]], timeout: Optional[float]) -> T:
        """Run one request on the session; server errors, loss and timeouts become our exceptions."""
        session = self.session
        if session is None or self._lost is None or self._lost.is_set():
            raise MCPConnectionError(self.gone_message())
        work = asyncio.ensure_future(make(session))
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            done, _ = await asyncio.wait({work, lost}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
            if not work.done():
                work.cancel()
                work.add_done_callback(lambda t: t.cancelled() or t.exception())
        if work in done:
            try:
                return work.result()
            except Exception as exc:
                if self._lost.is_set():
                    raise MCPConnectionError(self.gone_message()) from exc
                raise MCPToolError(f"{what} failed on MCP server '{self.label}': {describe(exc)}") from exc
        if lost in done:
            raise MCPConnectionError(self.gone_message())
        raise MCPTimeoutError(f"{what} got no answer from MCP server '{self.label}' within {timeout} s")
