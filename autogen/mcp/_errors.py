"""Exceptions of autogen.mcp.

A registered tool raises these so that the executor's usual error path turns them into the
``Error: ...`` tool message the model reads; the conversation then goes on.
"""

from __future__ import annotations

__all__ = ("MCPClientError", "MCPToolError", "MCPConnectionError", "MCPTimeoutError")


class MCPClientError(RuntimeError):
    """Base class of everything autogen.mcp raises."""


class MCPToolError(MCPClientError):
    """The server answered a call with an error (the tool raised, or the arguments were rejected)."""


class MCPConnectionError(MCPClientError):
    """The server could not be reached, has exited, or the toolset is closed."""


class MCPTimeoutError(MCPClientError, TimeoutError):
    """The server did not answer within the toolset's timeout."""
