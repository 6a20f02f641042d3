"""Fixtures for contrib tests: small generated images, and a loopback HTTP server that serves them."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass


@pytest.fixture
def make_png(tmp_path: Path) -> Callable[..., Path]:
    """`make_png(name="img.png", color=(255, 0, 0), size=(4, 3))` writes a small PNG and returns its path."""
    pil = pytest.importorskip("PIL.Image")

    def _make(name: str = "img.png", color: tuple = (255, 0, 0), size: tuple = (4, 3)) -> Path:
        path = tmp_path / name
        pil.new("RGB", size, color).save(path, format="PNG")
        return path

    return _make


@pytest.fixture
def png_path(make_png: Callable[..., Path]) -> Path:
    """A 4x3 red PNG file."""
    return make_png()


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a loopback HTTP server serving `tmp_path`."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
