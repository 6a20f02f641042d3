"""Placeholder: IOWebsockets is built in the logging/remote-I/O work (issue 6)."""

from __future__ import annotations

from typing import Any

from .base import IOStream

__all__ = ("IOWebsockets",)


class IOWebsockets(IOStream):  # replaced by the real implementation
    def __init__(self, websocket: Any) -> None:
        raise NotImplementedError("IOWebsockets is not implemented yet")
