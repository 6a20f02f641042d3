"""Where an MCP server is: a command to start (stdio) or a URL (streamable HTTP).

These are plain dataclasses so that `import autogen.mcp` works without the `mcp` SDK installed;
the SDK is imported only when a connection opens.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import IO, Any, Dict, List, Optional, Sequence, Union
from urllib.parse import urlsplit

__all__ = ("MCPServerStdio", "MCPServerHTTP", "MCPServerParams")


@dataclass
class MCPServerStdio:
    """An MCP server started as a subprocess, speaking JSON-RPC on its stdin/stdout.

    `env` is added to the small safe environment the SDK passes on (PATH, HOME, ...), not to the
    whole parent environment. `stderr` receives the server's stderr; by default it is captured to a
    temporary file whose last lines are quoted when the server fails.
    """

    command: str
    args: Sequence[str] = ()
    env: Optional[Dict[str, str]] = None
    cwd: Optional[Union[str, os.PathLike]] = None  # type: ignore[type-arg]
    name: Optional[str] = None
    stderr: Optional[IO[Any]] = None

    @property
    def label(self) -> str:
        """The name used in messages: `name`, else the script or command it runs."""
        if self.name:
            return self.name
        words: List[str] = [self.command, *self.args]
        scripts = [w for w in words if not w.startswith("-")]
        return os.path.basename(scripts[-1] if len(scripts) > 1 else self.command)


@dataclass
class MCPServerHTTP:
    """An MCP server reached over streamable HTTP at `url` (e.g. ``http://127.0.0.1:8000/mcp``).

    `headers` go with every request (an ``Authorization`` header, for instance).
    """

    url: str
    headers: Dict[str, str] = field(default_factory=dict)
    name: Optional[str] = None

    @property
    def label(self) -> str:
        """The name used in messages: `name`, else host and port of the URL."""
        return self.name or urlsplit(self.url).netloc or self.url


MCPServerParams = Union[MCPServerStdio, MCPServerHTTP]
