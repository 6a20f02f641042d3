"""Tools, resources and prompts of Model Context Protocol servers for autogen agents.

A feature of ours beyond AutoGen 0.2 (which had no MCP support); needs the `mcp` extra::

    from autogen.mcp import MCPServerStdio, MCPToolset

    with MCPToolset(MCPServerStdio("python", ["my_server.py"])) as server:
        server.register(caller=assistant, executor=user_proxy, prefix="files_")
        user_proxy.initiate_chat(assistant, message="...")

Tool results become the text of 0.2 tool messages (see `autogen.mcp._content` for how images and
other content are rendered); errors from the server, a server that exits and timeouts become the
``Error: ...`` tool message, so the conversation goes on.
"""

from ._content import render_result
from ._errors import MCPClientError, MCPConnectionError, MCPTimeoutError, MCPToolError
from ._params import MCPServerHTTP, MCPServerParams, MCPServerStdio
from ._toolset import MCPToolset

__all__ = (
    "MCPServerStdio",
    "MCPServerHTTP",
    "MCPServerParams",
    "MCPToolset",
    "MCPClientError",
    "MCPToolError",
    "MCPConnectionError",
    "MCPTimeoutError",
    "render_result",
)
