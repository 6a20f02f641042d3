"""One TLS context per process for the openai SDK clients that agents build.

Building an `OpenAI` client without an `http_client` makes the SDK load the CA bundle into a new SSL context:
about 15-60 ms of CPU each time. 0.2 builds a client per config entry for every agent, and again whenever a tool
is registered, so a script with many agents (or a batch of many conversations) spends seconds on it. The context
is immutable once built and safe to share between threads; each client keeps its own connection pool.
"""

from __future__ import annotations

import os
import ssl
import threading
from typing import Any, Dict, Optional

__all__ = ("client_options",)

_lock = threading.Lock()
_context: Optional[ssl.SSLContext] = None


def _shared_context() -> ssl.SSLContext:
    """What httpx builds for `verify=True`: the CA file or folder named by SSL_CERT_FILE / SSL_CERT_DIR, else
    certifi's bundle. Built once; whichever httpx generation the installed SDK uses accepts an `ssl.SSLContext`."""
    global _context
    with _lock:
        if _context is None:
            cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
            if cafile and os.path.isfile(cafile):
                _context = ssl.create_default_context(cafile=cafile)
            elif capath and os.path.isdir(capath):
                _context = ssl.create_default_context(capath=capath)
            else:
                import certifi

                _context = ssl.create_default_context(cafile=certifi.where())
        return _context


def client_options(openai_config: Dict[str, Any]) -> Dict[str, Any]:
    """`openai_config` plus an `http_client` sharing the process's TLS context, unless the user gave their own."""
    if openai_config.get("http_client") is not None:
        return openai_config
    import openai

    factory = _closing_client_class(openai)
    if factory is None:  # old SDKs: let them build their own client
        return openai_config
    return {**openai_config, "http_client": factory(verify=_shared_context())}


_closing_class: Any = None


def _closing_client_class(openai: Any) -> Any:
    """The SDK's default httpx client, closing its connection pool when collected as the SDK's own client does
    (else its sockets are left for the garbage collector, with a ResourceWarning each)."""
    global _closing_class
    base = getattr(openai, "DefaultHttpxClient", None)
    if base is None or not isinstance(base, type):
        return None
    if _closing_class is None or _closing_class.__bases__[0] is not base:

        class _ClosingHttpxClient(base):  # type: ignore[misc, valid-type]
            def __del__(self) -> None:
                if getattr(self, "is_closed", True):
                    return
                try:
                    self.close()
                except Exception:  # interpreter shutdown, or a half-built client
                    pass

        _closing_class = _ClosingHttpxClient
    return _closing_class
