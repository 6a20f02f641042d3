"""How to reach a Jupyter server: connection info, and the protocol of things that provide it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol, runtime_checkable

__all__ = ("JupyterConnectionInfo", "JupyterConnectable")


@dataclass
class JupyterConnectionInfo:
    """Where a Jupyter (kernel gateway) server listens and the token it wants."""

    host: str
    """Host name or IP address of the server."""
    use_https: bool
    """Whether the REST API is served over HTTPS."""
    port: Optional[int] = None
    """Port of the server; None for the scheme's default."""
    token: Optional[str] = field(default=None, repr=False)
    """Token for authentication; None when the server needs none. Kept out of the repr."""


@runtime_checkable
class JupyterConnectable(Protocol):
    """Something that can say how to connect to its Jupyter server (a local or docker server)."""

    @property
    def connection_info(self) -> JupyterConnectionInfo:
        """The connection information for the server."""
        ...  # pragma: no cover
