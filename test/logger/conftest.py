"""Fixtures for the logger tests: runtime logging is process-wide state, so every test leaves it off."""

from __future__ import annotations

import os
from typing import Iterator

import pytest

import autogen.runtime_logging as runtime_logging


@pytest.fixture(autouse=True)
def _runtime_logging_off() -> Iterator[None]:
    yield
    runtime_logging.stop()
    runtime_logging.autogen_logger = None


@pytest.fixture
def in_tmp_cwd(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> os.PathLike[str]:
    """Run the test inside an empty directory (FileLogger writes to ./autogen_logs, migrations live in ./migrations)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
