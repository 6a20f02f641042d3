"""A websocket connection as an IOStream, and a helper that serves `on_connect` in a background thread.

Needs the `websockets` package (>= 12, for its sync server); it is imported only when used.
"""

from __future__ import annotations

import inspect
import logging
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Union

from .._reexports import lazy_names
from .base import IOStream

if TYPE_CHECKING:
    import ssl

    from websockets.sync.server import Server, ServerConnection

__all__ = ("IOWebsockets",)

logger = logging.getLogger(__name__)

_INSTALL_HINT = 'IOWebsockets needs the "websockets" package: pip install "autogen-agentchat[websockets]"'


def _require_websockets() -> None:
    """Raise a helpful ImportError when the optional `websockets` package (sync API) is missing."""
    try:
        import websockets.sync.server  # noqa: F401
    except ImportError as e:
        raise ImportError(f"{_INSTALL_HINT} (websockets>=12 is required; import failed: {e})") from e


def _ssl_kwarg(serve: Callable[..., Any], ssl_context: Optional[ssl.SSLContext]) -> dict:
    """websockets >= 14 names the TLS argument `ssl`; 12 and 13 call it `ssl_context`."""
    if ssl_context is None:
        return {}
    name = "ssl" if "ssl" in inspect.signature(serve).parameters else "ssl_context"
    return {name: ssl_context}


class IOWebsockets(IOStream):
    """Prints by sending text messages over a websocket and reads by receiving them."""

    def __init__(self, websocket: ServerConnection) -> None:
        _require_websockets()
        self._websocket = websocket

    @property
    def websocket(self) -> ServerConnection:
        """The underlying websocket connection."""
        return self._websocket

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        """Send everything printed by one call as a single text message (`flush` has no effect)."""
        self._websocket.send(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        """Send `prompt` (when not empty) as its own message, then wait for the client's answer."""
        if prompt != "":
            self._websocket.send(prompt)
        message: Union[str, bytes, bytearray, memoryview] = self._websocket.recv()
        if isinstance(message, (bytes, bytearray, memoryview)):
            return bytes(message).decode("utf-8")
        return message

    @staticmethod
    def _handler(websocket: ServerConnection, on_connect: Callable[[IOWebsockets], None]) -> None:
        """Serve one connection: `on_connect` runs with this connection as the default IOStream.

        A failure inside `on_connect` ends only this connection; it is reported as a single warning line.
        """
        where = " - IOWebsockets._handler():"
        logger.info(f"{where} Client connected on {websocket}")
        stream = IOWebsockets(websocket)
        failure: Optional[Exception] = None
        with IOStream.set_default(stream):
            try:
                on_connect(stream)
            except Exception as exc:
                failure = exc
        if failure is not None:
            logger.warning(f"{where} Error in on_connect: {failure}")

    @staticmethod
    @contextmanager
    def run_server_in_thread(
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        on_connect: Callable[[IOWebsockets], None],
        ssl_context: Optional[ssl.SSLContext] = None,
        **kwargs: Any,
    ) -> Iterator[str]:
        """Serve websocket connections in a background thread while the `with` block runs; yields the URI.

        Each connection gets its own thread that calls `on_connect(iostream)`. With `port=0` the system picks
        a free port and the yielded URI names it. On exit the server stops and its threads are joined.
        """
        _require_websockets()
        from websockets.sync.server import serve

        # Binding happens here, so a taken port or a bad host raises in the caller's thread.
        server: Server = serve(
            lambda ws: IOWebsockets._handler(ws, on_connect),
            host=host,
            port=port,
            **_ssl_kwarg(serve, ssl_context),
            **kwargs,
        )
        actual_port = server.socket.getsockname()[1] if port == 0 else port
        thread = threading.Thread(target=server.serve_forever, name=f"IOWebsockets-server-{actual_port}", daemon=True)
        thread.start()
        try:
            yield f"ws://{host}:{actual_port}"
        finally:
            server.shutdown()
            thread.join()


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
