"""Fixtures for the model-client tests."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Iterator

import pytest


@pytest.fixture
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run the test in an empty directory, so legacy caches (`./.cache/<seed>`) land there."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def closed_port_url() -> str:
    """A base_url on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    assert "OPENAI_API_KEY" not in os.environ
