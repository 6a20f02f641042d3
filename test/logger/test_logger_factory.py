"""LoggerFactory picks the logger class by name."""

from __future__ import annotations

import os
import sys

import pytest

from autogen.logger import FileLogger, LoggerFactory, SqliteLogger
from autogen.logger.base_logger import BaseLogger


def test_default_is_sqlite() -> None:
    logger = LoggerFactory.get_logger()
    assert isinstance(logger, SqliteLogger)
    assert logger.dbname == "logs.db"


def test_sqlite_with_config() -> None:
    logger = LoggerFactory.get_logger("sqlite", {"dbname": ":memory:"})
    assert isinstance(logger, SqliteLogger) and isinstance(logger, BaseLogger)
    assert logger.dbname == ":memory:"


def test_file_logger(in_tmp_cwd: os.PathLike[str]) -> None:
    logger = LoggerFactory.get_logger("file", {"filename": "x.log"})
    try:
        assert isinstance(logger, FileLogger)
        assert os.path.exists(os.path.join(in_tmp_cwd, "autogen_logs", "x.log"))
    finally:
        logger.stop()


def test_unknown_type_raises_value_error() -> None:
    with pytest.raises(ValueError, match=r"^\[logger_factory\] Unknown logger type: nope$"):
        LoggerFactory.get_logger("nope")  # type: ignore[arg-type]


def test_package_exports() -> None:
    # `import autogen.logger as x` would bind the Logger attribute (as in 0.2), so look the package up directly.
    assert sys.modules["autogen.logger"].__all__ == ("LoggerFactory", "SqliteLogger", "FileLogger")
